"""A conversation survives a restart of Rasa: the tracker is reloaded from the SQL store.

Mid-form (account creation: username asked, then email), Rasa is stopped and started
again; the next answer is handled as the form's next slot, as if nothing happened.
"""

from __future__ import annotations

import uuid

import httpx
import pytest

from tests.e2e.stack import stackctl
from tests.e2e.stack.stackctl import say, texts

pytestmark = [pytest.mark.stack]


def _tracker(sender: str) -> dict:
    token = __import__("os").environ.get("RASA_API_TOKEN", "dev-rasa-token-change-me")
    r = httpx.get(
        f"{stackctl.RASA}/conversations/{sender}/tracker", params={"token": token}, timeout=30
    )
    r.raise_for_status()
    return r.json()


def test_a_form_continues_with_its_next_slot_after_rasa_restarts(running_stack: None) -> None:
    sender = f"restart-{uuid.uuid4().hex[:10]}"
    username = f"rs{uuid.uuid4().hex[:8]}"
    reply = texts(say(sender, "I want to create an account"))
    assert "username" in reply.lower()
    reply = texts(say(sender, username))
    assert "email" in reply.lower(), reply
    before = _tracker(sender)
    assert before["active_loop"].get("name") == "account_form"
    assert before["slots"]["new_username"] == username

    stackctl.stack("restart", "rasa")

    after = _tracker(sender)
    assert after["active_loop"].get("name") == "account_form"
    assert after["slots"]["new_username"] == username
    assert len(after["events"]) >= len(before["events"])

    reply = texts(say(sender, f"{username}@example.org"))
    # The email was taken as the form's next slot: the account is created.
    assert username in reply and "created" in reply.lower(), reply
    final = _tracker(sender)
    assert not final["active_loop"] or final["active_loop"].get("name") != "account_form"
