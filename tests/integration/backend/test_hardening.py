"""No 5xx on odd input, and production behaves as production (issue 14, items 5 and 7).

Each answer found by fuzzing is pinned here as a plain example, on SQLite and PostgreSQL.
"""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from tests.integration.backend.conftest import (
    LOG_DIR,
    Api,
    Server,
    assert_error,
    make_educator,
    staff_headers,
)
from tests.integration.conftest import RunningBackends
from tests.support.http import TLS

# Every route with an integer id in its path (the staff console's answer with its own page).
INT_ID_ROUTES = [
    ("GET", "/api/v1/me/applications/{id}"),
    ("PUT", "/api/v1/me/applications/{id}/conduct/q1_criminal"),
    ("POST", "/api/v1/me/applications/{id}/sworn-statement"),
    ("POST", "/api/v1/me/applications/{id}/submit"),
    ("GET", "/api/v1/me/certificates/{id}/pdf"),
    ("POST", "/api/v1/staff/applications/{id}/status"),
    ("POST", "/api/v1/handoffs/{id}/claim"),
    ("POST", "/api/v1/handoffs/{id}/close"),
]
BODIES = {"conduct": {"answer": False}, "sworn-statement": {"acceptance": "I accept"},
          "status": {"status": "under_review"}}


def _body_for(path: str) -> dict[str, object] | None:
    return next((b for key, b in BODIES.items() if path.endswith(key) or f"/{key}/" in path),
                None)


@pytest.mark.parametrize("value", [2**31, 2**63, 2**63 + 1, -(2**63) - 1, 10**40])
def test_an_id_no_row_can_have_is_a_404_on_every_integer_route(api: Api, value: int) -> None:
    edu = make_educator(api)
    for method, template in INT_ID_ROUTES:
        path = template.format(id=value)
        headers = staff_headers(api, "certification") if "/staff/" in path else edu.headers
        if "/handoffs/" in path:
            headers = staff_headers(api, "helpdesk")
        resp = api.request(method, path, headers=headers, json=_body_for(path))
        assert_error(resp, 404, "not_found")


def test_the_largest_id_in_range_is_an_ordinary_not_found(api: Api) -> None:
    edu = make_educator(api, link=True)
    resp = api.get(f"/api/v1/me/applications/{2**31 - 1}", headers=edu.headers)
    assert_error(resp, 404, "not_found")


# A lone surrogate is valid JSON ("\ud800") but not valid Unicode text.
SURROGATE_BODIES = [
    ("POST", "/api/v1/accounts", '{"username": "ab\\ud800cd", "email": "a@example.org"}',
     "username"),
    ("POST", "/api/v1/auth/token", '{"username": "x\\ud800", "password": "p"}', "username"),
    ("POST", "/api/v1/auth/code", '{"username": "x\\udfff"}', "username"),
    ("POST", "/api/v1/auth/forgot-username", '{"email": "a\\ud800@example.org"}', "email"),
    ("POST", "/api/v1/accounts/password", '{"token": "\\ud800", "password": "abcdefg1"}',
     "token"),
]


@pytest.mark.parametrize(("method", "path", "raw", "field"), SURROGATE_BODIES)
def test_a_lone_surrogate_in_a_json_string_is_a_422_validation_error(
        api: Api, method: str, path: str, raw: str, field: str) -> None:
    resp = api.request(method, path, content=raw.encode(),
                       headers={"Content-Type": "application/json"})
    error = assert_error(resp, 422, "validation_error")
    assert error["details"] == {"fields": [{"field": field,
                                            "message": "must be valid Unicode text"}]}


def test_a_lone_surrogate_in_a_signed_in_write_is_refused_and_changes_nothing(api: Api) -> None:
    edu = make_educator(api, link=True)
    before = api.get("/api/v1/me/profile", headers=edu.headers).json()
    for method, path, raw in [
        ("PUT", "/api/v1/me/contact", '{"email": "a@example.org", "city": "Col\\ud800umbia"}'),
        ("PATCH", "/api/v1/me/profile", '{"city": "\\udc00"}'),
        ("PUT", "/api/v1/me/profile", '{"first_name": "A\\ud800", "last_name": "B"}'),
        ("POST", "/api/v1/me/education/colleges", '{"name": "\\ud800 College"}'),
        ("POST", "/api/v1/me/applications", '{"type": "\\ud800"}'),
        ("POST", "/api/v1/me/link", '{"ssn": "\\ud800", "date_of_birth": "1990-01-01"}'),
    ]:
        resp = api.request(method, path, content=raw.encode(),
                           headers={**edu.headers, "Content-Type": "application/json"})
        assert_error(resp, 422, "validation_error")
    assert api.get("/api/v1/me/profile", headers=edu.headers).json() == before
    staff = staff_headers(api, "certification")
    resp = api.put(f"/api/v1/staff/educators/{edu.educator_id}/background",
                   content=b'{"status": "pending", "agency": "\\ud800"}',
                   headers={**staff, "Content-Type": "application/json"})
    assert_error(resp, 422, "validation_error")


