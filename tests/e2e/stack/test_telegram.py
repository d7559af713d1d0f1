"""The real Telegram bridge, run as its own process, against a Bot API stand-in on
127.0.0.1 and the real Rasa stack on test ports.

Each bridge gets its own stand-in (and token). The main bridge runs with Telegram's real
4096-character limit; the splitting check runs a second bridge with
TELEGRAM_MAX_MESSAGE_LENGTH lowered, because no help-guide answer is 4096 characters
long. A third bridge points at a closed port to check the "Rasa is down" answer, and a
fourth runs in webhook mode.
"""

from __future__ import annotations

import os
import re
import subprocess
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from tests import pii
from tests.e2e.stack import stackctl
from tests.e2e.stack.botapi_standin import BotApiStandIn, Call
from tests.support.backend_server import free_port

pytestmark = [pytest.mark.stack]

ROOT = stackctl.ROOT
# Beside the stack's logs, so the privacy suite searches the bridges' logs too.
LOG_DIR = stackctl.RUN_DIR / "logs"
URL_RE = re.compile(r"https?://\S+")


class RunningBridge:
    def __init__(self, standin: BotApiStandIn, process: subprocess.Popen[bytes], log: Path):
        self.api = standin
        self.process = process
        self.log = log

    def log_text(self) -> str:
        return self.log.read_text(errors="replace")


@pytest.fixture(scope="module")
def start_bridge(running_stack: None) -> Iterator[Callable[..., RunningBridge]]:
    """Start `python -m channels.telegram` processes; stop them all at the end."""
    started: list[RunningBridge] = []
    LOG_DIR.mkdir(parents=True, exist_ok=True)

    def start(name: str, rasa_url: str = stackctl.RASA, **env: str) -> RunningBridge:
        token = f"{100000 + len(started)}:TEST-{uuid.uuid4().hex[:12]}"
        standin = BotApiStandIn(token).start()
        log = LOG_DIR / f"telegram-{name}.log"
        full_env = dict(os.environ, PYTHONPATH=str(ROOT), TELEGRAM_BOT_TOKEN=token,
                        TELEGRAM_API_BASE_URL=standin.base_url, RASA_URL=rasa_url,
                        TELEGRAM_POLL_TIMEOUT="2", LOG_LEVEL="INFO", **env)
        if "TELEGRAM_WEBHOOK_URL" not in env:  # a developer's setting must not leak in
            full_env.pop("TELEGRAM_WEBHOOK_URL", None)
        with log.open("wb") as out:
            process = subprocess.Popen([str(ROOT / ".venv/bin/python"), "-m",
                                        "channels.telegram"], cwd=ROOT, env=full_env,
                                       stdout=out, stderr=subprocess.STDOUT)
        bridge = RunningBridge(standin, process, log)
        started.append(bridge)
        # Started means: it asked who it is and set up polling or its webhook.
        standin.wait_for(lambda: standin.calls_to("getUpdates") or standin.webhook, 30)
        assert process.poll() is None, bridge.log_text()
        return bridge

    yield start
    for bridge in started:
        bridge.process.terminate()
        try:
            bridge.process.wait(20)
        except subprocess.TimeoutExpired:
            bridge.process.kill()
        bridge.api.stop()


@pytest.fixture(scope="module")
def bridge(start_bridge: Callable[..., RunningBridge]) -> RunningBridge:
    return start_bridge("main")


def chat_id() -> int:
    """A fresh chat per test, so Rasa conversations never carry over between tests."""
    return 700_000_000 + int(uuid.uuid4().int % 100_000_000)


def texts_of(messages: list[Call]) -> str:
    return "\n".join(str(m.params["text"]) for m in messages)


def keyboard(message: Call) -> list[dict[str, Any]]:
    markup = message.params.get("reply_markup") or {}
    return [b for row in markup.get("inline_keyboard", []) for b in row]


def say(bridge: RunningBridge, chat: int, text: str, timeout: float = 45) -> list[Call]:
    """Type `text` in `chat`; return the bot's new messages to that chat."""
    before = len(bridge.api.sent_messages(chat))
    bridge.api.send_text(chat, text)
    return bridge.api.wait_for_messages(chat, before + 1, timeout)[before:]


def test_start_greets_and_offers_what_the_assistant_can_do(bridge: RunningBridge) -> None:
    chat = chat_id()
    replies = say(bridge, chat, "/start")
    assert "Educator Certification Assistant" in texts_of(replies)
    titles = [b["text"] for b in keyboard(replies[-1])]
    assert "Create an account" in titles
    assert all(int(m.params["chat_id"]) == chat for m in replies)
    # Replies are plain text: no parse mode, so nothing can break Telegram's parser.
    assert all("parse_mode" not in m.params for m in replies)


def test_help_says_what_the_assistant_can_do(bridge: RunningBridge) -> None:
    replies = say(bridge, chat_id(), "/help")
    assert "I can create your certification account" in texts_of(replies)
    assert keyboard(replies[-1]), "the capabilities come with buttons"


