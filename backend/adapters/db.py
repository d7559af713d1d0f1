"""Database URLs, engines and the session factory."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)

logger = logging.getLogger(__name__)


def _base(url: str) -> tuple[str, Any]:
    parsed = make_url(url)
    backend = parsed.get_backend_name()
    if backend == "postgres":
        backend = "postgresql"
    return backend, parsed


def _render(url: Any) -> str:
    return str(url.render_as_string(hide_password=False))


def async_url(url: str) -> str:
    """sqlite:///x -> sqlite+aiosqlite:///x, postgresql://... -> postgresql+asyncpg://..."""
    backend, parsed = _base(url)
    if backend == "sqlite":
        return _render(parsed.set(drivername="sqlite+aiosqlite"))
    if backend == "postgresql":
        return _render(parsed.set(drivername="postgresql+asyncpg"))
    raise ValueError(f"unsupported database backend: {backend}")


def sync_url(url: str) -> str:
    """The synchronous driver URL, for Alembic and maintenance (psycopg 3 / pysqlite)."""
    backend, parsed = _base(url)
    if backend == "sqlite":
        return _render(parsed.set(drivername="sqlite"))
    if backend == "postgresql":
        return _render(parsed.set(drivername="postgresql+psycopg"))
    raise ValueError(f"unsupported database backend: {backend}")


def ensure_sqlite_dir(url: str) -> None:
    backend, parsed = _base(url)
    if backend == "sqlite" and parsed.database and parsed.database != ":memory:":
        Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    cur = dbapi_conn.cursor()
    # WAL and a busy timeout let concurrent requests wait for the writer instead of failing.
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA busy_timeout=30000")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.close()


def make_engine(url: str, pool_size: int = 10, max_overflow: int = 20) -> AsyncEngine:
    ensure_sqlite_dir(url)
    aurl = async_url(url)
    # Bound values stay out of logs and error messages, whatever the log level.
    kwargs: dict[str, Any] = {"future": True, "hide_parameters": True}
    if aurl.startswith("sqlite"):
        # A small pool of kept-open connections: opening an aiosqlite connection
        # starts a thread and re-runs the pragmas, which dominated a status lookup.
        kwargs["pool_size"] = min(pool_size, 5)
        kwargs["max_overflow"] = min(max_overflow, 10)
        kwargs["connect_args"] = {"timeout": 30}
    else:
        kwargs["pool_size"] = pool_size
        kwargs["max_overflow"] = max_overflow
        kwargs["pool_pre_ping"] = True
    engine = create_async_engine(aurl, **kwargs)
    if aurl.startswith("sqlite"):
        event.listen(engine.sync_engine, "connect", _sqlite_pragmas)
    return engine


def make_sessionmaker(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    from backend.adapters.documents import DocumentSession

    return async_sessionmaker(engine, expire_on_commit=False, autoflush=False,
                              sync_session_class=DocumentSession)
