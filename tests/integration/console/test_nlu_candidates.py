"""`make nlu-candidates`: the console's unanswered messages, redacted, as YAML to label."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import yaml

from tests.integration.console.fixtures import PLANTED_SSN, T0, _action, _user, write_tracker_db

ROOT = Path(__file__).resolve().parents[3]


def test_unanswered_messages_are_exported_redacted_and_new_only(tmp_path: Path) -> None:
    db = tmp_path / "tracker.db"
    write_tracker_db(db)
    # an old, unredacted row: a message the assistant could not place, with an SSN in it
    con = sqlite3.connect(db)
    for e in (_user(f"why wont it take {PLANTED_SSN} grr", "nlu_fallback", 0.2, "rest", T0 + 900),
              _action("action_route", T0 + 900.1)):
        con.execute("INSERT INTO events (sender_id, type_name, timestamp, intent_name, "
                    "action_name, data) VALUES (?, ?, ?, ?, ?, ?)",
                    ("conv-fallback", e["event"], e["timestamp"],
                     (e.get("parse_data") or {}).get("intent", {}).get("name"),
                     e.get("name"), json.dumps(e)))
    con.commit()
    con.close()
    out = tmp_path / "candidates.yml"
    done = subprocess.run([sys.executable, "scripts/nlu_candidates.py", "--tracker-store",
                           f"sqlite:///{db}", "--out", str(out)], cwd=ROOT,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    rows = yaml.safe_load(out.read_text(encoding="utf-8"))["candidates"]
    texts = [r["text"] for r in rows]
    assert "blorp the zazzle frobnicator" in texts  # the fixture's fallback message
    assert any(t.startswith("why wont it take [SSN") for t in texts), texts
    assert all(r["label"] == "" and r["count"] >= 1 for r in rows)
    digits = PLANTED_SSN.replace("-", "")
    assert PLANTED_SSN not in out.read_text() and digits not in out.read_text()


def test_no_tracker_store_is_a_clear_refusal(tmp_path: Path) -> None:
    done = subprocess.run([sys.executable, "scripts/nlu_candidates.py", "--tracker-store",
                           f"sqlite:///{tmp_path / 'missing.db'}"], cwd=ROOT,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 2
    assert "no tracker store" in done.stderr
