"""The bundled codebook loads, and broken codebooks fail with messages that say where."""

import pytest

from analysis.codebook import (
    CodebookError,
    add_theme,
    add_theme_to_file,
    codebook_from_dict,
    dump_codebook,
    load_codebook,
)

SEEDED_THEMES = {
    "drug_dealing",
    "gangs",
    "exploitation_owing",
    "older_people_advantage",
    "transport",
    "lighting_environment",
    "parks_open_spaces",
    "police_trust",
    "youth_provision",
    "school",
    "online_harm",
    "weapons_violence",
    "poverty_inequality",
    "trusted_adults_support",
}


def _minimal(**theme_fields):
    theme = {"id": "gangs", "label": "Gangs", "description": "Gangs.", "terms": ["gang"]}
    theme.update(theme_fields)
    return {"version": 1, "themes": [theme]}


def test_bundled_codebook_has_the_strategy_themes():
    codebook = load_codebook()
    assert codebook.version == 1
    assert set(codebook.theme_ids) == SEEDED_THEMES


def test_main_themes_have_terms_in_five_other_languages():
    codebook = load_codebook()
    for theme in codebook.themes:
        for language in ("pl", "ro", "pt", "so", "ur"):
            assert theme.terms_in(language), f"{theme.id} has no {language} terms"


def test_missing_terms_names_the_theme():
    with pytest.raises(CodebookError, match=r"theme 'gangs': 'terms' must be a non-empty list"):
        codebook_from_dict(_minimal(terms=[]))


def test_number_as_term_asks_for_quotes():
    with pytest.raises(CodebookError, match=r"theme 'gangs'.*999.*quote"):
        codebook_from_dict(_minimal(terms=["gang", 999]))


def test_unknown_field_is_reported():
    with pytest.raises(CodebookError, match=r"theme 'gangs': unknown field\(s\) colour"):
        codebook_from_dict(_minimal(colour="red"))


def test_bad_language_code_is_reported():
    with pytest.raises(CodebookError, match=r"theme 'gangs': 'Polish'"):
        codebook_from_dict(_minimal(terms_by_language={"Polish": ["gang"]}))


def test_duplicate_ids_are_reported():
    data = _minimal()
    data["themes"].append(dict(data["themes"][0]))
    with pytest.raises(CodebookError, match=r"theme 'gangs': id is used more than once"):
        codebook_from_dict(data)


def test_missing_version_is_reported():
    with pytest.raises(CodebookError, match="'version'"):
        codebook_from_dict({"themes": _minimal()["themes"]})


def test_invalid_yaml_names_the_file(tmp_path):
    path = tmp_path / "broken.yaml"
    path.write_text("version: 1\nthemes: [\n", encoding="utf-8")
    with pytest.raises(CodebookError, match="broken.yaml: not valid YAML"):
        load_codebook(path)


def test_add_theme_bumps_version_and_round_trips(tmp_path):
    codebook = load_codebook()
    grown = add_theme(
        codebook,
        "e_scooters",
        "E-scooters",
        "E-scooters ridden fast on pavements.",
        ["e scooter", "scooter"],
        {"pl": ["hulajnog*"]},
    )
    assert grown.version == codebook.version + 1
    assert grown.theme_ids[-1] == "e_scooters"
    path = tmp_path / "codebook.yaml"
    dump_codebook(grown, path)
    assert load_codebook(path) == grown


def test_add_theme_rejects_an_existing_id():
    with pytest.raises(CodebookError, match="'gangs': id is used more than once"):
        add_theme(load_codebook(), "gangs", "Gangs again", "Duplicate.", ["gang"])


@pytest.mark.parametrize("term", ["b*", "bu*s", "*"])
def test_wildcards_only_end_a_long_enough_term(term):
    with pytest.raises(CodebookError, match=r"theme 'gangs'"):
        codebook_from_dict(_minimal(terms=["gang", term]))


def test_add_theme_to_file_writes_the_next_version(tmp_path):
    path = tmp_path / "codebook.yaml"
    dump_codebook(load_codebook(), path)
    grown = add_theme_to_file(path, "dogs", "Dogs off leads", "Loose dogs.", ["dog off lead"])
    assert load_codebook(path) == grown
    assert grown.version == 2
    assert path.read_text(encoding="utf-8").startswith("# Safe Voices codebook")
