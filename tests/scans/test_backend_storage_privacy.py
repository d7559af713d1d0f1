"""After the suites have run: no SSN, date of birth, password or one-time code that a test
used may appear in clear text in any database or log under .run/.

Searched: every SQLite file under .run/ (each text value of each table, plus the raw file
bytes and WAL), the PostgreSQL databases the backend suite used (every row as JSON text),
and every file under .run/**/logs/. Missing inputs fail loudly instead of passing quietly.
"""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Iterable, Iterator
from pathlib import Path

import pytest

from tests.scans.finder import Finder, digits_bounded, row_text
from tests.typed_secrets import (
    DOBS,
    PASSWORDS,
    SSNS,
    code_pattern,
    dob_variants,
    recorded_secrets,
    ssn_variants,
)

ROOT = Path(__file__).resolve().parents[2]
RUN = ROOT / ".run"
MANIFEST = RUN / "test" / "backend-databases.json"
SQLITE_SUFFIXES = (".db", ".sqlite", ".sqlite3")


def _needles() -> list[tuple[str, str, re.Pattern[str]]]:
    """(label, literal, pattern). Labels never contain the secret itself."""
    out: list[tuple[str, str, re.Pattern[str]]] = []
    for i, ssn in enumerate(SSNS):
        for j, variant in enumerate(ssn_variants(ssn)):
            # Digits-only forms must not be part of a longer number.
            out.append((f"SSNS[{i}] variant {j}", variant, digits_bounded(variant)))
    for i, dob in enumerate(DOBS):
        for j, variant in enumerate(dob_variants(dob)):
            out.append((f"DOBS[{i}] variant {j}", variant, digits_bounded(variant)))
    for i, password in enumerate(PASSWORDS):
        out.append((f"PASSWORDS[{i}]", password, re.compile(re.escape(password))))
    seen: set[str] = set()
    for kind, value in recorded_secrets():
        if value in seen or not value:
            continue
        seen.add(value)
        if value.isdigit() and len(value) <= 8:
            pattern = code_pattern(value)
        elif value.isdigit():
            # An SSN typed in other spellings: not part of a longer number, nor the digits of
            # a decimal (a run's SSNs are random, and a tracker stores thousands of
            # confidences like 0.9055185317993164)
            pattern = re.compile(rf"(?<![0-9.]){re.escape(value)}(?!\d)")
        else:
            pattern = re.compile(re.escape(value))
        out.append((f"recorded {kind} #{len(seen)}", value, pattern))
    return out


NEEDLES = _needles()
FINDER = Finder(NEEDLES)


def _find(text: str) -> list[str]:
    return FINDER.find(text)


def _sqlite_files() -> list[Path]:
    return sorted(p for p in RUN.rglob("*") if p.is_file() and p.suffix in SQLITE_SUFFIXES)


def _sqlite_rows(path: Path) -> Iterator[tuple[str, str]]:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        tables = [r[0] for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table'")]
        for table in tables:
            cursor = conn.execute(f'SELECT * FROM "{table}"')  # noqa: S608
            columns = [d[0] for d in cursor.description]
            for row in cursor:
                yield table, row_text(columns, row)
    finally:
        conn.close()


def _postgres_urls() -> list[str]:
    data = json.loads(MANIFEST.read_text())
    return [url for url in data.values() if url.startswith("postgresql")]


def _postgres_rows(url: str) -> Iterator[tuple[str, str]]:
    import psycopg

    dsn = url.replace("postgresql://", "postgresql://", 1)
    with psycopg.connect(dsn) as conn:
        tables = [r[0] for r in conn.execute(
            "SELECT table_name FROM information_schema.tables "
            "WHERE table_schema = 'public' AND table_type = 'BASE TABLE'").fetchall()]
        for table in tables:
            cur = conn.execute(f'SELECT row_to_json(t)::text FROM "{table}" t')  # noqa: S608
            for (text,) in cur:
                yield table, text


def _log_files() -> list[Path]:
    files: list[Path] = []
    for logs in RUN.rglob("logs"):
        if logs.is_dir():
            files.extend(p for p in logs.rglob("*") if p.is_file())
    return sorted(files)


def _report(where: str, hits: Iterable[str]) -> str:
    return f"{where}: " + ", ".join(sorted(set(hits)))


def test_the_backend_suite_left_databases_and_logs_to_search() -> None:
    assert RUN.is_dir(), "no .run/ directory: run `make test-backend` first"
    assert MANIFEST.exists(), (
        f"{MANIFEST.relative_to(ROOT)} is missing: the backend suite writes it when it starts "
        "its databases; run `make test-backend` before `make test-scans`")
    data = json.loads(MANIFEST.read_text())
    assert {"sqlite", "postgres"} <= set(data), f"the backend suite used only {sorted(data)}"
    sqlite_path = Path(data["sqlite"].split("sqlite:///", 1)[1])
    assert sqlite_path.exists(), f"the backend suite's SQLite database {sqlite_path} is missing"
    assert _log_files(), "no log files under .run/**/logs/"
    assert any(kind == "code" for kind, _ in recorded_secrets()), \
        "no one-time codes were recorded: the code tests did not run"


def test_no_sqlite_database_holds_a_test_secret_in_clear_text() -> None:
    files = _sqlite_files()
    assert files, "no SQLite database under .run/"
    problems = []
    for path in files:
        for table, text in _sqlite_rows(path):
            hits = _find(text)
            if hits:
                problems.append(_report(f"{path.relative_to(ROOT)} table {table}", hits))
        for raw in (path, Path(str(path) + "-wal")):
            if raw.exists():
                hits = _find(raw.read_bytes().decode("latin-1"))
                if hits:
                    problems.append(_report(f"raw bytes of {raw.relative_to(ROOT)}", hits))
    assert not problems, "clear-text secrets found:\n" + "\n".join(problems)


def test_no_postgresql_database_holds_a_test_secret_in_clear_text() -> None:
    import psycopg

    urls = _postgres_urls()
    assert urls, "the backend suite recorded no PostgreSQL database"
    problems = []
    for url in urls:
        try:
            rows = list(_postgres_rows(url))
        except psycopg.OperationalError as exc:
            pytest.fail(f"cannot open the PostgreSQL database {url}: {exc}")
        assert rows, f"{url} has no rows: did the backend suite run against it?"
        for table, text in rows:
            hits = _find(text)
            if hits:
                problems.append(_report(f"{url} table {table}", hits))
    assert not problems, "clear-text secrets found:\n" + "\n".join(problems)


def test_no_log_file_holds_a_test_secret_in_clear_text() -> None:
    problems = []
    for path in _log_files():
        hits = _find(path.read_bytes().decode("utf-8", errors="replace"))
        if hits:
            problems.append(_report(str(path.relative_to(ROOT)), hits))
    assert not problems, "clear-text secrets found:\n" + "\n".join(problems)
