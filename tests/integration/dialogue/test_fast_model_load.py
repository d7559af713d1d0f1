"""The launcher's model loading (`bot/rasa_server.py`) predicts exactly as Rasa's own.

Loads the trained model twice, first with Rasa's `RasaModel.load` (a traced training
step), then with the launcher's (an eager one), and compares intents, confidences and
FAQ answers on the NLU hold-out messages, and the next action predicted for a few
conversations. Runs in `.venv-rasa` after `make train` (`make test-dialogue`).
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import rasa  # noqa: F401  (fails loudly in the wrong environment)
import yaml

from actions.wording import for_the_model

MODEL = Path(__file__).resolve().parents[3] / "models" / "current.tar.gz"
HOLDOUT = Path(__file__).resolve().parents[2] / "nlu"


def _messages(limit: int = 60) -> list[str]:
    texts: list[str] = []
    for path in sorted(HOLDOUT.glob("*.yml")):
        for block in yaml.safe_load(path.read_text()).get("nlu", []):
            for line in str(block.get("examples", "")).splitlines():
                line = line.strip()
                if line.startswith("- "):
                    texts.append(line[2:])
    return texts[:: max(1, len(texts) // limit)][:limit]


CONVERSATIONS = [
    ["hello", "what can you do?"],
    ["where do I mail my transcripts?"],
    ["check my application status"],
    ["I want to create an account"],
    ["which application do I need?", "I finished a program in Missouri"],
]


async def _observe(agent: Any, sender_prefix: str,
                   reading: Callable[[str], str] = lambda text: text) -> dict[str, Any]:
    parses = {}
    for text in _messages():
        parsed = await agent.parse_message(reading(text))
        selector = parsed.get("response_selector", {}).get("faq", {}).get("response", {})
        parses[text] = (parsed["intent"]["name"], parsed["intent"]["confidence"],
                        selector.get("intent_response_key"), selector.get("confidence"))
    actions = {}
    for i, turns in enumerate(CONVERSATIONS):
        sender = f"{sender_prefix}-{i}"
        for text in turns:
            await agent.log_message(_user_message(text, sender))
            prediction = await agent.predict_next_for_sender_id(sender)
            actions[(i, text)] = (prediction or {}).get("scores", [{}])[0].get("action"), \
                round(float((prediction or {}).get("scores", [{}])[0].get("score", 0)), 4)
    return {"parses": parses, "actions": actions}


def _user_message(text: str, sender: str) -> Any:
    from rasa.core.channels.channel import UserMessage

    return UserMessage(text, sender_id=sender)


def _load_and_observe(prefix: str, reading: Callable[[str], str] = lambda text: text,
                      ) -> tuple[float, dict[str, Any]]:
    from rasa.core.agent import Agent

    started = time.monotonic()
    agent = Agent.load(str(MODEL))
    seconds = time.monotonic() - started
    return seconds, asyncio.run(_observe(agent, prefix, reading))


def test_the_eager_build_step_loads_a_model_that_predicts_like_rasas_own() -> None:
    assert MODEL.exists(), "no trained model: run `make train`"
    from bot import rasa_server

    # Rasa's own agent is given the words the launcher's model reads (the domain's typos
    # fixed: actions/wording.py), so that only the model loading is compared.
    stock_seconds, stock = _load_and_observe("stock", for_the_model)
    rasa_server.apply_all()
    fast_seconds, fast = _load_and_observe("fast")

    assert stock["actions"] == fast["actions"]
    assert stock["parses"].keys() == fast["parses"].keys()
    for text, (intent, confidence, faq_key, faq_confidence) in stock["parses"].items():
        f_intent, f_confidence, f_faq_key, f_faq_confidence = fast["parses"][text]
        assert (f_intent, f_faq_key) == (intent, faq_key), text
        assert f_confidence == pytest.approx(confidence, abs=1e-4), text
        if faq_confidence is not None:
            assert f_faq_confidence == pytest.approx(faq_confidence, abs=1e-4), text
    print(f"model load: Rasa's {stock_seconds:.1f} s, launcher's {fast_seconds:.1f} s")
