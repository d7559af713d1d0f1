"""Read-only access to Rasa's tracker store (`events` table) for the staff console.

The tracker store belongs to the Rasa server; the console only reads it, with its own
engine (SQLite is opened in read-only mode). Rows were redacted before Rasa wrote them
(`bot.privacy.tracker_store`); everything shown is redacted a second time on the way out.

Conversation summaries are kept in an in-process index that is brought up to date
incrementally (events with an id above the last one seen), so the list, filters, search
and analytics do not re-read the whole table on every request.
"""

from __future__ import annotations

import json
import logging
import re
import threading
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from backend.adapters.db import sync_url
from pii.redaction import redact_text

logger = logging.getLogger(__name__)

FALLBACK_ACTIONS = frozenset(
    {
        "action_default_fallback",
        "action_two_stage_fallback",
        "utter_default",
        "utter_fallback",
        "action_fallback",
    }
)
FALLBACK_INTENTS = frozenset({"nlu_fallback", "out_of_scope"})
HANDOFF_HINTS = ("handoff", "human", "agent")
EDUCATOR_ID_SLOTS = ("educator_id", "signed_in_educator_id", "linked_educator_id")
SIGNIN_USERNAME_SLOTS = ("signin_username",)
ACCESS_TOKEN_SLOTS = ("access_token",)
# The assistant says the Educator ID when it links a record ("Your Educator ID is 1234567").
EDUCATOR_ID_IN_TEXT = re.compile(r"Educator ID is (\d{7})\b")


def _readonly_url(url: str) -> str:
    """SQLite files are opened read-only (uri mode); PostgreSQL with the backend's
    driver (psycopg 3), as Rasa's `postgresql://` URL would otherwise pick psycopg2."""
    if url.startswith("sqlite:///"):
        path = url[len("sqlite:///") :]
        if path and path != ":memory:" and "mode=ro" not in url:
            return f"sqlite:///file:{path}?mode=ro&uri=true"
        return url
    return sync_url(url)


def _ts(value: float | None) -> datetime | None:
    return datetime.fromtimestamp(value, tz=UTC) if value else None


@dataclass
class ConversationSummary:
    """One conversation (Rasa sender id) as the list and analytics see it."""

    sender_id: str
    started_at: float | None = None
    last_at: float | None = None
    channel: str | None = None
    educator_id: str | None = None
    turns: int = 0
    fallbacks: int = 0
    intents: dict[str, int] = field(default_factory=dict)
    unanswered: list[str] = field(default_factory=list)
    search_text: list[str] = field(default_factory=list)
    last_user_text: str | None = None
    pending_user_text: str | None = None
    turn_fell_back: bool = False
    active_form: str | None = None
    pending_username: str | None = None
    signed_in_username: str | None = None

    def count_fallback(self) -> None:
        """One fallback per user turn, however many fallback events it produced."""
        if self.turn_fell_back:
            return
        self.turn_fell_back = True
        self.fallbacks += 1
        if self.pending_user_text and not self.pending_user_text.startswith("/"):
            self.unanswered.append(self.pending_user_text)

    @property
    def started(self) -> datetime | None:
        return _ts(self.started_at)

    @property
    def last(self) -> datetime | None:
        return _ts(self.last_at)

    def matches(self, query: str) -> bool:
        q = query.lower()
        return (
            q in self.sender_id.lower()
            or any(q in t for t in self.search_text)
            or (self.educator_id is not None and q in self.educator_id.lower())
        )


@dataclass
class Turn:
    """One row of the transcript view."""

    kind: str  # user | bot | action | slot | form | session | other
    at: datetime | None
    text: str | None = None
    intent: str | None = None
    confidence: float | None = None
    entities: list[dict[str, Any]] = field(default_factory=list)
    action: str | None = None
    policy: str | None = None
    buttons: list[dict[str, Any]] = field(default_factory=list)
    clicked: str | None = None  # the payload of a button the user clicked
    slot: str | None = None
    value: Any = None
    staff: str | None = None
    fallback: bool = False


