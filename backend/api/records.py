"""The educator's own records: background, education, assessments, certificates (and PDFs)."""

from __future__ import annotations

from urllib.parse import quote

from sanic import Blueprint, Request
from sanic.response import HTTPResponse, json, raw

from backend.adapters.models import Account
from backend.adapters.pdf import certificate_pdf
from backend.adapters.uow import UnitOfWork
from backend.api import deps
from backend.api.deps import doc_body
from backend.api.schemas import (
    CollegeCreate,
    assessment_public,
    background_public,
    certificate_public,
    college_public,
    transcript_public,
)
from backend.domain import errors
from backend.services import accounts, profiles, records

bp = Blueprint("records", url_prefix="/me")


@bp.get("/background")
async def background(request: Request) -> HTTPResponse:
    """Fingerprint Information: the background clearance."""
    async with deps.uow(request) as uow:
        account = await deps.current_account(request, uow)
        profile = await profiles.require_profile(uow, account)
        return json(background_public(await records.background(uow, profile)))


@bp.get("/education")
async def education(request: Request) -> HTTPResponse:
    async with deps.uow(request) as uow:
        account = await deps.current_account(request, uow)
        profile = await profiles.require_profile(uow, account)
        return json({
            "colleges": [college_public(c) for c in await records.colleges(uow, profile)],
            "transcripts": [transcript_public(t) for t in await records.transcripts(uow, profile)],
        })


@bp.post("/education/colleges")
@doc_body(CollegeCreate)
async def add_college(request: Request) -> HTTPResponse:
    async with deps.uow(request) as uow:
        account = await deps.current_account(request, uow)
        data = deps.body(request, CollegeCreate)
        profile = await profiles.require_profile(uow, account)
        college = await records.add_college(uow, profile, data.name, data.city, data.state)
        return json(college_public(college), status=201)


@bp.get("/assessments")
async def assessments(request: Request) -> HTTPResponse:
    async with deps.uow(request) as uow:
        account = await deps.current_account(request, uow)
        profile = await profiles.require_profile(uow, account)
        rows = await records.assessments(uow, profile)
        return json({"assessments": [assessment_public(a) for a in rows]})


@bp.get("/certificates")
async def certificates(request: Request) -> HTTPResponse:
    """Certificate Status, with a short-lived link to print each certificate."""
    c = deps.ctx(request)
    async with deps.uow(request) as uow:
        account = await deps.current_account(request, uow)
        profile = await profiles.require_profile(uow, account)
        out = []
        for cert in await records.certificates(uow, profile):
            token = c.crypto.view_token(cert.id, account.id, c.settings.view_token_ttl_seconds)
            url = (f"{c.settings.public_base_url}/api/v1/me/certificates/{cert.id}/pdf"
                   f"?token={quote(token)}")
            out.append(certificate_public(cert, records.effective_certificate_status(cert), url))
        return json({"certificates": out})


async def _pdf_account(request: Request, uow: UnitOfWork, cert_id: int) -> Account:
    view = request.args.get("token")
    if view and not deps.bearer(request):
        account_id = deps.ctx(request).crypto.check_view_token(view, cert_id)
        account = await accounts.get_by_id(uow, account_id) if account_id else None
        if account is None:
            raise errors.NotAuthenticated("This certificate link has expired. Open it again "
                                          "from Certificate Status.")
        return account
    return await deps.current_account(request, uow)


@bp.get("/certificates/<cert_id:int>/pdf")
async def certificate_file(request: Request, cert_id: int) -> HTTPResponse:
    """View Certificate: the printable PDF."""
    async with deps.uow(request) as uow:
        account = await _pdf_account(request, uow, cert_id)
        profile = await profiles.require_profile(uow, account)
        cert = await records.own_certificate(uow, profile, cert_id)
        pdf = certificate_pdf(
            holder_name=profile.full_name, educator_id=profile.educator_id, cert_type=cert.type,
            area=cert.area, status=records.effective_certificate_status(cert),
            issued_on=cert.issued_on, expires_on=cert.expires_on,
        )
    return raw(pdf, content_type="application/pdf", headers={
        "Content-Disposition": f'inline; filename="certificate-{cert_id}.pdf"',
        "Cache-Control": "no-store",
    })
