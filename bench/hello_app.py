"""A bare Sanic hello-world app: the ceiling the backend's status lookup is compared with.

Run: ``.venv/bin/python -m bench.hello_app --port 28480 --workers 2``. It serves exactly
as the backend does (`backend.serving.serve_app`), so the two differ only in the request.
"""

from __future__ import annotations

import argparse
import logging

from sanic import Request, Sanic
from sanic.response import HTTPResponse, json

from backend.serving import serve_app

logger = logging.getLogger(__name__)

app = Sanic("bench_hello")


@app.get("/")
async def hello(request: Request) -> HTTPResponse:
    return json({"hello": "world"})


@app.get("/health")
async def health(request: Request) -> HTTPResponse:
    return json({"status": "ok"})


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=28480)
    parser.add_argument("--workers", type=int, default=1)
    args = parser.parse_args()
    serve_app(lambda: app, args.host, args.port, args.workers)


if __name__ == "__main__":
    main()