class TrackerReader:
    """Reads conversations from the tracker store; thread-safe, cached incrementally."""

    def __init__(self, url: str | None) -> None:
        self.url = url
        self._engine: Engine | None = None
        self._lock = threading.Lock()
        self._summaries: dict[str, ConversationSummary] = {}
        self._last_id = 0

    # -------------------------------------------------------------- plumbing
    @property
    def configured(self) -> bool:
        return bool(self.url)

    def _db_ready(self) -> bool:
        if not self.url:
            return False
        if self.url.startswith("sqlite:///"):
            path = self.url[len("sqlite:///") :].split("?")[0]
            return Path(path).exists()
        return True

    def engine(self) -> Engine | None:
        if not self._db_ready():
            return None
        if self._engine is None:
            assert self.url is not None
            self._engine = sa.create_engine(_readonly_url(self.url), pool_pre_ping=True)
        return self._engine

    def _table_exists(self, engine: Engine) -> bool:
        return sa.inspect(engine).has_table("events")

    def _rows(self, sql: str, **params: Any) -> list[sa.Row[Any]]:
        engine = self.engine()
        if engine is None:
            return []
        try:
            with engine.connect() as conn:
                return list(conn.execute(sa.text(sql), params))
        except sa.exc.OperationalError as exc:
            # No table yet (Rasa has not written anything): an empty store.
            if "no such table" in str(exc).lower() or "does not exist" in str(exc).lower():
                return []
            raise
        except sa.exc.ProgrammingError as exc:
            if "does not exist" in str(exc).lower():
                return []
            raise

    # -------------------------------------------------------------- index
    def refresh(self) -> dict[str, ConversationSummary]:
        """Bring the summaries up to date with events written since the last call."""
        with self._lock:
            top = self._rows("SELECT MAX(id) AS top FROM events")
            top_id = (top[0][0] if top else None) or 0
            if top_id < self._last_id:
                # The store was replaced (a fresh test run): start over.
                self._summaries.clear()
                self._last_id = 0
            if top_id > self._last_id:
                rows = self._rows(
                    "SELECT id, sender_id, type_name, timestamp, intent_name, action_name, data "
                    "FROM events WHERE id > :last ORDER BY id",
                    last=self._last_id,
                )
                for row in rows:
                    self._index_row(row)
                    self._last_id = max(self._last_id, row[0])
            return dict(self._summaries)

    def _index_row(self, row: sa.Row[Any]) -> None:
        _id, sender_id, type_name, timestamp, intent_name, action_name, data = row
        summary = self._summaries.get(sender_id)
        if summary is None:
            summary = self._summaries[sender_id] = ConversationSummary(sender_id=sender_id)
        try:
            event = json.loads(data) if data else {}
        except ValueError:
            event = {}
        if timestamp:
            if summary.started_at is None or timestamp < summary.started_at:
                summary.started_at = timestamp
            if summary.last_at is None or timestamp > summary.last_at:
                summary.last_at = timestamp
        if type_name == "user":
            summary.turns += 1
            channel = event.get("input_channel")
            if channel:
                summary.channel = channel
            text = redact_text(str(event.get("text") or ""))
            summary.search_text.append(text.lower())
            summary.last_user_text = text
            summary.pending_user_text = text
            summary.turn_fell_back = False
            if intent_name:
                summary.intents[intent_name] = summary.intents.get(intent_name, 0) + 1
            # Inside a form, a low-confidence answer ("jane.doe") is usually the form's
            # slot value: only a fallback action then says the assistant gave up.
            if intent_name in FALLBACK_INTENTS and summary.active_form is None:
                summary.count_fallback()
        elif type_name == "bot":
            bot_text = event.get("text")
            if bot_text:
                text = str(bot_text)
                summary.search_text.append(redact_text(str(text)).lower())
                found = EDUCATOR_ID_IN_TEXT.search(str(text))
                if found:
                    summary.educator_id = found.group(1)
        elif type_name == "action":
            if action_name in FALLBACK_ACTIONS:
                summary.count_fallback()
        elif type_name == "active_loop":
            summary.active_form = event.get("name") or None
        elif type_name == "slot":
            name, value = event.get("name"), event.get("value")
            if name in EDUCATOR_ID_SLOTS and value:
                summary.educator_id = redact_text(str(value))
            elif name in SIGNIN_USERNAME_SLOTS and value:
                summary.pending_username = str(value)[:60]
            elif name in ACCESS_TOKEN_SLOTS and value and summary.pending_username:
                # A token was issued after the username was given: signed in as that user.
                summary.signed_in_username = summary.pending_username

    # -------------------------------------------------------------- queries
    def conversations(self) -> list[ConversationSummary]:
        summaries = self.refresh()
        return sorted(summaries.values(), key=lambda s: s.started_at or 0, reverse=True)

    def summary(self, sender_id: str) -> ConversationSummary | None:
        return self.refresh().get(sender_id)

    def events(self, sender_id: str) -> list[dict[str, Any]]:
        rows = self._rows(
            "SELECT data FROM events WHERE sender_id = :sid ORDER BY id", sid=sender_id
        )
        out: list[dict[str, Any]] = []
        for (data,) in rows:
            try:
                out.append(json.loads(data))
            except (TypeError, ValueError):
                logger.warning("Unreadable event row in conversation %s", sender_id)
        return out

    def transcript(self, sender_id: str) -> list[Turn]:
        return build_transcript(self.events(sender_id))


