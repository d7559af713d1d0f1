"""API schemas (pydantic), separate from ORM rows and domain objects."""

from __future__ import annotations

import json
from datetime import date, datetime
from functools import lru_cache
from typing import Any, Literal

from pydantic import BaseModel, Field

from backend.adapters.models import (
    Application,
    Assessment,
    BackgroundCheck,
    Certificate,
    College,
    EducatorProfile,
    Handoff,
    Transcript,
)
from backend.domain import applications as app_rules
from backend.domain import catalog, rules
from backend.services.applications import ApplicationJson


class In(BaseModel):
    """Request bodies. Unknown fields are ignored (pydantic's default); Sanic caps body size."""


# ---------------------------------------------------------------- requests
class AccountCreate(In):
    username: str
    email: str
    password: str | None = None


class PasswordSet(In):
    token: str
    password: str


class TokenRequest(In):
    username: str
    password: str


class CodeRequest(In):
    username: str


class CodeVerify(In):
    username: str
    code: str


class ForgotUsername(In):
    email: str


class ForgotPassword(In):
    username: str


class LinkRequest(In):
    ssn: str
    date_of_birth: str


class LegalNameUpdate(In):
    first_name: str
    middle_name: str | None = None
    last_name: str
    gender: str | None = None


class ContactUpdate(In):
    email: str | None = None
    address_line1: str | None = None
    address_line2: str | None = None
    city: str | None = None
    state: str | None = None
    postal_code: str | None = None
    home_phone: str | None = None
    mobile_phone: str | None = None
    work_phone: str | None = None


class ApplicationCreate(In):
    type: str


class ConductAnswerIn(In):
    answer: bool
    explanation: str | None = None


class SwornStatementIn(In):
    acceptance: str


class CollegeCreate(In):
    name: str
    city: str | None = None
    state: str | None = None


class StatusChange(In):
    status: str
    memo: str | None = None


class BackgroundUpdate(In):
    status: Literal["not_started", "pending", "cleared", "under_review"]
    fingerprinted_on: date | None = None
    cleared_on: date | None = None
    expires_on: date | None = None
    agency: str | None = None


class AssessmentCreate(In):
    name: str
    code: str
    score: int = Field(ge=0, le=1000)
    passing_score: int = Field(ge=0, le=1000)
    taken_on: date | None = None


class CertificateCreate(In):
    type: str
    area: str
    status: Literal["active", "inactive", "expired"] = "active"
    issued_on: date
    expires_on: date | None = None


class TranscriptCreate(In):
    college: str
    received_on: date | None = None
    degree: str | None = None
    major: str | None = None
    conferred_on: date | None = None


class HandoffCreate(In):
    conversation_id: str = Field(min_length=1, max_length=120)
    channel: str = Field(default="web", max_length=40)
    reason: str | None = None
    educator_id: str | None = Field(default=None, max_length=12)


class HandoffAttach(In):
    conversation_id: str = Field(min_length=1, max_length=120)


# ---------------------------------------------------------------- responses
class AccountPublic(BaseModel):
    username: str
    email: str
    state: str


class TokenPublic(BaseModel):
    access_token: str
    token_type: str = "bearer"
    expires_in: int


class MePublic(BaseModel):
    username: str
    email: str
    role: str
    access_granted: bool
    linked: bool
    educator_id: str | None = None


class LinkPublic(BaseModel):
    educator_id: str
    ssn_last4: str


class LegalName(BaseModel):
    first: str
    middle: str | None
    last: str


class ContactPublic(BaseModel):
    email: str | None
    address_line1: str | None
    address_line2: str | None
    city: str | None
    state: str | None
    postal_code: str | None
    home_phone: str | None
    mobile_phone: str | None
    work_phone: str | None


class ProfilePublic(BaseModel):
    educator_id: str
    ssn_masked: str
    legal_name: LegalName | None
    gender: str | None
    contact: ContactPublic


def profile_public(p: EducatorProfile) -> dict[str, Any]:
    name = (
        LegalName(first=p.first_name, middle=p.middle_name, last=p.last_name or "")
        if p.first_name else None
    )
    return ProfilePublic(
        educator_id=p.educator_id,
        ssn_masked=rules.mask_ssn(p.ssn_last4),
        legal_name=name,
        gender=p.gender,
        contact=ContactPublic(
            email=p.email, address_line1=p.address_line1, address_line2=p.address_line2,
            city=p.city, state=p.state, postal_code=p.postal_code, home_phone=p.home_phone,
            mobile_phone=p.mobile_phone, work_phone=p.work_phone,
        ),
    ).model_dump(mode="json")


class ConductAnswerPublic(BaseModel):
    question_id: str
    answer: bool
    explanation: str | None


class HistoryPublic(BaseModel):
    status: str
    at: datetime
    note: str | None


