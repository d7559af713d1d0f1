"""Outgoing mail: every message is recorded in the outbox; SMTP delivery when configured."""

from __future__ import annotations

import asyncio
import logging
import smtplib
from email.message import EmailMessage

from sqlalchemy.ext.asyncio import AsyncSession

from backend.adapters.models import MailMessage, utcnow
from backend.adapters.security import Crypto
from backend.settings import Settings

logger = logging.getLogger(__name__)

_BODY_CONTEXT = "mail-body"


class Mailer:
    def __init__(self, settings: Settings, crypto: Crypto) -> None:
        self.settings = settings
        self.crypto = crypto
        self._tasks: set[asyncio.Task[None]] = set()

    def record(self, session: AsyncSession, to: str, subject: str, body: str) -> MailMessage:
        """Add the message to the outbox in the caller's unit of work; delivered on commit."""
        msg = MailMessage(
            to_address=to.strip().lower(),
            subject=subject,
            body_encrypted=self.crypto.encrypt(body, _BODY_CONTEXT),
            created_at=utcnow(),
        )
        session.add(msg)
        if self.settings.smtp_host:
            task = asyncio.get_running_loop().create_task(self._deliver_later(to, subject, body))
            self._tasks.add(task)
            task.add_done_callback(self._tasks.discard)
        logger.info("mail recorded: subject=%r", subject)
        return msg

    def body_of(self, msg: MailMessage) -> str:
        return self.crypto.decrypt(msg.body_encrypted, _BODY_CONTEXT)

    async def _deliver_later(self, to: str, subject: str, body: str) -> None:
        try:
            await asyncio.to_thread(self._smtp_send, to, subject, body)
            logger.info("mail sent over SMTP: subject=%r", subject)
        except Exception:  # noqa: BLE001 - a mail failure must not break the request
            logger.warning("SMTP delivery failed: subject=%r", subject, exc_info=False)

    def _smtp_send(self, to: str, subject: str, body: str) -> None:
        s = self.settings
        message = EmailMessage()
        message["From"] = s.smtp_from
        message["To"] = to
        message["Subject"] = subject
        message.set_content(body)
        assert s.smtp_host
        with smtplib.SMTP(s.smtp_host, s.smtp_port, timeout=20) as smtp:
            if s.smtp_starttls:
                smtp.starttls()
            if s.smtp_user and s.smtp_password:
                smtp.login(s.smtp_user, s.smtp_password)
            smtp.send_message(message)
