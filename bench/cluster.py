"""Cluster phase: one Rasa replica vs two behind nginx, and CPU seconds per message.

The cluster (scripts/cluster.sh: nginx, Rasa replicas a and b, action servers a and b,
the backend, PostgreSQL, Redis) is started once with both replicas. Each level is run
through nginx's public port, once with nginx routing to replica a only and once to both
(`scripts/cluster.sh replicas 1|2` re-renders nginx's upstreams and reloads it
gracefully, in milliseconds). So both cases run on the same warm processes, and their
levels alternate (1, 2 at 10 users; 2, 1 at 30 users) so that a drift in the shared
machine's background load falls on both. In the one-replica levels the b processes stay
up without traffic: nginx's access log shows which upstream answered every request, and
the phase checks that b answered none.

Why not stop rasa-b and let nginx fail over: nginx would retry the dead upstream every
`fail_timeout` (5 s), and the level would measure fail-over instead of a one-replica
deployment. Why not two clusters (REPLICAS=1, then 2): two start-ups, and no alternation.

Around every level the CPU time (user + system, from /proc) of each service's process
tree is read, and of the PostgreSQL server processes serving the cluster's two databases
and of this (load-generating) process; divided by the messages nginx passed to Rasa in
that window, that is the CPU seconds per message of each service, for sizing
(docs/deployment.md).

The conversation is an anonymous visitor's, so that every turn does the same work
whichever replica takes it: sign-in tokens live in the memory of the replica that
signed the educator in (docs/deployment.md), so a signed-in status lookup routed to the
other replica would ask to sign in again instead of calling the backend.
"""

from __future__ import annotations

import asyncio
import logging
import os
import re
import socket
import subprocess
import time
from pathlib import Path
from typing import Any

from bench.cluster_cpu import cpu_seconds
from bench.loadgen import ChatClient, Script, Turn, UserCtx, closed_loop
from bench.ourstack import click
from bench.procmem import tree_pids
from bench.procs import ROOT, WORK, quiet_env, service_pids

logger = logging.getLogger(__name__)

# The bench's own ports, databases and key prefix (scripts/cluster.sh's names); each may
# be overridden from the environment to run beside another cluster.
DEFAULTS = {
    "PUBLIC_PORT": "28490", "INTERNAL_PORT": "28491", "RASA_PORT_A": "25490",
    "RASA_PORT_B": "25491", "ACTIONS_PORT_A": "25492", "ACTIONS_PORT_B": "25493",
    "BACKEND_PORT": "28492", "PG_BACKEND_DB": "cert_bench_backend",
    "PG_TRACKER_DB": "cert_bench_tracker", "REDIS_KEY_PREFIX": "benchcluster",
    "RUN_DIR": str(WORK / "cluster"),
}
PORT_KEYS = ("PUBLIC_PORT", "INTERNAL_PORT", "RASA_PORT_A", "RASA_PORT_B", "ACTIONS_PORT_A",
             "ACTIONS_PORT_B", "BACKEND_PORT")
SERVICES = ("nginx", "rasa-a", "rasa-b", "actions-a", "actions-b", "backend")
PG_URL = os.environ.get("CLUSTER_PG_URL", "postgresql://postgres@127.0.0.1:5432")
# The CPU rows of a level: the cluster's services, then what else this machine spent.
POSTGRES = "postgresql"
GENERATOR = "load generator"
# nginx's `cluster` and `socketio` log formats (deploy/nginx.conf.template).
_UPSTREAM = re.compile(r'"(?:POST|GET) (?P<path>\S+)" (?P<status>\d{3}) .*?'
                       r'upstream=(?P<upstream>.*?)(?: transport=.*)?\s*$')


def listening(port: int) -> bool:
    """A process listens on `port` (TCP, IPv4 or IPv6), from /proc/net/tcp*."""
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            lines = Path(table).read_text().splitlines()[1:]
        except OSError:
            continue
        for line in lines:
            fields = line.split()
            if fields[3] == "0A" and int(fields[1].rsplit(":", 1)[1], 16) == port:
                return True
    return False


