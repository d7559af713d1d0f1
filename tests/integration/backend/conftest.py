"""Backend API tests run against a real server process, once on SQLite and once on PostgreSQL.

Each database gets one `python -m server serve` (the whole web process: API, console,
chat page) for the session (migrated first, and seeded with staff users through the CLI).
The `api` fixture is parametrized over both, so every API test runs twice. Data is kept
at the end for `tests/scans`.
"""

from __future__ import annotations

import functools
import itertools
import json
import logging
import os
import subprocess
import sys
import threading
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import Engine

from tests.integration.conftest import RunningBackends
from tests.support.http import TLS
from tests.typed_secrets import DOBS, PASSWORDS, SSNS, record_secret

ROOT = Path(__file__).resolve().parents[3]
RUN = ROOT / ".run" / "test"
LOG_DIR = RUN / "logs"
DATA_DIR = RUN / "backend"
MANIFEST = RUN / "backend-databases.json"
PG_ADMIN_DSN = "host=127.0.0.1 port=5432 user=postgres dbname=test"
# TEST_PG_DB lets two checkouts run the suite side by side on one PostgreSQL server.
PG_DB = os.environ.get("TEST_PG_DB", "cert_backend_test")
SQLITE_PATH = DATA_DIR / "certification-sqlite.db"
SERVICE_KEY = "test-service-key-0123456789"
STAFF_PASSWORD = PASSWORDS[2]

DB_URLS = {
    "sqlite": f"sqlite:///{SQLITE_PATH.as_posix()}",
    "postgres": f"postgresql://postgres@127.0.0.1:5432/{PG_DB}",
}


def pytest_configure(config: pytest.Config) -> None:
    LOG_DIR.mkdir(parents=True, exist_ok=True)
    handler = logging.FileHandler(LOG_DIR / "backend-tests.log", encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    for name in ("sanic", "sqlalchemy", "sqlalchemy.engine", "httpx", "backend"):
        logging.getLogger(name).setLevel(logging.DEBUG)




def _reset_postgres() -> None:
    import psycopg

    try:
        with psycopg.connect(PG_ADMIN_DSN, autocommit=True) as conn:
            exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s",
                                  (PG_DB,)).fetchone()
            if not exists:
                conn.execute(f'CREATE DATABASE "{PG_DB}"')
        with psycopg.connect(f"host=127.0.0.1 port=5432 user=postgres dbname={PG_DB}",
                             autocommit=True) as conn:
            conn.execute("DROP SCHEMA IF EXISTS public CASCADE")
            conn.execute("CREATE SCHEMA public")
    except psycopg.OperationalError as exc:
        pytest.fail(f"PostgreSQL on 127.0.0.1:5432 is needed for the backend suite: {exc}")


_MIGRATE_LOCK = threading.Lock()


def _migrate(database_url: str) -> None:
    """Alembic upgrade head, in this process (the CLI's `migrate` has its own test).

    Alembic keeps its migration context in module globals, so one migration at a time."""
    from backend.migrate import upgrade

    with _MIGRATE_LOCK:
        upgrade(database_url)


def _remember(name: str, url: str) -> None:
    MANIFEST.parent.mkdir(parents=True, exist_ok=True)
    data = json.loads(MANIFEST.read_text()) if MANIFEST.exists() else {}
    data[name] = url
    MANIFEST.write_text(json.dumps(data, indent=2))


@dataclass
class Server:
    name: str
    url: str
    database_url: str
    env: dict[str, str]
    process: subprocess.Popen[bytes]
    ssns: Iterator[int] = field(default_factory=lambda: itertools.count())
    staff_tokens: dict[str, str] = field(default_factory=dict)
    _engine: Engine | None = None

    def next_ssn(self) -> str:
        index = next(self.ssns)
        assert index < len(SSNS), "tests used more SSNs than tests/typed_secrets.py provides"
        return SSNS[index]

    def cli(self, *args: str, extra_env: dict[str, str] | None = None,
            expect: int = 0) -> str:
        result = subprocess.run(
            [sys.executable, "-m", "backend.cli", *args], cwd=ROOT,
            env={**self.env, **(extra_env or {})}, capture_output=True, text=True, timeout=120,
        )
        with (LOG_DIR / f"backend-cli-{self.name}.log").open("a", encoding="utf-8") as fh:
            fh.write(result.stdout + result.stderr)
        assert result.returncode == expect, result.stderr[-2000:]
        return result.stdout + result.stderr

    @property
    def engine(self) -> Engine:
        if self._engine is None:
            from backend.adapters.db import sync_url

            self._engine = create_engine(sync_url(self.database_url))
        return self._engine

    def sql(self, query: str, **params: Any) -> list[Any]:
        with self.engine.connect() as conn:
            return list(conn.execute(text(query), params).all())


