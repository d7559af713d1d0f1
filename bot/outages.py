"""When Redis or the tracker store is down, the Rasa server says so instead of guessing.

Installed by the launcher (bot/rasa_server.py). Three changes to Rasa 3.6:

1. A message that cannot be taken is answered with an apology (`MESSAGE_NOT_TAKEN`,
   actions/apologies.py) and not processed: nothing of it is stored, and the person is
   asked to send it again. That happens when
   - the Redis lock store is unreachable (`bot.lock_store.LockStoreUnavailable`): without
     the lock two replicas could run turns of one conversation at once, or
   - the tracker store cannot be read (`TrackerStoreUnavailable`, below).
   Rasa's REST channel would otherwise answer `[]` (HTTP 200, no text) to either.
2. Reading a conversation from the tracker store fails loudly. Rasa wraps every tracker
   store in a `FailSafeTrackerStore`, whose `retrieve` turns any error into "no such
   conversation": the message is then answered as the first of a new conversation (the
   form or the sign-in it belonged to forgotten) and, as the new tracker has fewer events
   than the stored one, its events are not saved. Here the error is raised as
   `TrackerStoreUnavailable` and item 1 answers it. (Saving keeps Rasa's behaviour: a
   save that fails after the answer was produced is logged, and the answer stands.)
3. `GET /health` on each Rasa process: `{"status": "ok" | "degraded", "redis": "up" |
   "down", "tracker_store": "up" | "down"}` (a dependency that is not configured, such as
   Redis in single-process mode, is left out). Always HTTP 200 while the process runs:
   every replica shares Redis and the database, so taking replicas out of a load
   balancer for their outage would only replace the apology with an error page. The
   beginning and the end of a Redis outage are logged by the lock store (bot/lock_store.py),
   once each; a tracker store failure is logged with the message it refused.
"""

from __future__ import annotations

import logging
from typing import Any

from rasa.core.agent import Agent
from rasa.core.channels.channel import UserMessage
from rasa.core.tracker_store import FailSafeTrackerStore
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.exceptions import RasaException

from actions.apologies import MESSAGE_NOT_TAKEN
from bot.lock_store import LockStoreUnavailable

logger = logging.getLogger(__name__)

_INSTALLED = "_outages_installed"


class TrackerStoreUnavailable(RasaException):
    """The conversation could not be read from the tracker store."""


def _primary(tracker_store: Any) -> Any:
    """The configured store inside Rasa's `FailSafeTrackerStore`."""
    return getattr(tracker_store, "_tracker_store", tracker_store)


def tracker_store_up(tracker_store: Any) -> bool | None:
    """`SELECT 1` on a SQL tracker store; None for a store without an engine."""
    engine = getattr(_primary(tracker_store), "engine", None)
    if engine is None:
        return None
    import sqlalchemy as sa

    try:
        with engine.connect() as connection:
            connection.execute(sa.text("SELECT 1"))
    except sa.exc.SQLAlchemyError as error:
        logger.debug("Tracker store unreachable: %s", type(error).__name__)
        return False
    return True


def health_of(agent: Agent | None) -> dict[str, str]:
    """What `GET /health` answers: each configured dependency, and the overall status."""
    report: dict[str, str] = {}
    lock_store = getattr(agent, "lock_store", None)
    if hasattr(lock_store, "redis_up"):
        report["redis"] = "up" if lock_store.redis_up() else "down"
    tracker = tracker_store_up(getattr(agent, "tracker_store", None))
    if tracker is not None:
        report["tracker_store"] = "up" if tracker else "down"
    ready = agent is not None and agent.is_ready()
    report["model"] = "loaded" if ready else "not loaded"
    healthy = ready and all(v == "up" for k, v in report.items() if k != "model")
    return {"status": "ok" if healthy else "degraded", **report}


def add_health_route(app: Any) -> None:
    from sanic.response import json

    async def health(request: Any) -> Any:
        return json(health_of(getattr(request.app.ctx, "agent", None)),
                    headers={"Cache-Control": "no-store"})

    app.add_route(health, "/health", methods=["GET"], name="dependency_health")


def install() -> None:
    """Patch Rasa (once): the apology for a message not taken, strict reads, /health."""
    if getattr(Agent.handle_message, _INSTALLED, False):
        return
    import rasa.core.run

    handle_message = Agent.handle_message

    async def handle_or_apologise(self: Agent, message: UserMessage) -> Any:
        try:
            return await handle_message(self, message)
        except (LockStoreUnavailable, TrackerStoreUnavailable) as failure:
            logger.error("Message of conversation %s not taken (%s); apologising.",
                         message.sender_id, failure)
            await message.output_channel.send_text_message(message.sender_id,
                                                           MESSAGE_NOT_TAKEN)
            return None

    async def retrieve(self: FailSafeTrackerStore, sender_id: str) -> DialogueStateTracker | None:
        try:
            return await self._tracker_store.retrieve(sender_id)
        except Exception as error:  # noqa: BLE001 - any failure to read is the same to the person
            raise TrackerStoreUnavailable(
                f"{type(error).__name__} while reading conversation {sender_id}") from error

    configure_app = rasa.core.run.configure_app

    def configure_app_with_health(*args: Any, **kwargs: Any) -> Any:
        app = configure_app(*args, **kwargs)
        add_health_route(app)
        return app

    setattr(handle_or_apologise, _INSTALLED, True)
    handle_or_apologise.__wrapped__ = handle_message  # type: ignore[attr-defined]
    Agent.handle_message = handle_or_apologise  # type: ignore[method-assign]
    FailSafeTrackerStore.retrieve = retrieve  # type: ignore[method-assign]
    rasa.core.run.configure_app = configure_app_with_health


__all__ = ["TrackerStoreUnavailable", "health_of", "install", "tracker_store_up"]
