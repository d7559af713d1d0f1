"""Where the console finds the backend's context and its own settings.

The backend's `create_app(settings)` keeps an `AppContext` (settings, crypto, rate
limiter, unit-of-work factory) on `app.ctx`; the console looks it up there rather than
building a second one. Settings the backend does not (yet) define are read from the
environment: `TRACKER_STORE_URL`, `RASA_URL`, `RASA_API_TOKEN`.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass
from typing import Any

from sanic import Sanic

from backend.console.tracker_reader import TrackerReader
from backend.services.context import AppContext

logger = logging.getLogger(__name__)

CONSOLE_ROLES = ("helpdesk", "certification", "admin")
RECORD_ROLES = ("helpdesk", "certification", "admin")  # may open an educator's summary
SESSION_COOKIE = "staff_session"
PRELOGIN_COOKIE = "staff_prelogin"
SESSION_TTL_SECONDS = 8 * 3600
PAGE_SIZE = 25


@dataclass
class ConsoleContext:
    core: AppContext
    tracker: TrackerReader
    rasa_url: str
    rasa_api_token: str | None
    secure_cookies: bool

    @property
    def settings(self) -> Any:
        return self.core.settings


def _find_app_context(app: Sanic) -> AppContext:
    for name in ("backend", "app_context", "context", "appctx", "core", "services", "app"):
        value = getattr(app.ctx, name, None)
        if isinstance(value, AppContext):
            return value
    for value in vars(app.ctx).values():
        if isinstance(value, AppContext):
            return value
    raise RuntimeError("the backend's AppContext is not on app.ctx; is create_app used?")


def _setting(settings: Any, name: str, env: str, default: str | None = None) -> str | None:
    value = getattr(settings, name, None)
    if value:
        return str(value)
    return os.environ.get(env, default)


def console_context(app: Sanic) -> ConsoleContext:
    """The console's context for this app, built on first use and kept on `app.ctx`."""
    existing = getattr(app.ctx, "console", None)
    if isinstance(existing, ConsoleContext):
        return existing
    core = _find_app_context(app)
    settings = core.settings
    ctx = ConsoleContext(
        core=core,
        tracker=TrackerReader(_setting(settings, "tracker_store_url", "TRACKER_STORE_URL")),
        rasa_url=(_setting(settings, "rasa_url", "RASA_URL", "http://127.0.0.1:5005") or "").rstrip(
            "/"
        ),
        rasa_api_token=_setting(settings, "rasa_api_token", "RASA_API_TOKEN"),
        secure_cookies=getattr(settings, "app_env", "production") != "development",
    )
    app.ctx.console = ctx
    return ctx
