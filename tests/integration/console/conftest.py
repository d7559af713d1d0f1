"""A real backend server (with the console) on a temporary SQLite database and a
tracker store full of realistic Rasa events; a stub of Rasa's HTTP API records replies."""

from __future__ import annotations

import json
import os
import re
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import create_engine
from sqlalchemy.orm import Session

from backend.adapters.models import Account, EducatorProfile, Handoff
from backend.adapters.security import hash_password
from backend.migrate import upgrade
from tests.integration.conftest import RunningBackends
from tests.integration.console.fixtures import write_tracker_db

ROOT = Path(__file__).resolve().parents[3]
PASSWORD = "Console-Test-Pass-42"
USERS = {
    "helpdesk1": "helpdesk",
    "certstaff": "certification",
    "adminuser": "admin",
    "educator1": "educator",
    "district1": "district",
    "lockme": "helpdesk",
}


@dataclass
class RasaStub:
    url: str
    calls: list[dict[str, Any]] = field(default_factory=list)


@pytest.fixture(scope="session")
def rasa_stub() -> Iterator[RasaStub]:
    calls: list[dict[str, Any]] = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802
            length = int(self.headers.get("content-length") or 0)
            body = json.loads(self.rfile.read(length) or b"null")
            calls.append({"path": self.path, "body": body})
            payload = json.dumps({"events": body}).encode()
            self.send_response(200)
            self.send_header("content-type", "application/json")
            self.send_header("content-length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield RasaStub(f"http://127.0.0.1:{server.server_address[1]}", calls)
    finally:
        server.shutdown()


@dataclass
class Console:
    url: str
    db_url: str
    tracker_path: Path
    log_path: Path
    rasa: RasaStub

    def client(self) -> httpx.Client:
        return httpx.Client(base_url=self.url, follow_redirects=False, timeout=30)

    def sign_in(
        self, username: str, password: str = PASSWORD
    ) -> tuple[httpx.Client, httpx.Response]:
        c = self.client()
        page = c.get("/staff/login")
        token = csrf(page.text)
        resp = c.post(
            "/staff/login",
            data={
                "username": username,
                "password": password,
                "csrf_token": token,
                "next": "/staff/conversations",
            },
        )
        return c, resp

    def staff(self, username: str = "helpdesk1") -> httpx.Client:
        c, resp = self.sign_in(username)
        assert resp.status_code == 303, resp.text
        return c


def csrf(html: str) -> str:
    m = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert m, "no CSRF token in the page"
    return m.group(1)


def _seed(db_url: str) -> None:
    # The real migrations, the console's own included (0002_console_*).
    upgrade(db_url)
    engine = create_engine(db_url)
    pw = hash_password(PASSWORD)
    with Session(engine) as s:
        for username, role in USERS.items():
            s.add(
                Account(
                    username=username,
                    username_normalized=username,
                    role=role,
                    email=f"{username}@example.org",
                    email_normalized=f"{username}@example.org",
                    password_hash=pw,
                    state="active",
                )
            )
        s.flush()
        educator = s.query(Account).filter_by(username="educator1").one()
        s.add(
            EducatorProfile(
                account_id=educator.id,
                educator_id="1000001",
                ssn_hmac="x" * 64,
                ssn_encrypted="cipher",
                ssn_last4="6789",
                dob_hmac="y" * 64,
                dob_encrypted="cipher",
                first_name="Dana",
                last_name="Reyes",
            )
        )
        s.add(
            Handoff(
                conversation_id="conv-handoff",
                channel="rest",
                reason="asked for a person",
                educator_id=None,
                status="open",
            )
        )
        s.add(
            Handoff(
                conversation_id="conv-bulk-00",
                channel="telegram",
                reason="fees",
                status="closed",
                claimed_by="helpdesk1",
            )
        )
        s.commit()
    engine.dispose()


@pytest.fixture(scope="session")
def console(tmp_path_factory: pytest.TempPathFactory, rasa_stub: RasaStub,
            running_backends: RunningBackends) -> Iterator[Console]:
    tmp = tmp_path_factory.mktemp("console")
    db_url = f"sqlite:///{tmp / 'certification.db'}"
    tracker = tmp / "tracker.db"
    write_tracker_db(tracker)
    _seed(db_url)
    env = dict(os.environ)
    env.pop("PUBLIC_BASE_URL", None)
    env.update(
        {
            "PYTHONPATH": str(ROOT),
            "APP_ENV": "development",
            "DATABASE_URL": db_url,
            "TRACKER_STORE_URL": f"sqlite:///{tracker}",
            "RASA_URL": rasa_stub.url,
            "RASA_API_TOKEN": "stub-token",
            "LOG_DIR": str(tmp / "logs"),
            # Every test signs in from 127.0.0.1; the lockout test still locks one account.
            "RATE_AUTH_PER_CLIENT": "10000",
            "RATE_AUTH_PER_ACCOUNT": "10000",
        }
    )
    log_path = tmp / "backend.log"
    running = running_backends.start(env, log_path, ready_path="/staff/login")
    try:
        yield Console(running.url, db_url, tracker, log_path, rasa_stub)
    finally:
        running.stop()
