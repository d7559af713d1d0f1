"""The domain layer: plain Python rules, no framework imports."""

from __future__ import annotations

import ast
from datetime import date
from pathlib import Path

import pytest

import backend.domain
from backend.domain import applications, catalog, errors, rules

DOMAIN_DIR = Path(backend.domain.__file__).parent


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


def test_the_domain_layer_imports_neither_sanic_nor_sqlalchemy() -> None:
    modules = sorted(DOMAIN_DIR.rglob("*.py"))
    assert len(modules) >= 4
    for module in modules:
        bad = _imports(module) & {"sanic", "sanic_ext", "sqlalchemy", "alembic"}
        assert not bad, f"{module.name} imports {bad}"


def test_the_domain_layer_imports_only_itself_and_the_standard_library() -> None:
    import sys

    for module in DOMAIN_DIR.rglob("*.py"):
        for name in _imports(module):
            # pii is the stdlib-only package of identity rules both environments share.
            assert name in sys.stdlib_module_names or name in {"backend", "pii", "__future__"}, \
                f"{module.name} imports {name}"


@pytest.mark.parametrize("typed", ["900-12-3456", "900 12 3456", "900123456", " 900-12-3456 "])
def test_an_ssn_is_normalised_to_nine_digits(typed: str) -> None:
    assert rules.normalize_ssn(typed) == "900123456"


@pytest.mark.parametrize("typed", ["", "12345678", "1234567890", "000-12-3456", "666-12-3456",
                                   "900-00-1234", "900-12-0000", "9001-2-3456"])
def test_an_implausible_ssn_is_invalid(typed: str) -> None:
    with pytest.raises(errors.InvalidSsn):
        rules.normalize_ssn(typed)


def test_a_date_of_birth_is_read_in_iso_and_us_forms() -> None:
    today = date(2026, 6, 1)
    assert rules.parse_date_of_birth("1985-04-12", today) == date(1985, 4, 12)
    assert rules.parse_date_of_birth("04/12/1985", today) == date(1985, 4, 12)
    assert rules.parse_date_of_birth("4/12/1985", today) == date(1985, 4, 12)
    for bad in ("1985-02-30", "12/31/2020", "next week"):
        with pytest.raises(errors.InvalidDateOfBirth):
            rules.parse_date_of_birth(bad, today)


def test_staff_moves_follow_the_state_machine() -> None:
    applications.check_staff_transition("submitted", "under_review")
    applications.check_staff_transition("under_review", "returned")
    applications.check_staff_transition("approved", "issued")
    for current, target in (("draft", "submitted"), ("submitted", "approved"),
                            ("issued", "under_review"), ("denied", "approved"),
                            ("under_review", "nonsense")):
        with pytest.raises(errors.InvalidTransition):
            applications.check_staff_transition(current, target)


def test_missing_items_name_each_unanswered_question_and_the_statement() -> None:
    first = catalog.CONDUCT_QUESTIONS[0].id
    missing = applications.missing_for_submission({first: (False, None)}, sworn_accepted=False)
    assert f"conduct:{first}" not in missing
    assert len(missing) == len(catalog.CONDUCT_QUESTIONS) - 1 + 1
    assert missing[-1] == "sworn_statement"


def test_the_sworn_statement_accepts_only_i_accept() -> None:
    assert catalog.is_sworn_acceptance("I accept")
    assert catalog.is_sworn_acceptance("  i ACCEPT. ")
    assert not catalog.is_sworn_acceptance("accept")
    assert not catalog.is_sworn_acceptance("I do not accept")


def test_every_domain_error_has_a_stable_code_and_a_message() -> None:
    classes = [c for c in vars(errors).values()
               if isinstance(c, type) and issubclass(c, errors.DomainError)]
    codes = [c.code for c in classes if c is not errors.DomainError]
    assert len(codes) == len(set(codes))
    for cls in classes:
        assert cls().message
    assert "Update Personal/Education Information Form" in errors.ImmutableField().message


def test_every_domain_error_maps_to_an_http_status() -> None:
    from backend.api.errors import STATUS

    classes = {c for c in vars(errors).values()
               if isinstance(c, type) and issubclass(c, errors.DomainError)}
    assert classes - {errors.DomainError} == set(STATUS)
