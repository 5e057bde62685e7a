"""The 'map' question: the survey file, strict answer parsing, the admin's upload, the served
image, the respondent page with and without a map, and map answers in staff views and exports."""

import hashlib
import io
import json
import os
import re
import subprocess
import sys

import pytest
from PIL import Image
from sqlalchemy import func, select
from werkzeug.datastructures import FileStorage, MultiDict
from werkzeug.test import encode_multipart

from app.extensions import db
from app.models import Answer, AuditEvent, Consultation, PlaceMap
from app.questionnaire.answers import parse_answer
from app.questionnaire.loader import SurveyFileError, parse_survey
from app.questionnaire.map_answer import MAX_PINS, parse_map
from app.questionnaire.types import AnswerError
from app.services import consultations, exports
from tests.map_fixtures import image_bytes, map_consultation
from tests.pages import get_page, parse
from tests.queries import counted_statements
from tests.respondent_driver import Respondent
from tests.staff import conftest as staff_fixtures

# the staff fixtures, shared: staff("admin") signs the test client in with that role
make_user, staff = staff_fixtures.make_user, staff_fixtures.staff

SPOTS = ["hayes-bus-station", "hayes-park"]


def survey_with(question: dict):
    data = {
        "id": "one",
        "version": 1,
        "title": "T",
        "intro": "I",
        "audiences": ["a"],
        "questions": [{"id": "where", "text": "Where?", **question}],
    }
    return parse_survey(data, "one.v1.yaml")


# --- the survey file -------------------------------------------------------------------------


def test_a_map_question_names_its_place():
    question = survey_with({"type": "map", "place": "hayes"}).questions[0]
    assert (question.type, question.place) == ("map", "hayes")


@pytest.mark.parametrize(
    ("question", "problem"),
    [
        ({"type": "map"}, "a 'map' question needs 'place'"),
        ({"type": "map", "place": "Hayes Town"}, "a 'map' question needs 'place'"),
        ({"type": "map", "place": 3}, "a 'map' question needs 'place'"),
        ({"type": "text", "place": "hayes"}, "only a 'map' question can have 'place'"),
        ({"type": "map", "place": "hayes", "options": []}, "cannot have 'options'"),
    ],
)
def test_a_broken_map_question_is_refused_with_one_clear_message(question, problem):
    with pytest.raises(SurveyFileError, match=problem) as error:
        survey_with(question)
    assert "question 'where'" in str(error.value)


# --- parsing what the page sends ---------------------------------------------------------------


def pins_form(pins, **places) -> MultiDict:
    data = [("pins", pins if isinstance(pins, str) else json.dumps(pins))]
    return MultiDict(data + [(f"place-{slug}", v) for slug, v in places.items()])


def test_pins_and_named_places_become_one_value(app):
    pins = [{"x": 0.123456, "y": 1, "feeling": "unsafe"}, {"x": 0, "y": 0.5, "feeling": "safe"}]
    form = pins_form(pins, **{"hayes-park": "unsafe", "hayes-bus-station": "not_sure"})
    assert parse_map(form, SPOTS) == {
        "pins": [
            {"x": 0.1235, "y": 1.0, "feeling": "unsafe"},
            {"x": 0.0, "y": 0.5, "feeling": "safe"},
        ],
        # in the order the page lists the places
        "places": {"hayes-bus-station": "not_sure", "hayes-park": "unsafe"},
    }


def test_nothing_given_is_a_skip(app):
    assert parse_map(MultiDict({"pins": "", "place-hayes-park": ""}), SPOTS) is None


