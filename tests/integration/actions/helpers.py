"""Build real rasa_sdk Trackers for action tests."""

from __future__ import annotations

import time
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher


def tracker(sender: str, slots: dict[str, Any] | None = None, text: str = "",
            intent: str = "nlu_fallback", form: str | None = None,
            requested_slot: str | None = None, channel: str = "rest",
            confidence: float | None = None, faq: str | None = None,
            entities: list[dict[str, Any]] | None = None,
            extras: list[dict[str, Any]] | None = None) -> Tracker:
    """A tracker whose latest message is `text`, parsed as `intent` (nlu_fallback, as the
    model gives a bare answer it cannot place, unless said otherwise)."""
    all_slots: dict[str, Any] = dict(slots or {})
    if requested_slot:
        all_slots["requested_slot"] = requested_slot
    if faq:
        intent = f"faq_{faq}"
    if confidence is None:
        confidence = 0.3 if intent == "nlu_fallback" else 0.95
    now = time.time()
    message: dict[str, Any] = {
        "text": text, "intent": {"name": intent, "confidence": confidence},
        "entities": list(entities or []),
        "intent_ranking": [{"name": intent, "confidence": confidence}],
    }
    if extras:
        message["extras"] = extras
    events: list[dict[str, Any]] = [
        {"event": "action", "name": "action_listen", "timestamp": now - 1},
        {"event": "user", "text": text, "timestamp": now, "input_channel": channel,
         "parse_data": message},
    ]
    return Tracker(
        sender_id=sender,
        slots=all_slots,
        latest_message=message,
        events=events,
        paused=False,
        followup_action=None,
        active_loop={"name": form} if form else {},
        latest_action_name="action_listen",
    )


def slot_events(events: list[dict[str, Any]]) -> dict[str, Any]:
    """The last value each returned SlotSet gives a slot."""
    return {e["name"]: e["value"] for e in events if e.get("event") == "slot"}


def texts(dispatcher: CollectingDispatcher) -> str:
    return "\n".join(m.get("text") or "" for m in dispatcher.messages)


def buttons(dispatcher: CollectingDispatcher) -> list[str]:
    return [b["title"] for m in dispatcher.messages for b in (m.get("buttons") or [])]


__all__ = ["SlotSet", "tracker", "slot_events", "texts", "buttons"]
