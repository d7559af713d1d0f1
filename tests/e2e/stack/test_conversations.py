"""Whole conversations over Rasa's REST channel on the running stack, checked against the
replies and against the state in the backend (tests/e2e/stack/conversations.py runs them).

- The blind conversations (tests/blind/, written by people who never saw the training
  data or the dialogue): at least 95% must reach their expected outcome (issue 11's
  target). Every result is written to .run/results/blind-conversations.json.
- What reviewers saw go wrong (tests/e2e/stack/seen.yml, one conversation per example in the
  issue): every one must pass.
"""

from __future__ import annotations

import json
import os
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from tests.e2e.stack.conversations import Conversation, Result, load, run

ROOT = Path(__file__).resolve().parents[3]
BLIND = sorted((ROOT / "tests" / "blind").glob("*.yml"))
SEEN = load([ROOT / "tests" / "e2e" / "stack" / "seen.yml"])
RESULTS = ROOT / ".run" / "results" / "blind-conversations.json"
TARGET = 0.95  # issue 11's target
# The floor `make test-e2e` holds (the Makefile's BLIND_CONVERSATIONS_MIN: the last
# measured rate, rounded down; never lowered to let a change through).
FLOOR = float(os.environ.get("BLIND_CONVERSATIONS_MIN", TARGET))
# Conversations are independent (their own person and sender); a few at a time keeps the
# run short without loading the two cores more than a help desk's evening would. (Four at
# a time: 977 conversations took 439 s where three took 481 s, with the same results.)
PARALLEL = 4


def _run_all(conversations: list[Conversation]) -> list[Result]:
    with ThreadPoolExecutor(max_workers=PARALLEL) as pool:
        return list(pool.map(run, conversations))


def _report(results: list[Result]) -> str:
    lines = []
    for r in results:
        if not r.passed:
            lines.append(f"FAIL {r.conversation.id} ({r.conversation.fixture}): "
                         + "; ".join(r.failures))
    return "\n".join(lines)


# Over 1,000 conversations take eight to eleven minutes on two cores: more than the suite's
# per-test limit (pyproject.toml), which still guards every other test. Each request keeps
# its own timeout (conversations.TIMEOUT), so a hung reply still fails fast.
@pytest.mark.timeout(1200)
def test_blind_conversations_reach_their_expected_outcomes(running_stack: None) -> None:
    conversations = load(BLIND)
    assert len(conversations) >= 40, "the blind set lost its conversations"
    results = _run_all(conversations)
    passed = sum(r.passed for r in results)
    rate = passed / len(results)
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps({
        "conversations": len(results), "passed": passed, "rate": round(rate, 4),
        "target": TARGET, "floor": FLOOR,
        "results": [{"id": r.conversation.id, "fixture": r.conversation.fixture,
                     "passed": r.passed, "failures": r.failures,
                     "transcript": r.transcript} for r in results],
    }, indent=1), encoding="utf-8")
    print(f"\nBlind conversations: {passed}/{len(results)} reached their outcome "
          f"({rate:.3f}, target {TARGET}, floor {FLOOR})\n{_report(results)}")
    assert rate >= FLOOR, _report(results)


@pytest.mark.parametrize("conversation", SEEN, ids=[c.id for c in SEEN])
def test_what_reviewers_saw_now_holds(running_stack: None, conversation: Conversation) -> None:
    result = run(conversation)
    assert result.passed, "\n".join(result.failures) + "\n" + "\n".join(
        f"  > {u}\n  < {s}" for u, s in result.transcript)
