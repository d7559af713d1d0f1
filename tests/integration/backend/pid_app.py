"""A Sanic app that answers with its process id, served by `backend.serving.serve_app`.

Run: ``python -m tests.integration.backend.pid_app PORT WORKERS`` (used by test_serving.py).
"""

from __future__ import annotations

import os
import sys

from sanic import Request, Sanic
from sanic.response import HTTPResponse, json

from backend.serving import serve_app


def build() -> Sanic:
    app = Sanic("pid_app")

    @app.get("/pid")
    async def pid(request: Request) -> HTTPResponse:
        return json({"pid": os.getpid()})

    return app


if __name__ == "__main__":
    serve_app(build, "127.0.0.1", int(sys.argv[1]), int(sys.argv[2]))
