"""The web chat and the staff console in a real browser, through nginx, with two Rasa
replicas (Debian's Chromium driven by Playwright, as in tests/e2e).

1. An educator's chat page, opened on nginx's public port, asks for a person. nginx's
   access log (`upstream=`, `sid=`; deploy/nginx.conf.template) says which replica holds
   the page's socket. A help-desk user, signed in to the console through nginx in a
   second browser context, replies; the console posts the reply to Rasa's HTTP API
   through nginx's internal port. The test replies again until a reply is taken by the
   replica that does NOT hold the socket (nginx's least_conn alternates between idle
   replicas: one or two replies). That reply must arrive over the page's WebSocket and
   show in the open chat: the emit travels over Redis (bot/channels/socketio_redis.py).
2. In the middle of a form, the replica holding the socket is killed (SIGKILL). The page
   reconnects through nginx to the surviving replica with the same session id
   (session_persistence), still shows the conversation, and its next messages are taken
   as the form's answers. The surviving replica had a copy of the conversation in its
   cache from before the form started, so this also shows it reads the newer turns.
   The killed replica is started again at the end.

Both tests use one conversation (module fixture `chat`). Screenshots:
tests/artifacts/cluster-browser/.
"""

from __future__ import annotations

import json
import os
import signal
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from playwright.sync_api import Browser, Page, WebSocket, expect, sync_playwright

from tests.e2e.cluster import clusterctl
from tests.e2e.cluster.clusterctl import (
    INTERNAL_PORT,
    PUBLIC,
    RASA_A,
    RASA_B,
    ROOT,
    RUN_DIR,
    proxy_log,
    stored_events,
)
from tests.support.chromium import launch, signed_in_console

pytestmark = [pytest.mark.usefixtures("running_cluster"), pytest.mark.browser]

ARTIFACTS = ROOT / "tests" / "artifacts" / "cluster-browser"
CONSOLE = PUBLIC + "/staff"
TIMEOUT = 45_000  # ms
RUN = uuid.uuid4().hex[:8]
RASA_TOKEN = os.environ.get("RASA_API_TOKEN", "dev-rasa-token-change-me")
REPLICA_URL = {"rasa-a": RASA_A, "rasa-b": RASA_B}


def other(replica: str) -> str:
    return "rasa-b" if replica == "rasa-a" else "rasa-a"


def wait_for(what: str, check: Callable[[], object], timeout: float = 15.0) -> object:
    deadline = time.monotonic() + timeout
    while True:
        value = check()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"{what}: not after {timeout} s")
        time.sleep(0.2)


@dataclass
class Chat:
    """The educator's chat page and what its WebSockets carried."""

    page: Page
    sockets: list[str] = field(default_factory=list)  # WebSocket URLs, in order opened
    received: dict[str, list[str]] = field(default_factory=dict)  # URL -> frames received

    def watch(self, ws: WebSocket) -> None:
        self.sockets.append(ws.url)
        frames = self.received.setdefault(ws.url, [])
        ws.on("framereceived", lambda payload: frames.append(str(payload)))

    def sid(self) -> str:
        """The Engine.IO session id of the newest WebSocket."""
        assert self.sockets, "the page opened no WebSocket (does nginx pass the upgrade?)"
        return parse_qs(urlsplit(self.sockets[-1]).query)["sid"][0]

    def conversation_id(self) -> str:
        raw = self.page.evaluate("() => window.localStorage.getItem('chat_session')")
        assert raw, "the widget keeps its session in local storage"
        return str(json.loads(raw)["session_id"])

    def say(self, text: str) -> int:
        """Type and send a message; return how many bot messages were shown before."""
        before = self.page.locator(".rw-response").count()
        box = self.page.locator(".rw-new-message")
        box.fill(text)
        box.press("Enter")
        expect(self.page.locator(".rw-client", has_text=text).last).to_be_visible()
        return before

    def shows(self, text: str, after: int = 0) -> None:
        """A bot message containing `text` is shown among those after the first `after`."""
        self.page.wait_for_function(
            """([text, after]) => Array.from(document.querySelectorAll('.rw-response'))
                 .slice(after).some(el => el.textContent.includes(text))""",
            arg=[text, after], timeout=TIMEOUT)

    def shot(self, name: str) -> None:
        self.page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def replica_holding(sid: str) -> str:
    """The replica that served the socket.io requests of Engine.IO session `sid`, read
    from nginx's log; all of them must have gone to that one replica."""
    lines = wait_for(f"nginx logged requests of socket {sid}",
                     lambda: [x for x in proxy_log() if x.sid == sid])
    assert isinstance(lines, list)
    replicas = {x.replica for x in lines}
    assert len(replicas) == 1 and None not in replicas, lines
    return str(replicas.pop())


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        b = launch(p)
        try:
            yield b
        finally:
            b.close()


