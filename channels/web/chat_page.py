"""The public web chat page at `/`: the rasa-webchat widget, served from our own origin.

The widget bundle comes from the pinned npm package in `node_modules/` (installed by
`make setup` from package-lock.json); it is never loaded from a CDN. The widget talks to
Rasa's socketio channel directly, so the page tells it where Rasa is. That address is
read at request time (app config, then environment), because the backend and Rasa run
on different ports in development, in tests and behind a proxy in production.
"""

from __future__ import annotations

import html
import json
import logging
import os
from pathlib import Path
from urllib.parse import urlsplit

from sanic import Blueprint, Request, response
from sanic.response import HTTPResponse

from backend import http_headers
from backend.domain.catalog import MAILING_ADDRESS

logger = logging.getLogger(__name__)

bp = Blueprint("chat_page")

ROOT = Path(__file__).resolve().parents[2]
STATIC_DIR = Path(__file__).resolve().parent / "static"
DEFAULT_RASA_URL = "http://127.0.0.1:5005"
WEBCHAT_VERSION = "1.0.1"

# Files the page may load, by public name. Nothing else under these folders is served.
_OWN_ASSETS = {"chat.css": "text/css", "chat.js": "text/javascript"}


def webchat_bundle_path() -> Path:
    """Where the pinned rasa-webchat UMD bundle lives (overridable for packaging)."""
    base = os.environ.get("WEBCHAT_NODE_MODULES") or str(ROOT / "node_modules")
    return Path(base) / "rasa-webchat" / "lib" / "index.js"


def socket_url(request: Request) -> str:
    """The Rasa socket.io base URL the browser connects to.

    WEBCHAT_SOCKET_URL is the public address when Rasa sits behind a proxy; otherwise
    the page uses RASA_URL, which is what every other process uses.
    """
    cfg = request.app.config
    for key in ("WEBCHAT_SOCKET_URL", "RASA_URL"):
        value = cfg.get(key) or os.environ.get(key)
        if value:
            return str(value).rstrip("/")
    return DEFAULT_RASA_URL


def widget_config(request: Request) -> dict[str, object]:
    """The props handed to rasa-webchat (see its README for their meaning)."""
    return {
        "socketUrl": socket_url(request),
        "socketPath": "/socket.io/",
        "initPayload": "/greet",
        "customData": {"language": "en"},
        # Local storage keeps the conversation and its session id across reloads and
        # browser restarts; Rasa's session_persistence then resumes the same tracker.
        "params": {"storage": "local"},
        "embedded": True,
        "title": "Educator Certification Assistant",
        "subtitle": "Automated assistant",
        "inputTextFieldHint": "Type your question and press Enter",
        "connectingText": "Connecting to the assistant...",
        "showMessageDate": False,
        "hideWhenNotConnected": False,
        # The rules wrapper waits for a Botfront-specific session_confirm payload;
        # plain Rasa does not need it.
        "withRules": False,
    }


def _connect_sources(url: str) -> str:
    parts = urlsplit(url)
    if not parts.scheme or not parts.netloc:
        return ""
    ws = "wss" if parts.scheme == "https" else "ws"
    return f"{parts.scheme}://{parts.netloc} {ws}://{parts.netloc}"


def content_security_policy(rasa_url: str) -> str:
    # The widget injects its CSS as <style> tags, hence 'unsafe-inline' for styles only.
    return http_headers.content_security_policy(
        script_src="'self'",
        style_src="'self' 'unsafe-inline'",
        img_src="'self' data: https:",
        font_src="'self' data:",
        connect_src=f"'self' {_connect_sources(rasa_url)}".rstrip(),
    )


PAGE = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Chat with the Educator Certification Assistant</title>
<meta name="description"
  content="Get help with your educator certification account, applications and status.">
<link rel="stylesheet" href="/chat/static/chat.css">
</head>
<body>
<a class="skip-link" href="#chat">Skip to the chat</a>
<header class="site-header">
  <h1>Educator Certification Assistant</h1>
  <p class="tagline">Help with your certification account, applications and status.</p>
</header>
<main id="main">
  <section class="notice" aria-labelledby="about-heading">
    <h2 id="about-heading">About this chat</h2>
    <p><strong>This is an automated assistant, not a person.</strong>
      It answers from the Educator Certification help guide and can set up your
      account, help you apply and check your status.</p>
    <p>To reach a person, type <kbd>talk to a person</kbd> in the chat and the
      assistant will pass your request to the help desk. You can also write to
      __MAILING_ADDRESS__.</p>
    <p>The assistant never asks for your password. Do not type it here.</p>
  </section>
  <section class="chat" aria-labelledby="chat-heading">
    <h2 id="chat-heading">Chat</h2>
    <p id="chat-status" class="chat-status" role="status" aria-live="polite"></p>
    <div id="chat" class="chat-frame" tabindex="-1" role="region"
         aria-label="Conversation with the assistant">
      <noscript><p>The chat needs JavaScript. Please turn it on, or write to the address
        above.</p></noscript>
      <p id="chat-unavailable" class="chat-unavailable" hidden>The chat could not be loaded.
        Please try again in a few minutes.</p>
    </div>
    <span id="new-tab-hint" hidden>(opens in a new tab)</span>
  </section>
</main>
<footer class="site-footer">
  <p>Conversations are kept in this browser so you can pick up where you left off.
    Use a private window on a shared computer.</p>
</footer>
<script type="application/json" id="webchat-config">__CONFIG__</script>
<script src="/chat/vendor/rasa-webchat/__VERSION__/index.js" defer></script>
<script src="/chat/static/chat.js" defer></script>
</body>
</html>
"""


def _json_for_script(value: object) -> str:
    # "</" must not appear inside a <script> element; escape it the JSON way.
    return json.dumps(value).replace("</", "<\\/")


@bp.get("/")
async def index(request: Request) -> HTTPResponse:
    config = widget_config(request)
    body = PAGE.replace("__CONFIG__", _json_for_script(config)).replace(
        "__VERSION__", html.escape(WEBCHAT_VERSION)
    ).replace("__MAILING_ADDRESS__", html.escape(MAILING_ADDRESS))
    return response.html(
        body,
        headers={
            "Content-Security-Policy": content_security_policy(str(config["socketUrl"])),
            "Referrer-Policy": "strict-origin-when-cross-origin",
            "Cache-Control": "no-cache",
        },
    )


@bp.get("/chat/vendor/rasa-webchat/<version:str>/index.js")
async def webchat_bundle(request: Request, version: str) -> HTTPResponse:
    bundle = webchat_bundle_path()
    if version != WEBCHAT_VERSION or not bundle.is_file():
        if version == WEBCHAT_VERSION:
            logger.error("rasa-webchat bundle missing at %s; run `make setup`", bundle)
        return response.text("not found", status=404)
    # The version is in the URL, so the bundle can be cached for a long time.
    return await response.file(
        bundle,
        mime_type="text/javascript",
        headers={"Cache-Control": "public, max-age=31536000, immutable"},
    )


@bp.get("/chat/static/<name:str>")
async def own_asset(request: Request, name: str) -> HTTPResponse:
    mime = _OWN_ASSETS.get(name)
    if mime is None:
        return response.text("not found", status=404)
    return await response.file(
        STATIC_DIR / name,
        mime_type=mime,
        headers={"Cache-Control": "no-cache"},
    )
