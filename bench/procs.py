"""Start and stop benchmark-owned processes (in their own session) and wait for readiness."""

from __future__ import annotations

import logging
import os
import signal
import subprocess
import time
from pathlib import Path

import httpx

logger = logging.getLogger(__name__)

ROOT = Path(__file__).resolve().parents[1]
WORK = ROOT / "bench" / "work"
RASA_BIN = ROOT / ".venv-rasa" / "bin" / "rasa"
VENV_PY = ROOT / ".venv" / "bin" / "python"


def quiet_env(**extra: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        {
            "RASA_TELEMETRY_ENABLED": "false",
            "TF_CPP_MIN_LOG_LEVEL": "3",
            "SQLALCHEMY_SILENCE_UBER_WARNING": "1",
            "PYTHONPATH": str(ROOT),
        }
    )
    env.update(extra)
    return env


class Managed:
    """A child process in its own session, so stopping it stops its children too."""

    def __init__(self, name: str, cmd: list[str], cwd: Path, log: Path,
                 env: dict[str, str] | None = None) -> None:
        self.name, self.cmd, self.cwd, self.log = name, cmd, cwd, log
        self.env = env or quiet_env()
        self.proc: subprocess.Popen[bytes] | None = None
        self.started_at = 0.0

    def start(self) -> Managed:
        self.log.parent.mkdir(parents=True, exist_ok=True)
        fh = self.log.open("ab")
        logger.info("starting %s: %s", self.name, " ".join(self.cmd))
        self.started_at = time.perf_counter()
        self.proc = subprocess.Popen(
            self.cmd, cwd=self.cwd, env=self.env, stdout=fh, stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL, start_new_session=True,
        )
        fh.close()
        return self

    @property
    def pid(self) -> int:
        assert self.proc is not None
        return self.proc.pid

    def alive(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def wait_http(self, url: str, timeout: float = 180.0) -> float:
        """Poll ``url`` until it answers 2xx; seconds since start. Raises if it died."""
        deadline = time.perf_counter() + timeout
        while time.perf_counter() < deadline:
            if not self.alive():
                raise RuntimeError(f"{self.name} exited; see {self.log}")
            try:
                if httpx.get(url, timeout=2.0).is_success:
                    return time.perf_counter() - self.started_at
            except httpx.HTTPError:
                pass
            time.sleep(0.2)
        raise TimeoutError(f"{self.name} not ready at {url} after {timeout:.0f}s; see {self.log}")

    def stop(self) -> None:
        if self.proc is None or self.proc.poll() is not None:
            return
        logger.info("stopping %s", self.name)
        try:
            os.killpg(self.proc.pid, signal.SIGTERM)
        except ProcessLookupError:
            return
        try:
            self.proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait(timeout=5)


def service_pids(run_dir: Path, services: tuple[str, ...] | list[str]) -> dict[str, int]:
    """The pids scripts/stack.sh (or cluster.sh) wrote for the services that are running."""
    out = {}
    for svc in services:
        f = run_dir / "pids" / f"{svc}.pid"
        if f.exists():
            out[svc] = int(f.read_text().strip())
    return out


def port_free(port: int) -> bool:
    import socket

    with socket.socket() as s:
        try:
            s.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True
