"""Linking an account to its educator record (one username per SSN) and the profile."""

from __future__ import annotations

import logging
import secrets
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from backend.adapters.models import EDUCATOR_ID_LENGTH, Account, EducatorProfile, utcnow
from backend.adapters.uow import UnitOfWork
from backend.domain import errors, rules
from backend.services.context import AppContext

logger = logging.getLogger(__name__)

SSN_CONTEXT = "ssn"
DOB_CONTEXT = "dob"
IMMUTABLE_FIELDS = ("ssn", "date_of_birth", "first_name", "middle_name", "last_name", "gender")
CONTACT_FIELDS = (
    "email", "address_line1", "address_line2", "city", "state", "postal_code",
    "home_phone", "mobile_phone", "work_phone",
)


@dataclass
class LinkResult:
    profile: EducatorProfile
    created: bool


async def profile_for_account(uow: UnitOfWork, account: Account) -> EducatorProfile | None:
    result = await uow.session.execute(
        select(EducatorProfile).where(EducatorProfile.account_id == account.id)
    )
    return result.scalar_one_or_none()


async def require_profile(uow: UnitOfWork, account: Account) -> EducatorProfile:
    profile = await profile_for_account(uow, account)
    if profile is None:
        raise errors.ProfileNotLinked()
    return profile


async def profile_by_educator_id(uow: UnitOfWork, educator_id: str) -> EducatorProfile | None:
    wanted = (educator_id or "").strip()
    if not wanted or len(wanted) > EDUCATOR_ID_LENGTH:
        # No row can hold it, and PostgreSQL refuses to compare it with the column.
        return None
    result = await uow.session.execute(
        select(EducatorProfile).where(EducatorProfile.educator_id == wanted)
    )
    return result.scalar_one_or_none()


async def profile_by_ssn_hmac(uow: UnitOfWork, ssn_hmac: str) -> EducatorProfile | None:
    result = await uow.session.execute(
        select(EducatorProfile).where(EducatorProfile.ssn_hmac == ssn_hmac)
    )
    return result.scalar_one_or_none()


async def new_educator_id(uow: UnitOfWork) -> str:
    for _ in range(20):
        candidate = str(1_000_000 + secrets.randbelow(9_000_000))
        if await profile_by_educator_id(uow, candidate) is None:
            return candidate
    raise RuntimeError("could not allocate an Educator ID")


def new_profile(
    ctx: AppContext, ssn_digits: str, dob_iso: str, educator_id: str
) -> EducatorProfile:
    crypto = ctx.crypto
    return EducatorProfile(
        educator_id=educator_id,
        ssn_hmac=crypto.ssn_hmac(ssn_digits),
        ssn_encrypted=crypto.encrypt(ssn_digits, SSN_CONTEXT),
        ssn_last4=ssn_digits[-4:],
        dob_hmac=crypto.dob_hmac(ssn_digits, dob_iso),
        dob_encrypted=crypto.encrypt(dob_iso, DOB_CONTEXT),
        created_at=utcnow(),
        updated_at=utcnow(),
    )


