"""The redacting tracker store, on a real SQLite file, as the Rasa server uses it.

Runs in `.venv-rasa` (`make test-actions`). Saves trackers holding SSNs, dates of birth,
codes and passwords, then reads the raw database bytes and finds none of them.
"""

from __future__ import annotations

import asyncio
import json
import sqlite3
from pathlib import Path

import pytest
import rasa  # noqa: F401  (fails loudly in the wrong environment)
from rasa.core.tracker_store import TrackerStore  # noqa: E402
from rasa.shared.core.domain import Domain  # noqa: E402
from rasa.shared.core.events import (  # noqa: E402
    ActionExecuted,
    ActiveLoop,
    BotUttered,
    SessionStarted,
    SlotSet,
    UserUttered,
)
from rasa.shared.core.trackers import DialogueStateTracker  # noqa: E402
from rasa.utils.endpoints import EndpointConfig  # noqa: E402

from bot.privacy.tracker_store import RedactingSQLTrackerStore  # noqa: E402
from tests.typed_secrets import DOBS, PASSWORDS, SSNS, dob_variants, record_secret, ssn_variants  # noqa: E402

SSN_A, SSN_B, SSN_C = SSNS[50], SSNS[51], SSNS[52]
CODE = "483920"
TOKEN = "at_Zm9vYmFyYmF6cXV4LXRva2Vu"

DOMAIN = Domain.from_yaml(
    """
version: "3.1"
intents: [greet, inform, provide_ssn]
entities: [ssn, date_of_birth]
slots:
  ssn:
    type: text
    influence_conversation: false
    mappings: [{type: from_entity, entity: ssn}]
  date_of_birth:
    type: text
    influence_conversation: false
    mappings: [{type: from_entity, entity: date_of_birth}]
  verification_code:
    type: text
    influence_conversation: false
    mappings: [{type: custom}]
  access_token:
    type: text
    influence_conversation: false
    mappings: [{type: custom}]
  username:
    type: text
    influence_conversation: false
    mappings: [{type: custom}]
forms:
  link_form:
    required_slots: [ssn, date_of_birth]
responses:
  utter_greet: [{text: hi}]
"""
)


def _user(text: str, entities: list[dict] | None = None) -> UserUttered:
    return UserUttered(
        text,
        intent={"name": "inform", "confidence": 0.93},
        entities=entities or [],
        parse_data={
            "intent": {"name": "inform", "confidence": 0.93},
            "entities": entities or [],
            "text": text,
            "intent_ranking": [{"name": "inform", "confidence": 0.93}],
        },
        input_channel="rest",
    )


def _store(tmp_path: Path) -> RedactingSQLTrackerStore:
    db = tmp_path / "tracker.db"
    return RedactingSQLTrackerStore(domain=DOMAIN, host=f"sqlite:///{db}")


def _raw_db(tmp_path: Path) -> str:
    con = sqlite3.connect(tmp_path / "tracker.db")
    try:
        rows = con.execute(
            "SELECT sender_id, type_name, intent_name, action_name, data FROM events"
        )
        return "\n".join(json.dumps(list(r)) for r in rows)
    finally:
        con.close()


def _conversation(sender: str) -> DialogueStateTracker:
    tracker = DialogueStateTracker(sender, DOMAIN.slots)
    secret_events = [
        ActionExecuted("action_session_start"),
        SessionStarted(),
        ActionExecuted("action_listen"),
        _user(f"my ssn is {SSN_A}", [{"entity": "ssn", "value": SSN_A, "start": 10, "end": 21}]),
        SlotSet("ssn", SSN_A),
        ActiveLoop("link_form"),
        BotUttered(
            "And your date of birth?", {"buttons": [{"title": "Cancel", "payload": "/stop"}]}
        ),
        ActionExecuted("action_listen"),
        _user(f"born {dob_variants(DOBS[0])[1]}, ssn also {ssn_variants(SSN_B)[1]}"),
        SlotSet("date_of_birth", DOBS[0]),
        _user(ssn_variants(SSN_C)[2]),
        _user(f"the code is {CODE}"),
        SlotSet("verification_code", CODE),
        _user(f"my password is {PASSWORDS[0]}"),
        _user(PASSWORDS[1]),
        SlotSet("username", "jane.doe"),
        SlotSet("access_token", TOKEN),
        BotUttered(f"I have {ssn_variants(SSN_A)[0]} on file", metadata={"echo": DOBS[1]}),
    ]
    for event in secret_events:
        tracker.update(event)
    return tracker


