"""The audit log: who read or changed whose records."""

from __future__ import annotations

import logging

from backend.adapters.models import Account, AuditEvent, utcnow
from backend.adapters.uow import UnitOfWork
from backend.domain.educator_ids import is_educator_id

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

    `actor=None` means a command-line operator; pass `actor_name` to say who.
    An `educator_id` that is not written as an Educator ID (an SSN typed in its place,
    say) is not stored: the subject is left empty and the detail says so.
    """
    subject = educator_id if is_educator_id(educator_id) else None
    if educator_id is not None and subject is None:
        detail = f"{detail}; not an Educator ID" if detail else "not an Educator ID"
    event = AuditEvent(
        at=utcnow(),
        actor_account_id=actor.id if actor else None,
        actor_username=actor.username if actor else (actor_name or "cli"),
        actor_role=actor.role if actor else "operator",
        action=action,
        subject_educator_id=subject,
        detail=detail,
    )
    uow.session.add(event)
    logger.info("audit: %s by %s on %s", action, event.actor_username, subject)
    return event
