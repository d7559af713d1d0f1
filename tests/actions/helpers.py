"""Build real rasa_sdk Trackers for action tests."""

from __future__ import annotations

import time
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher


def tracker(sender: str, slots: dict[str, Any] | None = None, text: str = "",
            intent: str = "inform", form: str | None = None,
            requested_slot: str | None = None, channel: str = "rest") -> Tracker:
    all_slots: dict[str, Any] = dict(slots or {})
    if requested_slot:
        all_slots["requested_slot"] = requested_slot
    now = time.time()
    events: list[dict[str, Any]] = [
        {"event": "action", "name": "action_listen", "timestamp": now - 1},
        {"event": "user", "text": text, "timestamp": now, "input_channel": channel,
         "parse_data": {"intent": {"name": intent, "confidence": 0.9}, "entities": []}},
    ]
    return Tracker(
        sender_id=sender,
        slots=all_slots,
        latest_message={"text": text, "intent": {"name": intent, "confidence": 0.9},
                        "entities": [], "intent_ranking": [{"name": intent, "confidence": 0.9}]},
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
