"""Known answers go in through the respondent pages in two waves; the dashboard and
``safevoices kpi`` give the figures worked out by hand."""

import json

from app.kpi_commands import kpi_command
from tests.pages import get_page
from tests.pilot.conftest import answer_mood

# Wave 0: 5 of 10 feel safe (50%), 1 rather not say. Wave 1: 9 of 10 (90%).
# Wilson 95% for 5/10: 23.7%-76.3%; for 9/10: 59.6%-98.2%. Pooled z = 1.95 (p = 0.051), so
# even 50% -> 90% is not a change we can be sure of with 10 answers a wave.
BASELINE = {"very_safe": 3, "fairly_safe": 2, "very_unsafe": 4, "a_bit_unsafe": 1, None: 1}
SECOND = {"very_safe": 5, "fairly_safe": 4, "a_bit_unsafe": 1}


def answer_through_pages(app, slug: str, moods: dict) -> None:
    for mood, times in moods.items():
        for _ in range(times):
            answer_mood(app, slug, mood)


def test_two_waves_through_the_pages(app, client, runner, staff, two_waves):
    answer_through_pages(app, "wave-0", BASELINE)
    answer_through_pages(app, "wave-1", SECOND)

    printed = runner.invoke(kpi_command, ["--format", "json"])
    assert printed.exit_code == 0, printed.output
    baseline, second = json.loads(printed.output)
    assert (baseline["n"], baseline["feel_safe"], baseline["share"]) == (10, 5, 0.5)
    assert (baseline["low_95"], baseline["high_95"]) == (0.2366, 0.7634)
    assert baseline["count_prefer_not_say"] is None  # 1 skipped: counted, but under 10
    assert (second["n"], second["feel_safe"], second["share"]) == (10, 9, 0.9)
    assert (second["low_95"], second["high_95"]) == (0.5958, 0.9821)
    assert second["breakdown"] == "young_people"
    assert second["change_from_baseline"] == "no change we can be sure of"

    staff("pilot_lead")
    page = get_page(client, "/staff/pilot/")
    for shown in ("50.0%", "23.7% – 76.3%", "90.0%", "59.6% – 98.2%"):
        assert page.has_text(shown), shown
    assert page.has_text("no change we can be sure of")
