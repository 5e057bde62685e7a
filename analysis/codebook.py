"""The codebook: versioned themes with the words and phrases that signal them, per language.

Loaded from YAML (``analysis/data/codebook.yaml`` by default) into frozen dataclasses and checked
on load, so that a typo in a theme fails with a message naming the theme and the problem instead
of silently theming nothing. Adding an emerging theme is one call that returns a new version.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

import yaml

DEFAULT_PATH = Path(__file__).parent / "data" / "codebook.yaml"
_THEME_ID = re.compile(r"^[a-z][a-z0-9_-]{1,62}$")
_LANGUAGE_CODE = re.compile(r"^[a-z]{2,3}(-[a-z]{2,4})?$")
MIN_PREFIX = 3  # "bus*" is useful; "b*" would match half the language
_THEME_KEYS = frozenset({"id", "label", "description", "terms", "terms_by_language"})


_DUMP_HEADER = (
    "# Safe Voices codebook, written by analysis.codebook.dump_codebook.\n"
    "# Terms match normalised words (case, accents, hyphens and English plurals ignored);\n"
    "# a term ending in '*' matches words starting with it. Never reuse a theme id.\n"
)


class CodebookError(ValueError):
    """A codebook file or theme that cannot be used, with a message saying where and why."""


@dataclass(frozen=True)
class Theme:
    id: str
    label: str
    description: str
    terms: tuple[str, ...]
    # Pairs rather than a dict keep the dataclass hashable and its order stable on dump.
    terms_by_language: tuple[tuple[str, tuple[str, ...]], ...] = ()

    def terms_in(self, language: str) -> tuple[str, ...]:
        """English terms for "en", otherwise the terms given for that language (maybe none)."""
        if language == "en":
            return self.terms
        return dict(self.terms_by_language).get(language, ())


@dataclass(frozen=True)
class Codebook:
    version: int
    themes: tuple[Theme, ...]

    @property
    def theme_ids(self) -> tuple[str, ...]:
        return tuple(theme.id for theme in self.themes)

    @property
    def languages(self) -> frozenset[str]:
        """Languages with terms of their own; English always."""
        codes = {code for theme in self.themes for code, terms in theme.terms_by_language if terms}
        return frozenset(codes | {"en"})

    def theme(self, theme_id: str) -> Theme:
        for theme in self.themes:
            if theme.id == theme_id:
                return theme
        raise KeyError(theme_id)


def load_codebook(path: str | Path | None = None) -> Codebook:
    """Read and validate a codebook YAML file (the bundled one when ``path`` is None)."""
    source = Path(path) if path is not None else DEFAULT_PATH
    try:
        data = yaml.safe_load(source.read_text(encoding="utf-8"))
    except yaml.YAMLError as error:
        raise CodebookError(f"{source.name}: not valid YAML: {error}") from error
    return codebook_from_dict(data, source.name)


def codebook_from_dict(data: object, source: str = "codebook") -> Codebook:
    """Validate plain data (as read from YAML) into a Codebook."""
    if not isinstance(data, Mapping):
        raise CodebookError(f"{source}: expected a mapping with 'version' and 'themes'")
    version = data.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise CodebookError(f"{source}: 'version' must be a whole number from 1 up")
    raw_themes = data.get("themes")
    if not isinstance(raw_themes, list) or not raw_themes:
        raise CodebookError(f"{source}: 'themes' must be a non-empty list")
    themes = tuple(_theme_from_dict(raw, index, source) for index, raw in enumerate(raw_themes, 1))
    _check_unique_ids(themes, source)
    return Codebook(version, themes)


def _theme_from_dict(raw: object, position: int, source: str) -> Theme:
    if not isinstance(raw, Mapping):
        raise CodebookError(f"{source}: theme #{position}: expected a mapping")
    theme_id = raw.get("id")
    if not isinstance(theme_id, str) or not _THEME_ID.match(theme_id):
        raise CodebookError(
            f"{source}: theme #{position}: 'id' must be lower-case letters, digits, _ or -"
        )
    where = f"{source}: theme {theme_id!r}"
    unknown = sorted(set(raw) - _THEME_KEYS)
    if unknown:
        raise CodebookError(f"{where}: unknown field(s) {', '.join(map(str, unknown))}")
    for field in ("label", "description"):
        if not isinstance(raw.get(field), str) or not raw[field].strip():
            raise CodebookError(f"{where}: '{field}' must be non-empty text")
    terms = _terms(raw.get("terms"), f"{where}: 'terms'")
    by_language = _terms_by_language(raw.get("terms_by_language") or {}, where)
    return Theme(theme_id, raw["label"].strip(), raw["description"].strip(), terms, by_language)


def _terms(raw: object, where: str) -> tuple[str, ...]:
    if not isinstance(raw, list) or not raw:
        raise CodebookError(f"{where} must be a non-empty list of words or phrases")
    for term in raw:
        if not isinstance(term, str) or not term.strip(" *"):
            raise CodebookError(f"{where}: {term!r} is not a word or phrase (quote numbers)")
        stem = term.strip()[:-1] if term.strip().endswith("*") else term.strip()
        if "*" in stem or (stem != term.strip() and len(stem.strip()) < MIN_PREFIX):
            raise CodebookError(
                f"{where}: {term!r}: '*' may only end a term, after {MIN_PREFIX}+ letters"
            )
    return tuple(dict.fromkeys(term.strip() for term in raw))


def _terms_by_language(raw: object, where: str) -> tuple[tuple[str, tuple[str, ...]], ...]:
    if not isinstance(raw, Mapping):
        raise CodebookError(f"{where}: 'terms_by_language' must map language codes to lists")
    pairs = []
    for code, terms in raw.items():
        if not isinstance(code, str) or not _LANGUAGE_CODE.match(code) or code == "en":
            raise CodebookError(
                f"{where}: {code!r} in 'terms_by_language' is not a language code other than en"
            )
        pairs.append((code, _terms(terms, f"{where}: 'terms_by_language.{code}'")))
    return tuple(sorted(pairs))


def _check_unique_ids(themes: Iterable[Theme], source: str) -> None:
    seen: set[str] = set()
    for theme in themes:
        if theme.id in seen:
            raise CodebookError(f"{source}: theme {theme.id!r}: id is used more than once")
        seen.add(theme.id)


def add_theme(
    codebook: Codebook,
    theme_id: str,
    label: str,
    description: str,
    terms: Iterable[str],
    terms_by_language: Mapping[str, Iterable[str]] | None = None,
) -> Codebook:
    """A new codebook version with one more theme, validated like a loaded file."""
    data = codebook_to_dict(codebook)
    new_theme: dict[str, object] = {
        "id": theme_id,
        "label": label,
        "description": description,
        "terms": list(terms),
    }
    if terms_by_language:
        new_theme["terms_by_language"] = {code: list(t) for code, t in terms_by_language.items()}
    data["themes"].append(new_theme)
    data["version"] = codebook.version + 1
    return codebook_from_dict(data, "new theme")


def codebook_to_dict(codebook: Codebook) -> dict:
    """Plain data in the YAML file's shape."""
    themes = []
    for theme in codebook.themes:
        entry: dict[str, object] = {
            "id": theme.id,
            "label": theme.label,
            "description": theme.description,
            "terms": list(theme.terms),
        }
        if theme.terms_by_language:
            entry["terms_by_language"] = {code: list(t) for code, t in theme.terms_by_language}
        themes.append(entry)
    return {"version": codebook.version, "themes": themes}


def dump_codebook(codebook: Codebook, path: str | Path) -> None:
    """Write the codebook as YAML that ``load_codebook`` reads back unchanged."""
    text = yaml.safe_dump(
        codebook_to_dict(codebook), allow_unicode=True, sort_keys=False, width=100
    )
    Path(path).write_text(_DUMP_HEADER + text, encoding="utf-8")


def add_theme_to_file(
    path: str | Path,
    theme_id: str,
    label: str,
    description: str,
    terms: Iterable[str],
    terms_by_language: Mapping[str, Iterable[str]] | None = None,
) -> Codebook:
    """Load, add one theme, write back under the next version number, and return it."""
    grown = add_theme(load_codebook(path), theme_id, label, description, terms, terms_by_language)
    dump_codebook(grown, path)
    return grown
