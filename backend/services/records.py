"""Background clearance, education, assessments and certificates (read and staff writes)."""

from __future__ import annotations

import logging
from datetime import date

from sqlalchemy import select

from backend.adapters.models import (
    Account,
    Assessment,
    BackgroundCheck,
    Certificate,
    College,
    EducatorProfile,
    Transcript,
    utcnow,
)
from backend.adapters.uow import UnitOfWork
from backend.domain import errors
from backend.domain import records as record_rules
from backend.services import audit
from backend.services.profiles import profile_by_educator_id

logger = logging.getLogger(__name__)

BACKGROUND_STATUSES = ("not_started", "pending", "cleared", "under_review")
CERTIFICATE_STATUSES = ("active", "inactive", "expired")


def _bad(field: str, message: str) -> errors.ValidationFailed:
    return errors.ValidationFailed(details={"fields": [{"field": field, "message": message}]})


async def require_educator(uow: UnitOfWork, educator_id: str) -> EducatorProfile:
    profile = await profile_by_educator_id(uow, educator_id)
    if profile is None:
        raise errors.NotFound("No educator with that Educator ID.")
    return profile


# ---------------------------------------------------------------- reads
async def background(uow: UnitOfWork, profile: EducatorProfile) -> BackgroundCheck | None:
    result = await uow.session.execute(
        select(BackgroundCheck).where(BackgroundCheck.profile_id == profile.id)
    )
    check = result.scalar_one_or_none()
    if check is not None and check.status == "cleared" and check.expires_on and \
            check.expires_on < date.today():
        # A clearance is good for 12 months; report it as needing a new check afterwards.
        check.status = "not_started"
    return check


async def colleges(uow: UnitOfWork, profile: EducatorProfile) -> list[College]:
    result = await uow.session.execute(
        select(College).where(College.profile_id == profile.id).order_by(College.id)
    )
    return list(result.scalars().all())


async def transcripts(uow: UnitOfWork, profile: EducatorProfile) -> list[Transcript]:
    result = await uow.session.execute(
        select(Transcript).where(Transcript.profile_id == profile.id).order_by(Transcript.id)
    )
    return list(result.scalars().all())


async def assessments(uow: UnitOfWork, profile: EducatorProfile) -> list[Assessment]:
    result = await uow.session.execute(
        select(Assessment).where(Assessment.profile_id == profile.id).order_by(Assessment.id)
    )
    return list(result.scalars().all())


def effective_certificate_status(cert: Certificate, today: date | None = None) -> str:
    today = today or date.today()
    if cert.status == "active" and cert.expires_on is not None and cert.expires_on < today:
        return "expired"
    return cert.status


async def certificates(uow: UnitOfWork, profile: EducatorProfile) -> list[Certificate]:
    result = await uow.session.execute(
        select(Certificate).where(Certificate.profile_id == profile.id).order_by(Certificate.id)
    )
    return list(result.scalars().all())


async def own_certificate(uow: UnitOfWork, profile: EducatorProfile, cert_id: int) -> Certificate:
    cert = await uow.session.get(Certificate, cert_id)
    if cert is None or cert.profile_id != profile.id:
        raise errors.NotFound("No certificate with that id on your profile.")
    return cert


# ---------------------------------------------------------------- educator writes
async def add_college(
    uow: UnitOfWork, profile: EducatorProfile, name: str, city: str | None, state: str | None,
    added_by: str = "educator",
) -> College:
    clean = " ".join((name or "").split())
    if not clean or len(clean) > 200:
        raise _bad("name", "is required (at most 200 characters)")
    norm = clean.lower()
    exists = (
        await uow.session.execute(
            select(College).where(College.profile_id == profile.id, College.name_normalized == norm)
        )
    ).scalar_one_or_none()
    if exists is not None:
        raise errors.CollegeExists()
    college = College(
        profile_id=profile.id, name=clean, name_normalized=norm,
        city=(city or "").strip() or None, state=(state or "").strip() or None,
        added_by=added_by, created_at=utcnow(),
    )
    uow.session.add(college)
    await uow.commit()
    return college


