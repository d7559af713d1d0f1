"""The audit log: who read or changed whose records."""

from __future__ import annotations

import logging

from backend.adapters.models import EDUCATOR_ID_LENGTH, Account, AuditEvent, utcnow
from backend.adapters.uow import UnitOfWork

logger = logging.getLogger(__name__)


def record(
    uow: UnitOfWork,
    actor: Account | None,
    action: str,
    educator_id: str | None,
    detail: str | None = None,
    actor_name: str | None = None,
) -> AuditEvent:
    """Add an audit row to the unit of work (the caller commits).

    `actor=None` means a command-line operator; pass `actor_name` to say who. An asked-for
    Educator ID longer than any can be is kept cut to the column's width (and marked so).
    """
    if educator_id is not None and len(educator_id) > EDUCATOR_ID_LENGTH:
        educator_id = educator_id[:EDUCATOR_ID_LENGTH]
        detail = "educator_id cut to fit" + (f"; {detail}" if detail else "")
    event = AuditEvent(
        at=utcnow(),
        actor_account_id=actor.id if actor else None,
        actor_username=actor.username if actor else (actor_name or "cli"),
        actor_role=actor.role if actor else "operator",
        action=action,
        subject_educator_id=educator_id,
        detail=detail,
    )
    uow.session.add(event)
    logger.info("audit: %s by %s on %s", action, event.actor_username, educator_id)
    return event
