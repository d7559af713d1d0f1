"""Run the real backend app (with the console) for the console tests: one process, one port."""

from __future__ import annotations

import argparse
import logging

from backend.settings import Settings
from server.app import create_app


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO)
    app = create_app(Settings())
    # The console tests need no OpenAPI UI; sanic-ext's docs blueprint stays out of the way.
    app.config.OAS = False
    app.run(host="127.0.0.1", port=args.port, single_process=True, access_log=False, motd=False)


if __name__ == "__main__":
    main()
