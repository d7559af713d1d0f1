"""The Rasa launcher's fix: action-server replies are validated as strictly as before."""

from __future__ import annotations

import pytest
import rasa
from jsonschema import ValidationError  # noqa: E402
from rasa.core.actions.action import RemoteAction  # noqa: E402

from bot import rasa_server  # noqa: E402
from tests.support.paths import ROOT


@pytest.fixture(scope="module", autouse=True)
def fixed() -> None:
    rasa_server.use_compiled_reply_validator()


def test_the_fixes_are_for_the_locked_rasa_and_refuse_any_other() -> None:
    lock = (ROOT / "requirements" / "rasa.lock").read_text()
    assert f"\nrasa=={rasa_server.PINNED_RASA}\n" in lock
    assert rasa.__version__ == rasa_server.PINNED_RASA
    rasa_server.check_rasa_version()  # the installed one passes
    for other in ("3.6.20", "3.6.22", "3.7.0", "3.6.21rc1"):
        with pytest.raises(rasa_server.UnpinnedRasa, match=other):
            rasa_server.check_rasa_version(other)


def test_neither_fix_patches_another_rasa(monkeypatch: pytest.MonkeyPatch) -> None:
    from rasa.utils.tensorflow.models import RasaModel

    before = (RemoteAction._validate_action_result, RasaModel.__dict__["load"])
    monkeypatch.setattr(rasa, "__version__", "3.7.0")
    with pytest.raises(rasa_server.UnpinnedRasa):
        rasa_server.use_compiled_reply_validator()
    with pytest.raises(rasa_server.UnpinnedRasa):
        rasa_server._load_without_tracing_a_training_graph()
    assert (RemoteAction._validate_action_result, RasaModel.__dict__["load"]) == before


def test_the_launcher_applies_nothing_to_another_rasa(monkeypatch: pytest.MonkeyPatch) -> None:
    from rasa.core.agent import Agent

    before = Agent.handle_message
    monkeypatch.setattr(rasa, "__version__", "3.7.0")
    with pytest.raises(rasa_server.UnpinnedRasa):
        rasa_server.apply_all()
    assert Agent.handle_message is before  # the outages patch was not installed either


def _action() -> RemoteAction:
    return RemoteAction("action_anything", None)


def test_a_valid_reply_is_accepted() -> None:
    reply = {
        "events": [{"event": "slot", "name": "x", "value": 1}],
        "responses": [{"text": "hi", "buttons": [{"title": "Yes", "payload": "/affirm"}]}],
    }
    assert _action()._validate_action_result(reply) is True


@pytest.mark.parametrize(
    "reply",
    [
        {"events": "not a list"},
        {"events": [{"no_event_key": 1}]},
        {"responses": "not a list"},
    ],
)
def test_an_invalid_reply_is_refused_with_rasas_message(reply: dict) -> None:
    with pytest.raises(ValidationError) as err:
        _action()._validate_action_result(reply)
    assert "Failed to validate Action server response" in err.value.message


def test_the_schema_is_not_rechecked_on_every_reply(monkeypatch: pytest.MonkeyPatch) -> None:
    import jsonschema.validators

    calls = []
    monkeypatch.setattr(
        jsonschema.validators.Draft7Validator, "check_schema",
        classmethod(lambda cls, schema, **kw: calls.append(1)),
    )
    monkeypatch.setattr(
        jsonschema.validators.Draft202012Validator, "check_schema",
        classmethod(lambda cls, schema, **kw: calls.append(1)),
    )
    for _ in range(5):
        _action()._validate_action_result({"events": [], "responses": []})
    assert calls == []
