#!/usr/bin/env python
"""Score a trained Rasa model on the NLU hold-out set in tests/nlu.

Run with the Rasa environment:

    .venv-rasa/bin/python scripts/nlu_holdout.py --model models/current.tar.gz \
        --data tests/nlu --min-f1 0.95 [--training-data data] [--out FILE]

Every hold-out example is parsed in process by the loaded model. Retrieval intents
count as their full name (``faq/educator_id``), taken from the response selector.
The script prints per-intent scores, the most confused intent pairs and the line
``NLU hold-out intent micro-F1: X.XXXX (n=N)``, writes the results as JSON (the
benchmark reuses them) and exits non-zero when a hold-out text also appears in the
training data or when micro-F1 is below --min-f1.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import os
import re
import sys
import time
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

# Keep TensorFlow and Rasa quiet before they are imported: the report is the output.
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ.setdefault("SQLALCHEMY_SILENCE_UBER_WARNING", "1")
os.environ.setdefault("LOG_LEVEL", "ERROR")

logger = logging.getLogger(__name__)

EntityKey = tuple[int, int, str]


@dataclass
class Example:
    """One hold-out example with its gold labels."""

    text: str
    intent: str
    entities: set[EntityKey] = field(default_factory=set)
    source: str = ""


@dataclass
class Prediction:
    """What the model made of one example."""

    intent: str
    confidence: float
    entities: set[EntityKey]


def normalize(text: str) -> str:
    """Lowercase, collapse whitespace and drop end punctuation, for overlap checks."""
    text = re.sub(r"\s+", " ", text.strip().lower())
    return text.strip(" .!?,;:")


def _nlu_files(path: Path) -> list[Path]:
    import rasa.shared.data

    files = rasa.shared.data.get_data_files([str(path)], rasa.shared.data.is_nlu_file)
    return sorted(Path(f) for f in files)


def _entity_keys(entities: Iterable[dict[str, Any]] | None) -> set[EntityKey]:
    keys: set[EntityKey] = set()
    for ent in entities or []:
        if "start" in ent and "end" in ent and "entity" in ent:
            keys.add((int(ent["start"]), int(ent["end"]), str(ent["entity"])))
    return keys


def load_examples(path: Path) -> list[Example]:
    """Load every NLU example under ``path`` with its full (retrieval) intent."""
    from rasa.shared.nlu.training_data.loading import load_data

    examples: list[Example] = []
    for file in _nlu_files(path):
        data = load_data(str(file))
        for message in data.intent_examples:
            text = message.get("text")
            intent = message.get_full_intent()
            if not text or not intent:
                continue
            examples.append(
                Example(
                    text=text,
                    intent=intent,
                    entities=_entity_keys(message.get("entities")),
                    source=str(file),
                )
            )
    return examples


def training_texts(path: Path) -> dict[str, str]:
    """Normalized text of every NLU training example -> the file it is in."""
    return {normalize(ex.text): ex.source for ex in load_examples(path)}


def full_intent(parsed: dict[str, Any]) -> tuple[str, float]:
    """The predicted intent, with the retrieval sub-intent when there is one."""
    intent = parsed.get("intent") or {}
    name = intent.get("name") or "None"
    confidence = float(intent.get("confidence") or 0.0)
    selector = parsed.get("response_selector") or {}
    if name in (selector.get("all_retrieval_intents") or []):
        # The selector is keyed by retrieval intent, or by "default" when the
        # ResponseSelector was configured without retrieval_intent.
        for key in (name, "default"):
            response = (selector.get(key) or {}).get("response") or {}
            key_name = response.get("intent_response_key")
            if key_name:
                return str(key_name), confidence
    return str(name), confidence


async def predict_all(model: Path, examples: Sequence[Example]) -> list[Prediction]:
    """Load the model once and parse every example in process."""
    from rasa.core.agent import Agent

    agent = Agent.load(str(model))
    predictions: list[Prediction] = []
    for ex in examples:
        parsed = await agent.parse_message(ex.text)
        name, confidence = full_intent(parsed)
        predictions.append(
            Prediction(
                intent=name,
                confidence=confidence,
                entities=_entity_keys(parsed.get("entities")),
            )
        )
    return predictions


def _prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def score(examples: Sequence[Example], predictions: Sequence[Prediction]) -> dict[str, Any]:
    """Intent micro/macro F1, per-intent scores, confusions and entity F1."""
    gold_intents = sorted({ex.intent for ex in examples})
    tp: Counter = Counter()
    fp: Counter = Counter()
    fn: Counter = Counter()
    confusions: Counter = Counter()
    errors: list[dict[str, Any]] = []
    for ex, pred in zip(examples, predictions, strict=True):
        if pred.intent == ex.intent:
            tp[ex.intent] += 1
        else:
            fn[ex.intent] += 1
            fp[pred.intent] += 1
            confusions[(ex.intent, pred.intent)] += 1
            errors.append(
                {
                    "text": ex.text,
                    "gold": ex.intent,
                    "predicted": pred.intent,
                    "confidence": round(pred.confidence, 4),
                    "file": ex.source,
                }
            )

    per_intent: dict[str, dict[str, float]] = {}
    for intent in gold_intents:
        p, r, f = _prf(tp[intent], fp[intent], fn[intent])
        per_intent[intent] = {
            "precision": round(p, 4),
            "recall": round(r, 4),
            "f1": round(f, 4),
            "support": tp[intent] + fn[intent],
        }
    n = len(examples)
    micro_p, micro_r, micro_f1 = _prf(sum(tp.values()), sum(fp.values()), sum(fn.values()))
    macro_f1 = sum(v["f1"] for v in per_intent.values()) / len(per_intent) if per_intent else 0.0

    result: dict[str, Any] = {
        "n": n,
        "correct": sum(tp.values()),
        "intent_micro_f1": round(micro_f1, 4),
        "intent_macro_f1": round(macro_f1, 4),
        "intent_accuracy": round(sum(tp.values()) / n, 4) if n else 0.0,
        "per_intent": per_intent,
        "confusions": [
            {"gold": g, "predicted": p, "count": c} for (g, p), c in confusions.most_common()
        ],
        "errors": errors,
        "entity_f1": None,
    }

    # Entity F1 only over the entity types the hold-out set annotates, so
    # extractors for other types (regexes, slots filled from text) are not penalized.
    annotated_types = {key[2] for ex in examples for key in ex.entities}
    if annotated_types:
        etp = efp = efn = 0
        for ex, pred in zip(examples, predictions, strict=True):
            predicted = {k for k in pred.entities if k[2] in annotated_types}
            etp += len(ex.entities & predicted)
            efp += len(predicted - ex.entities)
            efn += len(ex.entities - predicted)
        ep, er, ef = _prf(etp, efp, efn)
        result["entity_f1"] = round(ef, 4)
        result["entity_precision"] = round(ep, 4)
        result["entity_recall"] = round(er, 4)
        result["entity_types"] = sorted(annotated_types)
    return result


def print_report(result: dict[str, Any], top: int) -> None:
    """A readable table: per-intent scores (worst first) and the top confusions."""
    rows = sorted(result["per_intent"].items(), key=lambda kv: (kv[1]["f1"], kv[0]))
    width = max([len(name) for name, _ in rows] + [6])
    print(f"{'intent':<{width}}  {'prec':>6} {'recall':>6} {'f1':>6} {'n':>4}")
    print("-" * (width + 28))
    for name, s in rows:
        print(
            f"{name:<{width}}  {s['precision']:>6.3f} {s['recall']:>6.3f} "
            f"{s['f1']:>6.3f} {s['support']:>4}"
        )
    print()
    confusions = result["confusions"][:top]
    if confusions:
        print("Most confused (gold -> predicted):")
        for c in confusions:
            print(f"  {c['count']:>3}  {c['gold']} -> {c['predicted']}")
        print()
        print("Misclassified examples:")
        for e in result["errors"]:
            print(f"  [{e['gold']} -> {e['predicted']} {e['confidence']:.2f}] {e['text']}")
        print()
    print(f"Intent macro-F1: {result['intent_macro_f1']:.4f}")
    if result.get("entity_f1") is not None:
        print(f"Entity F1: {result['entity_f1']:.4f} (types: {', '.join(result['entity_types'])})")
    print(f"NLU hold-out intent micro-F1: {result['intent_micro_f1']:.4f} (n={result['n']})")


def quiet_rasa_as_served() -> None:
    """Rasa quiet (its structlog prints every parse at debug level unless configured), and
    patched as the server runs it (bot/rasa_server.py), before a model is loaded."""
    logging.basicConfig(level=logging.ERROR)
    from rasa.utils.log_utils import configure_structlog

    configure_structlog(logging.ERROR)
    from bot.rasa_server import apply_all

    apply_all()
    for noisy in ("rasa", "tensorflow", "absl", "matplotlib"):
        logging.getLogger(noisy).setLevel(logging.ERROR)
    import warnings

    warnings.filterwarnings("ignore")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", required=True, type=Path, help="trained model .tar.gz")
    parser.add_argument("--data", default=Path("tests/nlu"), type=Path, help="hold-out NLU files")
    parser.add_argument(
        "--training-data",
        default=Path("data"),
        type=Path,
        help="training data to check the hold-out set against",
    )
    parser.add_argument("--min-f1", default=0.95, type=float, help="minimum intent micro-F1")
    parser.add_argument(
        "--out",
        default=Path(".run/results/nlu-holdout.json"),
        type=Path,
        help="where to write the JSON results",
    )
    parser.add_argument("--top", default=10, type=int, help="confused pairs to show")
    parser.add_argument(
        "--min-per-intent",
        default=8,
        type=int,
        help="hold-out examples required per intent (0 disables the check)",
    )
    args = parser.parse_args(argv)

    quiet_rasa_as_served()

    if not args.model.is_file():
        print(f"model not found: {args.model}", file=sys.stderr)
        return 2
    examples = load_examples(args.data)
    if not examples:
        print(f"no hold-out examples under {args.data}", file=sys.stderr)
        return 2

    problems: list[str] = []
    # 1. The hold-out set must not leak into the training data, nor repeat itself.
    trained = training_texts(args.training_data)
    leaked = [
        {"text": ex.text, "holdout_file": ex.source, "training_file": trained[normalize(ex.text)]}
        for ex in examples
        if normalize(ex.text) in trained
    ]
    for leak in leaked:
        problems.append(
            f"hold-out text also in training data: {leak['text']!r} "
            f"({leak['holdout_file']} / {leak['training_file']})"
        )
    seen: dict[str, str] = {}
    for ex in examples:
        key = normalize(ex.text)
        if key in seen and seen[key] != ex.intent:
            problems.append(f"hold-out text labelled twice: {ex.text!r}")
        seen[key] = ex.intent
    # 2. Enough examples per intent.
    support = Counter(ex.intent for ex in examples)
    thin = {i: c for i, c in support.items() if c < args.min_per_intent}
    for intent, count in sorted(thin.items()):
        problems.append(f"only {count} hold-out examples for {intent} (< {args.min_per_intent})")

    started = time.monotonic()
    predictions = asyncio.run(predict_all(args.model, examples))
    elapsed = time.monotonic() - started

    result = score(examples, predictions)
    result.update(
        {
            "model": str(args.model),
            "data": str(args.data),
            "training_data": str(args.training_data),
            "min_f1": args.min_f1,
            "seconds": round(elapsed, 2),
            "leaked": leaked,
            "problems": problems,
        }
    )
    passed = not problems and result["intent_micro_f1"] >= args.min_f1
    result["passed"] = passed

    print_report(result, args.top)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    print(f"results written to {args.out}")

    for problem in problems:
        print(f"FAIL: {problem}", file=sys.stderr)
    if result["intent_micro_f1"] < args.min_f1:
        print(
            f"FAIL: intent micro-F1 {result['intent_micro_f1']:.4f} < {args.min_f1}",
            file=sys.stderr,
        )
    return 0 if passed else 1


if __name__ == "__main__":
    sys.exit(main())