def _start(running_backends: RunningBackends, name: str) -> Server:
    database_url = DB_URLS[name]
    if name == "sqlite":
        DATA_DIR.mkdir(parents=True, exist_ok=True)
        for suffix in ("", "-wal", "-shm"):
            Path(str(SQLITE_PATH) + suffix).unlink(missing_ok=True)
    else:
        _reset_postgres()
    _remember(name, database_url)
    env = {
        **os.environ,
        "APP_ENV": "test",
        "DATABASE_URL": database_url,
        "SERVICE_API_KEY": SERVICE_KEY,
        "SECRET_KEY": "test-secret-key-0123456789",
        "SSN_HMAC_KEY": "test-ssn-hmac-key-0123456789",
        "SSN_ENCRYPTION_KEY": "test-ssn-encryption-key-0123456789",
        "LOG_LEVEL": "DEBUG",
        "LOG_SQL": "true",
        "LOG_DIR": str(LOG_DIR),
        "RATE_AUTH_PER_CLIENT": "30",
    }
    env.pop("SMTP_HOST", None)
    env.pop("PUBLIC_BASE_URL", None)
    _migrate(database_url)
    try:
        running = running_backends.start(env, LOG_DIR / f"backend-server-{name}.log")
    except RuntimeError as exc:
        pytest.fail(f"backend server ({name}) did not start: {exc}")
    url, env, proc = running.url, running.env, running.process
    server = Server(name=name, url=url, database_url=database_url, env=env, process=proc)
    _create_staff(server)
    return server


def _create_staff(server: Server) -> None:
    """Staff users for the tests, written directly (the CLI has its own test)."""
    for role in ("helpdesk", "certification", "district"):
        create_staff_user(server, f"tst.{role}", role)


@functools.cache
def _staff_password_hash() -> str:
    from backend.adapters.security import hash_password

    return hash_password(STAFF_PASSWORD)


def create_staff_user(server: Server, username: str, role: str) -> None:
    """An active staff user with `STAFF_PASSWORD`, inserted into the server's database."""
    from datetime import UTC, datetime

    with server.engine.begin() as conn:
        conn.execute(text(
            "INSERT INTO accounts (username, username_normalized, email, email_normalized, "
            "password_hash, state, role, failed_attempts, created_at) VALUES "
            "(:u, :u, :e, :e, :h, 'active', :r, 0, :now)"),
            {"u": username, "e": f"{username}@example.org", "h": _staff_password_hash(),
             "r": role, "now": datetime.now(UTC)})


_SERVERS: dict[str, Server] = {}


@pytest.fixture(scope="session")
def servers(running_backends: RunningBackends) -> Iterator[dict[str, Server]]:
    """The session's servers by database; `running_backends` stops them at the end."""
    yield _SERVERS
    for server in _SERVERS.values():
        if server._engine is not None:
            server._engine.dispose()


BACKENDS = [pytest.param("sqlite", id="sqlite"),
            pytest.param("postgres", id="postgres", marks=pytest.mark.postgres)]


@pytest.fixture(params=BACKENDS)
def server(request: pytest.FixtureRequest, servers: dict[str, Server],
           running_backends: RunningBackends) -> Server:
    name = request.param
    if name not in servers:
        # Start every backend the session will use at once: startup is mostly waiting.
        wanted = {item.callspec.params.get("server") for item in request.session.items
                  if hasattr(item, "callspec")} & set(DB_URLS)
        names = sorted((wanted | {name}) - set(servers))
        with ThreadPoolExecutor(max_workers=len(names)) as pool:
            started = dict(zip(names, pool.map(functools.partial(_start, running_backends),
                                               names), strict=True))
        servers.update(started)
    return servers[name]


