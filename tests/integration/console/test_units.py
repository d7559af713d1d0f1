"""Console pieces without a server: transcript building, summaries, filters, cookies."""

from __future__ import annotations

import csv
import io
from datetime import date
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from sanic.response import html

from console.auth import set_cookie
from console.queries import FORMULA_STARTS, Filters, apply_filters, to_csv
from console.tracker_reader import TrackerReader, build_transcript
from tests.integration.console.fixtures import (
    CREATE,
    PLANTED_SSN,
    T0,
    conversations,
    write_tracker_db,
)


def test_summaries_count_turns_fallbacks_channel_and_educator(tmp_path: Path) -> None:
    write_tracker_db(tmp_path / "t.db")
    reader = TrackerReader(f"sqlite:///{tmp_path / 't.db'}")
    by_id = {s.sender_id: s for s in reader.conversations()}
    assert len(by_id) == 33
    fb = by_id["conv-fallback"]
    assert (fb.turns, fb.fallbacks, fb.channel) == (3, 1, "rest")
    assert fb.unanswered == ["blorp the zazzle frobnicator"]
    assert by_id["conv-signed-in"].educator_id == "1000001"
    assert by_id["conv-signed-in"].started is not None


def test_a_missing_store_reads_as_empty(tmp_path: Path) -> None:
    assert TrackerReader(f"sqlite:///{tmp_path / 'absent.db'}").conversations() == []
    assert TrackerReader(None).conversations() == []


def test_a_fallback_inside_a_form_is_the_forms_answer_not_a_fallback() -> None:
    events: list[dict[str, Any]] = [
        {"event": "active_loop", "name": "account_form", "timestamp": T0},
        {
            "event": "user",
            "text": "jane.doe",
            "timestamp": T0 + 1,
            "parse_data": {"intent": {"name": "nlu_fallback", "confidence": 0.4}},
        },
    ]
    turns = build_transcript(events)
    assert [t.fallback for t in turns if t.kind == "user"] == [False]


def test_the_transcript_marks_the_clicked_button_and_redacts_again() -> None:
    turns = build_transcript(conversations()["conv-fallback"])
    bot = next(t for t in turns if t.kind == "bot" and t.buttons)
    assert [b["clicked"] for b in bot.buttons] == [False, True]
    user = [t for t in turns if t.kind == "user"]
    assert user[1].clicked == "/check_status"
    signed = build_transcript(conversations()["conv-signed-in"])
    assert all(PLANTED_SSN not in (t.text or "") for t in signed)


def test_filters_parse_safely_and_redact_the_search_text() -> None:
    f = Filters.from_args(
        {
            "q": "123-45-6789",
            "date_from": "bad",
            "page": "-3",
            "fallback": "maybe",
            "handoff": "open",
        }
    )
    assert f.q == "[SSN ***-**-6789]"
    assert f.date_from is None and f.page == 1 and f.fallback == "" and f.handoff == "open"
    f = Filters.from_args({"date_from": "2025-12-30"})
    assert f.date_from == date(2025, 12, 30)


def test_apply_filters_combines_conditions(tmp_path: Path) -> None:
    write_tracker_db(tmp_path / "t.db")
    rows = TrackerReader(f"sqlite:///{tmp_path / 't.db'}").conversations()
    handoffs = {"conv-handoff": "open"}
    ids = [
        s.sender_id
        for s in apply_filters(rows, Filters(handoff="none", channel="rest"), handoffs, {})
    ]
    assert ids == ["conv-fallback"]


def test_csv_cells_cannot_start_a_spreadsheet_formula() -> None:
    record = {
        "conversation_id": "c",
        "started_at": "",
        "channel": "",
        "educator_id": "",
        "handoff": "",
        "tags": [],
        "messages": [
            {
                "at": "",
                "speaker": "user",
                "text": '=HYPERLINK("x")',
                "intent": None,
                "confidence": None,
            }
        ],
    }
    assert "'=HYPERLINK" in to_csv([record])