class ApplicationPublic(BaseModel):
    id: int
    type: str
    type_name: str
    status: str
    status_label: str
    created_at: datetime
    submitted_at: datetime | None
    memo: str | None
    conduct_answers: list[ConductAnswerPublic]
    sworn_statement_accepted: bool
    checklist: list[str]
    mailing_address: str
    history: list[HistoryPublic]


def json_time(d: datetime | None) -> str | None:
    """A datetime as pydantic's JSON mode writes it (UTC as "Z")."""
    if d is None:
        return None
    text = d.isoformat()
    return text[:-6] + "Z" if text.endswith("+00:00") else text


@lru_cache(maxsize=512)
def _catalog_fields(type_code: str, status: str) -> dict[str, Any]:
    """The fields of `ApplicationPublic` that come from the catalog, not the database."""
    app_type = catalog.TYPES_BY_CODE.get(type_code)
    return {
        "type_name": app_type.name if app_type else type_code,
        "status_label": app_rules.STATUS_LABELS.get(status, status),
        "checklist": list(app_type.checklist) if app_type else [],
        "mailing_address": catalog.MAILING_ADDRESS,
    }


@lru_cache(maxsize=512)
def _catalog_fields_json(type_code: str, status: str) -> str:
    """`_catalog_fields` as the members of a JSON object, without the braces."""
    return json.dumps(_catalog_fields(type_code, status), separators=(",", ":"))[1:-1]


def application_public(a: Application) -> dict[str, Any]:
    """The `ApplicationPublic` shape of an ORM application (with answers and history)."""
    fields = _catalog_fields(a.type_code, a.status)
    return {
        "id": a.id,
        "type": a.type_code,
        "status": a.status,
        "created_at": json_time(a.created_at),
        "submitted_at": json_time(a.submitted_at),
        "memo": a.memo,
        "conduct_answers": [
            {"question_id": x.question_id, "answer": bool(x.answer),
             "explanation": x.explanation}
            for x in a.answers
        ],
        "sworn_statement_accepted": a.sworn_accepted_at is not None,
        "history": [
            {"status": h.status, "at": json_time(h.at), "note": h.note} for h in a.history
        ],
        **fields,
        "checklist": list(fields["checklist"]),  # the cached dict is shared: copy its list
    }


def application_public_json(a: ApplicationJson) -> str:
    """The `ApplicationPublic` JSON of an application the database wrote as JSON: its
    stored fields, completed with the catalog's. This is the hot status-lookup path;
    `tests/integration/backend/test_status_reads.py` holds it to `application_public` and
    the schema."""
    return "{" + _catalog_fields_json(a.type_code, a.status) + "," + a.json.lstrip()[1:]


def application_type_public(t: catalog.ApplicationType) -> dict[str, Any]:
    return {"code": t.code, "name": t.name, "description": t.description, "fee": t.fee,
            "checklist": list(t.checklist), "aliases": list(t.aliases), "common": t.common}


def background_public(b: BackgroundCheck | None) -> dict[str, Any]:
    if b is None:
        return {"status": "not_started", "fingerprinted_on": None, "cleared_on": None,
                "expires_on": None, "agency": None}
    return {
        "status": b.status,
        "fingerprinted_on": b.fingerprinted_on.isoformat() if b.fingerprinted_on else None,
        "cleared_on": b.cleared_on.isoformat() if b.cleared_on else None,
        "expires_on": b.expires_on.isoformat() if b.expires_on else None,
        "agency": b.agency,
    }


def _iso(d: date | None) -> str | None:
    return d.isoformat() if d else None


def college_public(c: College) -> dict[str, Any]:
    return {"id": c.id, "name": c.name, "city": c.city, "state": c.state, "added_by": c.added_by}


def transcript_public(t: Transcript) -> dict[str, Any]:
    return {"college": t.college, "received_on": _iso(t.received_on), "degree": t.degree,
            "major": t.major, "conferred_on": _iso(t.conferred_on)}


def assessment_public(a: Assessment) -> dict[str, Any]:
    return {"name": a.name, "code": a.code, "score": a.score, "passing_score": a.passing_score,
            "passed": a.score >= a.passing_score, "taken_on": _iso(a.taken_on)}


def certificate_public(c: Certificate, status: str, view_url: str | None) -> dict[str, Any]:
    out: dict[str, Any] = {"id": c.id, "type": c.type, "area": c.area, "status": status,
                           "issued_on": _iso(c.issued_on), "expires_on": _iso(c.expires_on)}
    if view_url is not None:
        out["view_url"] = view_url
    return out


def handoff_public(h: Handoff) -> dict[str, Any]:
    return {
        "id": h.id, "conversation_id": h.conversation_id, "channel": h.channel,
        "reason": h.reason, "educator_id": h.educator_id, "status": h.status,
        "created_at": h.created_at.isoformat(), "claimed_by": h.claimed_by,
        "claimed_at": h.claimed_at.isoformat() if h.claimed_at else None,
        "closed_at": h.closed_at.isoformat() if h.closed_at else None,
    }