def test_a_saved_conversation_holds_no_secret_in_any_column(tmp_path: Path) -> None:
    record_secret("otp", CODE)
    store = _store(tmp_path)
    asyncio.run(store.save(_conversation("conv-1")))

    raw = _raw_db(tmp_path)
    for ssn in (SSN_A, SSN_B, SSN_C):
        for variant in ssn_variants(ssn):
            assert variant not in raw
    for variant in dob_variants(DOBS[0]) + dob_variants(DOBS[1]):
        assert variant not in raw
    assert CODE not in raw
    for password in PASSWORDS[:2]:
        assert password not in raw
    # The masks a reader understands are there, and ordinary values are kept.
    assert f"[SSN ***-**-{SSN_A[-4:]}]" in raw
    assert "[DATE]" in raw and "[CODE]" in raw and "[PASSWORD]" in raw
    assert TOKEN not in raw and "[TOKEN]" in raw
    assert "jane.doe" in raw and '"inform"' in raw and "0.93" in raw


def test_a_conversation_reloads_and_continues_after_a_new_store_instance(tmp_path: Path) -> None:
    store = _store(tmp_path)
    asyncio.run(store.save(_conversation("conv-2")))

    # A new store, as after a restart of Rasa: no memory of clear values.
    restarted = _store(tmp_path)
    tracker = asyncio.run(restarted.retrieve("conv-2"))
    assert tracker is not None
    assert tracker.active_loop_name == "link_form"
    assert tracker.get_slot("username") == "jane.doe"
    assert tracker.get_slot("ssn") == f"[SSN ***-**-{SSN_A[-4:]}]"
    assert tracker.get_slot("date_of_birth") == "[DATE]"
    assert tracker.get_slot("access_token") == "[TOKEN]"

    # The conversation goes on: new events are appended after the reloaded ones.
    tracker.update(ActionExecuted("action_listen"))
    tracker.update(_user("hello"))
    asyncio.run(restarted.save(tracker))
    again = asyncio.run(_store(tmp_path).retrieve("conv-2"))
    assert again is not None
    assert again.latest_message.text == "hello"
    assert len(again.events) == len(tracker.events)


def test_secret_slots_keep_their_clear_value_between_turns_in_the_same_process(
    tmp_path: Path,
) -> None:
    store = _store(tmp_path)
    asyncio.run(store.save(_conversation("conv-3")))
    tracker = asyncio.run(store.retrieve("conv-3"))
    assert tracker is not None
    assert tracker.get_slot("ssn") == SSN_A
    assert tracker.get_slot("verification_code") == CODE
    assert tracker.get_slot("access_token") == TOKEN
    assert SSN_A not in _raw_db(tmp_path)


def test_the_vault_can_be_switched_off(tmp_path: Path) -> None:
    store = RedactingSQLTrackerStore(
        domain=DOMAIN, host=f"sqlite:///{tmp_path / 'tracker.db'}", secret_ttl_seconds=0
    )
    asyncio.run(store.save(_conversation("conv-4")))
    tracker = asyncio.run(store.retrieve("conv-4"))
    assert tracker is not None
    assert tracker.get_slot("ssn") == f"[SSN ***-**-{SSN_A[-4:]}]"


def test_rasa_builds_the_store_from_an_endpoint_config_with_a_url(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'tracker.db'}"
    config = EndpointConfig(url=url, type="bot.privacy.tracker_store.RedactingSQLTrackerStore")
    store = TrackerStore.create(config, DOMAIN)
    inner = getattr(store, "_tracker_store", store)
    assert isinstance(inner, RedactingSQLTrackerStore)
    asyncio.run(store.save(_conversation("conv-5")))
    assert SSN_A not in _raw_db(tmp_path)
    assert (tmp_path / "tracker.db").exists()


def test_an_event_broker_receives_redacted_events_only(tmp_path: Path) -> None:
    published: list[dict] = []

    class Broker:
        def publish(self, event: dict) -> None:
            published.append(event)

    store = RedactingSQLTrackerStore(
        domain=DOMAIN,
        host=f"sqlite:///{tmp_path / 'tracker.db'}",
        event_broker=Broker(),  # type: ignore[arg-type]
    )
    asyncio.run(store.save(_conversation("conv-6")))
    blob = json.dumps(published)
    assert published
    assert SSN_A not in blob and CODE not in blob and PASSWORDS[0] not in blob


def test_postgresql_urls_are_passed_through_to_sqlalchemy() -> None:
    url = RedactingSQLTrackerStore.get_db_url(host="postgresql://rasa:pw@db.example:5432/tracker")
    assert str(url) == "postgresql://rasa:pw@db.example:5432/tracker"


