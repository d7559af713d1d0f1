"""CPU seconds per message of each cluster process, for sizing (docs/deployment.md).

    make up-cluster && .venv/bin/python -m bench.cluster_cpu --users 20 --seconds 30

`make bench`'s cluster phase (bench/cluster.py) measures the same per load level, with
one and with two replicas, and uses `cpu_seconds` from here; this script is the quick
check against a cluster that is already running.

Runs a closed loop of `--users` users through nginx (each user: a greeting, two FAQ
questions, the first steps of the account form) and reads each process tree's CPU time
(user + system, /proc) before and after. Prints JSON: messages, msg/s, latency, and CPU
seconds per message per service.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import threading
import time
import uuid
from pathlib import Path

import httpx

from bench.procmem import tree_pids

ROOT = Path(__file__).resolve().parents[1]
SERVICES = ("nginx", "rasa-a", "rasa-b", "actions-a", "actions-b", "backend")
SCRIPT = ("hello", "how do I get fingerprinted?", "what does a substitute certificate need?",
          "I want to create an account")
TICKS = os.sysconf("SC_CLK_TCK")


def cpu_seconds(root_pid: int) -> float:
    total = 0
    for pid in tree_pids(root_pid):
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except (FileNotFoundError, IndexError):
            continue
        total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / TICKS


def snapshot(run_dir: Path) -> dict[str, float]:
    out = {}
    for svc in SERVICES:
        pidfile = run_dir / "pids" / f"{svc}.pid"
        if pidfile.exists():  # a cluster started with REPLICAS=1 has no b processes
            out[svc] = cpu_seconds(int(pidfile.read_text()))
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--users", type=int, default=20)
    ap.add_argument("--seconds", type=float, default=30)
    ap.add_argument("--url", default=f"http://127.0.0.1:{os.environ.get('PUBLIC_PORT', '28080')}")
    ap.add_argument("--run-dir", default=str(ROOT / os.environ.get("RUN_DIR", ".run/cluster")))
    args = ap.parse_args()
    latencies: list[float] = []
    lock = threading.Lock()
    stop_at = time.monotonic() + args.seconds

    def user(index: int) -> None:
        with httpx.Client(timeout=60) as client:
            n = 0
            while time.monotonic() < stop_at:
                sender = f"cpu-{uuid.uuid4().hex[:8]}-{index}-{n // len(SCRIPT)}"
                started = time.monotonic()
                client.post(f"{args.url}/webhooks/rest/webhook",
                            json={"sender": sender, "message": SCRIPT[n % len(SCRIPT)]})
                with lock:
                    latencies.append(time.monotonic() - started)
                n += 1

    before = snapshot(Path(args.run_dir))
    t0 = time.monotonic()
    threads = [threading.Thread(target=user, args=(i,)) for i in range(args.users)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.monotonic() - t0
    after = snapshot(Path(args.run_dir))
    count = len(latencies)
    latencies.sort()
    per_msg = {svc: round((after[svc] - before[svc]) / count * 1000, 1) for svc in before}
    print(json.dumps({
        "users": args.users, "seconds": round(elapsed, 1), "messages": count,
        "messages_per_second": round(count / elapsed, 1),
        "p50_ms": round(1000 * statistics.median(latencies)),
        "p95_ms": round(1000 * latencies[int(0.95 * (count - 1))]),
        "cpu_ms_per_message": per_msg,
        "cpu_ms_per_message_total": round(sum(per_msg.values()), 1),
    }, indent=2))


if __name__ == "__main__":
    main()
