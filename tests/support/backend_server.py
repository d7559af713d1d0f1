"""The one way tests start a real backend server: `python -m server serve` on a free port.

Used by the integration suites of both environments (the backend's on SQLite and
PostgreSQL, the action server's, the console's), so it needs only the standard library
and httpx. The database is migrated by the caller (each suite has its own way: in process,
or with the CLI); this module starts the process, waits until `ready_path` answers 200,
and stops the whole process group afterwards. A server that does not come up fails the
test run with the tail of its log: it never skips.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

import httpx

from tests.support.http import TLS
from tests.support.paths import BACKEND_PY, ROOT


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class RunningBackend:
    url: str
    port: int
    env: dict[str, str]
    process: subprocess.Popen[bytes]
    log_path: Path

    def stop(self, timeout: float = 20) -> None:
        stop_process(self.process, timeout)


def start_backend(env: dict[str, str], log_path: Path, *, port: int | None = None,
                  ready_path: str = "/health", timeout: float = 60) -> RunningBackend:
    """Serve the whole web process with `env` (DATABASE_URL and the rest) on `port`.

    PUBLIC_BASE_URL defaults to the server's own address."""
    port = port or free_port()
    url = f"http://127.0.0.1:{port}"
    env = {"PYTHONPATH": str(ROOT), "PUBLIC_BASE_URL": url, **env}
    log_path.parent.mkdir(parents=True, exist_ok=True)
    with log_path.open("ab") as log:
        proc = subprocess.Popen(
            [str(BACKEND_PY), "-m", "server", "serve", "--host", "127.0.0.1", "--port", str(port)],
            cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
        )
    deadline = time.monotonic() + timeout
    with httpx.Client(timeout=2, verify=TLS) as client:
        while True:
            try:
                if client.get(url + ready_path).status_code == 200:
                    return RunningBackend(url, port, env, proc, log_path)
            except httpx.HTTPError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                stop_process(proc)
                raise RuntimeError(f"the backend on {url} did not start:\n"
                                   + log_path.read_text(errors="replace")[-3000:])
            time.sleep(0.1)


def stop_process(proc: subprocess.Popen[bytes], timeout: float = 20) -> None:
    """SIGTERM, then SIGKILL if it has not exited within `timeout` seconds. A process
    started with `start_new_session=True` is stopped with its whole group (a server's
    workers and helper processes included)."""

    try:
        grouped = os.getpgid(proc.pid) == proc.pid
    except ProcessLookupError:
        grouped = False

    def send(sig: signal.Signals) -> None:
        try:
            if grouped:
                os.killpg(proc.pid, sig)  # the group outlives its leader
            elif proc.poll() is None:
                proc.send_signal(sig)
        except ProcessLookupError:
            pass

    send(signal.SIGTERM)
    try:
        proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        send(signal.SIGKILL)
        proc.wait(timeout=timeout)
    send(signal.SIGKILL)  # anything of the group still left once the leader has exited
