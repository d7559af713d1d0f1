"""Never silent (bot/action_failures.py): a failed or hung action server gets an apology.

Real Rasa objects (MessageProcessor._run_action, RemoteAction, FormAction, trackers) talk
to a stand-in action server on 127.0.0.1 that refuses, hangs, fails or answers.
"""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import AsyncIterator
from typing import Any

import pytest
import rasa  # noqa: F401  (fails loudly in the wrong environment)
from aiohttp import web  # noqa: E402
from rasa.core.actions.action import ActionExecutionRejection, RemoteAction  # noqa: E402
from rasa.core.actions.forms import FormAction  # noqa: E402
from rasa.core.channels.channel import CollectingOutputChannel  # noqa: E402
from rasa.core.nlg.response import TemplatedNaturalLanguageGenerator  # noqa: E402
from rasa.core.policies.policy import PolicyPrediction  # noqa: E402
from rasa.core.processor import MessageProcessor  # noqa: E402
from rasa.shared.core.domain import Domain  # noqa: E402
from rasa.shared.core.events import (  # noqa: E402
    ActionExecuted,
    ActionExecutionRejected,
    ActiveLoop,
    BotUttered,
    SlotSet,
    UserUttered,
)
from rasa.shared.core.trackers import DialogueStateTracker  # noqa: E402
from rasa.utils.endpoints import EndpointConfig  # noqa: E402

from actions.apologies import ACTION_SERVER_DOWN, BACKEND_DOWN, NOT_ANSWERING  # noqa: E402
from bot import action_failures  # noqa: E402
from bot.action_failures import ActionCallFailed  # noqa: E402
from tests.support.backend_server import free_port

TIMEOUT = 0.5

DOMAIN = Domain.from_yaml("""
version: "3.1"
intents: [create_account, check_status, inform]
slots:
  new_username:
    type: text
    mappings:
    - type: from_text
      conditions: [{active_loop: account_form, requested_slot: new_username}]
  new_email:
    type: text
    mappings:
    - type: from_text
      conditions: [{active_loop: account_form, requested_slot: new_email}]
forms:
  account_form:
    required_slots: [new_username, new_email]
actions: [validate_account_form, action_check_status]
responses:
  utter_ask_new_email:
  - text: "What's your email?"
""")


@pytest.fixture(autouse=True, scope="module")
def installed() -> None:
    action_failures.install(seconds=TIMEOUT)


class StandIn:
    """An action server that behaves as told: answer, fail (500), reject (400) or hang."""

    def __init__(self) -> None:
        self.mode = "answer"
        self.reply: dict[str, Any] = {"events": [], "responses": []}
        self.calls: list[str] = []

    async def webhook(self, request: web.Request) -> web.Response:
        body = await request.json()
        self.calls.append(body["next_action"])
        if self.mode == "hang":
            await asyncio.sleep(30)
        if self.mode == "fail":
            return web.Response(status=500, text="boom")
        if self.mode == "reject":
            return web.json_response({"action_name": body["next_action"], "error": "no"},
                                     status=400)
        return web.json_response(self.reply)


@pytest.fixture
async def standin() -> AsyncIterator[tuple[StandIn, EndpointConfig]]:
    server = StandIn()
    app = web.Application()
    app.router.add_post("/webhook", server.webhook)
    runner = web.AppRunner(app, shutdown_timeout=0.1)
    await runner.setup()
    port = free_port()
    site = web.TCPSite(runner, "127.0.0.1", port)
    await site.start()
    try:
        yield server, EndpointConfig(url=f"http://127.0.0.1:{port}/webhook")
    finally:
        await runner.cleanup()


def _refused() -> EndpointConfig:
    return EndpointConfig(url=f"http://127.0.0.1:{free_port()}/webhook")


def _processor() -> MessageProcessor:
    # Only what _run_action reads: the domain. No model is needed to run one action.
    processor = MessageProcessor.__new__(MessageProcessor)
    processor.domain = DOMAIN
    return processor


