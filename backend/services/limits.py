"""Rate-limit keys and budgets for accounts, sign-in and recovery (one home for each).

The reasoning is in docs/api.md ("Sign-in throttling"). In short: there is no hard lock.
Each client gets a few checks per account; the account as a whole gets a bounded number
of password checks from all clients, which the proven owner (a correct emailed code, a
password reset, or the right password) clears. Emailed codes are bound to the client
that asked for them, so nobody else can guess or spend them.

Account-keyed limits use the username or address as typed (normalized), whether or not
an account exists, so a made-up username is throttled exactly like a real one. Every count
is taken before the check it guards, in the database (`adapters.ratelimit`), so racing
requests cannot check more than the budget.
"""

from __future__ import annotations

import logging

from backend.domain import rules
from backend.services.context import AppContext

logger = logging.getLogger(__name__)

DAY = 24 * 3600


def client_key(peer: str | None, conversation: str | None = None) -> str:
    """The per-client identity: a trusted caller's conversation id, else the peer address.

    The API and the staff console both name clients with this, so they share one count."""
    if conversation:
        return "svc:" + conversation[:120]
    return "ip:" + (peer or "unknown")


def _account(username: str) -> str:
    return rules.normalize_username(username or "")


def _signin_keys(username: str, client: str) -> tuple[str, str, str]:
    acct = _account(username)
    return f"auth:pair:{acct}:{client}", f"auth:account:{acct}", f"auth:account-day:{acct}"


async def password_check(ctx: AppContext, username: str, client: str) -> None:
    """Take one password check from every budget it draws on, or raise RateLimited."""
    s = ctx.settings
    pair, account, account_day = _signin_keys(username, client)
    await ctx.limiter.hit(pair, s.rate_auth_per_account_client, s.rate_auth_window)
    await ctx.limiter.hit(account, s.rate_auth_per_account, s.rate_auth_window)
    await ctx.limiter.hit(account_day, s.rate_auth_per_account_day, DAY)
    await ctx.limiter.hit(f"auth:client:{client}", s.rate_auth_per_client, s.rate_auth_window)


async def code_check(ctx: AppContext, username: str, client: str) -> None:
    """Take one code check. The account-wide bound on code guesses is by construction:
    codes issued per account per window (`code_request`) times attempts per code."""
    s = ctx.settings
    pair, _, _ = _signin_keys(username, client)
    await ctx.limiter.hit(pair, s.rate_auth_per_account_client, s.rate_auth_window)
    await ctx.limiter.hit(f"auth:client:{client}", s.rate_auth_per_client, s.rate_auth_window)


async def signed_in(ctx: AppContext, username: str, client: str) -> None:
    """The owner proved itself from `client`: clear that client's and the account's counts."""
    await ctx.limiter.reset(*_signin_keys(username, client))


async def password_reset(ctx: AppContext, username: str) -> None:
    """A password set from an emailed link clears the account-wide password throttle."""
    _, account, account_day = _signin_keys(username, "")
    await ctx.limiter.reset(account, account_day)


async def code_request(ctx: AppContext, username: str, client: str) -> None:
    s = ctx.settings
    acct = _account(username)
    await ctx.limiter.hit(f"code:pair:{acct}:{client}", s.rate_code_per_account_client,
                          s.rate_code_window)
    await ctx.limiter.hit(f"code:account:{acct}", s.rate_code_per_account, s.rate_code_window)
    await ctx.limiter.hit(f"code:client:{client}", s.rate_code_per_client, s.rate_code_window)


async def recovery_request(ctx: AppContext, target: str, client: str) -> None:
    """Forgot-username (target `email:<address>`) and forgot-password (`user:<name>`)."""
    s = ctx.settings
    await ctx.limiter.hit(f"forgot:account:{target}", s.rate_forgot_per_target,
                          s.rate_forgot_window)
    await ctx.limiter.hit(f"forgot:client:{client}", s.rate_forgot_per_client,
                          s.rate_forgot_window)


async def account_creation(ctx: AppContext, client: str) -> None:
    s = ctx.settings
    await ctx.limiter.hit(f"accounts:create:{client}", s.rate_create_per_client,
                          s.rate_create_window)


async def availability_check(ctx: AppContext, client: str) -> None:
    s = ctx.settings
    await ctx.limiter.hit(f"accounts:availability:{client}", s.rate_availability_per_client,
                          s.rate_availability_window)
