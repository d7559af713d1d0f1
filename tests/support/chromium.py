"""Debian's Chromium (/usr/bin/chromium), started headless by Playwright for the browser
tests (tests/e2e/stack on the single-process stack, tests/e2e/cluster behind nginx); no browser
download."""

from __future__ import annotations

from playwright.sync_api import Browser, Playwright

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--headless=new", "--disable-gpu", "--disable-quic",
                 "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]


def launch(p: Playwright) -> Browser:
    return p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
