"""/api/v1/me: the signed-in educator's account, access grant, SSN link and profile."""

from __future__ import annotations

from typing import Any

from sanic import Blueprint, Request
from sanic.response import HTTPResponse, json

from backend.api import deps
from backend.api.deps import doc_body
from backend.api.schemas import (
    ContactUpdate,
    LegalNameUpdate,
    LinkPublic,
    LinkRequest,
    MePublic,
    profile_public,
)
from backend.domain import errors
from backend.services import accounts, profiles

bp = Blueprint("me", url_prefix="/me")


@bp.get("/")
async def me(request: Request) -> HTTPResponse:
    """Who am I: role, access grant and link state."""
    async with deps.uow(request) as uow:
        account = await deps.current_account(request, uow)
        profile = await profiles.profile_for_account(uow, account)
        out = MePublic(
            username=account.username, email=account.email, role=account.role,
            access_granted=account.access_granted_at is not None, linked=profile is not None,
            educator_id=profile.educator_id if profile else None,
        )
    return json(out.model_dump())


@bp.post("/access")
async def request_access(request: Request) -> HTTPResponse:
    """Request Educator Certification System access (a grant on the account)."""
    async with deps.uow(request) as uow:
        account = await deps.current_account(request, uow)
        granted_at, created = await accounts.request_access(uow, account)
    return json({"system": "educator_certification", "granted_at": granted_at.isoformat()},
                status=201 if created else 200)


@bp.post("/link")
@doc_body(LinkRequest)
async def link(request: Request) -> HTTPResponse:
    """Link SSN and date of birth: one username per SSN."""
    async with deps.uow(request) as uow:
        account = await deps.current_account(request, uow)
        data = deps.body(request, LinkRequest)
        result = await profiles.link(deps.ctx(request), uow, account, data.ssn,
                                     data.date_of_birth, deps.client_id(request))
        out = LinkPublic(educator_id=result.profile.educator_id,
                         ssn_last4=result.profile.ssn_last4)
    return json(out.model_dump(), status=201 if result.created else 200)


@bp.get("/profile")
async def get_profile(request: Request) -> HTTPResponse:
    async with deps.uow(request) as uow:
        account = await deps.current_account(request, uow)
        profile = await profiles.require_profile(uow, account)
        return json(profile_public(profile))


@bp.put("/profile")
@doc_body(LegalNameUpdate)
async def save_profile(request: Request) -> HTTPResponse:
    """Save the legal name (once; afterwards only an unchanged name is accepted)."""
    async with deps.uow(request) as uow:
        account = await deps.current_account(request, uow)
        data = deps.body(request, LegalNameUpdate)
        profile = await profiles.save_legal_name(
            uow, account, data.first_name, data.middle_name, data.last_name, data.gender
        )
        return json(profile_public(profile))


@bp.patch("/profile")
async def patch_profile(request: Request) -> HTTPResponse:
    """Name, SSN, date of birth and gender never change here; contact fields may."""
    async with deps.uow(request) as uow:
        account = await deps.current_account(request, uow)
        raw: Any = deps.body(request, ContactUpdate)  # validates JSON shape
        data: dict[str, Any] = request.json or {}
        asked = [f for f in profiles.IMMUTABLE_FIELDS if f in data]
        if asked:
            profiles.refuse_identity_change(asked)
        profile = await profiles.require_profile(uow, account)
        merged = profile_public(profile)["contact"]
        merged.update(raw.model_dump(exclude_unset=True))
        profile = await profiles.update_contact(uow, account, merged)
        return json(profile_public(profile))


@bp.put("/contact")
@doc_body(ContactUpdate)
async def put_contact(request: Request) -> HTTPResponse:
    """Replace the contact information; email is required."""
    async with deps.uow(request) as uow:
        account = await deps.current_account(request, uow)
        data = deps.body(request, ContactUpdate)
        if data.email is None or not data.email.strip():
            raise errors.EmailRequired()
        profile = await profiles.update_contact(uow, account, data.model_dump())
        return json(profile_public(profile))
