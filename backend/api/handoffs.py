"""/api/v1/handoffs: the bot opens a help-desk handoff; help-desk staff work the queue."""

from __future__ import annotations

from sanic import Blueprint, Request
from sanic.response import HTTPResponse, json

from backend.api import deps
from backend.api.deps import doc_body
from backend.api.schemas import HandoffAttach, HandoffCreate, handoff_public
from backend.domain import errors
from backend.services import handoffs

bp = Blueprint("handoffs", url_prefix="/handoffs")


@bp.post("/")
@doc_body(HandoffCreate)
async def open_handoff(request: Request) -> HTTPResponse:
    """Open a handoff (service key required: the action server calls this)."""
    if not deps.has_service_key(request):
        raise errors.NotAuthenticated("A valid X-Service-Key is required.")
    data = deps.body(request, HandoffCreate)
    async with deps.uow(request) as uow:
        row = await handoffs.open_handoff(uow, data.conversation_id, data.channel, data.reason,
                                          data.educator_id)
        return json({"id": row.id, "status": row.status,
                     "created_at": row.created_at.isoformat()}, status=201)


@bp.post("/educator")
@doc_body(HandoffAttach)
async def attach_educator(request: Request) -> HTTPResponse:
    """Give the conversation's handoffs that have none the Educator ID of the educator now
    signed in there (service key and the educator's bearer token required: the action server
    calls this after a sign-in or a link)."""
    if not deps.has_service_key(request):
        raise errors.NotAuthenticated("A valid X-Service-Key is required.")
    data = deps.body(request, HandoffAttach)
    async with deps.uow(request) as uow:
        account = await deps.current_account(request, uow)
        updated = await handoffs.attach_educator(uow, data.conversation_id, account)
        return json({"updated": updated})


@bp.get("/")
async def list_handoffs(request: Request) -> HTTPResponse:
    async with deps.uow(request) as uow:
        actor = await deps.current_account(request, uow)
        deps.require_role(actor, "helpdesk")
        rows = await handoffs.list_handoffs(uow, request.args.get("status"))
        return json({"handoffs": [handoff_public(h) for h in rows]})


@bp.post("/<handoff_id:int>/claim")
async def claim(request: Request, handoff_id: int) -> HTTPResponse:
    async with deps.uow(request) as uow:
        actor = await deps.current_account(request, uow)
        deps.require_role(actor, "helpdesk")
        return json(handoff_public(await handoffs.claim(uow, actor, handoff_id)))


@bp.post("/<handoff_id:int>/close")
async def close(request: Request, handoff_id: int) -> HTTPResponse:
    async with deps.uow(request) as uow:
        actor = await deps.current_account(request, uow)
        deps.require_role(actor, "helpdesk")
        return json(handoff_public(await handoffs.close(uow, actor, handoff_id)))