@pytest.mark.postgres
def test_the_store_redacts_on_postgresql_too() -> None:
    import uuid

    import psycopg2
    name = f"tracker_redaction_{uuid.uuid4().hex[:8]}"
    try:
        admin = psycopg2.connect("host=127.0.0.1 port=5432 user=postgres dbname=postgres")
    except psycopg2.OperationalError as exc:
        pytest.fail(f"no PostgreSQL on 127.0.0.1:5432: {exc}")
    admin.autocommit = True
    admin.cursor().execute(f"CREATE DATABASE {name}")
    try:
        url = f"postgresql://postgres@127.0.0.1:5432/{name}"
        store = RedactingSQLTrackerStore(domain=DOMAIN, host=url)
        asyncio.run(store.save(_conversation("conv-pg")))
        store.engine.dispose()
        con = psycopg2.connect(f"host=127.0.0.1 port=5432 user=postgres dbname={name}")
        try:
            cur = con.cursor()
            cur.execute("SELECT sender_id, type_name, intent_name, action_name, data FROM events")
            raw = "\n".join(json.dumps(list(r)) for r in cur.fetchall())
        finally:
            con.close()
        assert raw and SSN_A not in raw and CODE not in raw and PASSWORDS[0] not in raw
        assert f"[SSN ***-**-{SSN_A[-4:]}]" in raw
        again = asyncio.run(RedactingSQLTrackerStore(domain=DOMAIN, host=url).retrieve("conv-pg"))
        assert again is not None and again.get_slot("username") == "jane.doe"
    finally:
        admin.cursor().execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        admin.close()


# ---------------------------------------------------------------- access pattern
def _turn(tracker: DialogueStateTracker, text: str) -> None:
    tracker.update(_user(text))
    tracker.update(ActionExecuted("utter_greet"))
    tracker.update(BotUttered("hi"))
    tracker.update(ActionExecuted("action_listen"))


def _rows(tmp_path: Path, sender: str) -> list[dict]:
    con = sqlite3.connect(tmp_path / "tracker.db")
    try:
        rows = con.execute("SELECT data FROM events WHERE sender_id = ? ORDER BY id", (sender,))
        return [json.loads(r[0]) for r in rows]
    finally:
        con.close()


def test_the_next_turn_gets_the_tracker_this_process_saved_without_a_reload(
    tmp_path: Path,
) -> None:
    store = _store(tmp_path)
    tracker = _conversation("conv-cache")
    asyncio.run(store.save(tracker))
    again = asyncio.run(store.retrieve("conv-cache"))
    assert again is tracker  # from memory, not replayed from the database
    _turn(again, "next question")
    asyncio.run(store.save(again))
    rows = _rows(tmp_path, "conv-cache")
    # Append-only: every event once, in order, nothing written twice.
    assert len(rows) == len(_conversation("conv-cache").events) + 4
    assert [r["event"] for r in rows[-4:]] == ["user", "action", "bot", "action"]


def test_a_tracker_changed_but_not_saved_is_reloaded_from_the_database(tmp_path: Path) -> None:
    store = _store(tmp_path)
    tracker = _conversation("conv-dirty")
    asyncio.run(store.save(tracker))
    # A turn that failed half-way: events were added in memory but never saved.
    tracker.update(_user("this turn crashed"))
    reloaded = asyncio.run(store.retrieve("conv-dirty"))
    assert reloaded is not None and reloaded is not tracker
    assert reloaded.latest_message.text != "this turn crashed"
    assert isinstance(reloaded.events[-1], BotUttered)  # ends where the last save ended


def test_the_cache_expires_and_the_store_falls_back_to_the_database(tmp_path: Path) -> None:
    store = RedactingSQLTrackerStore(
        domain=DOMAIN, host=f"sqlite:///{tmp_path / 'tracker.db'}", tracker_cache_ttl_seconds=0
    )
    tracker = _conversation("conv-ttl")
    asyncio.run(store.save(tracker))
    again = asyncio.run(store.retrieve("conv-ttl"))
    assert again is not None and again is not tracker
    assert again.get_slot("ssn") == SSN_A  # the vault still restores the clear value


def _replica(tmp_path: Path) -> RedactingSQLTrackerStore:
    """One Rasa replica's store in cluster mode (bot/endpoints.cluster.yml)."""
    return RedactingSQLTrackerStore(
        domain=DOMAIN, host=f"sqlite:///{tmp_path / 'tracker.db'}", tracker_cache_check_db=True
    )


