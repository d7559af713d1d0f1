"""Help-desk handoffs: the bot opens them, help-desk staff claim and close them."""

from __future__ import annotations

from sqlalchemy import select

from backend.adapters.models import Account, Handoff, utcnow
from backend.adapters.uow import UnitOfWork
from backend.domain import errors

HANDOFF_STATUSES = ("open", "claimed", "closed")


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


async def claim(uow: UnitOfWork, actor: Account, handoff_id: int) -> Handoff:
    row = await get_handoff(uow, handoff_id)
    if row.status == "closed":
        raise errors.InvalidTransition("This handoff is already closed.")
    row.status = "claimed"
    row.claimed_by = actor.username
    row.claimed_at = utcnow()
    await uow.commit()
    return row


async def close(uow: UnitOfWork, actor: Account, handoff_id: int) -> Handoff:
    row = await get_handoff(uow, handoff_id)
    if row.status == "closed":
        raise errors.InvalidTransition("This handoff is already closed.")
    row.status = "closed"
    row.claimed_by = row.claimed_by or actor.username
    row.closed_at = utcnow()
    await uow.commit()
    return row
