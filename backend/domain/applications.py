"""The application state machine and the completeness check before submission."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from backend.domain import errors
from backend.domain.catalog import CONDUCT_QUESTIONS, QUESTIONS_BY_ID

DRAFT = "draft"
SUBMITTED = "submitted"
UNDER_REVIEW = "under_review"
RETURNED = "returned"
APPROVED = "approved"
DENIED = "denied"
ISSUED = "issued"

STATUS_LABELS: dict[str, str] = {
    DRAFT: "Draft (not yet submitted)",
    SUBMITTED: "Submitted to DESE",
    UNDER_REVIEW: "Under review",
    RETURNED: "Returned for additional information",
    APPROVED: "Approved",
    DENIED: "Denied",
    ISSUED: "Issued",
}
CLOSED_STATUSES = frozenset({DENIED, ISSUED})
EDITABLE_STATUSES = frozenset({DRAFT, RETURNED})

# Moves certification staff may make. The educator's own moves are draft/returned -> submitted.
STAFF_TRANSITIONS: dict[str, frozenset[str]] = {
    SUBMITTED: frozenset({UNDER_REVIEW}),
    UNDER_REVIEW: frozenset({RETURNED, APPROVED, DENIED}),
    RETURNED: frozenset({SUBMITTED}),
    APPROVED: frozenset({ISSUED}),
}


def check_staff_transition(current: str, target: str) -> None:
    if target not in STATUS_LABELS or target not in STAFF_TRANSITIONS.get(current, frozenset()):
        raise errors.InvalidTransition(
            details={"from": current, "to": target,
                     "allowed": sorted(STAFF_TRANSITIONS.get(current, frozenset()))}
        )


def check_editable(status: str) -> None:
    if status not in EDITABLE_STATUSES:
        raise errors.ApplicationNotEditable()


def check_conduct_answer(question_id: str, answer: bool, explanation: str | None) -> str | None:
    if question_id not in QUESTIONS_BY_ID:
        raise errors.UnknownQuestion()
    text = (explanation or "").strip() or None
    if answer and not text:
        raise errors.ExplanationRequired()
    if text and len(text) > 2000:
        raise errors.ValidationFailed(
            details={"fields": [{"field": "explanation", "message": "at most 2000 characters"}]}
        )
    return text


def missing_for_submission(
    answered: Mapping[str, tuple[bool, str | None]], sworn_accepted: bool
) -> list[str]:
    """What still stops a submission, as stable item names for details.missing."""
    missing = [f"conduct:{q.id}" for q in CONDUCT_QUESTIONS if q.id not in answered]
    missing += [
        f"explanation:{qid}" for qid, (ans, expl) in answered.items() if ans and not expl
    ]
    if not sworn_accepted:
        missing.append("sworn_statement")
    return missing


def is_open(status: str) -> bool:
    return status not in CLOSED_STATUSES


def statuses() -> Iterable[str]:
    return STATUS_LABELS.keys()
