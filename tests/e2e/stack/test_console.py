"""The staff console in a real browser (Debian's Chromium, Playwright) on the running stack.

Sign in; filter down to the conversation that had a fallback; open its transcript; tag
it; claim a handoff and reply, with the reply arriving in the educator's web chat;
export; the analytics page with its charts. Screenshots: tests/artifacts/console/.
"""

from __future__ import annotations

import json
import os
import re
import sqlite3
import uuid
from collections.abc import Iterator

import httpx
import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

from backend.seed import DEMO_PASSWORD
from tests.e2e.stack import stackctl
from tests.e2e.stack.stackctl import say
from tests.support.chromium import signed_in_console

pytestmark = [pytest.mark.stack, pytest.mark.browser]

ARTIFACTS = stackctl.ROOT / "tests" / "artifacts" / "console"
CONSOLE = stackctl.BACKEND + "/staff"
TIMEOUT = 45_000
RUN = uuid.uuid4().hex[:8]
FALLBACK_SENDER = f"console-fb-{RUN}"
SERVICE_KEY = os.environ.get("SERVICE_API_KEY", "dev-service-key-change-me")
RASA_TOKEN = os.environ.get("RASA_API_TOKEN", "dev-rasa-token-change-me")


@pytest.fixture(scope="module", autouse=True)
def _artifacts_dir() -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)


@pytest.fixture(scope="module")
def staff(browser: Browser) -> Iterator[Page]:
    """A help-desk user's page, signed in once for the module (by keyboard)."""
    with signed_in_console(browser, CONSOLE, TIMEOUT, accept_downloads=True) as page:
        yield page


@pytest.fixture
def educator_context(browser: Browser) -> Iterator[BrowserContext]:
    ctx = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-US")
    try:
        yield ctx
    finally:
        ctx.close()


def _shot(page: Page, name: str) -> None:
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def _ensure_handoff(conversation_id: str, channel: str) -> None:
    """The bot opens a handoff when asked for a person (action_handoff). If the action
    server could not (it is not what this test is about), open it the way the action
    server does, so the console part is still exercised."""
    db = stackctl.RUN_DIR / "certification.db"
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        found = con.execute(
            "SELECT 1 FROM handoffs WHERE conversation_id = ?", (conversation_id,)
        ).fetchone()
    finally:
        con.close()
    if not found:
        resp = httpx.post(
            f"{stackctl.BACKEND}/api/v1/handoffs",
            headers={"X-Service-Key": SERVICE_KEY},
            json={
                "conversation_id": conversation_id,
                "channel": channel,
                "reason": "user asked for a person",
            },
            timeout=30,
        )
        assert resp.status_code == 201, resp.text


GIBBERISH = [
    "asdkjh qwpoeiru zxcmvn blorf",
    "zxqv wplk mmrt grbl",
    "qqqq pppp zzzz",
    "flurble gronk wibble",
    "xkcd qwfp arst zxcv",
    "blorp zazzle frobnicator quux",
]


def _make_a_fallback(sender: str) -> str:
    """Type nonsense until the assistant cannot place a message (the model decides which
    nonsense it does not understand); returns that message."""
    say(sender, "hello")
    for text in GIBBERISH:
        say(sender, text)
        tracker = httpx.get(
            f"{stackctl.RASA}/conversations/{sender}/tracker",
            params={"token": RASA_TOKEN},
            timeout=30,
        ).json()
        events = tracker["events"]
        last_user = max(i for i, e in enumerate(events) if e["event"] == "user")
        intent = (events[last_user].get("parse_data") or {}).get("intent", {}).get("name")
        # The router answers a message it cannot place (nlu_fallback) or that is not about
        # certification (out_of_scope); the console counts both as unanswered.
        if intent in ("nlu_fallback", "out_of_scope"):
            return text
    raise AssertionError("none of the nonsense messages made the assistant fall back")


FALLBACK_TEXT: dict[str, str] = {}


