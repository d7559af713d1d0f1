"""The one place that sets security headers, for every response of the composed app.

Every response: `X-Content-Type-Options: nosniff`; in production also
`Strict-Transport-Security` (browsers then refuse plain HTTP to this host).
Every HTML page: a Content-Security-Policy and frame protection (`X-Frame-Options: DENY`,
`frame-ancestors 'none'`): none of the pages is meant to be shown inside another site's
frame. A page that needs more than the default policy (the chat page connects to the Rasa
server; the set-password page runs one inline script) builds its policy here with
`content_security_policy` and sends it; `apply` completes whatever a handler left out.
"""

from __future__ import annotations

import base64
import hashlib
import logging

from sanic.response import HTTPResponse

logger = logging.getLogger(__name__)

HSTS = "max-age=31536000; includeSubDomains"

# Directives every policy ends with, whatever the page: no framing, no <base>, forms post home.
_FIXED = ("frame-ancestors 'none'", "base-uri 'none'", "form-action 'self'")


def content_security_policy(
    *,
    script_src: str = "'none'",
    style_src: str = "'self'",
    img_src: str = "'self' data:",
    font_src: str | None = None,
    connect_src: str | None = None,
) -> str:
    """A policy: `default-src 'self'`, the given sources, then the fixed directives."""
    parts = ["default-src 'self'", f"script-src {script_src}", f"style-src {style_src}",
             f"img-src {img_src}"]
    if font_src:
        parts.append(f"font-src {font_src}")
    if connect_src:
        parts.append(f"connect-src {connect_src}")
    return "; ".join([*parts, *_FIXED])


# The default for HTML pages without their own policy (the staff console: no scripts at all).
DEFAULT_HTML_POLICY = content_security_policy()

# sanic-ext's Swagger UI (development and test, or API_DOCS=true): its bundle comes from the
# CDN and it starts with an inline script.
DOCS_PREFIX = "/docs"
SWAGGER_CDN = "https://cdn.jsdelivr.net"
DOCS_POLICY = content_security_policy(
    script_src=f"'self' 'unsafe-inline' {SWAGGER_CDN}",
    style_src=f"'self' 'unsafe-inline' {SWAGGER_CDN}",
    img_src="'self' data: https:",
)


def inline_source(text: str) -> str:
    """The CSP source that allows exactly this inline <script> or <style> body."""
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


def apply(path: str, response: HTTPResponse, production: bool) -> None:
    """Complete the security headers of a response (a handler's own policy is kept)."""
    headers = response.headers
    headers.setdefault("X-Content-Type-Options", "nosniff")
    if production:
        headers.setdefault("Strict-Transport-Security", HSTS)
    content_type = response.content_type or headers.get("content-type") or ""
    if content_type.startswith("text/html"):
        docs = path == DOCS_PREFIX or path.startswith(DOCS_PREFIX + "/")
        headers.setdefault("Content-Security-Policy", DOCS_POLICY if docs else DEFAULT_HTML_POLICY)
        headers["X-Frame-Options"] = "DENY"
