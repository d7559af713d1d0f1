from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.e2e import stackctl


@pytest.fixture(scope="session")
def running_stack() -> Iterator[None]:
    """The whole stack on test ports, started once per session and stopped after it."""
    stackctl.start_stack()
    try:
        yield
    finally:
        stackctl.stop_stack()
