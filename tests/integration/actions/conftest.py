"""Action tests run against a real backend started here (migrated SQLite, test mode)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from tests.integration.conftest import RunningBackends
from tests.support.paths import BACKEND_PY, ROOT

SERVICE_KEY = "action-tests-service-key"

_BACKEND_DB: dict[str, str] = {}


@pytest.fixture(scope="session")
def backend_url(tmp_path_factory: pytest.TempPathFactory,
                running_backends: RunningBackends) -> Iterator[str]:
    tmp = tmp_path_factory.mktemp("backend")
    env = dict(os.environ)
    env.pop("PUBLIC_BASE_URL", None)
    env.update({
        "APP_ENV": "test",
        "DATABASE_URL": f"sqlite:///{tmp / 'certification.db'}",
        "SERVICE_API_KEY": SERVICE_KEY,
        "PYTHONPATH": str(ROOT),
        "LOG_DIR": str(tmp / "logs"),
    })
    subprocess.run([str(BACKEND_PY), "-m", "backend.cli", "migrate"], cwd=ROOT, env=env,
                   check=True, capture_output=True, timeout=120)
    running = running_backends.start(env, tmp / "backend.log")
    url = running.url
    _BACKEND_DB[url] = env["DATABASE_URL"]
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


@pytest.fixture(scope="session")
def staff_token(backend_url: str) -> str:
    """A help-desk staff member's bearer token (for reading the handoff queue)."""
    from tests.typed_secrets import PASSWORDS

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
