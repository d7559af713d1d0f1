"""Realistic Rasa events for a tracker store, as the redacting store writes them."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

from tests.typed_secrets import SSNS

# A clear SSN planted in the tracker rows, as if an old, unredacted row existed: the
# console must mask it on the way out (second pass) on every page and export.
PLANTED_SSN = SSNS[54]
CREATE = """
CREATE TABLE IF NOT EXISTS events (
    id INTEGER PRIMARY KEY,
    sender_id VARCHAR(255) NOT NULL,
    type_name VARCHAR(255) NOT NULL,
    timestamp FLOAT,
    intent_name VARCHAR(255),
    action_name VARCHAR(255),
    data TEXT
)
"""

DAY = 86400.0
T0 = 1_767_000_000.0  # 2025-12-29


def _user(
    text: str,
    intent: str,
    conf: float,
    channel: str,
    ts: float,
    entities: list[dict[str, Any]] | None = None,
) -> dict[str, Any]:
    return {
        "event": "user",
        "timestamp": ts,
        "text": text,
        "input_channel": channel,
        "message_id": f"m{int(ts * 1000)}",
        "metadata": {},
        "parse_data": {
            "intent": {"name": intent, "confidence": conf},
            "entities": entities or [],
            "text": text,
            "message_id": f"m{int(ts * 1000)}",
            "metadata": {},
            "intent_ranking": [{"name": intent, "confidence": conf}],
        },
    }


def _bot(
    text: str, ts: float, buttons: list[dict[str, str]] | None = None, staff: str | None = None
) -> dict[str, Any]:
    data: dict[str, Any] = {
        "elements": None,
        "quick_replies": None,
        "buttons": buttons,
        "attachment": None,
        "image": None,
        "custom": None,
    }
    meta: dict[str, Any] = {"utter_action": "utter_x"}
    if staff:
        meta = {"staff": staff, "source": "staff_console"}
    return {"event": "bot", "timestamp": ts, "text": text, "data": data, "metadata": meta}


def _action(name: str, ts: float, policy: str = "RulePolicy", conf: float = 1.0) -> dict[str, Any]:
    return {
        "event": "action",
        "timestamp": ts,
        "name": name,
        "policy": policy,
        "confidence": conf,
        "action_text": None,
        "hide_rule_turn": False,
    }


def _slot(name: str, value: Any, ts: float) -> dict[str, Any]:
    return {"event": "slot", "timestamp": ts, "name": name, "value": value}


def _session(ts: float) -> list[dict[str, Any]]:
    return [
        _action("action_session_start", ts),
        {"event": "session_started", "timestamp": ts},
        _action("action_listen", ts),
    ]


def conversations() -> dict[str, list[dict[str, Any]]]:
    convs: dict[str, list[dict[str, Any]]] = {}
    t = T0
    convs["conv-fallback"] = _session(t) + [
        _user("hello", "greet", 0.98, "rest", t + 1),
        _action("utter_greet", t + 1.1),
        _bot(
            "Hi! What would you like to do?",
            t + 1.2,
            buttons=[
                {"title": "Apply for a certificate", "payload": "/apply"},
                {"title": "Check my status", "payload": "/check_status"},
            ],
        ),
        _action("action_listen", t + 1.3),
        _user("/check_status", "check_status", 1.0, "rest", t + 2),
        _action("utter_ask_sign_in", t + 2.1),
        _bot("Please sign in first.", t + 2.2),
        _action("action_listen", t + 2.3),
        _user("blorp the zazzle frobnicator", "nlu_fallback", 0.31, "rest", t + 3),
        _action("action_default_fallback", t + 3.1, "RulePolicy", 1.0),
        _bot("Sorry, I didn't get that.", t + 3.2),
        _action("action_listen", t + 3.3),
    ]
    t = T0 + DAY
    convs["conv-signed-in"] = _session(t) + [
        _user(
            "my ssn is [SSN ***-**-6789]",
            "provide_ssn",
            0.95,
            "socketio",
            t + 1,
            [{"entity": "ssn", "value": "[SSN ***-**-6789]", "start": 10, "end": 27}],
        ),
        _slot("ssn", "[SSN ***-**-6789]", t + 1.1),
        _slot("educator_id", "1000001", t + 1.2),
        _action("utter_linked", t + 1.3, "TEDPolicy", 0.88),
        _bot("Your record is linked.", t + 1.4),
        _action("action_listen", t + 1.5),
        # A row that escaped redaction (e.g. written before the redacting store).
        _user(f"also {PLANTED_SSN}", "inform", 0.7, "socketio", t + 2),
        _action("action_listen", t + 2.1),
    ]
    t = T0 + 2 * DAY
    convs["conv-handoff"] = _session(t) + [
        # Signed in with an emailed code (the token is masked by the store).
        _slot("signin_username", "educator1", t + 0.5),
        _slot("signin_code", "[CODE]", t + 0.6),
        _slot("access_token", "[TOKEN]", t + 0.7),
        _user("I want to talk to a person", "request_human", 0.97, "rest", t + 1),
        _action("action_request_handoff", t + 1.1),
        _bot("I've asked the help desk to join.", t + 1.2),
        _action("action_listen", t + 1.3),
    ]
    for i in range(30):
        t = T0 + 3 * DAY + i * 60
        convs[f"conv-bulk-{i:02d}"] = _session(t) + [
            _user("how much is the fee", "ask_fee", 0.9, "telegram", t + 1),
            _action("utter_fee", t + 1.1),
            _bot("The fee depends on the certificate.", t + 1.2),
            _action("action_listen", t + 1.3),
        ]
    return convs


def write_tracker_db(path: Path) -> None:
    con = sqlite3.connect(path)
    try:
        con.execute(CREATE)
        for sender, events in conversations().items():
            for e in events:
                intent = (e.get("parse_data") or {}).get("intent", {}).get("name")
                action = e.get("name") if e["event"] in ("action",) else None
                con.execute(
                    "INSERT INTO events (sender_id, type_name, timestamp, intent_name, "
                    "action_name, data) VALUES (?, ?, ?, ?, ?, ?)",
                    (sender, e["event"], e.get("timestamp"), intent, action, json.dumps(e)),
                )
        con.commit()
    finally:
        con.close()


def append_event(path: Path, sender: str, event: dict[str, Any]) -> None:
    con = sqlite3.connect(path)
    try:
        con.execute(
            "INSERT INTO events (sender_id, type_name, timestamp, intent_name, action_name, data) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            (
                sender,
                event["event"],
                event.get("timestamp"),
                None,
                event.get("name"),
                json.dumps(event),
            ),
        )
        con.commit()
    finally:
        con.close()
