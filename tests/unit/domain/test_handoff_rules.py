"""The handoff state machine (backend.domain.handoffs), without a server."""

from __future__ import annotations

import pytest

from backend.domain import errors
from backend.domain.handoffs import MOVES, STATUSES, check_move

ALLOWED = {("open", "claimed"), ("open", "closed"), ("claimed", "closed")}


@pytest.mark.parametrize("current", STATUSES)
@pytest.mark.parametrize("target", sorted(MOVES))
def test_only_the_drawn_moves_are_allowed(current: str, target: str) -> None:
    if (current, target) in ALLOWED:
        check_move(current, target)
        return
    with pytest.raises(errors.InvalidTransition) as refused:
        check_move(current, target)
    assert refused.value.code == "invalid_transition"
    assert refused.value.details == {"status": current, "to": target}
    assert refused.value.message == f"This handoff is already {current}."


def test_open_is_not_a_move() -> None:
    with pytest.raises(ValueError):
        check_move("claimed", "open")
