"""Work done after the response: mail and the database writes that go with it.

Recovery and code requests answer 202 whatever the username or address; doing their
lookup, token and mail work here keeps the response path identical for a real and a
made-up one, so neither the answer nor its timing tells them apart.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Coroutine
from typing import Any

logger = logging.getLogger(__name__)

START_DELAY = 0.01  # seconds


class BackgroundJobs:
    """Fire-and-forget tasks on the running loop, kept referenced until they finish."""

    def __init__(self) -> None:
        self._tasks: set[asyncio.Task[None]] = set()

    def spawn(self, job: Coroutine[Any, Any, None], name: str) -> None:
        task = asyncio.get_running_loop().create_task(self._run(job, name), name=name)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _run(self, job: Coroutine[Any, Any, None], name: str) -> None:
        # Start a moment later, so the response is on the wire before the job takes its
        # share of the event loop.
        await asyncio.sleep(START_DELAY)
        try:
            await job
        except Exception:  # noqa: BLE001 - a failed job must not take the worker down
            logger.exception("background job failed: %s", name)

    @property
    def pending(self) -> int:
        return len(self._tasks)

    async def drain(self) -> None:
        """Wait for every job started so far (shutdown, and the development outbox)."""
        while self._tasks:
            await asyncio.gather(*list(self._tasks), return_exceptions=True)
