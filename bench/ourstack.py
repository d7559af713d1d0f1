"""Our stack on benchmark ports (scripts/stack.sh with its own RUN_DIR), accounts, scripts."""

from __future__ import annotations

import asyncio
import logging
import random
import re
import shutil
import subprocess
import time
from pathlib import Path
from typing import Any

import httpx

from bench.loadgen import Script, Turn, UserCtx
from bench.procs import ROOT, WORK, quiet_env, service_pids

logger = logging.getLogger(__name__)

# Unusual ports: other suites start their own stacks on the machine at the same time.
PORTS = {"BACKEND_PORT": 28470, "RASA_PORT": 25470, "ACTIONS_PORT": 25471}
RUN_DIR = WORK / "stack"
PASSWORD = "Bench-pass-2024"  # bench-only accounts on the bench stack's own database
SERVICE_KEY = "bench-service-key"  # the bench stack's own service key (exported to stack.sh)
SERVICES = ("backend", "actions", "rasa")


class Stack:
    """Drives scripts/stack.sh with the bench ports and run directory."""

    def __init__(self, run_dir: Path = RUN_DIR, model: str | None = None) -> None:
        self.run_dir = run_dir
        self.env = quiet_env(**{k: str(v) for k, v in PORTS.items()}, RUN_DIR=str(run_dir),
                             SERVICE_API_KEY=SERVICE_KEY, RASA_API_TOKEN="bench-rasa-token",
                             # stack.sh waits 120 s per service by default; a model load on a
                             # busy 2-core machine can take longer.
                             STACK_TIMEOUT="360")
        # Fresh SSNs per Stack object; a random group keeps reruns on a kept database apart.
        self._ssn_group = random.randint(10, 99)
        self._ssn_counter = 0
        self._app_type: str | None = None
        if model:
            self.env["MODEL"] = model
        self.backend = f"http://127.0.0.1:{PORTS['BACKEND_PORT']}"
        self.rasa = f"http://127.0.0.1:{PORTS['RASA_PORT']}"
        self.actions = f"http://127.0.0.1:{PORTS['ACTIONS_PORT']}"

    def _sh(self, *args: str, timeout: float = 300) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [str(ROOT / "scripts" / "stack.sh"), *args], cwd=ROOT, env=self.env,
            capture_output=True, text=True, timeout=timeout, check=False,
        )

    def down(self) -> None:
        if self.run_dir.exists():
            self._sh("down", timeout=120)

    def up(self, fresh: bool = True) -> dict[str, float]:
        """Start all services; time the whole start and Rasa's own start-to-ready."""
        self.down()
        from bench.procs import port_free

        taken = [p for p in PORTS.values() if not port_free(p)]
        if taken:
            raise RuntimeError(f"ports {taken} for the bench stack are taken by another process")
        if fresh and self.run_dir.exists():
            shutil.rmtree(self.run_dir)
        self.run_dir.mkdir(parents=True, exist_ok=True)
        t0 = time.perf_counter()
        proc = subprocess.Popen(
            [str(ROOT / "scripts" / "stack.sh"), "up"], cwd=ROOT, env=self.env,
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        )
        pidfile = self.run_dir / "pids" / "rasa.pid"
        rasa_started: float | None = None
        rasa_ready: float | None = None
        while proc.poll() is None or rasa_ready is None:
            now = time.perf_counter()
            if rasa_started is None and pidfile.exists():
                rasa_started = now
            if rasa_started is not None and rasa_ready is None:
                try:
                    if httpx.get(self.rasa + "/", timeout=1.0).is_success:
                        rasa_ready = time.perf_counter()
                except httpx.HTTPError:
                    pass
            if proc.poll() is not None and proc.returncode != 0:
                break
            if now - t0 > 480:
                proc.kill()
                raise TimeoutError("stack did not come up within 480 s")
            time.sleep(0.1)
        out = proc.communicate()[0] if proc.stdout else ""
        if proc.returncode != 0:
            raise RuntimeError(f"scripts/stack.sh up failed ({proc.returncode}):\n{out[-3000:]}")
        total = time.perf_counter() - t0
        return {
            "stack_up_s": round(total, 1),
            "rasa_ready_s": round(rasa_ready - rasa_started, 1)
            if rasa_ready and rasa_started else None,
        }

    def pids(self) -> dict[str, int]:
        return service_pids(self.run_dir, SERVICES)

    # ---- accounts and sign-in -------------------------------------------------------
    def _client(self, client_id: str) -> httpx.Client:
        # The service key makes the backend rate-limit per X-Client-Id, not per 127.0.0.1.
        return httpx.Client(base_url=self.backend + "/api/v1", timeout=30, headers={
            "X-Service-Key": SERVICE_KEY, "X-Client-Id": f"bench-{client_id}"})

    def create_account(self, username: str) -> dict[str, str]:
        """An active educator account with access granted, a linked profile (a fresh SSN)
        and one draft application, so status checks have something to show."""
        email = f"{username}@bench.example.org"
        with self._client(username) as api:
            r = api.post("/accounts", json={"username": username, "email": email,
                                            "password": PASSWORD})
            _check(r, "create account", (201, 409))
            r = api.post("/auth/token", json={"username": username, "password": PASSWORD})
            _check(r, "token")
            token = str(r.json()["access_token"])
            auth = {"Authorization": f"Bearer {token}"}
            _check(api.post("/me/access", headers=auth), "request access", (200, 201))
            self._ssn_counter += 1
            k = self._ssn_counter
            ssn = f"{771 + k // 9000}-{self._ssn_group:02d}-{1000 + k % 9000:04d}"
            r = api.post("/me/link", headers=auth,
                         json={"ssn": ssn, "date_of_birth": "1985-04-12"})
            _check(r, "link SSN", (200, 201))
            if self._app_type is None:
                types = api.get("/application-types").json()["types"]
                self._app_type = str(types[0]["code"])
            r = api.post("/me/applications", headers=auth, json={"type": self._app_type})
            _check(r, "create application", (201, 409))
        return {"username": username, "email": email, "token": token}

    def token(self, username: str) -> str:
        with self._client(username) as api:
            r = api.post("/auth/token", json={"username": username, "password": PASSWORD})
            _check(r, "token")
            return str(r.json()["access_token"])

    async def latest_code(self, email: str, seen: set[str], timeout: float = 20) -> str:
        """The 6-digit code from the newest unseen mail to ``email`` (dev outbox)."""
        deadline = time.monotonic() + timeout
        async with httpx.AsyncClient(timeout=10) as client:
            while time.monotonic() < deadline:
                r = await client.get(f"{self.backend}/dev/outbox", params={"to": email})
                r.raise_for_status()
                for msg in r.json().get("messages", []):
                    mid = str(msg.get("id"))
                    m = re.search(r"\b(\d{6})\b", msg.get("body", ""))
                    if m and mid not in seen:
                        seen.add(mid)
                        return m.group(1)
                await asyncio.sleep(0.3)
        raise TimeoutError(f"no sign-in code mailed to {email}")

    def log_tail(self, svc: str, n: int = 20) -> str:
        f = self.run_dir / "logs" / f"{svc}.log"
        if not f.exists():
            return ""
        return "\n".join(f.read_text(errors="replace").splitlines()[-n:])


