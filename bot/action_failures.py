"""Never silent: when the action server fails, the person gets an apology within seconds.

Rasa 3.6 waits up to five minutes for the action server (`DEFAULT_REQUEST_TIMEOUT`), and
when a custom action fails (connection refused, timeout, 5xx, an invalid reply) its
processor logs the error, drops the action's events and predicts on: over the REST
channel the person gets `[]`, and a hung action server keeps them waiting for minutes.
The launcher (bot/rasa_server.py) installs this module, which changes three things:

1. Remote action calls time out after `ACTION_TIMEOUT_SECONDS` (environment, default 8).
2. Any failure of a remote action call, including a form's validation action or its
   `action_ask_*`, is raised as `ActionCallFailed` (a `RasaException`, so the places that
   already tolerate failed custom calls, such as slot extraction, still do). A rejection
   (`ActionExecutionRejection`, HTTP 400) stays what it was: the dialogue's own business.
3. When an action fails that way, the turn ends with the apology
   (`actions/apologies.py: ACTION_SERVER_DOWN`, the same wording home as the actions'
   "backend down") and the bot listens; no further action is predicted.
   The failed message changes nothing: slots that only slot extraction set in this turn
   (values nobody validated) are set back to what they were. So a form whose validation
   could not run stays active on the same question, and the person's next message is
   validated as usual once the action server answers again. A form whose activation
   failed is simply not active.

The patches are checked against Rasa 3.6.21; on another version `install()` refuses to
start rather than patch blindly.
"""

from __future__ import annotations

import asyncio
import inspect
import logging
import os
from typing import Any

import rasa
from rasa.core.actions import action as rasa_action
from rasa.core.actions.action import Action, ActionExecutionRejection, RemoteAction
from rasa.core.processor import MessageProcessor
from rasa.shared.core.constants import ACTION_LISTEN_NAME
from rasa.shared.core.events import ActionExecuted, BotUttered, Event, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.exceptions import RasaException

from actions.apologies import ACTION_SERVER_DOWN

logger = logging.getLogger(__name__)

RASA_VERSION = "3.6.21"
TIMEOUT_ENV = "ACTION_TIMEOUT_SECONDS"
DEFAULT_TIMEOUT_SECONDS = 8.0
_INSTALLED = "_never_silent"


class ActionCallFailed(RasaException):
    """A custom action could not be run: the action server failed or did not answer."""

    def __init__(self, action_name: str, reason: str) -> None:
        self.action_name = action_name
        self.reason = reason
        super().__init__(f"Custom action '{action_name}' failed: {reason}")


def timeout_seconds(environ: dict[str, str] | None = None) -> float:
    """The remote action timeout from `ACTION_TIMEOUT_SECONDS`; a bad value stops the start."""
    raw = (environ if environ is not None else os.environ).get(TIMEOUT_ENV, "").strip()
    if not raw:
        return DEFAULT_TIMEOUT_SECONDS
    try:
        seconds = float(raw)
    except ValueError:
        seconds = 0.0
    if not 0 < seconds <= 300:
        raise ValueError(f"{TIMEOUT_ENV} must be a number of seconds in (0, 300], not {raw!r}")
    return seconds


def check_rasa() -> None:
    """Refuse to patch a Rasa these patches were not written for."""
    problems = []
    if rasa.__version__ != RASA_VERSION:
        problems.append(f"rasa {rasa.__version__} is installed, the patches are for {RASA_VERSION}")
    if not isinstance(getattr(rasa_action, "DEFAULT_REQUEST_TIMEOUT", None), (int, float)):
        problems.append("rasa.core.actions.action.DEFAULT_REQUEST_TIMEOUT is gone")
    remote_run = getattr(RemoteAction.run, "__wrapped__", RemoteAction.run)
    if "DEFAULT_REQUEST_TIMEOUT" not in getattr(getattr(remote_run, "__code__", None),
                                                "co_names", ()):
        problems.append("RemoteAction.run no longer reads DEFAULT_REQUEST_TIMEOUT")
    run_action = getattr(MessageProcessor._run_action, "__wrapped__",
                         MessageProcessor._run_action)
    if list(inspect.signature(run_action).parameters) != [
            "self", "action", "tracker", "output_channel", "nlg", "prediction"]:
        problems.append("MessageProcessor._run_action has another signature")
    for owner, fn in ((RemoteAction, remote_run), (MessageProcessor, run_action)):
        if not asyncio.iscoroutinefunction(fn):
            problems.append(f"{owner.__name__}.{fn.__name__} is no longer a coroutine")
    if problems:
        raise RuntimeError("bot.action_failures cannot be installed: " + "; ".join(problems))