async def link(
    ctx: AppContext, uow: UnitOfWork, account: Account, ssn: str, dob: str, client: str
) -> LinkResult:
    """Link the account to the record for this SSN. The database's unique keys decide races."""
    s = ctx.settings
    account_id = account.id  # read once: a rollback below expires the ORM object
    await ctx.limiter.hit(
        f"link:client:{client}", s.rate_link_per_client, s.rate_link_per_client_window
    )
    await ctx.limiter.hit(
        f"link:account:{account.id}", s.rate_link_per_account, s.rate_link_per_account_window
    )
    if account.access_granted_at is None:
        raise errors.AccessNotGranted()
    ssn_digits = rules.normalize_ssn(ssn)
    dob_iso = rules.parse_date_of_birth(dob).isoformat()
    ssn_hmac = ctx.crypto.ssn_hmac(ssn_digits)
    dob_hmac = ctx.crypto.dob_hmac(ssn_digits, dob_iso)

    mine = await profile_for_account(uow, account)
    if mine is not None:
        if mine.ssn_hmac != ssn_hmac:
            raise errors.AccountAlreadyLinked()
        if mine.dob_hmac != dob_hmac:
            raise errors.IdentityNotVerified()
        return LinkResult(mine, created=False)

    existing = await profile_by_ssn_hmac(uow, ssn_hmac)
    if existing is not None:
        if existing.dob_hmac != dob_hmac:
            raise errors.IdentityNotVerified()
        if existing.account_id is not None:
            raise errors.SsnLinkedToOtherAccount()
        # A record the department created before the educator had an account: claim it once.
        try:
            claimed = await uow.session.execute(
                update(EducatorProfile)
                .where(EducatorProfile.id == existing.id, EducatorProfile.account_id.is_(None))
                .values(account_id=account_id)
            )
            await uow.commit()
        except IntegrityError:
            await uow.rollback()
            raise errors.AccountAlreadyLinked() from None
        if not claimed.rowcount:  # type: ignore[attr-defined]
            raise errors.SsnLinkedToOtherAccount()
        await uow.session.refresh(existing)
        return LinkResult(existing, created=True)

    profile = new_profile(ctx, ssn_digits, dob_iso, await new_educator_id(uow))
    profile.account_id = account.id
    profile.email = account.email
    uow.session.add(profile)
    try:
        await uow.commit()
    except IntegrityError:
        # Lost a race: another request linked this SSN, or this account, first. Look again.
        await uow.rollback()
        winner = await profile_by_ssn_hmac(uow, ssn_hmac)
        if winner is not None and winner.account_id == account_id:
            return LinkResult(winner, created=False)
        if winner is not None:
            raise errors.SsnLinkedToOtherAccount() from None
        raise errors.AccountAlreadyLinked() from None
    logger.info("educator record linked: account=%s educator_id=%s", account_id,
                profile.educator_id)
    return LinkResult(profile, created=True)


async def save_legal_name(
    uow: UnitOfWork,
    account: Account,
    first_name: str | None,
    middle_name: str | None,
    last_name: str | None,
    gender: str | None,
) -> EducatorProfile:
    profile = await require_profile(uow, account)
    first = rules.validate_name_part(first_name, "first_name", required=True)
    middle = rules.validate_name_part(middle_name, "middle_name", required=False)
    last = rules.validate_name_part(last_name, "last_name", required=True)
    gen = (gender or "").strip() or None
    if gen is not None and len(gen) > 20:
        raise errors.ValidationFailed(
            details={"fields": [{"field": "gender", "message": "at most 20 characters"}]}
        )
    if profile.first_name is not None:
        changed = [
            name for name, old, new in (
                ("first_name", profile.first_name, first),
                ("middle_name", profile.middle_name, middle),
                ("last_name", profile.last_name, last),
            ) if (old or "").lower() != (new or "").lower()
        ]
        if profile.gender is not None and gen is not None and profile.gender.lower() != gen.lower():
            changed.append("gender")
        if changed:
            raise errors.ImmutableField(details={"fields": changed})
        if profile.gender is None and gen is not None:
            profile.gender = gen
            await uow.commit()
        return profile
    profile.first_name, profile.middle_name, profile.last_name = first, middle, last
    profile.gender = gen
    await uow.commit()
    return profile


def refuse_identity_change(fields: list[str]) -> None:
    """PATCH of name/SSN/DOB/gender: never applied, always refused with the form's name."""
    raise errors.ImmutableField(details={"fields": [f for f in fields if f in IMMUTABLE_FIELDS]})


async def update_contact(
    uow: UnitOfWork, account: Account, data: dict[str, Any]
) -> EducatorProfile:
    profile = await require_profile(uow, account)
    email = data.get("email")
    if email is None or not str(email).strip():
        raise errors.EmailRequired()
    cleaned: dict[str, str | None] = {"email": rules.validate_email(str(email))}
    for name in CONTACT_FIELDS[1:]:
        value = data.get(name)
        text = str(value).strip() if value is not None else ""
        if len(text) > 200:
            raise errors.ValidationFailed(
                details={"fields": [{"field": name, "message": "too long"}]}
            )
        if name.endswith("phone") and text and not all(c.isdigit() or c in " ()+-.x" for c in text):
            raise errors.ValidationFailed(
                details={"fields": [{"field": name, "message": "digits, spaces, ( ) + - . only"}]}
            )
        cleaned[name] = text or None
    for name, value in cleaned.items():
        setattr(profile, name, value)
    await uow.commit()
    return profile
