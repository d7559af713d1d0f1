"""Debian's Chromium (/usr/bin/chromium), started headless by Playwright for the browser
tests (tests/e2e/stack on the single-process stack, tests/e2e/cluster behind nginx); no browser
download."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from playwright.sync_api import Browser, Page, Playwright, expect

from backend.seed import DEMO_PASSWORD

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--headless=new", "--disable-gpu", "--disable-quic",
                 "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]


def launch(p: Playwright) -> Browser:
    return p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)


@contextmanager
def signed_in_console(browser: Browser, console_url: str, timeout: float,
                      **context_options: Any) -> Iterator[Page]:
    """A help-desk user's console page (the demo help-desk account), signed in by keyboard
    through the login page the console redirects to; the browser context closes after."""
    ctx = browser.new_context(viewport={"width": 1366, "height": 900}, **context_options)
    page = ctx.new_page()
    page.goto(console_url + "/conversations")
    expect(page).to_have_url(re.compile(r"/staff/login"))
    page.locator("#username").fill("helpdesk.demo")
    page.locator("#password").fill(DEMO_PASSWORD)
    page.locator("#password").press("Enter")
    expect(page.locator("h1")).to_have_text("Conversations", timeout=timeout)
    try:
        yield page
    finally:
        ctx.close()
