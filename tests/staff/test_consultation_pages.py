"""Staff pages for consultations: set-up, lifecycle, responses, paper answers, downloads."""

from sqlalchemy import select

from app.extensions import db
from app.models import AuditEvent, Consultation, Response
from tests.factories import create_consultation, create_group
from tests.pages import get_page, parse
from tests.respondent_driver import Respondent


def audit_actions() -> list[str]:
    db.session.expire_all()
    return [e.action for e in db.session.scalars(select(AuditEvent))]


def post_form(client, url: str, data: dict, status: int = 302):
    token = get_page(client, url).csrf_token()
    response = client.post(url, data={"csrf_token": token, **data})
    assert response.status_code == status, response.get_data(as_text=True)[:3000]
    return response


def test_a_worker_creates_opens_and_shares_a_consultation(client, staff, app):
    staff("participation_worker")
    group = create_group("youth-voice", "Youth Voice")
    survey_pk = db.session.scalar(select(Consultation.survey_pk).limit(1)) or 1
    from app.models import Survey

    survey = db.session.scalar(select(Survey).filter_by(survey_id="safe-places-young-people"))
    post_form(
        client,
        "/staff/consultations/new",
        {
            "title": "Youth Voice spring",
            "slug": "youth-voice-spring",
            "survey": str(survey.id),
            "groups": [str(group.id)],
            "place": "0",
            "wave": "0",
            "languages": ["en", "pl"],
            "opens_at": "",
            "closes_at": "",
            "help_contact": "Sam, youth worker: 01895 000000",
        },
    )
    assert survey_pk
    item = db.session.scalar(select(Consultation).filter_by(slug="youth-voice-spring"))
    assert item.status == "draft"
    assert item.languages == ["en", "pl"]
    assert get_page(client, "/s/youth-voice-spring").has_text("This survey has not opened yet")
    page = get_page(client, f"/staff/consultations/{item.id}/edit")
    client.post(
        f"/staff/consultations/{item.id}/status",
        data={
            "csrf_token": page.csrf_token(),
            "status-status": "open",
            "status-csrf_token": page.csrf_token(),
        },
    )
    db.session.expire_all()
    assert db.session.get(Consultation, item.id).status == "open"
    assert get_page(client, "/s/youth-voice-spring").has_text("Before you start")
    overview = get_page(client, f"/staff/consultations/{item.id}")
    assert overview.has_text("http://localhost/s/youth-voice-spring")
    assert "consultation_created" in audit_actions()
    assert "consultation_status" in audit_actions()


def test_consultation_form_errors_are_clear_and_keep_the_input(client, staff):
    staff("pilot_lead")
    create_consultation(slug="taken")
    page = get_page(client, "/staff/consultations/new")
    response = client.post(
        "/staff/consultations/new",
        data={
            "csrf_token": page.csrf_token(),
            "title": "Another",
            "slug": "Not A Slug!",
            "survey": "1",
            "place": "0",
            "wave": "0",
        },
    )
    error_page = parse(response.status_code, response.get_data(as_text=True))
    assert response.status_code == 400
    assert error_page.has_text("Use lower-case letters, numbers and dashes")
    assert 'value="Another"' in error_page.html


def test_the_lifecycle_refuses_a_jump(client, staff):
    staff("admin")
    item = create_consultation(slug="draft-one", status="draft")
    page = get_page(client, f"/staff/consultations/{item.id}/edit")
    client.post(
        f"/staff/consultations/{item.id}/status",
        data={"status-csrf_token": page.csrf_token(), "status-status": "archived"},
    )
    db.session.expire_all()
    assert db.session.get(Consultation, item.id).status == "draft"


def test_qr_codes_and_poster(client, staff):
    staff("participation_worker")
    item = create_consultation(languages=["en", "pl", "ar"])
    svg = client.get(f"/staff/consultations/{item.id}/qr.svg")
    png = client.get(f"/staff/consultations/{item.id}/qr.png")
    assert svg.status_code == png.status_code == 200
    assert svg.data.startswith(b"<?xml") or b"<svg" in svg.data[:200]
    assert png.data.startswith(b"\x89PNG")
    assert "attachment" in png.headers["Content-Disposition"]
    overview = get_page(client, f"/staff/consultations/{item.id}")
    assert 'class="qr-preview" src="data:image/svg+xml' in overview.html
    poster = get_page(client, f"/staff/consultations/{item.id}/poster")
    assert poster.has_text("http://localhost/s/test-consultation")
    assert poster.has_text("Polski")
    assert poster.has_text("العربية")


def test_responses_list_filters_and_one_response_is_redacted(client, staff, app):
    item = create_consultation()
    child = Respondent(app.test_client(), item.slug)
    child.start()
    child.about("12-15")
    child.answer("mood", "very_unsafe")
    child.answer("why_unsafe", "ring me 07700 900123")
    staff("participation_worker")
    listing = get_page(client, f"/staff/consultations/{item.id}/responses")
    assert listing.has_text("1 response matches.")
    assert get_page(client, f"/staff/consultations/{item.id}/responses?status=complete").has_text(
        "0 responses match."
    )
    response_id = db.session.scalar(select(Response.id))
    detail = get_page(client, f"/staff/consultations/{item.id}/responses/{response_id}")
    assert detail.has_text("ring me [phone number]")
    assert "07700 900123" not in detail.html


