"""Accounts, sign-in (password and one-time code), lockout, recovery and access grants."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import cast
from urllib.parse import quote

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from backend.adapters import security
from backend.adapters.models import (
    Account,
    AuthToken,
    LoginCode,
    PasswordToken,
    utcnow,
)
from backend.adapters.uow import UnitOfWork
from backend.domain import errors, rules
from backend.services.context import AppContext

logger = logging.getLogger(__name__)

ACCESS_PREFIX = "at"
PASSWORD_PREFIX = "pw"


@dataclass
class IssuedToken:
    access_token: str
    expires_in: int
    account: Account


# ---------------------------------------------------------------- repository helpers
async def get_by_username(uow: UnitOfWork, username: str) -> Account | None:
    norm = rules.normalize_username(username)
    if not norm:
        return None
    result = await uow.session.execute(select(Account).where(Account.username_normalized == norm))
    return result.scalar_one_or_none()


async def get_by_id(uow: UnitOfWork, account_id: int) -> Account | None:
    return await uow.session.get(Account, account_id)


# ---------------------------------------------------------------- creation and passwords
async def _send_password_link(
    ctx: AppContext, uow: UnitOfWork, account: Account, purpose: str
) -> None:
    token = ctx.crypto.new_token(PASSWORD_PREFIX)
    uow.session.add(
        PasswordToken(
            account_id=account.id,
            token_hash=ctx.crypto.token_hash(token),
            purpose=purpose,
            expires_at=utcnow() + timedelta(seconds=ctx.settings.set_password_ttl_seconds),
        )
    )
    link = f"{ctx.settings.public_base_url}/set-password?token={quote(token)}"
    hours = ctx.settings.set_password_ttl_seconds // 3600
    if purpose == "setup":
        subject = "Set the password for your educator certification account"
        intro = f"Your username {account.username} was created."
    else:
        subject = "Reset the password for your educator certification account"
        intro = f"Someone asked to reset the password of the username {account.username}."
    body = (
        f"Hello,\n\n{intro} To choose your password, open this link within {hours} hours:\n\n"
        f"{link}\n\nThe link works once. If you did not ask for this, ignore this email.\n\n"
        "Educator Certification"
    )
    ctx.mailer.record(uow.session, account.email, subject, body)


async def create_account(
    ctx: AppContext,
    uow: UnitOfWork,
    username: str,
    email: str,
    password: str | None,
    role: str = "educator",
) -> Account:
    username = rules.validate_username(username)
    email = rules.validate_email(email)
    if password is not None and password != "":
        rules.validate_password(password)
    else:
        password = None
    if await get_by_username(uow, username) is not None:
        raise errors.UsernameTaken()
    account = Account(
        username=username,
        username_normalized=rules.normalize_username(username),
        email=email,
        email_normalized=rules.normalize_email(email),
        password_hash=await security.hash_password_async(password) if password else None,
        state="active" if password else "pending_password",
        role=role,
        failed_attempts=0,
        created_at=utcnow(),
    )
    uow.session.add(account)
    try:
        await uow.session.flush()
    except IntegrityError:
        await uow.rollback()
        raise errors.UsernameTaken() from None
    if password is None:
        await _send_password_link(ctx, uow, account, "setup")
    else:
        ctx.mailer.record(
            uow.session, email, "Your educator certification account",
            f"Hello,\n\nYour username {username} was created. Sign in with it and your "
            "password, then request Educator Certification System access and link your "
            "records.\n\nDo not create more than one username.\n\nEducator Certification",
        )
    await uow.commit()
    logger.info("account created: id=%s role=%s state=%s", account.id, role, account.state)
    return account


async def username_availability(
    uow: UnitOfWork, username: str
) -> tuple[bool, errors.DomainError | None]:
    try:
        rules.validate_username(username)
    except errors.InvalidUsername as exc:
        return False, exc
    if await get_by_username(uow, username) is not None:
        return False, errors.UsernameTaken()
    return True, None


async def set_password(ctx: AppContext, uow: UnitOfWork, token: str, password: str) -> Account:
    if not ctx.crypto.check_token(token or "", PASSWORD_PREFIX):
        raise errors.InvalidToken()
    row = (
        await uow.session.execute(
            select(PasswordToken).where(PasswordToken.token_hash == ctx.crypto.token_hash(token))
        )
    ).scalar_one_or_none()
    now = utcnow()
    if row is None or row.used_at is not None or row.expires_at < now:
        raise errors.InvalidToken()
    rules.validate_password(password)
    account = await get_by_id(uow, row.account_id)
    if account is None:
        raise errors.InvalidToken()
    # Mark used with a guarded update so a link cannot be used twice concurrently.
    result = await uow.session.execute(
        update(PasswordToken)
        .where(PasswordToken.account_id == account.id, PasswordToken.used_at.is_(None))
        .values(used_at=now)
    )
    if not result.rowcount:  # type: ignore[attr-defined]
        raise errors.InvalidToken()
    account.password_hash = await security.hash_password_async(password)
    account.state = "active"
    account.failed_attempts = 0
    account.locked_until = None
    await uow.commit()
    logger.info("password set: account=%s", account.id)
    return account


# ---------------------------------------------------------------- sign-in
def _check_lock(account: Account, now: datetime) -> None:
    if account.locked_until is not None and account.locked_until > now:
        raise errors.AccountLocked()


async def _register_failure(ctx: AppContext, uow: UnitOfWork, account: Account) -> bool:
    """Count a failure and commit it; True when this failure locked the account."""
    account.failed_attempts = (account.failed_attempts or 0) + 1
    locked = account.failed_attempts >= ctx.settings.lockout_threshold
    if locked:
        account.locked_until = utcnow() + timedelta(seconds=ctx.settings.lockout_seconds)
        account.failed_attempts = 0
        logger.warning("account locked after repeated failures: account=%s", account.id)
    await uow.commit()
    return locked


async def _issue_access_token(ctx: AppContext, uow: UnitOfWork, account: Account) -> IssuedToken:
    token = ctx.crypto.new_token(ACCESS_PREFIX)
    ttl = ctx.settings.access_token_ttl_seconds
    now = utcnow()
    uow.session.add(
        AuthToken(
            account_id=account.id,
            token_hash=ctx.crypto.token_hash(token),
            created_at=now,
            expires_at=now + timedelta(seconds=ttl),
        )
    )
    account.failed_attempts = 0
    account.locked_until = None
    account.last_login_at = now
    await uow.commit()
    return IssuedToken(access_token=token, expires_in=ttl, account=account)


async def _limit(ctx: AppContext, kind: str, account_key: str | None, client: str) -> None:
    s = ctx.settings
    limits = {
        "auth": (s.rate_auth_per_account, s.rate_auth_per_client, s.rate_auth_window),
        "code": (s.rate_code_per_account, s.rate_code_per_client, s.rate_code_window),
        "forgot": (3, s.rate_forgot_per_client, s.rate_forgot_window),
    }
    per_account, per_client, window = limits[kind]
    await ctx.limiter.hit(f"{kind}:client:{client}", per_client, window)
    if account_key:
        await ctx.limiter.hit(f"{kind}:account:{account_key}", per_account, window)


async def _check_password(
    ctx: AppContext, uow: UnitOfWork, username: str, password: str, client: str
) -> Account:
    """The account whose password this is; rate limits, lockout and failures counted."""
    await _limit(ctx, "auth", rules.normalize_username(username), client)
    account = await get_by_username(uow, username)
    if account is None:
        await security.burn_password_check(password or "")
        raise errors.InvalidCredentials()
    _check_lock(account, utcnow())
    if account.password_hash is None:
        raise errors.PasswordNotSet()
    if not await security.verify_password_async(account.password_hash, password or ""):
        if await _register_failure(ctx, uow, account):
            raise errors.AccountLocked()
        raise errors.InvalidCredentials()
    return account


async def sign_in_with_password(
    ctx: AppContext, uow: UnitOfWork, username: str, password: str, client: str
) -> IssuedToken:
    account = await _check_password(ctx, uow, username, password, client)
    return await _issue_access_token(ctx, uow, account)


async def authenticate_staff(
    ctx: AppContext, uow: UnitOfWork, username: str, password: str, client: str
) -> Account:
    """Check a staff user's password (same limits and lockout); raise Forbidden for educators.

    For the staff console: it keeps its own cookie session and does not need a bearer token.
    """
    account = await _check_password(ctx, uow, username, password, client)
    if not account.is_staff:
        raise errors.Forbidden("This sign-in is for help-desk and certification staff only.")
    account.failed_attempts = 0
    account.last_login_at = utcnow()
    await uow.commit()
    return account


async def request_login_code(ctx: AppContext, uow: UnitOfWork, username: str, client: str) -> None:
    """Email a one-time code. The caller always answers 202, whatever happened here."""
    await _limit(ctx, "code", rules.normalize_username(username), client)
    account = await get_by_username(uow, username)
    now = utcnow()
    if account is None or (account.locked_until is not None and account.locked_until > now):
        return
    # A new code replaces any earlier one.
    await uow.session.execute(
        update(LoginCode)
        .where(LoginCode.account_id == account.id, LoginCode.used_at.is_(None))
        .values(used_at=now)
    )
    code = security.new_login_code()
    ttl = ctx.settings.login_code_ttl_seconds
    uow.session.add(
        LoginCode(
            account_id=account.id,
            code_hash=ctx.crypto.code_hash(account.id, code),
            created_at=now,
            expires_at=now + timedelta(seconds=ttl),
        )
    )
    ctx.mailer.record(
        uow.session, account.email, "Your educator certification sign-in code",
        f"Hello,\n\nYour one-time sign-in code for the username {account.username} is:\n\n"
        f"    {code}\n\nIt works once and expires in {ttl // 60} minutes. Never share it. "
        "If you did not ask for it, ignore this email.\n\nEducator Certification",
    )
    await uow.commit()
    logger.info("sign-in code issued: account=%s", account.id)


async def verify_login_code(
    ctx: AppContext, uow: UnitOfWork, username: str, code: str, client: str
) -> IssuedToken:
    await ctx.limiter.hit(
        f"verify:client:{client}", ctx.settings.rate_auth_per_client, ctx.settings.rate_auth_window
    )
    account = await get_by_username(uow, username)
    if account is None:
        raise errors.InvalidCode()
    now = utcnow()
    _check_lock(account, now)
    code = (code or "").strip().replace(" ", "")
    row = (
        await uow.session.execute(
            select(LoginCode)
            .where(LoginCode.account_id == account.id, LoginCode.used_at.is_(None))
            .order_by(LoginCode.id.desc())
            .limit(1)
        )
    ).scalar_one_or_none()
    ok = (
        row is not None
        and row.expires_at > now
        and len(code) == 6
        and code.isdigit()
        and security.constant_time_equals(row.code_hash, ctx.crypto.code_hash(account.id, code))
    )
    if not ok or row is None:
        if await _register_failure(ctx, uow, account):
            raise errors.AccountLocked()
        raise errors.InvalidCode()
    result = await uow.session.execute(
        update(LoginCode)
        .where(LoginCode.id == row.id, LoginCode.used_at.is_(None))
        .values(used_at=now)
    )
    if not result.rowcount:  # type: ignore[attr-defined]
        raise errors.InvalidCode()  # used concurrently
    return await _issue_access_token(ctx, uow, account)


async def forgot_username(ctx: AppContext, uow: UnitOfWork, email: str, client: str) -> None:
    norm = rules.normalize_email(email or "")
    await _limit(ctx, "forgot", f"email:{norm}", client)
    if not norm:
        return
    accounts = (
        await uow.session.execute(
            select(Account).where(Account.email_normalized == norm).order_by(Account.id)
        )
    ).scalars().all()
    if not accounts:
        return
    names = "\n".join(f"    {a.username}" for a in accounts)
    ctx.mailer.record(
        uow.session, accounts[0].email, "Your educator certification username",
        f"Hello,\n\nThe usernames registered to this email address are:\n\n{names}\n\n"
        "Please keep using your existing username: do not create another one.\n\n"
        "Educator Certification",
    )
    await uow.commit()


async def forgot_password(ctx: AppContext, uow: UnitOfWork, username: str, client: str) -> None:
    await _limit(ctx, "forgot", f"user:{rules.normalize_username(username)}", client)
    account = await get_by_username(uow, username)
    if account is None:
        return
    await _send_password_link(ctx, uow, account, "reset")
    await uow.commit()


# ---------------------------------------------------------------- bearer tokens
def bearer_from_header(header: str | None) -> str | None:
    if not header:
        return None
    scheme, _, value = header.partition(" ")
    if scheme.lower() != "bearer" or not value.strip():
        return None
    return value.strip()


def token_digest(ctx: AppContext, token: str | None) -> str:
    """The stored digest of a well-formed access token that carries our signature."""
    if not token or not ctx.crypto.check_token(token, ACCESS_PREFIX):
        raise errors.NotAuthenticated()
    return ctx.crypto.token_hash(token)


def _check_token_row(revoked_at: datetime | None, expires_at: datetime) -> None:
    """A stored token signs in until it is revoked or expires."""
    if revoked_at is not None or expires_at <= utcnow():
        raise errors.NotAuthenticated()


async def account_for_token(ctx: AppContext, uow: UnitOfWork, token: str | None) -> Account:
    digest = token_digest(ctx, token)
    # One round trip: the token row and its account together.
    found = (
        await uow.session.execute(
            select(AuthToken.revoked_at, AuthToken.expires_at, Account)
            .join(Account, Account.id == AuthToken.account_id)
            .where(AuthToken.token_hash == digest)
        )
    ).one_or_none()
    if found is None:
        raise errors.NotAuthenticated()
    revoked_at, expires_at, account = found
    _check_token_row(revoked_at, expires_at)
    return cast(Account, account)


async def logout(ctx: AppContext, uow: UnitOfWork, token: str | None) -> None:
    await account_for_token(ctx, uow, token)
    assert token is not None
    await uow.session.execute(
        update(AuthToken)
        .where(AuthToken.token_hash == ctx.crypto.token_hash(token))
        .values(revoked_at=utcnow())
    )
    await uow.commit()


# ---------------------------------------------------------------- access grant
async def request_access(uow: UnitOfWork, account: Account) -> tuple[datetime, bool]:
    """Grant Educator Certification System access; returns (granted_at, newly_granted)."""
    if account.access_granted_at is not None:
        return account.access_granted_at, False
    account.access_granted_at = utcnow()
    await uow.commit()
    return account.access_granted_at, True
