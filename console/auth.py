"""Staff sign-in for the console: server-side sessions, cookies, CSRF and throttling.

- The session cookie holds a random token; the database keeps its keyed hash only
  (`console_sessions`), so signing out (or an admin deleting the row) ends it at once.
- Cookies: HttpOnly, SameSite=Strict, Path=/staff, Secure outside development.
- CSRF: every POST form carries a token derived from the session token with the
  backend's secret key (HMAC); the sign-in form uses a double-submit cookie.
- Throttling: the backend's own staff check (`services.signin.authenticate_staff`), so a
  password guessed wrong in the console counts toward the same per-account and per-client
  limits as the API (the client named by `services.limits.client_key`, as the API does).
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sanic import Request
from sanic.response import HTTPResponse

from backend.domain import errors
from backend.services import audit, limits, signin
from console import queries
from console.config import (
    CONSOLE_ROLES,
    PRELOGIN_COOKIE,
    SESSION_COOKIE,
    SESSION_TTL_SECONDS,
    ConsoleContext,
)
from console.models import ConsoleSession

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class StaffUser:
    account_id: int
    username: str
    role: str
    session_token: str

    @property
    def can_see_records(self) -> bool:
        return self.role in ("helpdesk", "certification", "admin")


class SignInRefused(Exception):
    """Sign-in failed; `code` is stable and `message` is shown to the person."""

    def __init__(self, code: str, message: str, status: int = 401) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.status = status


def _token_hash(ctx: ConsoleContext, token: str) -> str:
    key = f"console-session:{ctx.settings.secret_key}".encode()
    return hmac.new(key, token.encode(), hashlib.sha256).hexdigest()


def csrf_token_for(ctx: ConsoleContext, session_token: str) -> str:
    key = f"console-csrf:{ctx.settings.secret_key}".encode()
    return hmac.new(key, session_token.encode(), hashlib.sha256).hexdigest()


def client_id(request: Request) -> str:
    """The same identity the API gives this caller, so both share one per-client count."""
    return limits.client_key(str(request.remote_addr or request.ip or ""))


def _now() -> datetime:
    return datetime.now(UTC)


def _aware(value: datetime | None) -> datetime | None:
    if value is not None and value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    return value


async def sign_in(ctx: ConsoleContext, request: Request, username: str, password: str) -> str:
    """Check the credentials; return a new session token or raise SignInRefused.

    The password check and its throttles are the backend's own
    (`services.signin.authenticate_staff`); the console then admits only its roles.
    """
    if not username.strip() or not password:
        raise SignInRefused("invalid_credentials", "The username or password is not correct.")
    async with ctx.core.uow() as uow:
        try:
            account = await signin.authenticate_staff(
                ctx.core, uow, username, password, client_id(request)
            )
        except errors.RateLimited as exc:
            raise SignInRefused("rate_limited", exc.message, 429) from exc
        except errors.Forbidden as exc:
            raise SignInRefused(
                "forbidden", "This account cannot use the staff console.", 403
            ) from exc
        except errors.DomainError as exc:
            # Unknown user, wrong password, password never set: one answer for all.
            raise SignInRefused(
                "invalid_credentials", "The username or password is not correct."
            ) from exc
        if account.role not in CONSOLE_ROLES or account.state != "active":
            audit.record(uow, account, "console.sign_in_refused", None, "role not allowed")
            await uow.commit()
            raise SignInRefused("forbidden", "This account cannot use the staff console.", 403)
        token = secrets.token_urlsafe(32)
        now = _now()
        uow.session.add(
            ConsoleSession(
                token_hash=_token_hash(ctx, token),
                account_id=account.id,
                username=account.username,
                role=account.role,
                expires_at=now + timedelta(seconds=SESSION_TTL_SECONDS),
            )
        )
        audit.record(uow, account, "console.sign_in", None)
        await uow.commit()
        logger.info("Console sign-in: %s (%s)", account.username, account.role)
        return token


async def current_user(ctx: ConsoleContext, request: Request) -> StaffUser | None:
    """The signed-in staff member, or None (no cookie, expired, revoked, role changed)."""
    token = request.cookies.get(SESSION_COOKIE)
    if not token:
        return None
    async with ctx.core.uow() as uow:
        row = await queries.session_with_account(uow, _token_hash(ctx, token))
        if row is None:
            return None
        session, account = row
        expires_at = _aware(session.expires_at)
        if session.revoked_at is not None or expires_at is None or expires_at <= _now():
            return None
        # The account's current role and state decide, not the role at sign-in.
        if account.role not in CONSOLE_ROLES or account.state != "active":
            return None
        return StaffUser(account.id, account.username, account.role, token)


async def sign_out(ctx: ConsoleContext, token: str) -> None:
    async with ctx.core.uow() as uow:
        session = await queries.console_session(uow, _token_hash(ctx, token))
        if session is not None and session.revoked_at is None:
            session.revoked_at = _now()
            await uow.commit()


def set_cookie(
    ctx: ConsoleContext, resp: HTTPResponse, name: str, value: str, max_age: int
) -> None:
    resp.add_cookie(
        name,
        value,
        path="/staff",
        max_age=max_age,
        httponly=True,
        samesite="Strict",
        secure=ctx.secure_cookies,
    )


def clear_cookie(ctx: ConsoleContext, resp: HTTPResponse, name: str) -> None:
    resp.add_cookie(
        name,
        "",
        path="/staff",
        max_age=0,
        httponly=True,
        samesite="Strict",
        secure=ctx.secure_cookies,
    )


def check_csrf(ctx: ConsoleContext, request: Request, user: StaffUser | None) -> bool:
    """True if the POSTed `csrf_token` matches this session (or the pre-login cookie)."""
    sent = (request.form.get("csrf_token") if request.form else None) or request.headers.get(
        "x-csrf-token"
    )
    if not sent:
        return False
    if user is not None:
        return hmac.compare_digest(sent, csrf_token_for(ctx, user.session_token))
    cookie = request.cookies.get(PRELOGIN_COOKIE)
    if not cookie:
        return False
    return hmac.compare_digest(sent, csrf_token_for(ctx, "prelogin:" + str(cookie)))
