"""The one server fixture of the integration suites (both Python environments).

`running_backends` starts real backend servers (`python -m server serve`, through
tests/support/backend_server.py) with the environment each suite needs, and stops every one
of them at the end of the session, in reverse order. The backend suite starts one on
SQLite and one on PostgreSQL (plus a production-mode and a two-worker variant), the action
and console suites one each; no suite starts a server any other way.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.support.backend_server import RunningBackend, start_backend


class RunningBackends:
    def __init__(self) -> None:
        self.started: list[RunningBackend] = []

    def start(self, env: dict[str, str], log_path: Path, **options: Any) -> RunningBackend:
        running = start_backend(env, log_path, **options)
        self.started.append(running)
        return running

    def stop_all(self) -> None:
        for running in reversed(self.started):
            running.stop()  # a server a test already stopped is stopped again harmlessly


@pytest.fixture(scope="session")
def running_backends() -> Iterator[RunningBackends]:
    backends = RunningBackends()
    try:
        yield backends
    finally:
        backends.stop_all()
