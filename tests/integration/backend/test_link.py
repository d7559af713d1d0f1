"""Request access and link SSN + date of birth: one username per SSN."""

from __future__ import annotations

import asyncio
import uuid

import httpx
import pytest

from tests.integration.backend.conftest import SERVICE_KEY, Api, assert_error, make_educator
from tests.support.http import TLS
from tests.typed_secrets import DOBS, record_secret

# Zero of the digit scripts people type SSNs in (issue 14): the backend must read every
# spelling as the same ASCII SSN, so a second account cannot open a second record.
ZEROS = {"arabic-indic": "\u0660", "fullwidth": "\uff10", "devanagari": "\u0966",
         "persian": "\u06f0", "bengali": "\u09e6", "ascii": "0"}
SEPARATORS = {"en-dash": "\u2013", "em-dash": "\u2014", "minus": "\u2212",
              "non-breaking-hyphen": "\u2011", "no-break-space": "\u00a0", "dot": ".",
              "hyphen": "-", "none": ""}


def spell(text: str, script: str, separator: str = "hyphen") -> str:
    """The ASCII digits of `text` written in another script, its dashes replaced."""
    zero = ord(ZEROS[script])
    out = "".join(chr(zero + int(c)) if c.isdigit() else c for c in text)
    return out.replace("-", SEPARATORS[separator])


def spellings(ssn: str) -> list[str]:
    """Every script with en dashes, every separator in Arabic-Indic, and a mix of scripts."""
    out = [spell(ssn, script, "en-dash") for script in ZEROS]
    out += [spell(ssn, "arabic-indic", sep) for sep in SEPARATORS]
    mixed = "".join(spell(c, list(ZEROS)[i % len(ZEROS)]) for i, c in enumerate(ssn))
    out += [mixed, spell(ssn, "fullwidth", "hyphen"), spell(ssn, "devanagari", "em-dash"),
            spell(ssn, "persian", "no-break-space")]
    for variant in out:
        record_secret("ssn", variant)  # the privacy scan looks for these spellings too
    return out


def test_requesting_access_is_a_grant_created_once(api: Api) -> None:
    edu = make_educator(api, access=False)
    first = api.post("/api/v1/me/access", headers=edu.headers)
    assert first.status_code == 201
    assert first.json()["system"] == "educator_certification"
    again = api.post("/api/v1/me/access", headers=edu.headers)
    assert again.status_code == 200
    assert again.json() == first.json()
    assert api.get("/api/v1/me", headers=edu.headers).json()["access_granted"] is True


def test_linking_without_access_is_refused(api: Api) -> None:
    edu = make_educator(api, access=False)
    resp = api.post("/api/v1/me/link", headers=edu.headers,
                    json={"ssn": api.server.next_ssn(), "date_of_birth": DOBS[0]})
    assert_error(resp, 403, "access_not_granted")


def test_the_first_link_creates_the_record_and_repeating_it_is_idempotent(api: Api) -> None:
    edu = make_educator(api)
    ssn = api.server.next_ssn()
    resp = api.post("/api/v1/me/link", headers=edu.headers,
                    json={"ssn": ssn, "date_of_birth": DOBS[1]})
    assert resp.status_code == 201
    body = resp.json()
    assert set(body) == {"educator_id", "ssn_last4"}
    assert body["ssn_last4"] == ssn[-4:]
    assert body["educator_id"].isdigit() and len(body["educator_id"]) == 7
    assert ssn not in resp.text
    # Same data, typed differently (no dashes, US date): the same answer with 200.
    y, m, d = DOBS[1].split("-")
    again = api.post("/api/v1/me/link", headers=edu.headers,
                     json={"ssn": ssn.replace("-", ""), "date_of_birth": f"{m}/{d}/{y}"})
    assert again.status_code == 200
    assert again.json() == body
    me = api.get("/api/v1/me", headers=edu.headers).json()
    assert me["linked"] is True and me["educator_id"] == body["educator_id"]


