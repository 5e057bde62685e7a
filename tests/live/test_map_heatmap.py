"""The map question on the big screen: grid counting (analysis/heatmap.py) and the presenter's
rules: a cell only once 5 or more pins of one feeling fall in it, named places only once 3 or
more people chose them, and nothing at all until 3 people have answered."""

import json

import pytest

from analysis.heatmap import Cell, Pin, cell_of, grid_counts, heatmap
from app.services import live as live_sessions
from tests.live.conftest import Phone
from tests.map_fixtures import map_consultation
from tests.pages import get_page

# --- counting pins into cells ----------------------------------------------------------------


def test_an_empty_map_has_no_cells():
    result = heatmap([])
    assert result.cells == ()
    assert result.total == {"unsafe": 0, "safe": 0}
    assert result.peak("unsafe") == 0


@pytest.mark.parametrize(
    ("value", "index"),
    [(0.0, 0), (0.1249, 0), (0.125, 1), (0.5, 4), (0.875, 7), (0.9999, 7), (1.0, 7)],
)
def test_a_pin_on_a_border_belongs_to_the_next_cell_and_the_far_edge_to_the_last(value, index):
    assert cell_of(value) == index


@pytest.mark.parametrize("value", [-0.01, 1.01, float("nan")])
def test_a_coordinate_outside_the_image_is_refused(value):
    with pytest.raises(ValueError, match="outside 0..1"):
        cell_of(value)


def test_fewer_than_five_pins_in_a_cell_are_never_shown():
    pins = [Pin(0.1, 0.1, "unsafe")] * 4 + [Pin(0.9, 0.9, "safe")] * 4
    result = heatmap(pins)
    assert result.cells == ()
    assert result.total == {"unsafe": 4, "safe": 4}  # counted, but not placed on the map


def test_five_pins_of_one_feeling_show_their_cell():
    pins = [Pin(0.01, 0.01, "unsafe"), Pin(0.12, 0.12, "unsafe")] + [Pin(0.0, 0.0, "unsafe")] * 3
    assert heatmap(pins).cells == (Cell(0, 0, "unsafe", 5),)


def test_safe_and_unsafe_pins_are_counted_apart():
    pins = [Pin(0.5, 0.5, "unsafe")] * 3 + [Pin(0.5, 0.5, "safe")] * 3
    assert heatmap(pins).cells == ()
    assert grid_counts(pins) == {(4, 4, "unsafe"): 3, (4, 4, "safe"): 3}


def test_pins_on_the_right_and_bottom_edges_fill_the_last_cell():
    pins = [Pin(1.0, 1.0, "safe"), Pin(1.0, 0.9, "safe"), Pin(0.9, 1.0, "safe")] * 2
    assert heatmap(pins).cells == (Cell(7, 7, "safe", 6),)


def test_cells_come_busiest_first_and_the_peak_is_known():
    pins = [Pin(0.05, 0.05, "unsafe")] * 5 + [Pin(0.55, 0.3, "unsafe")] * 7
    result = heatmap(pins)
    assert [(c.column, c.row, c.count) for c in result.cells] == [(4, 2, 7), (0, 0, 5)]
    assert result.peak("unsafe") == 7
    assert heatmap(pins, size=4, threshold=6).cells == (Cell(2, 1, "unsafe", 7),)


# --- the presenter screen ---------------------------------------------------------------------


@pytest.fixture
def session(app):
    consultation = map_consultation()
    started = live_sessions.start_session(consultation, None)
    live_sessions.advance(started)  # running, on the map question
    return started


def send_pins(app, code: str, pins: list, **places) -> None:
    phone = Phone(app, code)
    phone.join()
    data = {"csrf_token": phone.token, "action": "next", "pins": json.dumps(pins)}
    data.update({f"place-{slug}": feeling for slug, feeling in places.items()})
    response = phone.client.post(f"/live/{code}/q/places_map", data=data)
    assert response.status_code == 302, response.get_data(as_text=True)[:300]