# ---------------------------------------------------------------- staff writes
async def set_background(
    uow: UnitOfWork, actor: Account | None, educator_id: str, status: str,
    fingerprinted_on: date | None = None, cleared_on: date | None = None,
    expires_on: date | None = None, agency: str | None = None, actor_name: str | None = None,
) -> BackgroundCheck:
    if status not in BACKGROUND_STATUSES:
        raise _bad("status", "one of " + ", ".join(BACKGROUND_STATUSES))
    today = date.today()
    record_rules.check_event_dates(today, fingerprinted_on=fingerprinted_on,
                                   cleared_on=cleared_on)
    record_rules.check_expiry(today, expires_on, cleared_on or fingerprinted_on)
    profile = await require_educator(uow, educator_id)
    check = (
        await uow.session.execute(
            select(BackgroundCheck).where(BackgroundCheck.profile_id == profile.id)
        )
    ).scalar_one_or_none()
    if check is None:
        check = BackgroundCheck(profile_id=profile.id)
        uow.session.add(check)
    if status == "cleared" and cleared_on is not None and expires_on is None:
        expires_on = record_rules.clearance_expiry(cleared_on)
    check.status = status
    check.fingerprinted_on = fingerprinted_on
    check.cleared_on = cleared_on
    check.expires_on = expires_on
    check.agency = agency or "Missouri State Highway Patrol / FBI (MACHS)"
    check.updated_at = utcnow()
    audit.record(uow, actor, "background.update", educator_id, detail=status, actor_name=actor_name)
    await uow.commit()
    return check


async def add_assessment(
    uow: UnitOfWork, actor: Account | None, educator_id: str, name: str, code: str, score: int,
    passing_score: int, taken_on: date | None, actor_name: str | None = None,
) -> Assessment:
    record_rules.check_event_dates(date.today(), taken_on=taken_on)
    profile = await require_educator(uow, educator_id)
    if not (name or "").strip():
        raise _bad("name", "is required")
    row = Assessment(
        profile_id=profile.id, name=name.strip(), code=(code or "").strip() or name.strip()[:40],
        score=score, passing_score=passing_score, taken_on=taken_on, created_at=utcnow(),
    )
    uow.session.add(row)
    audit.record(uow, actor, "assessment.add", educator_id, detail=row.code, actor_name=actor_name)
    await uow.commit()
    return row


async def add_certificate(
    uow: UnitOfWork, actor: Account | None, educator_id: str, type_: str, area: str,
    issued_on: date, expires_on: date | None, status: str = "active",
    actor_name: str | None = None,
) -> Certificate:
    if status not in CERTIFICATE_STATUSES:
        raise _bad("status", "one of " + ", ".join(CERTIFICATE_STATUSES))
    if not (type_ or "").strip():
        raise _bad("type", "is required")
    if not (area or "").strip():
        raise _bad("area", "is required")
    today = date.today()
    record_rules.check_event_dates(today, issued_on=issued_on)
    record_rules.check_expiry(today, expires_on, issued_on)
    profile = await require_educator(uow, educator_id)
    cert = Certificate(
        profile_id=profile.id, type=type_.strip(), area=area.strip(), status=status,
        issued_on=issued_on, expires_on=expires_on, created_at=utcnow(),
    )
    uow.session.add(cert)
    audit.record(uow, actor, "certificate.issue", educator_id, detail=cert.type,
                 actor_name=actor_name)
    await uow.commit()
    return cert


async def add_transcript(
    uow: UnitOfWork, actor: Account | None, educator_id: str, college: str,
    received_on: date | None, degree: str | None, major: str | None,
    conferred_on: date | None, actor_name: str | None = None,
) -> Transcript:
    record_rules.check_event_dates(date.today(), received_on=received_on,
                                   conferred_on=conferred_on)
    profile = await require_educator(uow, educator_id)
    name = " ".join((college or "").split())
    if not name:
        raise _bad("college", "is required")
    exists = (
        await uow.session.execute(
            select(College).where(College.profile_id == profile.id,
                                  College.name_normalized == name.lower())
        )
    ).scalar_one_or_none()
    if exists is None:
        uow.session.add(College(profile_id=profile.id, name=name, name_normalized=name.lower(),
                                added_by="staff", created_at=utcnow()))
    row = Transcript(
        profile_id=profile.id, college=name, received_on=received_on, degree=degree,
        major=major, conferred_on=conferred_on, created_at=utcnow(),
    )
    uow.session.add(row)
    audit.record(uow, actor, "transcript.add", educator_id, detail=name, actor_name=actor_name)
    await uow.commit()
    return row
