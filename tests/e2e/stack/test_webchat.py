"""The website chat page in a real browser: Debian's Chromium, driven by Playwright and
started headless by the test, against the running stack on test ports.

Screenshots land in tests/artifacts/webchat/ (git-ignored; CI keeps them).
"""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import Iterator

import pytest
from playwright.sync_api import (
    Browser,
    BrowserContext,
    Page,
    WebSocketRoute,
    expect,
)

from tests.e2e.stack import stackctl

pytestmark = [pytest.mark.stack, pytest.mark.browser]

ARTIFACTS = stackctl.ROOT / "tests" / "artifacts" / "webchat"
PAGE_URL = stackctl.BACKEND + "/"
REPLY_TIMEOUT = 45_000  # ms; the first message after start can be slow on 2 cores


@pytest.fixture(scope="module", autouse=True)
def _artifacts_dir() -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)


@pytest.fixture
def context(browser: Browser) -> Iterator[BrowserContext]:
    ctx = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-US")
    try:
        yield ctx
    finally:
        ctx.close()


def open_chat(page: Page) -> None:
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(PAGE_URL)
    expect(page.locator(".rw-new-message")).to_be_visible(timeout=REPLY_TIMEOUT)
    assert not errors, errors


def bot_says(page: Page, text: str, after: int = 0) -> None:
    """Wait until a bot message containing `text` is shown, among the bot messages
    after the first `after` ones (so an old message cannot pass for a new reply)."""
    page.wait_for_function(
        """([text, after]) => Array.from(document.querySelectorAll('.rw-response'))
             .slice(after).some(el => el.textContent.includes(text))""",
        arg=[text, after], timeout=REPLY_TIMEOUT)
    expect(page.locator(".rw-response", has_text=text).last).to_be_visible()


def bot_message_count(page: Page) -> int:
    return int(page.locator(".rw-response").count())


def type_message(page: Page, text: str) -> int:
    """Type and send a message; return how many bot messages there were before it."""
    before = bot_message_count(page)
    box = page.locator(".rw-new-message")
    box.fill(text)
    box.press("Enter")
    expect(page.locator(".rw-client", has_text=text).last).to_be_visible()
    return before


def click_button(page: Page, title: str) -> int:
    """Click the quick reply `title`; return how many bot messages there were before."""
    before = bot_message_count(page)
    page.locator(".rw-reply", has_text=re.compile(f"^{re.escape(title)}$")).last.click()
    expect(page.locator(".rw-client", has_text=title).last).to_be_visible()
    return before


def session_id(page: Page) -> str:
    raw = page.evaluate("() => window.localStorage.getItem('chat_session')")
    assert raw, "the widget keeps its session in local storage"
    return str(json.loads(raw)["session_id"])


def shot(page: Page, name: str) -> None:
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def test_a_full_conversation_by_typing_and_clicking_survives_a_reload(
        context: BrowserContext) -> None:
    page = context.new_page()
    open_chat(page)
    # The page says plainly that this is a bot, and how to reach a person.
    expect(page.get_by_text("This is an automated assistant, not a person.")).to_be_visible()
    expect(page.get_by_text("talk to a person")).to_be_visible()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", level=1)).to_have_text("Educator Certification Assistant")

    bot_says(page, "Educator Certification Assistant")  # the greeting (initPayload /greet)
    expect(page.locator("#chat-status")).to_have_attribute("data-state", "connected")
    shot(page, "01-greeting")

    # Ask what it can do, by clicking the greeting's button.
    n = click_button(page, "What else can you do?")
    bot_says(page, "I can create your certification account", after=n)

    # Ask a question by typing.
    n = type_message(page, "where do I mail my transcripts")
    bot_says(page, "P.O. Box 480", after=n)
    shot(page, "02-transcripts")

    # Start account creation and follow it to its buttons.
    n = type_message(page, "I want to create an account")
    bot_says(page, "What username would you like?", after=n)
    username = f"web{uuid.uuid4().hex[:10]}"
    n = type_message(page, username)
    bot_says(page, f"{username} is available", after=n)
    n = type_message(page, f"{username}@example.org")
    bot_says(page, f"Your account {username} is created", after=n)
    shot(page, "03-account-created")

    # Answer a button choice: the account message offers "Sign in".
    n = click_button(page, "Sign in")
    bot_says(page, "What is your username?", after=n)
    shot(page, "04-button-answered")

    # Reload: the same session, and the history is still there.
    before = session_id(page)
    page.reload()
    expect(page.locator(".rw-new-message")).to_be_visible(timeout=REPLY_TIMEOUT)
    bot_says(page, "P.O. Box 480")
    bot_says(page, f"Your account {username} is created")
    assert session_id(page) == before
    # ...and Rasa still knows where we were: the sign-in question is answered in place.
    n = type_message(page, username)
    bot_says(page, "emailed a 6-digit code", after=n)
    shot(page, "05-after-reload")