def test_every_csv_cell_is_guarded_not_only_the_message_text() -> None:
    hostile = ["=1+1", "+1", "-2+3", "@SUM(A1:A2)", "\tx", "\ry", "\nz"]
    record = {
        "conversation_id": "=1+1",
        "started_at": "+1",
        "channel": "-2+3",
        "educator_id": "@SUM(A1:A2)",
        "handoff": "\tx",
        "tags": ["=cmd|' /C calc'!A0", "ok"],
        "messages": [
            {"at": "\ry", "speaker": "@me", "text": "@SUM(1+1)*cmd|' /C calc'!A0",
             "intent": "+intent", "confidence": None},
            {"at": "", "speaker": "user", "text": "+1 555 0100", "intent": "=x",
             "confidence": 0.5},
            {"at": "", "speaker": "bot", "text": "-", "intent": None, "confidence": None},
        ],
    }
    rows = list(csv.reader(io.StringIO(to_csv([record]), newline="")))[1:]
    assert len(rows) == 3
    cells = [cell for row in rows for cell in row]
    assert not [c for c in cells if c.startswith(FORMULA_STARTS)]
    assert rows[0][0] == "'=1+1" and rows[0][8] == "'@SUM(1+1)*cmd|' /C calc'!A0"
    assert rows[1][8] == "'+1 555 0100" and rows[2][8] == "'-"
    assert rows[0][5] == "'=cmd|' /C calc'!A0;ok"
    # Guarded values read back as typed once the quote is taken off.
    assert {c[1:] for c in cells if c.startswith("'")} >= set(hostile) - {"\nz"}


def test_cookies_are_secure_outside_development() -> None:
    for secure in (True, False):
        resp = html("x")
        set_cookie(SimpleNamespace(secure_cookies=secure), resp, "staff_session", "t", 60)  # type: ignore[arg-type]
        header = str(resp.headers["set-cookie"]).lower()
        parts = [p.strip() for p in header.split(";")]
        assert "httponly" in parts and "samesite=strict" in parts and "path=/staff" in parts
        assert ("secure" in parts) is secure


@pytest.mark.postgres
def test_the_reader_reads_a_postgresql_tracker_store() -> None:
    import json
    import uuid

    import psycopg
    name = f"console_reader_{uuid.uuid4().hex[:8]}"
    try:
        admin = psycopg.connect(
            "host=127.0.0.1 port=5432 user=postgres dbname=postgres", autocommit=True
        )
    except psycopg.OperationalError as exc:
        pytest.fail(f"no PostgreSQL on 127.0.0.1:5432: {exc}")
    admin.execute(f"CREATE DATABASE {name}")
    try:
        with psycopg.connect(f"host=127.0.0.1 port=5432 user=postgres dbname={name}") as con:
            con.execute(CREATE.replace("id INTEGER PRIMARY KEY", "id SERIAL PRIMARY KEY"))
            for sender, events in conversations().items():
                for e in events:
                    intent = (e.get("parse_data") or {}).get("intent", {}).get("name")
                    con.execute(
                        "INSERT INTO events (sender_id, type_name, timestamp, intent_name, "
                        "action_name, data) VALUES (%s, %s, %s, %s, %s, %s)",
                        (
                            sender,
                            e["event"],
                            e.get("timestamp"),
                            intent,
                            e.get("name") if e["event"] == "action" else None,
                            json.dumps(e),
                        ),
                    )
        # Rasa's own URL form: the reader picks the backend's driver.
        reader = TrackerReader(f"postgresql://postgres@127.0.0.1:5432/{name}")
        by_id = {s.sender_id: s for s in reader.conversations()}
        assert len(by_id) == 33 and by_id["conv-fallback"].fallbacks == 1
        assert [t.kind for t in reader.transcript("conv-handoff")][:2] == ["action", "session"]
        engine = reader.engine()
        assert engine is not None
        engine.dispose()
    finally:
        admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        admin.close()
