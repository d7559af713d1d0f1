"""The read side: hot, read-only lookups as precompiled SQL run on the database driver.

Why: a signed-in status lookup through the ORM cost 7-10 ms of event-loop CPU (identity
map, statement cache keys, selectin loads, an aiosqlite thread hop per statement). The
same rows through the driver cost tens of microseconds. Statements are still written
with SQLAlchemy Core against the ORM tables, so they are checked against the schema
and compiled once per dialect; only execution skips the ORM.

Read-only connections open here and nowhere else (writes go through the unit of work).
- SQLite: a stdlib ``sqlite3`` connection per thread, used on the event-loop thread.
  In WAL mode readers never wait for writers, and an indexed read is far cheaper than
  the thread hop aiosqlite would add. ``query_only`` makes the connection refuse
  writes.
- PostgreSQL: the async engine's pooled asyncpg connection, in a read-only transaction.

A `fetch` runs one statement, which is its own snapshot: a lookup that needs several
tables joins them (or has the database nest them, `adapters.sqljson`) in that statement.
"""

from __future__ import annotations

import logging
import sqlite3
import threading
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Select
from sqlalchemy.engine import Dialect
from sqlalchemy.ext.asyncio import AsyncEngine

logger = logging.getLogger(__name__)

Row = tuple[Any, ...]
Processor = Callable[[Any], Any] | None


@dataclass(frozen=True)
class Compiled:
    """A ReadQuery for one dialect: SQL text, bind names in positional order, their
    processors (None when no parameter needs one), one result processor per column."""

    sql: str
    names: tuple[str, ...]
    binds: tuple[Processor, ...] | None
    procs: tuple[Processor, ...]

    def args(self, params: Mapping[str, Any]) -> list[Any]:
        if self.binds is None:
            return [params[n] for n in self.names]
        return [p(params[n]) if p else params[n]
                for p, n in zip(self.binds, self.names, strict=True)]


@dataclass
class ReadQuery:
    """A Core SELECT with named bind parameters, compiled lazily once per dialect.

    Parameters and result columns are processed by their types, as SQLAlchemy would
    (a datetime parameter is stored text on SQLite); types without processing cost nothing.
    """

    stmt: Select[Any]
    _compiled: dict[str, Compiled] = field(default_factory=dict, repr=False)

    def compiled(self, dialect: Dialect) -> Compiled:
        key = dialect.name
        found = self._compiled.get(key)
        if found is None:
            comp = self.stmt.compile(dialect=dialect)
            names = tuple(comp.positiontup or ())
            binds = tuple(
                comp.binds[n].type._cached_bind_processor(dialect) for n in names
            )
            procs = tuple(
                c.type.dialect_impl(dialect).result_processor(dialect, None)
                for c in self.stmt.selected_columns
            )
            found = Compiled(str(comp), names, binds if any(binds) else None, procs)
            self._compiled[key] = found
        return found


def _process(rows: Sequence[Sequence[Any]], procs: tuple[Processor, ...]) -> list[Row]:
    if not any(procs):
        return [tuple(r) for r in rows]
    return [tuple(p(v) if p else v for p, v in zip(procs, r, strict=True)) for r in rows]


class Reader:
    """Runs a ReadQuery on a read-only connection: ``await reader.fetch(query, params)``."""

    def __init__(self, engine: AsyncEngine) -> None:
        self._engine = engine
        self._dialect = engine.dialect
        self._sqlite_path: str | None = (
            engine.url.database if self._dialect.name == "sqlite" else None
        )
        self._local = threading.local()

    async def fetch(self, query: ReadQuery, params: Mapping[str, Any]) -> list[Row]:
        compiled = query.compiled(self._dialect)
        if self._sqlite_path is not None:
            return self._fetch_sqlite(compiled, params)
        return await self._fetch_postgres(compiled, params)

    # ------------------------------------------------------------------ SQLite
    def _sqlite(self) -> sqlite3.Connection:
        conn: sqlite3.Connection | None = getattr(self._local, "conn", None)
        if conn is None:
            assert self._sqlite_path is not None
            conn = sqlite3.connect(self._sqlite_path, isolation_level=None,
                                   check_same_thread=True, timeout=5)
            conn.execute("PRAGMA query_only=ON")
            conn.execute("PRAGMA busy_timeout=5000")
            self._local.conn = conn
        return conn

    def _fetch_sqlite(self, c: Compiled, params: Mapping[str, Any]) -> list[Row]:
        return _process(self._sqlite().execute(c.sql, c.args(params)).fetchall(), c.procs)

    # -------------------------------------------------------------- PostgreSQL
    async def _fetch_postgres(self, c: Compiled, params: Mapping[str, Any]) -> list[Row]:
        async with self._engine.connect() as conn:
            raw = (await conn.get_raw_connection()).driver_connection
            assert raw is not None
            async with raw.transaction(readonly=True):
                rows = await raw.fetch(c.sql, *c.args(params))
        return _process(rows, c.procs)

    def close(self) -> None:
        conn: sqlite3.Connection | None = getattr(self._local, "conn", None)
        if conn is not None:
            conn.close()
            self._local.conn = None
