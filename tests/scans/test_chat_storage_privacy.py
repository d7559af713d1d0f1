"""After the other suites ran: no secret a test typed is stored in clear text.

`make test` runs this last (`make test-scans`), on the run directory the end-to-end
suite used (`.run/test`, or $RUN_DIR): every table of every SQLite database there (the
tracker store and the backend), the database files' raw bytes (free pages and WAL too),
every log file, the console exports the e2e suite saved, and the console test artifacts.
The secrets are the registry in tests/typed_secrets.py plus every value recorded at run time
(one-time codes and the like, `record_secret`).
"""

from __future__ import annotations

import os
import re
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.scans.finder import Finder, row_text
from tests.typed_secrets import (
    DOBS,
    PASSWORDS,
    ROOT,
    SSNS,
    dob_variants,
    recorded_secrets,
    ssn_variants,
)

RUN_DIR = ROOT / os.environ.get("RUN_DIR", ".run/test")
ARTIFACTS = ROOT / "tests" / "artifacts"


def _bounded(value: str) -> re.Pattern[str]:
    """A value that must stand alone: not part of a longer number, hex id or decimal."""
    return re.compile(rf"(?<![0-9A-Za-z.]){re.escape(value)}(?![0-9A-Za-z])")


def _needles() -> list[tuple[str, str, re.Pattern[str]]]:
    out: list[tuple[str, str, re.Pattern[str]]] = []
    for ssn in SSNS:
        for variant in ssn_variants(ssn) + [ssn.replace("-", ".")]:
            out.append((f"SSN {variant}", variant, _bounded(variant)))
    for dob in DOBS:
        for variant in dob_variants(dob):
            out.append((f"DOB {variant}", variant, _bounded(variant)))
    for password in PASSWORDS:
        out.append((f"password {password}", password, re.compile(re.escape(password))))
    for kind, value in set(recorded_secrets()):
        if value and len(value) >= 6:
            out.append((f"{kind} {value}", value, _bounded(value)))
    return out


NEEDLES = _needles()


def _sqlite_tables(path: Path) -> Iterator[tuple[str, str]]:
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        tables = [
            r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        ]
        for table in tables:
            cursor = con.execute(f'SELECT * FROM "{table}"')  # noqa: S608
            columns = [d[0] for d in cursor.description]
            yield table, "\n".join(row_text(columns, row) for row in cursor)
    finally:
        con.close()


FINDER = Finder(NEEDLES)


def _hits(text: str) -> list[str]:
    return FINDER.find(text)


def _run_dir() -> Path:
    if not RUN_DIR.exists():
        pytest.fail(f"{RUN_DIR} does not exist: run the end-to-end suite first")
    return RUN_DIR


def test_no_table_of_any_database_holds_a_secret_in_clear_text() -> None:
    dbs = sorted(_run_dir().rglob("*.db"))
    if not (RUN_DIR / "tracker.db").exists():
        pytest.fail(f"no tracker store in {RUN_DIR}: the end-to-end suite did not run")
    findings = []
    for db in dbs:
        for table, text in _sqlite_tables(db):
            hits = _hits(text)
            if hits:
                findings.append(f"{db.relative_to(RUN_DIR)}:{table}: {hits}")
    assert not findings, "\n".join(findings)


def test_no_database_file_holds_a_secret_even_in_free_pages_or_the_wal() -> None:
    findings = []
    for f in sorted(p for p in _run_dir().rglob("*.db*") if p.is_file()):
        hits = _hits(f.read_bytes().decode("latin-1"))
        if hits:
            findings.append(f"{f.relative_to(RUN_DIR)}: {hits}")
    assert not findings, "\n".join(findings)


def test_no_log_file_holds_a_secret() -> None:
    logs = [p for p in (_run_dir() / "logs").rglob("*") if p.is_file()]
    findings = []
    for log in logs:
        hits = _hits(log.read_text(encoding="utf-8", errors="replace"))
        if hits:
            findings.append(f"{log.relative_to(RUN_DIR)}: {hits}")
    assert not findings, "\n".join(findings)


def test_no_console_export_or_test_artifact_holds_a_secret() -> None:
    files = [p for p in (_run_dir() / "exports").rglob("*") if p.is_file()]
    files += [
        p
        for p in ARTIFACTS.rglob("*")
        if p.is_file() and p.suffix in (".csv", ".jsonl", ".json", ".html", ".txt")
    ]
    findings = []
    for f in files:
        hits = _hits(f.read_text(encoding="utf-8", errors="replace"))
        if hits:
            findings.append(f"{f}: {hits}")
    assert not findings, "\n".join(findings)
