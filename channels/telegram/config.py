"""Bridge settings, read from the environment once at start-up."""

from __future__ import annotations

import os
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import urlsplit

from channels.telegram.translate import TELEGRAM_MAX_MESSAGE_LENGTH

DEFAULT_RASA_URL = "http://127.0.0.1:5005"
DEFAULT_API_BASE_URL = "https://api.telegram.org"


class ConfigError(ValueError):
    """The environment does not describe a usable bridge."""


@dataclass(frozen=True)
class BridgeConfig:
    token: str
    rasa_url: str = DEFAULT_RASA_URL
    api_base_url: str = DEFAULT_API_BASE_URL
    webhook_url: str | None = None
    webhook_listen: str = "127.0.0.1"
    webhook_port: int = 8443
    webhook_secret: str = ""
    rasa_timeout: float = 30.0
    max_message_length: int = TELEGRAM_MAX_MESSAGE_LENGTH
    per_chat_rate: float = 1.0  # messages per second in one chat (Telegram's guidance)
    per_chat_burst: int = 3
    global_rate: float = 30.0  # messages per second over all chats
    poll_timeout: int = 30

    @property
    def bot_base_url(self) -> str:
        """python-telegram-bot's base_url: `<api>/bot`, to which it appends the token."""
        base = self.api_base_url.rstrip("/")
        return base if base.endswith("/bot") else base + "/bot"

    @property
    def file_base_url(self) -> str:
        base = self.api_base_url.rstrip("/").removesuffix("/bot")
        return base + "/file/bot"

    @property
    def webhook_path(self) -> str:
        path = urlsplit(self.webhook_url or "").path
        return path or "/telegram"


def _number(env: Mapping[str, str], key: str, default: float) -> float:
    raw = env.get(key)
    if raw is None or raw == "":
        return default
    try:
        value = float(raw)
    except ValueError as exc:
        raise ConfigError(f"{key} must be a number") from exc
    if value <= 0:
        raise ConfigError(f"{key} must be positive")
    return value


def load_config(env: Mapping[str, str] | None = None) -> BridgeConfig:
    env = os.environ if env is None else env
    token = (env.get("TELEGRAM_BOT_TOKEN") or "").strip()
    if not token:
        raise ConfigError("TELEGRAM_BOT_TOKEN is not set (get one from @BotFather)")
    webhook_url = (env.get("TELEGRAM_WEBHOOK_URL") or "").strip() or None
    if webhook_url and urlsplit(webhook_url).scheme not in ("https", "http"):
        raise ConfigError("TELEGRAM_WEBHOOK_URL must be an https:// URL")
    return BridgeConfig(
        token=token,
        rasa_url=(env.get("RASA_URL") or DEFAULT_RASA_URL).rstrip("/"),
        api_base_url=(env.get("TELEGRAM_API_BASE_URL") or DEFAULT_API_BASE_URL).rstrip("/"),
        webhook_url=webhook_url,
        webhook_listen=env.get("TELEGRAM_WEBHOOK_LISTEN") or "127.0.0.1",
        webhook_port=int(_number(env, "TELEGRAM_WEBHOOK_PORT", 8443)),
        # Telegram echoes this in a header on every webhook call, so strangers cannot
        # post fake updates. A fresh one per start is fine: setWebhook runs at start.
        webhook_secret=env.get("TELEGRAM_WEBHOOK_SECRET") or secrets.token_urlsafe(32),
        rasa_timeout=_number(env, "RASA_TIMEOUT", 30.0),
        max_message_length=min(
            int(_number(env, "TELEGRAM_MAX_MESSAGE_LENGTH", TELEGRAM_MAX_MESSAGE_LENGTH)),
            TELEGRAM_MAX_MESSAGE_LENGTH,
        ),
        per_chat_rate=_number(env, "TELEGRAM_PER_CHAT_RATE", 1.0),
        global_rate=_number(env, "TELEGRAM_GLOBAL_RATE", 30.0),
        poll_timeout=int(_number(env, "TELEGRAM_POLL_TIMEOUT", 30)),
    )