def test_another_consultations_response_id_is_not_found(client, staff, app):
    first = create_consultation(slug="first")
    second = create_consultation(slug="second")
    child = Respondent(app.test_client(), "first")
    child.start()
    staff("pilot_lead")
    response_id = db.session.scalar(select(Response.id))
    assert client.get(f"/staff/consultations/{first.id}/responses/{response_id}").status_code == 200
    assert (
        client.get(f"/staff/consultations/{second.id}/responses/{response_id}").status_code == 404
    )
    assert client.get("/staff/consultations/99999").status_code == 404


def test_a_paper_response_is_keyed_in_and_marked_paper(client, staff):
    item = create_consultation()
    staff("participation_worker")
    post_form(
        client,
        f"/staff/consultations/{item.id}/paper",
        {
            "age_band": "6-11",
            "language": "en",
            "q-mood": "a_bit_unsafe",
            "q-why_unsafe": "the alley",
            "q-pets": ["cat", "dog"],
            "q-siblings": "2",
            "q-colour": "prefer_not_say",
        },
    )
    response = db.session.scalars(select(Response)).one()
    assert response.mode == "paper"
    assert response.submitted_at is not None
    assert response.age_band == "6-11"
    answers = {a.question_id: (a.value, a.is_skipped) for a in response.answers}
    assert answers == {
        "mood": ("a_bit_unsafe", False),
        "why_unsafe": ("the alley", False),
        "pets": (["cat", "dog"], False),
        "siblings": (2, False),
        "colour": (None, True),
    }
    assert "paper_response_entered" in audit_actions()


def test_paper_entry_errors_save_nothing(client, staff):
    item = create_consultation()
    staff("participation_worker")
    response = post_form(
        client,
        f"/staff/consultations/{item.id}/paper",
        {"q-mood": "furious", "q-siblings": "lots"},
        status=400,
    )
    page = parse(400, response.get_data(as_text=True))
    assert page.has_text("Nothing has been saved yet")
    assert page.has_text("Please write a whole number")
    assert db.session.scalar(select(Response.id)) is None


def test_exports_download_and_are_audited(client, staff, app):
    item = create_consultation()
    child = Respondent(app.test_client(), item.slug)
    child.start()
    child.about("12-15")
    child.answer("mood", "very_safe")
    staff("pilot_lead")
    for export_format, marker in (
        ("csv", b"response_id"),
        ("json", b'"responses"'),
        ("summary.csv", b"question"),
        ("xlsx", b"PK"),
    ):
        download = client.get(f"/staff/consultations/{item.id}/export.{export_format}")
        assert download.status_code == 200, export_format
        assert marker in download.data[:4000], export_format
        assert "attachment" in download.headers["Content-Disposition"]
    assert client.get(f"/staff/consultations/{item.id}/export.exe").status_code == 404
    assert audit_actions().count("export") == 4


def test_setup_pages_add_groups_places_and_waves(client, staff):
    staff("pilot_lead")
    post_form(
        client,
        "/staff/setup",
        {"which": "group", "group-name": "Young carers", "group-slug": "young-carers"},
    )
    post_form(
        client,
        "/staff/setup",
        {"which": "place", "place-name": "Yiewsley", "place-slug": "yiewsley", "place-parent": "0"},
    )
    post_form(
        client,
        "/staff/setup",
        {
            "which": "wave",
            "wave-name": "Baseline",
            "wave-starts_on": "2027-01-01",
            "wave-ends_on": "2027-03-31",
        },
    )
    page = get_page(client, "/staff/setup")
    assert page.has_text("Young carers")
    assert page.has_text("Yiewsley")
    assert page.has_text("Baseline")
    bad = post_form(
        client,
        "/staff/setup",
        {
            "which": "wave",
            "wave-name": "Backwards",
            "wave-starts_on": "2027-05-01",
            "wave-ends_on": "2027-04-01",
        },
        status=400,
    )
    assert "must end on or after" in bad.get_data(as_text=True)


def test_admin_adds_and_switches_off_a_user(client, staff):
    staff("admin")
    post_form(
        client,
        "/staff/users",
        {
            "email": "new@example.org",
            "name": "New Person",
            "role": "participation_worker",
            "password": "a-long-enough-password",
        },
    )
    page = get_page(client, "/staff/users")
    assert page.has_text("new@example.org")
    from app.models import User

    user = db.session.scalar(select(User).filter_by(email="new@example.org"))
    client.post(f"/staff/users/{user.id}/active", data={"csrf_token": page.csrf_token()})
    db.session.expire_all()
    assert db.session.get(User, user.id).is_active is False
    assert "user_created" in audit_actions()
    assert "user_disabled" in audit_actions()
    log = get_page(client, "/staff/audit-log")
    assert log.has_text("user_disabled")
