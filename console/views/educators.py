"""An educator's records, read-only, for the certification and admin roles (audited)."""

from __future__ import annotations

from sanic import Request
from sanic.response import HTTPResponse

from backend.services import audit
from console import queries
from console.auth import StaffUser
from console.config import ConsoleContext
from console.views.common import page, snap, staff_only


@staff_only()
async def educator_records(
    request: Request, ctx: ConsoleContext, user: StaffUser, educator_id: str
) -> HTTPResponse:
    if not user.can_see_records:
        return page(ctx, user, "error.html", status=403, message="Your role cannot see records.")
    async with ctx.core.uow() as uow:
        found = await queries.educator_records(uow, educator_id)
        if found is None:
            return page(ctx, user, "error.html", status=404, message="No educator with that ID.")
        profile = snap(found.profile)
        apps = [snap(a) for a in found.applications]
        certs = [snap(c) for c in found.certificates]
        background = snap(found.background)
        account = await queries.get_account(uow, user.account_id)
        audit.record(uow, account, "console.educator_view", educator_id, "staff console summary")
        await uow.commit()
    return page(
        ctx,
        user,
        "educator.html",
        p=profile,
        username=found.username,
        apps=apps,
        certs=certs,
        background=background,
    )