@pytest.fixture(scope="module")
def chat(browser: Browser) -> Iterator[Chat]:
    ctx = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-US")
    page = ctx.new_page()
    chat = Chat(page)
    page.on("websocket", chat.watch)
    page.goto(PUBLIC + "/")
    expect(page.locator("#chat-status")).to_have_attribute("data-state", "connected",
                                                           timeout=TIMEOUT)
    chat.shows("Educator Certification Assistant")  # the greeting
    try:
        yield chat
    finally:
        ctx.close()


@pytest.fixture(scope="module")
def staff(browser: Browser) -> Iterator[Page]:
    """A help-desk user's console page, signed in through nginx."""
    with signed_in_console(browser, CONSOLE, TIMEOUT) as page:
        yield page


def send_reply(staff: Page, conversation_id: str, text: str) -> str:
    """Reply to the conversation's claimed handoff in the console; return the replica
    that took the console's call to Rasa's API (nginx's internal port)."""
    staff.goto(CONSOLE + "/handoffs?status=claimed")
    row = staff.locator(f'tr[data-conversation="{conversation_id}"]').first
    row.locator("textarea").fill(text)
    logged = len(proxy_log())
    row.locator("button.send").click()
    expect(staff.locator("#flash")).to_contain_text("Reply sent")
    calls = [x for x in proxy_log()[logged:]
             if x.port == INTERNAL_PORT and x.method == "POST"
             and x.path == f"/conversations/{conversation_id}/tracker/events"]
    assert len(calls) == 1 and calls[0].status == 200, calls
    assert calls[0].replica, calls
    return calls[0].replica


def test_a_console_reply_emitted_by_one_replica_reaches_the_chat_socket_on_the_other(
        chat: Chat, staff: Page) -> None:
    access_log = RUN_DIR / "nginx" / "access.log"
    logged_before = access_log.stat().st_size
    # The educator asks for a person; the page's socket is on one replica.
    n = chat.say("I want to talk to a person")
    chat.shows("help desk", after=n)
    conversation_id = chat.conversation_id()
    socket_url = chat.sockets[-1]
    holder = replica_holding(chat.sid())

    # The help desk claims the request in the console (through nginx).
    staff.goto(CONSOLE + "/handoffs?status=open")
    row = staff.locator(f'tr[data-conversation="{conversation_id}"]').first
    expect(row).to_be_visible()
    row.locator("button.claim").click()
    expect(staff.locator(f'tr[data-conversation="{conversation_id}"]').first
           .locator(".status")).to_contain_text("claimed by helpdesk.demo")

    # Reply until the API call lands on the replica that does not hold the socket.
    sent: list[tuple[str, str]] = []  # (text, replica that emitted it)
    for attempt in range(1, 5):
        text = f"Help desk here ({RUN}, reply {attempt}). I can see your request."
        sent.append((text, send_reply(staff, conversation_id, text)))
        if sent[-1][1] != holder:
            break
    crossing = [text for text, emitter in sent if emitter != holder]
    assert crossing, f"every reply went to {holder}, the socket's replica: {sent}"
    reply = crossing[0]

    # Every reply shows in the open chat, the one emitted by the other replica included,
    # and it came over the socket that the holder serves (no reconnect in between).
    for text, _ in sent:
        chat.shows(text)
    assert chat.sockets[-1] == socket_url
    assert any(reply in frame for frame in chat.received[socket_url])
    chat.shot("01-reply-from-the-other-replica")
    print(json.dumps({"socket_on": holder, "replies": [e for _, e in sent],
                      "shown_in_chat": reply}))

    staff.goto(CONSOLE + f"/conversations/{conversation_id}")
    expect(staff.locator(".turn.bot.staff", has_text=reply)).to_be_visible()
    # The console's calls carry Rasa's API token in their query string; nginx logs none.
    with access_log.open("rb") as f:
        f.seek(logged_before)
        assert RASA_TOKEN.encode() not in f.read()


