"""Help-desk handoffs: the bot opens them, help-desk staff claim and close them.

A move follows `domain.handoffs` (one rule for the API and the console) and is committed
together with its audit entry.
"""

from __future__ import annotations

from sqlalchemy import select

from backend.adapters.models import Account, Handoff, utcnow
from backend.adapters.uow import UnitOfWork
from backend.domain import errors
from backend.domain import handoffs as rules
from backend.services import audit
from backend.services.profiles import profile_for_account

HANDOFF_STATUSES = rules.STATUSES


async def open_handoff(
    uow: UnitOfWork, conversation_id: str, channel: str, reason: str | None,
    educator_id: str | None,
) -> Handoff:
    if not (conversation_id or "").strip():
        raise errors.ValidationFailed(
            details={"fields": [{"field": "conversation_id", "message": "is required"}]}
        )
    row = Handoff(
        conversation_id=conversation_id.strip()[:120], channel=(channel or "web").strip()[:40],
        reason=(reason or None), educator_id=(educator_id or None), status="open",
        created_at=utcnow(),
    )
    uow.session.add(row)
    await uow.commit()
    return row


async def attach_educator(uow: UnitOfWork, conversation_id: str, account: Account) -> int:
    """The conversation's handoffs still without an Educator ID (opened before the person
    signed in or linked) get the signed-in educator's. Returns how many changed; none when
    the account is not linked to a record."""
    profile = await profile_for_account(uow, account)
    if profile is None or not profile.educator_id:
        return 0
    rows = (await uow.session.execute(
        select(Handoff).where(Handoff.conversation_id == conversation_id.strip()[:120],
                              Handoff.educator_id.is_(None), Handoff.status != "closed")
    )).scalars().all()
    for row in rows:
        row.educator_id = profile.educator_id
    if rows:
        await uow.commit()
    return len(rows)


async def list_handoffs(uow: UnitOfWork, status: str | None = None) -> list[Handoff]:
    query = select(Handoff).order_by(Handoff.id.desc())
    if status:
        if status not in HANDOFF_STATUSES:
            raise errors.ValidationFailed(
                details={"fields": [{"field": "status", "message": "open, claimed or closed"}]}
            )
        query = query.where(Handoff.status == status)
    return list((await uow.session.execute(query.limit(500))).scalars().all())


async def get_handoff(uow: UnitOfWork, handoff_id: int) -> Handoff:
    row = await uow.session.get(Handoff, handoff_id)
    if row is None:
        raise errors.NotFound("No handoff with that id.")
    return row


async def _locked(uow: UnitOfWork, handoff_id: int) -> Handoff:
    # FOR UPDATE on PostgreSQL, so two staff members cannot both claim one request;
    # SQLite runs one writer at a time.
    query = select(Handoff).where(Handoff.id == handoff_id).with_for_update()
    row = (await uow.session.execute(
        query.execution_options(populate_existing=True))).scalar_one_or_none()
    if row is None:
        raise errors.NotFound("No handoff with that id.")
    return row


def _audit(uow: UnitOfWork, actor: Account, action: str, row: Handoff) -> None:
    audit.record(uow, actor, action, row.educator_id,
                 f"handoff={row.id} conversation={row.conversation_id}")


async def claim(
    uow: UnitOfWork, actor: Account, handoff_id: int, audit_action: str = "handoff.claim"
) -> Handoff:
    row = await _locked(uow, handoff_id)
    rules.check_move(row.status, "claimed")
    row.status = "claimed"
    row.claimed_by = actor.username
    row.claimed_at = utcnow()
    _audit(uow, actor, audit_action, row)
    await uow.commit()
    return row


async def close(
    uow: UnitOfWork, actor: Account, handoff_id: int, audit_action: str = "handoff.close"
) -> Handoff:
    row = await _locked(uow, handoff_id)
    rules.check_move(row.status, "closed")
    row.status = "closed"
    row.claimed_by = row.claimed_by or actor.username
    row.closed_at = utcnow()
    _audit(uow, actor, audit_action, row)
    await uow.commit()
    return row