def screen(client, code: str):
    return get_page(client, f"/live/{code}/present")


UNSAFE = {"x": 0.3, "y": 0.3, "feeling": "unsafe"}


def test_nothing_is_shown_until_three_people_have_answered(app, client, session):
    send_pins(app, session.code, [UNSAFE] * 5)
    send_pins(app, session.code, [UNSAFE] * 2)
    page = screen(client, session.code)
    assert page.has_text("The answers appear when 3 or more people have answered.")
    assert "heatmap-cell" not in page.html


def test_a_cell_appears_on_the_big_screen_only_with_five_pins(app, client, session):
    for _phone in range(3):
        send_pins(app, session.code, [UNSAFE], **{"hayes-park": "unsafe"})
    send_pins(app, session.code, [UNSAFE, {"x": 0.9, "y": 0.1, "feeling": "safe"}])
    page = screen(client, session.code)
    assert page.has_text("4 pins dropped")
    assert page.has_text("No area of the map has 5 or more pins yet.")
    assert "heatmap-cell-unsafe" not in page.html
    # the named places: the park, chosen by 3, is shown; the bus station, by nobody, is not
    assert page.has_text("Park 0 3 0")
    assert page.has_text("Bus station Fewer than 3 people chose this place")

    send_pins(app, session.code, [UNSAFE])
    page = screen(client, session.code)
    assert page.html.count('class="heatmap-cell-unsafe"') == 1
    assert page.has_text("Column 3, row 3 5")  # the data table beside the map
    assert "heatmap-cell-safe" not in page.html  # one safe pin stays hidden
    assert page.has_text("1 pin dropped")


def test_results_json_and_the_summary_give_the_map_figures_under_the_same_rules(
    app, client, session, staff
):
    for _phone in range(2):
        send_pins(app, session.code, [UNSAFE] * 3, **{"hayes-park": "unsafe"})
    data = client.get(f"/live/{session.code}/results.json").get_json()
    [question] = [q for q in data["questions"] if q["type"] == "map"]
    assert question["is_hidden"] is True
    assert question["map"] is None  # two people: nothing yet

    send_pins(app, session.code, [UNSAFE], **{"hayes-park": "safe"})
    data = client.get(f"/live/{session.code}/results.json").get_json()
    [question] = [q for q in data["questions"] if q["type"] == "map"]
    board = question["map"]
    assert board["pins"] == {"safe": 0, "unsafe": 7}
    assert board["cells"] == [{"column": 2, "row": 2, "feeling": "unsafe", "count": 7}]
    park = next(p for p in board["places"] if p["slug"] == "hayes-park")
    assert park["counts"] == {"safe": 1, "unsafe": 2, "not_sure": 0}
    assert all(p["counts"] is None for p in board["places"] if p["slug"] != "hayes-park")

    staff("participation_worker")
    summary = get_page(client, f"/staff/live/{session.code}/summary")
    assert summary.has_text("7 pins dropped")
    assert summary.html.count('class="heatmap-cell-unsafe"') == 1


def test_results_json_gives_a_map_question_one_set_of_figures(app, client, session):
    """``counts`` used to list every named place with 0 while ``map`` counted them: a map
    question's figures are now only in ``map``, built from the same answers as ``answered``."""
    for feeling in ("unsafe", "unsafe", "not_sure"):
        send_pins(app, session.code, [UNSAFE], **{"hayes-park": feeling})
    data = client.get(f"/live/{session.code}/results.json").get_json()
    [question] = [q for q in data["questions"] if q["type"] == "map"]
    assert question["answered"] == 3
    assert question["counts"] == []
    places = {place["slug"]: place["counts"] for place in question["map"]["places"]}
    assert places == {
        "hayes-bus-station": None,  # nobody named it
        "hayes-park": {"safe": 0, "unsafe": 2, "not_sure": 1},
    }
    assert question["map"]["pins"] == {"safe": 0, "unsafe": 3}
    page = screen(client, session.code)
    assert page.has_text("Park 0 2 1")  # the screen shows the same