def _button_payloads(buttons: Iterable[dict[str, Any]]) -> set[str]:
    return {str(b.get("payload")) for b in buttons if b.get("payload") is not None}


def build_transcript(events: list[dict[str, Any]]) -> list[Turn]:
    """Turn raw (redacted) events into transcript rows, everything redacted again."""
    turns: list[Turn] = []
    offered: list[dict[str, Any]] = []
    form_active = False
    for event in events:
        kind = event.get("event")
        at = _ts(event.get("timestamp"))
        if kind == "user":
            parse = event.get("parse_data") or {}
            intent = parse.get("intent") or {}
            text = redact_text(str(event.get("text") or ""))
            clicked = None
            if offered and text in _button_payloads(offered):
                clicked = text
                for b in offered:
                    if str(b.get("payload")) == text:
                        b["clicked"] = True
            entities = [
                {"entity": e.get("entity"), "value": redact_text(str(e.get("value")))}
                for e in parse.get("entities") or []
                if isinstance(e, dict)
            ]
            turns.append(
                Turn(
                    kind="user",
                    at=at,
                    text=text,
                    intent=intent.get("name"),
                    confidence=intent.get("confidence"),
                    entities=entities,
                    clicked=clicked,
                    fallback=intent.get("name") in FALLBACK_INTENTS and not form_active,
                )
            )
            offered = []
        elif kind == "bot":
            data = event.get("data") or {}
            buttons = [
                {
                    "title": redact_text(str(b.get("title", ""))),
                    "payload": redact_text(str(b.get("payload", ""))),
                    "clicked": False,
                }
                for b in (data.get("buttons") or [])
                if isinstance(b, dict)
            ]
            meta = event.get("metadata") or {}
            turns.append(
                Turn(
                    kind="bot",
                    at=at,
                    text=redact_text(str(event.get("text") or "")),
                    buttons=buttons,
                    staff=redact_text(str(meta.get("staff"))) if meta.get("staff") else None,
                )
            )
            offered = buttons
        elif kind == "action":
            name = event.get("name")
            if name == "action_listen":
                continue
            turns.append(
                Turn(
                    kind="action",
                    at=at,
                    action=name,
                    policy=event.get("policy"),
                    confidence=event.get("confidence"),
                    fallback=name in FALLBACK_ACTIONS,
                )
            )
        elif kind == "slot":
            value = event.get("value")
            turns.append(
                Turn(
                    kind="slot",
                    at=at,
                    slot=event.get("name"),
                    value=redact_text(json.dumps(value)) if value is not None else "null",
                )
            )
        elif kind == "active_loop":
            form_active = bool(event.get("name"))
            turns.append(Turn(kind="form", at=at, action=event.get("name") or "(form ended)"))
        elif kind == "session_started":
            turns.append(Turn(kind="session", at=at))
    return turns
