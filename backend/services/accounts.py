"""Accounts: look up, create, set the password from an emailed link, grant access."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from urllib.parse import quote

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from backend.adapters import security
from backend.adapters.models import Account, PasswordToken, utcnow
from backend.adapters.uow import UnitOfWork
from backend.domain import errors, rules
from backend.services import limits, mail_templates
from backend.services.context import AppContext

logger = logging.getLogger(__name__)

PASSWORD_PREFIX = "pw"


# ---------------------------------------------------------------- lookups
async def get_by_username(uow: UnitOfWork, username: str) -> Account | None:
    norm = rules.normalize_username(username)
    if not norm:
        return None
    result = await uow.session.execute(select(Account).where(Account.username_normalized == norm))
    return result.scalar_one_or_none()


async def get_by_id(uow: UnitOfWork, account_id: int) -> Account | None:
    return await uow.session.get(Account, account_id)


# ---------------------------------------------------------------- creation and passwords
async def send_password_link(
    ctx: AppContext, uow: UnitOfWork, account: Account, purpose: str
) -> None:
    """Add a single-use set-password token and its email to the unit of work (`setup` for a
    new account, `reset` for forgot-password); the caller commits."""
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
    mail = mail_templates.password_link(purpose, account.username, link,
                                        ctx.settings.set_password_ttl_seconds // 3600)
    ctx.mailer.record(uow.session, account.email, mail.subject, mail.body)


async def _email_in_use(ctx: AppContext, uow: UnitOfWork, email: str) -> bool:
    """Whether an educator's account has `email`; if so, its username is mailed there (the
    reminder "forgot username" sends), so the person who owns the address can sign in."""
    found = (await uow.session.execute(
        select(Account).where(Account.email_normalized == rules.normalize_email(email),
                              Account.role == "educator"))).scalars().first()
    if found is None:
        return False
    mail = mail_templates.usernames_reminder([found.username])
    ctx.mailer.record(uow.session, found.email, mail.subject, mail.body)
    await uow.commit()
    return True


async def create_account(
    ctx: AppContext,
    uow: UnitOfWork,
    username: str,
    email: str,
    password: str | None,
    role: str = "educator",
    client: str | None = None,
) -> Account:
    """Create an account. `client` is rate-limited (the answer says whether a username is
    taken); only trusted in-process callers (the CLI) pass None."""
    if client is not None:
        await limits.account_creation(ctx, client)
    username = rules.validate_username(username)
    email = rules.validate_email(email)
    if password is not None and password != "":
        rules.validate_password(password)
    else:
        password = None
    if await get_by_username(uow, username) is not None:
        raise errors.UsernameTaken()
    if role == "educator" and await _email_in_use(ctx, uow, email):
        raise errors.EmailInUse()
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
        if role == "educator" and await _email_in_use(ctx, uow, email):
            raise errors.EmailInUse() from None
        raise errors.UsernameTaken() from None
    if password is None:
        await send_password_link(ctx, uow, account, "setup")
    else:
        mail = mail_templates.account_created(username)
        ctx.mailer.record(uow.session, email, mail.subject, mail.body)
    await uow.commit()
    logger.info("account created: id=%s role=%s state=%s", account.id, role, account.state)
    return account


async def username_availability(
    ctx: AppContext, uow: UnitOfWork, username: str, client: str
) -> tuple[bool, errors.DomainError | None]:
    await limits.availability_check(ctx, client)
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
    # The link came from the account's mailbox: whoever guessed at the password before,
    # the owner may use the new one at once.
    await limits.password_reset(ctx, account.username)
    logger.info("password set: account=%s", account.id)
    return account


# ---------------------------------------------------------------- access grant
async def request_access(uow: UnitOfWork, account: Account) -> tuple[datetime, bool]:
    """Grant Educator Certification System access; returns (granted_at, newly_granted)."""
    if account.access_granted_at is not None:
        return account.access_granted_at, False
    account.access_granted_at = utcnow()
    await uow.commit()
    return account.access_granted_at, True
