"""The educator profile: legal name once, identity fields immutable, contact editable."""

from __future__ import annotations

from tests.integration.backend.conftest import Api, assert_error, make_educator

FORM = "Update Personal/Education Information Form"


def test_the_profile_needs_a_linked_record(api: Api) -> None:
    edu = make_educator(api)
    assert_error(api.get("/api/v1/me/profile", headers=edu.headers), 409, "profile_not_linked")
    assert_error(api.put("/api/v1/me/profile", headers=edu.headers,
                         json={"first_name": "Ann", "last_name": "Lee"}), 409, "profile_not_linked")


def test_the_profile_shows_a_masked_ssn_and_never_the_date_of_birth(api: Api) -> None:
    edu = make_educator(api, link=True)
    assert edu.ssn and edu.dob
    resp = api.get("/api/v1/me/profile", headers=edu.headers)
    assert resp.status_code == 200
    body = resp.json()
    assert body["educator_id"] == edu.educator_id
    assert body["ssn_masked"] == "***-**-" + edu.ssn[-4:]
    assert body["legal_name"] is None
    assert body["contact"]["email"] == edu.email
    assert edu.ssn not in resp.text and edu.ssn.replace("-", "") not in resp.text
    assert edu.dob not in resp.text and "birth" not in resp.text


def test_the_legal_name_is_saved_once_and_then_cannot_change(api: Api) -> None:
    edu = make_educator(api, link=True)
    saved = api.put("/api/v1/me/profile", headers=edu.headers,
                    json={"first_name": "Ann", "middle_name": "B", "last_name": "O'Neil",
                          "gender": "Female"})
    assert saved.status_code == 200
    assert saved.json()["legal_name"] == {"first": "Ann", "middle": "B", "last": "O'Neil"}
    same = api.put("/api/v1/me/profile", headers=edu.headers,
                   json={"first_name": "Ann", "middle_name": "B", "last_name": "O'Neil"})
    assert same.status_code == 200
    changed = api.put("/api/v1/me/profile", headers=edu.headers,
                      json={"first_name": "Annie", "middle_name": "B", "last_name": "O'Neil"})
    err = assert_error(changed, 422, "immutable_field")
    assert FORM in err["message"]
    gender = api.put("/api/v1/me/profile", headers=edu.headers,
                     json={"first_name": "Ann", "middle_name": "B", "last_name": "O'Neil",
                           "gender": "Male"})
    assert_error(gender, 422, "immutable_field")
    assert api.get("/api/v1/me/profile", headers=edu.headers).json()["legal_name"]["first"] == "Ann"


def test_a_name_with_digits_is_a_validation_error(api: Api) -> None:
    edu = make_educator(api, link=True)
    resp = api.put("/api/v1/me/profile", headers=edu.headers,
                   json={"first_name": "Ann3", "last_name": "Lee"})
    assert_error(resp, 422, "validation_error")


def test_identity_fields_cannot_be_patched(api: Api) -> None:
    edu = make_educator(api, link=True)
    for field, value in (("ssn", "900-11-2222"), ("date_of_birth", "1970-01-01"),
                         ("first_name", "X"), ("last_name", "Y"), ("gender", "Other")):
        resp = api.patch("/api/v1/me/profile", headers=edu.headers, json={field: value})
        err = assert_error(resp, 422, "immutable_field")
        assert FORM in err["message"]
        assert value not in resp.text
    body = api.get("/api/v1/me/profile", headers=edu.headers).json()
    assert body["legal_name"] is None and body["gender"] is None


def test_contact_information_is_editable_and_email_is_required(api: Api) -> None:
    edu = make_educator(api, link=True)
    contact = {"email": "new.address@example.org", "address_line1": "12 Elm St",
               "city": "Columbia", "state": "MO", "postal_code": "65201",
               "mobile_phone": "573-555-0199"}
    resp = api.put("/api/v1/me/contact", headers=edu.headers, json=contact)
    assert resp.status_code == 200
    got = resp.json()["contact"]
    assert got["email"] == "new.address@example.org" and got["city"] == "Columbia"
    assert got["home_phone"] is None
    no_email = dict(contact, email="")
    assert_error(api.put("/api/v1/me/contact", headers=edu.headers, json=no_email),
                 422, "email_required")
    missing = {k: v for k, v in contact.items() if k != "email"}
    assert_error(api.put("/api/v1/me/contact", headers=edu.headers, json=missing),
                 422, "email_required")
    assert_error(api.put("/api/v1/me/contact", headers=edu.headers,
                         json=dict(contact, email="not-an-email")), 422, "invalid_email")
    assert_error(api.put("/api/v1/me/contact", headers=edu.headers,
                         json=dict(contact, home_phone="call me maybe")), 422, "validation_error")
    # PATCH may change contact fields only.
    patched = api.patch("/api/v1/me/profile", headers=edu.headers, json={"city": "Rolla"})
    assert patched.status_code == 200
    assert patched.json()["contact"]["city"] == "Rolla"
    assert patched.json()["contact"]["email"] == "new.address@example.org"
