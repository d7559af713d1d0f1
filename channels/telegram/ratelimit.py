"""Rate limits that follow Telegram's guidance: about one message per second in a chat
(short bursts tolerated) and about thirty per second over all chats.

Token buckets, one global and one per chat; `acquire(chat_id)` waits until both allow a
message. Written here because python-telegram-bot's AIORateLimiter needs aiolimiter.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass
class TokenBucket:
    rate: float  # tokens per second
    capacity: float
    tokens: float = -1.0
    updated: float = 0.0
    clock: Callable[[], float] = field(default=time.monotonic, repr=False)

    def __post_init__(self) -> None:
        if self.tokens < 0:
            self.tokens = self.capacity
        self.updated = self.clock()

    def wait_time(self) -> float:
        """Seconds until a token is available (0 if one is available now)."""
        self._refill()
        return 0.0 if self.tokens >= 1 else (1 - self.tokens) / self.rate

    def take(self) -> None:
        self._refill()
        self.tokens -= 1

    def _refill(self) -> None:
        now = self.clock()
        self.tokens = min(self.capacity, self.tokens + (now - self.updated) * self.rate)
        self.updated = now


class RateLimiter:
    def __init__(self, per_chat_rate: float = 1.0, per_chat_burst: int = 3,
                 global_rate: float = 30.0, max_chats: int = 50_000,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self._per_chat_rate = per_chat_rate
        self._per_chat_burst = per_chat_burst
        self._clock = clock
        self._global = TokenBucket(global_rate, max(1.0, global_rate), clock=clock)
        self._chats: dict[int, TokenBucket] = {}
        self._max_chats = max_chats
        self._lock = asyncio.Lock()

    def _bucket(self, chat_id: int) -> TokenBucket:
        bucket = self._chats.get(chat_id)
        if bucket is None:
            if len(self._chats) >= self._max_chats:
                # Forget full buckets first: they carry no state worth keeping.
                for key in [k for k, b in self._chats.items() if b.wait_time() == 0][:1000]:
                    del self._chats[key]
            bucket = TokenBucket(self._per_chat_rate, self._per_chat_burst, clock=self._clock)
            self._chats[chat_id] = bucket
        return bucket

    async def acquire(self, chat_id: int) -> None:
        # Per-chat messages are already serialised by the caller; the lock only makes
        # the check-and-take on the shared buckets atomic across chats.
        while True:
            async with self._lock:
                bucket = self._bucket(chat_id)
                wait = max(bucket.wait_time(), self._global.wait_time())
                if wait == 0:
                    bucket.take()
                    self._global.take()
                    return
            await asyncio.sleep(wait)