@pytest.mark.parametrize(
    ("pins", "message"),
    [
        ("not json", "could not be read"),
        ('{"x": 0.5}', "could not be read"),
        ([{"x": 0.5, "y": 0.5}], "could not be read"),
        ([{"x": 0.5, "y": 0.5, "feeling": "unsafe", "who": "me"}], "could not be read"),
        ([{"x": "0.5", "y": 0.5, "feeling": "unsafe"}], "could not be read"),
        ([{"x": True, "y": 0.5, "feeling": "unsafe"}], "could not be read"),
        ('[{"x": NaN, "y": 0.5, "feeling": "unsafe"}]', "could not be read"),
        ([{"x": 1.01, "y": 0.5, "feeling": "unsafe"}], "outside the map"),
        ([{"x": 0.5, "y": -0.1, "feeling": "safe"}], "outside the map"),
        ([{"x": 0.5, "y": 0.5, "feeling": "scary"}], "marked safe or unsafe"),
        ([{"x": 0.5, "y": 0.5, "feeling": "safe"}] * (MAX_PINS + 2), "Please remove 2 pins"),
        ("[" + "0," * 3000 + "0]", "You can drop up to 20 pins"),
    ],
)
def test_bad_pins_are_refused_with_a_message(app, pins, message):
    with app.test_request_context(), pytest.raises(AnswerError, match=message):
        parse_map(pins_form(pins), SPOTS)


@pytest.mark.parametrize(
    "form",
    [
        MultiDict({"place-somewhere-else": "unsafe"}),
        MultiDict({"place-hayes-park": "dangerous"}),
        MultiDict([("place-hayes-park", "safe"), ("place-hayes-park", "unsafe")]),
        MultiDict([("pins", "[]"), ("pins", "[]")]),
    ],
)
def test_tampered_named_places_are_refused(app, form):
    with app.test_request_context(), pytest.raises(AnswerError):
        parse_map(form, SPOTS)


# --- the admin's upload ------------------------------------------------------------------------


def upload(client, data: bytes | None, alt_text="The high street and the park", place="hayes"):
    page = get_page(client, f"/staff/setup/places/{place}/map")
    form = {"csrf_token": page.csrf_token(), "alt_text": alt_text}
    if data is not None:
        form["image"] = FileStorage(io.BytesIO(data), filename="map.png")
    # encoded in memory: the test client would spool a large body to a file it never closes
    boundary, body = encode_multipart(form)
    return client.post(
        f"/staff/setup/places/{place}/map",
        data=body,
        content_type=f"multipart/form-data; boundary={boundary}",
    )


@pytest.mark.parametrize(
    ("kind", "content_type"),
    [("PNG", "image/png"), ("JPEG", "image/jpeg"), ("WEBP", "image/webp")],
)
def test_an_admin_uploads_a_map_and_its_size_is_read_from_the_image(
    client, staff, kind, content_type
):
    map_consultation(with_map=False)
    staff("admin")
    response = upload(client, image_bytes(kind, size=(640, 480)))
    assert response.status_code == 302
    saved = db.session.scalars(select(PlaceMap)).one()
    assert (saved.content_type, saved.width, saved.height) == (content_type, 640, 480)
    assert saved.alt_text == "The high street and the park"
    page = get_page(client, "/staff/setup/places/hayes/map")
    assert page.has_text("640 × 480 pixels")
    assert db.session.scalar(select(AuditEvent).filter_by(action="place_map_uploaded"))
    image = client.get("/staff/setup/places/hayes/map/image")
    assert image.mimetype == content_type
    assert saved.image_sha256 == hashlib.sha256(image.data).hexdigest()


def test_a_replaced_map_gets_a_new_digest_and_address(client, staff):
    consultation = map_consultation()
    first = client.get(f"/s/{consultation.slug}/maps/hayes").headers["ETag"]
    staff("admin")
    assert upload(client, image_bytes(colour=(10, 20, 30))).status_code == 302
    served = client.get(f"/s/{consultation.slug}/maps/hayes")
    assert served.data == image_bytes(colour=(10, 20, 30))
    assert served.headers["ETag"] != first
    assert served.headers["ETag"] == f'"{hashlib.sha256(served.data).hexdigest()[:32]}"'


def big_png() -> bytes:
    # random pixels do not compress: a 1100×1100 PNG is well over 3 MB
    picture = Image.frombytes("RGB", (1100, 1100), os.urandom(1100 * 1100 * 3))
    buffer = io.BytesIO()
    picture.save(buffer, format="PNG")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"this is a text file called map.png", "not a PNG, JPEG or WebP image"),
        (image_bytes("PNG")[:60], "not a PNG, JPEG or WebP image"),
        (image_bytes("GIF"), "not a PNG, JPEG or WebP image"),
        (image_bytes("PNG", size=(7000, 10)), "up to 6000 pixels"),
        (b"", "Choose an image file"),
        (None, "Choose an image file"),
    ],
)
def test_a_bad_upload_is_refused_kindly_and_nothing_is_saved(client, staff, data, message):
    map_consultation(with_map=False)
    staff("admin")
    response = upload(client, data)
    assert response.status_code == 400
    page = parse(400, response.get_data(as_text=True))
    assert message in page.text
    assert db.session.scalar(select(func.count(PlaceMap.id))) == 0