async def _run(action: Any, tracker: DialogueStateTracker,
               channel: CollectingOutputChannel | None = None) -> bool:
    channel = channel or CollectingOutputChannel()
    prediction = PolicyPrediction.for_action_name(DOMAIN, action.name(), "RulePolicy")
    return await _processor()._run_action(
        action, tracker, channel, TemplatedNaturalLanguageGenerator(DOMAIN.responses), prediction)


def _tracker(*events: Any) -> DialogueStateTracker:
    return DialogueStateTracker.from_events("conv-1", [ActionExecuted("action_listen"), *events],
                                            slots=DOMAIN.slots)


def _asked_for_email_then(text: str) -> DialogueStateTracker:
    """account_form active, username given, email asked; the person answers `text`."""
    return _tracker(
        UserUttered("create an account", {"name": "create_account", "confidence": 1.0}),
        ActionExecuted("account_form"), ActiveLoop("account_form"),
        SlotSet("new_username", "ann"), SlotSet("requested_slot", "new_email"),
        BotUttered("What's your email?"), ActionExecuted("action_listen"),
        UserUttered(text, {"name": "inform", "confidence": 1.0}),
        SlotSet("new_email", text),  # what slot extraction does before the form runs
    )


def _texts(channel: CollectingOutputChannel) -> list[str]:
    return [m.get("text", "") for m in channel.messages]


# ---- the wording ----

def test_both_apologies_share_one_voice() -> None:
    assert BACKEND_DOWN.startswith(NOT_ANSWERING)
    assert ACTION_SERVER_DOWN.startswith(NOT_ANSWERING)


def test_the_actions_still_say_backend_down_from_the_one_home() -> None:
    from actions import common

    assert common.BACKEND_DOWN is BACKEND_DOWN


# ---- the setting and the guard ----

def test_the_timeout_defaults_to_eight_seconds() -> None:
    assert action_failures.timeout_seconds({}) == 8.0


def test_the_timeout_is_read_from_the_environment() -> None:
    assert action_failures.timeout_seconds({"ACTION_TIMEOUT_SECONDS": "2.5"}) == 2.5


@pytest.mark.parametrize("bad", ["zero", "0", "-1", "301", "nan"])
def test_a_bad_timeout_stops_the_start(bad: str) -> None:
    with pytest.raises(ValueError, match="ACTION_TIMEOUT_SECONDS"):
        action_failures.timeout_seconds({"ACTION_TIMEOUT_SECONDS": bad})


def test_another_rasa_version_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:

    monkeypatch.setattr(rasa, "__version__", "3.7.0")
    with pytest.raises(RuntimeError, match="rasa 3.7.0 is installed"):
        action_failures.install()


def test_installing_twice_wraps_once() -> None:
    run = RemoteAction.run
    action_failures.install(seconds=TIMEOUT)
    assert RemoteAction.run is run


# ---- remote calls ----

async def test_a_refused_connection_fails_the_call_at_once() -> None:
    started = time.monotonic()
    with pytest.raises(ActionCallFailed) as failed:
        await RemoteAction("action_check_status", _refused()).run(
            CollectingOutputChannel(), None, _tracker(), DOMAIN)
    assert time.monotonic() - started < 2
    assert failed.value.action_name == "action_check_status"


async def test_a_hung_action_server_fails_the_call_after_the_timeout(standin: Any) -> None:
    server, endpoint = standin
    server.mode = "hang"
    started = time.monotonic()
    with pytest.raises(ActionCallFailed, match="no answer within 0.5 s"):
        await RemoteAction("action_check_status", endpoint).run(
            CollectingOutputChannel(), None, _tracker(), DOMAIN)
    assert TIMEOUT <= time.monotonic() - started < TIMEOUT + 1.5


async def test_a_server_error_fails_the_call(standin: Any) -> None:
    server, endpoint = standin
    server.mode = "fail"
    with pytest.raises(ActionCallFailed, match="500"):
        await RemoteAction("action_check_status", endpoint).run(
            CollectingOutputChannel(), None, _tracker(), DOMAIN)


async def test_a_rejection_stays_a_rejection(standin: Any) -> None:
    server, endpoint = standin
    server.mode = "reject"
    with pytest.raises(ActionExecutionRejection):
        await RemoteAction("action_check_status", endpoint).run(
            CollectingOutputChannel(), None, _tracker(), DOMAIN)


