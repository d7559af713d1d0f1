"""A stand-in for rasa-sdk's Tracker in the actions' unit tests: a conversation whose earlier
messages the router answered, then the message being answered."""

from __future__ import annotations

from typing import Any


class RoutedTracker:
    """Each of `user_intents` (oldest first) is a user message read as that intent, routed
    (`action_route`) and answered with `answer`; the last event is the message being
    answered. `slots` are what `get_slot` returns."""

    def __init__(self, *user_intents: tuple[str, float], answer: str = "an answer",
                 slots: dict[str, Any] | None = None) -> None:
        self.events: list[dict[str, Any]] = []
        for name, confidence in user_intents:
            self.events += [{"event": "user", "parse_data": {
                "intent": {"name": name, "confidence": confidence}}},
                {"event": "action", "name": "action_route"},
                {"event": "bot", "text": answer}]
        self.events.append({"event": "user", "parse_data": {}})
        self.slots = slots or {}

    def get_slot(self, name: str) -> Any:
        return self.slots.get(name)
