"""Routes of the staff console (`/staff`). HTML from Jinja2 templates with autoescape.

Who may enter: staff with the helpdesk, certification or admin role. Anonymous visitors
are sent to the sign-in page; a signed-in account of another role never gets a session.
Nothing here changes certification records: the console reads the tracker store and
records, and writes only its own tags, notes and sessions, handoff states and the audit.

One module per area (`signin`, `conversations`, `handoffs`, `exports`, `analytics`,
`educators`); rendering, headers and the `staff_only` decorator live in `common`. The
routes hold no SQL: every query is in `console.queries`, and writes to the backend's
tables go through its services (`backend.services.handoffs`, `backend.services.audit`).
"""

from __future__ import annotations

from sanic import Blueprint

from console.views.analytics import analytics_page, chart_png
from console.views.common import static
from console.views.conversations import add_note, add_tag, conversations, remove_tag, transcript
from console.views.educators import educator_records
from console.views.exports import export
from console.views.handoffs import claim_handoff, close_handoff, handoffs, reply_handoff
from console.views.signin import index, login_page, login_submit, logout


def register(bp: Blueprint) -> None:
    """Attach every console route to the blueprint (url_prefix /staff)."""
    bp.add_route(index, "/", methods=["GET"], name="index", strict_slashes=False)
    bp.add_route(login_page, "/login", methods=["GET"], name="login_page")
    bp.add_route(login_submit, "/login", methods=["POST"], name="login_submit")
    bp.add_route(logout, "/logout", methods=["POST"], name="logout")
    bp.add_route(conversations, "/conversations", methods=["GET"], name="conversations")
    bp.add_route(transcript, "/conversations/<cid:str>", methods=["GET"], name="transcript")
    bp.add_route(add_tag, "/conversations/<cid:str>/tags", methods=["POST"], name="add_tag")
    bp.add_route(
        remove_tag, "/conversations/<cid:str>/tags/remove", methods=["POST"], name="remove_tag"
    )
    bp.add_route(add_note, "/conversations/<cid:str>/notes", methods=["POST"], name="add_note")
    bp.add_route(handoffs, "/handoffs", methods=["GET"], name="handoffs")
    bp.add_route(claim_handoff, "/handoffs/<hid:int>/claim", methods=["POST"], name="claim")
    bp.add_route(reply_handoff, "/handoffs/<hid:int>/reply", methods=["POST"], name="reply")
    bp.add_route(close_handoff, "/handoffs/<hid:int>/close", methods=["POST"], name="close")
    bp.add_route(export, "/export/<fmt:str>", methods=["GET"], name="export")
    bp.add_route(analytics_page, "/analytics", methods=["GET"], name="analytics")
    bp.add_route(chart_png, "/analytics/<name:str>", methods=["GET"], name="chart")
    bp.add_route(educator_records, "/educators/<educator_id:str>", methods=["GET"], name="educator")
    bp.add_route(static, "/static/<name:str>", methods=["GET"], name="static")


__all__ = ["register"]
