"""The web chat page at `/`: embeds the rasa-webchat widget (filled in by the channels work)."""

from sanic import Blueprint, Request, response
from sanic.response import HTTPResponse

bp = Blueprint("chat_page")


@bp.get("/")
async def index(request: Request) -> HTTPResponse:
    return response.html("<!doctype html><title>Educator Certification Assistant</title>")
