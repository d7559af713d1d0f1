"""The handoff queue: claim, reply (through Rasa) and close. Claims and closes are moves
of the backend's handoff service (its one state machine, the audit entry committed with
the move)."""

from __future__ import annotations

from urllib.parse import quote

from sanic import Request
from sanic.response import HTTPResponse

from backend.domain import errors
from backend.services import handoffs as handoff_service
from console import queries
from console.auth import StaffUser
from console.config import ConsoleContext
from console.rasa_client import RasaReplyError, send_staff_reply
from console.views.common import form, page, record_audit, redirect, snap, staff_only
from pii.redaction import redact_text


@staff_only()
async def handoffs(request: Request, ctx: ConsoleContext, user: StaffUser) -> HTTPResponse:
    status = request.args.get("status") or ""
    async with ctx.core.uow() as uow:
        rows = [snap(h) for h in await queries.list_handoffs(uow, status or None)]
    flash = request.args.get("msg")
    return page(
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
            return page(ctx, user, "error.html", status=404, message="No such handoff.")
        account = await queries.get_account(uow, user.account_id)
        if account is None:
            return redirect("/staff/login")
        try:
            if target == "claimed":
                await handoff_service.claim(uow, account, hid, "console.handoff_claimed")
            else:
                await handoff_service.close(uow, account, hid, "console.handoff_closed")
        except errors.InvalidTransition as exc:
            status = (exc.details or {}).get("status", "")
            return redirect("/staff/handoffs?msg=" + quote(f"Request #{hid} is already {status}."))
        except errors.DomainError as exc:
            return redirect("/staff/handoffs?msg=" + quote(exc.message))
    back = form(request, "back", 300)
    return redirect(back if back.startswith("/staff/") else "/staff/handoffs")


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
    text = form(request, "message", 2000)
    async with ctx.core.uow() as uow:
        h = await queries.get_handoff(uow, hid)
        if h is None:
            return page(ctx, user, "error.html", status=404, message="No such handoff.")
        if h.status != "claimed" or h.claimed_by != user.username:
            return redirect("/staff/handoffs?msg=" + quote("Claim the request before replying."))
        conversation_id, educator_id = h.conversation_id, h.educator_id
    if not text:
        return redirect("/staff/handoffs?msg=" + quote("Type a reply first."))
    try:
        await send_staff_reply(
            ctx.rasa_url, ctx.rasa_api_token, conversation_id, text, user.username, hid
        )
    except RasaReplyError as exc:
        return redirect("/staff/handoffs?msg=" + quote(str(exc)))
    await record_audit(
        ctx,
        user,
        "console.handoff_reply",
        educator_id,
        f"handoff={hid} conversation={conversation_id}",
    )
    return redirect(
        "/staff/handoffs?msg=" + quote(f"Reply sent to conversation {conversation_id}.")
    )