def test_a_chat_whose_replica_is_killed_reconnects_to_the_other_and_carries_on(
        chat: Chat) -> None:
    page = chat.page
    conversation_id = chat.conversation_id()
    old_sid = chat.sid()
    holder = replica_holding(old_sid)
    survivor = other(holder)
    # The survivor keeps a copy of the conversation as it is now (the turns below make
    # that copy stale).
    r = httpx.get(f"{REPLICA_URL[survivor]}/conversations/{conversation_id}/tracker",
                  params={"token": RASA_TOKEN}, timeout=30)
    assert r.status_code == 200

    # Start a form on the holder: the next answer is the username.
    n = chat.say("I want to create an account")
    chat.shows("What username would you like?", after=n)
    wait_for("the turn is over", lambda: not clusterctl.turn_in_progress(conversation_id))
    page.evaluate("""() => {
      window.__chatStates = [];
      const node = document.getElementById('chat-status');
      new MutationObserver(() => window.__chatStates.push(node.dataset.state))
        .observe(node, {attributes: true, attributeFilter: ['data-state']});
    }""")

    pid = clusterctl.service_pid(holder)
    assert pid is not None
    sockets_before = len(chat.sockets)
    killed_at = time.monotonic()
    os.kill(pid, signal.SIGKILL)
    try:
        # The page notices, reconnects through nginx, and its new socket is on the survivor.
        page.wait_for_function(
            "() => window.__chatStates.includes('reconnecting') && "
            "document.getElementById('chat-status').dataset.state === 'connected'",
            timeout=TIMEOUT)
        wait_for("a new WebSocket", lambda: len(chat.sockets) > sockets_before)
        reconnected_in = time.monotonic() - killed_at
        new_sid = chat.sid()
        assert new_sid != old_sid
        assert replica_holding(new_sid) == survivor
        # nginx logs a WebSocket when it closes: the old one was upgraded on the holder.
        old_ws = wait_for("nginx logged the old WebSocket", lambda: [
            x for x in proxy_log() if x.sid == old_sid and x.transport == "websocket"])
        assert isinstance(old_ws, list)
        assert [(x.status, x.replica) for x in old_ws] == [(101, holder)], old_ws

        # The same conversation, still on the page.
        assert chat.conversation_id() == conversation_id
        expect(page.locator(".rw-response", has_text="Help desk here").first).to_be_visible()
        expect(page.locator(".rw-response", has_text="What username would you like?")
               .last).to_be_visible()

        # ...and the form carries on where it was, on the survivor.
        username = f"br{uuid.uuid4().hex[:10]}"
        n = chat.say(username)
        chat.shows(f"{username} is available", after=n)
        n = chat.say(f"{username}@example.org")
        chat.shows(f"Your account {username} is created", after=n)
        chat.shot("02-form-finished-after-reconnect")
        assert chat.sid() == new_sid  # answered over the survivor's socket

        # The tracker holds every turn, before and after the kill, once each.
        events = stored_events(conversation_id)
        users = [e.get("text") for e in events if e.get("event") == "user"]
        assert users[:-1] == ["/greet", "I want to talk to a person",
                              "I want to create an account", username], users
        assert len(users) == 5, users  # and the email address (stored masked)
        staff_replies = [e["text"] for e in events if e.get("event") == "bot"
                         and (e.get("metadata") or {}).get("staff") == "helpdesk.demo"]
        assert staff_replies and all(t.startswith("Help desk here") for t in staff_replies)
        print(json.dumps({"killed": holder, "reconnected_to": survivor,
                          "reconnected_in_s": round(reconnected_in, 1)}))
    finally:
        wait_for(f"{holder} exited", lambda: not _alive(pid))
        clusterctl.cluster("start", holder)  # waits until it is healthy


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True
