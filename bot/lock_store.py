"""Rasa's Redis lock store with each ticket update made atomic, for several replicas.

Rasa 3.6's `RedisLockStore` issues a ticket by reading the conversation's lock from
Redis, adding a ticket and writing it back. Two replicas that take a message of the
same conversation at the same moment can both read the empty lock, both issue ticket 0
and both run the turn at once (seen by tests/e2e/cluster/test_replicas.py about one run in
six). Here every read-modify-write of a lock (issue, finish, expire, clean up) runs under
a short Redis mutex of its own (`SET NX` with an expiry, redis-py's `Lock`), so tickets
are handed out one at a time across replicas. Waiting for a ticket is Rasa's as before.

Configured in `bot/endpoints.cluster.yml`:

    lock_store:
      type: bot.lock_store.AtomicRedisLockStore
      url: 127.0.0.1
      port: 6379
      key_prefix: clustertest
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any, TypeVar

from rasa.core.lock_store import LOCK_LIFETIME, RedisLockStore
from rasa.utils.endpoints import EndpointConfig

logger = logging.getLogger(__name__)

T = TypeVar("T")
MUTEX_SECONDS = 5.0  # a mutex is held for a few Redis round trips


class AtomicRedisLockStore(RedisLockStore):
    """`RedisLockStore` whose ticket updates cannot interleave across processes."""

    def __init__(self, endpoint_config: EndpointConfig | None = None, **kwargs: Any) -> None:
        if endpoint_config is not None:
            kwargs = {"host": endpoint_config.url or "localhost", **endpoint_config.kwargs}
        super().__init__(**kwargs)

    def _atomically(self, conversation_id: str, update: Callable[[], T]) -> T:
        mutex = self.red.lock(
            f"{self.key_prefix}{conversation_id}:mutex",
            timeout=MUTEX_SECONDS, blocking_timeout=MUTEX_SECONDS,
        )
        with mutex:
            return update()

    def issue_ticket(self, conversation_id: str, lock_lifetime: float = LOCK_LIFETIME) -> int:
        return self._atomically(
            conversation_id, lambda: super(AtomicRedisLockStore, self).issue_ticket(
                conversation_id, lock_lifetime)
        )

    def update_lock(self, conversation_id: str) -> None:
        self._atomically(conversation_id,
                         lambda: super(AtomicRedisLockStore, self).update_lock(conversation_id))

    def finish_serving(self, conversation_id: str, ticket_number: int) -> None:
        self._atomically(conversation_id, lambda: super(AtomicRedisLockStore, self)
                         .finish_serving(conversation_id, ticket_number))

    def cleanup(self, conversation_id: str, ticket_number: int) -> None:
        # finish_serving, then delete if no one waits: one step, or a ticket issued in
        # between would be deleted with the lock.
        def finish_and_clean() -> None:
            lock = self.get_lock(conversation_id)
            if lock:
                lock.remove_ticket_for(ticket_number)
                if lock.is_someone_waiting():
                    self.save_lock(lock)
                    return
            self.delete_lock(conversation_id)

        self._atomically(conversation_id, finish_and_clean)


__all__ = ["AtomicRedisLockStore"]
