"""Sign-in: by password (API and staff console) and by a one-time code sent by email.

No hard lock: the throttles in `services.limits` bound guessing, and the owner (the right
password from its own client, or a code from its own mailbox) still gets in. Why:
docs/api.md, "Sign-in throttling". Every refusal a guesser can see is the same for a real
username and a made-up one.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from sqlalchemy import select, update

from backend.adapters import security
from backend.adapters.models import Account, LoginCode, utcnow
from backend.adapters.uow import UnitOfWork
from backend.domain import errors
from backend.services import accounts, limits, mail_templates, tokens
from backend.services.context import AppContext
from pii import identity

logger = logging.getLogger(__name__)

# No row has this id. Refusals for a made-up username (or with nothing to check) run the
# same statements against it, so their time does not tell a real username from another.
NO_ROW = 0


async def _count_failure(uow: UnitOfWork, account_id: int) -> None:
    """One more consecutive failed check, added by the database itself so that racing
    requests each count, and committed whatever the request does next."""
    await uow.session.execute(
        update(Account)
        .where(Account.id == account_id)
        .values(failed_attempts=Account.failed_attempts + 1)
        .execution_options(synchronize_session=False)
    )
    await uow.commit()


# ---------------------------------------------------------------- password
async def _check_password(
    ctx: AppContext, uow: UnitOfWork, username: str, password: str, client: str
) -> Account:
    """The account whose password this is; throttles taken before the check."""
    await limits.password_check(ctx, username, client)
    account = await accounts.get_by_username(uow, username)
    if account is None or account.password_hash is None:
        # Same time and same answer as a wrong password: nothing tells whether the
        # username exists (an account waiting for its password signs in by code).
        await security.burn_password_check(password or "")
        await _count_failure(uow, NO_ROW)
        raise errors.InvalidCredentials()
    if not await security.verify_password_async(account.password_hash, password or ""):
        await _count_failure(uow, account.id)
        raise errors.InvalidCredentials()
    return account


async def sign_in_with_password(
    ctx: AppContext, uow: UnitOfWork, username: str, password: str, client: str
) -> tokens.IssuedToken:
    account = await _check_password(ctx, uow, username, password, client)
    issued = await tokens.issue_access_token(ctx, uow, account)
    await limits.signed_in(ctx, username, client)
    return issued


async def authenticate_staff(
    ctx: AppContext, uow: UnitOfWork, username: str, password: str, client: str
) -> Account:
    """Check a staff user's password (the same throttles); raise Forbidden for educators.

    For the staff console: it keeps its own cookie session and does not need a bearer
    token. Its `client` comes from `limits.client_key`, so it shares the API's count."""
    account = await _check_password(ctx, uow, username, password, client)
    await limits.signed_in(ctx, username, client)
    if not account.is_staff:
        raise errors.Forbidden("This sign-in is for help-desk and certification staff only.")
    account.failed_attempts = 0
    account.last_login_at = utcnow()
    await uow.commit()
    return account


# ---------------------------------------------------------------- one-time codes
def _client_hash(ctx: AppContext, client: str) -> str:
    return ctx.crypto.limit_key_hash("code-client:" + client)


async def request_login_code(ctx: AppContext, username: str, client: str) -> None:
    """Email a one-time code. The caller always answers 202: after the throttles, which
    are the same for any username, the lookup and the mail happen after the response."""
    await limits.code_request(ctx, username, client)
    ctx.background.spawn(_issue_code(ctx, username, client), "login code")


async def _issue_code(ctx: AppContext, username: str, client: str) -> None:
    async with ctx.uow() as uow:
        account = await accounts.get_by_username(uow, username)
        if account is None:
            return
        now = utcnow()
        client_hash = _client_hash(ctx, client)
        # A new code replaces this client's earlier ones (not another client's: nobody
        # can spend the owner's code by asking for one).
        await uow.session.execute(
            update(LoginCode)
            .where(LoginCode.account_id == account.id, LoginCode.client_hash == client_hash,
                   LoginCode.used_at.is_(None))
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
                client_hash=client_hash,
                attempts=0,
            )
        )
        mail = mail_templates.login_code(account.username, code, ttl // 60)
        ctx.mailer.record(uow.session, account.email, mail.subject, mail.body)
        await uow.commit()
        logger.info("sign-in code issued: account=%s", account.id)


async def verify_login_code(
    ctx: AppContext, uow: UnitOfWork, username: str, code: str, client: str
) -> tokens.IssuedToken:
    await limits.code_check(ctx, username, client)
    account = await accounts.get_by_username(uow, username)
    try:
        code = identity.parse_code(code)  # "１２３ ４５６" and "123-456" read as 123456
    except identity.IdentityError:
        code = ""  # checked against no row below, the same work as a wrong code
    now = utcnow()
    row = (
        await uow.session.execute(
            select(LoginCode.id, LoginCode.code_hash)
            .where(LoginCode.account_id == (account.id if account else NO_ROW),
                   LoginCode.client_hash == _client_hash(ctx, client),
                   LoginCode.used_at.is_(None), LoginCode.expires_at > now)
            .order_by(LoginCode.id.desc())
            .limit(1)
        )
    ).one_or_none()
    checkable = account is not None and row is not None and len(code) == 6 and code.isdigit()
    # Take one of the code's attempts before checking it. One guarded UPDATE: racing
    # guesses cannot take more attempts than the code has. With nothing to check (made-up
    # username, no code for this client, malformed code) it runs against no row.
    taken = (
        await uow.session.execute(
            update(LoginCode)
            .where(LoginCode.id == (row.id if checkable and row else NO_ROW),
                   LoginCode.used_at.is_(None),
                   LoginCode.attempts < ctx.settings.login_code_max_attempts)
            .values(attempts=LoginCode.attempts + 1)
            .returning(LoginCode.attempts)
            .execution_options(synchronize_session=False)
        )
    ).scalar_one_or_none()
    if account is None or row is None or taken is None or not security.constant_time_equals(
            row.code_hash, ctx.crypto.code_hash(account.id, code)):
        # Counted (and the attempt kept) only when a code was really checked.
        await _count_failure(uow, account.id if account and taken is not None else NO_ROW)
        raise errors.InvalidCode()
    result = await uow.session.execute(
        update(LoginCode)
        .where(LoginCode.id == row.id, LoginCode.used_at.is_(None))
        .values(used_at=now)
        .execution_options(synchronize_session=False)
    )
    if not result.rowcount:  # type: ignore[attr-defined]
        await uow.rollback()
        raise errors.InvalidCode()  # used concurrently
    issued = await tokens.issue_access_token(ctx, uow, account)
    # A code from the account's mailbox proves the owner: it lifts the password throttle.
    await limits.signed_in(ctx, username, client)
    return issued
