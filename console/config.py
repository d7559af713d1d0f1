"""The console's context, built once from the backend's `AppContext` and handed to it.

The composition root (`server.app`) builds the backend's `AppContext` and passes it to
`console.register(app, core)`, which builds this `ConsoleContext` and keeps it on
`app.ctx.console`. Every setting comes from the backend's `Settings` (`TRACKER_STORE_URL`,
`RASA_URL`, `RASA_API_TOKEN` among them); the console reads no environment of its own.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from sanic import Sanic

from backend.services.context import AppContext
from backend.settings import Settings
from console.tracker_reader import TrackerReader

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
    def settings(self) -> Settings:
        return self.core.settings


def build_console_context(core: AppContext) -> ConsoleContext:
    """The console's context over the backend's services and settings."""
    settings = core.settings
    return ConsoleContext(
        core=core,
        tracker=TrackerReader(settings.tracker_store_url or None),
        rasa_url=settings.rasa_url.rstrip("/"),
        rasa_api_token=settings.rasa_api_token or None,
        secure_cookies=settings.app_env != "development",
    )


def console_context(app: Sanic) -> ConsoleContext:
    """The context `console.register` put on this app."""
    ctx = getattr(app.ctx, "console", None)
    if not isinstance(ctx, ConsoleContext):
        raise RuntimeError("the console is not registered on this app; use console.register")
    return ctx
