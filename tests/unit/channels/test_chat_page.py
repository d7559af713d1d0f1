"""The chat page blueprint, without a server: its handlers called with a stand-in request."""

from __future__ import annotations

import json
import re
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from channels.web import chat_page


def fake_request(**config: Any) -> Any:
    return SimpleNamespace(app=SimpleNamespace(config=dict(config)))


@pytest.fixture(autouse=True)
def no_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for key in ("RASA_URL", "WEBCHAT_SOCKET_URL", "WEBCHAT_NODE_MODULES"):
        monkeypatch.delenv(key, raising=False)


def page_config(body: str) -> dict[str, Any]:
    m = re.search(r'<script type="application/json" id="webchat-config">(.*?)</script>', body, re.S)
    assert m, "the widget settings are a JSON block in the page"
    return dict(json.loads(m.group(1)))


def test_the_socket_url_comes_from_app_config_then_the_environment(
        monkeypatch: pytest.MonkeyPatch) -> None:
    assert chat_page.socket_url(fake_request()) == "http://127.0.0.1:5005"
    monkeypatch.setenv("RASA_URL", "http://127.0.0.1:15005/")
    assert chat_page.socket_url(fake_request()) == "http://127.0.0.1:15005"
    monkeypatch.setenv("WEBCHAT_SOCKET_URL", "https://chat.example.org")
    assert chat_page.socket_url(fake_request()) == "https://chat.example.org"
    assert chat_page.socket_url(fake_request(RASA_URL="http://rasa:1")) == "https://chat.example.org"
    assert chat_page.socket_url(
        fake_request(WEBCHAT_SOCKET_URL="https://cfg.example.org")) == "https://cfg.example.org"


async def test_the_page_embeds_the_widget_with_persistent_sessions(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RASA_URL", "http://127.0.0.1:15005")
    response = await chat_page.index(fake_request())
    body = response.body.decode()
    assert response.status == 200
    assert '<html lang="en">' in body and 'name="viewport"' in body
    assert "This is an automated assistant, not a person." in body
    assert "talk to a person" in body
    assert 'class="skip-link" href="#chat"' in body
    assert "/chat/vendor/rasa-webchat/1.0.1/index.js" in body
    assert "cdn" not in body.lower()
    config = page_config(body)
    assert config["socketUrl"] == "http://127.0.0.1:15005"
    assert config["socketPath"] == "/socket.io/"
    assert config["initPayload"] == "/greet"
    assert config["params"] == {"storage": "local"}
    assert config["customData"] == {"language": "en"}
    assert config["embedded"] is True
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp
    assert "connect-src 'self' http://127.0.0.1:15005 ws://127.0.0.1:15005" in csp


def test_a_secure_rasa_url_allows_wss_and_a_script_end_tag_cannot_escape_the_config() -> None:
    assert "wss://chat.example.org" in chat_page.content_security_policy("https://chat.example.org")
    assert "</script>" not in chat_page._json_for_script({"x": "</script><script>alert(1)"})


async def test_the_pinned_bundle_is_served_from_node_modules(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    bundle = tmp_path / "rasa-webchat" / "lib" / "index.js"
    bundle.parent.mkdir(parents=True)
    bundle.write_text("window.WebChat = {};")
    monkeypatch.setenv("WEBCHAT_NODE_MODULES", str(tmp_path))
    ok = await chat_page.webchat_bundle(fake_request(), "1.0.1")
    assert ok.status == 200
    assert ok.content_type.startswith("text/javascript")
    assert "immutable" in ok.headers["Cache-Control"]
    other_version = await chat_page.webchat_bundle(fake_request(), "0.11.0")
    assert other_version.status == 404


async def test_a_missing_bundle_is_a_404_and_a_logged_hint(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture) -> None:
    monkeypatch.setenv("WEBCHAT_NODE_MODULES", str(tmp_path))
    missing = await chat_page.webchat_bundle(fake_request(), "1.0.1")
    assert missing.status == 404
    assert "make setup" in caplog.text


async def test_only_the_pages_own_assets_are_served() -> None:
    for name in ("chat.js", "chat.css"):
        assert (await chat_page.own_asset(fake_request(), name)).status == 200
    for name in ("chat_page.py", "..", "__init__.py"):
        assert (await chat_page.own_asset(fake_request(), name)).status == 404


def test_the_real_bundle_is_installed() -> None:
    """`make setup` installs rasa-webchat 1.0.1 from package-lock.json."""
    assert chat_page.webchat_bundle_path().is_file()
    package = json.loads((chat_page.ROOT / "package.json").read_text())
    assert package["dependencies"]["rasa-webchat"] == "1.0.1"
