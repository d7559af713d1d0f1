"""Who may reach which console route: anonymous, educator, district, help-desk, and more."""

from __future__ import annotations

import httpx
import pytest

from tests.integration.console.conftest import PASSWORD, Console, csrf

GET_ROUTES = [
    "/staff/",
    "/staff/conversations",
    "/staff/conversations?fallback=yes",
    "/staff/conversations/conv-fallback",
    "/staff/handoffs",
    "/staff/handoffs?status=open",
    "/staff/export/csv",
    "/staff/export/jsonl",
    "/staff/analytics",
    "/staff/analytics/per-day.png",
    "/staff/analytics/containment.png",
    "/staff/analytics/intents.png",
    "/staff/educators/1000001",
]
POST_ROUTES = [
    "/staff/logout",
    "/staff/conversations/conv-fallback/tags",
    "/staff/conversations/conv-fallback/tags/remove",
    "/staff/conversations/conv-fallback/notes",
    "/staff/handoffs/1/claim",
    "/staff/handoffs/1/reply",
    "/staff/handoffs/1/close",
]
PUBLIC = ["/staff/login", "/staff/static/console.css"]


def _assert_shut_out(client: httpx.Client) -> None:
    for path in GET_ROUTES:
        resp = client.get(path)
        if path == "/staff/":
            assert resp.status_code == 303 and resp.headers["location"] == "/staff/login", path
        elif (
            path.startswith(("/staff/export/", "/staff/analytics/")) and path != "/staff/analytics"
        ):
            assert resp.status_code == 401, path
            assert "Sign in to the staff console first." in resp.text
        else:
            assert resp.status_code == 303, path
            assert resp.headers["location"].startswith("/staff/login?next="), path
    for path in POST_ROUTES:
        resp = client.post(path, data={"tag": "x", "note": "x", "message": "x"})
        assert resp.status_code == 401, path


def test_anonymous_visitors_reach_only_the_sign_in_page(console: Console) -> None:
    c = console.client()
    _assert_shut_out(c)
    for path in PUBLIC:
        assert c.get(path).status_code == 200, path


@pytest.mark.parametrize("username", ["educator1", "district1"])
def test_educators_and_district_staff_cannot_sign_in_or_reach_any_route(
    console: Console, username: str
) -> None:
    c, resp = console.sign_in(username)
    assert resp.status_code == 403
    assert "This account cannot use the staff console." in resp.text
    assert "staff_session=" not in " ".join(resp.headers.get_list("set-cookie"))
    _assert_shut_out(c)


@pytest.mark.parametrize("username", ["educator1", "district1"])
def test_an_api_bearer_token_does_not_open_the_console(console: Console, username: str) -> None:
    token = (
        httpx.post(
            f"{console.url}/api/v1/auth/token", json={"username": username, "password": PASSWORD}
        )
        .json()
        .get("access_token")
    )
    assert token
    c = console.client()
    c.headers["Authorization"] = f"Bearer {token}"
    c.cookies.set("staff_session", token, path="/staff")
    _assert_shut_out(c)


@pytest.mark.parametrize("username", ["helpdesk1", "certstaff", "adminuser"])
def test_helpdesk_certification_and_admin_staff_reach_every_route(
    console: Console, username: str
) -> None:
    c = console.staff(username)
    for path in GET_ROUTES:
        resp = c.get(path, follow_redirects=True)
        assert resp.status_code == 200, path


def test_a_helpdesk_session_carries_csrf_protection_on_every_post(console: Console) -> None:
    c = console.staff("helpdesk1")
    for path in POST_ROUTES:
        assert c.post(path, data={"tag": "x"}).status_code == 403, path
    # Still signed in: the refused logout did nothing.
    assert c.get("/staff/conversations").status_code == 200


def test_helpdesk_staff_cannot_change_certification_records(console: Console) -> None:
    # The console has no route that writes records (see POST_ROUTES: tags, notes, handoffs).
    c = console.staff("helpdesk1")
    page = c.get("/staff/educators/1000001")
    assert "<form" not in page.text.split("<main", 1)[1]  # read-only page
    # And through the API, a help-desk token is refused by the certification endpoints.
    token = httpx.post(
        f"{console.url}/api/v1/auth/token", json={"username": "helpdesk1", "password": PASSWORD}
    ).json()["access_token"]
    headers = {"Authorization": f"Bearer {token}"}
    resp = httpx.put(
        f"{console.url}/api/v1/staff/educators/1000001/background",
        headers=headers,
        json={"status": "cleared"},
    )
    assert resp.status_code == 403
    assert resp.json()["error"]["code"] == "forbidden"
    resp = httpx.post(
        f"{console.url}/api/v1/staff/applications/1/status",
        headers=headers,
        json={"status": "approved"},
    )
    assert resp.status_code in (403, 404)
    # The console's session cookie is no API credential.
    resp = httpx.put(
        f"{console.url}/api/v1/staff/educators/1000001/background",
        cookies={"staff_session": c.cookies.get("staff_session") or ""},
        json={"status": "cleared"},
    )
    assert resp.status_code == 401


def test_the_next_parameter_cannot_redirect_off_the_console(console: Console) -> None:
    c = console.client()
    page = c.get("/staff/login", params={"next": "https://evil.example/"})
    assert 'name="next" value="/staff/conversations"' in page.text
    resp = c.post(
        "/staff/login",
        data={
            "username": "helpdesk1",
            "password": PASSWORD,
            "csrf_token": csrf(page.text),
            "next": "//evil.example/",
        },
    )
    assert resp.headers["location"] == "/staff/conversations"
