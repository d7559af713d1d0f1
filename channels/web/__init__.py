"""The public web chat page at `/` (`chat_page.bp`), mounted by `register(app)`."""

from sanic import Sanic

from channels.web.chat_page import bp


def register(app: Sanic) -> None:
    """Mount the chat page on `app` (it needs none of the backend's services)."""
    app.blueprint(bp)


__all__ = ["bp", "register"]
