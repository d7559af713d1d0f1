"""The Educator ID: the number shown in place of the SSN (7 ASCII digits)."""

from __future__ import annotations

import re

_EDUCATOR_ID_RE = re.compile(r"[0-9]{7}")


def is_educator_id(value: str | None) -> bool:
    """True if `value` is written as an Educator ID is (whether or not one exists).

    Anything else (an SSN typed in its place, digits in another script, spaces) is not
    one, and is not stored or shown as one.
    """
    return value is not None and _EDUCATOR_ID_RE.fullmatch(value) is not None
