"""A small client for Rasa's REST channel."""

from __future__ import annotations

import logging
from typing import Any

import httpx

logger = logging.getLogger(__name__)


class RasaUnavailable(Exception):
    """Rasa could not be reached or answered with an error."""


class RasaClient:
    def __init__(self, base_url: str, timeout: float = 30.0,
                 transport: httpx.AsyncBaseTransport | None = None) -> None:
        self._url = base_url.rstrip("/") + "/webhooks/rest/webhook"
        self._client = httpx.AsyncClient(timeout=timeout, transport=transport)

    async def send(self, sender: str, message: str) -> list[dict[str, Any]]:
        """Post one user message; return Rasa's replies (a list of dicts)."""
        try:
            response = await self._client.post(
                self._url, json={"sender": sender, "message": message}
            )
        except httpx.HTTPError as exc:
            raise RasaUnavailable(type(exc).__name__) from exc
        if response.status_code >= 400:
            raise RasaUnavailable(f"HTTP {response.status_code}")
        try:
            body = response.json()
        except ValueError as exc:
            raise RasaUnavailable("invalid JSON") from exc
        if not isinstance(body, list):
            raise RasaUnavailable("unexpected body")
        return [r for r in body if isinstance(r, dict)]

    async def aclose(self) -> None:
        await self._client.aclose()
