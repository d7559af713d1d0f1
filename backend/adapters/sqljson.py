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


def _args(compiler: SQLCompiler, element: FunctionElement[Any], **kw: Any) -> list[str]:
    return [compiler.process(c, **kw) for c in element.clauses]


# ------------------------------------------------------------------ SQLite (JSON1)
@compiles(json_object, "sqlite")
def _object_sqlite(element: json_object, compiler: SQLCompiler, **kw: Any) -> str:
    return f"json_object({', '.join(_args(compiler, element, **kw))})"


@compiles(_json_agg, "sqlite")
def _agg_sqlite(element: _json_agg, compiler: SQLCompiler, **kw: Any) -> str:
    doc = _args(compiler, element, **kw)[0]
    return f"json_group_array(json({doc}))"


@compiles(_json_value, "sqlite")
def _value_sqlite(element: _json_value, compiler: SQLCompiler, **kw: Any) -> str:
    # A value that crossed a subquery is plain text to SQLite: json() makes it JSON again.
    return f"json({_args(compiler, element, **kw)[0]})"


@compiles(json_bool, "sqlite")
def _bool_sqlite(element: json_bool, compiler: SQLCompiler, **kw: Any) -> str:
    return f"json(CASE WHEN {_args(compiler, element, **kw)[0]} THEN 'true' ELSE 'false' END)"


@compiles(json_utc_time, "sqlite")
def _time_sqlite(element: json_utc_time, compiler: SQLCompiler, **kw: Any) -> str:
    # Stored by SQLAlchemy as 'YYYY-MM-DD HH:MM:SS.ffffff' in UTC (models.UTCDateTime).
    c = _args(compiler, element, **kw)[0]
    return (f"CASE WHEN {c} IS NULL THEN NULL "
            f"WHEN length({c}) <= 19 OR substr({c}, 21) = '000000' "
            f"THEN replace(substr({c}, 1, 19), ' ', 'T') || 'Z' "
            f"ELSE replace({c}, ' ', 'T') || 'Z' END")


# -------------------------------------------------------------------- PostgreSQL
@compiles(json_object, "postgresql")
def _object_pg(element: json_object, compiler: SQLCompiler, **kw: Any) -> str:
    return f"json_build_object({', '.join(_args(compiler, element, **kw))})"


@compiles(_json_agg, "postgresql")
def _agg_pg(element: _json_agg, compiler: SQLCompiler, **kw: Any) -> str:
    doc, *order = _args(compiler, element, **kw)
    return f"coalesce(json_agg({doc} ORDER BY {', '.join(order)}), '[]'::json)"


@compiles(_json_value, "postgresql")
def _value_pg(element: _json_value, compiler: SQLCompiler, **kw: Any) -> str:
    return f"({_args(compiler, element, **kw)[0]})"


@compiles(json_bool, "postgresql")
def _bool_pg(element: json_bool, compiler: SQLCompiler, **kw: Any) -> str:
    return f"({_args(compiler, element, **kw)[0]})"


@compiles(json_utc_time, "postgresql")
def _time_pg(element: json_utc_time, compiler: SQLCompiler, **kw: Any) -> str:
    c = _args(compiler, element, **kw)[0]
    utc = f"({c} AT TIME ZONE 'UTC')"
    return (f"CASE WHEN {c} IS NULL THEN NULL "
            f"WHEN date_trunc('second', {c}) = {c} "
            f"THEN to_char({utc}, 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"') "
            f"ELSE to_char({utc}, 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"') END")


# ------------------------------------------------------------------ anything else
@compiles(json_object)
@compiles(_json_agg)
@compiles(_json_value)
@compiles(json_bool)
@compiles(json_utc_time)
def _unsupported(element: FunctionElement[Any], compiler: SQLCompiler, **kw: Any) -> str:
    raise NotImplementedError(
        f"{type(element).__name__} has no rendering for {compiler.dialect.name}")
