"""/health, the set-password page and the development mail outbox."""

from __future__ import annotations

from sanic import Blueprint, Request
from sanic.response import HTTPResponse, html, json
from sqlalchemy import select

from backend import http_headers
from backend.adapters.models import MailMessage
from backend.api import deps

bp = Blueprint("pages")
dev_bp = Blueprint("dev", url_prefix="/dev")

SET_PASSWORD_STYLE = """
 body{font-family:system-ui,sans-serif;max-width:28rem;margin:3rem auto;padding:0 1rem}
 label{display:block;margin:.8rem 0 .3rem} input{width:100%;padding:.5rem;font-size:1rem}
 button{margin-top:1rem;padding:.6rem 1.2rem;font-size:1rem} .msg{margin-top:1rem}
 .err{color:#b00020} .ok{color:#0a6b2d}
"""

SET_PASSWORD_SCRIPT = """
const token = new URLSearchParams(location.search).get("token") || "";
history.replaceState(null, "", location.pathname);  // keep the token out of history
const m = document.getElementById("m");
document.getElementById("f").addEventListener("submit", async (e) => {
  e.preventDefault();
  const p1 = document.getElementById("p1").value, p2 = document.getElementById("p2").value;
  if (p1 !== p2) { m.className = "msg err"; m.textContent = "The two passwords differ."; return; }
  const r = await fetch("/api/v1/accounts/password", {method: "POST",
    headers: {"Content-Type": "application/json"}, body: JSON.stringify({token, password: p1})});
  const data = await r.json().catch(() => ({}));
  if (r.ok) {
    m.className = "msg ok";
    m.textContent = "Your password is set for " + data.username + ". You can sign in now.";
    document.getElementById("f").remove();
  } else {
    m.className = "msg err";
    m.textContent = (data.error && data.error.message) || "That did not work. Try again.";
  }
});
"""

SET_PASSWORD_PAGE = (
    """<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>Set your password - Educator Certification</title>
<style>"""
    + SET_PASSWORD_STYLE
    + """</style></head>
<body>
<h1>Set your password</h1>
<p>8-128 characters, with at least one letter and one digit.</p>
<form id="f">
 <label for="p1">New password</label>
 <input id="p1" type="password" autocomplete="new-password" required>
 <label for="p2">Repeat the password</label>
 <input id="p2" type="password" autocomplete="new-password" required>
 <button type="submit">Set password</button>
</form>
<p id="m" class="msg" role="status"></p>
<script>"""
    + SET_PASSWORD_SCRIPT
    + """</script>
</body></html>
"""
)
# Only this page's own inline style and script may run (no other inline code, no framing).
SET_PASSWORD_CSP = http_headers.content_security_policy(
    script_src=http_headers.inline_source(SET_PASSWORD_SCRIPT),
    style_src=http_headers.inline_source(SET_PASSWORD_STYLE),
)


@bp.get("/health")
async def health(request: Request) -> HTTPResponse:
    return json({"status": "ok"})


@bp.get("/set-password")
async def set_password_page(request: Request) -> HTTPResponse:
    """The page the emailed link opens; it posts to POST /api/v1/accounts/password."""
    return html(SET_PASSWORD_PAGE, headers={"Cache-Control": "no-store",
                                            "Referrer-Policy": "no-referrer",
                                            "Content-Security-Policy": SET_PASSWORD_CSP})


@dev_bp.get("/outbox")
async def outbox(request: Request) -> HTTPResponse:
    """Development only (not registered otherwise): the recorded mail, newest first."""
    to = (request.args.get("to") or "").strip().lower()
    c = deps.ctx(request)
    # Mail is written after the response (backend/adapters/background.py); a developer
    # or a test reading the outbox right after a request sees it.
    await c.background.drain()
    async with deps.uow(request) as uow:
        query = select(MailMessage).order_by(MailMessage.id.desc()).limit(200)
        if to:
            query = query.where(MailMessage.to_address == to)
        rows = (await uow.session.execute(query)).scalars().all()
        messages = [
            {"id": r.id, "to": r.to_address, "subject": r.subject, "body": c.mailer.body_of(r),
             "created_at": r.created_at.isoformat()}
            for r in rows
        ]
    return json({"messages": messages}, headers={"Cache-Control": "no-store"})
