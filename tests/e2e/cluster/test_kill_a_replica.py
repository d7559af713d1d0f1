"""A Rasa replica, then an action server, killed under load: no message lost or doubled.

20 users talk through nginx in a closed loop (each sends its next message when the
last one is answered). Every turn runs a custom action (the router, actions/router.py:
greetings and FAQ answers, the FAQ with the backend's mailing address), so the action
servers matter. A few seconds in, Rasa replica A is killed with SIGKILL and started
again; once it is back, action server A is frozen for a second (so that action runs are
certainly in flight on it), killed the same way and started again.

- A request that fails is retried by its user until it is answered. Only requests in
  flight at the replica's kill may fail (HTTP 502 from nginx: a message already sent to a
  replica is never sent to another), at most one message per user; the action server's
  kill fails no request at all.
- nginx runs an action whose action server died under it again on the other one
  (deploy/nginx.conf.template), so no reply is an apology (`ACTION_SERVER_DOWN`, or any
  other of actions/apologies.py) and every stored turn ran its custom action.
- At the end the tracker store holds every user's messages exactly once, in the order
  they were sent.

The figures are written to RUN_DIR/kill-test.json and printed (docs/deployment.md).
"""

from __future__ import annotations

import json
import os
import signal
import statistics
import threading
import time
import uuid
from dataclasses import dataclass, field

import httpx
import pytest

from actions.apologies import ACTION_SERVER_DOWN, BACKEND_DOWN, MESSAGE_NOT_TAKEN, NOT_ANSWERING
from tests.e2e.cluster import clusterctl
from tests.e2e.cluster.clusterctl import PUBLIC, RASA_A, RUN_DIR, stored_events, texts

pytestmark = pytest.mark.usefixtures("running_cluster")

USERS = int(os.environ.get("CLUSTER_KILL_USERS", "20"))
KILL_AFTER = 5.0  # seconds of load before the first kill
SETTLE = 3.0  # seconds of load between a restart and the next kill, and at the end
FREEZE_ACTIONS = 1.0  # seconds action server A is stopped (SIGSTOP) before its SIGKILL
RETRY_FOR = 90.0  # above the Redis lock's lifetime (TICKET_LOCK_LIFETIME, 30 s)
APOLOGIES = (ACTION_SERVER_DOWN, BACKEND_DOWN, MESSAGE_NOT_TAKEN, NOT_ANSWERING)
# Every message outside a form goes to the router (data/rules/routes.yml).
ROUTER = "action_route"


@dataclass
class Attempt:
    text: str
    started: float
    ended: float
    outcome: str  # "ok", "apology", "HTTP 502", an exception's name


@dataclass
class User:
    sender: str
    sent: list[str] = field(default_factory=list)
    attempts: list[Attempt] = field(default_factory=list)
    unanswered: list[str] = field(default_factory=list)
    finished_at: float = 0.0

    def failed(self) -> list[Attempt]:
        return [a for a in self.attempts if a.outcome != "ok"]


def _message(index: int, n: int) -> str:
    # Greetings and FAQ questions, both answered by the router on the action server.
    if n % 2:
        return f"how do I get fingerprinted u{index}n{n}"
    return f"hello there u{index}n{n}"


def _talk(user: User, index: int, stop: threading.Event) -> None:
    with httpx.Client(timeout=60) as client:
        n = 0
        while not stop.is_set():
            text = _message(index, n)
            user.sent.append(text)
            give_up = time.monotonic() + RETRY_FOR
            while True:
                started = time.monotonic()
                try:
                    r = client.post(f"{PUBLIC}/webhooks/rest/webhook",
                                    json={"sender": user.sender, "message": text})
                    replies = r.json() if r.status_code == 200 else []
                    if r.status_code != 200:
                        outcome = f"HTTP {r.status_code}"
                    elif not replies:
                        outcome = "no reply"
                    elif any(a in texts(replies) for a in APOLOGIES):
                        outcome = "apology"
                    else:
                        outcome = "ok"
                except httpx.HTTPError as exc:
                    outcome = type(exc).__name__
                user.attempts.append(Attempt(text, started, time.monotonic(), outcome))
                if outcome == "ok":
                    break
                if time.monotonic() > give_up:
                    user.unanswered.append(text)
                    break
                time.sleep(1.0)
            n += 1
        user.finished_at = time.monotonic()


def _kill_and_restart(service: str, freeze_first: float = 0.0) -> dict[str, float]:
    pid = clusterctl.service_pid(service)
    assert pid is not None, service
    if freeze_first:
        # Requests pile up on a frozen process, so some are certainly in flight on it
        # when SIGKILL lands (an action run takes a few ms of a turn's few hundred).
        os.kill(pid, signal.SIGSTOP)
        time.sleep(freeze_first)
    killed_at = time.monotonic()
    os.kill(pid, signal.SIGKILL)
    _wait_gone(pid)
    clusterctl.cluster("start", service)  # waits until healthy
    return {"killed_at": killed_at, "back_at": time.monotonic()}


def _nginx_retries_of_action_runs(log_from: int) -> int:
    """Action runs nginx sent again to the other action server (its error log)."""
    port = os.environ.get("ACTIONS_PORT_A", "25055")
    with (RUN_DIR / "nginx" / "error.log").open("rb") as log:
        log.seek(log_from)
        lines = log.read().decode(errors="replace").splitlines()
    return sum(1 for line in lines if "[error]" in line and f"127.0.0.1:{port}/webhook" in line
               and "while reading response header" in line)


