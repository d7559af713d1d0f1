"""Action tests run against a real backend started here (migrated SQLite, test mode)."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

ROOT = Path(__file__).resolve().parents[2]
BACKEND_PY = ROOT / ".venv" / "bin" / "python"
SERVICE_KEY = "action-tests-service-key"


_BACKEND_DB: dict[str, str] = {}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="session")
def backend_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    port = _free_port()
    tmp = tmp_path_factory.mktemp("backend")
    env = dict(os.environ)
    env.update({
        "APP_ENV": "test",
        "DATABASE_URL": f"sqlite:///{tmp / 'certification.db'}",
        "PUBLIC_BASE_URL": f"http://127.0.0.1:{port}",
        "SERVICE_API_KEY": SERVICE_KEY,
        "PYTHONPATH": str(ROOT),
        "LOG_DIR": str(tmp / "logs"),
    })
    subprocess.run([str(BACKEND_PY), "-m", "backend.cli", "migrate"], cwd=ROOT, env=env,
                   check=True, capture_output=True, timeout=120)
    log = open(tmp / "backend.log", "wb")  # noqa: SIM115
    proc = subprocess.Popen(
        [str(BACKEND_PY), "-m", "backend", "serve", "--host", "127.0.0.1", "--port", str(port)],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    url = f"http://127.0.0.1:{port}"
    _BACKEND_DB[url] = env["DATABASE_URL"]
    deadline = time.monotonic() + 60
    while True:
        try:
            if httpx.get(f"{url}/health", timeout=1).status_code == 200:
                break
        except httpx.HTTPError:
            pass
        if proc.poll() is not None or time.monotonic() > deadline:
            proc.kill()
            raise RuntimeError((tmp / "backend.log").read_text()[-3000:])
        time.sleep(0.3)
    old = {k: os.environ.get(k) for k in ("BACKEND_URL", "SERVICE_API_KEY")}
    os.environ["BACKEND_URL"] = url
    os.environ["SERVICE_API_KEY"] = SERVICE_KEY
    try:
        yield url
    finally:
        for k, v in old.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()


@pytest.fixture(scope="session")
def staff_token(backend_url: str) -> str:
    """A help-desk staff member's bearer token (for reading the handoff queue)."""
    from tests.pii import PASSWORDS

    username = unique("hd")
    env = dict(os.environ, STAFF_PW=PASSWORDS[1], PYTHONPATH=str(ROOT))
    env["DATABASE_URL"] = _BACKEND_DB[backend_url]
    subprocess.run([str(BACKEND_PY), "-m", "backend.cli", "create-staff", "--username",
                    username, "--email", f"{username}@example.org", "--role", "helpdesk",
                    "--password-env", "STAFF_PW"], cwd=ROOT, env=env, check=True,
                   capture_output=True, timeout=120)
    r = httpx.post(f"{backend_url}/api/v1/auth/token",
                   json={"username": username, "password": PASSWORDS[1]}, timeout=10)
    r.raise_for_status()
    return str(r.json()["access_token"])


@pytest.fixture(scope="session")
def domain() -> dict[str, Any]:
    from rasa.shared.core.domain import Domain

    return Domain.from_directory(str(ROOT / "bot" / "domain")).as_dict()


def outbox(backend_url: str, email: str) -> list[dict[str, Any]]:
    r = httpx.get(f"{backend_url}/dev/outbox", params={"to": email}, timeout=10)
    r.raise_for_status()
    return list(r.json()["messages"])


def mail_match(backend_url: str, email: str, pattern: str, timeout: float = 10) -> re.Match[str]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for msg in outbox(backend_url, email):
            m = re.search(pattern, msg["body"])
            if m:
                return m
        time.sleep(0.2)
    raise AssertionError(f"no mail matching {pattern!r}")


def unique(prefix: str) -> str:
    return f"{prefix}{uuid.uuid4().hex[:8]}"


sys.path.insert(0, str(ROOT))
