"""The thin python-telegram-bot application around the pure functions in `translate`.

Ordering: updates are processed concurrently across chats but strictly one at a time,
in arrival order, within a chat (`PerChatUpdateProcessor`). Sending is rate limited
per chat and overall (`ratelimit`). Logs carry chat and update ids, never message text.
"""

from __future__ import annotations

import asyncio
import logging
import warnings
from collections.abc import Awaitable
from typing import Any

from telegram import Update
from telegram.error import BadRequest, Forbidden, RetryAfter, TelegramError
from telegram.ext import (
    Application,
    ApplicationBuilder,
    BaseUpdateProcessor,
    CallbackQueryHandler,
    ContextTypes,
    MessageHandler,
    filters,
)

from channels.telegram.config import BridgeConfig
from channels.telegram.rasa_client import RasaClient, RasaUnavailable
from channels.telegram.ratelimit import RateLimiter
from channels.telegram.translate import (
    EXPIRED_BUTTON_TEXT,
    RASA_DOWN_TEXT,
    UNSUPPORTED_TEXT,
    OutgoingMessage,
    PayloadStore,
    button_title,
    is_expired_button,
    message_from_update,
    render_replies,
)

logger = logging.getLogger(__name__)

# Edits are not re-sent: Rasa has already answered the original message.
ALLOWED_UPDATES = ["message", "callback_query"]
SEND_ATTEMPTS = 3
BOT_COMMANDS = [("start", "Start over"), ("help", "What the assistant can do")]


def chat_key(update: object) -> int | None:
    """The chat an update belongs to (None for updates without a chat)."""
    if isinstance(update, Update) and update.effective_chat is not None:
        return update.effective_chat.id
    return None


class PerChatUpdateProcessor(BaseUpdateProcessor):
    """Concurrent across chats, sequential and in arrival order within one chat.

    python-telegram-bot starts one task per update in arrival order; the first thing
    each task does here is queue on its chat's lock, and asyncio locks wake waiters
    first-in first-out, so a chat's updates run in the order they arrived.
    """

    def __init__(self, max_concurrent_updates: int = 256) -> None:
        super().__init__(max_concurrent_updates)
        self._locks: dict[int, asyncio.Lock] = {}
        self._users: dict[int, int] = {}

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        key = chat_key(update)
        if key is None:
            await coroutine
            return
        lock = self._locks.setdefault(key, asyncio.Lock())
        self._users[key] = self._users.get(key, 0) + 1
        try:
            async with lock:
                await coroutine
        finally:
            self._users[key] -= 1
            if self._users[key] == 0:  # nobody waiting: forget the chat
                del self._users[key]
                del self._locks[key]

    async def initialize(self) -> None:
        """Nothing to allocate."""

    async def shutdown(self) -> None:
        """Nothing to free."""


