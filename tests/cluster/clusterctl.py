"""Drive the cluster (scripts/cluster.sh) from tests: start/stop it, talk to a replica.

Ports, database names and the Redis key prefix are scripts/cluster.sh's, read from the
same environment variables with the same defaults (2xxxx ports, databases
cert_cluster_backend / cert_cluster_tracker, key prefix `clustertest`). Redis and
PostgreSQL are the tests' own (private_services.py, started by conftest.py), on
`CLUSTER_REDIS_PORT` and `CLUSTER_PG_PORT`.
"""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path
from typing import Any

import httpx
import psycopg


def _port(name: str, default: int) -> int:
    return int(os.environ.get(name, default))


ROOT = Path(__file__).resolve().parents[2]
PUBLIC = f"http://127.0.0.1:{_port('PUBLIC_PORT', 28080)}"
INTERNAL = f"http://127.0.0.1:{_port('INTERNAL_PORT', 28081)}"
RASA_A = f"http://127.0.0.1:{_port('RASA_PORT_A', 25005)}"
RASA_B = f"http://127.0.0.1:{_port('RASA_PORT_B', 25006)}"
ACTIONS_A = f"http://127.0.0.1:{_port('ACTIONS_PORT_A', 25055)}"
ACTIONS_B = f"http://127.0.0.1:{_port('ACTIONS_PORT_B', 25056)}"
BACKEND = f"http://127.0.0.1:{_port('BACKEND_PORT', 28000)}"
RUN_DIR = ROOT / os.environ.get("RUN_DIR", ".run/cluster")
REDIS_PORT = _port("CLUSTER_REDIS_PORT", 26379)
PG_PORT = _port("CLUSTER_PG_PORT", 25432)
PG_URL = f"postgresql://postgres@127.0.0.1:{PG_PORT}"
TRACKER_DB = f"{PG_URL}/{os.environ.get('PG_TRACKER_DB', 'cert_cluster_tracker')}"
BACKEND_DB = f"{PG_URL}/{os.environ.get('PG_BACKEND_DB', 'cert_cluster_backend')}"


def cluster_env() -> dict[str, str]:
    """The environment for scripts/cluster.sh: the tests' Redis and PostgreSQL."""
    env = dict(os.environ, PYTHONPATH=str(ROOT), CLUSTER_PG_URL=PG_URL,
               REDIS_HOST="127.0.0.1", REDIS_PORT=str(REDIS_PORT))
    for derived in ("DATABASE_URL", "TRACKER_STORE_URL", "SOCKETIO_REDIS_URL"):
        env.pop(derived, None)  # cluster.sh derives them from the two above
    return env


def cluster(*args: str, timeout: float = 300) -> None:
    subprocess.run(["scripts/cluster.sh", *args], cwd=ROOT, env=cluster_env(), check=True,
                   timeout=timeout)


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
