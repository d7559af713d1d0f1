"""/api/v1/auth: tokens, one-time codes, recovery, logout."""

from __future__ import annotations

from sanic import Blueprint, Request
from sanic.response import HTTPResponse, empty, json

from backend.api import deps
from backend.api.deps import doc_body
from backend.api.schemas import (
    CodeRequest,
    CodeVerify,
    ForgotPassword,
    ForgotUsername,
    TokenPublic,
    TokenRequest,
)
from backend.services import recovery, signin, tokens

bp = Blueprint("auth", url_prefix="/auth")

SENT = {"status": "sent"}


def _token(issued: tokens.IssuedToken) -> HTTPResponse:
    return json(TokenPublic(access_token=issued.access_token, expires_in=issued.expires_in)
                .model_dump())


@bp.post("/token")
@doc_body(TokenRequest)
async def token(request: Request) -> HTTPResponse:
    """Sign in with username and password."""
    data = deps.body(request, TokenRequest)
    async with deps.uow(request) as uow:
        issued = await signin.sign_in_with_password(
            deps.ctx(request), uow, data.username, data.password, deps.client_id(request)
        )
    return _token(issued)


@bp.post("/code")
@doc_body(CodeRequest)
async def code(request: Request) -> HTTPResponse:
    """Email a one-time sign-in code (always 202)."""
    data = deps.body(request, CodeRequest)
    await signin.request_login_code(deps.ctx(request), data.username, deps.client_id(request))
    return json(SENT, status=202)


@bp.post("/code/verify")
@doc_body(CodeVerify)
async def verify(request: Request) -> HTTPResponse:
    """Exchange a one-time code for a bearer token."""
    data = deps.body(request, CodeVerify)
    async with deps.uow(request) as uow:
        issued = await signin.verify_login_code(
            deps.ctx(request), uow, data.username, data.code, deps.client_id(request)
        )
    return _token(issued)


@bp.post("/forgot-username")
@doc_body(ForgotUsername)
async def forgot_username(request: Request) -> HTTPResponse:
    data = deps.body(request, ForgotUsername)
    await recovery.forgot_username(deps.ctx(request), data.email, deps.client_id(request))
    return json(SENT, status=202)


@bp.post("/forgot-password")
@doc_body(ForgotPassword)
async def forgot_password(request: Request) -> HTTPResponse:
    data = deps.body(request, ForgotPassword)
    await recovery.forgot_password(deps.ctx(request), data.username, deps.client_id(request))
    return json(SENT, status=202)


@bp.post("/logout")
async def logout(request: Request) -> HTTPResponse:
    async with deps.uow(request) as uow:
        await tokens.logout(deps.ctx(request), uow, deps.bearer(request))
    return empty(status=204)
