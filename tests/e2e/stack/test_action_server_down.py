"""Never silent: with the action server stopped or frozen, the person gets an apology.

The real stack on test ports: the action server is terminated (connection refused) or
frozen with SIGSTOP (it accepts connections and never answers). A message that needs a
custom action gets the apology (actions/apologies.py) within seconds, not `[]` and not
minutes of silence; when the action server is back, the same conversation goes on, a
form on the question it was asking. The fixture always brings the action server back,
so the other end-to-end tests find the stack as they expect it.
"""

from __future__ import annotations

import os
import signal
import time
import uuid
from collections.abc import Iterator

import httpx
import pytest

from actions.apologies import ACTION_SERVER_DOWN
from tests.e2e.stack import stackctl
from tests.e2e.stack.stackctl import say, texts

pytestmark = [pytest.mark.stack]

# The Rasa server's remote action timeout (bot/action_failures.py), as the stack runs it.
ACTION_TIMEOUT = float(os.environ.get("ACTION_TIMEOUT_SECONDS") or 8)
HEALTH = f"{stackctl.ACTIONS}/health"


def _timed_say(sender: str, text: str) -> tuple[str, float]:
    started = time.monotonic()
    reply = texts(say(sender, text))
    return reply, time.monotonic() - started


def _active_loop(sender: str) -> str | None:
    token = os.environ.get("RASA_API_TOKEN", "dev-rasa-token-change-me")
    r = httpx.get(f"{stackctl.RASA}/conversations/{sender}/tracker",
                  params={"token": token}, timeout=30)
    r.raise_for_status()
    return (r.json().get("active_loop") or {}).get("name")


def _signal_actions(sig: signal.Signals) -> None:
    pid = stackctl.service_pid("actions")
    assert pid is not None, "the stack recorded no action server"
    os.killpg(pid, sig)


@pytest.fixture
def action_server_restored(running_stack: None) -> Iterator[None]:
    """Whatever the test does to the action server, it is running and healthy afterwards."""
    assert stackctl.healthy(HEALTH)
    try:
        yield
    finally:
        pid = stackctl.service_pid("actions")
        if pid is not None:
            try:
                os.killpg(pid, signal.SIGCONT)
            except ProcessLookupError:
                pass
        if not stackctl.healthy(HEALTH):
            stackctl.stack("restart", "actions")


def test_a_stopped_action_server_gets_an_apology_at_once_and_the_conversation_goes_on(
        action_server_restored: None) -> None:
    in_form = f"down-form-{uuid.uuid4().hex[:8]}"
    fresh = f"down-new-{uuid.uuid4().hex[:8]}"
    assert "username" in texts(say(in_form, "I forgot my password")).lower()
    assert _active_loop(in_form) == "forgot_password_form"

    stackctl.stack("stop", "actions")

    reply, elapsed = _timed_say(in_form, "maria.chen")
    assert reply == ACTION_SERVER_DOWN
    assert elapsed < 5, elapsed
    assert _active_loop(in_form) == "forgot_password_form"  # still on the same question
    reply, elapsed = _timed_say(fresh, "check my application status")
    assert reply == ACTION_SERVER_DOWN
    assert elapsed < 5, elapsed

    stackctl.stack("restart", "actions")

    reply = texts(say(in_form, "maria.chen"))
    assert "emailed a link to reset the password" in reply, reply
    assert _active_loop(in_form) is None
    reply = texts(say(fresh, "check my application status"))
    assert "signed in" in reply and "username" in reply.lower(), reply


def test_a_frozen_action_server_gets_an_apology_within_the_timeout_and_recovers(
        action_server_restored: None) -> None:
    sender = f"frozen-{uuid.uuid4().hex[:8]}"
    _signal_actions(signal.SIGSTOP)
    try:
        reply, elapsed = _timed_say(sender, "I forgot my password")
    finally:
        _signal_actions(signal.SIGCONT)
    assert reply == ACTION_SERVER_DOWN
    assert ACTION_TIMEOUT - 1 < elapsed < ACTION_TIMEOUT + 4, elapsed
    assert _active_loop(sender) is None  # the form never started

    reply = texts(say(sender, "I forgot my password"))
    assert "what is your username" in reply.lower(), reply
    reply = texts(say(sender, "maria.chen"))
    assert "emailed a link to reset the password" in reply, reply
