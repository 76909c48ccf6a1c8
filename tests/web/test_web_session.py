"""The idle session: GET /session/ping re-signs the cookie of a signed-in officer, and the
pages tell js/keep-draft.js who is signed in and how long the session lives.
The clock starts on Tuesday 10/02/2026 09:00 (Vietnam)."""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

from support.web_support import page


def test_ping_answers_204_to_a_signed_in_officer_and_re_signs_the_session(web):
    web.app.permanent_session_lifetime = timedelta(minutes=30)
    client = web.client("commune_police_1")
    web.travel("2026-02-10 09:25")
    ping = client.get("/session/ping")
    assert ping.status_code == 204
    assert ping.get_data() == b""
    assert ping.headers["Cache-Control"] == "no-store"
    cookie = ping.headers.get("Set-Cookie", "")
    assert cookie.startswith("session=") and "Expires=Tue, 10 Feb 2026 02:55:00 GMT" in cookie
    # 50 minutes after signing in, 25 after the ping: still signed in.
    web.travel("2026-02-10 09:50")
    assert client.get("/inbox").status_code == 200
    # 31 minutes without a request: signed out.
    web.travel("2026-02-10 10:21")
    expired = client.get("/session/ping")
    assert expired.status_code == 302 and urlsplit(expired.location).path == "/login"


def test_ping_sends_an_anonymous_visitor_to_login(web):
    response = web.app.test_client().get("/session/ping")
    assert response.status_code == 302
    location = urlsplit(response.location)
    assert location.path == "/login"
    assert parse_qs(location.query)["next"] == ["/session/ping"]


def test_signed_in_pages_carry_the_officer_and_the_session_lifetime(web):
    web.app.permanent_session_lifetime = timedelta(minutes=30)
    inbox = page(web.client("commune_police_1").get("/inbox"))
    body = inbox.xpath("//body")[0]
    assert body.get("data-user-id") == str(web.user("commune_police_1"))
    assert body.get("data-session-seconds") == "1800"
    assert body.get("data-session-ping") == "/session/ping"
    assert inbox.xpath('//div[@id="session-warning"][@role="alert"][@hidden]')
    assert inbox.xpath('//script[@src="/static/js/keep-draft.js"]')

    login = page(web.app.test_client().get("/login"))
    body = login.xpath("//body")[0]
    assert body.get("data-user-id") is None and body.get("data-session-seconds") is None
    assert not login.xpath('//div[@id="session-warning"]')
    assert login.xpath('//script[@src="/static/js/keep-draft.js"]')  # it keeps drafts through the sign-in
