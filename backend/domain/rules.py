"""Validation and normalisation rules for usernames, passwords, emails, SSNs and dates.

The identity rules (username, SSN, date of birth) live in `pii.identity`, shared with the
chat; this module only turns its refusals into the backend's named domain errors, whose
codes the API has always returned (`invalid_username`, `invalid_ssn`,
`invalid_date_of_birth`). The finer reason (`ssn_never_issued`, `dob_future`...) goes in
`details.reason`.
"""

from __future__ import annotations

import re
from datetime import date

from backend.domain import errors
from pii import identity

# Deliberately simple: one @, a dot in the domain, no spaces. Mail delivery is the real test.
EMAIL_RE = re.compile(r"^[^@\s]{1,64}@[^@\s]+\.[^@\s]{2,}$")


def validate_username(username: str) -> str:
    """Return the username as typed (folded to ASCII, trimmed) or raise InvalidUsername."""
    try:
        return identity.parse_username(username)
    except identity.IdentityError:
        raise errors.InvalidUsername() from None


def normalize_username(username: str) -> str:
    """Usernames are unique regardless of case and of how their characters were typed."""
    return identity.username_key(username)


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
    """Return the 9 ASCII digits of a plausible SSN or raise InvalidSsn (never echoing the
    input). Only this form is ever HMACed or encrypted: one SSN, one record."""
    try:
        return identity.parse_ssn(ssn)
    except identity.IdentityError as exc:
        raise errors.InvalidSsn(exc.message, details={"reason": exc.code}) from None


def mask_ssn(last4: str) -> str:
    return f"***-**-{last4}"


def parse_date_of_birth(value: str | None, today: date | None = None) -> date:
    """Accept YYYY-MM-DD, MM/DD/YYYY and the other forms of `pii.identity`; the educator
    must be between 14 and 120 years old."""
    try:
        return identity.parse_date_of_birth(value, today)
    except identity.IdentityError as exc:
        raise errors.InvalidDateOfBirth(exc.message, details={"reason": exc.code}) from None


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
