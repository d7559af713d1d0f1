"""Request helpers: the app context, body parsing, client identity, sign-in and roles."""

from __future__ import annotations

import hmac
from typing import Any, TypeVar, cast

from pydantic import BaseModel
from sanic import Request
from sanic_ext import openapi

from backend.adapters.models import Account
from backend.adapters.uow import UnitOfWork
from backend.domain import errors
from backend.services import limits, tokens
from backend.services.context import AppContext

M = TypeVar("M", bound=BaseModel)


def doc_body(model: type[BaseModel]) -> Any:
    """Document a JSON request body in the OpenAPI spec (validation stays in `body`)."""
    return openapi.body({"application/json": model}, required=True)


def ctx(request: Request) -> AppContext:
    return cast(AppContext, request.app.ctx.backend)


def uow(request: Request) -> UnitOfWork:
    return ctx(request).uow()


def body(request: Request, model: type[M]) -> M:
    """Parse the JSON body into `model`; bad JSON is a 422 validation_error (never echoed)."""
    try:
        data: Any = request.json
    except Exception:  # noqa: BLE001 - Sanic raises BadRequest for malformed JSON
        data = None
        raise errors.ValidationFailed(
            details={"fields": [{"field": "body", "message": "must be a JSON object"}]}
        ) from None
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise errors.ValidationFailed(
            details={"fields": [{"field": "body", "message": "must be a JSON object"}]}
        )
    bad = unencodable_field(data)
    if bad is not None:
        raise errors.ValidationFailed(
            details={"fields": [{"field": bad, "message": "must be valid Unicode text"}]}
        )
    return model.model_validate(data)


def unencodable_field(data: dict[str, Any]) -> str | None:
    """The path of the first key or string that is not valid Unicode, else None.

    JSON may escape a lone surrogate (`"\\ud800"`); Python keeps it in the string, and
    UTF-8 (the database, the HMAC of a username) cannot encode it."""
    stack: list[tuple[str, Any]] = [("", data)]
    while stack:
        path, value = stack.pop()
        if isinstance(value, str):
            if not _encodable(value):
                return path or "body"
        elif isinstance(value, dict):
            for key, item in value.items():
                where = f"{path}.{key}" if path else str(key)
                if not _encodable(str(key)):
                    return path or "body"
                stack.append((where, item))
        elif isinstance(value, list):
            stack.extend((f"{path}.{i}" if path else str(i), item)
                         for i, item in enumerate(value))
    return None


def _encodable(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def has_service_key(request: Request) -> bool:
    given = request.headers.get("x-service-key") or ""
    expected = ctx(request).settings.service_api_key
    return bool(given) and hmac.compare_digest(given.encode(), expected.encode())


def client_id(request: Request) -> str:
    """The rate-limit identity: the conversation id from a trusted caller, else the peer
    address (the console names its clients the same way: `limits.client_key`)."""
    cid = (request.headers.get("x-client-id") or "").strip()
    return limits.client_key(peer_address(request), cid if cid and has_service_key(request)
                             else None)


def peer_address(request: Request) -> str:
    """The caller's address: the forwarded one when Sanic is configured to trust a proxy."""
    return str(request.remote_addr or request.ip or "")


def bearer(request: Request) -> str | None:
    return tokens.bearer_from_header(request.headers.get("authorization"))


async def current_account(request: Request, work: UnitOfWork) -> Account:
    return await tokens.account_for_token(ctx(request), work, bearer(request))


def require_role(account: Account, *roles: str) -> None:
    if account.role not in roles and account.role != "admin":
        raise errors.Forbidden()
