"""Several backend processes and workers on one database share one set of rate limits.

A second backend (`BACKEND_WORKERS=2`) is started on the session server's database, so
attempts spread over three server processes. Attempts counted anywhere count everywhere,
including under concurrency, and the stored keys give away no username.
"""

from __future__ import annotations

import subprocess
import time
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest

from backend.serving import worker_pids
from tests.integration.backend.conftest import (
    LOG_DIR,
    Api,
    Server,
    assert_error,
)
from tests.integration.conftest import RunningBackends
from tests.support.backend_server import RunningBackend
from tests.support.http import TLS

CODE = "/api/v1/auth/code"
LIMIT = 5  # Settings.rate_code_per_account


_STARTED: dict[str, RunningBackend] = {}


@pytest.fixture(scope="module", autouse=True)
def _stop_second_backends() -> Iterator[None]:
    yield
    for running in _STARTED.values():
        running.stop()
    _STARTED.clear()


@pytest.fixture
def second_backend(server: Server,
                   running_backends: RunningBackends) -> tuple[str, subprocess.Popen[bytes]]:
    """A two-worker backend on the session server's database (one per database)."""
    if server.name in _STARTED:
        return _STARTED[server.name].url, _STARTED[server.name].process
    env = {k: v for k, v in server.env.items() if k != "PUBLIC_BASE_URL"}
    running = running_backends.start({**env, "BACKEND_WORKERS": "2"},
                                     LOG_DIR / f"backend-server-{server.name}-workers.log",
                                     timeout=90)
    _STARTED[server.name] = running
    deadline = time.time() + 90
    while len(worker_pids(running.process.pid)) < 2:
        assert running.process.poll() is None, "the two-worker backend exited"
        assert time.time() < deadline, "the two-worker backend did not start its workers"
        time.sleep(0.3)
    return running.url, running.process


def _ask_code(base_url: str, username: str) -> httpx.Response:
    # A fresh connection (and client identity) each time: the kernel picks the worker.
    with httpx.Client(verify=TLS, base_url=base_url, timeout=60,
                      headers={"X-Client-Id": f"t-{uuid.uuid4().hex}"}) as fresh:
        return fresh.post(CODE, json={"username": username})


def test_code_requests_counted_on_any_process_count_on_every_process(
        api: Api, second_backend: tuple[str, subprocess.Popen[bytes]]) -> None:
    url, proc = second_backend
    assert len(worker_pids(proc.pid)) == 2
    username = f"nobody{uuid.uuid4().hex[:10]}"
    for i in range(LIMIT):
        resp = _ask_code(url if i % 2 else api.server.url, username)
        assert resp.status_code == 202, resp.text
    assert_error(_ask_code(api.server.url, username), 429, "rate_limited")
    refused = _ask_code(url, username)
    err = assert_error(refused, 429, "rate_limited")
    assert 0 < err["details"]["retry_after_seconds"] <= 15 * 60
    stored = [row[0] for row in api.server.sql("SELECT key_hash FROM rate_limit_hits")]
    assert stored and not any(username in key for key in stored)
    assert all(len(key) == 64 for key in stored)


def test_racing_requests_over_every_process_take_exactly_the_limit(
        api: Api, second_backend: tuple[str, subprocess.Popen[bytes]]) -> None:
    url, _ = second_backend
    username = f"nobody{uuid.uuid4().hex[:10]}"
    targets = [url, api.server.url] * 6
    with ThreadPoolExecutor(max_workers=len(targets)) as pool:
        statuses = sorted(r.status_code for r in pool.map(
            lambda base: _ask_code(base, username), targets))
    assert statuses == [202] * LIMIT + [429] * (len(targets) - LIMIT)