def slots_back_before_this_turn(tracker: DialogueStateTracker) -> list[Event]:
    """SlotSet events that undo what slot extraction set from the latest user message.

    Only the slots set between the message and the turn's first action are undone: those
    are extraction's candidates, which no action has validated yet.
    """
    events = list(tracker.events)
    last_user = next((i for i in range(len(events) - 1, -1, -1)
                      if isinstance(events[i], UserUttered)), None)
    if last_user is None:
        return []
    candidates: dict[str, None] = {}
    for event in events[last_user + 1:]:
        if isinstance(event, ActionExecuted):
            break
        if isinstance(event, SlotSet):
            candidates[event.key] = None
    if not candidates:
        return []
    before = DialogueStateTracker.from_events(
        tracker.sender_id, events[:last_user], slots=list(tracker.slots.values()))
    return [SlotSet(name, before.get_slot(name)) for name in candidates
            if tracker.get_slot(name) != before.get_slot(name)]


class _Apologising:
    """Stands in for an action while the processor runs it: a failed call becomes the
    apology (and the undoing of this turn's unvalidated slots) instead of lost events."""

    def __init__(self, action: Action) -> None:
        self._action = action
        self.failure: ActionCallFailed | None = None

    def __getattr__(self, name: str) -> Any:
        return getattr(self._action, name)

    async def run(self, output_channel: Any, nlg: Any, tracker: DialogueStateTracker,
                  domain: Any) -> list[Event]:
        try:
            return await self._action.run(output_channel, nlg, tracker, domain)
        except ActionCallFailed as failure:
            self.failure = failure
            logger.warning("Action '%s' failed for conversation %s (%s); apologising and "
                           "listening.", self._action.name(), tracker.sender_id, failure.reason)
            return [*slots_back_before_this_turn(tracker), BotUttered(text=ACTION_SERVER_DOWN)]


def install(seconds: float | None = None) -> None:
    """Patch Rasa (once): the remote action timeout, and an apology for a failed action."""
    check_rasa()
    if seconds is None:
        seconds = timeout_seconds()
    # RemoteAction.run passes this module constant as the request's timeout.
    rasa_action.DEFAULT_REQUEST_TIMEOUT = seconds  # type: ignore[attr-defined]
    logger.info("Remote actions time out after %g s (%s).", seconds, TIMEOUT_ENV)
    if getattr(RemoteAction.run, _INSTALLED, False):
        return

    remote_run = RemoteAction.run

    async def run(self: RemoteAction, output_channel: Any, nlg: Any,
                  tracker: DialogueStateTracker, domain: Any) -> list[Event]:
        try:
            return await remote_run(self, output_channel, nlg, tracker, domain)
        except (ActionExecutionRejection, ActionCallFailed):
            raise
        except asyncio.TimeoutError as e:
            raise ActionCallFailed(
                self.name(), f"no answer within {rasa_action.DEFAULT_REQUEST_TIMEOUT:g} s"
            ) from e
        except Exception as e:  # noqa: BLE001 - refused, 5xx, invalid reply: all the same to the person
            cause = e.__cause__ or e
            raise ActionCallFailed(self.name(), f"{type(cause).__name__}: {cause}") from e

    run_action = MessageProcessor._run_action

    async def _run_action(self: MessageProcessor, action: Action, tracker: DialogueStateTracker,
                          output_channel: Any, nlg: Any, prediction: Any) -> bool:
        guarded = _Apologising(action)
        predict_more: bool = await run_action(
            self, guarded, tracker, output_channel, nlg, prediction)  # type: ignore[arg-type]
        if guarded.failure is None:
            return predict_more
        # The turn ends here, as any turn does: with the bot listening.
        tracker.update(ActionExecuted(ACTION_LISTEN_NAME))
        return False

    setattr(run, _INSTALLED, True)
    run.__wrapped__ = remote_run  # type: ignore[attr-defined]
    _run_action.__wrapped__ = run_action  # type: ignore[attr-defined]
    RemoteAction.run = run  # type: ignore[method-assign]
    MessageProcessor._run_action = _run_action  # type: ignore[method-assign]
