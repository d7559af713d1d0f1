"""Redis stopped: the assistant says it is degraded, and recovers by itself when it returns.

The session's Redis is the tests' own (private_services.py); the machine's is never
touched. While it is down (bot/outages.py, bot/lock_store.py):
- each Rasa replica's `GET /health` says `"status": "degraded", "redis": "down"`, and its
  log says so once;
- a chat message, over REST or a web-chat socket, is answered with `MESSAGE_NOT_TAKEN`
  and not processed: nothing of it is stored (the lock store cannot keep two replicas
  off one conversation, so no turn runs);
- the backend (API, console, chat page), which does not use Redis, works as before.
When Redis is back, with no service restarted, health says ok, the log says so, and
messages are answered on both replicas and over a socket within a few seconds.
"""

from __future__ import annotations

import json
import subprocess
import time
import uuid
from pathlib import Path
from typing import Any

import httpx
import pytest

from actions.apologies import MESSAGE_NOT_TAKEN
from tests.e2e.cluster.clusterctl import (
    PUBLIC,
    RASA_A,
    RASA_B,
    ROOT,
    RUN_DIR,
    say,
    texts,
    user_texts,
)
from tests.e2e.cluster.private_services import PrivatePostgres, PrivateRedis

pytestmark = pytest.mark.usefixtures("running_cluster")

RECOVERY_SECONDS = 10.0
REPLICAS = {"rasa-a": RASA_A, "rasa-b": RASA_B}


def health(base: str) -> dict[str, Any]:
    r = httpx.get(f"{base}/health", timeout=10)
    assert r.status_code == 200, r.text
    return dict(r.json())


def socket_says(base: str, text: str) -> list[str]:
    out = subprocess.run(
        [str(ROOT / ".venv-rasa/bin/python"), "tests/e2e/cluster/socketio_probe.py", "--say", base,
         text], cwd=ROOT, capture_output=True, text=True, timeout=60, check=True,
    )
    return list(json.loads(out.stdout.strip().splitlines()[-1])["received"])


def log_since(service: str, offset: int) -> str:
    with (RUN_DIR / "logs" / f"{service}.log").open("rb") as log:
        log.seek(offset)
        return log.read().decode(errors="replace")


def log_size(service: str) -> int:
    return Path(RUN_DIR / "logs" / f"{service}.log").stat().st_size


def test_redis_down_is_said_plainly_and_survived_without_a_restart(
    private_services: tuple[PrivateRedis, PrivatePostgres],
) -> None:
    redis, _ = private_services
    sender = f"cluster-redis-{uuid.uuid4().hex[:8]}"
    for base in REPLICAS.values():
        assert health(base) == {"status": "ok", "redis": "up", "tracker_store": "up",
                                "model": "loaded"}
    assert MESSAGE_NOT_TAKEN not in texts(say(PUBLIC, sender, "hello"))
    logs_from = {name: log_size(name) for name in REPLICAS}

    redis.stop()
    try:
        for base in REPLICAS.values():
            assert health(base) == {"status": "degraded", "redis": "down",
                                    "tracker_store": "up", "model": "loaded"}
        for name, base in REPLICAS.items():
            assert texts(say(base, sender, f"what can you do {name}")) == MESSAGE_NOT_TAKEN
        assert texts(say(PUBLIC, sender, "what can you do nginx")) == MESSAGE_NOT_TAKEN
        # A web-chat socket gets the same words (emitted without Redis, by its replica).
        assert socket_says(RASA_A, "hello") == [MESSAGE_NOT_TAKEN]
        # Nothing of the refused messages was processed or stored.
        assert user_texts(sender) == ["hello"]
        # The backend does not need Redis.
        assert httpx.get(f"{PUBLIC}/api/v1/application-types", timeout=10).status_code == 200
        for name in REPLICAS:
            assert "Redis lock store unreachable" in log_since(name, logs_from[name]), name
    finally:
        redis.start()

    back = time.monotonic()
    deadline = back + RECOVERY_SECONDS
    answered: dict[str, str] = {}
    while len(answered) < len(REPLICAS) and time.monotonic() < deadline:
        for name, base in REPLICAS.items():
            if name not in answered:
                reply = texts(say(base, sender, f"hello again {name}"))
                if reply and reply != MESSAGE_NOT_TAKEN:
                    answered[name] = reply
        if len(answered) < len(REPLICAS):
            time.sleep(0.5)
    recovered_in = time.monotonic() - back
    print(json.dumps({"redis_recovered_in_s": round(recovered_in, 1)}))
    assert set(answered) == set(REPLICAS), f"not answering {RECOVERY_SECONDS} s after Redis"
    for name, base in REPLICAS.items():
        assert health(base)["status"] == "ok", name
        assert "Redis lock store reachable again" in log_since(name, logs_from[name]), name
    greeting = socket_says(RASA_B, "hello")
    assert greeting and MESSAGE_NOT_TAKEN not in greeting, greeting
    # Each answered message stored once; the refused ones and the retries before
    # recovery (answered with the apology) not at all.
    stored = user_texts(sender)
    assert stored[0] == "hello" and sorted(stored[1:]) == sorted(
        f"hello again {name}" for name in REPLICAS), stored