def test_a_question_is_answered(bridge: RunningBridge) -> None:
    replies = say(bridge, chat_id(), "where do I mail my transcripts")
    assert "P.O. Box 480" in texts_of(replies)


def test_a_button_is_an_inline_keyboard_that_can_be_pressed(bridge: RunningBridge) -> None:
    chat = chat_id()
    greeting = say(bridge, chat, "/start")[-1]
    buttons = {b["text"]: b for b in keyboard(greeting)}
    button = buttons["What else can you do?"]
    assert button["callback_data"] == "/what_can_you_do"

    before = len(bridge.api.sent_messages(chat))
    update_id = bridge.api.press_button(greeting, button["callback_data"])
    replies = bridge.api.wait_for_messages(chat, before + 1, 45)[before:]
    assert "I can create your certification account" in texts_of(replies)
    # The press was answered (the spinner stops) and its keyboard taken off.
    answered = bridge.api.calls_to("answerCallbackQuery")
    assert any(c.params.get("text") == "What else can you do?" for c in answered)
    edits = [c for c in bridge.api.calls_to("editMessageReplyMarkup")
             if int(c.params["chat_id"]) == chat]
    assert edits and int(edits[-1].params["message_id"]) == greeting.params["_result"][
        "message_id"]
    assert update_id > 0


def test_two_chats_keep_separate_conversations(bridge: RunningBridge) -> None:
    alice, bob = chat_id(), chat_id()
    username = f"tg{uuid.uuid4().hex[:10]}"
    asks = say(bridge, alice, "I want to create an account")
    assert "username" in texts_of(asks).lower()
    # Bob asks something else meanwhile; he is not in Alice's account form.
    bob_replies = say(bridge, bob, "where do I mail my transcripts")
    assert "P.O. Box 480" in texts_of(bob_replies)
    assert username not in texts_of(bob_replies)
    # Alice's form carries on where she left it.
    alice_replies = say(bridge, alice, username)
    assert f"{username} is available" in texts_of(alice_replies)
    assert all(int(m.params["chat_id"]) == alice for m in alice_replies)


def test_a_chats_messages_are_answered_in_order(bridge: RunningBridge) -> None:
    chat = chat_id()
    for text in ("hello", "where do I mail my transcripts", "what can you do"):
        bridge.api.send_text(chat, text)
    messages = bridge.api.wait_for_messages(chat, 3, 60, settle=3)
    text = texts_of(messages)
    greet = text.index("Educator Certification Assistant")
    box = text.index("P.O. Box 480")
    can = text.index("I can create your certification account")
    assert greet < box < can


def test_a_long_reply_is_split_into_parts_with_urls_whole(
        start_bridge: Callable[..., RunningBridge]) -> None:
    limit = 120
    small = start_bridge("split", TELEGRAM_MAX_MESSAGE_LENGTH=str(limit))
    chat = chat_id()
    replies = say(small, chat, "where do I mail my transcripts")
    assert len(replies) >= 3
    assert all(len(str(m.params["text"])) <= limit for m in replies)
    joined = " ".join(str(m.params["text"]) for m in replies)
    assert "P.O. Box 480, Jefferson City, MO 65102" in joined
    # The keyboard goes with the last part only.
    assert keyboard(replies[-1]) and not any(keyboard(m) for m in replies[:-1])
    expected = stackctl.texts(stackctl.say(f"split-check-{chat}", "where do I mail my transcripts"))
    assert set(URL_RE.findall(joined)) == set(URL_RE.findall(expected))
    assert joined.split() == expected.split()


def test_when_rasa_is_down_the_user_is_asked_to_try_again_and_no_text_is_logged(
        start_bridge: Callable[..., RunningBridge]) -> None:
    down = start_bridge("rasa-down", rasa_url=f"http://127.0.0.1:{free_port()}")
    chat = chat_id()
    ssn = pii.SSNS[-1]
    replies = say(down, chat, f"my SSN is {ssn}", timeout=30)
    assert "try again" in texts_of(replies)
    time.sleep(0.5)
    log = down.log_text()
    assert f"chat_id={chat}" in log
    assert not any(v in log for v in pii.ssn_variants(ssn)) and "SSN" not in log
    assert down.api.token not in log  # request URLs carry the token: never logged


def test_webhook_mode_receives_updates_and_answers(
        start_bridge: Callable[..., RunningBridge]) -> None:
    port = free_port()
    hooked = start_bridge("webhook", TELEGRAM_WEBHOOK_URL=f"http://127.0.0.1:{port}/tg-hook",
                          TELEGRAM_WEBHOOK_PORT=str(port))
    url, secret = hooked.api.webhook or ("", "")
    assert url.endswith("/tg-hook") and len(secret) >= 32
    chat = chat_id()
    replies = say(hooked, chat, "/start")
    assert "Educator Certification Assistant" in texts_of(replies)
    assert not hooked.api.calls_to("getUpdates")
