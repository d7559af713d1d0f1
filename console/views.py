"""Routes of the staff console (`/staff`). HTML from Jinja2 templates with autoescape.

Who may enter: staff with the helpdesk, certification or admin role. Anonymous visitors
are sent to the sign-in page; a signed-in account of another role never gets a session.
Nothing here changes certification records: the console reads the tracker store and
records, and writes only its own tags, notes and sessions, handoff states and the audit.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Coroutine
from datetime import UTC, datetime
from functools import wraps
from pathlib import Path
from types import SimpleNamespace
from typing import Any
from urllib.parse import quote

from jinja2 import Environment, FileSystemLoader, select_autoescape
from sanic import Blueprint, Request, response
from sanic.response import HTTPResponse
from sqlalchemy import delete, select
from sqlalchemy import inspect as sa_inspect

from backend.adapters.models import (
    Account,
    Application,
    BackgroundCheck,
    Certificate,
    EducatorProfile,
)
from backend.domain import errors
from backend.services import audit
from backend.services import handoffs as handoff_service
from console import analytics as charts
from console import queries
from console.auth import (
    SignInRefused,
    StaffUser,
    check_csrf,
    clear_cookie,
    csrf_token_for,
    current_user,
    set_cookie,
    sign_in,
    sign_out,
)
from console.config import (
    PAGE_SIZE,
    PRELOGIN_COOKIE,
    SESSION_COOKIE,
    SESSION_TTL_SECONDS,
    ConsoleContext,
    console_context,
)
from console.models import ConversationNote, ConversationTag
from console.rasa_client import RasaReplyError, send_staff_reply
from pii.redaction import redact_text

logger = logging.getLogger(__name__)

HERE = Path(__file__).resolve().parent
STATIC = {"console.css": "text/css; charset=utf-8"}

_env = Environment(
    loader=FileSystemLoader(str(HERE / "templates")),
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


def register(bp: Blueprint) -> None:
    """Attach every console route to the blueprint (url_prefix /staff)."""
    bp.add_route(index, "/", methods=["GET"], name="index", strict_slashes=False)
    bp.add_route(login_page, "/login", methods=["GET"], name="login_page")
    bp.add_route(login_submit, "/login", methods=["POST"], name="login_submit")
    bp.add_route(logout, "/logout", methods=["POST"], name="logout")
    bp.add_route(conversations, "/conversations", methods=["GET"], name="conversations")
    bp.add_route(transcript, "/conversations/<cid:str>", methods=["GET"], name="transcript")
    bp.add_route(add_tag, "/conversations/<cid:str>/tags", methods=["POST"], name="add_tag")
    bp.add_route(
        remove_tag, "/conversations/<cid:str>/tags/remove", methods=["POST"], name="remove_tag"
    )
    bp.add_route(add_note, "/conversations/<cid:str>/notes", methods=["POST"], name="add_note")
    bp.add_route(handoffs, "/handoffs", methods=["GET"], name="handoffs")
    bp.add_route(claim_handoff, "/handoffs/<hid:int>/claim", methods=["POST"], name="claim")
    bp.add_route(reply_handoff, "/handoffs/<hid:int>/reply", methods=["POST"], name="reply")
    bp.add_route(close_handoff, "/handoffs/<hid:int>/close", methods=["POST"], name="close")
    bp.add_route(export, "/export/<fmt:str>", methods=["GET"], name="export")
    bp.add_route(analytics_page, "/analytics", methods=["GET"], name="analytics")
    bp.add_route(chart_png, "/analytics/<name:str>", methods=["GET"], name="chart")
    bp.add_route(educator_records, "/educators/<educator_id:str>", methods=["GET"], name="educator")
    bp.add_route(static, "/static/<name:str>", methods=["GET"], name="static")


# ------------------------------------------------------------------ helpers
def _headers(extra: dict[str, str] | None = None) -> dict[str, str]:
    out = dict(PAGE_HEADERS)
    if extra:
        out.update(extra)
    return out


def render(name: str, status: int = 200, **context: Any) -> HTTPResponse:
    html = _env.get_template(name).render(**context)
    return response.html(html, status=status, headers=_headers())


def _page(
    ctx: ConsoleContext, user: StaffUser, name: str, status: int = 200, **context: Any
) -> HTTPResponse:
    return render(
        name, status=status, user=user, csrf=csrf_token_for(ctx, user.session_token), **context
    )


def _redirect(to: str) -> HTTPResponse:
    return response.redirect(to, status=303, headers=_headers())


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
                return _redirect(f"/staff/login?next={nxt}")
            if post and not check_csrf(ctx, request, user):
                return _page(
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


async def _tags_map(ctx: ConsoleContext) -> dict[str, list[str]]:
    async with ctx.core.uow() as uow:
        rows = (
            await uow.session.execute(select(ConversationTag).order_by(ConversationTag.tag))
        ).scalars()
        out: dict[str, list[str]] = {}
        for t in rows:
            out.setdefault(t.conversation_id, []).append(t.tag)
        return out


async def _handoff_map(ctx: ConsoleContext) -> dict[str, str]:
    async with ctx.core.uow() as uow:
        return await queries.handoff_status_by_conversation(uow)


async def _summaries(ctx: ConsoleContext) -> list[Any]:
    return await asyncio.to_thread(ctx.tracker.conversations)


async def _educators(ctx: ConsoleContext, summaries: list[Any]) -> dict[str, str]:
    """conversation id -> Educator ID: said by the bot, or the signed-in user's record."""
    out = {s.sender_id: s.educator_id for s in summaries if s.educator_id}
    wanted = {s.signed_in_username for s in summaries if not s.educator_id and s.signed_in_username}
    if wanted:
        async with ctx.core.uow() as uow:
            by_user = await queries.educator_ids_for_usernames(uow, wanted)
        for s in summaries:
            if s.sender_id not in out and s.signed_in_username:
                found = by_user.get(s.signed_in_username.strip().lower())
                if found:
                    out[s.sender_id] = found
    return out


