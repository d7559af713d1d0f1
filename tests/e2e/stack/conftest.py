from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, sync_playwright

from tests.e2e.stack import stackctl
from tests.support.chromium import launch


@pytest.fixture(scope="session")
def running_stack() -> Iterator[None]:
    """The whole stack on test ports, started once per session and stopped after it."""
    stackctl.start_stack()
    try:
        yield
    finally:
        stackctl.stop_stack()


@pytest.fixture(scope="module")
def browser(running_stack: None) -> Iterator[Browser]:
    with sync_playwright() as p:
        b = launch(p)
        try:
            yield b
        finally:
            b.close()
