"""The cluster phase's bookkeeping and report (bench/cluster.py, bench/report.py), without
a cluster: `make bench-smoke` runs these instead of starting one (~30 s)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from bench import cluster, report


def _line(request: str, status: int, upstream: str) -> str:
    """A line of nginx's `cluster` log format (deploy/nginx.conf.template)."""
    return (f'127.0.0.1 [06/Dec/2026:06:09:03 +0000] 28490 "{request}" {status} 583 0.147 '
            f'upstream={upstream}\n')


REST = "POST /webhooks/rest/webhook"
LOG = "".join([
    _line(REST, 200, "127.0.0.1:25490"),
    _line("POST /webhook", 200, "127.0.0.1:25493"),
    _line(REST, 200, "127.0.0.1:25491, 127.0.0.1:25490"),  # retried on the other replica
    _line(REST, 502, "127.0.0.1:25491"),
    _line("GET /nginx-health", 200, "-"),
    # a socket.io request (the `socketio` format) is not a chat message over REST
    '127.0.0.1 [06/Dec/2026:06:09:04 +0000] 28490 "GET /socket.io/" 101 0 12.0 '
    'upstream=127.0.0.1:25490 transport=websocket sid=abc\n',
])


@pytest.fixture
def bench_cluster(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> cluster.Cluster:
    for key in cluster.DEFAULTS:
        monkeypatch.delenv(key, raising=False)
    monkeypatch.setenv("RUN_DIR", str(tmp_path))
    (tmp_path / "nginx").mkdir()
    return cluster.Cluster()


def test_routed_counts_the_upstream_that_answered(bench_cluster: cluster.Cluster) -> None:
    log = bench_cluster.access_log
    log.write_text("old line, before the level\n")
    offset = bench_cluster.log_offset()
    with log.open("a") as fh:
        fh.write(LOG)
    routed = bench_cluster.routed_since(offset)
    # The retried message counts for the replica that answered it (the last one tried).
    assert routed["messages"] == {"rasa-a": 2, "rasa-b": 1}
    assert routed["action_calls"] == {"actions-b": 1}
    assert routed["failed_messages"] == 1


def test_cpu_per_message_sums_postgres_and_counts_new_connections() -> None:
    before = {"rasa-a": 10.0, "pg:1": 1.0, "load generator": 5.0}
    after = {"rasa-a": 12.0, "pg:1": 1.5, "pg:2": 0.5, "load generator": 5.5}
    got = cluster.cpu_per_message(before, after, messages=100, wall_s=4.0)
    assert got["cpu_ms_per_message"] == {"rasa-a": 20.0, "postgresql": 10.0,
                                         "load generator": 5.0}
    assert got["cpu_ms_per_message_total"] == 35.0
    assert got["cores_used"]["rasa-a"] == 0.5
    assert got["cores_used_total"] == 0.88


def _level(replicas: int, users: int, thr: float, split: dict[str, int],
           cpu_s: dict[str, float], wall: float = 25.0) -> dict[str, Any]:
    msgs = sum(split.values())
    lv: dict[str, Any] = {
        "replicas": replicas, "users": users, "throughput_msg_s": thr, "p50_ms": 300.0,
        "p95_ms": 600.0, "errors": 0, "unexpected_replies": 0, "loadavg": 2.5,
        "routed": {"messages": split, "action_calls": {}, "failed_messages": 0},
    }
    before = {k: 0.0 for k in cpu_s}
    lv.update(cluster.cpu_per_message(before, cpu_s, msgs, wall))
    lv["machine_cores_busy"] = 2.0
    return lv


def _results() -> dict[str, Any]:
    one_cpu = {"nginx": 0.5, "rasa-a": 24.0, "actions-a": 2.0, "backend": 2.0,
               "postgresql": 1.5, "load generator": 3.0}
    two_cpu = {"nginx": 0.6, "rasa-a": 18.0, "rasa-b": 18.0, "actions-a": 1.2,
               "actions-b": 1.2, "backend": 2.5, "postgresql": 2.0, "load generator": 3.5}
    return {"cluster": {
        "level_seconds": 25.0, "users": [30], "cpus": 2, "script": "anonymous visitor",
        "startup": {"cluster_up_s": 20.0},
        "levels": [_level(1, 30, 40.0, {"rasa-a": 1000}, one_cpu),
                   _level(2, 30, 50.0, {"rasa-a": 620, "rasa-b": 630}, two_cpu)],
    }}


def test_report_table_has_the_ratios_and_what_limits_them() -> None:
    text = "\n".join(report.render_cluster(_results()["cluster"]))
    assert "| 30 | 40.0 | 50.0 | **1.25** |" in text
    assert "620 / 630" in text
    assert "What limits the ratio" in text and "2 cores" in text
    # 2.0 cores busy, 1.88 of them ours: other work left 1.9 cores
    assert "the 1.9 cores other work left" in text
    assert "costs Rasa more with two replicas" in text
    assert "larger share" not in text  # other work took 0.12 core only
    assert "| rasa-b | — | 14.4 |" in text  # not routed with one replica


def test_report_says_when_two_replicas_won_a_larger_share_of_a_busy_machine() -> None:
    c = _results()["cluster"]
    for lv in c["levels"]:
        lv["machine_cores_busy"] = 2.0
        lv["cores_used_total"] = 0.5 if lv["replicas"] == 1 else 0.8
    assert "larger share" in report.cluster_limits(c)


def test_sizing_groups_services_and_leaves_the_generator_out() -> None:
    sizing = report.cluster_sizing(_results()["cluster"])
    # (24 + 18 + 18) CPU-s of Rasa over 2,250 messages
    assert sizing["Rasa (all replicas)"] == pytest.approx(26.7, abs=0.05)
    assert set(sizing) == {"nginx", "Rasa (all replicas)", "action servers", "backend",
                           "PostgreSQL"}


def test_routing_problems() -> None:
    levels = _results()["cluster"]["levels"]
    assert cluster.routing_problems(levels) == []
    levels[0]["routed"]["messages"]["rasa-b"] = 3
    levels[1]["routed"]["messages"].pop("rasa-b")
    problems = cluster.routing_problems(levels)
    assert len(problems) == 2


def test_smoke_run_says_why_there_is_no_cluster_table() -> None:
    text = "\n".join(report.render_cluster({"note": "not run in smoke runs"}))
    assert "not run in smoke runs" in text