def test_an_image_over_3_mb_is_refused_with_its_size(client, staff):
    map_consultation(with_map=False)
    staff("admin")
    response = upload(client, big_png())
    assert response.status_code == 400
    assert "It can be up to 3 MB" in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count(PlaceMap.id))) == 0


def test_a_map_needs_words_describing_it(client, staff):
    map_consultation(with_map=False)
    staff("pilot_lead")
    response = upload(client, image_bytes(), alt_text="  ")
    assert response.status_code == 400
    assert db.session.scalar(select(func.count(PlaceMap.id))) == 0


def test_a_participation_worker_cannot_upload_maps(client, staff):
    map_consultation(with_map=False)
    staff("participation_worker")
    assert client.get("/staff/setup/places/hayes/map").status_code == 403


def test_named_places_have_no_map_page(client, staff):
    map_consultation(with_map=False)
    staff("admin")
    assert client.get("/staff/setup/places/hayes-park/map").status_code == 404


# --- the served image --------------------------------------------------------------------------


def test_the_map_is_served_by_us_with_cache_headers(client):
    consultation = map_consultation()
    response = client.get(f"/s/{consultation.slug}/maps/hayes")
    assert response.status_code == 200
    assert response.mimetype == "image/png"
    assert response.data == image_bytes()
    assert "public" in response.headers["Cache-Control"]
    assert "max-age=86400" in response.headers["Cache-Control"]
    with counted_statements() as statements:
        again = client.get(
            f"/s/{consultation.slug}/maps/hayes",
            headers={"If-None-Match": response.headers["ETag"]},
        )
    assert again.status_code == 304
    assert again.headers["ETag"] == response.headers["ETag"]
    assert not any(reads_the_image(s) for s in statements), statements  # the browser has it


def reads_the_image(statement: str) -> bool:
    return re.search(r"place_maps\.image\b(?!_)", statement) is not None


def test_only_a_place_the_survey_asks_about_and_that_has_a_map_is_served(client):
    consultation = map_consultation()
    assert client.get(f"/s/{consultation.slug}/maps/hayes-park").status_code == 404
    assert client.get("/s/no-such-consultation/maps/hayes").status_code == 404
    db.session.execute(PlaceMap.__table__.delete())
    db.session.commit()
    assert client.get(f"/s/{consultation.slug}/maps/hayes").status_code == 404


# --- the respondent page -----------------------------------------------------------------------


@pytest.fixture
def child(client):
    consultation = map_consultation()
    respondent = Respondent(client, consultation.slug)
    respondent.start()
    return respondent


def stored(question_id: str = "places_map"):
    db.session.expire_all()
    answer = db.session.scalar(select(Answer).filter_by(question_id=question_id))
    return None if answer is None else (answer.value, answer.is_skipped)


def post(child, **fields):
    data = {"csrf_token": child.page("places_map").csrf_token(), "action": "next", **fields}
    return child.client.post(child.url("/q/places_map"), data=data)


def test_the_map_page_shows_the_image_and_the_named_places(child):
    db.session.remove()
    with counted_statements() as statements:
        page = child.page("places_map")
    assert not any(reads_the_image(s) for s in statements), statements  # only its digest
    assert f'href="/s/{child.slug}/maps/hayes?v=' in page.html
    assert 'viewBox="0 0 400 300"' in page.html
    assert 'aria-label="Map: Hayes: the high street runs left to right' in page.html
    assert page.has_text("Bus station")
    assert page.has_text("Park")
    assert sorted(page.values("place-hayes-park")) == ["not_sure", "safe", "unsafe"]
    assert page.has_text("Skip this question")
    assert "js/map.js" in page.html