def test_an_ssn_linked_to_another_account_is_refused_with_the_forgot_username_advice(
        api: Api) -> None:
    owner = make_educator(api, link=True)
    other = make_educator(api)
    resp = api.post("/api/v1/me/link", headers=other.headers,
                    json={"ssn": owner.ssn, "date_of_birth": owner.dob})
    err = assert_error(resp, 409, "ssn_linked_to_other_account")
    assert "Forgot Username/Password" in err["message"]
    assert "not create another username" in err["message"]
    assert owner.username not in resp.text and owner.ssn not in resp.text  # type: ignore[operator]


@pytest.mark.parametrize("script", ["arabic-indic", "fullwidth", "devanagari", "persian"])
def test_a_linked_ssn_written_in_another_digit_script_is_the_same_ssn(
        api: Api, script: str) -> None:
    owner = make_educator(api, link=True)
    assert owner.ssn and owner.dob
    for separator in ("en-dash", "hyphen", "em-dash"):
        other = make_educator(api)
        resp = api.post("/api/v1/me/link", headers=other.headers,
                        json={"ssn": spell(owner.ssn, script, separator),
                              "date_of_birth": spell(owner.dob, script, separator)})
        err = assert_error(resp, 409, "ssn_linked_to_other_account")
        assert "Forgot Username/Password" in err["message"]
    # The owner typing it that way is the same link, not a second one.
    again = api.post("/api/v1/me/link", headers=owner.headers,
                     json={"ssn": spell(owner.ssn, script, "en-dash"),
                           "date_of_birth": spell(owner.dob, script)})
    assert again.status_code == 200, again.text
    assert again.json()["educator_id"] == owner.educator_id
    rows = api.server.sql("SELECT count(*) FROM educator_profiles WHERE ssn_last4 = :l",
                          l=owner.ssn[-4:])
    assert rows[0][0] == 1


def test_a_never_issued_ssn_in_arabic_indic_digits_is_refused_as_never_issued(
        api: Api) -> None:
    edu = make_educator(api)
    for typed in ("\u0660\u0660\u0660-\u0661\u0662-\u0663\u0664\u0665\u0666",
                  "\uff16\uff16\uff16\u2013\uff11\uff12\u2013\uff13\uff14\uff15\uff16"):
        resp = api.post("/api/v1/me/link", headers=edu.headers,
                        json={"ssn": typed, "date_of_birth": DOBS[0]})
        err = assert_error(resp, 422, "invalid_ssn")
        assert err["details"] == {"reason": "ssn_never_issued"}
        assert typed not in resp.text and "3456" not in resp.text
    assert api.get("/api/v1/me", headers=edu.headers).json()["linked"] is False


def test_an_account_linked_to_one_ssn_cannot_link_another(api: Api) -> None:
    edu = make_educator(api, link=True)
    resp = api.post("/api/v1/me/link", headers=edu.headers,
                    json={"ssn": api.server.next_ssn(), "date_of_birth": DOBS[2]})
    assert_error(resp, 409, "account_already_linked")


def test_a_known_ssn_with_the_wrong_date_of_birth_reveals_nothing(api: Api) -> None:
    owner = make_educator(api, link=True)
    other = make_educator(api)
    resp = api.post("/api/v1/me/link", headers=other.headers,
                    json={"ssn": owner.ssn, "date_of_birth": DOBS[3]})
    err = assert_error(resp, 422, "identity_not_verified")
    assert "another" not in err["message"].lower()
    # The owner with a wrong date of birth is refused the same way.
    resp = api.post("/api/v1/me/link", headers=owner.headers,
                    json={"ssn": owner.ssn, "date_of_birth": DOBS[3]})
    assert_error(resp, 422, "identity_not_verified")


def test_an_invalid_ssn_is_refused_without_echoing_it(api: Api) -> None:
    edu = make_educator(api)
    for bad in ("12345", "000-12-3456", "666-12-3456", "123-00-4567", "abc-de-fghi"):
        resp = api.post("/api/v1/me/link", headers=edu.headers,
                        json={"ssn": bad, "date_of_birth": DOBS[0]})
        assert_error(resp, 422, "invalid_ssn")
        assert bad not in resp.text