# ---- the processor: apology, then listen ----

async def test_a_failed_action_apologises_and_listens() -> None:
    tracker = _tracker(UserUttered("check my status", {"name": "check_status", "confidence": 1}))
    channel = CollectingOutputChannel()

    predict_more = await _run(RemoteAction("action_check_status", _refused()), tracker, channel)

    assert predict_more is False
    assert _texts(channel) == [ACTION_SERVER_DOWN]
    tail = list(tracker.events)[-3:]
    assert [type(e) for e in tail] == [ActionExecuted, BotUttered, ActionExecuted]
    assert tail[0].action_name == "action_check_status"
    assert tail[1].text == ACTION_SERVER_DOWN
    assert tracker.latest_action_name == "action_listen"


async def test_a_form_whose_validation_failed_stays_on_the_same_question() -> None:
    tracker = _asked_for_email_then("ann@example.org")
    channel = CollectingOutputChannel()

    predict_more = await _run(FormAction("account_form", _refused()), tracker, channel)

    assert predict_more is False
    assert _texts(channel) == [ACTION_SERVER_DOWN]
    assert tracker.active_loop_name == "account_form"
    assert tracker.get_slot("requested_slot") == "new_email"
    assert tracker.get_slot("new_email") is None  # the unvalidated answer is undone
    assert tracker.get_slot("new_username") == "ann"  # what was said before is kept
    assert tracker.latest_action_name == "action_listen"


async def test_the_form_goes_on_when_the_action_server_is_back(standin: Any) -> None:
    server, endpoint = standin
    tracker = _asked_for_email_then("ann@example.org")
    await _run(FormAction("account_form", _refused()), tracker)

    # The person sends the answer again; the action server answers this time.
    tracker.update(UserUttered("ann@example.org", {"name": "inform", "confidence": 1.0}))
    tracker.update(SlotSet("new_email", "ann@example.org"))
    server.reply = {"events": [{"event": "slot", "name": "new_email",
                                "value": "ann@example.org"}], "responses": []}
    channel = CollectingOutputChannel()
    predict_more = await _run(FormAction("account_form", endpoint), tracker, channel)

    assert server.calls == ["validate_account_form"]
    assert predict_more is True
    assert tracker.get_slot("new_email") == "ann@example.org"
    assert tracker.active_loop_name is None  # every slot filled: the form is done
    assert ACTION_SERVER_DOWN not in _texts(channel)


async def test_a_form_that_could_not_start_is_not_active() -> None:
    tracker = _tracker(UserUttered("create an account",
                                   {"name": "create_account", "confidence": 1.0}))
    channel = CollectingOutputChannel()

    predict_more = await _run(FormAction("account_form", _refused()), tracker, channel)

    assert predict_more is False
    assert _texts(channel) == [ACTION_SERVER_DOWN]
    assert tracker.active_loop_name is None
    assert tracker.latest_action_name == "action_listen"


async def test_a_rejection_still_lets_the_policies_choose_again(standin: Any) -> None:
    server, endpoint = standin
    server.mode = "reject"
    tracker = _tracker(UserUttered("check my status", {"name": "check_status", "confidence": 1}))
    channel = CollectingOutputChannel()

    predict_more = await _run(RemoteAction("action_check_status", endpoint), tracker, channel)

    assert predict_more is True
    assert channel.messages == []
    assert isinstance(list(tracker.events)[-1], ActionExecutionRejected)


async def test_a_working_action_is_untouched(standin: Any) -> None:
    server, endpoint = standin
    server.reply = {"events": [], "responses": [{"text": "Your application is under review."}]}
    tracker = _tracker(UserUttered("check my status", {"name": "check_status", "confidence": 1}))
    channel = CollectingOutputChannel()

    predict_more = await _run(RemoteAction("action_check_status", endpoint), tracker, channel)

    assert predict_more is True
    assert _texts(channel) == ["Your application is under review."]
    assert json.dumps(channel.messages).count(NOT_ANSWERING) == 0
