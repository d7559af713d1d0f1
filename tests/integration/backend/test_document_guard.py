"""Kept status documents cannot go stale without a loud error.

`DocumentSession` rewrites each application's document after an ORM flush; a bulk
UPDATE/DELETE would bypass that, so the session refuses one unless it clears the
documents it touches (`backend/adapters/documents.py`). Run against SQLite and PostgreSQL.
"""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import delete, text, update
from sqlalchemy.orm import Session

from backend.adapters.documents import CLEARED_OPTION, DocumentSession, StaleDocumentWrite
from backend.adapters.models import Application, ConductAnswer, StatusHistory
from tests.integration.backend.conftest import Api, make_educator

LIST = "/api/v1/me/applications"


def _session(api: Api) -> Session:
    return DocumentSession(bind=api.server.engine)


def _kept_document(api: Api, app_id: int) -> str | None:
    [(document,)] = api.server.sql("SELECT document FROM applications WHERE id = :id",
                                   id=app_id)
    return document  # type: ignore[no-any-return]


def _application(api: Api) -> tuple[dict[str, str], dict[str, Any]]:
    edu = make_educator(api, link=True)
    made = api.post(LIST, headers=edu.headers, json={"type": "substitute"}).json()
    question = api.get("/api/v1/conduct-questions").json()["questions"][0]["id"]
    answered = api.put(f"{LIST}/{made['id']}/conduct/{question}", headers=edu.headers,
                       json={"answer": False})
    assert answered.status_code == 200
    assert _kept_document(api, made["id"]) is not None
    return edu.headers, made


def _listed_and_read(api: Api, headers: dict[str, str], app_id: int) -> dict[str, Any]:
    """The list (kept documents) must answer what the ORM read answers."""
    [listed] = api.get(LIST, headers=headers).json()["applications"]
    assert listed == api.get(f"{LIST}/{app_id}", headers=headers).json()
    return listed  # type: ignore[no-any-return]


@pytest.mark.parametrize("statement", [
    pytest.param(lambda i: update(Application).where(Application.id == i).values(memo="bulk"),
                 id="update-applications"),
    pytest.param(lambda i: delete(ConductAnswer).where(ConductAnswer.application_id == i),
                 id="delete-conduct-answers"),
    pytest.param(lambda i: update(StatusHistory).where(StatusHistory.application_id == i)
                 .values(note="bulk"), id="update-status-history"),
    pytest.param(lambda i: text(f"UPDATE applications SET memo = 'bulk' WHERE id = {int(i)}"),
                 id="raw-update-applications"),
    pytest.param(lambda i: text(f"DELETE FROM conduct_answers WHERE application_id = {int(i)}"),
                 id="raw-delete-conduct-answers"),
])
def test_a_bulk_write_that_would_leave_documents_stale_is_refused(
        api: Api, statement: Any) -> None:
    headers, made = _application(api)
    before = _listed_and_read(api, headers, made["id"])
    with _session(api) as session, pytest.raises(StaleDocumentWrite) as refused:
        session.execute(statement(made["id"]))
    message = str(refused.value)
    assert "bypasses the kept status documents" in message
    assert "document to NULL" in message and CLEARED_OPTION in message
    # Refused before it ran: nothing changed, the lookup still agrees with the ORM read.
    assert _listed_and_read(api, headers, made["id"]) == before
    assert before["memo"] is None and before["conduct_answers"]


def test_a_bulk_update_that_clears_the_document_goes_through_and_is_served_live(
        api: Api) -> None:
    headers, made = _application(api)
    with _session(api) as session, session.begin():
        session.execute(update(Application).where(Application.id == made["id"])
                        .values(memo="Set in bulk.", document=None))
    assert _kept_document(api, made["id"]) is None
    listed = _listed_and_read(api, headers, made["id"])
    assert listed["memo"] == "Set in bulk."


def test_the_escape_hatch_with_the_documents_cleared_serves_no_stale_document(
        api: Api) -> None:
    headers, made = _application(api)
    with _session(api) as session, session.begin():
        session.execute(delete(ConductAnswer).where(ConductAnswer.application_id == made["id"])
                        .execution_options(**{CLEARED_OPTION: True}))
        session.execute(text("UPDATE applications SET document = NULL WHERE id = :id"),
                        {"id": made["id"]})
    assert _kept_document(api, made["id"]) is None
    assert _listed_and_read(api, headers, made["id"])["conduct_answers"] == []


def test_reads_and_other_tables_are_not_affected(api: Api) -> None:
    headers, made = _application(api)
    with _session(api) as session, session.begin():
        assert session.execute(text("SELECT memo FROM applications WHERE id = :id"),
                               {"id": made["id"]}).scalar_one() is None
        session.execute(text("UPDATE auth_tokens SET expires_at = expires_at WHERE id = 0"))
    assert _kept_document(api, made["id"]) is not None
