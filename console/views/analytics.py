"""The analytics page and its PNG charts (over the filtered conversations)."""

from __future__ import annotations

import asyncio

from sanic import Request, response
from sanic.response import HTTPResponse

from console import analytics as charts
from console import queries
from console.auth import StaffUser
from console.config import ConsoleContext
from console.views.common import handoff_map, headers, page, staff_only, summaries


async def _analytics(ctx: ConsoleContext, request: Request) -> charts.Analytics:
    f = queries.Filters.from_args(request.args)
    all_rows = await summaries(ctx)
    handoffs = await handoff_map(ctx)
    rows = queries.apply_filters(all_rows, f, handoffs, {})
    return charts.compute(rows, set(handoffs))


@staff_only()
async def analytics_page(request: Request, ctx: ConsoleContext, user: StaffUser) -> HTTPResponse:
    a = await _analytics(ctx, request)
    f = queries.Filters.from_args(request.args)
    return page(ctx, user, "analytics.html", a=a, f=f, qs=f.query_string())


@staff_only()
async def chart_png(
    request: Request, ctx: ConsoleContext, user: StaffUser, name: str
) -> HTTPResponse:
    draw = charts.CHARTS.get(name.removesuffix(".png")) if name.endswith(".png") else None
    if draw is None:
        return page(ctx, user, "error.html", status=404, message="No such chart.")
    a = await _analytics(ctx, request)
    png = await asyncio.to_thread(draw, a)
    return response.raw(png, content_type="image/png", headers=headers())
