"""Migration 0006 on a database made before the one-account-per-email rule: accounts that
already share an email (the chat used to allow it) do not make the upgrade fail, nothing is
deleted, and a new duplicate is refused by the database itself. Both databases."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
import sqlalchemy as sa

from tests.integration.backend.conftest import _MIGRATE_LOCK, PG_ADMIN_DSN

PG_DB = "cert_migration_0006_test"
INSERT = sa.text(
    "INSERT INTO accounts (username, username_normalized, email, email_normalized, state, "
    "role, failed_attempts, created_at) VALUES (:u, :u, :e, :e, 'active', :r, 0, "
    "CURRENT_TIMESTAMP)")


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{(tmp_path / 'before.db').as_posix()}"
        return
    with psycopg.connect(PG_ADMIN_DSN, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{PG_DB}"')
        conn.execute(f'CREATE DATABASE "{PG_DB}"')
    yield f"postgresql+psycopg://postgres@127.0.0.1:5432/{PG_DB}"
    sa.create_engine(f"postgresql+psycopg://postgres@127.0.0.1:5432/{PG_DB}").dispose()
    with psycopg.connect(PG_ADMIN_DSN, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{PG_DB}" WITH (FORCE)')


def test_accounts_sharing_an_email_before_the_rule_survive_the_upgrade(
        database_url: str) -> None:
    from backend.migrate import upgrade

    with _MIGRATE_LOCK:
        upgrade(database_url, "0005_login_code_attempts")
    engine = sa.create_engine(database_url)
    with engine.begin() as conn:
        for username, email, role in [("first", "x@example.org", "educator"),
                                      ("second", "x@example.org", "educator"),
                                      ("third", "x@example.org", "educator"),
                                      ("staffer", "x@example.org", "helpdesk"),
                                      ("other", "y@example.org", "educator")]:
            conn.execute(INSERT, {"u": username, "e": email, "r": role})
    with _MIGRATE_LOCK:
        upgrade(database_url)
    with engine.begin() as conn:
        rows = conn.execute(sa.text(
            "SELECT username, legacy_shared_email FROM accounts ORDER BY id")).fetchall()
    # nothing deleted; the oldest keeps the address, the later ones are marked
    assert [(u, bool(flag)) for u, flag in rows] == [
        ("first", False), ("second", True), ("third", True), ("staffer", False),
        ("other", False)]
    # the database itself refuses a new educator with an email in use
    with pytest.raises(sa.exc.IntegrityError), engine.begin() as conn:
        conn.execute(INSERT, {"u": "fourth", "e": "y@example.org", "r": "educator"})
    engine.dispose()
