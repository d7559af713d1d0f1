"""The help-desk staff console at `/staff`.

`register(app, core)` mounts the blueprint and hands it the backend's `AppContext`
(called by the composition root, `server.app`). Routes live in `views` (one module
per area; their database queries in `queries`), sign-in and sessions in `auth`, the
read-only tracker store access in `tracker_reader`, charts in `analytics`, the staff
reply through Rasa in `rasa_client`, and the console's own tables (sessions, tags,
notes) in `models`. See docs/console.md.
"""

from sanic import Blueprint, Sanic

from backend.services.context import AppContext
from console import models as models  # noqa: F401  (tables join the metadata)
from console.config import build_console_context
from console.views import register as _add_routes

bp = Blueprint("staff_console", url_prefix="/staff")
_add_routes(bp)


def register(app: Sanic, core: AppContext) -> None:
    """Mount the console on `app`, over the backend services in `core`."""
    app.ctx.console = build_console_context(core)
    app.blueprint(bp)


__all__ = ["bp", "register"]
