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

Access pattern (why a turn costs the same at turn 5 and at turn 200):

* One Rasa process owns every conversation (in-memory lock store, one message per
  conversation at a time), so the tracker saved at the end of a turn is kept in memory
  (`tracker_cache_size` conversations, idle for at most `tracker_cache_ttl_seconds`) and
  handed back at the start of the next turn instead of reading and replaying every
  event of the session again. A cached tracker is used only if nothing was added to it
  since it was saved; otherwise the store reloads from the database.
* In cluster mode (`tracker_cache_check_db: true`, bot/endpoints.cluster.yml) another
  replica may have added events since this process saved the tracker. Before a cached
  tracker is reused, one indexed query reads the id of the conversation's newest row;
  the tracker is reused only if that is the row this process wrote or read last. The
  Redis lock store keeps anyone from writing between that check and the end of the turn.
* `save` appends only the events added since the tracker was loaded or last saved; it
  knows them by the last saved event object, without counting rows.
* The tracker handed to the policies and to the action server holds the most recent
  `prediction_window_events` events (default 100), cut at a turn boundary and never inside the
  active form. Slot values, the active form and the latest message live on the tracker
  itself, and the policies look at most 5 turns back, so predictions are unchanged; the
  database keeps every event, and `retrieve_full_tracker` (Rasa's HTTP API, the console)
  still returns the whole conversation.
"""

from __future__ import annotations

import json
import logging
import threading
import time
from collections import OrderedDict, deque
from typing import Any

from rasa.core.brokers.broker import EventBroker
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.constants import ACTION_LISTEN_NAME
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, ActiveLoop, Event, SlotSet
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.nlu.constants import INTENT_NAME_KEY

from pii.redaction import redact_event, secret_slot_kind

logger = logging.getLogger(__name__)

_VaultKey = tuple[str, str, str]  # sender_id, slot name, masked value

# Set on every tracker this store hands out or saves: the last event that is stored.
_SAVED_UPTO = "_ecs_saved_upto"
# ... and the id of the newest row of the conversation when it was saved or read.
_NEWEST_ROW = "_ecs_newest_row"
_NOTHING_SAVED = object()
CONNECT_TIMEOUT_SECONDS = 5


def trim_tracker(tracker: DialogueStateTracker, keep: int) -> None:
    """Keep about the last `keep` events, from a turn boundary, never cutting the form.

    The cut moves back to the `action_listen` that opened a turn, and, while a form is
    active, to before the event that activated it, so that the policies still see it.
    The window opens with `SlotSet` events for the slots that hold a value, so a copy
    of the tracker (a replay of its events) has the same slots.
    """
    if keep <= 0 or len(tracker.events) <= keep:
        return
    events = list(tracker.events)
    cut = len(events) - keep
    loop = tracker.active_loop_name
    if loop:
        for index in range(len(events) - 1, -1, -1):
            event = events[index]
            if isinstance(event, ActiveLoop) and event.name == loop:
                cut = min(cut, index)
                break
    while cut > 0 and not (
        isinstance(events[cut], ActionExecuted) and events[cut].action_name == ACTION_LISTEN_NAME
    ):
        cut -= 1
    if cut <= 0:
        return
    # Rasa replays `tracker.events` onto a fresh tracker in `tracker.copy()` (forms do
    # this before validation), so the window starts with the slot values set before it.
    stamp = events[cut].timestamp
    snapshot: list[Event] = [
        SlotSet(name, slot.value, timestamp=stamp)
        for name, slot in tracker.slots.items()
        if slot.value != slot.initial_value
    ]
    tracker.events = deque(snapshot + events[cut:], maxlen=tracker.events.maxlen)


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
        prediction_window_events: int = 100,
        tracker_cache_size: int = 1000,
        tracker_cache_ttl_seconds: float = 600.0,
        tracker_cache_check_db: bool = False,
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
        self.keep_events = int(prediction_window_events)
        # Without the vault a reloaded secret slot holds its mask; a cached tracker would
        # keep the clear value, so the cache follows the vault.
        self.cache_size = int(tracker_cache_size) if float(secret_ttl_seconds) > 0 else 0
        self.cache_ttl = min(float(tracker_cache_ttl_seconds), float(secret_ttl_seconds))
        self.cache_check_db = str(tracker_cache_check_db).lower() in ("1", "true", "yes")
        self._cache: OrderedDict[str, tuple[DialogueStateTracker, float]] = OrderedDict()
        self._cache_lock = threading.Lock()
        super().__init__(domain=domain, host=db_url, event_broker=event_broker, **kwargs)
        self._reconnecting_engine()
        logger.info(
            "Redacting SQL tracker store on %s",
            self.engine.url.render_as_string(hide_password=True),
        )

    def _reconnecting_engine(self) -> None:
        """Rasa's engine, but a pooled connection is checked before use (`pool_pre_ping`).

        After a database restart every pooled connection is dead. Without the check the
        first query on each fails; Rasa's `FailSafeTrackerStore` would have treated that as
        a new conversation (bot/outages.py now refuses the message instead). With it the
        pool opens a new connection and the turn goes on. Connecting gives up after
        `CONNECT_TIMEOUT_SECONDS`, as the store's calls hold Rasa's event loop.
        """
        if self.engine.dialect.name == "sqlite":
            self._sqlite_without_a_sync_per_turn()
            return
        import sqlalchemy as sa
        from rasa.core.tracker_store import create_engine_kwargs
        from sqlalchemy.orm import sessionmaker

        url = self.engine.url
        kwargs = create_engine_kwargs(url)
        if self.engine.dialect.name == "postgresql":
            connect_args = dict(kwargs.get("connect_args") or {})
            connect_args.setdefault("connect_timeout", CONNECT_TIMEOUT_SECONDS)
            kwargs["connect_args"] = connect_args
        self.engine.dispose()
        self.engine = sa.create_engine(url, pool_pre_ping=True, **kwargs)
        self.sessionmaker = sessionmaker(bind=self.engine)

    def _sqlite_without_a_sync_per_turn(self) -> None:
        """The embedded SQLite store on kept-open connections in write-ahead-log mode,
        synced at checkpoints rather than at every commit (`synchronous=NORMAL`). Every turn
        commits on Rasa's event loop, which serves every conversation: Rasa's engine opens
        and closes a connection per turn (SQLAlchemy 1.4's default for a SQLite file) in a
        rollback journal synced at each commit, which held the loop for 7% of its time in
        the blind conversations. The file stays consistent whatever stops the process; a
        power cut may lose the last turns. (The production store is PostgreSQL,
        docs/deployment.md.)"""
        import sqlalchemy as sa
        from sqlalchemy.orm import sessionmaker
        from sqlalchemy.pool import QueuePool

        def pragmas(dbapi_conn: Any, _record: Any) -> None:
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA synchronous=NORMAL")
            cur.execute("PRAGMA busy_timeout=30000")
            cur.close()

        url = self.engine.url
        self.engine.dispose()
        self.engine = sa.create_engine(url, poolclass=QueuePool, pool_size=2, max_overflow=8,
                                       connect_args={"check_same_thread": False})
        sa.event.listen(self.engine, "connect", pragmas)
        self.sessionmaker = sessionmaker(bind=self.engine)

    # ---------------------------------------------------------------- writing
    def _redacted(self, sender_id: str, event: Event) -> dict[str, Any]:
        data = event.as_dict()
        redacted = redact_event(data)
        if data.get("event") == "slot":
            name = str(data.get("name", ""))
            if secret_slot_kind(name) and data.get("value") is not None:
                self.vault.put(sender_id, name, redacted.get("value"), data.get("value"))
        return redacted

    def _new_events(self, session: Any, tracker: DialogueStateTracker) -> list[Event]:
        marker = getattr(tracker, _SAVED_UPTO, None)
        events = tracker.events
        if marker is _NOTHING_SAVED:
            return list(events)
        if marker is not None:
            for index in range(len(events) - 1, -1, -1):
                if events[index] is marker:
                    return list(events)[index + 1:]
        # A tracker this store did not hand out (a new one, or one replaced through the
        # HTTP API): Rasa's rule, by the number of rows stored for the session.
        return list(self._additional_events(session, tracker))

    async def save(self, tracker: DialogueStateTracker) -> None:
        """Append the events this store has not seen yet, each one redacted."""
        with self.session_scope() as session:
            new_events = self._new_events(session, tracker)
            redacted = [self._redacted(tracker.sender_id, event) for event in new_events]
            if self.event_broker is not None:
                self._publish(self.event_broker, tracker.sender_id, redacted)
            rows = []
            for event, data in zip(new_events, redacted, strict=True):
                intent = (data.get("parse_data") or {}).get("intent", {}) or {}
                rows.append(
                    self.SQLEvent(
                        sender_id=tracker.sender_id,
                        type_name=event.type_name,
                        timestamp=data.get("timestamp"),
                        intent_name=intent.get(INTENT_NAME_KEY),
                        action_name=data.get("name") if data.get("event") != "slot" else None,
                        data=json.dumps(data),
                    )
                )
            session.add_all(rows)
            if rows and self.cache_check_db:
                session.flush()  # assigns the ids
                setattr(tracker, _NEWEST_ROW, max(row.id for row in rows))
            session.commit()
        self._mark_saved(tracker)
        self._cache_put(tracker)
        logger.debug("Tracker %s stored (redacted)", tracker.sender_id)

    async def _stream_new_events(
        self, event_broker: EventBroker, new_events: list[Event], sender_id: str
    ) -> None:
        """Publish redacted copies only, whatever broker is configured."""
        self._publish(event_broker, sender_id, [redact_event(e.as_dict()) for e in new_events])

    @staticmethod
    def _publish(event_broker: EventBroker, sender_id: str,
                 redacted: list[dict[str, Any]]) -> None:
        for data in redacted:
            event_broker.publish({"sender_id": sender_id, **data})

    # ---------------------------------------------------------------- the cache
    @staticmethod
    def _mark_saved(tracker: DialogueStateTracker) -> None:
        setattr(tracker, _SAVED_UPTO, tracker.events[-1] if tracker.events else _NOTHING_SAVED)

    @staticmethod
    def _unchanged_since_saved(tracker: DialogueStateTracker) -> bool:
        marker = getattr(tracker, _SAVED_UPTO, None)
        if marker is _NOTHING_SAVED:
            return not tracker.events
        return bool(tracker.events) and tracker.events[-1] is marker

    def _cache_put(self, tracker: DialogueStateTracker) -> None:
        if self.cache_size <= 0:
            return
        with self._cache_lock:
            self._cache[tracker.sender_id] = (tracker, time.monotonic() + self.cache_ttl)
            self._cache.move_to_end(tracker.sender_id)
            while len(self._cache) > self.cache_size:
                self._cache.popitem(last=False)

    def _cache_get(self, sender_id: str) -> DialogueStateTracker | None:
        with self._cache_lock:
            entry = self._cache.pop(sender_id, None)
        if entry is None:
            return None
        tracker, expires = entry
        if expires < time.monotonic() or not self._unchanged_since_saved(tracker):
            return None
        if self.cache_check_db and not self._newest_row_unchanged(tracker):
            logger.debug("Tracker %s changed in the database; reloading", sender_id)
            return None
        return tracker

    def _newest_row_unchanged(self, tracker: DialogueStateTracker) -> bool:
        """Whether the conversation's newest row is still the one this process last saw."""
        import sqlalchemy as sa

        known = getattr(tracker, _NEWEST_ROW, None)
        if known is None:
            return False
        with self.session_scope() as session:
            newest = session.query(sa.func.max(self.SQLEvent.id)).filter(
                self.SQLEvent.sender_id == tracker.sender_id
            ).scalar()
        return bool(newest == known)

    # ---------------------------------------------------------------- reading
    async def retrieve(self, sender_id: str) -> DialogueStateTracker | None:
        """The current session, from memory when this process saved it last."""
        tracker = self._cache_get(sender_id)
        if tracker is None:
            tracker = await self._retrieve(sender_id, fetch_events_from_all_sessions=False)
        if tracker is not None:
            trim_tracker(tracker, self.keep_events)
        return tracker

    async def _retrieve(
        self, sender_id: str, fetch_events_from_all_sessions: bool
    ) -> DialogueStateTracker | None:
        with self.session_scope() as session:
            rows = self._event_query(
                session, sender_id, fetch_events_from_all_sessions=fetch_events_from_all_sessions
            ).all()
            events = [json.loads(row.data) for row in rows]
            newest_row = max((row.id for row in rows), default=None)

        if not (self.domain and events):
            return None
        for event in events:
            if event.get("event") == "slot" and secret_slot_kind(str(event.get("name", ""))):
                found, clear = self.vault.get(sender_id, str(event.get("name")), event.get("value"))
                if found:
                    event["value"] = clear
        tracker = DialogueStateTracker.from_dict(sender_id, events, self.domain.slots)
        self._mark_saved(tracker)
        setattr(tracker, _NEWEST_ROW, newest_row)
        return tracker


__all__ = ["RedactingSQLTrackerStore", "SecretSlotVault", "trim_tracker"]
