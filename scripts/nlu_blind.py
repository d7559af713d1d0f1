#!/usr/bin/env python
"""Score a trained model on the blind yardstick: tests/blind/*.yml, single messages.

    .venv-rasa/bin/python scripts/nlu_blind.py --model models/current.tar.gz \
        [--blind tests/blind] [--min-intent 0.92] [--min-faq 0.90] [--min-recall 0.80]

The blind set was written by people who saw only the help guide and the domain notes,
never the training data (tests/blind/README.md). Each message has a `label` (an intent,
or `faq/<answer>`) and, for a message that asks two things, `also` (more labels).
Messages are parsed as the server parses them (bot/rasa_server.py: the clause parse that
promotes a request over a greeting and lists a second request included), and scored:

- intent accuracy: the predicted intent is the label's intent (``faq`` for ``faq/x``),
  or the intent of one of its `also` labels; for `out_of_scope`, the fallback
  (`nlu_fallback`, which answers "not sure I understood" with the likely topics) counts;
- FAQ-answer accuracy: over messages labelled ``faq/x``, the answer chosen is x (as the
  message's answer, or as the answer of a second request in it);
- recall of every intent (``faq`` as one intent); the FAQ answers' recall is printed too.

Prints a confusion table and the misread messages, writes the results as JSON, and exits
non-zero below a target or when a blind text is also in the training data.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import os
import sys
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ.setdefault("SQLALCHEMY_SILENCE_UBER_WARNING", "1")
os.environ.setdefault("LOG_LEVEL", "ERROR")

sys.path.insert(0, str(Path(__file__).resolve().parent))
from nlu_holdout import (  # noqa: E402
    full_intent,
    normalize,
    quiet_rasa_as_served,
    training_texts,
)

logger = logging.getLogger(__name__)

FALLBACK_ACCEPTED = {"out_of_scope": {"nlu_fallback"}}
# The product's targets; the Makefile passes floors (--min-*) that may sit below them.
TARGETS = {"intent": 0.92, "faq": 0.90, "recall": 0.80}


@dataclass(frozen=True)
class BlindMessage:
    text: str
    label: str
    also: tuple[str, ...]
    writer: str


@dataclass(frozen=True)
class Reading:
    """What the model made of a message: its intent, FAQ answer and further requests."""

    intent: str
    faq: str | None
    confidence: float
    extras: tuple[str, ...]


def load_blind(path: Path) -> list[BlindMessage]:
    import yaml

    out: list[BlindMessage] = []
    for file in sorted(path.glob("*.yml")):
        data = yaml.safe_load(file.read_text(encoding="utf-8")) or {}
        writer = str(data.get("writer") or file.stem)
        for m in data.get("messages") or []:
            out.append(BlindMessage(str(m["text"]), str(m["label"]),
                                    tuple(str(a) for a in m.get("also") or ()), writer))
    return out


def as_label(intent: str) -> str:
    """The model's intent in the blind set's words: ``faq_fees`` -> ``faq/fees``."""
    return f"faq/{intent[4:]}" if intent.startswith("faq_") else intent


def top(label: str) -> str:
    return label.split("/", 1)[0]


async def read_all(model: Path, messages: Sequence[BlindMessage]) -> list[Reading]:
    from rasa.core.agent import Agent

    agent = Agent.load(str(model))
    out: list[Reading] = []
    for m in messages:
        parsed = await agent.parse_message(m.text)
        name, confidence = full_intent(parsed)
        extras = tuple(as_label(str(e["intent"])) for e in parsed.get("extras") or [])
        label = as_label(name)
        out.append(Reading(top(label), label.split("/", 1)[1] if "/" in label else None,
                           confidence, extras))
    return out


def intent_correct(m: BlindMessage, r: Reading) -> bool:
    wanted = {top(m.label)} | {top(a) for a in m.also}
    return r.intent in wanted or r.intent in FALLBACK_ACCEPTED.get(m.label, set())


def faq_correct(m: BlindMessage, r: Reading) -> bool:
    key = m.label.split("/", 1)[1]
    return (r.intent == "faq" and r.faq == key) or f"faq/{key}" in r.extras


def score(messages: Sequence[BlindMessage], readings: Sequence[Reading]) -> dict[str, Any]:
    support: Counter[str] = Counter()
    hits: Counter[str] = Counter()
    faq_support: Counter[str] = Counter()
    faq_hits: Counter[str] = Counter()
    confusions: Counter[tuple[str, str]] = Counter()
    errors: list[dict[str, Any]] = []
    for m, r in zip(messages, readings, strict=True):
        gold = top(m.label)
        support[gold] += 1
        ok = intent_correct(m, r)
        if ok:
            hits[gold] += 1
        if m.label.startswith("faq/"):
            faq_support[m.label] += 1
            faq_ok = faq_correct(m, r)
            faq_hits[m.label] += faq_ok
            ok = ok and faq_ok
        if not ok:
            predicted = f"faq/{r.faq}" if r.intent == "faq" else r.intent
            confusions[(m.label, predicted)] += 1
            errors.append({"text": m.text, "gold": m.label, "also": list(m.also),
                           "predicted": predicted, "extras": list(r.extras),
                           "confidence": round(r.confidence, 3), "writer": m.writer})
    n = len(messages)
    n_faq = sum(faq_support.values())
    return {
        "n": n,
        "intent_accuracy": round(sum(hits.values()) / n, 4) if n else 0.0,
        "faq_n": n_faq,
        "faq_accuracy": round(sum(faq_hits.values()) / n_faq, 4) if n_faq else 0.0,
        "recall": {k: round(hits[k] / support[k], 4) for k in sorted(support)},
        "support": dict(support),
        "faq_recall": {k: round(faq_hits[k] / faq_support[k], 4) for k in sorted(faq_support)},
        "confusions": [{"gold": g, "predicted": p, "count": c}
                       for (g, p), c in confusions.most_common()],
        "errors": errors,
    }


def print_report(result: dict[str, Any], top_n: int) -> None:
    width = max(len(k) for k in list(result["recall"]) + list(result["faq_recall"]) + ["intent"])
    print(f"{'intent':<{width}}  {'recall':>6} {'n':>4}")
    for name, recall in sorted(result["recall"].items(), key=lambda kv: (kv[1], kv[0])):
        print(f"{name:<{width}}  {recall:>6.3f} {result['support'][name]:>4}")
    print()
    print(f"{'FAQ answer':<{width}}  {'recall':>6}")
    for name, recall in sorted(result["faq_recall"].items(), key=lambda kv: (kv[1], kv[0])):
        print(f"{name:<{width}}  {recall:>6.3f}")
    print()
    if result["confusions"]:
        print("Confusion table (gold -> predicted, most frequent first):")
        for c in result["confusions"][:top_n]:
            print(f"  {c['count']:>3}  {c['gold']} -> {c['predicted']}")
        print()
    print(f"Blind intent accuracy: {result['intent_accuracy']:.4f} (n={result['n']})")
    print(f"Blind FAQ-answer accuracy: {result['faq_accuracy']:.4f} (n={result['faq_n']})")
    worst = min(result["recall"].items(), key=lambda kv: kv[1])
    print(f"Lowest intent recall: {worst[0]} {worst[1]:.4f}")
    print(f"(issue 11 targets: intent accuracy >= {TARGETS['intent']}, FAQ answers >= "
          f"{TARGETS['faq']}, every intent's recall >= {TARGETS['recall']})")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", required=True, type=Path)
    parser.add_argument("--blind", default=Path("tests/blind"), type=Path)
    parser.add_argument("--training-data", default=Path("data"), type=Path)
    parser.add_argument("--min-intent", default=TARGETS["intent"], type=float)
    parser.add_argument("--min-faq", default=TARGETS["faq"], type=float)
    parser.add_argument("--min-recall", default=TARGETS["recall"], type=float)
    parser.add_argument("--out", default=Path(".run/results/nlu-blind.json"), type=Path)
    parser.add_argument("--top", default=25, type=int)
    parser.add_argument("--show-errors", action="store_true",
                        help="print every misread message (for the yardstick's owners)")
    args = parser.parse_args(argv)

    quiet_rasa_as_served()

    messages = load_blind(args.blind)
    problems: list[str] = []
    if len(messages) < 400:
        problems.append(f"the blind set has {len(messages)} messages (< 400)")
    trained = training_texts(args.training_data)
    for m in messages:
        if normalize(m.text) in trained:
            problems.append(f"blind text also in training data: {m.text!r} "
                            f"({trained[normalize(m.text)]})")
    readings = asyncio.run(read_all(args.model, messages))
    result = score(messages, readings)
    low = {k: v for k, v in result["recall"].items() if v < args.min_recall}
    if result["intent_accuracy"] < args.min_intent:
        problems.append(f"intent accuracy {result['intent_accuracy']:.4f} < {args.min_intent}")
    if result["faq_accuracy"] < args.min_faq:
        problems.append(f"FAQ-answer accuracy {result['faq_accuracy']:.4f} < {args.min_faq}")
    for name, value in sorted(low.items()):
        problems.append(f"recall of {name} {value:.4f} < {args.min_recall}")
    result["problems"] = problems
    result["passed"] = not problems
    print_report(result, args.top)
    if args.show_errors:
        for e in result["errors"]:
            print(f"  [{e['gold']} -> {e['predicted']} {e['confidence']:.2f}] {e['text']}")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    print(f"results written to {args.out}")
    for problem in problems:
        print(f"FAIL: {problem}", file=sys.stderr)
    return 0 if not problems else 1


if __name__ == "__main__":
    sys.exit(main())
