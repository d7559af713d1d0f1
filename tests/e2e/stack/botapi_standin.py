"""A Telegram Bot API stand-in on 127.0.0.1, for running the real bridge in tests.

It serves `/bot<token>/<method>` the way python-telegram-bot calls it (form-encoded or
JSON parameters, JSON results): getMe, getUpdates (long poll with offset and timeout),
sendMessage (recorded with its reply_markup), answerCallbackQuery,
editMessageReplyMarkup, deleteWebhook, setWebhook, getWebhookInfo, setMyCommands.
Any other method is recorded and answered with `true`. Tests inject updates with
`send_text()` and `press_button()` and read what the bot sent with `wait_for()`.
Updates wait for getUpdates, or, once the bot has called setWebhook, are POSTed to the
webhook with the secret token header, as Telegram does.
Plain `http.server` in a thread, so it needs nothing beyond the standard library.
"""

from __future__ import annotations

import itertools
import json
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs

BOT_USER = {"id": 900000001, "is_bot": True, "first_name": "Certification Assistant",
            "username": "cert_assistant_test_bot", "can_join_groups": False,
            "can_read_all_group_messages": False, "supports_inline_queries": False}


# Parameters python-telegram-bot sends as JSON inside form fields.
_JSON_FIELDS = {"reply_markup", "allowed_updates", "commands", "entities",
                "link_preview_options", "reply_parameters", "scope"}


@dataclass
class Call:
    method: str
    params: dict[str, Any]
    at: float = field(default_factory=time.monotonic)


