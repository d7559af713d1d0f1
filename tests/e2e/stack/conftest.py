from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, sync_playwright

from tests.e2e.stack import stackctl

# Debian's Chromium, started headless by the tests themselves (no browser download).
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--headless=new", "--disable-gpu", "--disable-quic",
                 "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]


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
        b = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        try:
            yield b
        finally:
            b.close()
