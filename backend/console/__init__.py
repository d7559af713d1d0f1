"""The help-desk staff console at `/staff`.

`bp` is registered by the backend's `create_app`. Routes live in `views`, sign-in and
sessions in `auth`, the read-only tracker store access in `tracker_reader`, charts in
`analytics`, the staff reply through Rasa in `rasa_client`, and the console's own
tables (sessions, tags, notes) in `models`. See docs/console.md.
"""

from sanic import Blueprint

from backend.console import models as models  # noqa: F401  (tables join the metadata)
from backend.console.views import register

bp = Blueprint("staff_console", url_prefix="/staff")
register(bp)

__all__ = ["bp"]
