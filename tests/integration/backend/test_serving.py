"""Serving with several worker processes (`backend.serving`): each worker accepts on its
own SO_REUSEPORT socket, the port is never shared with another server, and the
supervisor never leaves a worker behind."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from backend.serving import worker_pids
from tests.support.backend_server import free_port, stop_process
from tests.support.http import TLS

ROOT = Path(__file__).resolve().parents[3]


def _start(port: int, workers: int) -> subprocess.Popen[bytes]:
    return subprocess.Popen([sys.executable, "-m", "tests.integration.backend.pid_app", str(port),
                             str(workers)], cwd=ROOT, start_new_session=True,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT)


def _pid_of_fresh_connection(port: int) -> int:
    with httpx.Client(verify=TLS, timeout=5) as client:  # a new connection each time
        return int(client.get(f"http://127.0.0.1:{port}/pid").json()["pid"])


def _wait_ready(proc: subprocess.Popen[bytes], port: int, workers: int) -> None:
    deadline = time.monotonic() + 60
    while True:
        assert proc.poll() is None, proc.stdout.read().decode() if proc.stdout else ""
        if len(worker_pids(proc.pid)) == workers:
            try:
                _pid_of_fresh_connection(port)
                return
            except httpx.HTTPError:
                pass
        assert time.monotonic() < deadline, "the server did not start"
        time.sleep(0.2)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    stat = Path(f"/proc/{pid}/stat")
    return stat.exists() and stat.read_text().rsplit(")", 1)[1].split()[0] != "Z"


@pytest.fixture
def two_workers() -> Iterator[tuple[subprocess.Popen[bytes], int]]:
    port = free_port()
    proc = _start(port, 2)
    try:
        _wait_ready(proc, port, 2)
        yield proc, port
    finally:
        stop_process(proc)


def test_connections_spread_over_every_worker(
        two_workers: tuple[subprocess.Popen[bytes], int]) -> None:
    proc, port = two_workers
    workers = set(worker_pids(proc.pid))
    seen = {_pid_of_fresh_connection(port) for _ in range(24)}
    # The kernel hashes each connection to one worker's socket: with 24 connections,
    # all on one worker has a chance of 2 in 2**24.
    assert seen == workers


def test_a_second_server_on_a_taken_port_is_refused(
        two_workers: tuple[subprocess.Popen[bytes], int]) -> None:
    _, port = two_workers
    second = _start(port, 2)
    out, _ = second.communicate(timeout=60)
    assert second.returncode != 0
    assert b"Address already in use" in out
    assert not worker_pids(second.pid)


def test_sigterm_stops_the_supervisor_and_every_worker(
        two_workers: tuple[subprocess.Popen[bytes], int]) -> None:
    proc, _ = two_workers
    workers = worker_pids(proc.pid)
    proc.send_signal(signal.SIGTERM)
    assert proc.wait(timeout=30) == 0
    deadline = time.monotonic() + 10
    while any(_alive(w) for w in workers) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not any(_alive(w) for w in workers)


def test_when_a_worker_dies_the_others_stop_and_the_supervisor_fails(
        two_workers: tuple[subprocess.Popen[bytes], int]) -> None:
    proc, _ = two_workers
    first, second = worker_pids(proc.pid)
    os.kill(first, signal.SIGKILL)
    assert proc.wait(timeout=30) != 0
    deadline = time.monotonic() + 10
    while _alive(second) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not _alive(second)