def bindable(port: int) -> bool:
    with socket.socket() as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def wait_bindable(ports: list[int], timeout: float = 70.0) -> None:
    """Wait until every port can be bound. A port in the kernel's ephemeral range
    (32768-60999 here) may be the local end of some other process's outgoing connection,
    which blocks a listener until its TIME_WAIT ends (60 s)."""
    deadline = time.monotonic() + timeout
    busy = [p for p in ports if not bindable(p)]
    if busy:
        logger.info("ports %s are held by other connections; waiting for them", busy)
    while busy and time.monotonic() < deadline:
        time.sleep(1)
        busy = [p for p in busy if not bindable(p)]
    if busy:
        raise RuntimeError(f"ports {busy} for the bench cluster stayed busy for {timeout:.0f} s")


class Cluster:
    """Drives scripts/cluster.sh with the bench's settings."""

    def __init__(self) -> None:
        self.settings = {k: os.environ.get(k) or v for k, v in DEFAULTS.items()}
        run_dir = Path(self.settings["RUN_DIR"])
        self.run_dir = run_dir if run_dir.is_absolute() else ROOT / run_dir
        self.settings["RUN_DIR"] = str(self.run_dir)
        self.env = quiet_env(**self.settings, REPLICAS="2", STACK_TIMEOUT="360",
                             SERVICE_API_KEY="bench-service-key",
                             RASA_API_TOKEN="bench-rasa-token")
        for key in ("DATABASE_URL", "TRACKER_STORE_URL", "RASA_URL", "ACTION_SERVER_URL",
                    "PUBLIC_BASE_URL", "WEBCHAT_SOCKET_URL", "SOCKETIO_REDIS_CHANNEL"):
            self.env.pop(key, None)  # scripts/cluster.sh derives them from the above
        self.public = f"http://127.0.0.1:{self.settings['PUBLIC_PORT']}"
        self.replica_urls = {
            "rasa-a": f"http://127.0.0.1:{self.settings['RASA_PORT_A']}",
            "rasa-b": f"http://127.0.0.1:{self.settings['RASA_PORT_B']}",
        }
        self.access_log = self.run_dir / "nginx" / "access.log"
        self.upstream_names = {
            f"127.0.0.1:{self.settings['RASA_PORT_A']}": "rasa-a",
            f"127.0.0.1:{self.settings['RASA_PORT_B']}": "rasa-b",
            f"127.0.0.1:{self.settings['ACTIONS_PORT_A']}": "actions-a",
            f"127.0.0.1:{self.settings['ACTIONS_PORT_B']}": "actions-b",
        }

    def _sh(self, *args: str, timeout: float = 300) -> subprocess.CompletedProcess[str]:
        proc = subprocess.run([str(ROOT / "scripts" / "cluster.sh"), *args], cwd=ROOT,
                              env=self.env, capture_output=True, text=True, timeout=timeout,
                              check=False)
        if proc.returncode != 0:
            raise RuntimeError(f"scripts/cluster.sh {' '.join(args)} failed "
                               f"({proc.returncode}):\n{(proc.stdout + proc.stderr)[-3000:]}")
        return proc

    def up(self) -> dict[str, Any]:
        ports = [int(self.settings[k]) for k in PORT_KEYS]
        taken = [p for p in ports if listening(p)]
        if taken:
            raise RuntimeError(f"ports {taken} for the bench cluster are taken by another "
                               "process")
        wait_bindable(ports)
        t0 = time.perf_counter()
        try:
            self._sh("up", timeout=600)
        except RuntimeError as exc:
            # Another process's outgoing connection took a port between the check and the
            # service's bind ("address already in use"): wait for it, once.
            if "already in use" not in str(exc):
                raise
            logger.warning("a cluster port was taken meanwhile; starting the cluster again")
            self.down()
            wait_bindable(ports)
            t0 = time.perf_counter()
            self._sh("up", timeout=600)
        return {"cluster_up_s": round(time.perf_counter() - t0, 1)}

    def down(self) -> None:
        if (self.run_dir / "pids").exists():
            self._sh("down", timeout=120)

    def nginx_workers(self) -> set[int]:
        master = self.pids()["nginx"]
        return set(tree_pids(master)) - {master}

    def route_to(self, replicas: int) -> None:
        """nginx routes to `replicas` replicas. Returns once the workers started before
        the reload have exited: until then they would still take new connections with
        the old upstreams, and their CPU time would leave the count with them."""
        old = self.nginx_workers()
        self._sh("replicas", str(replicas))
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            now = self.nginx_workers()
            if now and not now & old:
                return
            time.sleep(0.05)
        logger.warning("nginx's workers from before the reload still run after 15 s")

    def running(self) -> list[str]:
        """The services whose pid file names a live process."""
        out = []
        for svc, pid in self.pids().items():
            try:
                os.kill(pid, 0)
            except ProcessLookupError:
                continue
            out.append(svc)
        return out

    def pids(self) -> dict[str, int]:
        return service_pids(self.run_dir, SERVICES)

    def postgres_pids(self) -> list[int]:
        """The PostgreSQL server processes connected to the cluster's two databases."""
        import psycopg

        dbs = [self.settings["PG_BACKEND_DB"], self.settings["PG_TRACKER_DB"]]
        with psycopg.connect(f"{PG_URL}/postgres", connect_timeout=5) as con:
            rows = con.execute("SELECT pid FROM pg_stat_activity WHERE datname = ANY(%s)",
                               (dbs,)).fetchall()
        return [int(r[0]) for r in rows]

    def cpu_snapshot(self) -> dict[str, float]:
        """CPU seconds so far: each service's process tree, PostgreSQL's processes for
        our databases (by pid: they live as long as the pools' connections), this
        process."""
        snap = {svc: cpu_seconds(pid) for svc, pid in self.pids().items()}
        for pid in self.postgres_pids():
            snap[f"pg:{pid}"] = cpu_seconds(pid)
        snap[GENERATOR] = time.process_time()
        return snap

    def log_tail(self, svc: str, n: int = 15) -> str:
        f = self.run_dir / "logs" / f"{svc}.log"
        if not f.exists():
            return ""
        return "\n".join(f.read_text(errors="replace").splitlines()[-n:])

    def log_offset(self) -> int:
        return self.access_log.stat().st_size if self.access_log.exists() else 0

    def routed_since(self, offset: int) -> dict[str, Any]:
        """Requests nginx answered since `offset` of its access log, by upstream: chat
        messages (/webhooks/...) per Rasa replica and action calls (/webhook) per action
        server; the upstream that answered is the last one nginx tried."""
        with self.access_log.open("rb") as fh:
            fh.seek(offset)
            text = fh.read().decode(errors="replace")
        messages: dict[str, int] = {}
        actions: dict[str, int] = {}
        failed = 0
        for line in text.splitlines():
            m = _UPSTREAM.search(line)
            if not m:
                continue
            last = m.group("upstream").split(",")[-1].strip()
            name = self.upstream_names.get(last, last or "none")
            if m.group("path").startswith("/webhooks/"):
                messages[name] = messages.get(name, 0) + 1
                failed += m.group("status") != "200"
            elif m.group("path") == "/webhook":
                actions[name] = actions.get(name, 0) + 1
        return {"messages": messages, "action_calls": actions, "failed_messages": failed}


