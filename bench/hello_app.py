"""A bare Sanic hello-world app: the ceiling the backend's status lookup is compared with.

Run: ``.venv/bin/python -m bench.hello_app --port 28480 --workers 1`` (``--single-process``
to match a backend that serves without Sanic's worker manager).
"""

from __future__ import annotations

import argparse
import logging

from sanic import Request, Sanic
from sanic.response import HTTPResponse, json

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
    parser.add_argument("--single-process", action="store_true")
    args = parser.parse_args()
    app.run(
        host=args.host, port=args.port, workers=args.workers,
        single_process=args.single_process, access_log=False, debug=False,
        motd=False,
    )


if __name__ == "__main__":
    main()
