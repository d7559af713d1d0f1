"""Health, docs, error bodies, the development outbox, the settings guard and what the
server log leaves out."""

from __future__ import annotations

import pytest

from backend.settings import Settings
from tests.integration.backend.conftest import LOG_DIR, Api, assert_error, make_educator
from tests.typed_secrets import PASSWORDS


def test_health_answers_ok(api: Api) -> None:
    resp = api.get("/health")
    assert resp.status_code == 200
    assert resp.json() == {"status": "ok"}


def test_openapi_spec_is_served_under_docs(api: Api) -> None:
    resp = api.get("/docs/openapi.json")
    assert resp.status_code == 200
    spec = resp.json()
    assert "/api/v1/me/link" in spec["paths"]
    assert "/api/v1/accounts" in spec["paths"]
    assert api.get("/docs").status_code == 200


def test_an_unknown_path_gets_a_not_found_error_body(api: Api) -> None:
    assert_error(api.get("/api/v1/nothing-here"), 404, "not_found")


def test_a_wrong_method_gets_405_with_an_error_body(api: Api) -> None:
    assert_error(api.delete("/health"), 405, "method_not_allowed")


def test_malformed_json_is_a_validation_error_that_echoes_nothing(api: Api) -> None:
    resp = api.post("/api/v1/accounts", content=b'{"username": "secret-value-123",',
                    headers={"Content-Type": "application/json"})
    err = assert_error(resp, 422, "validation_error")
    assert "secret-value-123" not in resp.text
    assert err["details"]["fields"][0]["field"] == "body"


def test_missing_fields_are_listed_without_their_values(api: Api) -> None:
    resp = api.post("/api/v1/accounts", json={"username": "Someone9"})
    err = assert_error(resp, 422, "validation_error")
    assert {"field": "email", "message": "Field required"} in err["details"]["fields"]
    assert "Someone9" not in resp.text


def test_the_dev_outbox_exists_in_test_mode(api: Api) -> None:
    resp = api.get("/dev/outbox", params={"to": "nobody@example.org"})
    assert resp.status_code == 200
    assert resp.json() == {"messages": []}


def test_bound_values_stay_out_of_the_server_log(api: Api) -> None:
    """The test servers log at DEBUG with every SQL statement (LOG_SQL): a statement is
    logged, its values (an e-mail address, a password hash) never are, neither by
    SQLAlchemy (`hide_parameters`) nor by the database driver's own debug log."""
    log_file = LOG_DIR / f"backend-server-{api.server.name}.log"
    start = log_file.stat().st_size
    edu = make_educator(api, access=False, password=PASSWORDS[0])
    with log_file.open("rb") as fh:  # written before each answer (only the access log waits)
        fh.seek(start)
        written = fh.read().decode("utf-8", errors="replace")
    assert "INSERT INTO accounts" in written
    assert edu.email not in written
    assert "$argon2id$" not in written


def test_settings_refuse_default_secrets_in_production() -> None:
    with pytest.raises(ValueError, match="SECRET_KEY"):
        Settings(app_env="production", database_url="sqlite:////tmp/x.db")


def test_production_has_no_dev_outbox_route(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from server.app import create_app

    strong = "x" * 40
    settings = Settings(app_env="production", database_url=f"sqlite:///{tmp_path}/p.db",
                        secret_key=strong + "1", ssn_hmac_key=strong + "2",
                        ssn_encryption_key=strong + "3", service_api_key=strong + "4")
    app = create_app(settings, name="prod_check")
    paths = {route.path for route in app.router.routes}
    assert "dev/outbox" not in paths
    assert "health" in paths


async def test_an_unexpected_error_becomes_internal_error_without_its_text() -> None:
    import json
    from types import SimpleNamespace

    from backend.api.errors import on_unexpected

    request = SimpleNamespace(method="POST", path="/api/v1/me/link")
    resp = await on_unexpected(request, RuntimeError("boom with private detail"))  # type: ignore[arg-type]
    assert resp.status == 500
    body = json.loads(resp.body)
    assert body == {"error": {"code": "internal_error",
                              "message": "Something went wrong on our side."}}
