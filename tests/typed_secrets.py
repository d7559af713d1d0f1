"""The secrets that tests type, shared by every suite (both Python environments).

Every SSN, date of birth, password and one-time code a test uses must come from here
or be passed to `record_secret`, so that `tests/scans` can search every database,
log and export for them afterwards and prove none was stored in clear text.
Stdlib only: this module is imported from `.venv` and `.venv-rasa` alike.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SECRETS_FILE = ROOT / ".run" / "test-secrets.jsonl"

# SSNs are unlikely to collide with anything else in a database (no 000/666 areas).
SSNS = [f"{n:03d}-{(n * 7) % 89 + 10:02d}-{(n * 131) % 9000 + 1000:04d}" for n in range(201, 401)]
DOBS = ["1985-04-12", "1979-11-30", "1990-02-07", "1968-07-21", "1995-12-03", "1983-09-16"]
PASSWORDS = ["Corr3ct-Horse-Battery", "Xylophone-42-Meadow", "Quartz9-Lantern-Drift"]


def record_secret(kind: str, value: str) -> None:
    """Remember a secret a test produced at run time (a one-time code, a token)."""
    SECRETS_FILE.parent.mkdir(parents=True, exist_ok=True)
    with SECRETS_FILE.open("a", encoding="utf-8") as fh:
        fh.write(json.dumps({"kind": kind, "value": value, "pid": os.getpid()}) + "\n")


def recorded_secrets() -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    if SECRETS_FILE.exists():
        for line in SECRETS_FILE.read_text(encoding="utf-8").splitlines():
            if line.strip():
                row = json.loads(line)
                out.append((row["kind"], row["value"]))
    return out


def code_pattern(code: str) -> re.Pattern[str]:
    """A short code (one-time code, digits) in clear text: not inside a longer token (hex
    digests, base64, ids) and not a fraction of a second in a timestamp (".123456")."""
    return re.compile(rf"(?<![0-9A-Za-z.:,]){re.escape(code)}(?![0-9A-Za-z])")


def ssn_variants(ssn: str) -> list[str]:
    """The ways an SSN may appear in clear text: with dashes, spaces or none."""
    digits = ssn.replace("-", "").replace(" ", "")
    area, group, serial = digits[:3], digits[3:5], digits[5:]
    return [f"{area}-{group}-{serial}", f"{area} {group} {serial}", digits]


def dob_variants(iso: str) -> list[str]:
    """ISO and the US formats a user may type (and a log may print)."""
    y, m, d = iso.split("-")
    return [iso, f"{m}/{d}/{y}", f"{int(m)}/{int(d)}/{y}", f"{m}-{d}-{y}"]
