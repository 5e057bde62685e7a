"""A phone that comes back after the session lifetime starts a new session: the form it kept
carries a token for the old one, so its answer is refused and nothing already saved changes
(session cookies are kept once verified, ``app.cookie_session``, but only while still young)."""


def test_a_phone_back_after_the_lifetime_has_its_old_form_refused(app, child, signing_clock):
    token = child.page("mood").csrf_token()
    kept = child.client.post(
        child.url("/q/mood"), data={"csrf_token": token, "answer": "very_safe"}
    )
    assert kept.status_code == 302
    signing_clock["seconds"] += int(app.permanent_session_lifetime.total_seconds())
    again = child.client.post(
        child.url("/q/mood"), data={"csrf_token": token, "answer": "a_bit_unsafe"}
    )
    assert again.status_code == 302, "still within the lifetime: the same session"
    signing_clock["seconds"] += 1
    late = child.client.post(
        child.url("/q/mood"), data={"csrf_token": token, "answer": "very_safe"}
    )
    assert late.status_code == 400
    assert child.page("mood").checked() == ["a_bit_unsafe"]
