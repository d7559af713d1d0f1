"""What every console route shares: page rendering, headers, the staff-only decorator,
and the reads several areas need (tags, handoff states, Educator IDs, the audit)."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Coroutine
from datetime import UTC
from functools import wraps
from pathlib import Path
from types import SimpleNamespace
from typing import Any
from urllib.parse import quote

from jinja2 import Environment, FileSystemLoader, select_autoescape
from sanic import Request, response
from sanic.response import HTTPResponse
from sqlalchemy import inspect as sa_inspect

from backend.adapters.models import EducatorProfile
from backend.services import audit
from console import queries
from console.auth import StaffUser, check_csrf, csrf_token_for, current_user
from console.config import ConsoleContext, console_context
from pii.redaction import redact_text

CONSOLE_DIR = Path(__file__).resolve().parent.parent
STATIC = {"console.css": "text/css; charset=utf-8"}

_env = Environment(
    loader=FileSystemLoader(str(CONSOLE_DIR / "templates")),
    autoescape=select_autoescape(["html"], default=True),
    trim_blocks=True,
    lstrip_blocks=True,
)
_env.filters["redact"] = lambda v: redact_text(str(v)) if v is not None else ""
_env.filters["dt"] = lambda v: v.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S UTC") if v else ""
_env.filters["pct"] = lambda v: f"{v:.0%}"
_env.filters["urlq"] = lambda v: quote(str(v), safe="")

Handler = Callable[..., Coroutine[Any, Any, HTTPResponse]]
# CSP, frame protection and nosniff come from `backend.http_headers` for every HTML page.
PAGE_HEADERS = {
    "Referrer-Policy": "same-origin",
    "Cache-Control": "no-store",
}


def headers(extra: dict[str, str] | None = None) -> dict[str, str]:
    out = dict(PAGE_HEADERS)
    if extra:
        out.update(extra)
    return out


def render(name: str, status: int = 200, **context: Any) -> HTTPResponse:
    html = _env.get_template(name).render(**context)
    return response.html(html, status=status, headers=headers())


def page(
    ctx: ConsoleContext, user: StaffUser, name: str, status: int = 200, **context: Any
) -> HTTPResponse:
    return render(
        name, status=status, user=user, csrf=csrf_token_for(ctx, user.session_token), **context
    )


def redirect(to: str) -> HTTPResponse:
    return response.redirect(to, status=303, headers=headers())


def staff_only(post: bool = False) -> Callable[[Handler], Handler]:
    """Require a console session (and a valid CSRF token for POST)."""

    def decorator(handler: Handler) -> Handler:
        @wraps(handler)
        async def wrapper(request: Request, *args: Any, **kwargs: Any) -> HTTPResponse:
            ctx = console_context(request.app)
            user = await current_user(ctx, request)
            if user is None:
                if post or request.path.endswith(".png") or "/staff/export/" in request.path:
                    return render(
                        "error.html",
                        status=401,
                        user=None,
                        message="Sign in to the staff console first.",
                    )
                nxt = quote(
                    request.path + ("?" + request.query_string if request.query_string else "")
                )
                return redirect(f"/staff/login?next={nxt}")
            if post and not check_csrf(ctx, request, user):
                return page(
                    ctx,
                    user,
                    "error.html",
                    status=403,
                    message="The form expired or did not come from this console. "
                    "Go back, reload the page and try again.",
                )
            return await handler(request, ctx, user, *args, **kwargs)

        return wrapper

    return decorator


async def tags_map(ctx: ConsoleContext) -> dict[str, list[str]]:
    async with ctx.core.uow() as uow:
        return await queries.tags_by_conversation(uow)


async def handoff_map(ctx: ConsoleContext) -> dict[str, str]:
    async with ctx.core.uow() as uow:
        return await queries.handoff_status_by_conversation(uow)


async def summaries(ctx: ConsoleContext) -> list[Any]:
    return await asyncio.to_thread(ctx.tracker.conversations)


async def educators(ctx: ConsoleContext, rows: list[Any]) -> dict[str, str]:
    """conversation id -> Educator ID: said by the bot, or the signed-in user's record."""
    out = {s.sender_id: s.educator_id for s in rows if s.educator_id}
    wanted = {s.signed_in_username for s in rows if not s.educator_id and s.signed_in_username}
    if wanted:
        async with ctx.core.uow() as uow:
            by_user = await queries.educator_ids_for_usernames(uow, wanted)
        for s in rows:
            if s.sender_id not in out and s.signed_in_username:
                found = by_user.get(s.signed_in_username.strip().lower())
                if found:
                    out[s.sender_id] = found
    return out


async def record_audit(
    ctx: ConsoleContext, user: StaffUser, action: str, educator_id: str | None, detail: str
) -> None:
    """One audit entry by the signed-in staff member, through the backend's audit service."""
    async with ctx.core.uow() as uow:
        account = await queries.get_account(uow, user.account_id)
        audit.record(
            uow,
            account,
            action,
            (educator_id or None) and educator_id[:12],
            redact_text(detail)[:1000],
        )
        await uow.commit()


def snap(row: Any) -> Any:
    """A detached, plain copy of an ORM row for a template (the unit of work rolls back
    and expires its rows when it closes)."""
    if row is None:
        return None
    values = {c.key: getattr(row, c.key) for c in sa_inspect(row).mapper.column_attrs}
    if isinstance(row, EducatorProfile):
        values["full_name"] = row.full_name
    return SimpleNamespace(**values)


def form(request: Request, name: str, limit: int = 2000) -> str:
    value = request.form.get(name) if request.form else None
    return (value or "").strip()[:limit]


async def static(request: Request, name: str) -> HTTPResponse:
    if name not in STATIC:
        return response.text("not found", status=404)
    return response.raw(
        (CONSOLE_DIR / "static" / name).read_bytes(),
        content_type=STATIC[name],
        headers={"Cache-Control": "max-age=300"},
    )
