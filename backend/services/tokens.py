"""Bearer access tokens: issue, read from the header, resolve to an account, revoke."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import cast

from sqlalchemy import select, update

from backend.adapters.models import Account, AuthToken, utcnow
from backend.adapters.uow import UnitOfWork
from backend.domain import errors
from backend.services.context import AppContext

logger = logging.getLogger(__name__)

ACCESS_PREFIX = "at"


@dataclass
class IssuedToken:
    access_token: str
    expires_in: int
    account: Account


async def issue_access_token(ctx: AppContext, uow: UnitOfWork, account: Account) -> IssuedToken:
    """Store a new token's digest and commit; the account's failure count starts again."""
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