def machine_jiffies() -> tuple[int, int]:
    """(busy, total) clock ticks of all CPUs since boot, from /proc/stat."""
    fields = [int(x) for x in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    idle = fields[3] + fields[4]  # idle, iowait
    total = sum(fields[:8])  # user nice system idle iowait irq softirq steal
    return total - idle, total


def machine_cores_busy(before: tuple[int, int], after: tuple[int, int]) -> float:
    """Cores busy between two machine_jiffies() readings, every process counted."""
    busy, total = after[0] - before[0], after[1] - before[1]
    return round((os.cpu_count() or 1) * busy / total, 2) if total else 0.0


def cpu_per_message(before: dict[str, float], after: dict[str, float], messages: int,
                    wall_s: float) -> dict[str, Any]:
    """CPU ms per message and cores used, per service, between two snapshots."""
    delta: dict[str, float] = {}
    for key, value in after.items():
        name = POSTGRES if key.startswith("pg:") else key
        # A connection opened during the window counts from zero; one closed during it
        # is lost (the pools keep theirs open, so that is rare).
        delta[name] = delta.get(name, 0.0) + max(0.0, value - before.get(key, 0.0))
    total = sum(delta.values())
    return {
        "cpu_s": {k: round(v, 3) for k, v in delta.items()},
        "cpu_ms_per_message": {k: round(1000 * v / messages, 2) if messages else None
                               for k, v in delta.items()},
        "cpu_ms_per_message_total": round(1000 * total / messages, 2) if messages else None,
        "cores_used": {k: round(v / wall_s, 2) for k, v in delta.items()},
        "cores_used_total": round(total / wall_s, 2),
    }


# ---- the anonymous visitor's conversation ---------------------------------------------

def visitor_script(run_id: str, tag: str) -> Script:
    """A visitor's conversation, a new one (new sender) every cycle: a greeting, FAQ
    answers, the which-application form (action server; the types are cached there),
    creating an account (the backend checks the username, creates the account, mails a
    link: two backend calls with writes), the mailing address (action server)."""

    async def new_conversation(ctx: UserCtx) -> str:
        cycle = ctx.data["cycle"] = ctx.data.get("cycle", 0) + 1
        ctx.sender = f"{ctx.data['base_sender']}-{cycle}"
        return "hello"

    async def username(ctx: UserCtx) -> str:
        return f"c{run_id}{tag}u{ctx.index}k{ctx.data['cycle']}"

    async def email(ctx: UserCtx) -> str:
        return f"{await username(ctx)}@bench.example.org"

    return Script(
        name="anonymous visitor",
        prelude=[],
        loop=[
            Turn(new_conversation, "smalltalk", expect=r"certification assistant"),
            Turn("what is an educator id?", "faq", expect=r"educator id"),
            Turn("which application do I need?", "form", expect=r"\?"),
            Turn(click(), "form"),
            Turn(click(), "form"),
            Turn(click(), "form", expect=r"recommend"),
            Turn("how long does processing take?", "faq", expect=r"weeks"),
            Turn("I want to create an account", "account", expect=r"username"),
            Turn(username, "account", expect=r"available"),
            Turn(email, "account", expect=r"is created"),
            Turn("where do I mail my transcripts?", "faq", expect=r"P\.O\. Box"),
            Turn("thanks", "smalltalk", expect=r"welcome"),
        ],
    )


def _ctx(base_sender: str, index: int) -> UserCtx:
    return UserCtx(index, base_sender, data={"base_sender": base_sender})


async def _warm(url: str, script: Script, sender: str) -> None:
    """One untimed conversation, so lazy initialisation is not charged to a level."""
    chat = ChatClient(url, max_connections=1)
    ctx = _ctx(sender, 0)
    try:
        for turn in script.loop:
            text = turn.text if isinstance(turn.text, str) else await turn.text(ctx)
            ctx.last_replies = await chat.say(ctx.sender, text)
    finally:
        await chat.aclose()


def run_level(cl: Cluster, replicas: int, users: int, seconds: float,
              run_id: str) -> dict[str, Any]:
    cl.route_to(replicas)
    tag = f"r{replicas}n{users}"
    script = visitor_script(run_id, tag)
    logger.info("cluster, %d replica(s): %d users for %.0f s", replicas, users, seconds)
    offset = cl.log_offset()
    before = cl.cpu_snapshot()
    machine_before = machine_jiffies()
    t0 = time.perf_counter()
    res = asyncio.run(closed_loop(cl.public, script, users, seconds,
                                  lambda i: _ctx(f"cl-{run_id}-{tag}-{i}", i)))
    wall = time.perf_counter() - t0
    machine_after = machine_jiffies()
    after = cl.cpu_snapshot()
    s = res.summary()
    routed = cl.routed_since(offset)
    s["replicas"] = replicas
    s["loadavg"] = round(os.getloadavg()[0], 2)
    s["routed"] = routed
    s["cpu_window_s"] = round(wall, 2)
    s.update(cpu_per_message(before, after, sum(routed["messages"].values()), wall))
    s["machine_cores_busy"] = machine_cores_busy(machine_before, machine_after)
    logger.info("cluster %d replica(s), %d users: %.1f msg/s p50 %s p95 %s errors %d "
                "unexpected %d; messages by replica %s; CPU ms/msg %s", replicas, users,
                s["throughput_msg_s"], s["p50_ms"], s["p95_ms"], s["errors"],
                s["unexpected_replies"], routed["messages"], s["cpu_ms_per_message_total"])
    if s["ok"] == 0:
        raise RuntimeError(f"cluster: no message succeeded with {replicas} replica(s) at "
                           f"{users} users: {s['error_samples']}")
    return s


def routing_problems(levels: list[dict[str, Any]]) -> list[str]:
    """A one-replica level must not reach replica b; a two-replica level must use both."""
    out = []
    for lv in levels:
        msgs = lv["routed"]["messages"]
        where = f"cluster {lv['replicas']} replica(s) at {lv['users']} users"
        if lv["replicas"] == 1 and (msgs.get("rasa-b") or lv["routed"]["action_calls"].get(
                "actions-b")):
            out.append(f"{where}: nginx sent requests to the b replicas ({lv['routed']})")
        if lv["replicas"] == 2 and not (msgs.get("rasa-a") and msgs.get("rasa-b")):
            out.append(f"{where}: nginx did not use both replicas ({msgs})")
    return out


def phase_cluster(levels: list[int], seconds: float, run_id: str,
                  results: dict[str, Any]) -> None:
    """Start the cluster, run each level with 1 and 2 replicas, stop it."""
    out: dict[str, Any] = results.setdefault("cluster", {})
    out.update({"level_seconds": seconds, "users": levels, "script": "anonymous visitor "
                "(bench/cluster.py: greeting, FAQ answers, which-application form, account "
                "creation, mailing address; a new conversation every 12 messages)",
                "cpus": os.cpu_count(), "levels": []})
    cl = Cluster()
    out["ports"] = {k: cl.settings[k] for k in PORT_KEYS}
    if cl.run_dir == Path(DEFAULTS["RUN_DIR"]):
        cl.down()  # a bench cluster left over from an interrupted run
    elif cl.running():
        raise RuntimeError(f"a cluster is running in {cl.run_dir} (RUN_DIR): stop it or "
                           "give the bench another RUN_DIR")
    try:
        out["startup"] = cl.up()
        out["startup"]["model"] = "models/current.tar.gz"
        script = visitor_script(run_id, "warm")
        for name, url in cl.replica_urls.items():
            asyncio.run(_warm(url, script, f"warm-{run_id}-{name}"))
        for i, users in enumerate(levels):
            for replicas in ((1, 2) if i % 2 == 0 else (2, 1)):
                out["levels"].append(run_level(cl, replicas, users, seconds, run_id))
        results["problems"].extend(routing_problems(out["levels"]))
    except Exception:
        for svc in SERVICES:
            tail = cl.log_tail(svc)
            if tail:
                logger.error("last lines of %s log:\n%s", svc, tail)
        raise
    finally:
        try:
            cl.down()
        except Exception as exc:
            results["problems"].append(f"cluster down failed: {exc}")

