"""Sign-in and sign-out of the console (sessions and the pre-login CSRF cookie)."""

from __future__ import annotations

import secrets

from sanic import Request
from sanic.response import HTTPResponse

from console.auth import (
    SignInRefused,
    StaffUser,
    check_csrf,
    clear_cookie,
    csrf_token_for,
    current_user,
    set_cookie,
    sign_in,
    sign_out,
)
from console.config import (
    PRELOGIN_COOKIE,
    SESSION_COOKIE,
    SESSION_TTL_SECONDS,
    ConsoleContext,
    console_context,
)
from console.views.common import form, redirect, render, staff_only


async def index(request: Request) -> HTTPResponse:
    ctx = console_context(request.app)
    user = await current_user(ctx, request)
    return redirect("/staff/conversations" if user else "/staff/login")


def _safe_next(value: str | None) -> str:
    if value and value.startswith("/staff/") and not value.startswith("//") and "\\" not in value:
        return value
    return "/staff/conversations"


async def login_page(request: Request) -> HTTPResponse:
    ctx = console_context(request.app)
    if await current_user(ctx, request):
        return redirect("/staff/conversations")
    return _login_form(ctx, request, None, 200)


def _login_form(
    ctx: ConsoleContext, request: Request, error: str | None, status: int
) -> HTTPResponse:
    pre = secrets.token_urlsafe(24)
    resp = render(
        "login.html",
        status=status,
        user=None,
        error=error,
        csrf=csrf_token_for(ctx, "prelogin:" + pre),
        next=_safe_next(
            request.args.get("next") or (request.form.get("next") if request.form else None)
        ),
    )
    set_cookie(ctx, resp, PRELOGIN_COOKIE, pre, 3600)
    return resp


async def login_submit(request: Request) -> HTTPResponse:
    ctx = console_context(request.app)
    if not check_csrf(ctx, request, None):
        return _login_form(ctx, request, "The sign-in form expired. Please try again.", 403)
    username = form(request, "username", 100)
    password = (request.form.get("password") if request.form else None) or ""
    try:
        token = await sign_in(ctx, request, username, password[:256])
    except SignInRefused as exc:
        return _login_form(ctx, request, exc.message, exc.status)
    resp = redirect(_safe_next(request.form.get("next") if request.form else None))
    set_cookie(ctx, resp, SESSION_COOKIE, token, SESSION_TTL_SECONDS)
    clear_cookie(ctx, resp, PRELOGIN_COOKIE)
    return resp


@staff_only(post=True)
async def logout(request: Request, ctx: ConsoleContext, user: StaffUser) -> HTTPResponse:
    await sign_out(ctx, user.session_token)
    resp = redirect("/staff/login")
    clear_cookie(ctx, resp, SESSION_COOKIE)
    return resp