def test_a_background_cleared_on_9999_12_31_is_a_422_and_changes_nothing(api: Api) -> None:
    edu = make_educator(api, link=True)
    staff = staff_headers(api, "certification")
    path = f"/api/v1/staff/educators/{edu.educator_id}/background"
    resp = api.put(path, headers=staff, json={"status": "cleared", "cleared_on": "9999-12-31"})
    error = assert_error(resp, 422, "validation_error")
    assert error["details"] == {"fields": [{"field": "cleared_on",
                                            "message": "must not be in the future"}]}
    assert api.get("/api/v1/me/background", headers=edu.headers).json()["status"] == "not_started"


@pytest.mark.parametrize(("body", "field"), [
    ({"status": "pending", "fingerprinted_on": "9999-12-31"}, "fingerprinted_on"),
    ({"status": "pending", "fingerprinted_on": "1850-01-01"}, "fingerprinted_on"),
    ({"status": "cleared", "cleared_on": "2025-01-10", "expires_on": "9999-12-31"},
     "expires_on"),
    ({"status": "cleared", "cleared_on": "2025-01-10", "expires_on": "2024-01-10"},
     "expires_on"),
])
def test_background_dates_out_of_bounds_are_refused(
        api: Api, body: dict[str, str], field: str) -> None:
    edu = make_educator(api, link=True)
    resp = api.put(f"/api/v1/staff/educators/{edu.educator_id}/background",
                   headers=staff_headers(api, "certification"), json=body)
    error = assert_error(resp, 422, "validation_error")
    assert error["details"]["fields"][0]["field"] == field


def test_other_record_dates_in_the_far_future_are_refused(api: Api) -> None:
    edu = make_educator(api, link=True)
    staff = staff_headers(api, "certification")
    base = f"/api/v1/staff/educators/{edu.educator_id}"
    for path, body, field in [
        ("/assessments", {"name": "Praxis", "code": "5038", "score": 170, "passing_score": 157,
                          "taken_on": "9999-12-31"}, "taken_on"),
        ("/certificates", {"type": "Initial Professional Certificate", "area": "English",
                           "issued_on": "9999-12-31"}, "issued_on"),
        ("/certificates", {"type": "Initial Professional Certificate", "area": "English",
                           "issued_on": "2025-07-01", "expires_on": "9999-12-31"}, "expires_on"),
        ("/transcripts", {"college": "Truman State University", "conferred_on": "9999-12-31"},
         "conferred_on"),
    ]:
        error = assert_error(api.post(base + path, headers=staff, json=body), 422,
                             "validation_error")
        assert error["details"]["fields"][0]["field"] == field
    summary = api.get(base, headers=staff).json()
    assert summary["assessments"] == [] and summary["certificates"] == []
    assert summary["transcripts"] == []


@pytest.mark.parametrize("role", ["helpdesk", "certification"])
def test_the_staff_summary_of_an_educator_with_applications_is_200(api: Api, role: str) -> None:
    edu = make_educator(api, link=True)
    for type_ in ("substitute", "initial_professional"):
        resp = api.post("/api/v1/me/applications", headers=edu.headers, json={"type": type_})
        assert resp.status_code == 201, resp.text
    app_id = resp.json()["id"]
    staff = staff_headers(api, role)
    resp = api.get(f"/api/v1/staff/educators/{edu.educator_id}", headers=staff)
    assert resp.status_code == 200, resp.text
    apps = resp.json()["applications"]
    assert [a["type"] for a in apps] == ["substitute", "initial_professional"]
    assert apps[1]["id"] == app_id and apps[1]["status"] == "draft"
    assert "document" not in apps[1]


def test_a_405_names_the_allowed_methods(api: Api) -> None:
    resp = api.post("/health")
    assert_error(resp, 405, "method_not_allowed")
    assert {m.strip() for m in resp.headers["allow"].split(",")} >= {"GET", "HEAD"}
    resp = api.delete("/api/v1/me")
    assert_error(resp, 405, "method_not_allowed")
    assert "GET" in resp.headers["allow"]


