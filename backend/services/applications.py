"""Applications: draft, Professional Conduct answers, Sworn Statement, submit, staff moves."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from sqlalchemy import bindparam, select

from backend.adapters.documents import current_document
from backend.adapters.models import (
    Account,
    Application,
    AuthToken,
    ConductAnswer,
    EducatorProfile,
    StatusHistory,
    UTCDateTime,
    utcnow,
)
from backend.adapters.reads import ReadQuery
from backend.adapters.uow import UnitOfWork
from backend.domain import applications as rules
from backend.domain import catalog, errors
from backend.services import audit, tokens
from backend.services.context import AppContext
from backend.services.profiles import require_profile

logger = logging.getLogger(__name__)


async def _reload(uow: UnitOfWork, app_id: int) -> Application:
    result = await uow.session.execute(
        select(Application)
        .where(Application.id == app_id)
        .execution_options(populate_existing=True)
    )
    return result.scalar_one()


async def create(uow: UnitOfWork, account: Account, type_code: str) -> Application:
    if (type_code or "") not in catalog.TYPES_BY_CODE:
        raise errors.UnknownApplicationType(
            details={"known": sorted(catalog.TYPES_BY_CODE)}
        )
    profile = await require_profile(uow, account)
    existing = (
        await uow.session.execute(
            select(Application).where(
                Application.profile_id == profile.id, Application.type_code == type_code
            )
        )
    ).scalars().all()
    if any(rules.is_open(a.status) for a in existing):
        raise errors.ApplicationExists()
    now = utcnow()
    app = Application(
        profile_id=profile.id, type_code=type_code, status=rules.DRAFT, created_at=now,
        updated_at=now,
    )
    uow.session.add(app)
    await uow.session.flush()
    uow.session.add(StatusHistory(application_id=app.id, status=rules.DRAFT, at=now,
                                  note="Application started", actor="educator"))
    await uow.commit()
    return await _reload(uow, app.id)


async def list_for_profile(uow: UnitOfWork, profile: EducatorProfile) -> list[Application]:
    result = await uow.session.execute(
        select(Application).where(Application.profile_id == profile.id).order_by(Application.id)
    )
    return list(result.scalars().all())


@dataclass(frozen=True)
class ApplicationJson:
    """One application as its stored fields in JSON (`adapters.documents`), with the two
    fields the API looks up in the catalog to complete `ApplicationPublic`."""

    type_code: str
    status: str
    json: str


_OWN_APPLICATIONS = ReadQuery(
    select(EducatorProfile.id, Application.type_code, Application.status, current_document())
    .select_from(AuthToken)
    .outerjoin(EducatorProfile, EducatorProfile.account_id == AuthToken.account_id)
    .outerjoin(Application, Application.profile_id == EducatorProfile.id)
    # The token signs in until it is revoked or expires (as in `tokens.account_for_token`).
    .where(AuthToken.token_hash == bindparam("token_hash"), AuthToken.revoked_at.is_(None),
           AuthToken.expires_at > bindparam("now", type_=UTCDateTime()))
    .order_by(Application.id)
)


async def own_applications_json(ctx: AppContext, token: str | None) -> list[ApplicationJson]:
    """The status lookup: the bearer's applications with answers and history, oldest first.

    One statement checks the token, finds the linked record and reads every document,
    so it is one snapshot. Refusals are `account_for_token`'s and `require_profile`'s.
    """
    digest = tokens.token_digest(ctx, token)
    rows = await ctx.reader.fetch(_OWN_APPLICATIONS, {"token_hash": digest, "now": utcnow()})
    if not rows:  # no such token, or revoked, or expired
        raise errors.NotAuthenticated()
    if rows[0][0] is None:
        raise errors.ProfileNotLinked()
    return [ApplicationJson(type_code, status, doc)
            for _, type_code, status, doc in rows if type_code is not None]


async def get_own(uow: UnitOfWork, account: Account, app_id: int) -> Application:
    profile = await require_profile(uow, account)
    app = await uow.session.get(Application, app_id)
    if app is None or app.profile_id != profile.id:
        raise errors.NotFound("No application with that id on your profile.")
    return app


async def answer_conduct(
    uow: UnitOfWork, account: Account, app_id: int, question_id: str, answer: bool,
    explanation: str | None,
) -> Application:
    app = await get_own(uow, account, app_id)
    text = rules.check_conduct_answer(question_id, answer, explanation)
    rules.check_editable(app.status)
    row = next((a for a in app.answers if a.question_id == question_id), None)
    if row is None:
        app.answers.append(
            ConductAnswer(question_id=question_id, answer=answer, explanation=text)
        )
    else:
        row.answer, row.explanation = answer, text
    app.updated_at = utcnow()
    await uow.commit()
    return await _reload(uow, app.id)


async def accept_sworn_statement(
    uow: UnitOfWork, account: Account, app_id: int, acceptance: str | None
) -> Application:
    app = await get_own(uow, account, app_id)
    rules.check_editable(app.status)
    if not catalog.is_sworn_acceptance(acceptance):
        raise errors.SwornStatementNotAccepted()
    app.sworn_accepted_at = utcnow()
    await uow.commit()
    return await _reload(uow, app.id)


async def submit(uow: UnitOfWork, account: Account, app_id: int) -> Application:
    app = await get_own(uow, account, app_id)
    rules.check_editable(app.status)
    missing = rules.missing_for_submission(
        {a.question_id: (a.answer, a.explanation) for a in app.answers},
        app.sworn_accepted_at is not None,
    )
    if missing:
        raise errors.IncompleteApplication(
            "The application is not complete yet: answer every Professional Conduct question "
            "and accept the Sworn Statement.",
            details={"missing": missing},
        )
    now = utcnow()
    resubmission = app.status == rules.RETURNED
    app.status = rules.SUBMITTED
    app.submitted_at = now
    app.history.append(StatusHistory(
        status=rules.SUBMITTED, at=now, actor="educator",
        note="Resubmitted with more information" if resubmission else "Submitted to DESE",
    ))
    await uow.commit()
    logger.info("application submitted: id=%s type=%s", app.id, app.type_code)
    return await _reload(uow, app.id)


async def staff_set_status(
    uow: UnitOfWork, actor: Account | None, app_id: int, status: str, memo: str | None,
    actor_name: str | None = None,
) -> Application:
    app = await uow.session.get(Application, app_id)
    if app is None:
        raise errors.NotFound("No application with that id.")
    rules.check_staff_transition(app.status, status)
    now = utcnow()
    app.status = status
    if memo is not None and memo.strip():
        app.memo = memo.strip()
    if status == rules.SUBMITTED:
        app.submitted_at = now
    who = actor.username if actor else (actor_name or "cli")
    app.history.append(StatusHistory(status=status, at=now, note=(memo or None), actor=who))
    profile = await uow.session.get(EducatorProfile, app.profile_id)
    audit.record(uow, actor, "application.status", profile.educator_id if profile else None,
                 detail=f"application {app.id} -> {status}", actor_name=actor_name)
    await uow.commit()
    return await _reload(uow, app.id)
