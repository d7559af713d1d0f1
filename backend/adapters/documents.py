"""Each application's status document: its stored fields, answers and history as JSON.

The status lookup sends these documents. Built live they cost most of the lookup (two
correlated subqueries and JSON assembly per application), so every application also
keeps its document in ``applications.document``, written in the same transaction as any
change to it:

- `DocumentSession` is the ORM session class of the unit of work. After each flush it
  rewrites the document of every application that the flush inserted, changed or
  touched through an answer or a history row, with one UPDATE that runs
  `APPLICATION_DOCUMENT` in the database. Every write in the backend goes through it.
- Readers take ``coalesce(applications.document, APPLICATION_DOCUMENT)``
  (`current_document`): a missing document (rows from before the column, or a write
  that did not go through the ORM and cleared it) is built live, never served stale.
  A write outside the ORM must set ``document`` to NULL.
"""

from __future__ import annotations

from itertools import chain
from typing import Any

from sqlalchemy import Text, cast, event, func, update
from sqlalchemy.orm import Session, UOWTransaction
from sqlalchemy.orm.attributes import instance_state
from sqlalchemy.sql import ColumnElement

from backend.adapters.models import Application, ConductAnswer, StatusHistory
from backend.adapters.sqljson import json_bool, json_object, json_rows, json_utc_time

# The fields of `ApplicationPublic` that live in the database (the API adds the
# catalog's: type name, status label, checklist, mailing address).
APPLICATION_DOCUMENT: ColumnElement[str] = cast(json_object(
    id=Application.id, type=Application.type_code, status=Application.status,
    created_at=json_utc_time(Application.created_at),
    submitted_at=json_utc_time(Application.submitted_at),
    memo=Application.memo,
    conduct_answers=json_rows(
        json_object(question_id=ConductAnswer.question_id,
                    answer=json_bool(ConductAnswer.answer),
                    explanation=ConductAnswer.explanation),
        from_=ConductAnswer, where=ConductAnswer.application_id == Application.id,
        order_by=[ConductAnswer.question_id]),
    sworn_statement_accepted=json_bool(Application.sworn_accepted_at.is_not(None)),
    history=json_rows(
        json_object(status=StatusHistory.status, at=json_utc_time(StatusHistory.at),
                    note=StatusHistory.note),
        from_=StatusHistory, where=StatusHistory.application_id == Application.id,
        order_by=[StatusHistory.id]),
), Text)  # as text: drivers may decode JSON, and we only pass it on


def current_document() -> ColumnElement[str]:
    """The application's kept document, or the live one when none is kept."""
    return func.coalesce(Application.document, APPLICATION_DOCUMENT)


class DocumentSession(Session):
    """The ORM session of the unit of work: keeps application documents current."""


def _touched_applications(session: Session) -> set[int]:
    ids: set[Any] = set()
    for obj in chain(session.new, session.dirty, session.deleted):
        values = instance_state(obj).dict  # no attribute loads inside a flush
        if isinstance(obj, Application):
            ids.add(values.get("id"))
        elif isinstance(obj, ConductAnswer | StatusHistory):
            ids.add(values.get("application_id"))
    ids.discard(None)
    return ids


@event.listens_for(DocumentSession, "after_flush")
def _rewrite_documents(session: Session, flush_context: UOWTransaction) -> None:
    ids = _touched_applications(session)
    if ids:
        session.connection().execute(
            update(Application)
            .where(Application.id.in_(sorted(ids)))
            # updated_at as it is: a document is a copy, not a change of the application.
            .values(document=APPLICATION_DOCUMENT, updated_at=Application.updated_at)
        )