# ------------------------------------------------------------------ security headers
HTML_PAGES = ["/", "/set-password", "/set-password?token=abc", "/staff/login", "/docs"]


@pytest.mark.parametrize("server", ["sqlite"], indirect=True)
def test_every_html_page_forbids_framing_and_carries_a_policy(api: Api) -> None:
    # The headers are set by the app, whatever the database: one backend is enough.
    for path in HTML_PAGES:
        resp = api.get(path, follow_redirects=True)
        assert resp.status_code == 200, path
        assert resp.headers["content-type"].startswith("text/html"), path
        assert resp.headers["x-frame-options"] == "DENY", path
        csp = resp.headers["content-security-policy"]
        assert "frame-ancestors 'none'" in csp and "default-src 'self'" in csp, path
        assert resp.headers["x-content-type-options"] == "nosniff", path
        assert "strict-transport-security" not in resp.headers  # not outside production
    set_password = api.get("/set-password").headers["content-security-policy"]
    assert "'unsafe-inline'" not in set_password and "script-src 'sha256-" in set_password


@pytest.mark.parametrize("server", ["sqlite"], indirect=True)
def test_json_and_error_answers_carry_nosniff_without_a_page_policy(api: Api) -> None:
    for resp in (api.get("/health"), api.get("/api/v1/nope"), api.get("/api/v1/me")):
        assert resp.headers["x-content-type-options"] == "nosniff"
        assert "content-security-policy" not in resp.headers


# ------------------------------------------------------------------ production
PRODUCTION = {"APP_ENV": "production", "LOG_SQL": "false"}


@pytest.fixture
def production(server: Server, running_backends: RunningBackends) -> Iterator[str]:
    """The same backend code and database, started with APP_ENV=production."""
    env = {k: v for k, v in server.env.items() if k != "PUBLIC_BASE_URL"}
    production = running_backends.start({**env, **PRODUCTION},
                                        LOG_DIR / f"backend-production-{server.name}.log")
    try:
        yield production.url
    finally:
        production.stop()


@pytest.mark.parametrize("server", ["sqlite"], indirect=True)
def test_production_sends_hsts_everywhere_and_hides_the_api_docs(production: str) -> None:
    with httpx.Client(verify=TLS, base_url=production, timeout=30) as client:
        for path in ["/health", "/", "/set-password", "/staff/login", "/api/v1/nope",
                     "/api/v1/me"]:
            resp = client.get(path)
            assert resp.headers["strict-transport-security"].startswith("max-age="), path
        for path in ["/set-password", "/staff/login", "/"]:
            assert client.get(path).headers["x-frame-options"] == "DENY"
        for path in ["/docs", "/docs/openapi.json", "/docs/swagger", "/dev/outbox"]:
            assert_error(client.get(path), 404, "not_found")


@pytest.mark.parametrize("server", ["sqlite"], indirect=True)
def test_production_shows_the_api_docs_only_when_a_setting_turns_them_on(server: Server) -> None:
    from backend.settings import Settings

    secrets = {k: server.env[k] for k in ("SERVICE_API_KEY", "SECRET_KEY", "SSN_HMAC_KEY",
                                          "SSN_ENCRYPTION_KEY")}
    keys = {k.lower(): v for k, v in secrets.items()}
    assert Settings(app_env="production", **keys).docs_enabled is False
    assert Settings(app_env="production", api_docs=True, **keys).docs_enabled is True
    assert Settings(app_env="development").docs_enabled is True
    assert Settings(app_env="test", api_docs=False).docs_enabled is False


@pytest.mark.parametrize("server", ["sqlite", "postgres"], indirect=True)
def test_the_demo_seed_refuses_to_run_in_production(server: Server) -> None:
    before = server.sql("SELECT count(*) FROM accounts")[0][0]
    out = server.cli("seed", extra_env=PRODUCTION, expect=2)
    assert "refusing to seed demo data in production" in out
    assert "create-staff" in out
    assert server.sql("SELECT count(*) FROM accounts")[0][0] == before


def test_the_seed_function_itself_refuses_in_production() -> None:
    import asyncio
    from types import SimpleNamespace

    from backend.seed import SeedRefused, seed

    ctx = SimpleNamespace(settings=SimpleNamespace(is_production=True))
    with pytest.raises(SeedRefused):
        asyncio.run(seed(ctx, None))  # type: ignore[arg-type]

