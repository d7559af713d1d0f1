"""Drive the cluster (scripts/cluster.sh) from tests: start/stop it, talk to a replica.

Ports and databases are scripts/cluster.sh's defaults (2xxxx ports, PostgreSQL databases
cert_cluster_backend / cert_cluster_tracker, Redis key prefix `clustertest`).
"""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path
from typing import Any

import httpx
import psycopg

ROOT = Path(__file__).resolve().parents[3]
PUBLIC = f"http://127.0.0.1:{os.environ.get('PUBLIC_PORT', '28080')}"
RASA_A = f"http://127.0.0.1:{os.environ.get('RASA_PORT_A', '25005')}"
RASA_B = f"http://127.0.0.1:{os.environ.get('RASA_PORT_B', '25006')}"
RUN_DIR = ROOT / os.environ.get("RUN_DIR", ".run/cluster")
TRACKER_DB = os.environ.get(
    "TRACKER_STORE_URL", "postgresql://postgres@127.0.0.1:5432/cert_cluster_tracker"
)


def cluster(*args: str, timeout: float = 300) -> None:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    subprocess.run(["scripts/cluster.sh", *args], cwd=ROOT, env=env, check=True, timeout=timeout)


def service_pid(service: str) -> int | None:
    try:
        return int((RUN_DIR / "pids" / f"{service}.pid").read_text().strip())
    except (FileNotFoundError, ValueError):
        return None


def say(base: str, sender: str, text: str, timeout: float = 60) -> list[dict[str, Any]]:
    """One user message over the REST channel of `base` (a replica or nginx)."""
    r = httpx.post(f"{base}/webhooks/rest/webhook", json={"sender": sender, "message": text},
                   timeout=timeout)
    r.raise_for_status()
    return r.json()


def texts(replies: list[dict[str, Any]]) -> str:
    return "\n".join(r.get("text", "") for r in replies if r.get("text"))


def stored_events(sender: str) -> list[dict[str, Any]]:
    """The conversation's events as the tracker store holds them, in order."""
    with psycopg.connect(TRACKER_DB) as con:
        rows = con.execute(
            "SELECT data FROM events WHERE sender_id = %s ORDER BY id", (sender,)
        ).fetchall()
    return [json.loads(row[0]) for row in rows]


def user_texts(sender: str) -> list[str]:
    return [e.get("text") or "" for e in stored_events(sender) if e.get("event") == "user"]
