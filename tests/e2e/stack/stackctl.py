"""Drive the running stack from end-to-end tests: start/stop it, talk to Rasa, read mail.

The stack is the real one (`scripts/stack.sh`), on test ports so it can run beside a
developer's. Defaults match PORTS_TEST in the Makefile.
"""

from __future__ import annotations

import os
import re
import subprocess
import time
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parents[3]
TEST_ENV = {
    "BACKEND_PORT": os.environ.get("BACKEND_PORT", "18000"),
    "RASA_PORT": os.environ.get("RASA_PORT", "15005"),
    "ACTIONS_PORT": os.environ.get("ACTIONS_PORT", "15055"),
    "RUN_DIR": os.environ.get("RUN_DIR", ".run/test"),
    # The stack makes thousands of accounts and codes (the blind conversations' fixtures):
    # argon2's light profile, which only a test stack may choose (backend/settings.py).
    "PASSWORD_HASHING": os.environ.get("PASSWORD_HASHING", "light"),
}
BACKEND = f"http://127.0.0.1:{TEST_ENV['BACKEND_PORT']}"
RASA = f"http://127.0.0.1:{TEST_ENV['RASA_PORT']}"
ACTIONS = f"http://127.0.0.1:{TEST_ENV['ACTIONS_PORT']}"
RUN_DIR = ROOT / TEST_ENV["RUN_DIR"]
# One client for every request the tests make (thread-safe, connections kept alive): a new
# client per request costs about 35 ms of CPU for its TLS context alone, and polling for
# mail four conversations at a time spent a whole core on it.
HTTP = httpx.Client(timeout=30, limits=httpx.Limits(max_connections=32,
                                                    max_keepalive_connections=16))


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env.update(TEST_ENV)
    env["PYTHONPATH"] = str(ROOT)
    return env


def stack(*args: str, timeout: float = 300) -> None:
    subprocess.run(["scripts/stack.sh", *args], cwd=ROOT, env=_env(), check=True, timeout=timeout)


def start_stack() -> None:
    """Migrate, seed and start every service (scripts/stack.sh up does all three)."""
    stack("up")


def stop_stack() -> None:
    stack("down")


def service_pid(service: str) -> int | None:
    """The process id scripts/stack.sh recorded for a service (its process group too)."""
    try:
        return int((RUN_DIR / "pids" / f"{service}.pid").read_text().strip())
    except (FileNotFoundError, ValueError):
        return None


def healthy(url: str) -> bool:
    try:
        return HTTP.get(url, timeout=2).status_code == 200
    except httpx.HTTPError:
        return False


def say(sender: str, text: str, timeout: float = 30) -> list[dict[str, Any]]:
    """Send one user message over Rasa's REST channel; return the bot's replies."""
    r = HTTP.post(f"{RASA}/webhooks/rest/webhook", json={"sender": sender, "message": text},
                   timeout=timeout)
    r.raise_for_status()
    return r.json()


def texts(replies: list[dict[str, Any]]) -> str:
    return "\n".join(r.get("text", "") for r in replies if r.get("text"))


def buttons(replies: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [b for r in replies for b in r.get("buttons", []) or []]


def outbox(email: str) -> list[dict[str, Any]]:
    r = HTTP.get(f"{BACKEND}/dev/outbox", params={"to": email}, timeout=10)
    r.raise_for_status()
    return r.json()["messages"]


def wait_for_mail(email: str, pattern: str, timeout: float = 15) -> re.Match[str]:
    """Poll the dev outbox until a message body matches `pattern`; return the match."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for msg in outbox(email):
            m = re.search(pattern, msg["body"])
            if m:
                return m
        time.sleep(0.3)
    raise AssertionError(f"no mail to {email} matching {pattern!r}")
