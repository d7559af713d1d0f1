"""Forgot username / forgot password: always 202, the mail written after the response.

Only the throttles run on the response path, and they are the same for any address or
username; the lookup, the reset token and the mail run as a background job
(`adapters.background`), so neither the answer nor its timing tells whether an account
exists.
"""

from __future__ import annotations

import logging

from sqlalchemy import select

from backend.adapters.models import Account
from backend.domain import rules
from backend.services import accounts, limits, mail_templates
from backend.services.context import AppContext

logger = logging.getLogger(__name__)


async def forgot_username(ctx: AppContext, email: str, client: str) -> None:
    norm = rules.normalize_email(email or "")
    await limits.recovery_request(ctx, f"email:{norm}", client)
    ctx.background.spawn(_send_usernames(ctx, norm), "forgot username")


async def _send_usernames(ctx: AppContext, email_normalized: str) -> None:
    if not email_normalized:
        return
    async with ctx.uow() as uow:
        found = (
            await uow.session.execute(
                select(Account).where(Account.email_normalized == email_normalized)
                .order_by(Account.id)
            )
        ).scalars().all()
        if not found:
            return
        mail = mail_templates.usernames_reminder([a.username for a in found])
        ctx.mailer.record(uow.session, found[0].email, mail.subject, mail.body)
        await uow.commit()


async def forgot_password(ctx: AppContext, username: str, client: str) -> None:
    await limits.recovery_request(ctx, f"user:{rules.normalize_username(username)}", client)
    ctx.background.spawn(_send_reset_link(ctx, username), "forgot password")


async def _send_reset_link(ctx: AppContext, username: str) -> None:
    async with ctx.uow() as uow:
        account = await accounts.get_by_username(uow, username)
        if account is None:
            return
        await accounts.send_password_link(ctx, uow, account, "reset")
        await uow.commit()
