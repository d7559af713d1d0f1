"""Validation and normalisation rules for usernames, passwords, emails, SSNs and dates."""

from __future__ import annotations

import re
from datetime import date

from backend.domain import errors

USERNAME_RE = re.compile(r"^[A-Za-z][A-Za-z0-9._-]{3,29}$")
# Deliberately simple: one @, a dot in the domain, no spaces. Mail delivery is the real test.
EMAIL_RE = re.compile(r"^[^@\s]{1,64}@[^@\s]+\.[^@\s]{2,}$")
SSN_RE = re.compile(r"^(\d{3})[- ]?(\d{2})[- ]?(\d{4})$")
US_DATE_RE = re.compile(r"^(\d{1,2})[/-](\d{1,2})[/-](\d{4})$")


def validate_username(username: str) -> str:
    """Return the username as typed (trimmed) or raise InvalidUsername."""
    value = (username or "").strip()
    if not USERNAME_RE.match(value):
        raise errors.InvalidUsername()
    return value


def normalize_username(username: str) -> str:
    """Usernames are unique regardless of case."""
    return (username or "").strip().lower()


def validate_email(email: str | None) -> str:
    value = (email or "").strip()
    if len(value) > 254 or not EMAIL_RE.match(value):
        raise errors.InvalidEmail()
    return value


def normalize_email(email: str) -> str:
    return email.strip().lower()


def validate_password(password: str | None) -> str:
    value = password or ""
    if not (8 <= len(value) <= 128):
        raise errors.WeakPassword()
    if not any(c.isalpha() for c in value) or not any(c.isdigit() for c in value):
        raise errors.WeakPassword()
    return value


def normalize_ssn(ssn: str | None) -> str:
    """Return the 9 digits of a plausible SSN or raise InvalidSsn (never echoing the input)."""
    match = SSN_RE.match((ssn or "").strip())
    if not match:
        raise errors.InvalidSsn()
    area, group, serial = match.groups()
    # Never-issued patterns. The 9xx area is allowed: demo data uses it for fake SSNs.
    if area in ("000", "666") or group == "00" or serial == "0000":
        raise errors.InvalidSsn()
    return area + group + serial


def mask_ssn(last4: str) -> str:
    return f"***-**-{last4}"


def parse_date_of_birth(value: str | None, today: date | None = None) -> date:
    """Accept YYYY-MM-DD or MM/DD/YYYY; the educator must be between 14 and 120 years old."""
    text = (value or "").strip()
    try:
        us = US_DATE_RE.match(text)
        if us:
            month, day, year = (int(g) for g in us.groups())
            parsed = date(year, month, day)
        else:
            parsed = date.fromisoformat(text)
    except ValueError:
        raise errors.InvalidDateOfBirth() from None
    today = today or date.today()
    age_years = (today - parsed).days / 365.25
    if age_years < 14 or age_years > 120:
        raise errors.InvalidDateOfBirth("That date of birth is not plausible for an educator.")
    return parsed


def validate_name_part(value: str | None, field: str, required: bool) -> str | None:
    text = (value or "").strip()
    if not text:
        if required:
            raise errors.ValidationFailed(
                details={"fields": [{"field": field, "message": "is required"}]}
            )
        return None
    if len(text) > 80 or not re.match(r"^[A-Za-z][A-Za-z .'\-]*$", text):
        raise errors.ValidationFailed(
            details={"fields": [{"field": field, "message": "letters, spaces, ' . - only"}]}
        )
    return text
