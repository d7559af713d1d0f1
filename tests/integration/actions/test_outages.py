"""Outages said plainly (bot/outages.py, bot/lock_store.py, bot/channels/socketio_redis.py),
without a cluster: Redis is a port nobody listens on, the tracker store a stand-in that fails.

The cluster tests (tests/e2e/cluster/test_redis_down.py, test_postgres_restart.py) stop and
restart real Redis and PostgreSQL servers.
"""

from __future__ import annotations

import logging
import socket
from types import SimpleNamespace
from typing import Any

import pytest

pytest.importorskip("rasa")

from rasa.core.agent import Agent  # noqa: E402
from rasa.core.channels.channel import CollectingOutputChannel, UserMessage  # noqa: E402
from rasa.core.tracker_store import FailSafeTrackerStore, InMemoryTrackerStore  # noqa: E402
from rasa.shared.core.domain import Domain  # noqa: E402

from actions.apologies import MESSAGE_NOT_TAKEN  # noqa: E402
from bot import outages  # noqa: E402
from bot.channels.socketio_redis import ResilientRedisManager  # noqa: E402
from bot.lock_store import AtomicRedisLockStore, LockStoreUnavailable  # noqa: E402


@pytest.fixture(scope="module", autouse=True)
def installed() -> None:
    outages.install()


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])  # closed again when the block ends


def _lock_store() -> AtomicRedisLockStore:
    return AtomicRedisLockStore(host="127.0.0.1", port=_closed_port(), key_prefix="outagetest")


async def test_without_redis_no_turn_starts_and_the_outage_is_logged_once(
    caplog: pytest.LogCaptureFixture,
) -> None:
    store = _lock_store()
    caplog.set_level(logging.ERROR, logger="bot.lock_store")
    for _ in range(2):
        with pytest.raises(LockStoreUnavailable):
            async with store.lock("conversation-1"):
                pytest.fail("a turn ran without the lock")
    assert store.redis_up() is False
    outage_lines = [r for r in caplog.records if "Redis lock store unreachable" in r.message]
    assert len(outage_lines) == 1


async def test_a_message_that_cannot_be_locked_gets_the_apology() -> None:
    agent: Any = SimpleNamespace(is_ready=lambda: True, lock_store=_lock_store(), processor=None)
    channel = CollectingOutputChannel()
    await Agent.handle_message(agent, UserMessage("hello", channel, "conversation-2"))
    assert [m["text"] for m in channel.messages] == [MESSAGE_NOT_TAKEN]


class _BrokenStore(InMemoryTrackerStore):
    async def retrieve(self, sender_id: str) -> Any:
        raise ConnectionError("database is gone")


async def test_a_tracker_that_cannot_be_read_is_not_taken_for_a_new_conversation() -> None:
    store = FailSafeTrackerStore(_BrokenStore(Domain.empty()))
    with pytest.raises(outages.TrackerStoreUnavailable):
        await store.retrieve("conversation-3")


def test_health_names_the_dependency_that_is_down() -> None:
    agent: Any = SimpleNamespace(is_ready=lambda: True, lock_store=_lock_store(),
                                 tracker_store=FailSafeTrackerStore(InMemoryTrackerStore(
                                     Domain.empty())))
    assert outages.health_of(agent) == {"status": "degraded", "redis": "down",
                                        "model": "loaded"}


async def test_socketio_emits_reach_this_process_sockets_while_redis_is_down() -> None:
    manager = ResilientRedisManager(f"redis://127.0.0.1:{_closed_port()}/0", channel="t")
    delivered: list[dict[str, Any]] = []

    async def handle_emit(message: dict[str, Any]) -> None:
        delivered.append(message)

    manager._handle_emit = handle_emit  # type: ignore[method-assign]
    await manager._publish({"method": "emit", "event": "bot_uttered", "data": {"text": "hi"},
                            "room": "sid-1"})
    assert [m["data"] for m in delivered] == [{"text": "hi"}]
