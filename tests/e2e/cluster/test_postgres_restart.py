"""PostgreSQL restarted or stopped: the services reconnect by themselves.

The session's PostgreSQL is the tests' own (private_services.py); the machine's is never
touched. Every service keeps pooled connections, which a restart of the server closes:
- the backend's engines check a connection before using it (`pool_pre_ping`,
  backend/adapters/db.py), and so does the Rasa tracker store (bot/privacy/tracker_store.py);
- so after `pg_ctl restart -m fast` the very first request to each service is answered
  normally: chat on both replicas, and backend API calls that read and write the database.
While PostgreSQL is stopped, a chat message is answered with `MESSAGE_NOT_TAKEN` and not
processed (bot/outages.py), each replica's /health says `"tracker_store": "down"`, and the
backend answers 500 `internal_error`; the first requests after it starts again are
answered normally.
"""

from __future__ import annotations

import json
import os
import time
import uuid
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest

from actions.apologies import MESSAGE_NOT_TAKEN
from tests.e2e.cluster.clusterctl import BACKEND, PUBLIC, RASA_A, RASA_B, say, texts, user_texts
from tests.e2e.cluster.private_services import PrivatePostgres, PrivateRedis

pytestmark = pytest.mark.usefixtures("running_cluster")

REPLICAS = {"rasa-a": RASA_A, "rasa-b": RASA_B}
# Enough calls at once that both backend workers (BACKEND_WORKERS=2) use their pools.
BACKEND_CALLS = 8
SERVICE_KEY = os.environ.get("SERVICE_API_KEY", "dev-service-key-change-me")


def backend_statuses(client_id: str) -> list[int]:
    """Username availability (a read, and a rate-limit count written) from both workers,
    each call on a new connection, all at once."""
    def call(i: int) -> int:
        base = PUBLIC if i % 2 else BACKEND
        return httpx.get(f"{base}/api/v1/accounts/availability",
                         params={"username": f"pgcheck{i}"},
                         headers={"X-Service-Key": SERVICE_KEY, "X-Client-Id": client_id},
                         timeout=30).status_code

    with ThreadPoolExecutor(BACKEND_CALLS) as pool:
        return list(pool.map(call, range(BACKEND_CALLS)))


def chat(sender: str, label: str) -> dict[str, str]:
    """One message to each replica; what each answered."""
    return {name: texts(say(base, sender, f"hello {label} {name}"))
            for name, base in REPLICAS.items()}


def test_after_a_postgresql_restart_the_first_requests_are_answered(
    private_services: tuple[PrivateRedis, PrivatePostgres],
) -> None:
    _, postgres = private_services
    sender = f"cluster-pg-{uuid.uuid4().hex[:8]}"
    client_id = f"pg-restart-{uuid.uuid4().hex[:8]}"
    # Every pool holds connections before the restart.
    assert all(reply and reply != MESSAGE_NOT_TAKEN for reply in chat(sender, "before").values())
    assert backend_statuses(client_id) == [200] * BACKEND_CALLS

    started = time.monotonic()
    postgres.restart()  # returns once PostgreSQL accepts connections again
    restart_seconds = time.monotonic() - started
    after = chat(sender, "after")
    statuses = backend_statuses(client_id)
    print(json.dumps({"pg_restart_seconds": round(restart_seconds, 1),
                      "first_chat_after_restart": after, "backend_after_restart": statuses}))

    assert all(reply and reply != MESSAGE_NOT_TAKEN for reply in after.values()), after
    assert statuses == [200] * BACKEND_CALLS
    assert user_texts(sender) == [f"hello {label} {name}" for label in ("before", "after")
                                  for name in REPLICAS]


def test_while_postgresql_is_stopped_chat_says_so_and_recovers_when_it_starts(
    private_services: tuple[PrivateRedis, PrivatePostgres],
) -> None:
    _, postgres = private_services
    sender = f"cluster-pgdown-{uuid.uuid4().hex[:8]}"
    assert all(reply and reply != MESSAGE_NOT_TAKEN for reply in chat(sender, "before").values())

    postgres.stop()
    try:
        assert chat(sender, "during") == {name: MESSAGE_NOT_TAKEN for name in REPLICAS}
        for base in REPLICAS.values():
            health = httpx.get(f"{base}/health", timeout=10).json()
            assert health["status"] == "degraded" and health["tracker_store"] == "down", health
        r = httpx.get(f"{PUBLIC}/api/v1/accounts/availability", params={"username": "pgdown"},
                      timeout=30)
        assert r.status_code == 500 and r.json()["error"]["code"] == "internal_error", r.text
    finally:
        postgres.start()

    assert all(reply and reply != MESSAGE_NOT_TAKEN for reply in chat(sender, "after").values())
    assert backend_statuses(f"pg-down-{uuid.uuid4().hex[:8]}") == [200] * BACKEND_CALLS
    for base in REPLICAS.values():
        assert httpx.get(f"{base}/health", timeout=10).json()["status"] == "ok"
    # The refused messages were not stored; the others once each.
    assert user_texts(sender) == [f"hello {label} {name}" for label in ("before", "after")
                                  for name in REPLICAS]
