"""The status lookup's read path: one statement that builds each application's JSON in
the database (`backend/adapters/sqljson.py`), run on the driver (`backend/adapters/reads.py`).

It must answer exactly what the ORM path answers and what `ApplicationPublic` documents,
on SQLite and PostgreSQL, and refuse the same requests with the same errors.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import select, update
from sqlalchemy.dialects import mysql

from backend.adapters.models import Account, Application, AuthToken, StatusHistory
from backend.adapters.sqljson import json_object, json_utc_time
from backend.api.schemas import ApplicationPublic
from tests.integration.backend.conftest import Api, assert_error, make_educator, staff_headers

LIST = "/api/v1/me/applications"


def _questions(api: Api) -> list[dict[str, Any]]:
    return list(api.get("/api/v1/conduct-questions").json()["questions"])


def test_the_status_list_answers_exactly_what_each_application_read_alone_answers(
        api: Api) -> None:
    edu = make_educator(api, link=True)
    first = api.post(LIST, headers=edu.headers, json={"type": "substitute"}).json()
    second = api.post(LIST, headers=edu.headers, json={"type": "initial_professional"}).json()
    questions = _questions(api)
    api.put(f"{LIST}/{first['id']}/conduct/{questions[1]['id']}", headers=edu.headers,
            json={"answer": True, "explanation": "A 2009 traffic citation, resolved."})
    for q in questions:
        api.put(f"{LIST}/{second['id']}/conduct/{q['id']}", headers=edu.headers,
                json={"answer": False})
    api.post(f"{LIST}/{second['id']}/sworn-statement", headers=edu.headers,
             json={"acceptance": "I accept"})
    assert api.post(f"{LIST}/{second['id']}/submit", headers=edu.headers).status_code == 200
    staff = staff_headers(api, "certification")
    moved = api.post(f"/api/v1/staff/applications/{second['id']}/status", headers=staff,
                     json={"status": "under_review", "memo": "Transcripts not yet received."})
    assert moved.status_code == 200

    listed = api.get(LIST, headers=edu.headers)
    assert listed.status_code == 200
    apps = listed.json()["applications"]
    assert [a["id"] for a in apps] == [first["id"], second["id"]]
    for app in apps:  # the ORM path, one application at a time
        assert app == api.get(f"{LIST}/{app['id']}", headers=edu.headers).json()
    assert apps[0]["conduct_answers"] == [{
        "question_id": questions[1]["id"], "answer": True,
        "explanation": "A 2009 traffic citation, resolved."}]
    assert apps[1]["memo"] == "Transcripts not yet received."
    assert [h["status"] for h in apps[1]["history"]] == ["draft", "submitted", "under_review"]
    assert apps[1]["sworn_statement_accepted"] is True
    assert len(apps[1]["conduct_answers"]) == len(questions)


def test_an_educator_without_applications_gets_an_empty_list(api: Api) -> None:
    edu = make_educator(api, link=True)
    resp = api.get(LIST, headers=edu.headers)
    assert resp.status_code == 200
    assert resp.json() == {"applications": []}


def test_another_educators_applications_never_show_in_the_list(api: Api) -> None:
    mine, theirs = make_educator(api, link=True), make_educator(api, link=True)
    api.post(LIST, headers=theirs.headers, json={"type": "substitute"})
    assert api.get(LIST, headers=mine.headers).json() == {"applications": []}


def test_the_status_list_refuses_missing_malformed_forged_and_unknown_tokens(
        api: Api) -> None:
    edu = make_educator(api, link=True)
    body, _, sig = edu.token.rpartition(".")
    for headers in ({}, {"Authorization": "Basic abc"}, api.as_token("not-a-token"),
                    api.as_token(f"{body}.{'0' * len(sig)}"),
                    api.as_token(edu.token[:-1] + ("A" if edu.token[-1] != "A" else "B"))):
        assert_error(api.get(LIST, headers=headers), 401, "not_authenticated")


def test_a_signed_out_token_is_refused_at_once(api: Api) -> None:
    edu = make_educator(api, link=True)
    assert api.get(LIST, headers=edu.headers).status_code == 200
    assert api.post("/api/v1/auth/logout", headers=edu.headers).status_code in (200, 204)
    assert_error(api.get(LIST, headers=edu.headers), 401, "not_authenticated")


def test_an_expired_token_is_refused(api: Api) -> None:
    edu = make_educator(api, link=True)
    assert api.get(LIST, headers=edu.headers).status_code == 200
    account = select(Account.id).where(Account.username == edu.username).scalar_subquery()
    with api.server.engine.begin() as conn:  # typed: stored as the server stores it
        conn.execute(update(AuthToken).where(AuthToken.account_id == account)
                     .values(expires_at=datetime.now(UTC) - timedelta(minutes=1)))
    assert_error(api.get(LIST, headers=edu.headers), 401, "not_authenticated")


def test_an_account_without_a_linked_record_is_told_to_link_first(api: Api) -> None:
    edu = make_educator(api)
    assert_error(api.get(LIST, headers=edu.headers), 409, "profile_not_linked")


def _documented(body: dict[str, Any]) -> dict[str, Any]:
    return ApplicationPublic.model_validate(body).model_dump(mode="json")


def test_database_built_documents_match_the_orm_and_the_schema_in_the_edge_cases(
        api: Api) -> None:
    """Times on the exact second (pydantic drops the zero fraction), a type code no longer
    in the catalog, and text that JSON must escape."""
    edu = make_educator(api, link=True)
    made = api.post(LIST, headers=edu.headers, json={"type": "substitute"}).json()
    question = _questions(api)[0]["id"]
    awkward = 'Line one\nline "two" \\ tab\t caf\u00e9 \u2014 \U0001f600 </script>'
    api.put(f"{LIST}/{made['id']}/conduct/{question}", headers=edu.headers,
            json={"answer": True, "explanation": awkward})
    on_the_second = datetime(2026, 3, 2, 10, 0, 0, tzinfo=UTC)
    with api.server.engine.begin() as conn:  # typed: stored as the server stores it
        # Outside the ORM, so as adapters/documents.py asks: clear the kept document.
        conn.execute(update(Application).where(Application.id == made["id"]).values(
            type_code="retired_type", created_at=on_the_second, memo=awkward,
            sworn_accepted_at=on_the_second, document=None,
            submitted_at=datetime(2026, 3, 3, 8, 15, 30, 5, tzinfo=UTC)))
        conn.execute(update(StatusHistory).where(StatusHistory.application_id == made["id"])
                     .values(at=on_the_second, note=None))

    [listed] = api.get(LIST, headers=edu.headers).json()["applications"]
    assert listed == api.get(f"{LIST}/{made['id']}", headers=edu.headers).json()
    assert listed == _documented(listed)
    assert listed["created_at"] == "2026-03-02T10:00:00Z"
    assert listed["submitted_at"] == "2026-03-03T08:15:30.000005Z"
    assert listed["history"] == [{"status": "draft", "at": "2026-03-02T10:00:00Z", "note": None}]
    assert listed["type_name"] == "retired_type" and listed["checklist"] == []
    assert listed["memo"] == awkward
    assert listed["conduct_answers"][0]["explanation"] == awkward
    assert listed["sworn_statement_accepted"] is True
    assert _kept_document(api, made["id"]) is None  # built live, as cleared above

    # The next write through the ORM keeps the document again, built from the same rows.
    api.put(f"{LIST}/{made['id']}/conduct/{question}", headers=edu.headers,
            json={"answer": True, "explanation": awkward})
    kept = _kept_document(api, made["id"])
    assert kept is not None
    assert api.get(LIST, headers=edu.headers).json()["applications"] == [listed]
    assert {**json.loads(kept), **_catalog_part(listed)} == listed


def _kept_document(api: Api, app_id: int) -> str | None:
    [(document,)] = api.server.sql("SELECT document FROM applications WHERE id = :id",
                                   id=app_id)
    return document  # type: ignore[no-any-return]


def _catalog_part(app: dict[str, Any]) -> dict[str, Any]:
    return {k: app[k] for k in ("type_name", "status_label", "checklist", "mailing_address")}


def test_the_kept_document_follows_every_write(api: Api) -> None:
    """After each kind of write the list (kept documents) answers what the ORM reads."""
    edu = make_educator(api, link=True)
    made = api.post(LIST, headers=edu.headers, json={"type": "substitute"}).json()
    one = f"{LIST}/{made['id']}"
    staff = staff_headers(api, "certification")

    def listed() -> dict[str, Any]:
        [app] = api.get(LIST, headers=edu.headers).json()["applications"]
        assert _kept_document(api, made["id"]) is not None
        assert app == api.get(one, headers=edu.headers).json()
        return app  # type: ignore[no-any-return]

    assert listed()["status"] == "draft"
    questions = _questions(api)
    for q in questions:
        api.put(f"{one}/conduct/{q['id']}", headers=edu.headers, json={"answer": False})
        assert q["id"] in {a["question_id"] for a in listed()["conduct_answers"]}
    assert len(listed()["conduct_answers"]) == len(questions)
    api.put(f"{one}/conduct/{questions[0]['id']}", headers=edu.headers,
            json={"answer": True, "explanation": "Changed my answer."})
    assert any(a["answer"] for a in listed()["conduct_answers"])
    api.post(f"{one}/sworn-statement", headers=edu.headers, json={"acceptance": "I accept"})
    assert listed()["sworn_statement_accepted"] is True
    assert api.post(f"{one}/submit", headers=edu.headers).status_code == 200
    assert listed()["status"] == "submitted"
    moved = api.post(f"/api/v1/staff/applications/{made['id']}/status", headers=staff,
                     json={"status": "under_review", "memo": "Waiting for transcripts."})
    assert moved.status_code == 200
    after = listed()
    assert after["memo"] == "Waiting for transcripts."
    assert [h["status"] for h in after["history"]] == ["draft", "submitted", "under_review"]


def test_every_listed_application_is_the_documented_schema(api: Api) -> None:
    edu = make_educator(api, link=True)
    for type_code in ("substitute", "initial_professional"):
        api.post(LIST, headers=edu.headers, json={"type": type_code})
    apps = api.get(LIST, headers=edu.headers).json()["applications"]
    assert len(apps) == 2
    for app in apps:
        assert app == _documented(app)
        assert app["submitted_at"] is None and app["sworn_statement_accepted"] is False
        assert app["conduct_answers"] == [] and len(app["history"]) == 1


def test_the_json_constructs_refuse_what_they_cannot_spell() -> None:
    with pytest.raises(ValueError, match="plain identifier"):
        json_object(**{"bad key": Application.id})
    for construct in (json_object(id=Application.id), json_utc_time(Application.created_at)):
        with pytest.raises(NotImplementedError, match="mysql"):
            construct.compile(dialect=mysql.dialect())
