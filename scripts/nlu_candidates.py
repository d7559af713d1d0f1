#!/usr/bin/env python
"""Export the help desk's unanswered messages as candidates to label (make nlu-candidates).

    .venv/bin/python scripts/nlu_candidates.py [--tracker-store URL] [--out FILE] [--min-count N]

Reads the tracker store the console reads (TRACKER_STORE_URL), takes every user message
that ended in a fallback (the console's "unanswered" list), masks it again with
pii.redaction (the store already holds redacted text; a second pass costs nothing), drops
what the training data or the blind set already holds, and writes a YAML list, most
frequent first, for a person to label:

    candidates:
      - text: "can my sub cert be used in kansas"
        count: 3
        label: ""      # fill in an intent, then move the line into data/nlu/

Blind messages (tests/blind) are never offered: they stay out of training. A labelled
candidate that resembles a blind message still goes through the blind set's replacement
rule (tests/blind/README.md).
"""

from __future__ import annotations

import argparse
import os
import re
import sys
from collections import Counter
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from console.tracker_reader import TrackerReader  # noqa: E402
from pii.redaction import redact_text  # noqa: E402


def _norm(text: str) -> str:
    return " ".join(re.findall(r"[a-z0-9]+", text.lower()))


def known_texts(*folders: Path) -> set[str]:
    """Every example in the training data and every blind message, normalised."""
    out: set[str] = set()
    for folder in folders:
        for path in folder.rglob("*.yml"):
            data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
            for block in data.get("nlu") or []:
                for line in str(block.get("examples") or "").splitlines():
                    out.add(_norm(re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", line.lstrip("- "))))
            for message in data.get("messages") or []:
                out.add(_norm(str(message.get("text", ""))))
    return out


def candidates(reader: TrackerReader, known: set[str], min_count: int = 1
               ) -> list[tuple[str, int]]:
    counts: Counter[str] = Counter()
    shown: dict[str, str] = {}
    for summary in reader.conversations():
        for text in summary.unanswered:
            masked = " ".join(redact_text(text).split())
            key = _norm(masked)
            if not key or key in known:
                continue
            counts[key] += 1
            shown.setdefault(key, masked)
    return [(shown[k], n) for k, n in counts.most_common() if n >= min_count]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tracker-store", default=os.environ.get("TRACKER_STORE_URL"))
    parser.add_argument("--out", type=Path, default=ROOT / ".run" / "nlu-candidates.yml")
    parser.add_argument("--min-count", type=int, default=1)
    args = parser.parse_args(argv)
    if not args.tracker_store:
        print("no tracker store: set TRACKER_STORE_URL or pass --tracker-store", file=sys.stderr)
        return 2
    reader = TrackerReader(args.tracker_store)
    if reader.engine() is None:
        print(f"no tracker store at {args.tracker_store}", file=sys.stderr)
        return 2
    found = candidates(reader, known_texts(ROOT / "data", ROOT / "tests" / "blind"),
                       args.min_count)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    header = ("# Unanswered messages from the help desk's conversations (redacted), most "
              "frequent first.\n# Label each (an intent from bot/domain), then move it "
              "into data/nlu/.\n")
    body = yaml.safe_dump({"candidates": [{"text": t, "count": n, "label": ""}
                                          for t, n in found]},
                          sort_keys=False, allow_unicode=True, width=100)
    args.out.write_text(header + body, encoding="utf-8")
    print(f"{len(found)} candidates written to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