def test_the_page_works_at_phone_width_and_by_keyboard(browser: Browser) -> None:
    ctx = browser.new_context(viewport={"width": 375, "height": 740}, is_mobile=True,
                              has_touch=True, device_scale_factor=2)
    try:
        page = ctx.new_page()
        open_chat(page)
        bot_says(page, "Educator Certification Assistant")
        # Nothing sticks out sideways at phone width.
        overflow = page.evaluate(
            "() => document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 1, f"page is {overflow}px wider than the screen"
        frame = page.locator("#chat").bounding_box()
        assert frame is not None and frame["width"] <= 375

        # The first Tab reaches the skip link, which is visible when focused.
        page.keyboard.press("Tab")
        focused = page.evaluate("() => document.activeElement.textContent.trim()")
        assert focused == "Skip to the chat"
        box = page.locator(".skip-link").bounding_box()
        assert box is not None and box["y"] >= 0
        outline = page.evaluate(
            "() => getComputedStyle(document.activeElement).outlineStyle")
        assert outline != "none", "keyboard focus must be visible"

        # Quick-reply buttons are buttons with a tab stop, pressed with Enter.
        reply = page.locator(".rw-reply", has_text="What else can you do?").last
        expect(reply).to_have_attribute("role", "button")
        expect(reply).to_have_attribute("tabindex", "0")
        n = bot_message_count(page)
        reply.focus()
        page.keyboard.press("Enter")
        expect(page.locator(".rw-client", has_text="What else can you do?").last).to_be_visible()
        bot_says(page, "I can create your certification account", after=n)

        # The skip link lands in the message box, where a question is typed and sent.
        page.locator(".skip-link").focus()
        page.keyboard.press("Enter")
        assert page.evaluate("() => document.activeElement.classList.contains('rw-new-message')")
        assert page.evaluate(
            "() => document.activeElement.getAttribute('aria-label')") is not None
        n = bot_message_count(page)
        page.keyboard.type("where do I mail my transcripts")
        page.keyboard.press("Enter")
        bot_says(page, "P.O. Box 480", after=n)
        shot(page, "06-phone-keyboard")
    finally:
        ctx.close()


def test_links_in_bot_messages_open_in_a_new_tab_and_script_links_are_inert(
        context: BrowserContext) -> None:
    """The widget renders bot markdown links with target=_blank; the page's script makes
    sure of it for every link in a message, and disarms script URLs (the widget does
    not sanitise them). No help-guide answer has a link yet, so the test shows the
    page a message the way the widget renders one.
    """
    page = context.new_page()
    open_chat(page)
    bot_says(page, "Educator Certification Assistant")
    page.evaluate("""() => {
      const log = document.querySelector('.rw-messages-container');
      const msg = document.createElement('div');
      msg.className = 'rw-message';
      msg.innerHTML = '<div class="rw-response"><div class="rw-message-text">' +
        '<a id="t-web" href="https://dese.mo.gov/">the guide</a> ' +
        '<a id="t-js" href="javascript:alert(1)">click</a></div></div>';
      log.appendChild(msg);
    }""")
    web = page.locator("#t-web")
    expect(web).to_have_attribute("target", "_blank")
    expect(web).to_have_attribute("rel", "noopener noreferrer")
    expect(web).to_have_attribute("aria-describedby", "new-tab-hint")
    expect(page.locator("#t-js")).not_to_have_attribute("href", re.compile(".*"))
    with context.expect_page() as new_tab:
        web.click()
    assert new_tab.value != page
    new_tab.value.close()


def test_when_the_assistant_cannot_be_reached_the_page_says_so(context: BrowserContext) -> None:
    # Every socket.io request fails, as when Rasa is down or a proxy drops the socket.
    context.route("**/socket.io/**", lambda route: route.abort())
    page = context.new_page()
    open_chat(page)
    status = page.locator("#chat-status")
    expect(status).to_have_attribute("data-state", "down", timeout=REPLY_TIMEOUT)
    expect(status).to_contain_text("try again in a few minutes")
    expect(status).to_have_attribute("role", "status")
    shot(page, "07-assistant-unreachable")


def test_a_dropped_connection_reconnects_and_the_conversation_carries_on(
        context: BrowserContext) -> None:
    # Route the widget's websocket through Playwright, so the test can cut it.
    sockets: list[WebSocketRoute] = []

    def relay(ws: WebSocketRoute) -> None:
        ws.connect_to_server()
        sockets.append(ws)

    page = context.new_page()
    page.route_web_socket(re.compile(r".*/socket\.io/.*"), relay)
    open_chat(page)
    bot_says(page, "Educator Certification Assistant")
    n = type_message(page, "where do I mail my transcripts")
    bot_says(page, "P.O. Box 480", after=n)
    before = session_id(page)
    page.evaluate("""() => {
      window.__chatStates = [];
      const node = document.getElementById('chat-status');
      new MutationObserver(() => window.__chatStates.push(node.dataset.state))
        .observe(node, {attributes: true, attributeFilter: ['data-state']});
    }""")

    sockets[-1].close()  # the server side goes away, as when a proxy drops the socket
    page.wait_for_function(
        "() => window.__chatStates.includes('reconnecting') && "
        "document.getElementById('chat-status').dataset.state === 'connected'",
        timeout=REPLY_TIMEOUT)
    assert len(sockets) >= 2, "the widget opened a new connection"

    # Same session, history kept, and the conversation carries on.
    assert session_id(page) == before
    expect(page.locator(".rw-response", has_text="P.O. Box 480").first).to_be_visible()
    n = type_message(page, "what can you do")
    bot_says(page, "I can create your certification account", after=n)
    shot(page, "08-after-reconnect")
