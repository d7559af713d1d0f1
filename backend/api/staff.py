"""Staff endpoints: district reads by Educator ID, certification staff updates. All audited."""

from __future__ import annotations

from sanic import Blueprint, Request
from sanic.response import HTTPResponse, json

from backend.api import deps
from backend.api.deps import doc_body
from backend.api.schemas import (
    AssessmentCreate,
    BackgroundUpdate,
    CertificateCreate,
    StatusChange,
    TranscriptCreate,
    application_public,
    assessment_public,
    background_public,
    certificate_public,
    college_public,
    profile_public,
    transcript_public,
)
from backend.services import applications, audit, records

district_bp = Blueprint("educators", url_prefix="/educators")
bp = Blueprint("staff", url_prefix="/staff")

READERS = ("district", "helpdesk", "certification")
CERTIFIERS = ("certification",)


@district_bp.get("/<educator_id:str>/certificates")
async def educator_certificates(request: Request, educator_id: str) -> HTTPResponse:
    async with deps.uow(request) as uow:
        actor = await deps.current_account(request, uow)
        deps.require_role(actor, *READERS)
        audit.record(uow, actor, "read.certificates", educator_id)
        await uow.commit()
        profile = await records.require_educator(uow, educator_id)
        certs = await records.certificates(uow, profile)
        return json({"educator_id": educator_id, "certificates": [
            certificate_public(c, records.effective_certificate_status(c), None) for c in certs
        ]})


@district_bp.get("/<educator_id:str>/background")
async def educator_background(request: Request, educator_id: str) -> HTTPResponse:
    async with deps.uow(request) as uow:
        actor = await deps.current_account(request, uow)
        deps.require_role(actor, *READERS)
        audit.record(uow, actor, "read.background", educator_id)
        await uow.commit()
        profile = await records.require_educator(uow, educator_id)
        out = background_public(await records.background(uow, profile))
        out["educator_id"] = educator_id
        return json(out)


@district_bp.get("/<educator_id:str>/assessments")
async def educator_assessments(request: Request, educator_id: str) -> HTTPResponse:
    async with deps.uow(request) as uow:
        actor = await deps.current_account(request, uow)
        deps.require_role(actor, *READERS)
        audit.record(uow, actor, "read.assessments", educator_id)
        await uow.commit()
        profile = await records.require_educator(uow, educator_id)
        rows = await records.assessments(uow, profile)
        return json({"educator_id": educator_id,
                     "assessments": [assessment_public(a) for a in rows]})


@bp.get("/educators/<educator_id:str>")
async def educator_summary(request: Request, educator_id: str) -> HTTPResponse:
    """Profile summary for help-desk and certification staff (masked SSN, no DOB)."""
    async with deps.uow(request) as uow:
        actor = await deps.current_account(request, uow)
        deps.require_role(actor, "helpdesk", "certification")
        audit.record(uow, actor, "read.profile", educator_id)
        await uow.commit()
        profile = await records.require_educator(uow, educator_id)
        out = profile_public(profile)
        out["linked"] = profile.account_id is not None
        out["applications"] = [application_public(a)
                               for a in await applications.list_for_profile(uow, profile)]
        out["background"] = background_public(await records.background(uow, profile))
        out["colleges"] = [college_public(c) for c in await records.colleges(uow, profile)]
        out["transcripts"] = [transcript_public(t)
                              for t in await records.transcripts(uow, profile)]
        out["assessments"] = [assessment_public(a)
                              for a in await records.assessments(uow, profile)]
        out["certificates"] = [certificate_public(c, records.effective_certificate_status(c), None)
                               for c in await records.certificates(uow, profile)]
        return json(out)


@bp.post("/applications/<app_id:int>/status")
@doc_body(StatusChange)
async def set_status(request: Request, app_id: int) -> HTTPResponse:
    async with deps.uow(request) as uow:
        actor = await deps.current_account(request, uow)
        deps.require_role(actor, *CERTIFIERS)
        data = deps.body(request, StatusChange)
        app = await applications.staff_set_status(uow, actor, app_id, data.status, data.memo)
        return json(application_public(app))


@bp.put("/educators/<educator_id:str>/background")
@doc_body(BackgroundUpdate)
async def put_background(request: Request, educator_id: str) -> HTTPResponse:
    async with deps.uow(request) as uow:
        actor = await deps.current_account(request, uow)
        deps.require_role(actor, *CERTIFIERS)
        d = deps.body(request, BackgroundUpdate)
        check = await records.set_background(uow, actor, educator_id, d.status,
                                             d.fingerprinted_on, d.cleared_on, d.expires_on,
                                             d.agency)
        return json(background_public(check))


@bp.post("/educators/<educator_id:str>/assessments")
@doc_body(AssessmentCreate)
async def post_assessment(request: Request, educator_id: str) -> HTTPResponse:
    async with deps.uow(request) as uow:
        actor = await deps.current_account(request, uow)
        deps.require_role(actor, *CERTIFIERS)
        d = deps.body(request, AssessmentCreate)
        row = await records.add_assessment(uow, actor, educator_id, d.name, d.code, d.score,
                                           d.passing_score, d.taken_on)
        return json(assessment_public(row), status=201)


@bp.post("/educators/<educator_id:str>/certificates")
@doc_body(CertificateCreate)
async def post_certificate(request: Request, educator_id: str) -> HTTPResponse:
    async with deps.uow(request) as uow:
        actor = await deps.current_account(request, uow)
        deps.require_role(actor, *CERTIFIERS)
        d = deps.body(request, CertificateCreate)
        cert = await records.add_certificate(uow, actor, educator_id, d.type, d.area,
                                             d.issued_on, d.expires_on, d.status)
        return json(certificate_public(cert, records.effective_certificate_status(cert), None),
                    status=201)


@bp.post("/educators/<educator_id:str>/transcripts")
@doc_body(TranscriptCreate)
async def post_transcript(request: Request, educator_id: str) -> HTTPResponse:
    async with deps.uow(request) as uow:
        actor = await deps.current_account(request, uow)
        deps.require_role(actor, *CERTIFIERS)
        d = deps.body(request, TranscriptCreate)
        row = await records.add_transcript(uow, actor, educator_id, d.college, d.received_on,
                                           d.degree, d.major, d.conferred_on)
        return json(transcript_public(row), status=201)
