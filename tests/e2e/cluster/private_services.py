"""A Redis and a PostgreSQL of the cluster tests' own, which the fault tests may stop.

The machine's Redis (6379) and PostgreSQL (5432) serve others and are never touched:
the session's cluster (conftest.py) runs on these instead, on `CLUSTER_REDIS_PORT`
(default 26379) and `CLUSTER_PG_PORT` (default 25432). Redis keeps nothing on disk; the
PostgreSQL cluster lives in a temporary directory removed at the end. PostgreSQL refuses to
run as root, so as root its commands run as the `postgres` user.
"""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

import psycopg


class PrivateRedis:
    def __init__(self, port: int, log: Path) -> None:
        self.port = port
        self.log = log
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        assert self.process is None or self.process.poll() is not None, "already running"
        with self.log.open("ab") as log:
            self.process = subprocess.Popen(
                ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1",
                 "--save", "", "--appendonly", "no"],
                stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
            )
        deadline = time.monotonic() + 10
        while not self.ping():
            if self.process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"redis-server on {self.port} did not start; see {self.log}")
            time.sleep(0.05)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)
        self.process = None

    def ping(self) -> bool:
        out = subprocess.run(["redis-cli", "-p", str(self.port), "ping"],
                             capture_output=True, text=True, timeout=5)
        return out.stdout.strip() == "PONG"


def _pg_binary(program: str) -> str:
    """initdb / pg_ctl from PATH, else from Debian's versioned directory."""
    found = shutil.which(program) or next(
        iter(sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{program}"), reverse=True)), None)
    if found is None:
        raise RuntimeError(f"{program} not found (PostgreSQL server binaries are needed)")
    return found


class PrivatePostgres:
    def __init__(self, port: int, log: Path) -> None:
        self.port = port
        self.log = log
        self.dir = Path(tempfile.mkdtemp(prefix="cluster-pg-"))
        self.data = self.dir / "data"
        self.url = f"postgresql://postgres@127.0.0.1:{port}"

    def _run(self, program: str, *args: str) -> None:
        as_postgres = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        subprocess.run([*as_postgres, _pg_binary(program), *args], check=True,
                       capture_output=True, timeout=60)

    def _pg_ctl(self, action: str, *extra: str) -> None:
        options = f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1 -c fsync=off"
        self._run("pg_ctl", "-D", str(self.data), "-l", str(self.dir / "postgres.log"),
                  "-w", "-t", "60", "-o", options, action, *extra)

    def init_and_start(self) -> None:
        if os.geteuid() == 0:
            shutil.chown(self.dir, "postgres")
        self._run("initdb", "-D", str(self.data), "-A", "trust", "-U", "postgres")
        self.start()

    def start(self) -> None:
        self._pg_ctl("start")

    def restart(self) -> None:
        """`pg_ctl restart -m fast`: every client connection is closed by the server."""
        self._pg_ctl("restart", "-m", "fast")

    def stop(self) -> None:
        if (self.data / "postmaster.pid").exists():
            self._pg_ctl("stop", "-m", "fast")

    def remove(self) -> None:
        self.stop()
        log = self.dir / "postgres.log"
        if log.exists():
            shutil.copyfile(log, self.log)
        shutil.rmtree(self.dir, ignore_errors=True)

    def ready(self) -> bool:
        try:
            with psycopg.connect(f"{self.url}/postgres", connect_timeout=2) as con:
                con.execute("SELECT 1")
            return True
        except psycopg.Error:
            return False
