"""Export the filtered conversations as CSV or JSON Lines (audited)."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from typing import Any

from sanic import Request, response
from sanic.response import HTTPResponse

from console import queries
from console.auth import StaffUser
from console.config import ConsoleContext
from console.views.common import (
    handoff_map,
    headers,
    page,
    record_audit,
    staff_only,
    summaries,
    tags_map,
)


@staff_only()
async def export(request: Request, ctx: ConsoleContext, user: StaffUser, fmt: str) -> HTTPResponse:
    if fmt not in ("csv", "jsonl"):
        return page(ctx, user, "error.html", status=404, message="Export as CSV or JSON Lines.")
    f = queries.Filters.from_args(request.args)
    all_rows = await summaries(ctx)
    handoffs = await handoff_map(ctx)
    tags = await tags_map(ctx)
    rows = queries.apply_filters(all_rows, f, handoffs, tags)[: queries.MAX_EXPORT]

    def _events() -> dict[str, list[dict[str, Any]]]:
        return {s.sender_id: ctx.tracker.events(s.sender_id) for s in rows}

    events = await asyncio.to_thread(_events)
    records = queries.export_rows(rows, events, handoffs, tags)
    body = queries.to_csv(records) if fmt == "csv" else queries.to_jsonl(records)
    await record_audit(
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
        headers=headers(
            {"Content-Disposition": f'attachment; filename="conversations-{stamp}.{fmt}"'}
        ),
    )
