"""The help-desk staff console at `/staff` (filled in by the console work)."""

from sanic import Blueprint

bp = Blueprint("staff_console", url_prefix="/staff")
