"""Sign-in by password and by one-time code, throttling, rate limits, recovery, logout."""

from __future__ import annotations

import uuid
from typing import Any

import httpx
import pytest

from tests.integration.backend.conftest import (
    SERVICE_KEY,
    Api,
    assert_error,
    latest_code,
    make_educator,
    unique_username,
)
from tests.support.http import TLS
from tests.typed_secrets import PASSWORDS

TOKEN = "/api/v1/auth/token"


def _stranger(api: Api) -> Api:
    """Another client (conversation) of the same server."""
    other = Api(base_url=api.server.url, timeout=60,
                headers={"X-Service-Key": SERVICE_KEY, "X-Client-Id": f"t-{uuid.uuid4().hex}"})
    other.server = api.server
    return other


def test_signing_in_with_the_right_password_returns_a_bearer_token(api: Api) -> None:
    edu = make_educator(api, access=False, password=PASSWORDS[0])
    resp = api.post("/api/v1/auth/token", json={"username": edu.username.upper(),
                                                "password": edu.password})
    assert resp.status_code == 200
    body = resp.json()
    assert body["token_type"] == "bearer"
    assert 3000 <= body["expires_in"] <= 3600
    me = api.get("/api/v1/me", headers=api.as_token(body["access_token"])).json()
    assert me == {"username": edu.username, "email": edu.email, "role": "educator",
                  "access_granted": False, "linked": False, "educator_id": None}


def test_a_wrong_password_or_unknown_user_gets_invalid_credentials(api: Api) -> None:
    edu = make_educator(api, access=False, password=PASSWORDS[0])
    assert_error(api.post("/api/v1/auth/token", json={"username": edu.username,
                                                      "password": PASSWORDS[1]}),
                 401, "invalid_credentials")
    assert_error(api.post("/api/v1/auth/token", json={"username": unique_username(),
                                                      "password": PASSWORDS[1]}),
                 401, "invalid_credentials")


def test_five_wrong_passwords_throttle_that_client_but_never_the_owner(api: Api) -> None:
    edu = make_educator(api, access=False, password=PASSWORDS[0])
    with _stranger(api) as stranger:
        for _ in range(5):
            assert_error(stranger.post(TOKEN, json={"username": edu.username,
                                                    "password": PASSWORDS[1]}),
                         401, "invalid_credentials")
        refused = stranger.post(TOKEN, json={"username": edu.username, "password": edu.password})
        err = assert_error(refused, 429, "rate_limited")
        assert refused.headers["Retry-After"] == str(err["details"]["retry_after_seconds"])
    # The owner, from its own client, is not held up: no lock.
    assert api.post(TOKEN, json={"username": edu.username,
                                 "password": edu.password}).status_code == 200
    assert api.post("/api/v1/auth/code", json={"username": edu.username}).status_code == 202
    assert api.post("/api/v1/auth/code/verify",
                    json={"username": edu.username,
                          "code": latest_code(api, edu.email)}).status_code == 200


def test_a_one_time_code_signs_in_once(api: Api) -> None:
    edu = make_educator(api, access=False)
    resp = api.post("/api/v1/auth/code", json={"username": edu.username})
    assert resp.status_code == 202
    assert resp.json() == {"status": "sent"}
    code = latest_code(api, edu.email)
    ok = api.post("/api/v1/auth/code/verify", json={"username": edu.username, "code": code})
    assert ok.status_code == 200
    assert ok.json()["token_type"] == "bearer"
    assert api.get("/api/v1/me", headers=api.as_token(ok.json()["access_token"])).status_code == 200
    again = api.post("/api/v1/auth/code/verify", json={"username": edu.username, "code": code})
    assert_error(again, 401, "invalid_code")