class Api(httpx.Client):
    """An HTTP client for one server, identified as its own client (conversation)."""

    server: Server

    def __init__(self, **kwargs: Any) -> None:
        # Tests make many clients: each shares one TLS context (tests/support/http.py).
        super().__init__(**{"verify": TLS, **kwargs})

    def outbox(self, email: str) -> list[dict[str, Any]]:
        resp = self.get("/dev/outbox", params={"to": email})
        assert resp.status_code == 200
        return list(resp.json()["messages"])

    def as_token(self, token: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {token}"}


@pytest.fixture
def api(server: Server) -> Iterator[Api]:
    client = Api(base_url=server.url, timeout=60,
                 headers={"X-Service-Key": SERVICE_KEY, "X-Client-Id": f"t-{uuid.uuid4().hex}"})
    client.server = server
    with client:
        yield client


def unique_username(prefix: str = "u") -> str:
    return f"{prefix}{uuid.uuid4().hex[:12]}"


@dataclass
class Educator:
    username: str
    email: str
    password: str
    token: str
    headers: dict[str, str]
    ssn: str | None = None
    dob: str | None = None
    educator_id: str | None = None


def make_educator(api: Api, *, access: bool = True, link: bool = False,
                  password: str | None = None) -> Educator:
    """A new educator, signed in. Without a password it signs in by one-time code, which
    keeps the suite fast (no argon2 work on a busy machine)."""
    username = unique_username()
    email = f"{username}@example.org"
    body = {"username": username, "email": email}
    if password:
        body["password"] = password
    # Each educator signs up from a conversation of its own, as in the chat (account
    # creation is rate-limited per client).
    resp = api.post("/api/v1/accounts", json=body,
                    headers={"X-Client-Id": f"t-{uuid.uuid4().hex}"})
    assert resp.status_code == 201, resp.text
    if password:
        resp = api.post("/api/v1/auth/token", json={"username": username, "password": password})
    else:
        assert api.post("/api/v1/auth/code", json={"username": username}).status_code == 202
        resp = api.post("/api/v1/auth/code/verify",
                        json={"username": username, "code": latest_code(api, email)})
    assert resp.status_code == 200, resp.text
    token = resp.json()["access_token"]
    edu = Educator(username, email, password or "", token, api.as_token(token))
    if access or link:
        assert api.post("/api/v1/me/access", headers=edu.headers).status_code == 201
    if link:
        edu.ssn, edu.dob = api.server.next_ssn(), DOBS[0]
        resp = api.post("/api/v1/me/link", headers=edu.headers,
                        json={"ssn": edu.ssn, "date_of_birth": edu.dob})
        assert resp.status_code == 201, resp.text
        edu.educator_id = resp.json()["educator_id"]
    return edu


def staff_headers(api: Api, role: str) -> dict[str, str]:
    server = api.server
    if role not in server.staff_tokens:
        resp = api.post("/api/v1/auth/token",
                        json={"username": f"tst.{role}", "password": STAFF_PASSWORD})
        assert resp.status_code == 200, resp.text
        server.staff_tokens[role] = resp.json()["access_token"]
    return api.as_token(server.staff_tokens[role])


def latest_code(api: Api, email: str) -> str:
    import re

    messages = api.outbox(email)
    assert messages, "no mail in the outbox"
    match = re.search(r"\b(\d{6})\b", messages[0]["body"])
    assert match, "no code in the newest message"
    code = match.group(1)
    record_secret("code", code)
    return code


def assert_error(resp: httpx.Response, status: int, code: str) -> dict[str, Any]:
    assert resp.status_code == status, f"{resp.status_code} {resp.text}"
    body = resp.json()
    assert set(body) == {"error"}
    assert body["error"]["code"] == code, body
    assert isinstance(body["error"]["message"], str) and body["error"]["message"]
    return dict(body["error"])
