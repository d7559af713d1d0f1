"""Two Rasa replicas share conversations: whichever replica takes a turn sees every
earlier turn, and two messages of one conversation never run at the same time.

Replicas are called directly by port here; nginx is exercised by test_kill_a_replica.py.
"""

from __future__ import annotations

import threading
import uuid
from typing import Any

import pytest

from tests.e2e.cluster.clusterctl import RASA_A, RASA_B, say, stored_events, texts, user_texts

pytestmark = pytest.mark.usefixtures("running_cluster")


def _sender(name: str) -> str:
    return f"cluster-{name}-{uuid.uuid4().hex[:8]}"


def test_a_form_started_on_one_replica_continues_on_the_other_and_back() -> None:
    sender = _sender("turns")
    username = f"cl{uuid.uuid4().hex[:10]}"
    first = texts(say(RASA_A, sender, "I want to create an account"))
    assert "What username would you like?" in first
    second = texts(say(RASA_B, sender, username))
    assert f"{username} is available" in second and "What email address" in second
    # Replica A cached the tracker after turn 1; turn 2 happened on B. A must see it.
    third = texts(say(RASA_A, sender, f"{username}@example.com"))
    assert f"Your account {username} is created" in third
    assert "What username" not in third
    assert user_texts(sender) == [
        "I want to create an account", username, f"{username}@example.com"
    ]


def _at_once(calls: list[tuple[str, str, str]]) -> list[Any]:
    """Send each (replica, sender, text) from its own thread, released together."""
    barrier = threading.Barrier(len(calls))
    results: list[Any] = [None] * len(calls)

    def run(index: int, base: str, sender: str, text: str) -> None:
        barrier.wait()
        try:
            results[index] = say(base, sender, text)
        except Exception as exc:  # reported by the assertion below
            results[index] = exc

    threads = [threading.Thread(target=run, args=(i, *call)) for i, call in enumerate(calls)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    return results


def _turns(events: list[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    """The stored events cut into turns, each starting at a user message."""
    turns: list[list[dict[str, Any]]] = []
    for event in events:
        if event.get("event") == "user":
            turns.append([])
        if turns:
            turns[-1].append(event)
    return turns


@pytest.mark.parametrize("round_", range(8))
def test_concurrent_messages_of_one_conversation_are_answered_once_each_in_turn(
    round_: int,
) -> None:
    sender = _sender("lock")
    say(RASA_A, sender, "hello")
    messages = ["what can you do?", "how do I get fingerprinted?"]
    results = _at_once([(RASA_A, sender, messages[0]), (RASA_B, sender, messages[1])])
    assert all(isinstance(r, list) and r for r in results), results
    turns = _turns(stored_events(sender))
    assert sorted(t[0]["text"] for t in turns[1:]) == sorted(messages)  # each once
    for turn in turns:
        # A turn ends listening before the next user message: the Redis lock kept the
        # two replicas from working on the conversation at the same time.
        actions = [e.get("name") for e in turn if e.get("event") == "action"]
        assert actions and actions[-1] == "action_listen", actions
        assert actions.count("action_listen") == 1, actions
    # Each reply answers its own message.
    assert texts(results[0]) != texts(results[1])