@pytest.mark.parametrize("spell", [
    lambda c: "".join(chr(0x0660 + int(d)) for d in c),         # Arabic-Indic
    lambda c: "".join(chr(0xFF10 + int(d)) for d in c),         # fullwidth
    lambda c: f"{c[:3]} {c[3:]}",                                # spaced
])
def test_a_code_typed_in_other_digits_is_the_same_code(api: Api, spell: Any) -> None:
    edu = make_educator(api, access=False)
    assert api.post("/api/v1/auth/code", json={"username": edu.username}).status_code == 202
    code = latest_code(api, edu.email)
    ok = api.post("/api/v1/auth/code/verify", json={"username": edu.username,
                                                     "code": spell(code)})
    assert ok.status_code == 200, ok.text


def test_a_new_code_replaces_the_previous_one(api: Api) -> None:
    edu = make_educator(api, access=False)
    api.post("/api/v1/auth/code", json={"username": edu.username})
    first = latest_code(api, edu.email)
    api.post("/api/v1/auth/code", json={"username": edu.username})
    second = latest_code(api, edu.email)
    if first != second:
        assert_error(api.post("/api/v1/auth/code/verify",
                              json={"username": edu.username, "code": first}), 401, "invalid_code")
    assert api.post("/api/v1/auth/code/verify",
                    json={"username": edu.username, "code": second}).status_code == 200


def test_an_account_waiting_for_its_password_can_sign_in_with_a_code(api: Api) -> None:
    name = unique_username()
    email = f"{name}@example.org"
    api.post("/api/v1/accounts", json={"username": name, "email": email})
    api.post("/api/v1/auth/code", json={"username": name})
    code = latest_code(api, email)
    assert api.post("/api/v1/auth/code/verify",
                    json={"username": name, "code": code}).status_code == 200


def test_a_code_for_an_unknown_username_is_still_202_and_sends_nothing(api: Api) -> None:
    resp = api.post("/api/v1/auth/code", json={"username": unique_username()})
    assert resp.status_code == 202
    assert resp.json() == {"status": "sent"}


def test_a_code_takes_three_wrong_guesses_and_is_then_spent(api: Api) -> None:
    edu = make_educator(api, access=False)
    api.post("/api/v1/auth/code", json={"username": edu.username})
    code = latest_code(api, edu.email)
    wrong = f"{(int(code) + 1) % 1_000_000:06d}"
    for _ in range(3):
        assert_error(api.post("/api/v1/auth/code/verify",
                              json={"username": edu.username, "code": wrong}), 401, "invalid_code")
    assert_error(api.post("/api/v1/auth/code/verify",
                          json={"username": edu.username, "code": code}), 401, "invalid_code")
    # A new code works (the sign-in that follows clears this client's count).
    api.post("/api/v1/auth/code", json={"username": edu.username})
    assert api.post("/api/v1/auth/code/verify",
                    json={"username": edu.username,
                          "code": latest_code(api, edu.email)}).status_code == 200


def test_a_code_works_only_for_the_client_that_asked_for_it(api: Api) -> None:
    edu = make_educator(api, access=False)
    api.post("/api/v1/auth/code", json={"username": edu.username})
    code = latest_code(api, edu.email)
    with _stranger(api) as stranger:
        assert_error(stranger.post("/api/v1/auth/code/verify",
                                   json={"username": edu.username, "code": code}),
                     401, "invalid_code")
        # Asking for a code elsewhere does not replace the owner's code.
        assert stranger.post("/api/v1/auth/code",
                             json={"username": edu.username}).status_code == 202
    assert api.post("/api/v1/auth/code/verify",
                    json={"username": edu.username, "code": code}).status_code == 200


def test_a_code_for_an_unknown_username_is_invalid(api: Api) -> None:
    assert_error(api.post("/api/v1/auth/code/verify",
                          json={"username": unique_username(), "code": "000000"}),
                 401, "invalid_code")


