"""The operator command line and the demo data."""

from __future__ import annotations

import pytest

from tests.integration.backend.conftest import Api, assert_error, make_educator, staff_headers

DEMO_PASSWORD = "Demo-pass-2026"


def test_seeding_twice_gives_the_same_demo_data(api: Api) -> None:
    first = api.server.cli("seed")
    second = api.server.cli("seed")
    assert "jordan.rivera" in first and "maria.chen" in first and "sam.patel" in first
    assert second.count("exists") == 4
    assert DEMO_PASSWORD not in first + second
    counts = api.server.sql("SELECT count(*) FROM accounts WHERE username_normalized IN "
                            "('jordan.rivera', 'maria.chen', 'sam.patel', 'helpdesk.demo', "
                            "'certify.demo', 'district.demo', 'admin.demo')")
    assert counts[0][0] == 7


def test_the_demo_educators_are_in_the_documented_situations(api: Api) -> None:
    api.server.cli("seed")

    def sign_in(username: str) -> dict[str, str]:
        resp = api.post("/api/v1/auth/token", json={"username": username,
                                                    "password": DEMO_PASSWORD})
        assert resp.status_code == 200, resp.text
        return api.as_token(resp.json()["access_token"])

    jordan = sign_in("jordan.rivera")
    apps = api.get("/api/v1/me/applications", headers=jordan).json()["applications"]
    assert apps[0]["status"] == "under_review" and apps[0]["memo"]
    maria = sign_in("maria.chen")
    assert api.get("/api/v1/me/background", headers=maria).json()["status"] == "cleared"
    certs = api.get("/api/v1/me/certificates", headers=maria).json()["certificates"]
    assert certs[0]["status"] == "active"
    assert api.get("/api/v1/me/assessments", headers=maria).json()["assessments"][0]["passed"]
    assert api.get("/api/v1/me/education", headers=maria).json()["transcripts"]
    sam = sign_in("sam.patel")
    me = api.get("/api/v1/me", headers=sam).json()
    assert me["linked"] is False and me["access_granted"] is False
    for staff in ("helpdesk.demo", "certify.demo", "district.demo"):
        assert api.get("/api/v1/me", headers=sign_in(staff)).json()["role"] != "educator"


@pytest.mark.parametrize("server", ["postgres"], indirect=True)
def test_the_command_line_records_staff_decisions(api: Api) -> None:
    # One database is enough here: the CLI shares the services the API tests cover on both.
    edu = make_educator(api, link=True)
    eid = str(edu.educator_id)
    api.server.cli("record-fingerprints", "--educator-id", eid, "--status", "cleared",
                   "--fingerprinted-on", "2026-01-02", "--cleared-on", "2026-01-10")
    api.server.cli("record-assessment", "--educator-id", eid, "--name", "Praxis Biology",
                   "--code", "5236", "--score", "158", "--passing-score", "152")
    api.server.cli("issue-certificate", "--educator-id", eid, "--type",
                   "Initial Professional Certificate", "--area", "Biology 9-12",
                   "--issued-on", "2026-02-01", "--expires-on", "2030-06-30")
    api.server.cli("record-transcript", "--educator-id", eid, "--college", "Drury University",
                   "--degree", "BS", "--major", "Biology")
    assert api.get("/api/v1/me/background", headers=edu.headers).json()["status"] == "cleared"
    assert len(api.get("/api/v1/me/certificates", headers=edu.headers).json()["certificates"]) == 1
    assert api.get("/api/v1/me/education", headers=edu.headers).json()["transcripts"]
    app_id = str(api.post("/api/v1/me/applications", headers=edu.headers,
                          json={"type": "additional"}).json()["id"])
    refused = api.server.cli("set-status", "--application-id", app_id, "--status",
                             "under_review", expect=1)
    assert "invalid_transition" in refused
    for q in api.get("/api/v1/conduct-questions").json()["questions"]:
        api.put(f"/api/v1/me/applications/{app_id}/conduct/{q['id']}", headers=edu.headers,
                json={"answer": False})
    api.post(f"/api/v1/me/applications/{app_id}/sworn-statement", headers=edu.headers,
             json={"acceptance": "I accept"})
    assert api.post(f"/api/v1/me/applications/{app_id}/submit",
                    headers=edu.headers).status_code == 200
    api.server.cli("set-status", "--application-id", app_id, "--status", "under_review",
                   "--memo", "Waiting for the official transcript.")
    mine = api.get(f"/api/v1/me/applications/{app_id}", headers=edu.headers).json()
    assert mine["status"] == "under_review"
    assert mine["memo"] == "Waiting for the official transcript."


def test_the_cli_creates_staff_users_with_a_role(api: Api) -> None:
    assert_error(api.get("/api/v1/handoffs", headers=staff_headers(api, "district")),
                 403, "forbidden")
    assert api.get("/api/v1/handoffs", headers=staff_headers(api, "helpdesk")).status_code == 200


def test_migrating_an_up_to_date_database_again_changes_nothing(api: Api) -> None:
    out = api.server.cli("migrate")
    assert "database migrated" in out
    from alembic.script import ScriptDirectory

    from backend.migrate import alembic_config

    head = ScriptDirectory.from_config(alembic_config(api.server.database_url)).get_current_head()
    assert api.server.sql("SELECT version_num FROM alembic_version")[0][0] == head