class BotApiStandIn:
    def __init__(self, token: str, host: str = "127.0.0.1", port: int = 0) -> None:
        self.token = token
        self.calls: list[Call] = []
        self._updates: list[dict[str, Any]] = []
        self._update_ids = itertools.count(1)
        self._message_ids = itertools.count(1000)
        self._cond = threading.Condition()
        self.webhook: tuple[str, str] | None = None  # (url, secret) once setWebhook ran
        self.webhook_responses: list[int] = []
        self._server = ThreadingHTTPServer((host, port), self._handler_class())
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    # ---- lifecycle ----
    @property
    def base_url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def start(self) -> BotApiStandIn:
        self._thread.start()
        return self

    def stop(self) -> None:
        with self._cond:
            self._cond.notify_all()
        self._server.shutdown()
        self._server.server_close()

    # ---- what the tests do as Telegram users ----
    def send_text(self, chat_id: int, text: str, first_name: str = "Test") -> int:
        """A user types `text` in a private chat; returns the update id."""
        message: dict[str, Any] = {
            "message_id": next(self._message_ids), "date": int(time.time()),
            "chat": {"id": chat_id, "type": "private", "first_name": first_name},
            "from": {"id": chat_id, "is_bot": False, "first_name": first_name},
            "text": text,
        }
        if text.startswith("/"):
            command = text.split()[0]
            message["entities"] = [{"type": "bot_command", "offset": 0,
                                    "length": len(command)}]
        return self._push({"message": message})

    def press_button(self, sent: Call, callback_data: str) -> int:
        """The user presses the inline button with `callback_data` under a sent message."""
        chat_id = int(sent.params["chat_id"])
        message = dict(sent.params["_result"])
        return self._push({"callback_query": {
            "id": str(next(self._message_ids)),
            "from": {"id": chat_id, "is_bot": False, "first_name": "Test"},
            "chat_instance": f"ci-{chat_id}",
            "message": message,
            "data": callback_data,
        }})

    # ---- what the tests check ----
    def sent_messages(self, chat_id: int | None = None) -> list[Call]:
        with self._cond:
            return [c for c in self.calls if c.method == "sendMessage"
                    and (chat_id is None or int(c.params["chat_id"]) == chat_id)]

    def calls_to(self, method: str) -> list[Call]:
        with self._cond:
            return [c for c in self.calls if c.method == method]

    def wait_for(self, predicate: Callable[[], Any], timeout: float = 30.0) -> Any:
        """Wait until predicate() is truthy; return its value."""
        deadline = time.monotonic() + timeout
        with self._cond:
            while True:
                value = predicate()
                if value:
                    return value
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    seen = [(c.method, c.params.get("text")) for c in self.calls]
                    raise AssertionError(f"timed out after {timeout}s; calls: {seen}")
                self._cond.wait(min(remaining, 0.5))

    def wait_for_messages(self, chat_id: int, count: int, timeout: float = 30.0,
                          settle: float = 1.5) -> list[Call]:
        """Wait for at least `count` messages to `chat_id`, then a quiet `settle` period
        (so all parts of one reply are in); return all messages to that chat."""
        self.wait_for(lambda: len(self.sent_messages(chat_id)) >= count, timeout)
        seen = -1
        while seen != len(self.sent_messages(chat_id)):
            seen = len(self.sent_messages(chat_id))
            time.sleep(settle)
        return self.sent_messages(chat_id)

    # ---- the Bot API ----
    def _push(self, body: dict[str, Any]) -> int:
        with self._cond:
            update_id = next(self._update_ids)
            update = {"update_id": update_id, **body}
            if self.webhook is None:
                self._updates.append(update)
                self._cond.notify_all()
                return update_id
            url, secret = self.webhook
        self._deliver(url, secret, update)
        return update_id

    def _deliver(self, url: str, secret: str, update: dict[str, Any]) -> None:
        """Webhook mode: POST the update to the bot, as Telegram does."""
        request = urllib.request.Request(
            url, data=json.dumps(update).encode(), method="POST",
            headers={"Content-Type": "application/json",
                     "X-Telegram-Bot-Api-Secret-Token": secret})
        # python-telegram-bot calls setWebhook just before its server listens; Telegram
        # retries failed deliveries, and so does the stand-in.
        deadline = time.monotonic() + 15
        while True:
            try:
                with urllib.request.urlopen(request, timeout=10) as response:
                    self.webhook_responses.append(response.status)
                    return
            except urllib.error.URLError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)

    def _get_updates(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        offset = int(params.get("offset") or 0)
        timeout = float(params.get("timeout") or 0)
        deadline = time.monotonic() + min(timeout, 30)
        with self._cond:
            # An offset confirms every update before it, as on Telegram.
            self._updates = [u for u in self._updates if u["update_id"] >= offset]
            while not self._updates and time.monotonic() < deadline:
                self._cond.wait(min(deadline - time.monotonic(), 0.5))
            limit = int(params.get("limit") or 100)
            return list(self._updates[:limit])

    def _call(self, method: str, params: dict[str, Any]) -> Any:
        if method == "getUpdates":
            result: Any = self._get_updates(params)
            self._record(method, params)
            return result
        if method == "getMe":
            result = BOT_USER
        elif method == "sendMessage":
            result = {
                "message_id": next(self._message_ids), "date": int(time.time()),
                "chat": {"id": int(params["chat_id"]), "type": "private"},
                "from": BOT_USER, "text": params.get("text", ""),
            }
            if params.get("reply_markup"):
                result["reply_markup"] = params["reply_markup"]
            params = {**params, "_result": result}
        elif method == "getWebhookInfo":
            result = {"url": self.webhook[0] if self.webhook else "",
                      "has_custom_certificate": False, "pending_update_count": 0}
        elif method == "setWebhook":
            self.webhook = (str(params["url"]), str(params.get("secret_token") or ""))
            result = True
        elif method == "deleteWebhook":
            self.webhook = None
            result = True
        else:  # answerCallbackQuery, deleteWebhook, setWebhook, setMyCommands, ...
            result = True
        self._record(method, params)
        return result

    def _record(self, method: str, params: dict[str, Any]) -> None:
        with self._cond:
            self.calls.append(Call(method, params))
            self._cond.notify_all()

    def _handler_class(self) -> type[BaseHTTPRequestHandler]:
        standin = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 (http.server's naming)
                self._handle()

            def do_GET(self) -> None:  # noqa: N802
                self._handle()

            def _handle(self) -> None:
                prefix = f"/bot{standin.token}/"
                if not self.path.startswith(prefix):
                    self._reply(404, {"ok": False, "error_code": 404,
                                      "description": "Not Found"})
                    return
                method = self.path[len(prefix):].split("?", 1)[0]
                try:
                    params = self._params()
                    result = standin._call(method, params)
                except Exception as exc:  # a broken stand-in must show in the test
                    self._reply(400, {"ok": False, "error_code": 400,
                                      "description": f"Bad Request: {exc}"})
                    return
                self._reply(200, {"ok": True, "result": result})

            def _params(self) -> dict[str, Any]:
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length) if length else b""
                ctype = self.headers.get("Content-Type", "")
                if "json" in ctype:
                    return dict(json.loads(raw or b"{}"))
                fields = {k: v[0] for k, v in parse_qs(raw.decode()).items()}
                params: dict[str, Any] = {}
                for key, value in fields.items():
                    # python-telegram-bot JSON-encodes nested values in form fields.
                    if key in _JSON_FIELDS and value[:1] in ("{", "["):
                        try:
                            params[key] = json.loads(value)
                            continue
                        except ValueError:
                            pass
                    params[key] = value
                return params

            def _reply(self, status: int, body: dict[str, Any]) -> None:
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
                pass  # keep test output quiet (and the token out of it)

        return Handler
