"""Creating accounts, username rules, set-password links."""

from __future__ import annotations

import asyncio
import re
import uuid
from urllib.parse import parse_qs, urlparse

import httpx
import pytest

from tests.integration.backend.conftest import Api, assert_error, unique_username
from tests.support.http import TLS
from tests.typed_secrets import PASSWORDS


def _set_password_token(api: Api, email: str) -> str:
    body = api.outbox(email)[0]["body"]
    match = re.search(r"(http\S+/set-password\?token=\S+)", body)
    assert match, "no set-password link in the mail"
    return parse_qs(urlparse(match.group(1)).query)["token"][0]


def test_an_account_with_a_password_is_created_active(api: Api) -> None:
    name = unique_username()
    resp = api.post("/api/v1/accounts", json={"username": name, "email": f"{name}@example.org",
                                              "password": PASSWORDS[0]})
    assert resp.status_code == 201
    assert resp.json() == {"username": name, "email": f"{name}@example.org", "state": "active"}


def test_an_account_without_a_password_waits_for_the_emailed_link(api: Api) -> None:
    name = unique_username()
    email = f"{name}@example.org"
    resp = api.post("/api/v1/accounts", json={"username": name, "email": email})
    assert resp.status_code == 201
    assert resp.json()["state"] == "pending_password"
    token = _set_password_token(api, email)
    assert api.server.url + "/set-password?token=" in api.outbox(email)[0]["body"]

    # The same answer as for a made-up username (no enumeration); it signs in by code.
    assert_error(api.post("/api/v1/auth/token", json={"username": name, "password": "x1x1x1x1"}),
                 401, "invalid_credentials")
    assert_error(api.post("/api/v1/accounts/password", json={"token": token, "password": "short"}),
                 422, "weak_password")
    resp = api.post("/api/v1/accounts/password", json={"token": token, "password": PASSWORDS[1]})
    assert resp.status_code == 200
    assert resp.json() == {"username": name, "state": "active"}
    assert api.post("/api/v1/auth/token",
                    json={"username": name, "password": PASSWORDS[1]}).status_code == 200
    # The link works once.
    assert_error(api.post("/api/v1/accounts/password",
                          json={"token": token, "password": PASSWORDS[2]}), 400, "invalid_token")


def test_the_set_password_page_is_served(api: Api) -> None:
    resp = api.get("/set-password", params={"token": "whatever"})
    assert resp.status_code == 200
    assert "/api/v1/accounts/password" in resp.text


def test_an_unknown_set_password_token_is_refused(api: Api) -> None:
    assert_error(api.post("/api/v1/accounts/password",
                          json={"token": "pw_forged.token", "password": PASSWORDS[0]}),
                 400, "invalid_token")


@pytest.mark.parametrize("username", ["abc", "1abcdef", "has space", "a" * 31, "bad!chars",
                                      "_leading"])
def test_a_username_that_breaks_the_rules_is_refused(api: Api, username: str) -> None:
    resp = api.post("/api/v1/accounts", json={"username": username, "email": "x@example.org",
                                              "password": PASSWORDS[0]})
    assert_error(resp, 422, "invalid_username")


@pytest.mark.parametrize("email", ["", "no-at-sign", "a@b", "two@@example.org", "sp ace@x.org"])
def test_an_invalid_email_is_refused(api: Api, email: str) -> None:
    resp = api.post("/api/v1/accounts", json={"username": unique_username(), "email": email,
                                              "password": PASSWORDS[0]})
    assert_error(resp, 422, "invalid_email")


@pytest.mark.parametrize("password", ["short1", "allletters", "12345678", "a1" * 65])
def test_a_weak_password_is_refused(api: Api, password: str) -> None:
    resp = api.post("/api/v1/accounts", json={"username": unique_username(),
                                              "email": "x@example.org", "password": password})
    assert_error(resp, 422, "weak_password")


def test_a_username_is_taken_regardless_of_case(api: Api) -> None:
    name = unique_username("Case")
    ok = api.post("/api/v1/accounts", json={"username": name, "email": "c@example.org",
                                            "password": PASSWORDS[0]})
    assert ok.status_code == 201
    resp = api.post("/api/v1/accounts", json={"username": name.upper(), "email": "d@example.org",
                                              "password": PASSWORDS[0]})
    assert_error(resp, 409, "username_taken")


def test_availability_says_whether_a_username_can_be_used(api: Api) -> None:
    name = unique_username()
    resp = api.get("/api/v1/accounts/availability", params={"username": name})
    assert resp.json() == {"username": name, "available": True}
    api.post("/api/v1/accounts", json={"username": name, "email": "e@example.org",
                                       "password": PASSWORDS[0]})
    taken = api.get("/api/v1/accounts/availability", params={"username": name.upper()}).json()
    assert taken["available"] is False and taken["code"] == "username_taken"
    bad = api.get("/api/v1/accounts/availability", params={"username": "1x"}).json()
    assert bad["available"] is False and bad["code"] == "invalid_username"


def test_passwords_are_stored_only_as_argon2id_hashes(api: Api) -> None:
    name = unique_username()
    api.post("/api/v1/accounts", json={"username": name, "email": "h@example.org",
                                       "password": PASSWORDS[0]})
    rows = api.server.sql("SELECT password_hash FROM accounts WHERE username_normalized = :u",
                          u=name.lower())
    assert rows[0][0].startswith("$argon2id$")


def test_a_second_account_with_an_educators_email_is_refused_and_the_username_mailed(
        api: Api) -> None:
    first = unique_username("Mail")
    email = f"{first}@Example.org"
    assert api.post("/api/v1/accounts", json={"username": first, "email": email}).status_code \
        == 201
    second = unique_username("Mail")
    # Typed in other capitals and with spaces around it: the same address.
    resp = api.post("/api/v1/accounts", json={"username": second,
                                              "email": f"  {email.upper()} "})
    assert_error(resp, 409, "email_in_use")
    assert first not in resp.text  # the username goes to the address, not to the asker
    # Nothing half-written: the second username is still free; the first owner is told.
    free = api.get("/api/v1/accounts/availability", params={"username": second}).json()
    assert free["available"] is True
    bodies = [m["body"] for m in api.outbox(email)]
    assert any(first in b for b in bodies[-1:]), bodies
    assert api.server.sql("SELECT count(*) FROM accounts WHERE email_normalized = :e",
                          e=email.lower())[0][0] == 1


def test_concurrent_accounts_with_one_email_let_exactly_one_be_created(api: Api) -> None:
    email = f"{unique_username('race')}@example.org"

    async def race() -> list[httpx.Response]:
        async with httpx.AsyncClient(verify=TLS, base_url=api.server.url, timeout=60) as client:
            return list(await asyncio.gather(*[
                client.post("/api/v1/accounts", json={"username": unique_username("r"),
                                                      "email": email},
                            headers={"X-Client-Id": f"race-{uuid.uuid4().hex}"})
                for _ in range(8)]))

    responses = asyncio.run(race())
    assert sorted(r.status_code for r in responses) == [201] + [409] * 7, \
        [r.text for r in responses]
    assert {r.json()["error"]["code"] for r in responses if r.status_code == 409} == \
        {"email_in_use"}
    assert api.server.sql("SELECT count(*) FROM accounts WHERE email_normalized = :e",
                          e=email)[0][0] == 1
