"""Logging for the backend process. Request bodies and query strings are never logged."""

from __future__ import annotations

import logging
import sys
from pathlib import Path

from backend.settings import Settings

FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


def configure_logging(settings: Settings, filename: str | None = None) -> None:
    """Log to stderr (the stack script sends it to LOG_DIR/backend.log); optionally to a file."""
    level = getattr(logging, settings.log_level.upper(), logging.INFO)
    root = logging.getLogger()
    root.setLevel(level)
    for handler in list(root.handlers):
        if getattr(handler, "_backend", False):
            root.removeHandler(handler)
    handlers: list[logging.Handler] = [logging.StreamHandler(sys.stderr)]
    if filename and settings.log_dir:
        Path(settings.log_dir).mkdir(parents=True, exist_ok=True)
        handlers.append(logging.FileHandler(Path(settings.log_dir) / filename, encoding="utf-8"))
    for handler in handlers:
        handler.setFormatter(logging.Formatter(FORMAT))
        handler._backend = True  # type: ignore[attr-defined]
        root.addHandler(handler)
    for name in ("sanic.root", "sanic.error", "sanic.server", "sanic.websockets"):
        logging.getLogger(name).setLevel(level)
    # Our own access log (method, path, status) replaces Sanic's, which prints full URLs.
    logging.getLogger("sanic.access").setLevel(logging.WARNING)
    sql_level = logging.INFO if settings.log_sql else logging.WARNING
    logging.getLogger("sqlalchemy.engine").setLevel(sql_level)
