"""The Rasa launcher's fix: action-server replies are validated as strictly as before."""

from __future__ import annotations

import pytest

pytest.importorskip("rasa")

from jsonschema import ValidationError  # noqa: E402
from rasa.core.actions.action import RemoteAction  # noqa: E402

from bot import rasa_server  # noqa: E402


@pytest.fixture(scope="module", autouse=True)
def fixed() -> None:
    rasa_server.use_compiled_reply_validator()


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