class Bridge:
    """Handles one update: ask Rasa, send its replies back to the chat."""

    def __init__(self, config: BridgeConfig, rasa: RasaClient,
                 limiter: RateLimiter | None = None, store: PayloadStore | None = None) -> None:
        self.config = config
        self.rasa = rasa
        self.limiter = limiter or RateLimiter(
            config.per_chat_rate, config.per_chat_burst, config.global_rate
        )
        self.store = store or PayloadStore()

    async def handle(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        bot = context.bot
        query = update.callback_query
        chat_id = chat_key(update)
        if chat_id is None:
            return
        if query is not None:
            await self._answer_query(update, chat_id)
        if query is not None and is_expired_button(update, self.store):
            await self.send(bot, chat_id, OutgoingMessage(EXPIRED_BUTTON_TEXT), update.update_id)
            return
        message = message_from_update(update, self.store)
        if message is None:
            if update.message is not None:  # a photo, sticker, voice note...
                await self.send(bot, chat_id, OutgoingMessage(UNSUPPORTED_TEXT),
                                update.update_id)
            return
        try:
            replies = await self.rasa.send(message.sender, message.message)
        except RasaUnavailable as exc:
            logger.warning("Rasa unavailable (%s) chat_id=%s update_id=%s",
                           exc, chat_id, update.update_id)
            await self.send(bot, chat_id, OutgoingMessage(RASA_DOWN_TEXT), update.update_id)
            return
        outgoing = render_replies(replies, self.store, self.config.max_message_length)
        if not outgoing:
            logger.info("Rasa sent no reply chat_id=%s update_id=%s", chat_id, update.update_id)
        for out in outgoing:
            await self.send(bot, chat_id, out, update.update_id)

    async def _answer_query(self, update: Update, chat_id: int) -> None:
        query = update.callback_query
        assert query is not None
        title = button_title(update)
        try:
            await query.answer(text=title[:190] if title else None)
        except TelegramError as exc:
            logger.warning("answerCallbackQuery failed (%s) chat_id=%s update_id=%s",
                           type(exc).__name__, chat_id, update.update_id)
        # Take the keyboard off the message, so an old choice cannot be pressed twice.
        if query.message is not None and getattr(query.message, "reply_markup", None):
            try:
                await query.edit_message_reply_markup(reply_markup=None)
            except TelegramError as exc:
                logger.info("could not remove keyboard (%s) chat_id=%s update_id=%s",
                            type(exc).__name__, chat_id, update.update_id)

    async def send(self, bot: Any, chat_id: int, out: OutgoingMessage, update_id: int) -> None:
        """Send one message, within the rate limits, retrying when Telegram says so."""
        for attempt in range(1, SEND_ATTEMPTS + 1):
            await self.limiter.acquire(chat_id)
            try:
                await bot.send_message(chat_id=chat_id, text=out.text,
                                       reply_markup=out.reply_markup)
                return
            except RetryAfter as exc:
                seconds = _retry_seconds(exc)
                logger.warning("Telegram flood control: retry in %ss chat_id=%s update_id=%s "
                               "attempt=%d", seconds, chat_id, update_id, attempt)
                await asyncio.sleep(seconds)
            except (Forbidden, BadRequest) as exc:  # blocked by the user, chat gone...
                logger.warning("sendMessage refused (%s) chat_id=%s update_id=%s",
                               type(exc).__name__, chat_id, update_id)
                return
            except TelegramError as exc:
                logger.warning("sendMessage failed (%s) chat_id=%s update_id=%s attempt=%d",
                               type(exc).__name__, chat_id, update_id, attempt)
                await asyncio.sleep(min(2.0 * attempt, 5.0))
        logger.error("giving up on a message chat_id=%s update_id=%s", chat_id, update_id)

    async def on_error(self, update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
        # No exc_info: a traceback's frames could show message text in its arguments.
        error = context.error
        update_id = update.update_id if isinstance(update, Update) else None
        logger.error("error handling update (%s: %s) chat_id=%s update_id=%s",
                     type(error).__name__, _safe_error_text(error), chat_key(update),
                     update_id)


def _retry_seconds(exc: RetryAfter) -> float:
    # PTB 22 warns that retry_after becomes a timedelta; accept both forms.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        delay: Any = exc.retry_after
    return float(delay.total_seconds() if hasattr(delay, "total_seconds") else delay)


def _safe_error_text(error: BaseException | None) -> str:
    # Telegram and httpx errors describe the failure, not the user's text; anything
    # else is reduced to its type.
    if isinstance(error, TelegramError):
        return str(error)[:200]
    return ""


def build_application(config: BridgeConfig, rasa: RasaClient | None = None) -> Application:
    rasa = rasa or RasaClient(config.rasa_url, timeout=config.rasa_timeout)
    bridge = Bridge(config, rasa)

    async def post_init(application: Application) -> None:
        # Shows /start and /help in Telegram's command menu; not fatal if refused.
        try:
            await application.bot.set_my_commands(BOT_COMMANDS)
        except TelegramError as exc:
            logger.warning("setMyCommands failed (%s)", type(exc).__name__)

    async def post_shutdown(_: Application) -> None:
        await rasa.aclose()

    application = (
        ApplicationBuilder()
        .token(config.token)
        .base_url(config.bot_base_url)
        .base_file_url(config.file_base_url)
        .concurrent_updates(PerChatUpdateProcessor())
        .get_updates_read_timeout(config.poll_timeout + 10)
        .post_init(post_init)
        .post_shutdown(post_shutdown)
        .build()
    )
    application.add_handler(CallbackQueryHandler(bridge.handle))
    application.add_handler(
        MessageHandler(filters.UpdateType.MESSAGE & ~filters.StatusUpdate.ALL, bridge.handle)
    )
    application.add_error_handler(bridge.on_error)
    application.bot_data["bridge"] = bridge
    return application


def run(config: BridgeConfig) -> None:
    application = build_application(config)
    if config.webhook_url:
        logger.info("starting in webhook mode on %s:%s%s", config.webhook_listen,
                    config.webhook_port, config.webhook_path)
        application.run_webhook(
            listen=config.webhook_listen,
            port=config.webhook_port,
            url_path=config.webhook_path.lstrip("/"),
            webhook_url=config.webhook_url,
            secret_token=config.webhook_secret,
            allowed_updates=ALLOWED_UPDATES,
        )
    else:
        logger.info("starting in polling mode; Rasa at %s", config.rasa_url)
        application.run_polling(allowed_updates=ALLOWED_UPDATES, timeout=config.poll_timeout)