def test_a_replica_reuses_its_cached_tracker_while_no_other_replica_wrote(
    tmp_path: Path,
) -> None:
    a = _replica(tmp_path)
    tracker = _conversation("conv-one-replica")
    asyncio.run(a.save(tracker))
    assert asyncio.run(a.retrieve("conv-one-replica")) is tracker


def test_a_replica_reloads_a_conversation_another_replica_continued(tmp_path: Path) -> None:
    a, b = _replica(tmp_path), _replica(tmp_path)
    tracker = _conversation("conv-two-replicas")
    asyncio.run(a.save(tracker))  # turn 1 on A: A caches it
    on_b = asyncio.run(b.retrieve("conv-two-replicas"))
    assert on_b is not None and on_b is not tracker
    _turn(on_b, "second turn on replica B")
    asyncio.run(b.save(on_b))  # turn 2 on B
    on_a = asyncio.run(a.retrieve("conv-two-replicas"))  # turn 3 on A
    assert on_a is not None and on_a is not tracker
    assert on_a.latest_message.text == "second turn on replica B"
    _turn(on_a, "third turn on replica A")
    asyncio.run(a.save(on_a))
    texts = [r.get("text") for r in _rows(tmp_path, "conv-two-replicas") if r["event"] == "user"]
    assert texts[-2:] == ["second turn on replica B", "third turn on replica A"]
    assert len(texts) == len(set(texts))  # nothing written twice


def test_long_conversations_are_trimmed_for_prediction_but_stored_in_full(
    tmp_path: Path,
) -> None:
    store = RedactingSQLTrackerStore(
        domain=DOMAIN, host=f"sqlite:///{tmp_path / 'tracker.db'}", prediction_window_events=40
    )
    tracker = DialogueStateTracker("conv-long", DOMAIN.slots)
    tracker.update(ActionExecuted("action_session_start"))
    tracker.update(SessionStarted())
    tracker.update(ActionExecuted("action_listen"))
    tracker.update(SlotSet("username", "jane.doe"))
    for turn in range(60):
        _turn(tracker, f"question {turn}")
    asyncio.run(store.save(tracker))

    current = asyncio.run(store.retrieve("conv-long"))
    assert current is not None
    assert len(current.events) <= 40 + 4  # cut at the start of a turn: at most one more
    # The window opens with the slot values, then a whole turn.
    first = next(e for e in current.events if not isinstance(e, SlotSet))
    assert isinstance(first, ActionExecuted) and first.action_name == "action_listen"
    assert current.get_slot("username") == "jane.doe"
    # Forms validate on `tracker.copy()`, a replay of the window: the slots survive it.
    assert current.copy().get_slot("username") == "jane.doe"
    assert current.latest_message.text == "question 59"

    _turn(current, "one more")
    asyncio.run(store.save(current))
    rows = _rows(tmp_path, "conv-long")
    assert len(rows) == 4 + 60 * 4 + 4
    assert rows[-4]["text"] == "one more"

    full = asyncio.run(store.retrieve_full_tracker("conv-long"))
    assert full is not None and len(full.events) == len(rows)
    fresh = asyncio.run(_store(tmp_path).retrieve("conv-long"))
    assert fresh is not None and fresh.latest_message.text == "one more"


def test_trimming_never_cuts_an_active_form(tmp_path: Path) -> None:
    store = RedactingSQLTrackerStore(
        domain=DOMAIN, host=f"sqlite:///{tmp_path / 'tracker.db'}", prediction_window_events=10
    )
    tracker = DialogueStateTracker("conv-form", DOMAIN.slots)
    tracker.update(ActionExecuted("action_listen"))
    tracker.update(_user("link my record"))
    tracker.update(ActionExecuted("link_form"))
    tracker.update(ActiveLoop("link_form"))
    tracker.update(ActionExecuted("action_listen"))
    tracker.update(SlotSet("access_token", TOKEN))
    for turn in range(10):
        _turn(tracker, f"digression {turn}")
    asyncio.run(store.save(tracker))
    # Also after a reload from the database (the vault restores the secret slot).
    for fresh in (False, True):
        if fresh:
            store._cache.clear()
        current = asyncio.run(store.retrieve("conv-form"))
        assert current is not None
        assert current.copy().get_slot("access_token") == TOKEN
    current = asyncio.run(store.retrieve("conv-form"))
    assert current is not None and current.active_loop_name == "link_form"
    assert any(isinstance(e, ActiveLoop) and e.name == "link_form" for e in current.events)
    copy = current.copy()
    assert copy.active_loop_name == "link_form"