def test_staff_of_other_roles_are_refused_at_sign_in(browser: Browser) -> None:
    ctx = browser.new_context()
    page = ctx.new_page()
    page.goto(CONSOLE + "/login")
    page.locator("#username").fill("district.demo")
    page.locator("#password").fill(DEMO_PASSWORD)
    page.locator("button[type=submit]").click()
    expect(page.locator("#login-error")).to_have_text("This account cannot use the staff console.")
    page.goto(CONSOLE + "/conversations")
    expect(page).to_have_url(re.compile(r"/staff/login"))
    ctx.close()


def test_filter_to_the_fallback_conversation_open_its_transcript_and_tag_it(staff: Page) -> None:
    FALLBACK_TEXT["text"] = _make_a_fallback(FALLBACK_SENDER)
    page = staff
    page.goto(CONSOLE + "/conversations")
    page.locator("#q").fill(f"console-fb-{RUN}")
    page.locator("#fallback").select_option("yes")
    page.locator("#apply-filters").click()
    expect(page.locator("#result-count")).to_have_text("1 conversation")
    row = page.locator(f'tr[data-conversation="{FALLBACK_SENDER}"]')
    expect(row).to_be_visible()
    expect(row.locator("td").nth(2)).to_have_text("rest")
    _shot(page, "01-conversations-filtered-to-fallback")

    row.get_by_role("link", name=FALLBACK_SENDER).click()
    expect(page.locator("h1")).to_contain_text(FALLBACK_SENDER)
    transcript = page.locator("#transcript")
    expect(transcript).to_contain_text(FALLBACK_TEXT["text"])
    expect(transcript).to_contain_text("intent greet")
    expect(transcript.locator(".turn.fallback").first).to_be_visible()
    _shot(page, "02-transcript")

    page.locator("#new-tag").fill("needs training")
    page.locator("#add-tag").click()
    expect(page.locator("#tag-list .tag")).to_have_text(["needs-training"])
    _shot(page, "03-tagged")

    page.goto(CONSOLE + "/conversations?tag=needs-training")
    expect(page.locator(f'tr[data-conversation="{FALLBACK_SENDER}"]')).to_be_visible()


def test_a_staff_reply_to_a_handoff_arrives_in_the_educators_web_chat(
    staff: Page, educator_context: BrowserContext
) -> None:
    chat = educator_context.new_page()
    chat.goto(stackctl.BACKEND + "/")
    box = chat.locator(".rw-new-message")
    expect(box).to_be_visible(timeout=TIMEOUT)
    box.fill("I want to talk to a person")
    box.press("Enter")
    # Wait for the handoff answer itself (the widget may already show a greeting), so
    # the bot's handoff request is recorded before the test looks for it.
    expect(chat.locator(".rw-response", has_text=re.compile("help desk"))
           .last).to_be_visible(timeout=TIMEOUT)
    raw = chat.evaluate("() => window.localStorage.getItem('chat_session')")
    conversation_id = str(json.loads(raw)["session_id"])
    _ensure_handoff(conversation_id, "socketio")

    page = staff
    page.goto(CONSOLE + "/handoffs?status=open")
    row = page.locator(f'tr[data-conversation="{conversation_id}"]').first
    expect(row).to_be_visible()
    row.locator("button.claim").click()
    row = page.locator(f'tr[data-conversation="{conversation_id}"]').first
    expect(row.locator(".status")).to_contain_text("claimed by helpdesk.demo")
    reply = f"Hello, this is the help desk ({RUN}). I can see your request."
    row.locator("textarea").fill(reply)
    _shot(page, "04-handoff-claimed")
    row.locator("button.send").click()
    expect(page.locator("#flash")).to_contain_text("Reply sent")

    # The educator sees it in the open chat widget (socket.io), without typing anything.
    expect(chat.locator(".rw-response", has_text=reply)).to_be_visible(timeout=TIMEOUT)
    chat.screenshot(path=str(ARTIFACTS / "05-educator-sees-reply.png"))
    # And it is part of the conversation, marked as a staff reply.
    page.goto(CONSOLE + f"/conversations/{conversation_id}")
    expect(page.locator(".turn.bot.staff")).to_contain_text(reply)

    page.goto(CONSOLE + "/handoffs?status=claimed")
    row = page.locator(f'tr[data-conversation="{conversation_id}"]').first
    row.locator("button.close").click()
    page.goto(CONSOLE + "/handoffs?status=closed")
    expect(page.locator(f'tr[data-conversation="{conversation_id}"]').first).to_be_visible()
    _shot(page, "06-handoff-closed")