def test_an_invalid_date_of_birth_is_refused(api: Api) -> None:
    edu = make_educator(api)
    for bad in ("1990-13-01", "yesterday", "2024-01-01", "1850-01-01"):
        resp = api.post("/api/v1/me/link", headers=edu.headers,
                        json={"ssn": "900-45-6789", "date_of_birth": bad})
        assert_error(resp, 422, "invalid_date_of_birth")


def test_link_attempts_are_rate_limited_per_account(api: Api) -> None:
    edu = make_educator(api)
    for _ in range(5):
        assert_error(api.post("/api/v1/me/link", headers=edu.headers,
                              json={"ssn": "12", "date_of_birth": DOBS[0]}), 422, "invalid_ssn")
    assert_error(api.post("/api/v1/me/link", headers=edu.headers,
                          json={"ssn": "12", "date_of_birth": DOBS[0]}), 429, "rate_limited")


def test_link_attempts_are_rate_limited_per_client(api: Api) -> None:
    educators = [make_educator(api) for _ in range(5)]
    for edu in educators:
        for _ in range(4):
            assert_error(api.post("/api/v1/me/link", headers=edu.headers,
                                  json={"ssn": "12", "date_of_birth": DOBS[0]}),
                         422, "invalid_ssn")
    fresh = make_educator(api)
    assert_error(api.post("/api/v1/me/link", headers=fresh.headers,
                          json={"ssn": "12", "date_of_birth": DOBS[0]}), 429, "rate_limited")


def test_the_ssn_and_date_of_birth_are_stored_only_hashed_and_encrypted(api: Api) -> None:
    edu = make_educator(api, link=True)
    assert edu.ssn and edu.dob
    rows = api.server.sql(
        "SELECT ssn_hmac, ssn_encrypted, ssn_last4, dob_hmac, dob_encrypted "
        "FROM educator_profiles WHERE educator_id = :e", e=edu.educator_id)
    assert len(rows) == 1
    stored = " ".join(str(v) for v in rows[0])
    digits = edu.ssn.replace("-", "")
    assert digits not in stored and edu.ssn not in stored and edu.dob not in stored
    assert rows[0][2] == digits[-4:]


@pytest.mark.parametrize("spelled", [False, True], ids=["ascii", "every-script-and-separator"])
def test_twenty_concurrent_links_of_one_ssn_from_different_accounts_let_exactly_one_win(
        api: Api, spelled: bool) -> None:
    educators = [make_educator(api) for _ in range(20)]
    ssn = api.server.next_ssn()
    # Spelled: each account types the SSN (and the date of birth) its own way.
    typed = spellings(ssn) if spelled else [ssn]
    dob_typed = [spell(DOBS[4], script) for script in ZEROS] if spelled else [DOBS[4]]

    async def race() -> list[httpx.Response]:
        async with httpx.AsyncClient(verify=TLS, base_url=api.server.url, timeout=60,
                                     limits=httpx.Limits(max_connections=40)) as client:
            return list(await asyncio.gather(*[
                client.post("/api/v1/me/link",
                            json={"ssn": typed[i % len(typed)],
                                  "date_of_birth": dob_typed[i % len(dob_typed)]},
                            headers={**edu.headers, "X-Service-Key": SERVICE_KEY,
                                     "X-Client-Id": f"race-{uuid.uuid4().hex}"})
                for i, edu in enumerate(educators)
            ]))

    responses = asyncio.run(race())
    statuses = sorted(r.status_code for r in responses)
    assert statuses == [201] + [409] * 19, [r.text for r in responses if r.status_code != 409]
    for resp in responses:
        if resp.status_code == 409:
            assert resp.json()["error"]["code"] == "ssn_linked_to_other_account"
    rows = api.server.sql("SELECT count(*) FROM educator_profiles WHERE ssn_last4 = :l",
                          l=ssn[-4:])
    assert rows[0][0] == 1