def test_code_requests_are_rate_limited_per_account(api: Api) -> None:
    edu = make_educator(api, access=False)  # signing in used the first of five codes
    for _ in range(4):
        assert api.post("/api/v1/auth/code", json={"username": edu.username}).status_code == 202
    assert_error(api.post("/api/v1/auth/code", json={"username": edu.username}),
                 429, "rate_limited")


def test_sign_in_attempts_are_rate_limited_per_client(api: Api) -> None:
    statuses = []
    for _ in range(31):
        resp = api.post("/api/v1/auth/token", json={"username": unique_username(),
                                                    "password": PASSWORDS[1]})
        statuses.append(resp.status_code)
    assert statuses[:30] == [401] * 30
    assert_error(resp, 429, "rate_limited")
    # Another conversation (client) is not affected.
    other = api.post("/api/v1/auth/token", json={"username": unique_username(),
                                                 "password": PASSWORDS[1]},
                     headers={"X-Client-Id": f"t-{uuid.uuid4().hex}"})
    assert_error(other, 401, "invalid_credentials")


def test_a_client_id_is_trusted_only_with_the_service_key(api: Api) -> None:
    # Without the key, every "client" is the same remote address, so the limit is shared.
    with httpx.Client(verify=TLS, base_url=api.server.url, timeout=30) as anon:
        last = None
        for _ in range(31):
            last = anon.post("/api/v1/auth/code/verify",
                             json={"username": unique_username(), "code": "000000"},
                             headers={"X-Client-Id": uuid.uuid4().hex,
                                      "X-Service-Key": "wrong-" + SERVICE_KEY})
            if last.status_code == 429:
                break
        assert last is not None
        assert_error(last, 429, "rate_limited")


def test_forgot_username_emails_the_usernames_and_never_reveals_anything(api: Api) -> None:
    edu = make_educator(api, access=False)
    resp = api.post("/api/v1/auth/forgot-username", json={"email": edu.email.upper()})
    assert resp.status_code == 202 and resp.json() == {"status": "sent"}
    assert edu.username in api.outbox(edu.email)[0]["body"]
    unknown = api.post("/api/v1/auth/forgot-username", json={"email": "nobody-x@example.org"})
    assert unknown.status_code == 202 and unknown.json() == {"status": "sent"}
    assert api.outbox("nobody-x@example.org") == []


def test_forgot_password_emails_a_reset_link_that_sets_a_new_password(api: Api) -> None:
    edu = make_educator(api, access=False)
    resp = api.post("/api/v1/auth/forgot-password", json={"username": edu.username})
    assert resp.status_code == 202 and resp.json() == {"status": "sent"}
    body = api.outbox(edu.email)[0]["body"]
    token = body.split("set-password?token=")[1].split()[0]
    from urllib.parse import unquote

    ok = api.post("/api/v1/accounts/password", json={"token": unquote(token),
                                                     "password": PASSWORDS[1]})
    assert ok.status_code == 200
    assert api.post("/api/v1/auth/token", json={"username": edu.username,
                                                "password": PASSWORDS[1]}).status_code == 200
    unknown = api.post("/api/v1/auth/forgot-password", json={"username": unique_username()})
    assert unknown.status_code == 202


def test_logout_revokes_the_token(api: Api) -> None:
    edu = make_educator(api, access=False)
    assert api.post("/api/v1/auth/logout", headers=edu.headers).status_code == 204
    assert_error(api.get("/api/v1/me", headers=edu.headers), 401, "not_authenticated")
    assert_error(api.post("/api/v1/auth/logout", headers=edu.headers), 401, "not_authenticated")


def test_me_needs_a_valid_bearer_token(api: Api) -> None:
    assert_error(api.get("/api/v1/me"), 401, "not_authenticated")
    assert_error(api.get("/api/v1/me", headers={"Authorization": "Bearer at_forged.sig"}),
                 401, "not_authenticated")
    assert_error(api.get("/api/v1/me", headers={"Authorization": "Basic abc"}),
                 401, "not_authenticated")