def test_a_reply_to_a_rest_conversation_is_stored_in_its_tracker(staff: Page) -> None:
    sender = f"console-rest-{RUN}"
    say(sender, "I want to talk to a person")
    _ensure_handoff(sender, "rest")
    page = staff
    page.goto(CONSOLE + "/handoffs?status=open")
    row = page.locator(f'tr[data-conversation="{sender}"]').first
    row.locator("button.claim").click()
    row = page.locator(f'tr[data-conversation="{sender}"]').first
    row.locator("textarea").fill("We have your request; a colleague will call you.")
    row.locator("button.send").click()
    expect(page.locator("#flash")).to_contain_text("Reply sent")
    tracker = httpx.get(
        f"{stackctl.RASA}/conversations/{sender}/tracker", params={"token": RASA_TOKEN}, timeout=30
    ).json()
    bots = [e for e in tracker["events"] if e["event"] == "bot"]
    assert bots[-1]["text"] == "We have your request; a colleague will call you."
    assert bots[-1]["metadata"]["staff"] == "helpdesk.demo"


def test_exports_download_as_csv_and_json_lines(staff: Page) -> None:
    page = staff
    page.goto(CONSOLE + f"/conversations?q=console-fb-{RUN}")
    with page.expect_download() as info:
        page.locator("#export-csv").click()
    csv_path = ARTIFACTS / f"export-{RUN}.csv"
    info.value.save_as(str(csv_path))
    text = csv_path.read_text(encoding="utf-8")
    assert text.startswith("conversation_id,started_at,channel")
    assert FALLBACK_SENDER in text and FALLBACK_TEXT["text"] in text

    with page.expect_download() as info:
        page.locator("#export-jsonl").click()
    jsonl_path = ARTIFACTS / f"export-{RUN}.jsonl"
    info.value.save_as(str(jsonl_path))
    rows = [json.loads(line) for line in jsonl_path.read_text(encoding="utf-8").splitlines()]
    assert [r["conversation_id"] for r in rows] == [FALLBACK_SENDER]
    assert rows[0]["fallbacks"] >= 1 and "needs-training" in rows[0]["tags"]


def test_the_analytics_page_draws_its_charts(staff: Page) -> None:
    page = staff
    page.goto(CONSOLE + "/analytics")
    expect(page.locator("h1")).to_have_text("Analytics")
    assert int(page.locator("#kpi-total").inner_text()) >= 3
    for chart in ("chart-per-day", "chart-containment", "chart-intents"):
        img = page.locator(f"#{chart}")
        expect(img).to_be_visible()
        page.wait_for_function(
            "id => { const i = document.getElementById(id);"
            " return i.complete && i.naturalWidth > 0; }",
            arg=chart,
            timeout=TIMEOUT,
        )
        img.screenshot(path=str(ARTIFACTS / f"{chart}.png"))
    _shot(page, "07-analytics")
    # The same page narrowed to one conversation (any list filter applies).
    page.goto(CONSOLE + f"/analytics?q=console-fb-{RUN}")
    expect(page.locator("#kpi-total")).to_have_text("1")
    expect(page.locator("#kpi-fallback")).to_have_text("100%")
    expect(page.locator("#unanswered")).to_contain_text(FALLBACK_TEXT["text"])
