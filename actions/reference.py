"""Certification facts the chat states, served by the backend (`GET /api/v1/reference`,
`GET /api/v1/application-types`): the backend's catalog is their one home.

They change only with a release of the backend, so each action-server process keeps
them for a few minutes instead of asking on every message.
"""

from __future__ import annotations

import logging
import time
from typing import Any

from rasa_sdk import Tracker

from actions.backend_client import BackendError, BackendUnavailable
from actions.common import client_for

logger = logging.getLogger(__name__)

TTL_SECONDS = 300.0
# Said when the backend has never answered: no address is better than a stale copy.
ADDRESS_UNKNOWN = "the Educator Certification mailing address shown on your application checklist"

_cache: dict[str, tuple[float, Any]] = {}


async def _cached(key: str, tracker: Tracker) -> Any:
    hit = _cache.get(key)
    if hit and time.monotonic() - hit[0] < TTL_SECONDS:
        return hit[1]
    client = client_for(tracker, with_token=False)
    try:
        value = await (client.reference() if key == "reference" else client.application_types())
    except (BackendUnavailable, BackendError):
        if hit:
            return hit[1]  # an older copy beats none while the backend is away
        raise
    _cache[key] = (time.monotonic(), value)
    return value


async def reference(tracker: Tracker) -> dict[str, Any]:
    """`{"mailing_address": ..., "recommendations": {key: {"type", "reason"}}}`."""
    value: dict[str, Any] = await _cached("reference", tracker)
    return value


async def application_types(tracker: Tracker) -> list[dict[str, Any]]:
    value: list[dict[str, Any]] = await _cached("types", tracker)
    return value


async def mailing_address(tracker: Tracker) -> str:
    try:
        return str((await reference(tracker)).get("mailing_address") or ADDRESS_UNKNOWN)
    except (BackendUnavailable, BackendError):
        logger.info("reference facts unavailable; naming the address generically")
        return ADDRESS_UNKNOWN


def forget() -> None:
    """Drop the cached facts (tests)."""
    _cache.clear()
