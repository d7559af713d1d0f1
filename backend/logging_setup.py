"""Logging for the backend process. Request bodies and query strings are never logged.

Every message, traceback and access-log path is redacted (`pii.redaction`) on its way
out: a path or an error can carry an SSN that someone typed where an Educator ID belongs
(`GET /api/v1/educators/900-11-0001/certificates`), percent-encoded or not.
"""

from __future__ import annotations

import asyncio
import logging
import re
import sys
import time
import unicodedata
from pathlib import Path
from typing import Any

from backend.settings import Settings
from pii.redaction import redact_text

FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
ACCESS_LOGGER = "backend.access"


_PERCENT_RUN = re.compile(r"(?:%[0-9A-Fa-f]{2})+")


def _decode_percent_run(match: re.Match[str]) -> str:
    try:
        decoded = bytes.fromhex(match.group(0).replace("%", "")).decode("utf-8")
    except UnicodeDecodeError:
        return match.group(0)
    # A control character (%0A, %0D, %00) becomes a space: the line stays one line.
    return "".join(" " if unicodedata.category(c) == "Cc" else c for c in decoded)


def redact_for_log(text: str) -> str:
    """`text` as it may be logged: percent-escapes decoded (so ``900%2D11%2D0001`` is seen
    as the SSN it is), then every SSN, date, code and password masked."""
    if "%" in text:
        text = _PERCENT_RUN.sub(_decode_percent_run, text)
    return redact_text(text)


class RedactingFormatter(logging.Formatter):
    """A formatter that redacts the message, the traceback and the stack of every record
    (not the time stamp, which is a date on purpose)."""

    def formatMessage(self, record: logging.LogRecord) -> str:  # noqa: N802 (logging's name)
        record.message = redact_for_log(record.message)
        return super().formatMessage(record)

    def formatException(self, ei: Any) -> str:  # noqa: N802
        return redact_for_log(super().formatException(ei))

    def formatStack(self, stack_info: str) -> str:  # noqa: N802
        return redact_for_log(super().formatStack(stack_info))


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
        handler.setFormatter(RedactingFormatter(FORMAT))
        handler._backend = True  # type: ignore[attr-defined]
        root.addHandler(handler)
    for name in ("sanic.root", "sanic.error", "sanic.server", "sanic.websockets"):
        logging.getLogger(name).setLevel(level)
    # Our own access log (method, path, status) replaces Sanic's, which prints full URLs.
    logging.getLogger("sanic.access").setLevel(logging.WARNING)
    sql_level = logging.INFO if settings.log_sql else logging.WARNING
    logging.getLogger("sqlalchemy.engine").setLevel(sql_level)
    # aiosqlite logs every call it hands to its thread at DEBUG, with the bound values
    # (e-mail addresses, password hashes): that would undo SQLAlchemy's `hide_parameters`.
    # LOG_SQL already logs each statement once, without them. (In the test servers, which
    # log at DEBUG, these lines were two thirds of the SQLite log and of its redaction.)
    logging.getLogger("aiosqlite").setLevel(max(level, logging.INFO))


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

    def record(self, method: str, path: str, status: int, ms: float,
               literal: bool = False) -> None:
        """Add a line. `literal` says the path is one of our own routes with no parameter
        (it matched a route written in the code, so it carries no user text): it is
        logged as it is, and every other path is redacted."""
        if not self._logger.isEnabledFor(logging.INFO):
            return
        now = time.time()
        second = int(now)
        if second != self._second:
            self._second = second
            self._stamp = time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(second))
        millis = int((now - second) * 1000)
        shown = path if literal else redact_for_log(path)
        self._lines.append(
            f"{self._stamp},{millis:03d} INFO {ACCESS_LOGGER}: {method} {shown} {status} "
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
