"""The handoff state machine, the one rule for the API and the staff console alike.

    open ──claim──► claimed ──close──► closed
      └──────────────close─────────────┘

Claiming takes only an open request (a claimed one belongs to a colleague); closing takes
an open or a claimed one. Any other move is `InvalidTransition` (code
`invalid_transition`, HTTP 409), with the handoff's current status in `details`.
"""

from __future__ import annotations

from backend.domain import errors

STATUSES = ("open", "claimed", "closed")
# target status -> the statuses it may be reached from
MOVES: dict[str, tuple[str, ...]] = {"claimed": ("open",), "closed": ("open", "claimed")}


def check_move(current: str, target: str) -> None:
    """Refuse a move the state machine does not allow."""
    if target not in MOVES:
        raise ValueError(f"not a handoff move: {target!r}")
    if current not in MOVES[target]:
        raise errors.InvalidTransition(
            f"This handoff is already {current}.", details={"status": current, "to": target}
        )
