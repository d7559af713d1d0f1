"""/api/v1/accounts: create, availability, set password."""

from __future__ import annotations

from sanic import Blueprint, Request
from sanic.response import HTTPResponse, json

from backend.api import deps
from backend.api.deps import doc_body
from backend.api.schemas import AccountCreate, AccountPublic, PasswordSet
from backend.services import accounts

bp = Blueprint("accounts", url_prefix="/accounts")


@bp.post("/")
@doc_body(AccountCreate)
async def create_account(request: Request) -> HTTPResponse:
    """Create an account; without a password a set-password link is emailed."""
    data = deps.body(request, AccountCreate)
    async with deps.uow(request) as uow:
        account = await accounts.create_account(
            deps.ctx(request), uow, data.username, data.email, data.password,
            client=deps.client_id(request),
        )
        out = AccountPublic(username=account.username, email=account.email, state=account.state)
    return json(out.model_dump(), status=201)


@bp.get("/availability")
async def availability(request: Request) -> HTTPResponse:
    """Is this username free and valid?"""
    username = (request.args.get("username") or "").strip()
    async with deps.uow(request) as uow:
        available, problem = await accounts.username_availability(
            deps.ctx(request), uow, username, deps.client_id(request)
        )
    out: dict[str, object] = {"username": username, "available": available}
    if problem is not None:
        out["code"] = problem.code
        out["message"] = problem.message
    return json(out)


@bp.post("/password")
@doc_body(PasswordSet)
async def set_password(request: Request) -> HTTPResponse:
    """Set the password from an emailed token."""
    data = deps.body(request, PasswordSet)
    async with deps.uow(request) as uow:
        account = await accounts.set_password(deps.ctx(request), uow, data.token, data.password)
    return json({"username": account.username, "state": account.state})
