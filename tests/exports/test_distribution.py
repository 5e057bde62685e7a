"""The distribution kit: respondent link, QR codes (SVG, PNG, data URI) and the poster's data.

No QR decoder is available offline, so the tests read the modules back out of the PNG pixels
and the SVG path and compare them with the symbol segno makes for the same URL.
"""

import re
import struct
import zlib
from urllib.parse import unquote
from xml.etree import ElementTree

import pytest
import segno

from app.services.distribution import (
    poster_context,
    qr_data_uri,
    qr_png,
    qr_svg,
    respondent_url,
)
from tests.factories import create_consultation

URL = "https://safevoices.example.org/s/safe-places"
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
QUIET_ZONE = 4


def expected_dark_modules(url: str) -> set[tuple[int, int]]:
    """(row, column) of each dark module, counted from the edge of the quiet zone."""
    matrix = segno.make_qr(url, error="m").matrix
    return {
        (row + QUIET_ZONE, col + QUIET_ZONE)
        for row, line in enumerate(matrix)
        for col, dark in enumerate(line)
        if dark
    }


def png_chunks(png: bytes) -> dict[bytes, bytes]:
    chunks, position = {}, len(PNG_SIGNATURE)
    while position < len(png):
        (length,) = struct.unpack(">I", png[position : position + 4])
        kind = png[position + 4 : position + 8]
        chunks[kind] = chunks.get(kind, b"") + png[position + 8 : position + 8 + length]
        position += 12 + length
    return chunks


def png_dark_modules(png: bytes, scale: int) -> set[tuple[int, int]]:
    """Read a 1-bit palette PNG (as segno writes it) back into dark modules."""
    chunks = png_chunks(png)
    width, height, depth, colour_type = struct.unpack(">IIBB", chunks[b"IHDR"][:10])
    assert (depth, colour_type) == (1, 3)
    palette = [chunks[b"PLTE"][i : i + 3].hex() for i in range(0, len(chunks[b"PLTE"]), 3)]
    raw, stride = zlib.decompress(chunks[b"IDAT"]), (width + 7) // 8 + 1
    dark = set()
    for row in range(0, height, scale):
        line = raw[row * stride : (row + 1) * stride]
        assert line[0] == 0, "only unfiltered rows are expected from segno"
        for col in range(0, width, scale):
            index = (line[1 + col // 8] >> (7 - col % 8)) & 1
            if palette[index] == "1b1b1f":
                dark.add((row // scale, col // scale))
    return dark


def svg_dark_modules(svg_path: str) -> set[tuple[int, int]]:
    """Follow segno's path ('M4 4.5h7m1 0h3...') and collect each module it draws."""
    dark, x, y = set(), 0.0, 0.0
    for command, first, second in re.findall(r"([Mmh])(-?[\d.]+)(?:\s(-?[\d.]+))?", svg_path):
        if command == "h":
            dark |= {(int(y), int(x) + step) for step in range(int(float(first)))}
            x += float(first)
        elif command == "M":
            x, y = float(first), float(second)
        else:
            x, y = x + float(first), y + float(second)
    return dark


def dark_path(svg: str) -> str:
    return re.search(r"stroke=.#1b1b1f. d=.([^'\"]+)", svg)[1]


def test_respondent_url_is_the_stable_public_path(app):
    consultation = create_consultation(slug="safe-places")
    assert respondent_url(consultation, "https://safevoices.example.org/") == URL
    assert respondent_url(consultation, "https://safevoices.example.org") == URL


def test_png_is_a_png_of_the_qr_code_for_the_url_with_a_quiet_zone():
    png = qr_png(URL, scale=3)
    assert png.startswith(PNG_SIGNATURE)
    assert png_dark_modules(png, scale=3) == expected_dark_modules(URL)
    width = struct.unpack(">I", png_chunks(png)[b"IHDR"][:4])[0]
    assert width == 3 * (len(segno.make_qr(URL, error="m").matrix) + 2 * QUIET_ZONE)


def test_png_refuses_a_silly_scale():
    with pytest.raises(ValueError, match="between 1 and 100"):
        qr_png(URL, scale=0)


def test_svg_parses_as_xml_and_draws_the_qr_code_for_the_url():
    svg = qr_svg(URL)
    root = ElementTree.fromstring(svg.encode())  # noqa: S314 - our own output, not untrusted XML
    namespace = "{http://www.w3.org/2000/svg}"
    assert root.tag == f"{namespace}svg"
    assert root.find(f"{namespace}title").text == URL
    background, modules = root.iter(f"{namespace}path")
    assert background.get("fill") == "#fff"  # white behind the code, even on coloured paper
    assert modules.get("stroke") == "#1b1b1f"
    assert svg_dark_modules(modules.get("d")) == expected_dark_modules(URL)


def test_a_short_url_still_gets_a_full_size_qr_code_that_phones_can_read():
    short = "http://a.b/s/x"
    assert segno.make(short).is_micro  # what segno would pick on its own
    svg = qr_svg(short)
    assert svg_dark_modules(dark_path(svg)) == expected_dark_modules(short)


def test_data_uri_is_an_unsized_svg_of_the_same_code():
    uri = qr_data_uri(URL)
    assert uri.startswith("data:image/svg+xml")
    svg = unquote(uri.split(",", 1)[1])
    assert "viewBox" in svg
    assert 'width="' not in svg
    assert svg_dark_modules(dark_path(svg)) == expected_dark_modules(URL)


def test_poster_context_has_title_link_qr_and_languages_in_their_own_names(app):
    consultation = create_consultation(
        slug="safe-places", title="Places where you feel safe", languages=["en", "pl", "ar", "xx"]
    )
    poster = poster_context(consultation, "https://safevoices.example.org")
    assert poster.title == "Places where you feel safe"
    assert poster.url == URL
    assert poster.qr_data_uri == qr_data_uri(URL)
    assert poster.languages == (("en", "English"), ("pl", "Polski"), ("ar", "العربية"))