def _check(r: httpx.Response, what: str, ok: tuple[int, ...] = (200,)) -> None:
    if r.status_code not in ok:
        raise RuntimeError(f"{what}: HTTP {r.status_code} {r.text[:300]}")


def backend_workers(pid: int) -> int:
    """How many processes serve the backend (`backend.serving`): its workers, or itself."""
    from backend.serving import worker_pids

    return len(worker_pids(pid)) or 1


# ---- our conversation scripts ---------------------------------------------------------

def make_code_turn(stack: Stack) -> Turn:
    async def code(ctx: UserCtx) -> str:
        return await stack.latest_code(ctx.data["email"], ctx.data.setdefault("seen", set()))
    return Turn(code, "signin", expect=r"signed in|welcome|you're in|you are in")


# A form answer: a yes/no/inform intent, or plain text (e.g. "Upgrade my current
# certificate"); other "/intent" buttons would start another flow.
FORM_ANSWER = r"^(/(inform|affirm|deny)\b|[^/])"


def click(pattern: str = FORM_ANSWER, fallback: str = "thanks") -> Any:
    """A turn text that answers a form question by pressing the first button whose payload
    matches ``pattern``; ``fallback`` when the last reply offers no such button (the form
    has finished), so the script never wanders into another flow."""
    async def f(ctx: UserCtx) -> str:
        for r in reversed(ctx.last_replies):
            for b in r.get("buttons") or []:
                payload = str(b.get("payload") or "")
                if re.search(pattern, payload):
                    return payload
        return fallback
    return f


def our_script(stack: Stack) -> Script:
    async def username(ctx: UserCtx) -> str:
        return str(ctx.data["username"])

    return Script(
        name="educator certification assistant",
        prelude=[
            Turn("hello", "smalltalk"),
            Turn("I want to sign in", "signin", expect=r"username"),
            Turn(username, "signin", expect=r"code"),
            make_code_turn(stack),
        ],
        loop=[
            Turn("what is an educator id?", "faq", expect=r"educator id"),
            Turn("what's the status of my application?", "status", expect=r"draft"),
            Turn("how long does processing take?", "faq", expect=r"weeks"),
            Turn("which application do I need?", "form", expect=r"\?"),
            Turn(click(), "form"),
            Turn(click(), "form"),
            Turn(click(), "form"),
            Turn(click(), "form"),
            Turn("check my background clearance", "status", expect=r"background|fingerprint"),
            Turn("where do I mail my transcripts?", "faq", expect=r"P\.O\. Box"),
            Turn("thanks", "smalltalk", expect=r"welcome"),
        ],
    )


def long_script(stack: Stack) -> Script:
    """The long conversation: signed in once, then questions and status checks."""
    base = our_script(stack)
    return Script(
        name="long conversation",
        prelude=base.prelude,
        loop=[
            Turn("what is an educator id?", "faq"),
            Turn("what's the status of my application?", "status"),
            Turn("how do I get fingerprinted?", "faq"),
            Turn("check my background clearance", "status"),
            Turn("thanks", "smalltalk"),
        ],
    )
