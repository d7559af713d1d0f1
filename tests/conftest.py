"""Rules for every suite, in both Python environments.

A skipped test is a failed test here. A test that needs PostgreSQL, Rasa, a trained model
or the end-to-end run's data and does not find it must say so loudly, in CI and on a
laptop alike: a check that can pass on nothing is not a check. (Expected failures,
`xfail`, are not used in this project either.)
"""

from __future__ import annotations

from collections.abc import Generator

import pytest


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Generator[
        None, pytest.TestReport, None]:
    outcome = yield
    report = outcome.get_result()
    if report.skipped:
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else report.longrepr
        report.outcome = "failed"
        report.longrepr = (f"{item.nodeid} was skipped ({reason}); in this project a skip is "
                           "a failure: provide what the test needs (make setup, make train, "
                           "PostgreSQL on 127.0.0.1:5432, the end-to-end run before the scans)")


@pytest.hookimpl(hookwrapper=True)
def pytest_make_collect_report(collector: pytest.Collector) -> Generator[
        None, pytest.CollectReport, None]:
    """A whole module skipped at import (`pytest.importorskip`) fails the same way."""
    outcome = yield
    report = outcome.get_result()
    if report.skipped:
        report.outcome = "failed"
        report.longrepr = f"{collector.nodeid} was skipped at collection: {report.longrepr}"
