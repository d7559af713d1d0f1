"""`python -m channels.telegram`: run the bridge (settings from the environment)."""

from __future__ import annotations

import logging
import os
import sys

from channels.telegram.app import run
from channels.telegram.config import ConfigError, load_config

logger = logging.getLogger("channels.telegram")


def main() -> int:
    logging.basicConfig(
        level=os.environ.get("LOG_LEVEL", "INFO").upper(),
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    # httpx logs every request URL at INFO, and Bot API URLs contain the bot token.
    logging.getLogger("httpx").setLevel(logging.WARNING)
    logging.getLogger("httpcore").setLevel(logging.WARNING)
    try:
        config = load_config()
    except ConfigError as exc:
        logger.error("cannot start the Telegram bridge: %s", exc)
        return 2
    run(config)
    return 0


if __name__ == "__main__":
    sys.exit(main())
