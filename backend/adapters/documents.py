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

A bulk write bypasses the flush, so `DocumentSession` refuses one loudly
(`StaleDocumentWrite`): an ORM-enabled ``update()`` or ``delete()`` of applications,
conduct answers or status history, or a textual ``UPDATE``/``DELETE`` of their tables,
run through the session. What it lets through:

- ``update(Application).values(..., document=None)``: the statement clears the documents
  it may make stale (readers build those live until the next ORM write keeps them again);
- a textual ``UPDATE applications`` that sets ``document = NULL``;
- any statement run with ``.execution_options(documents_cleared=True)``: the caller states
  that it clears the ``document`` of every application the statement touches in the same
  transaction (``update(Application).where(...).values(document=None)``), for a bulk write
  on conduct answers or status history, or a textual one.

Raw SQL on a connection (``engine.begin()``, ``conn.execute(text(...))``, psql, a
migration) is not seen by the session: it must set ``applications.document`` to NULL for
every application whose row, answers or history it changes.
"""

from __future__ import annotations

import re
from itertools import chain
from typing import Any

from sqlalchemy import Delete, Null, Text, TextClause, Update, cast, event, func, update
from sqlalchemy.orm import ORMExecuteState, Session, UOWTransaction
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


class StaleDocumentWrite(RuntimeError):
    """A bulk write that would leave kept application documents stale (see the module)."""


# The tables an application's document is built from.
DOCUMENT_TABLES = frozenset(
    m.__tablename__ for m in (Application, ConductAnswer, StatusHistory))
CLEARED_OPTION = "documents_cleared"
_RAW_WRITE = re.compile(
    r"\b(?:update|delete\s+from)\s+[\"`]?(" + "|".join(sorted(DOCUMENT_TABLES)) + r")\b",
    re.IGNORECASE)
_CLEARS_RAW = re.compile(r"\bdocument\s*=\s*null\b", re.IGNORECASE)


def _clears_document(statement: Update) -> bool:
    """Whether an UPDATE of applications sets ``document`` to NULL."""
    for column, value in (statement._values or {}).items():  # noqa: SLF001 (no public reader)
        if getattr(column, "key", column) == "document":
            return isinstance(value, Null) or getattr(value, "value", object()) is None
    return False


def _stale_write(state: ORMExecuteState) -> str | None:
    """The table a statement would leave documents stale for, if it would."""
    statement = state.statement
    if isinstance(statement, Update | Delete):
        table = getattr(statement.table, "name", None)
        if table not in DOCUMENT_TABLES:
            return None
        if (isinstance(statement, Update) and table == Application.__tablename__
                and _clears_document(statement)):
            return None
        return str(table)
    if isinstance(statement, TextClause):
        found = _RAW_WRITE.search(statement.text)
        if found is None:
            return None
        table = found.group(1).lower()
        if table == Application.__tablename__ and _CLEARS_RAW.search(statement.text):
            return None
        return table
    return None


@event.listens_for(DocumentSession, "do_orm_execute")
def _refuse_stale_bulk_writes(state: ORMExecuteState) -> None:
    if state.execution_options.get(CLEARED_OPTION):
        return
    table = _stale_write(state)
    if table is not None:
        raise StaleDocumentWrite(
            f"A bulk UPDATE/DELETE on {table} bypasses the kept status documents "
            "(backend/adapters/documents.py). Change the rows through the ORM, or set "
            "applications.document to NULL: .values(document=None) on an update of "
            "applications, or clear them yourself in the same transaction and run the "
            f"statement with .execution_options({CLEARED_OPTION}=True)."
        )


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
