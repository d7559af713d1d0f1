"""Logging for the backend process. Request bodies and query strings are never logged."""

from __future__ import annotations

import asyncio
import logging
import sys
import time
from pathlib import Path

from backend.settings import Settings

FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
ACCESS_LOGGER = "backend.access"


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


class AccessLog:
    """One line per request (method, path, status, time), written in batches.

    Why: a log record per request (record, formatter, one unbuffered write to stderr) cost
    as much CPU as a whole status lookup. Lines are built directly, in the same format as
    every other log line, and written once per `flush_seconds` or `batch` lines and when
    the server stops, as nginx's buffered access log does. Query strings and bodies are
    never logged: they can carry tokens and personal data.
    """

    def __init__(self, batch: int = 256, flush_seconds: float = 0.5) -> None:
        self._logger = logging.getLogger(ACCESS_LOGGER)
        self._batch = batch
        self._flush_seconds = flush_seconds
        self._lines: list[str] = []
        self._timer: asyncio.TimerHandle | None = None
        self._second = -1
        self._stamp = ""

    def record(self, method: str, path: str, status: int, ms: float) -> None:
        if not self._logger.isEnabledFor(logging.INFO):
            return
        now = time.time()
        second = int(now)
        if second != self._second:
            self._second = second
            self._stamp = time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(second))
        millis = int((now - second) * 1000)
        self._lines.append(
            f"{self._stamp},{millis:03d} INFO {ACCESS_LOGGER}: {method} {path} {status} "
            f"{ms:.0f}ms\n"
        )
        if len(self._lines) >= self._batch:
            self.flush()
        elif self._timer is None:
            self._timer = asyncio.get_running_loop().call_later(self._flush_seconds, self.flush)

    def flush(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None
        if not self._lines:
            return
        data = "".join(self._lines)
        self._lines.clear()
        sys.stderr.write(data)
        sys.stderr.flush()