def test_without_a_map_the_question_falls_back_to_the_named_places(client):
    consultation = map_consultation(with_map=False)
    respondent = Respondent(client, consultation.slug)
    respondent.start()
    page = respondent.page("places_map")
    assert "map-canvas" not in page.html
    assert page.has_text("How do you feel in these places?")
    assert sorted(page.values("place-hayes-bus-station")) == ["not_sure", "safe", "unsafe"]


def test_without_javascript_the_named_places_are_saved(child):
    response = post(child, **{"place-hayes-park": "unsafe", "place-hayes-bus-station": "safe"})
    assert response.status_code == 302
    assert response.location.endswith("/q/anything_else")
    assert stored() == (
        {"pins": [], "places": {"hayes-bus-station": "safe", "hayes-park": "unsafe"}},
        False,
    )
    # coming back shows what was saved
    assert child.page("places_map").checked("place-hayes-park") == ["unsafe"]


def test_pins_are_saved_and_shown_again(child):
    pins = [{"x": 0.25, "y": 0.75, "feeling": "unsafe"}]
    assert post(child, pins=json.dumps(pins)).status_code == 302
    assert stored() == ({"pins": pins, "places": {}}, False)
    page = child.page("places_map")
    assert page.values("pins") == ['[{"feeling": "unsafe", "x": 0.25, "y": 0.75}]']


def test_bad_pins_get_a_message_and_the_saved_answer_stays(child):
    post(child, **{"place-hayes-park": "safe"})
    before = stored()
    too_many = json.dumps([{"x": 0.5, "y": 0.5, "feeling": "safe"}] * 21)
    response = post(child, pins=too_many)
    assert response.status_code == 400
    page = parse(400, response.get_data(as_text=True))
    assert "You can drop up to 20 pins. Please remove 1 pin." in page.alert()
    assert page.values("pins") == [too_many]  # nothing the child did is lost
    assert stored() == before


def test_skipping_or_sending_nothing_stores_a_skip(child):
    assert post(child).status_code == 302
    assert stored() == (None, True)


# --- staff views and exports -------------------------------------------------------------------


def test_exports_and_the_response_page_read_map_answers(client, child, staff):
    pins = [{"x": 0.1, "y": 0.1, "feeling": "unsafe"}] * 2 + [
        {"x": 0.9, "y": 0.9, "feeling": "safe"}
    ]
    post(child, pins=json.dumps(pins), **{"place-hayes-park": "unsafe"})
    child.submit()
    response_id = db.session.scalar(select(Answer.response_id))
    item = db.session.scalars(select(Consultation)).one()
    _headers, rows = exports.response_table(item)
    assert "2 unsafe pins; 1 safe pin; hayes-park: unsafe" in rows[0]
    document = json.loads(exports.to_json(item))
    assert document["responses"][0]["answers"]["places_map"]["places"] == {"hayes-park": "unsafe"}
    summary = {
        (c.value, c.count) for c in exports.summary_table(item) if c.question_id == "places_map"
    }
    assert ("pins:unsafe", None) in summary  # 2 pins: under 10, suppressed
    assert {value for value, _count in summary} >= {"pins:safe", "hayes-park:unsafe"}
    staff("admin")
    page = get_page(client, f"/staff/consultations/{item.id}/responses/{response_id}")
    assert page.has_text("2 unsafe pins; 1 safe pin; Park: unsafe")


def test_a_map_answer_sent_as_plain_choices_is_refused_not_lost(app):
    """The paper-entry page offers every question as plain choices: a map cannot be keyed in."""
    consultation = map_consultation()
    question = consultations.survey_for(consultation).question("places_map")
    form = MultiDict({"answer": "hayes-park"})
    with app.test_request_context(), pytest.raises(AnswerError, match="Leave it blank here"):
        parse_answer(question, form, False, [])


def test_the_questionnaire_package_reads_no_database():
    """Survey files, forms and answer parsing take what they need from the database as arguments
    (the named places a question offers): no module of ``app.questionnaire`` imports a service."""
    probe = (
        "import importlib, pkgutil, sys, app.questionnaire as package; "
        "[importlib.import_module(f'app.questionnaire.{m.name}') "
        "for m in pkgutil.iter_modules(package.__path__)]; "
        "print(sorted(m for m in sys.modules if m.startswith('app.services')))"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"
