"""The guard of tests/conftest.py: a skipped test or module is reported as a failure."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest

from tests import conftest


class _Outcome:
    def __init__(self, report: Any) -> None:
        self.report = report

    def get_result(self) -> Any:
        return self.report


def _through(hook: Any, report: Any, *args: Any) -> Any:
    wrapper = hook(*args)
    next(wrapper)
    with pytest.raises(StopIteration):
        wrapper.send(_Outcome(report))
    return report


def test_a_skipped_test_fails() -> None:
    report = pytest.TestReport("t.py::test_x", ("t.py", 1, "test_x"), {}, "skipped",
                               ("t.py", 1, "Skipped: no PostgreSQL"), "call")
    _through(conftest.pytest_runtest_makereport, report, SimpleNamespace(nodeid="t.py::test_x"),
             None)
    assert report.outcome == "failed"
    assert "no PostgreSQL" in str(report.longrepr) and "a skip is a failure" in str(
        report.longrepr)


def test_a_module_skipped_at_import_fails() -> None:
    report = pytest.CollectReport("t.py", "skipped", ("t.py", 2, "Skipped: no rasa"), [])
    _through(conftest.pytest_make_collect_report, report, SimpleNamespace(nodeid="t.py"))
    assert report.outcome == "failed"


def test_a_passing_test_is_left_alone() -> None:
    report = pytest.TestReport("t.py::test_x", ("t.py", 1, "test_x"), {}, "passed", None,
                               "call")
    _through(conftest.pytest_runtest_makereport, report, SimpleNamespace(nodeid="t.py::test_x"),
             None)
    assert report.outcome == "passed"