def test_killing_a_replica_then_an_action_server_loses_and_duplicates_no_message() -> None:
    run = uuid.uuid4().hex[:6]
    users = [User(f"cluster-kill-{run}-{i}") for i in range(USERS)]
    stop = threading.Event()
    start = time.monotonic()
    threads = [threading.Thread(target=_talk, args=(u, i, stop)) for i, u in enumerate(users)]
    for t in threads:
        t.start()

    try:
        time.sleep(KILL_AFTER)
        rasa = _kill_and_restart("rasa-a")
        time.sleep(SETTLE)
        nginx_log_from = (RUN_DIR / "nginx" / "error.log").stat().st_size
        actions = _kill_and_restart("actions-a", freeze_first=FREEZE_ACTIONS)
        time.sleep(SETTLE)
    finally:
        stop.set()
        for t in threads:
            t.join(timeout=RETRY_FOR + 60)
    elapsed = max(u.finished_at for u in users) - start

    # The restarted replica answers again, through the restarted action server too.
    assert clusterctl.say(RASA_A, f"cluster-kill-{run}-after", "hello")

    kills = {"rasa-a": rasa, "actions-a": actions}
    attempts = [a for u in users for a in u.attempts]
    latencies = sorted(a.ended - a.started for a in attempts if a.outcome == "ok")
    events = {u.sender: stored_events(u.sender) for u in users}
    stored = {s: [e.get("text") or "" for e in ev if e.get("event") == "user"]
              for s, ev in events.items()}
    lost = {u.sender: [t for t in u.sent if t not in stored[u.sender]] for u in users}
    doubled = {u.sender: [t for t in set(stored[u.sender]) if stored[u.sender].count(t) > 1]
               for u in users}
    turns_without_action = [
        (sender, turn[0].get("text")) for sender, ev in events.items() for turn in _turns(ev)
        if not any(e.get("event") == "action" and e.get("name") == ROUTER for e in turn)
    ]

    def in_flight(at: float) -> int:
        return sum(1 for a in attempts if a.started <= at < a.ended)

    def hit_by(kill: dict[str, float], a: Attempt) -> bool:
        """A failed attempt that was under way while the service was dead."""
        return a.outcome != "ok" and a.ended >= kill["killed_at"] and a.started <= kill["back_at"]

    def failed_by(kill: dict[str, float]) -> list[Attempt]:
        return [a for a in attempts if hit_by(kill, a)]
    figures = {
        "users": USERS, "seconds": round(elapsed, 1), "messages": sum(len(u.sent) for u in users),
        "messages_per_second": round(sum(len(u.sent) for u in users) / elapsed, 1),
        "p50_ms": round(1000 * statistics.median(latencies)),
        "p95_ms": round(1000 * latencies[int(0.95 * (len(latencies) - 1))]),
        "failed_requests": sum(1 for a in attempts if a.outcome != "ok"),
        "failed_kinds": sorted({a.outcome for a in attempts if a.outcome != "ok"}),
        "apologies": sum(1 for a in attempts if a.outcome == "apology"),
        "kills": {
            name: {
                "at_s": round(kill["killed_at"] - start, 1),
                "requests_in_flight": in_flight(kill["killed_at"]),
                "failed_requests": len(failed_by(kill)),
                "failed_messages": len({a.text for a in failed_by(kill)}),
                "restart_seconds": round(kill["back_at"] - kill["killed_at"], 1),
            } for name, kill in kills.items()
        },
        "action_runs_retried_by_nginx": _nginx_retries_of_action_runs(nginx_log_from),
        "turns_without_a_custom_action": len(turns_without_action),
        "lost": sum(len(v) for v in lost.values()),
        "answered_twice": sum(len(v) for v in doubled.values()),
        "unanswered_after_retries": sum(len(u.unanswered) for u in users),
    }
    (RUN_DIR / "kill-test.json").write_text(json.dumps(figures, indent=2))
    print(json.dumps(figures))

    assert figures["unanswered_after_retries"] == 0, figures
    assert figures["lost"] == 0, lost
    assert figures["answered_twice"] == 0, doubled
    for u in users:
        assert stored[u.sender] == u.sent, u.sender  # every message once, in order
    # The action servers' replies kept coming: no apology, every turn ran its action.
    assert figures["apologies"] == 0, figures
    assert turns_without_action == [], turns_without_action[:5]
    # Only requests in flight at a kill fail: every failure was under way while a service
    # was dead, its message was being answered when the service died, and at most one
    # message per user per kill fails (its retries may fail while nginx still tries the
    # dead one).
    assert all(any(hit_by(k, a) for k in kills.values()) for u in users for a in u.failed()), \
        figures
    for u in users:
        for name, kill in kills.items():
            hit = {a.text for a in u.failed() if hit_by(kill, a)}
            assert len(hit) <= 1, (u.sender, name, hit)
            for text in hit:
                first = next(a for a in u.attempts if a.text == text)
                in_flight_at_kill = (first.started <= kill["killed_at"] + 0.5
                                     and first.ended >= kill["killed_at"])
                assert in_flight_at_kill, (u.sender, name, first)
    assert figures["kills"]["rasa-a"]["failed_messages"] <= figures["kills"]["rasa-a"][
        "requests_in_flight"], figures
    # An action server's death is invisible to the users: nginx ran the actions that were
    # in flight on it again, on the other one.
    assert figures["action_runs_retried_by_nginx"] >= 1, figures
    assert figures["kills"]["actions-a"]["failed_requests"] == 0, figures


def _turns(events: list[dict]) -> list[list[dict]]:
    """The stored events cut into turns, each starting at a user message."""
    turns: list[list[dict]] = []
    for event in events:
        if event.get("event") == "user":
            turns.append([])
        if turns:
            turns[-1].append(event)
    return turns


def _wait_gone(pid: int, timeout: float = 15.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return
        time.sleep(0.1)
    raise AssertionError(f"process {pid} still there {timeout} s after SIGKILL")
