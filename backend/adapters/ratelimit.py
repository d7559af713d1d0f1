"""An in-memory sliding-window rate limiter (one backend process serves the API)."""

from __future__ import annotations

import time
from collections import defaultdict, deque

from backend.domain.errors import RateLimited


class RateLimiter:
    def __init__(self, enabled: bool = True) -> None:
        self.enabled = enabled
        self._hits: dict[str, deque[float]] = defaultdict(deque)

    def hit(self, key: str, limit: int, window: int) -> None:
        """Count one attempt for `key`; raise RateLimited when over `limit` per `window` s."""
        if not self.enabled:
            return
        now = time.monotonic()
        q = self._hits[key]
        while q and q[0] <= now - window:
            q.popleft()
        if len(q) >= limit:
            retry = int(q[0] + window - now) + 1
            raise RateLimited(details={"retry_after_seconds": retry})
        q.append(now)
        if len(self._hits) > 100_000:  # keep memory bounded under abuse
            self._prune(now, window)

    def _prune(self, now: float, window: int) -> None:
        for k in [k for k, q in self._hits.items() if not q or q[-1] <= now - window]:
            del self._hits[k]
