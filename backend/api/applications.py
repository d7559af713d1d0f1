"""Application catalog (public) and the educator's applications."""

from __future__ import annotations

from sanic import Blueprint, Request
from sanic.response import HTTPResponse, json, raw

from backend.api import deps
from backend.api.deps import doc_body
from backend.api.schemas import (
    ApplicationCreate,
    ConductAnswerIn,
    SwornStatementIn,
    application_public,
    application_public_json,
    application_type_public,
)
from backend.domain import catalog
from backend.services import applications

catalog_bp = Blueprint("catalog")
bp = Blueprint("applications", url_prefix="/me/applications")


@catalog_bp.get("/application-types")
async def application_types(request: Request) -> HTTPResponse:
    """Every application type with its fee and checklist of documents to mail."""
    return json({"types": [application_type_public(t) for t in catalog.APPLICATION_TYPES]})


@catalog_bp.get("/reference")
async def reference(request: Request) -> HTTPResponse:
    """Facts the chat states: the mailing address and the "which application" table."""
    return json({
        "mailing_address": catalog.MAILING_ADDRESS,
        "recommendations": {key: {"type": r.type_code, "reason": r.reason}
                            for key, r in catalog.RECOMMENDATIONS.items()},
    })


@catalog_bp.get("/conduct-questions")
async def conduct_questions(request: Request) -> HTTPResponse:
    return json({"questions": [{"id": q.id, "text": q.text} for q in catalog.CONDUCT_QUESTIONS]})


@catalog_bp.get("/sworn-statement")
@doc_body(SwornStatementIn)
async def sworn_statement(request: Request) -> HTTPResponse:
    return json({"text": catalog.SWORN_STATEMENT})


@bp.post("/")
@doc_body(ApplicationCreate)
async def create(request: Request) -> HTTPResponse:
    async with deps.uow(request) as uow:
        account = await deps.current_account(request, uow)
        data = deps.body(request, ApplicationCreate)
        app = await applications.create(uow, account, data.type)
        return json(application_public(app), status=201)


@bp.get("/")
async def list_own(request: Request) -> HTTPResponse:
    """The status lookup: every application with its status, memo, answers and history."""
    apps = await applications.own_applications_json(deps.ctx(request), deps.bearer(request))
    body = '{"applications":[' + ",".join(application_public_json(a) for a in apps) + "]}"
    return raw(body, content_type="application/json")


@bp.get("/<app_id:int>")
async def get_one(request: Request, app_id: int) -> HTTPResponse:
    async with deps.uow(request) as uow:
        account = await deps.current_account(request, uow)
        return json(application_public(await applications.get_own(uow, account, app_id)))


@bp.put("/<app_id:int>/conduct/<question_id:str>")
@doc_body(ConductAnswerIn)
async def answer(request: Request, app_id: int, question_id: str) -> HTTPResponse:
    async with deps.uow(request) as uow:
        account = await deps.current_account(request, uow)
        data = deps.body(request, ConductAnswerIn)
        app = await applications.answer_conduct(uow, account, app_id, question_id, data.answer,
                                                data.explanation)
        return json(application_public(app))


@bp.post("/<app_id:int>/sworn-statement")
async def sworn(request: Request, app_id: int) -> HTTPResponse:
    async with deps.uow(request) as uow:
        account = await deps.current_account(request, uow)
        data = deps.body(request, SwornStatementIn)
        app = await applications.accept_sworn_statement(uow, account, app_id, data.acceptance)
        return json(application_public(app))


@bp.post("/<app_id:int>/submit")
async def submit(request: Request, app_id: int) -> HTTPResponse:
    async with deps.uow(request) as uow:
        account = await deps.current_account(request, uow)
        app = await applications.submit(uow, account, app_id)
        return json(application_public(app))
