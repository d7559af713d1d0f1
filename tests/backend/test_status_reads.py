"""The status lookup's read path (precompiled SQL on the driver, `backend/adapters/reads.py`).

It must answer exactly what the ORM path answers, on SQLite and PostgreSQL, and refuse
the same requests with the same errors.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import select, update

from backend.adapters.models import Account, AuthToken
from backend.api.schemas import ApplicationPublic, application_public
from backend.services.applications import AnswerView, ApplicationView, HistoryView
from tests.backend.conftest import Api, assert_error, make_educator, staff_headers

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


def test_the_hand_built_application_body_is_the_documented_schema() -> None:
    at = datetime(2026, 3, 1, 9, 30, 5, 120000, tzinfo=UTC)
    on_the_second = datetime(2026, 3, 2, 10, 0, 0, tzinfo=UTC)
    for type_code in ("substitute", "no_such_type"):
        view = ApplicationView(
            id=7, type_code=type_code, status="under_review", memo="Send the transcript.",
            sworn_accepted_at=at, created_at=at, submitted_at=on_the_second,
            answers=[AnswerView("q1", True, "Explained."), AnswerView("q2", False, None)],
            history=[HistoryView("draft", at, "Application started"),
                     HistoryView("submitted", on_the_second, None)],
        )
        body = application_public(view)
        assert ApplicationPublic.model_validate(body).model_dump(mode="json") == body
    draft = ApplicationView(id=8, type_code="substitute", status="draft", memo=None,
                            sworn_accepted_at=None, created_at=at, submitted_at=None)
    body = application_public(draft)
    assert ApplicationPublic.model_validate(body).model_dump(mode="json") == body
    assert body["submitted_at"] is None and body["sworn_statement_accepted"] is False
