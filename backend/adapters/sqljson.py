"""JSON documents built by the database: one spelling for SQLite's JSON1, one for PostgreSQL.

Why: the status lookup answers a nested document (applications with their answers and
history). Assembled in Python from rows, that cost more CPU than the query itself; built
by one SQL statement it arrives as one string per application, ready to send.

Each construct renders per dialect when a statement is compiled, so a statement written
with them runs unchanged on both databases (`ReadQuery` compiles it once per dialect):
- `json_object(a=col, b=expr)`: ``{"a": ..., "b": ...}``, keys in the order given.
- `json_rows(doc, from_=table, where=..., order_by=...)`: a JSON array of ``doc`` over
  the matching rows of ``table``, in that order (``[]`` when none match).
- `json_bool(expr)`: ``true`` / ``false``.
- `json_utc_time(col)`: a UTC timestamp as pydantic's JSON mode writes it
  (``2026-03-01T09:30:05.120000Z``; ``2026-03-01T09:30:05Z`` on the second).
Only the two dialects we run on are defined; any other refuses to compile.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from sqlalchemy import String, literal_column, select
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql import ColumnElement
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.functions import FunctionElement
from sqlalchemy.types import Boolean

_KEY = re.compile(r"^[a-z_][a-z0-9_]*$")


class json_object(FunctionElement[str]):  # noqa: N801 - reads like the SQL it renders
    type = String()
    inherit_cache = True

    def __init__(self, **fields: Any) -> None:
        args: list[Any] = []
        for key, value in fields.items():
            if not _KEY.match(key):
                raise ValueError(f"json_object key {key!r}: use a plain identifier")
            args += [literal_column(f"'{key}'"), value]
        super().__init__(*args)


class _json_agg(FunctionElement[str]):  # noqa: N801
    """The aggregate under `json_rows`: first argument the document, the rest the order."""

    type = String()
    inherit_cache = True


class _json_value(FunctionElement[str]):  # noqa: N801
    """A JSON text used as JSON (not as a string) inside another document."""

    type = String()
    inherit_cache = True


class json_bool(FunctionElement[bool]):  # noqa: N801
    type = Boolean()
    inherit_cache = True


class json_utc_time(FunctionElement[str]):  # noqa: N801
    type = String()
    inherit_cache = True


def json_rows(doc: ColumnElement[Any], *, from_: Any, where: ColumnElement[bool],
              order_by: list[Any]) -> ColumnElement[str]:
    """The JSON array of ``doc`` for the rows of ``from_`` matching ``where``, ordered by
    ``order_by``; any other table ``where`` names is the enclosing query's row.

    The rows are selected in order in a subquery and aggregated above it: SQLite takes
    the aggregate's input in the subquery's order; PostgreSQL is told the order in the
    aggregate itself, so neither relies on chance.
    """
    keys = [o.label(f"k{i}") for i, o in enumerate(order_by)]
    ordered = (select(doc.label("doc"), *keys).select_from(from_).where(where)
               .order_by(*order_by).correlate_except(from_).subquery("r"))
    agg = _json_agg(ordered.c.doc, *[ordered.c[f"k{i}"] for i in range(len(keys))])
    return _json_value(select(agg).scalar_subquery())


def _time_sqlite(c: str) -> str:
    # Stored by SQLAlchemy as 'YYYY-MM-DD HH:MM:SS.ffffff' in UTC (models.UTCDateTime).
    return (f"CASE WHEN {c} IS NULL THEN NULL "
            f"WHEN length({c}) <= 19 OR substr({c}, 21) = '000000' "
            f"THEN replace(substr({c}, 1, 19), ' ', 'T') || 'Z' "
            f"ELSE replace({c}, ' ', 'T') || 'Z' END")


def _time_pg(c: str) -> str:
    utc = f"({c} AT TIME ZONE 'UTC')"
    return (f"CASE WHEN {c} IS NULL THEN NULL "
            f"WHEN date_trunc('second', {c}) = {c} "
            f"THEN to_char({utc}, 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"') "
            f"ELSE to_char({utc}, 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"') END")


# Each construct's SQL per dialect, from its compiled arguments.
_SPELLINGS: dict[str, dict[type[FunctionElement[Any]], Callable[[list[str]], str]]] = {
    "sqlite": {  # JSON1
        json_object: lambda a: f"json_object({', '.join(a)})",
        _json_agg: lambda a: f"json_group_array(json({a[0]}))",
        # A value that crossed a subquery is plain text to SQLite: json() makes it JSON.
        _json_value: lambda a: f"json({a[0]})",
        json_bool: lambda a: f"json(CASE WHEN {a[0]} THEN 'true' ELSE 'false' END)",
        json_utc_time: lambda a: _time_sqlite(a[0]),
    },
    "postgresql": {
        json_object: lambda a: f"json_build_object({', '.join(a)})",
        _json_agg: lambda a: f"coalesce(json_agg({a[0]} ORDER BY {', '.join(a[1:])}), '[]'::json)",
        _json_value: lambda a: f"({a[0]})",
        json_bool: lambda a: f"({a[0]})",
        json_utc_time: lambda a: _time_pg(a[0]),
    },
}


def _render(element: FunctionElement[Any], compiler: SQLCompiler, **kw: Any) -> str:
    spell = _SPELLINGS.get(compiler.dialect.name, {}).get(type(element))
    if spell is None:
        raise NotImplementedError(
            f"{type(element).__name__} has no rendering for {compiler.dialect.name}")
    return spell([compiler.process(c, **kw) for c in element.clauses])


for _construct in {c for spellings in _SPELLINGS.values() for c in spellings}:
    compiles(_construct)(_render)
