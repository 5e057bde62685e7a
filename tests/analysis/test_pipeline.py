"""The whole pipeline per answer and per CSV, and that it runs with no NLTK data at all."""

import csv
import json
import os
import subprocess
import sys
import textwrap

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.pipeline import ADDED_COLUMNS, AnswerAnalysis, analyse_answer, analyse_many, theme_csv
from analysis.stance import FEELS_UNSAFE, MIXED, NO_STANCE, STANCES


def test_english_answer_gets_everything():
    result = analyse_answer("I don't feel safe at the bus station, older boys g-checked me")
    assert isinstance(result, AnswerAnalysis)
    assert result.language == "en"
    assert result.stance == FEELS_UNSAFE
    assert result.sentiment < 0
    assert {"transport", "gangs", "older_people_advantage"} <= set(result.theme_ids)
    assert "bus station" in result.noun_phrases
    assert "g-checked" in result.tokens
    assert result.needs_translation is False


def test_matched_terms_are_reported_per_theme():
    result = analyse_answer("drug dealers in the park")
    terms = {hit.theme_id: hit.terms for hit in result.themes}
    assert "dealers" in terms["drug_dealing"] or "dealer" in terms["drug_dealing"]
    assert "park" in terms["parks_open_spaces"]


def test_polish_answer_is_themed_without_english_analysis():
    result = analyse_answer("W autobusie starsi chłopcy sprzedają narkotyki wieczorem")
    assert result.language == "pl"
    assert {"transport", "drug_dealing"} <= set(result.theme_ids)
    assert result.stance == NO_STANCE
    assert result.needs_translation is False


def test_somali_answer_without_matching_terms_needs_translation():
    result = analyse_answer("Waxaan dareemayaa cabsi markaan habeenkii socdo")
    assert result.language == "so"
    assert result.needs_translation is True


def test_curly_apostrophes_and_emoji_stay_english():
    result = analyse_answer("It isn\u2019t safe at night \U0001f61f")
    assert result.language == "en"
    assert result.stance == FEELS_UNSAFE


def test_analyse_many_matches_one_by_one():
    texts = ["safe in the day but not at night", "more police", "safe in the day but not at night"]
    results = analyse_many(texts)
    assert results == [analyse_answer(text) for text in texts]
    assert results[0].stance == MIXED


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=200))
def test_any_text_gets_a_well_formed_analysis(text):
    result = analyse_answer(text)
    assert result.stance in STANCES
    assert -1.0 <= result.sentiment <= 1.0
    assert isinstance(result.needs_translation, bool)


def _write(path, header, rows, encoding="utf-8"):
    with path.open("w", encoding=encoding, newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)


def _read(path):
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_theme_csv_adds_columns_and_reads_bom(tmp_path):
    source = tmp_path / "answers.csv"
    _write(
        source,
        ["id", "answer"],
        [["1", "the park is dodgy at night"], ["2", "Não me sinto seguro no parque"], ["3", ""]],
        encoding="utf-8-sig",
    )
    calls = []
    summary = theme_csv(source, "answer", tmp_path / "out.csv", progress=lambda *a: calls.append(a))
    rows = _read(tmp_path / "out.csv")
    assert list(rows[0]) == ["id", "answer", *ADDED_COLUMNS]
    assert rows[0]["themes"] == "parks_open_spaces"
    assert rows[0]["stance"] == FEELS_UNSAFE
    assert rows[1]["language"] == "pt"
    assert summary["rows"] == 3
    assert summary["themes"]["parks_open_spaces"] == 2
    assert calls[-1] == (3, 3)


def test_theme_csv_names_the_missing_column(tmp_path):
    source = tmp_path / "answers.csv"
    _write(source, ["id", "response"], [["1", "hello"]])
    with pytest.raises(ValueError, match=r"no column 'answer'.*'id', 'response'"):
        theme_csv(source, "answer", tmp_path / "out.csv")


def test_theme_csv_learns_from_coded_answers(tmp_path):
    coded = tmp_path / "coded.csv"
    bored = ["nothing to do here", "we are bored all the time", "no clubs for us", "nowhere to go"]
    other = ["the bus is late", "police are rude", "my street is dark", "school is ok"]
    rows = [[f"{text} {n}", "1", "0"] for n in range(6) for text in bored]
    rows += [[f"{text} {n}", "0", "1" if n < 3 else "0"] for n in range(6) for text in other]
    _write(coded, ["answer", "bored", "rare"], rows)
    source = tmp_path / "answers.csv"
    _write(source, ["answer"], [["so bored, nothing to do"], ["the police are rude to us"]])
    summary = theme_csv(source, "answer", tmp_path / "out.csv", learn_from=coded)
    out = _read(tmp_path / "out.csv")
    assert [row["predicted_bored"] for row in out] == ["1", "0"]
    assert [row["predicted_rare"] for row in out] == ["", ""]
    assert summary["classifiers"]["rare"]["status"] == "not enough examples"
    assert summary["classifiers"]["bored"]["accuracy"] is not None


def test_pipeline_runs_with_an_empty_nltk_data_path(tmp_path):
    empty = tmp_path / "nltk_data"
    empty.mkdir()
    script = textwrap.dedent(
        """
        import json, nltk
        nltk.data.path.clear()
        from analysis.pipeline import analyse_many
        from analysis.emerging import emerging_themes
        from analysis.pipeline import default_codebook
        texts = ["I don't feel safe at the bus station", "the e scooters on the pavement"] * 3
        results = analyse_many(texts + ["Nie czuję się bezpiecznie w parku"])
        emerging = emerging_themes(texts, default_codebook())
        labels = sorted(theme.label for theme in emerging)
        print(json.dumps([results[0].stance, results[-1].language, labels]))
        """
    )
    environment = {**os.environ, "NLTK_DATA": str(empty)}
    completed = subprocess.run(
        [sys.executable, "-W", "error", "-c", script],
        capture_output=True,
        text=True,
        env=environment,
        check=False,
        timeout=120,
    )
    assert completed.returncode == 0, completed.stderr
    assert json.loads(completed.stdout) == [FEELS_UNSAFE, "pl", ["e scooter", "pavement"]]
