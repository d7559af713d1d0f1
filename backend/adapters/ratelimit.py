"""A sliding-window rate limiter whose counts live in the database.

Every backend worker (and a restarted backend) sees the same counts, so running several
workers does not multiply the attempts an attacker gets at a code, a password or an SSN.
Each hit is its own short transaction, separate from the request's unit of work: a
refused sign-in rolls its own work back, but the attempt stays counted.

Keys name usernames, e-mail addresses and clients; only a keyed digest is stored
(`Crypto.limit_key_hash`).
"""

from __future__ import annotations

import logging
import math
from collections.abc import Callable
from datetime import timedelta
from typing import cast

from sqlalchemy import Table, delete, func, insert, literal, select
from sqlalchemy.ext.asyncio import AsyncEngine

from backend.adapters.models import RateLimitHit, UTCDateTime, utcnow
from backend.domain.errors import RateLimited

logger = logging.getLogger(__name__)

# Rows older than this are deleted now and then, whatever their key (the longest window
# in Settings is an hour).
KEEP = timedelta(days=1)
PRUNE_EVERY = 500
RETRY_STEP = 60
HITS = cast(Table, RateLimitHit.__table__)


class RateLimiter:
    def __init__(self, engine: AsyncEngine, digest: Callable[[str], str],
                 enabled: bool = True) -> None:
        self.enabled = enabled
        self._engine = engine
        self._digest = digest
        self._hits_since_prune = 0

    async def hit(self, key: str, limit: int, window: int) -> None:
        """Count one attempt for `key`; raise RateLimited when `limit` were counted in the
        last `window` seconds (a refused attempt is not counted)."""
        if not self.enabled:
            return
        digest = self._digest(key)
        now = utcnow()
        since = now - timedelta(seconds=window)
        recent = (
            select(func.count())
            .select_from(HITS)
            .where(HITS.c.key_hash == digest, HITS.c.at > since)
            .scalar_subquery()
        )
        async with self._engine.begin() as conn:
            if conn.dialect.name == "postgresql":
                # Serialise hits on one key, so racing workers cannot both take the last slot.
                await conn.execute(select(func.pg_advisory_xact_lock(func.hashtext(digest))))
            # On SQLite this first write takes the database's write lock, which does the same.
            await conn.execute(
                delete(HITS).where(HITS.c.key_hash == digest, HITS.c.at <= since)
            )
            added = await conn.execute(
                insert(HITS).from_select(
                    ["key_hash", "at"],
                    select(literal(digest), literal(now, UTCDateTime())).where(recent < limit),
                )
            )
            if added.rowcount != 1:
                oldest = (
                    await conn.execute(
                        select(func.min(HITS.c.at)).where(
                            HITS.c.key_hash == digest, HITS.c.at > since
                        )
                    )
                ).scalar_one() or now
                # Whole minutes: the answer then does not vary with the exact instant of
                # each attempt, so a real username and a made-up one get the same header.
                exact = (oldest - since).total_seconds()
                retry = max(RETRY_STEP, math.ceil(exact / RETRY_STEP) * RETRY_STEP)
                raise RateLimited(details={"retry_after_seconds": retry})
        self._hits_since_prune += 1
        if self._hits_since_prune >= PRUNE_EVERY:
            self._hits_since_prune = 0
            await self.prune()

    async def reset(self, *keys: str) -> None:
        """Forget every counted attempt under `keys` (a proven owner clears its throttles)."""
        if not self.enabled or not keys:
            return
        digests = [self._digest(key) for key in keys]
        async with self._engine.begin() as conn:
            await conn.execute(delete(HITS).where(HITS.c.key_hash.in_(digests)))

    async def dispose(self) -> None:
        await self._engine.dispose()

    async def prune(self) -> None:
        """Delete hits that no window can still count."""
        async with self._engine.begin() as conn:
            await conn.execute(delete(HITS).where(HITS.c.at <= utcnow() - KEEP))
