"""Cost of the tracker store per message: load + save of one conversation, by length.

Run with the Rasa environment (it imports Rasa and bot/privacy):

    PYTHONPATH=. .venv-rasa/bin/python -m bench.micro_tracker [--out FILE]

Compares Rasa's InMemoryTrackerStore (what the stock bot uses) with our
RedactingSQLTrackerStore on a SQLite file, for conversations of 10 to 400 turns.
Each "turn" adds the events a FAQ turn adds (user, 2 bot actions, bot utterance).
Prints one JSON object.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ.setdefault("SQLALCHEMY_SILENCE_UBER_WARNING", "1")


def _turn_events(i: int) -> list[Any]:
    from rasa.shared.core.events import ActionExecuted, BotUttered, UserUttered

    return [
        UserUttered(f"what is an educator id? {i}",
                    intent={"name": "faq", "confidence": 0.99},
                    parse_data={"intent": {"name": "faq", "confidence": 0.99},
                                "entities": [], "text": f"what is an educator id? {i}"}),
        ActionExecuted("utter_faq"),
        BotUttered("Your Educator ID is a unique number ...", {"elements": None}),
        ActionExecuted("action_listen"),
    ]


async def _measure(store: Any, sender: str, turns: int, samples: int = 5) -> dict[str, float]:
    from rasa.shared.core.events import ActionExecuted, SessionStarted
    from rasa.shared.core.trackers import DialogueStateTracker

    tracker = DialogueStateTracker(sender, store.domain.slots)
    tracker.update(ActionExecuted("action_session_start"))
    tracker.update(SessionStarted())
    tracker.update(ActionExecuted("action_listen"))
    for i in range(turns):
        for e in _turn_events(i):
            tracker.update(e)
        await store.save(tracker)
    loads, saves = [], []
    for j in range(samples):
        t0 = time.perf_counter()
        tr = await store.retrieve(sender)
        loads.append(time.perf_counter() - t0)
        for e in _turn_events(turns + j):
            tr.update(e)
        t0 = time.perf_counter()
        await store.save(tr)
        saves.append(time.perf_counter() - t0)
    return {"load_ms": round(statistics.median(loads) * 1000, 2),
            "save_ms": round(statistics.median(saves) * 1000, 2),
            "events": len(tr.events)}


async def _main(domain_path: str, lengths: list[int]) -> dict[str, Any]:
    from rasa.core.tracker_store import InMemoryTrackerStore
    from rasa.shared.core.domain import Domain

    from bot.privacy.tracker_store import RedactingSQLTrackerStore

    domain = Domain.load(domain_path)
    out: dict[str, Any] = {"lengths": lengths, "in_memory": {}, "redacting_sql_sqlite": {}}
    with tempfile.TemporaryDirectory() as tmp:
        sql = RedactingSQLTrackerStore(domain=domain, host=f"sqlite:///{Path(tmp) / 't.db'}")
        mem = InMemoryTrackerStore(domain)
        for n in lengths:
            out["in_memory"][str(n)] = await _measure(mem, f"m{n}", n)
            out["redacting_sql_sqlite"][str(n)] = await _measure(sql, f"s{n}", n)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--domain", default="bot/domain")
    parser.add_argument("--lengths", default="10,50,200")
    args = parser.parse_args()
    lengths = [int(x) for x in args.lengths.split(",")]
    print(json.dumps(asyncio.run(_main(args.domain, lengths))))


if __name__ == "__main__":
    main()
