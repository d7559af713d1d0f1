"""Expired codes, links and tokens are refused; recovery requests are rate-limited."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from urllib.parse import unquote

from tests.integration.backend.conftest import Api, assert_error, make_educator, unique_username
from tests.typed_secrets import PASSWORDS, record_secret

PAST = datetime.now(UTC) - timedelta(hours=1)


def _account_id(api: Api, username: str) -> int:
    return int(api.server.sql("SELECT id FROM accounts WHERE username_normalized = :u",
                              u=username.lower())[0][0])


def _expire(api: Api, table: str, account_id: int) -> None:
    with api.server.engine.begin() as conn:
        from sqlalchemy import text

        conn.execute(text(f"UPDATE {table} SET expires_at = :p WHERE account_id = :a"),
                     {"p": PAST, "a": account_id})


def test_an_expired_one_time_code_is_refused(api: Api) -> None:
    edu = make_educator(api, access=False)
    api.post("/api/v1/auth/code", json={"username": edu.username})
    match = re.search(r"\b(\d{6})\b", api.outbox(edu.email)[0]["body"])
    assert match
    code = match.group(1)
    record_secret("code", code)
    _expire(api, "login_codes", _account_id(api, edu.username))
    assert_error(api.post("/api/v1/auth/code/verify",
                          json={"username": edu.username, "code": code}), 401, "invalid_code")


def test_an_expired_set_password_link_is_refused(api: Api) -> None:
    name = unique_username()
    email = f"{name}@example.org"
    api.post("/api/v1/accounts", json={"username": name, "email": email})
    token = unquote(api.outbox(email)[0]["body"].split("set-password?token=")[1].split()[0])
    _expire(api, "password_tokens", _account_id(api, name))
    assert_error(api.post("/api/v1/accounts/password",
                          json={"token": token, "password": PASSWORDS[0]}), 400, "invalid_token")


def test_an_expired_bearer_token_is_not_authenticated(api: Api) -> None:
    edu = make_educator(api, access=False)
    assert api.get("/api/v1/me", headers=edu.headers).status_code == 200
    _expire(api, "auth_tokens", _account_id(api, edu.username))
    assert_error(api.get("/api/v1/me", headers=edu.headers), 401, "not_authenticated")


def test_forgot_username_requests_are_rate_limited(api: Api) -> None:
    email = f"{unique_username()}@example.org"
    for _ in range(3):
        assert api.post("/api/v1/auth/forgot-username", json={"email": email}).status_code == 202
    assert_error(api.post("/api/v1/auth/forgot-username", json={"email": email}),
                 429, "rate_limited")


def test_forgot_password_requests_are_rate_limited(api: Api) -> None:
    username = unique_username()
    for _ in range(3):
        assert api.post("/api/v1/auth/forgot-password",
                        json={"username": username}).status_code == 202
    assert_error(api.post("/api/v1/auth/forgot-password", json={"username": username}),
                 429, "rate_limited")
