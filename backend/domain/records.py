"""Rules for the dates on an educator's records (staff writes and the operator CLI).

A record date says when something happened (fingerprinted, cleared, taken, received,
conferred, issued): it is not before 1900 and not in the future (one day of grace for
time zones). An expiry date is not before the date it follows and not more than
`MAX_VALIDITY_YEARS` ahead: a typo such as 9999-12-31 is refused, never stored.
"""

from __future__ import annotations

from datetime import date, timedelta

from backend.domain import errors

EARLIEST = date(1900, 1, 1)
GRACE = timedelta(days=1)
MAX_VALIDITY_YEARS = 50
CLEARANCE_MONTHS = 12


def _refuse(field: str, message: str) -> errors.ValidationFailed:
    return errors.ValidationFailed(details={"fields": [{"field": field, "message": message}]})


def check_event_dates(today: date, **dates: date | None) -> None:
    """Each given date (by field name) lies between 1900-01-01 and tomorrow."""
    for field, value in dates.items():
        if value is None:
            continue
        if value < EARLIEST:
            raise _refuse(field, "must not be before 1900-01-01")
        if value > today + GRACE:
            raise _refuse(field, "must not be in the future")


def check_expiry(today: date, expires_on: date | None, after: date | None,
                 field: str = "expires_on") -> None:
    """An expiry date is on or after the date it follows and within the validity bound."""
    if expires_on is None:
        return
    if after is not None and expires_on < after:
        raise _refuse(field, "must not be before the date it follows")
    if expires_on < EARLIEST or expires_on > latest_expiry(today):
        raise _refuse(field, f"must be within {MAX_VALIDITY_YEARS} years from today")


def latest_expiry(today: date) -> date:
    return _add_years(today, MAX_VALIDITY_YEARS)


def clearance_expiry(cleared_on: date) -> date:
    """A fingerprint clearance is good for 12 months."""
    return _add_years(cleared_on, CLEARANCE_MONTHS // 12)


def _add_years(d: date, years: int) -> date:
    try:
        return d.replace(year=d.year + years)
    except ValueError:  # 29 February
        return d.replace(year=d.year + years, day=28)
