"""The distribution kit of a consultation: its respondent link, QR codes and what a poster needs.

Links and QR codes get printed, so they use only the stable public path ``/s/<slug>``. QR codes
are always full-size QR (never Micro QR, which many phone cameras cannot read), with error
correction of at least M so a scuffed or folded poster still scans, and the quiet zone of four
modules the standard asks for.
"""

import io
from dataclasses import dataclass
from urllib.parse import quote

import segno

from app.i18n import LANGUAGES
from app.models import Consultation

QR_ERROR = "m"
QR_DARK = "#1b1b1f"
QR_LIGHT = "#ffffff"
QR_QUIET_ZONE = 4
SVG_SCALE = 10


@dataclass(frozen=True)
class PosterContext:
    """What a printable poster shows: title, link, QR code and the languages on offer."""

    title: str
    url: str
    qr_data_uri: str
    languages: tuple[tuple[str, str], ...]


def respondent_url(consultation: Consultation, base_url: str) -> str:
    """The link respondents open, e.g. ``https://example.org/s/safe-places``."""
    return f"{base_url.rstrip('/')}/s/{quote(consultation.slug, safe='')}"


def make_qr(url: str) -> segno.QRCode:
    # segno raises the error correction above M for free when the symbol has room to spare.
    return segno.make_qr(url, error=QR_ERROR)


def qr_svg(url: str) -> str:
    """A standalone SVG file of the QR code for ``url``, 10 px per module."""
    buffer = io.BytesIO()
    make_qr(url).save(
        buffer,
        kind="svg",
        scale=SVG_SCALE,
        dark=QR_DARK,
        light=QR_LIGHT,
        border=QR_QUIET_ZONE,
        title=url,
    )
    return buffer.getvalue().decode("utf-8")


def qr_png(url: str, scale: int = 10) -> bytes:
    """A PNG image of the QR code for ``url``, ``scale`` pixels per module."""
    if not 1 <= scale <= 100:
        raise ValueError(f"scale must be between 1 and 100 pixels per module (got {scale})")
    buffer = io.BytesIO()
    make_qr(url).save(
        buffer, kind="png", scale=scale, dark=QR_DARK, light=QR_LIGHT, border=QR_QUIET_ZONE
    )
    return buffer.getvalue()


def qr_data_uri(url: str) -> str:
    """The QR code as an inline SVG ``data:`` URI, without a fixed size so it prints at any size."""
    return make_qr(url).svg_data_uri(
        dark=QR_DARK, light=QR_LIGHT, border=QR_QUIET_ZONE, omitsize=True
    )


def poster_languages(consultation: Consultation) -> tuple[tuple[str, str], ...]:
    """(code, autonym) of each language the consultation offers, in its order; unknown codes
    are left out rather than shown as a bare code."""
    codes = dict.fromkeys(consultation.languages or ["en"])
    return tuple((code, LANGUAGES[code]) for code in codes if code in LANGUAGES)


def poster_context(consultation: Consultation, base_url: str) -> PosterContext:
    url = respondent_url(consultation, base_url)
    return PosterContext(
        title=consultation.title,
        url=url,
        qr_data_uri=qr_data_uri(url),
        languages=poster_languages(consultation),
    )