async def _audit(
    ctx: ConsoleContext, user: StaffUser, action: str, educator_id: str | None, detail: str
) -> None:
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


def _snap(row: Any) -> Any:
    """A detached, plain copy of an ORM row for a template (the unit of work rolls back
    and expires its rows when it closes)."""
    if row is None:
        return None
    values = {c.key: getattr(row, c.key) for c in sa_inspect(row).mapper.column_attrs}
    if isinstance(row, EducatorProfile):
        values["full_name"] = row.full_name
    return SimpleNamespace(**values)


def _form(request: Request, name: str, limit: int = 2000) -> str:
    value = request.form.get(name) if request.form else None
    return (value or "").strip()[:limit]


# ------------------------------------------------------------------ sign-in
async def index(request: Request) -> HTTPResponse:
    ctx = console_context(request.app)
    user = await current_user(ctx, request)
    return _redirect("/staff/conversations" if user else "/staff/login")


def _safe_next(value: str | None) -> str:
    if value and value.startswith("/staff/") and not value.startswith("//") and "\\" not in value:
        return value
    return "/staff/conversations"


async def login_page(request: Request) -> HTTPResponse:
    ctx = console_context(request.app)
    if await current_user(ctx, request):
        return _redirect("/staff/conversations")
    return _login_form(ctx, request, None, 200)


def _login_form(
    ctx: ConsoleContext, request: Request, error: str | None, status: int
) -> HTTPResponse:
    import secrets

    pre = secrets.token_urlsafe(24)
    resp = render(
        "login.html",
        status=status,
        user=None,
        error=error,
        csrf=csrf_token_for(ctx, "prelogin:" + pre),
        next=_safe_next(
            request.args.get("next") or (request.form.get("next") if request.form else None)
        ),
    )
    set_cookie(ctx, resp, PRELOGIN_COOKIE, pre, 3600)
    return resp


async def login_submit(request: Request) -> HTTPResponse:
    ctx = console_context(request.app)
    if not check_csrf(ctx, request, None):
        return _login_form(ctx, request, "The sign-in form expired. Please try again.", 403)
    username = _form(request, "username", 100)
    password = (request.form.get("password") if request.form else None) or ""
    try:
        token = await sign_in(ctx, request, username, password[:256])
    except SignInRefused as exc:
        return _login_form(ctx, request, exc.message, exc.status)
    resp = _redirect(_safe_next(request.form.get("next") if request.form else None))
    set_cookie(ctx, resp, SESSION_COOKIE, token, SESSION_TTL_SECONDS)
    clear_cookie(ctx, resp, PRELOGIN_COOKIE)
    return resp


