"""Drive the cluster (scripts/cluster.sh) from tests: start/stop it, talk to a replica.

Ports, database names and the Redis key prefix are scripts/cluster.sh's, read from the
same environment variables with the same defaults (2xxxx ports, databases
cert_cluster_backend / cert_cluster_tracker, key prefix `clustertest`). Redis and
PostgreSQL are the tests' own (private_services.py, started by conftest.py), on
`CLUSTER_REDIS_PORT` and `CLUSTER_PG_PORT`. nginx's access log says which
replica served a request (`proxy_log`).
"""

from __future__ import annotations

import json
import os
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import psycopg


def _port(name: str, default: int) -> int:
    return int(os.environ.get(name, default))


ROOT = Path(__file__).resolve().parents[3]
PUBLIC = f"http://127.0.0.1:{_port('PUBLIC_PORT', 28080)}"
INTERNAL = f"http://127.0.0.1:{_port('INTERNAL_PORT', 28081)}"
INTERNAL_PORT = _port("INTERNAL_PORT", 28081)
RASA_PORT_A = _port("RASA_PORT_A", 25005)
RASA_PORT_B = _port("RASA_PORT_B", 25006)
RASA_A = f"http://127.0.0.1:{RASA_PORT_A}"
RASA_B = f"http://127.0.0.1:{RASA_PORT_B}"
ACTIONS_A = f"http://127.0.0.1:{_port('ACTIONS_PORT_A', 25055)}"
ACTIONS_B = f"http://127.0.0.1:{_port('ACTIONS_PORT_B', 25056)}"
BACKEND = f"http://127.0.0.1:{_port('BACKEND_PORT', 28000)}"
RUN_DIR = ROOT / os.environ.get("RUN_DIR", ".run/cluster")
REPLICAS = {f"127.0.0.1:{RASA_PORT_A}": "rasa-a", f"127.0.0.1:{RASA_PORT_B}": "rasa-b"}
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


@dataclass(frozen=True)
class ProxyLine:
    """One line of nginx's access log (deploy/nginx.conf.template, formats `cluster`
    and `socketio`)."""

    port: int  # nginx's port that took the request
    method: str
    path: str
    status: int
    upstream: str  # the address that served it: the last one nginx tried
    sid: str = ""  # socket.io requests: the Engine.IO session id
    transport: str = ""

    @property
    def replica(self) -> str | None:
        """rasa-a or rasa-b when a Rasa replica served the request."""
        return REPLICAS.get(self.upstream)


_LOG_LINE = re.compile(
    r'\S+ \[[^]]+\] (?P<port>\d+) "(?P<method>\S+) (?P<path>\S+)" (?P<status>\d+) \S+ \S+ '
    r"upstream=(?P<upstream>.*?)(?: transport=(?P<transport>\S*) sid=(?P<sid>\S*))?$")


def proxy_log() -> list[ProxyLine]:
    """nginx's access log so far, oldest first."""
    lines: list[ProxyLine] = []
    path = RUN_DIR / "nginx" / "access.log"
    for raw in path.read_text(encoding="utf-8", errors="replace").splitlines():
        m = _LOG_LINE.match(raw)
        if not m:
            continue
        transport, sid = m["transport"] or "", m["sid"] or ""
        lines.append(ProxyLine(
            port=int(m["port"]), method=m["method"], path=m["path"], status=int(m["status"]),
            upstream=m["upstream"].split(", ")[-1], sid="" if sid == "-" else sid,
            transport="" if transport == "-" else transport))
    return lines


def turn_in_progress(conversation_id: str) -> bool:
    """Whether a replica holds the conversation's Redis lock (a turn is being processed;
    Rasa deletes the lock when no turn is waiting)."""
    prefix = os.environ.get("REDIS_KEY_PREFIX", "clustertest")
    out = subprocess.run(
        ["redis-cli", "-h", os.environ.get("REDIS_HOST", "127.0.0.1"),
         "-p", os.environ.get("REDIS_PORT", "6379"), "-n", os.environ.get("REDIS_DB", "0"),
         "EXISTS", f"{prefix}:lock:{conversation_id}"],
        capture_output=True, text=True, timeout=10, check=True)
    return out.stdout.strip() != "0"
