"""Send a staff reply into an educator's conversation through Rasa's HTTP API.

`POST {RASA_URL}/conversations/{id}/tracker/events?output_channel=latest&execute_side_effects=true`
appends a `bot` event to the conversation (so it is part of the transcript) and, because
of `execute_side_effects`, sends it through the conversation's latest input channel:

- socketio (the website chat widget): delivered to the open widget at once.
- rest (and the Telegram bridge, which talks to Rasa over REST): the REST channel can
  only answer the request that carries a user message, so the reply is stored in the
  conversation and the client sees it when it reads the conversation
  (`GET /conversations/{id}/tracker`), e.g. the bridge's poll or on the next turn.
Rasa must run with `--enable-api --auth-token $RASA_API_TOKEN`.
"""

from __future__ import annotations

import logging
from typing import Any
from urllib.parse import quote

import httpx

from pii.redaction import redact_text

logger = logging.getLogger(__name__)


class RasaReplyError(Exception):
    pass


async def send_staff_reply(
    rasa_url: str,
    token: str | None,
    conversation_id: str,
    text: str,
    staff_username: str,
    handoff_id: int | None = None,
    timeout: float = 15.0,
) -> dict[str, Any]:
    """Append the reply as a bot utterance and deliver it on the latest channel."""
    params: dict[str, str] = {"output_channel": "latest", "execute_side_effects": "true"}
    if token:
        params["token"] = token
    event = {
        "event": "bot",
        "text": redact_text(text),
        "metadata": {"staff": staff_username, "handoff_id": handoff_id, "source": "staff_console"},
    }
    url = f"{rasa_url}/conversations/{quote(conversation_id, safe='')}/tracker/events"
    try:
        async with httpx.AsyncClient(timeout=timeout) as client:
            resp = await client.post(url, params=params, json=[event])
    except httpx.HTTPError as exc:
        logger.warning("Rasa unreachable for a staff reply: %s", type(exc).__name__)
        raise RasaReplyError("The assistant could not be reached; the reply was not sent.") from exc
    if resp.status_code >= 400:
        logger.warning("Rasa refused a staff reply: HTTP %s", resp.status_code)
        raise RasaReplyError(f"The assistant refused the reply (HTTP {resp.status_code}).")
    body: dict[str, Any] = resp.json() if resp.content else {}
    return body
