"""The conversation list, a transcript, and its tags and notes."""

from __future__ import annotations

import asyncio
from urllib.parse import quote

from sanic import Request
from sanic.response import HTTPResponse

from console import queries
from console.auth import StaffUser
from console.config import PAGE_SIZE, ConsoleContext
from console.views.common import (
    educators,
    form,
    handoff_map,
    page,
    record_audit,
    redirect,
    snap,
    staff_only,
    summaries,
    tags_map,
)
from pii.redaction import redact_text


@staff_only()
async def conversations(request: Request, ctx: ConsoleContext, user: StaffUser) -> HTTPResponse:
    f = queries.Filters.from_args(request.args)
    all_rows = await summaries(ctx)
    handoffs = await handoff_map(ctx)
    tags = await tags_map(ctx)
    rows = queries.apply_filters(all_rows, f, handoffs, tags)
    pages = max(1, (len(rows) + PAGE_SIZE - 1) // PAGE_SIZE)
    current = min(f.page, pages)
    shown = rows[(current - 1) * PAGE_SIZE : current * PAGE_SIZE]
    channels = sorted({s.channel for s in all_rows if s.channel})
    all_tags = sorted({t for ts in tags.values() for t in ts})
    return page(
        ctx,
        user,
        "conversations.html",
        rows=shown,
        total=len(rows),
        page=current,
        pages=pages,
        f=f,
        channels=channels,
        all_tags=all_tags,
        handoffs=handoffs,
        tags=tags,
        educators=await educators(ctx, shown),
        tracker_configured=ctx.tracker.configured,
    )


@staff_only()
async def transcript(
    request: Request, ctx: ConsoleContext, user: StaffUser, cid: str
) -> HTTPResponse:
    summary = await asyncio.to_thread(ctx.tracker.summary, cid)
    if summary is None:
        return page(ctx, user, "error.html", status=404, message="No such conversation.")
    turns = await asyncio.to_thread(ctx.tracker.transcript, cid)
    async with ctx.core.uow() as uow:
        tags = [snap(t) for t in await queries.conversation_tags(uow, cid)]
        notes = [snap(n) for n in await queries.conversation_notes(uow, cid)]
        conv_handoffs = [
            snap(h) for h in await queries.list_handoffs(uow, None) if h.conversation_id == cid
        ]
    educator_id = (await educators(ctx, [summary])).get(cid)
    await record_audit(ctx, user, "console.transcript_view", educator_id, f"conversation={cid}")
    return page(
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
    tag = _clean_tag(form(request, "tag", 60))
    if tag:
        async with ctx.core.uow() as uow:
            await queries.add_tag(uow, cid, tag, user.username)
    return redirect(f"/staff/conversations/{quote(cid, safe='')}#tags")


@staff_only(post=True)
async def remove_tag(
    request: Request, ctx: ConsoleContext, user: StaffUser, cid: str
) -> HTTPResponse:
    tag = _clean_tag(form(request, "tag", 60))
    async with ctx.core.uow() as uow:
        await queries.remove_tag(uow, cid, tag)
    return redirect(f"/staff/conversations/{quote(cid, safe='')}#tags")


@staff_only(post=True)
async def add_note(
    request: Request, ctx: ConsoleContext, user: StaffUser, cid: str
) -> HTTPResponse:
    body = redact_text(form(request, "note", 4000))
    if body:
        async with ctx.core.uow() as uow:
            await queries.add_note(uow, cid, body, user.username)
    return redirect(f"/staff/conversations/{quote(cid, safe='')}#notes")