@staff_only(post=True)
async def logout(request: Request, ctx: ConsoleContext, user: StaffUser) -> HTTPResponse:
    await sign_out(ctx, user.session_token)
    resp = _redirect("/staff/login")
    clear_cookie(ctx, resp, SESSION_COOKIE)
    return resp


# ------------------------------------------------------------------ conversations
@staff_only()
async def conversations(request: Request, ctx: ConsoleContext, user: StaffUser) -> HTTPResponse:
    f = queries.Filters.from_args(request.args)
    summaries = await _summaries(ctx)
    handoff_map = await _handoff_map(ctx)
    tags = await _tags_map(ctx)
    rows = queries.apply_filters(summaries, f, handoff_map, tags)
    pages = max(1, (len(rows) + PAGE_SIZE - 1) // PAGE_SIZE)
    page = min(f.page, pages)
    shown = rows[(page - 1) * PAGE_SIZE : page * PAGE_SIZE]
    channels = sorted({s.channel for s in summaries if s.channel})
    all_tags = sorted({t for ts in tags.values() for t in ts})
    return _page(
        ctx,
        user,
        "conversations.html",
        rows=shown,
        total=len(rows),
        page=page,
        pages=pages,
        f=f,
        channels=channels,
        all_tags=all_tags,
        handoffs=handoff_map,
        tags=tags,
        educators=await _educators(ctx, shown),
        tracker_configured=ctx.tracker.configured,
    )


@staff_only()
async def transcript(
    request: Request, ctx: ConsoleContext, user: StaffUser, cid: str
) -> HTTPResponse:
    summary = await asyncio.to_thread(ctx.tracker.summary, cid)
    if summary is None:
        return _page(ctx, user, "error.html", status=404, message="No such conversation.")
    turns = await asyncio.to_thread(ctx.tracker.transcript, cid)
    async with ctx.core.uow() as uow:
        tags = [
            _snap(t)
            for t in (
                await uow.session.execute(
                    select(ConversationTag)
                    .where(ConversationTag.conversation_id == cid)
                    .order_by(ConversationTag.tag)
                )
            ).scalars()
        ]
        notes = [
            _snap(n)
            for n in (
                await uow.session.execute(
                    select(ConversationNote)
                    .where(ConversationNote.conversation_id == cid)
                    .order_by(ConversationNote.id)
                )
            ).scalars()
        ]
        conv_handoffs = [
            _snap(h) for h in await queries.list_handoffs(uow, None) if h.conversation_id == cid
        ]
    educator_id = (await _educators(ctx, [summary])).get(cid)
    await _audit(ctx, user, "console.transcript_view", educator_id, f"conversation={cid}")
    return _page(
        ctx,
        user,
        "transcript.html",
        s=summary,
        educator_id=educator_id,
        turns=turns,
        tags=tags,
        notes=notes,
        conv_handoffs=conv_handoffs,
        can_see_records=user.can_see_records,
    )


def _clean_tag(value: str) -> str:
    tag = "".join(
        ch for ch in value.strip().lower().replace(" ", "-") if ch.isalnum() or ch in "-_"
    )
    return tag[:40]


@staff_only(post=True)
async def add_tag(request: Request, ctx: ConsoleContext, user: StaffUser, cid: str) -> HTTPResponse:
    tag = _clean_tag(_form(request, "tag", 60))
    if tag:
        async with ctx.core.uow() as uow:
            exists = (
                await uow.session.execute(
                    select(ConversationTag).where(
                        ConversationTag.conversation_id == cid, ConversationTag.tag == tag
                    )
                )
            ).first()
            if not exists:
                uow.session.add(
                    ConversationTag(conversation_id=cid, tag=tag, created_by=user.username)
                )
                await uow.commit()
    return _redirect(f"/staff/conversations/{quote(cid, safe='')}#tags")


@staff_only(post=True)
async def remove_tag(
    request: Request, ctx: ConsoleContext, user: StaffUser, cid: str
) -> HTTPResponse:
    tag = _clean_tag(_form(request, "tag", 60))
    async with ctx.core.uow() as uow:
        await uow.session.execute(
            delete(ConversationTag).where(
                ConversationTag.conversation_id == cid, ConversationTag.tag == tag
            )
        )
        await uow.commit()
    return _redirect(f"/staff/conversations/{quote(cid, safe='')}#tags")


@staff_only(post=True)
async def add_note(
    request: Request, ctx: ConsoleContext, user: StaffUser, cid: str
) -> HTTPResponse:
    body = redact_text(_form(request, "note", 4000))
    if body:
        async with ctx.core.uow() as uow:
            uow.session.add(
                ConversationNote(conversation_id=cid, body=body, created_by=user.username)
            )
            await uow.commit()
    return _redirect(f"/staff/conversations/{quote(cid, safe='')}#notes")


# ------------------------------------------------------------------ handoffs
@staff_only()
async def handoffs(request: Request, ctx: ConsoleContext, user: StaffUser) -> HTTPResponse:
    status = request.args.get("status") or ""
    async with ctx.core.uow() as uow:
        rows = [_snap(h) for h in await queries.list_handoffs(uow, status or None)]
    flash = request.args.get("msg")
    return _page(
        ctx,
        user,
        "handoffs.html",
        rows=rows,
        status_filter=status,
        flash=redact_text(flash)[:300] if flash else None,
    )


async def _handoff_move(
    request: Request, ctx: ConsoleContext, user: StaffUser, hid: int, target: str
) -> HTTPResponse:
    """Claim or close through the backend's handoff service (its rule, and the audit
    entry committed with the move)."""
    async with ctx.core.uow() as uow:
        h = await queries.get_handoff(uow, hid)
        if h is None:
            return _page(ctx, user, "error.html", status=404, message="No such handoff.")
        account = await queries.get_account(uow, user.account_id)
        if account is None:
            return _redirect("/staff/login")
        try:
            if target == "claimed":
                await handoff_service.claim(uow, account, hid, "console.handoff_claimed")
            else:
                await handoff_service.close(uow, account, hid, "console.handoff_closed")
        except errors.InvalidTransition as exc:
            status = (exc.details or {}).get("status", "")
            return _redirect("/staff/handoffs?msg=" + quote(f"Request #{hid} is already {status}."))
        except errors.DomainError as exc:
            return _redirect("/staff/handoffs?msg=" + quote(exc.message))
    back = _form(request, "back", 300)
    return _redirect(back if back.startswith("/staff/") else "/staff/handoffs")


@staff_only(post=True)
async def claim_handoff(
    request: Request, ctx: ConsoleContext, user: StaffUser, hid: int
) -> HTTPResponse:
    return await _handoff_move(request, ctx, user, hid, "claimed")


@staff_only(post=True)
async def close_handoff(
    request: Request, ctx: ConsoleContext, user: StaffUser, hid: int
) -> HTTPResponse:
    return await _handoff_move(request, ctx, user, hid, "closed")


@staff_only(post=True)
async def reply_handoff(
    request: Request, ctx: ConsoleContext, user: StaffUser, hid: int
) -> HTTPResponse:
    text = _form(request, "message", 2000)
    async with ctx.core.uow() as uow:
        h = await queries.get_handoff(uow, hid)
        if h is None:
            return _page(ctx, user, "error.html", status=404, message="No such handoff.")
        if h.status != "claimed" or h.claimed_by != user.username:
            return _redirect("/staff/handoffs?msg=" + quote("Claim the request before replying."))
        conversation_id, educator_id = h.conversation_id, h.educator_id
    if not text:
        return _redirect("/staff/handoffs?msg=" + quote("Type a reply first."))
    try:
        await send_staff_reply(
            ctx.rasa_url, ctx.rasa_api_token, conversation_id, text, user.username, hid
        )
    except RasaReplyError as exc:
        return _redirect("/staff/handoffs?msg=" + quote(str(exc)))
    await _audit(
        ctx,
        user,
        "console.handoff_reply",
        educator_id,
        f"handoff={hid} conversation={conversation_id}",
    )
    return _redirect(
        "/staff/handoffs?msg=" + quote(f"Reply sent to conversation {conversation_id}.")
    )


# ------------------------------------------------------------------ export
@staff_only()
async def export(request: Request, ctx: ConsoleContext, user: StaffUser, fmt: str) -> HTTPResponse:
    if fmt not in ("csv", "jsonl"):
        return _page(ctx, user, "error.html", status=404, message="Export as CSV or JSON Lines.")
    f = queries.Filters.from_args(request.args)
    summaries = await _summaries(ctx)
    handoff_map = await _handoff_map(ctx)
    tags = await _tags_map(ctx)
    rows = queries.apply_filters(summaries, f, handoff_map, tags)[: queries.MAX_EXPORT]

    def _events() -> dict[str, list[dict[str, Any]]]:
        return {s.sender_id: ctx.tracker.events(s.sender_id) for s in rows}

    events = await asyncio.to_thread(_events)
    records = queries.export_rows(rows, events, handoff_map, tags)
    body = queries.to_csv(records) if fmt == "csv" else queries.to_jsonl(records)
    await _audit(
        ctx,
        user,
        "console.export",
        None,
        f"format={fmt} conversations={len(records)} filters={f.describe()}",
    )
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    mime = "text/csv; charset=utf-8" if fmt == "csv" else "application/x-ndjson; charset=utf-8"
    return response.text(
        body,
        content_type=mime,
        headers=_headers(
            {"Content-Disposition": f'attachment; filename="conversations-{stamp}.{fmt}"'}
        ),
    )


# ------------------------------------------------------------------ analytics
async def _analytics(ctx: ConsoleContext, request: Request) -> charts.Analytics:
    f = queries.Filters.from_args(request.args)
    summaries = await _summaries(ctx)
    handoff_map = await _handoff_map(ctx)
    rows = queries.apply_filters(summaries, f, handoff_map, {})
    return charts.compute(rows, set(handoff_map))


@staff_only()
async def analytics_page(request: Request, ctx: ConsoleContext, user: StaffUser) -> HTTPResponse:
    a = await _analytics(ctx, request)
    f = queries.Filters.from_args(request.args)
    return _page(ctx, user, "analytics.html", a=a, f=f, qs=f.query_string())


@staff_only()
async def chart_png(
    request: Request, ctx: ConsoleContext, user: StaffUser, name: str
) -> HTTPResponse:
    draw = charts.CHARTS.get(name.removesuffix(".png")) if name.endswith(".png") else None
    if draw is None:
        return _page(ctx, user, "error.html", status=404, message="No such chart.")
    a = await _analytics(ctx, request)
    png = await asyncio.to_thread(draw, a)
    return response.raw(png, content_type="image/png", headers=_headers())


# ------------------------------------------------------------------ records
@staff_only()
async def educator_records(
    request: Request, ctx: ConsoleContext, user: StaffUser, educator_id: str
) -> HTTPResponse:
    if not user.can_see_records:
        return _page(ctx, user, "error.html", status=403, message="Your role cannot see records.")
    async with ctx.core.uow() as uow:
        profile = (
            await uow.session.execute(
                select(EducatorProfile).where(EducatorProfile.educator_id == educator_id)
            )
        ).scalar_one_or_none()
        if profile is None:
            return _page(ctx, user, "error.html", status=404, message="No educator with that ID.")
        username = None
        if profile.account_id:
            acct = await uow.session.get(Account, profile.account_id)
            username = acct.username if acct else None
        apps = [
            _snap(a)
            for a in (
                await uow.session.execute(
                    select(Application)
                    .where(Application.profile_id == profile.id)
                    .order_by(Application.id)
                )
            ).scalars()
        ]
        certs = [
            _snap(c)
            for c in (
                await uow.session.execute(
                    select(Certificate)
                    .where(Certificate.profile_id == profile.id)
                    .order_by(Certificate.id)
                )
            ).scalars()
        ]
        background = _snap(
            (
                await uow.session.execute(
                    select(BackgroundCheck).where(BackgroundCheck.profile_id == profile.id)
                )
            ).scalar_one_or_none()
        )
        profile = _snap(profile)
        account = await queries.get_account(uow, user.account_id)
        audit.record(uow, account, "console.educator_view", educator_id, "staff console summary")
        await uow.commit()
    return _page(
        ctx,
        user,
        "educator.html",
        p=profile,
        username=username,
        apps=apps,
        certs=certs,
        background=background,
    )


# ------------------------------------------------------------------ static
async def static(request: Request, name: str) -> HTTPResponse:
    if name not in STATIC:
        return response.text("not found", status=404)
    return response.raw(
        (HERE / "static" / name).read_bytes(),
        content_type=STATIC[name],
        headers={"Cache-Control": "max-age=300"},
    )
