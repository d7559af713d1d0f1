"""Rasa's Redis lock store with each ticket update made atomic, for several replicas.

Rasa 3.6's `RedisLockStore` issues a ticket by reading the conversation's lock from
Redis, adding a ticket and writing it back. Two replicas that take a message of the
same conversation at the same moment can both read the empty lock, both issue ticket 0
and both run the turn at once (seen by tests/e2e/cluster/test_replicas.py about one run in
six). Here every read-modify-write of a lock (issue, finish, expire, clean up) runs under
a short Redis mutex of its own (`SET NX` with an expiry, redis-py's `Lock`), so tickets
are handed out one at a time across replicas. Waiting for a ticket is Rasa's as before.

When Redis cannot be reached, a turn is refused before it starts: `lock()` raises
`LockStoreUnavailable` (bot/health.py turns it into a clear apology to the person and
nothing of the message is processed or stored), the outage is logged once when it begins
and once when it ends, and `redis_up()` tells the health endpoint. Nothing needs a restart
when Redis returns: redis-py reconnects on the next command.

Configured in `bot/endpoints.cluster.yml`:

    lock_store:
      type: bot.lock_store.AtomicRedisLockStore
      url: 127.0.0.1
      port: 6379
      key_prefix: clustertest
"""

from __future__ import annotations

import logging
import re
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import Any, TypeVar

from rasa.core.lock import TicketLock
from rasa.core.lock_store import (
    DEFAULT_REDIS_LOCK_STORE_KEY_PREFIX,
    LOCK_LIFETIME,
    LockError,
    RedisLockStore,
)
from rasa.shared.exceptions import RasaException
from rasa.utils.endpoints import EndpointConfig
from redis.exceptions import LockError as MutexBusy
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

T = TypeVar("T")
MUTEX_SECONDS = 5.0  # a mutex is held for a few Redis round trips
# A Redis host that is gone without refusing (no RST) must not hold the event loop for
# the operating system's connect timeout: redis-py's calls here are synchronous.
CONNECT_TIMEOUT_SECONDS = 2.0


class LockStoreUnavailable(RasaException):
    """Redis did not answer, so no turn may start (two replicas could run it at once)."""


def _redis_error_in(error: BaseException) -> RedisError | None:
    """The Redis error itself, or the one inside Rasa's `LockError` (its `issue_ticket`)."""
    seen: BaseException | None = error
    while seen is not None:
        if isinstance(seen, RedisError):
            return seen
        seen = seen.__cause__ or seen.__context__
    return None


# A key prefix may be a namespace such as "benchc." (letters, digits and . : _ -).
_PREFIX = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:-]*")


class AtomicRedisLockStore(RedisLockStore):
    """`RedisLockStore` whose ticket updates cannot interleave across processes."""

    def __init__(self, endpoint_config: EndpointConfig | None = None, **kwargs: Any) -> None:
        if endpoint_config is not None:
            kwargs = {"host": endpoint_config.url or "localhost", **endpoint_config.kwargs}
        super().__init__(**kwargs)
        self.red.connection_pool.connection_kwargs.setdefault(
            "socket_connect_timeout", CONNECT_TIMEOUT_SECONDS)
        self._down_since: str | None = None  # the error that began an outage

    # ------------------------------------------------------------ Redis up or down
    def _went_down(self, error: BaseException) -> None:
        if self._down_since is None:
            self._down_since = f"{type(error).__name__}: {error}"
            logger.error(
                "Redis lock store unreachable (%s); the assistant is degraded: messages "
                "are answered with an apology and not processed until Redis is back.",
                self._down_since)

    def _is_up(self) -> None:
        if self._down_since is not None:
            logger.warning("Redis lock store reachable again (down since: %s); messages are "
                           "processed again.", self._down_since)
            self._down_since = None

    def redis_up(self) -> bool:
        """Ping Redis now (the health endpoint); logs the start or end of an outage."""
        try:
            self.red.ping()
        except RedisError as error:
            self._went_down(error)
            return False
        self._is_up()
        return True

    @asynccontextmanager
    async def lock(self, conversation_id: str, lock_lifetime: float = LOCK_LIFETIME,
                   wait_time_in_seconds: float = 1) -> AsyncIterator[TicketLock]:
        """Rasa's `lock`, but a Redis failure before the turn is `LockStoreUnavailable`,
        and one after it (releasing the ticket) is logged: the turn is done, its answer
        stands, and the ticket expires by itself (`TICKET_LOCK_LIFETIME`)."""
        try:
            ticket = self.issue_ticket(conversation_id, lock_lifetime)
            acquired = await self._acquire_lock(conversation_id, ticket, wait_time_in_seconds)
        except (RedisError, LockError) as error:
            cause = _redis_error_in(error)
            if cause is None:
                raise
            if not isinstance(cause, MutexBusy):
                # (A busy mutex is Redis answering: one left by a killed replica, until it
                # expires. The message is refused the same way, but Redis is not down.)
                self._went_down(cause)
            raise LockStoreUnavailable(f"Redis lock store: {error}") from error
        self._is_up()
        try:
            yield acquired
        finally:
            try:
                self.cleanup(conversation_id, ticket)
            except RedisError as error:
                if not isinstance(error, MutexBusy):
                    self._went_down(error)
                logger.warning("Could not release the lock of conversation %s (%s); it "
                               "expires by itself.", conversation_id, error)

    def _set_key_prefix(self, key_prefix: str) -> None:
        """Rasa keeps an alphanumeric prefix only (`clustertest` -> `clustertest:lock:`) and
        silently falls back to the shared `lock:` otherwise. A prefix ending in a separator
        (`benchc.`) is used as it is (`benchc.lock:`), so clusters sharing a Redis each keep
        to the key namespace they were given."""
        if isinstance(key_prefix, str) and _PREFIX.fullmatch(key_prefix) \
                and not key_prefix.isalnum():
            sep = "" if key_prefix[-1] in ".:_-" else ":"
            self.key_prefix = f"{key_prefix}{sep}{DEFAULT_REDIS_LOCK_STORE_KEY_PREFIX}"
            return
        super()._set_key_prefix(key_prefix)

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


__all__ = ["AtomicRedisLockStore", "LockStoreUnavailable"]
