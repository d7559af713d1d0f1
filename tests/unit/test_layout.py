"""The import rules of docs/architecture.md, read from the source with `ast` (nothing is imported).

Two Python environments: `.venv` runs backend/, console/, channels/ and server/ (the
composition root); `.venv-rasa` runs bot/ and actions/. Only `pii/` (stdlib only) is
imported by both. The backend imports none of the parts mounted on it: server/ does.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

BACKEND_ENV = ("backend", "console", "channels", "server")
RASA_ENV = ("bot", "actions")
# Top-level package -> top-level project packages it must not import.
FORBIDDEN: dict[str, set[str]] = {
    "backend": {"console", "channels", "server", "bot", "actions"},
    "console": {"server", "bot", "actions"},
    "channels": {"server", "bot", "actions"},
    "server": {"bot", "actions"},
    "bot": {"backend", "console", "channels", "server"},
    "actions": {"backend", "console", "channels", "server"},
    "pii": {"backend", "console", "channels", "server", "bot", "actions"},
}


def _sources(package: str) -> list[Path]:
    return sorted(p for p in (ROOT / package).rglob("*.py") if "__pycache__" not in p.parts)


def _module_of(path: Path) -> list[str]:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return parts[:-1] if parts[-1] == "__init__" else parts


def imported_top_levels(path: Path) -> Iterator[tuple[int, str]]:
    """(line, top-level package) for every import in the file, relative ones resolved."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name.split(".")[0]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                package = _module_of(path)
                if path.name != "__init__.py":
                    package = package[:-1]
                base = package[: len(package) - (node.level - 1)]
                yield node.lineno, (base[0] if base else "")
            elif node.module:
                yield node.lineno, node.module.split(".")[0]


@pytest.mark.parametrize("package", sorted(FORBIDDEN))
def test_no_forbidden_imports(package: str) -> None:
    files = _sources(package)
    assert files, f"no Python files found under {package}/: the layout test scanned nothing"
    bad = [
        f"{path.relative_to(ROOT)}:{line} imports {top}"
        for path in files
        for line, top in imported_top_levels(path)
        if top in FORBIDDEN[package]
    ]
    assert not bad, "imports across the layout's boundaries:\n" + "\n".join(bad)


def test_pii_is_stdlib_only() -> None:
    import sys

    files = _sources("pii")
    assert files
    bad = [
        f"{path.relative_to(ROOT)}:{line} imports {top}"
        for path in files
        for line, top in imported_top_levels(path)
        if top not in sys.stdlib_module_names and top not in {"pii", "__future__"}
    ]
    assert not bad, "pii/ is imported by both environments, so it uses the stdlib only:\n" + (
        "\n".join(bad))


def test_the_environments_share_only_pii() -> None:
    """Every package is in exactly one environment, except pii, which is in both."""
    for env, other in ((BACKEND_ENV, RASA_ENV), (RASA_ENV, BACKEND_ENV)):
        for package in env:
            assert set(other) <= FORBIDDEN[package], f"{package} may import {other}"


def test_the_checker_sees_a_forbidden_import(tmp_path: Path) -> None:
    """The checker itself: an absolute, a relative and a nested import are all found."""
    global ROOT
    saved = ROOT
    try:
        ROOT = tmp_path
        pkg = tmp_path / "backend" / "api"
        pkg.mkdir(parents=True)
        (tmp_path / "backend" / "__init__.py").write_text("")
        (pkg / "__init__.py").write_text("from .. import settings\n")
        (pkg / "x.py").write_text("def f():\n    import console.views\n")
        tops = {top for p in _sources("backend") for _, top in imported_top_levels(p)}
        assert tops == {"backend", "console"}
    finally:
        ROOT = saved


# ------------------------------------------------------------------ tests by scope
TESTS = ROOT / "tests"
SCOPES = ("unit", "integration", "e2e", "scans")
# What a unit test may not import: anything that starts a process, opens a socket or a
# database, or the harnesses of the other scopes. (httpx is allowed: with its
# MockTransport a client is tested without a network.)
NOT_IN_UNIT = {"subprocess", "socket", "psycopg", "psycopg2", "sqlalchemy", "playwright",
               "multiprocessing"}


def test_every_test_module_is_in_a_scope() -> None:
    tests = sorted(TESTS.rglob("test_*.py"))
    assert tests, "no test modules found: the scope check scanned nothing"
    stray = [str(p.relative_to(TESTS)) for p in tests
             if p.relative_to(TESTS).parts[0] not in SCOPES]
    assert not stray, f"test modules outside {SCOPES}: {stray}"


def test_unit_tests_start_no_process_and_open_nothing() -> None:
    files = sorted((TESTS / "unit").rglob("*.py"))
    assert len(files) > 10, "the unit scope check scanned almost nothing"
    bad = []
    for path in files:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = ([a.name for a in node.names] if isinstance(node, ast.Import)
                     else [node.module or ""] if isinstance(node, ast.ImportFrom) else [])
            for name in names:
                if (name.split(".")[0] in NOT_IN_UNIT
                        or name.startswith(("tests.integration", "tests.e2e", "tests.support"))):
                    bad.append(f"{path.relative_to(ROOT)}:{node.lineno} imports {name}")
    assert not bad, "unit tests import process, network or database tools:\n" + "\n".join(bad)


def test_the_console_runs_its_sql_in_one_module() -> None:
    """console/queries.py holds the console's queries (and tracker_reader.py its reads of
    the tracker store); views, auth and the rest call them."""
    files = [p for p in _sources("console") if p.name not in ("queries.py", "tracker_reader.py")]
    assert len(files) > 5, "the console SQL check scanned almost nothing"
    statements = {"select", "update", "delete", "insert", "text"}
    bad = []
    for path in files:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            executes = (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                        and node.func.attr in ("execute", "scalars", "scalar"))
            builds = (isinstance(node, ast.ImportFrom) and (node.module or "").startswith(
                "sqlalchemy") and any(a.name in statements for a in node.names))
            if executes or builds:
                bad.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert not bad, "SQL outside console/queries.py:\n" + "\n".join(bad)


def test_the_integration_suites_share_one_server_fixture() -> None:
    """Servers start through `running_backends` (tests/integration/conftest.py) only."""
    home = TESTS / "integration" / "conftest.py"
    callers = [p.relative_to(ROOT) for p in TESTS.rglob("*.py")
               if p != home and "start_backend(" in p.read_text(encoding="utf-8")
               and p.name != "backend_server.py" and p.name != "test_layout.py"]
    assert "start_backend(" in home.read_text(encoding="utf-8")
    assert not callers, f"servers started outside the one fixture: {callers}"
