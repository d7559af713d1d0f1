"""The product's web process: `create_app(settings)` mounts the console and the chat page
on the backend's app, handing the console the backend's `AppContext` explicitly."""

from __future__ import annotations

from sanic import Sanic

import channels.web
import console
from backend import app as backend_app
from backend.services.context import AppContext
from backend.settings import Settings


def _mount_chat_page(app: Sanic, core: AppContext) -> None:
    channels.web.register(app)


def create_app(settings: Settings | None = None, name: str = "certification_backend") -> Sanic:
    return backend_app.create_app(settings, name, mounts=(_mount_chat_page, console.register))
