"""A SQL tracker store that redacts every event before it is written or streamed.

Configured in `bot/endpoints.yml`:

    tracker_store:
      type: bot.privacy.tracker_store.RedactingSQLTrackerStore
      url: ${TRACKER_STORE_URL}     # sqlite:////abs/path/tracker.db or postgresql://u:p@h:5432/db

Rasa builds a custom store with `cls(host=<url>, domain=..., event_broker=..., **kwargs)`;
a full URL in `host` is used as the SQLAlchemy URL as it is.

Within one turn Rasa works on the in-memory tracker, so forms and custom actions see the
values the user typed. What reaches the `events` table (and any event broker) is the
redacted copy. Rasa reloads the tracker from the database at the start of every turn, so
a secret slot set in one turn would come back masked in the next; to let a form that
collects an SSN in one turn and a date of birth in the next still work, the clear values
of secret slots are kept in this process's memory for a short while (`secret_ttl_seconds`,
default 900; a sign-in token slot such as `access_token`: `token_ttl_seconds`, default
3600) and put back into the reloaded tracker. They are never written anywhere, and after
a restart of Rasa they are gone: the slot then holds its mask (`[SSN ***-**-6789]`,
`[DATE]`, `[CODE]`, `[TOKEN]`), and the bot asks again (or asks the educator to sign in
again). Both TTLs can be set in endpoints.yml; 0 turns the vault off.
"""

from __future__ import annotations

import json
import logging
import threading
import time
from typing import Any

from rasa.core.brokers.broker import EventBroker
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import Event
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.nlu.constants import INTENT_NAME_KEY

from bot.privacy.redaction import redact_event, secret_slot_kind

logger = logging.getLogger(__name__)

_VaultKey = tuple[str, str, str]  # sender_id, slot name, masked value


class SecretSlotVault:
    """Clear values of secret slots, in memory only, for a few minutes per conversation."""

    def __init__(self, ttl_seconds: float = 900.0, token_ttl_seconds: float = 3600.0) -> None:
        self.ttl_seconds = ttl_seconds
        self.token_ttl_seconds = token_ttl_seconds
        self._values: dict[_VaultKey, tuple[Any, float]] = {}
        self._lock = threading.Lock()

    def put(self, sender_id: str, slot: str, masked: Any, clear: Any) -> None:
        # A sign-in token lives as long as the backend's token; SSN/DOB/code briefly.
        ttl = self.token_ttl_seconds if secret_slot_kind(slot) == "token" else self.ttl_seconds
        if ttl <= 0:
            return
        key = (sender_id, slot, json.dumps(masked, sort_keys=True, default=str))
        with self._lock:
            self._values[key] = (clear, time.monotonic() + ttl)

    def get(self, sender_id: str, slot: str, masked: Any) -> tuple[bool, Any]:
        key = (sender_id, slot, json.dumps(masked, sort_keys=True, default=str))
        now = time.monotonic()
        with self._lock:
            self._purge(now)
            if key in self._values:
                return True, self._values[key][0]
        return False, None

    def _purge(self, now: float) -> None:
        for key in [k for k, (_, exp) in self._values.items() if exp < now]:
            del self._values[key]


class RedactingSQLTrackerStore(SQLTrackerStore):
    """`SQLTrackerStore` whose rows hold redacted events only."""

    def __init__(
        self,
        domain: Domain | None = None,
        host: str | None = None,
        url: str | None = None,
        event_broker: EventBroker | None = None,
        secret_ttl_seconds: float = 900.0,
        token_ttl_seconds: float = 3600.0,
        **kwargs: Any,
    ) -> None:
        # Rasa passes the endpoint's `url` as `host`; accept `url` too for direct use.
        db_url = url or host
        if db_url and "://" not in db_url:
            # A bare path: a SQLite file.
            kwargs.setdefault("dialect", "sqlite")
            kwargs.setdefault("db", db_url)
            db_url = None
        self.vault = SecretSlotVault(float(secret_ttl_seconds), float(token_ttl_seconds))
        super().__init__(domain=domain, host=db_url, event_broker=event_broker, **kwargs)
        logger.info(
            "Redacting SQL tracker store on %s",
            self.engine.url.render_as_string(hide_password=True),
        )

    # ---------------------------------------------------------------- writing
    def _redacted(self, sender_id: str, event: Event) -> dict[str, Any]:
        data = event.as_dict()
        redacted = redact_event(data)
        if data.get("event") == "slot":
            name = str(data.get("name", ""))
            if secret_slot_kind(name) and data.get("value") is not None:
                self.vault.put(sender_id, name, redacted.get("value"), data.get("value"))
        return redacted

    async def save(self, tracker: DialogueStateTracker) -> None:
        """Write the events this store has not seen yet, each one redacted."""
        await self.stream_events(tracker)

        with self.session_scope() as session:
            events = self._additional_events(session, tracker)
            for event in events:
                data = self._redacted(tracker.sender_id, event)
                intent = (data.get("parse_data") or {}).get("intent", {}) or {}
                session.add(
                    self.SQLEvent(
                        sender_id=tracker.sender_id,
                        type_name=event.type_name,
                        timestamp=data.get("timestamp"),
                        intent_name=intent.get(INTENT_NAME_KEY),
                        action_name=data.get("name") if data.get("event") != "slot" else None,
                        data=json.dumps(data),
                    )
                )
            session.commit()
        logger.debug("Tracker %s stored (redacted)", tracker.sender_id)

    async def _stream_new_events(
        self, event_broker: EventBroker, new_events: list[Event], sender_id: str
    ) -> None:
        """Publish redacted copies only, whatever broker is configured."""
        for event in new_events:
            body: dict[str, Any] = {"sender_id": sender_id}
            body.update(redact_event(event.as_dict()))
            event_broker.publish(body)

    # ---------------------------------------------------------------- reading
    async def _retrieve(
        self, sender_id: str, fetch_events_from_all_sessions: bool
    ) -> DialogueStateTracker | None:
        with self.session_scope() as session:
            rows = self._event_query(
                session, sender_id, fetch_events_from_all_sessions=fetch_events_from_all_sessions
            ).all()
            events = [json.loads(row.data) for row in rows]

        if not (self.domain and events):
            return None
        for event in events:
            if event.get("event") == "slot" and secret_slot_kind(str(event.get("name", ""))):
                found, clear = self.vault.get(sender_id, str(event.get("name")), event.get("value"))
                if found:
                    event["value"] = clear
        return DialogueStateTracker.from_dict(sender_id, events, self.domain.slots)


__all__ = ["RedactingSQLTrackerStore", "SecretSlotVault"]
