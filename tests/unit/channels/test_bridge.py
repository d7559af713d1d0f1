"""The bridge around the pure functions: config, rate limits, ordering, error paths."""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import logging
from types import SimpleNamespace
from typing import Any

import httpx
import pytest
from telegram import Update
from telegram.error import Forbidden, RetryAfter

from channels.telegram.app import Bridge, PerChatUpdateProcessor, chat_key
from channels.telegram.config import ConfigError, load_config
from channels.telegram.rasa_client import RasaClient, RasaUnavailable
from channels.telegram.ratelimit import RateLimiter, TokenBucket
from channels.telegram.translate import RASA_DOWN_TEXT, UNSUPPORTED_TEXT, OutgoingMessage
from tests.unit.channels.test_translate import callback_update, text_update

# ---- config ----

def test_config_needs_a_token() -> None:
    with pytest.raises(ConfigError, match="TELEGRAM_BOT_TOKEN"):
        load_config({})


def test_config_defaults_to_polling_against_local_rasa() -> None:
    cfg = load_config({"TELEGRAM_BOT_TOKEN": "1:abc"})
    assert cfg.webhook_url is None
    assert cfg.rasa_url == "http://127.0.0.1:5005"
    assert cfg.bot_base_url == "https://api.telegram.org/bot"
    assert cfg.max_message_length == 4096


def test_config_reads_webhook_rasa_and_api_base_url() -> None:
    cfg = load_config({"TELEGRAM_BOT_TOKEN": "1:abc", "RASA_URL": "http://r:15005/",
                       "TELEGRAM_WEBHOOK_URL": "https://bot.example.org/tg/hook",
                       "TELEGRAM_API_BASE_URL": "http://127.0.0.1:9999",
                       "TELEGRAM_MAX_MESSAGE_LENGTH": "300"})
    assert cfg.rasa_url == "http://r:15005"
    assert cfg.webhook_path == "/tg/hook"
    assert cfg.bot_base_url == "http://127.0.0.1:9999/bot"
    assert cfg.file_base_url == "http://127.0.0.1:9999/file/bot"
    assert cfg.max_message_length == 300
    assert len(cfg.webhook_secret) >= 32


def test_config_caps_the_message_length_at_telegrams_limit_and_rejects_nonsense() -> None:
    assert load_config({"TELEGRAM_BOT_TOKEN": "1:a",
                        "TELEGRAM_MAX_MESSAGE_LENGTH": "99999"}).max_message_length == 4096
    with pytest.raises(ConfigError):
        load_config({"TELEGRAM_BOT_TOKEN": "1:a", "TELEGRAM_MAX_MESSAGE_LENGTH": "abc"})
    with pytest.raises(ConfigError):
        load_config({"TELEGRAM_BOT_TOKEN": "1:a", "TELEGRAM_WEBHOOK_URL": "ftp://x"})


# ---- rate limits ----

class FakeClock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_a_chat_may_burst_then_gets_one_message_per_second() -> None:
    clock = FakeClock()
    bucket = TokenBucket(rate=1.0, capacity=3, clock=clock)
    for _ in range(3):
        assert bucket.wait_time() == 0
        bucket.take()
    assert bucket.wait_time() == pytest.approx(1.0)
    clock.now = 0.5
    assert bucket.wait_time() == pytest.approx(0.5)
    clock.now = 1.0
    assert bucket.wait_time() == 0


async def test_the_limiter_holds_a_chat_to_its_rate() -> None:
    limiter = RateLimiter(per_chat_rate=20.0, per_chat_burst=1, global_rate=1000)
    loop = asyncio.get_running_loop()
    start = loop.time()
    for _ in range(5):
        await limiter.acquire(1)
    assert loop.time() - start >= 4 / 20 - 0.01


async def test_the_global_limit_applies_across_chats() -> None:
    limiter = RateLimiter(per_chat_rate=1000, per_chat_burst=10, global_rate=20.0)
    loop = asyncio.get_running_loop()
    start = loop.time()
    await asyncio.gather(*(limiter.acquire(chat) for chat in range(30)))
    # 20 in the initial burst, then 10 more at 20/s.
    assert loop.time() - start >= 10 / 20 - 0.02


# ---- per-chat ordering ----

async def test_updates_of_one_chat_run_in_order_while_other_chats_run_alongside() -> None:
    processor = PerChatUpdateProcessor(max_concurrent_updates=16)
    log: list[str] = []

    async def work(name: str, delay: float) -> None:
        log.append(f"start {name}")
        await asyncio.sleep(delay)
        log.append(f"end {name}")

    a1, a2, a3 = (text_update("x", chat_id=1, update_id=i) for i in (1, 2, 3))
    b1 = text_update("x", chat_id=2, update_id=4)
    await asyncio.gather(
        processor.process_update(a1, work("a1", 0.05)),
        processor.process_update(a2, work("a2", 0.0)),
        processor.process_update(a3, work("a3", 0.0)),
        processor.process_update(b1, work("b1", 0.0)),
    )
    chat_a = [e for e in log if " a" in e]
    assert chat_a == ["start a1", "end a1", "start a2", "end a2", "start a3", "end a3"]
    # Chat 2 did not wait for chat 1's slow update.
    assert log.index("end b1") < log.index("end a1")
    assert processor._locks == {}  # nothing kept once a chat is idle


def test_chat_key_reads_the_chat_of_messages_and_button_presses() -> None:
    assert chat_key(text_update("x", chat_id=5)) == 5
    assert chat_key(callback_update("/a", chat_id=6)) == 6
    assert chat_key(object()) is None


# ---- Rasa client ----

async def test_rasa_client_posts_sender_and_message() -> None:
    seen: list[dict[str, Any]] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(json.loads(request.content))
        assert request.url.path == "/webhooks/rest/webhook"
        return httpx.Response(200, json=[{"recipient_id": "telegram:1", "text": "hi"}])

    client = RasaClient("http://rasa:5005/", transport=httpx.MockTransport(handler))
    assert await client.send("telegram:1", "hello") == [
        {"recipient_id": "telegram:1", "text": "hi"}]
    assert seen == [{"sender": "telegram:1", "message": "hello"}]
    await client.aclose()


@pytest.mark.parametrize("response", [
    httpx.Response(500, text="boom"),
    httpx.Response(200, text="not json"),
    httpx.Response(200, json={"not": "a list"}),
])
async def test_rasa_errors_become_rasa_unavailable(response: httpx.Response) -> None:
    client = RasaClient("http://rasa", transport=httpx.MockTransport(lambda r: response))
    with pytest.raises(RasaUnavailable):
        await client.send("telegram:1", "hello")


async def test_an_unreachable_rasa_is_rasa_unavailable() -> None:
    def refuse(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("refused")

    client = RasaClient("http://rasa", transport=httpx.MockTransport(refuse))
    with pytest.raises(RasaUnavailable):
        await client.send("telegram:1", "hello")


# ---- the handler ----

class FakeBot:
    def __init__(self, fail_with: list[Exception] | None = None) -> None:
        self.sent: list[dict[str, Any]] = []
        self.fail_with = list(fail_with or [])

    async def send_message(self, **kwargs: Any) -> None:
        if self.fail_with:
            raise self.fail_with.pop(0)
        self.sent.append(kwargs)


class FakeRasa:
    def __init__(self, replies: list[dict[str, Any]] | Exception) -> None:
        self.replies = replies
        self.received: list[tuple[str, str]] = []

    async def send(self, sender: str, message: str) -> list[dict[str, Any]]:
        self.received.append((sender, message))
        if isinstance(self.replies, Exception):
            raise self.replies
        return self.replies


def make_bridge(rasa: FakeRasa) -> Bridge:
    cfg = load_config({"TELEGRAM_BOT_TOKEN": "1:a"})
    return Bridge(cfg, rasa, RateLimiter(1000, 100, 1000))  # type: ignore[arg-type]


async def test_a_message_is_answered_with_rasas_replies() -> None:
    rasa = FakeRasa([{"text": "Educator Certification, P.O. Box 480",
                      "buttons": [{"title": "OK", "payload": "/affirm"}]}])
    bot = FakeBot()
    await make_bridge(rasa).handle(text_update("where do I mail transcripts"),
                                   SimpleNamespace(bot=bot))  # type: ignore[arg-type]
    assert rasa.received == [("telegram:4242", "where do I mail transcripts")]
    assert [m["text"] for m in bot.sent] == ["Educator Certification, P.O. Box 480"]
    assert bot.sent[0]["chat_id"] == 4242
    assert bot.sent[0]["reply_markup"].inline_keyboard[0][0].callback_data == "/affirm"


async def test_when_rasa_is_down_the_user_is_told_to_try_again_and_the_text_is_not_logged(
        caplog: pytest.LogCaptureFixture) -> None:
    bot = FakeBot()
    caplog.set_level(logging.DEBUG)
    await make_bridge(FakeRasa(RasaUnavailable("ConnectError"))).handle(
        text_update("my secret question 123-45-6789", update_id=99),
        SimpleNamespace(bot=bot))  # type: ignore[arg-type]
    assert [m["text"] for m in bot.sent] == [RASA_DOWN_TEXT]
    assert "chat_id=4242 update_id=99" in caplog.text
    assert "secret" not in caplog.text and "6789" not in caplog.text


async def test_a_sticker_gets_a_polite_text_only_answer() -> None:
    bot = FakeBot()
    rasa = FakeRasa([])
    await make_bridge(rasa).handle(text_update(None), SimpleNamespace(bot=bot))  # type: ignore[arg-type]
    assert rasa.received == []
    assert [m["text"] for m in bot.sent] == [UNSUPPORTED_TEXT]


@pytest.mark.filterwarnings("ignore:.*retry_after.*")  # PTB 22's own deprecation notice
async def test_sending_waits_and_retries_when_telegram_says_retry_after() -> None:
    bot = FakeBot(fail_with=[RetryAfter(dt.timedelta(0))])
    await make_bridge(FakeRasa([])).send(bot, 1, OutgoingMessage("hi"), update_id=1)
    assert [m["text"] for m in bot.sent] == ["hi"]


async def test_a_blocked_bot_gives_up_without_retrying(caplog: pytest.LogCaptureFixture) -> None:
    bot = FakeBot(fail_with=[Forbidden("bot was blocked by the user")])
    await make_bridge(FakeRasa([])).send(bot, 1, OutgoingMessage("hi"), update_id=3)
    assert bot.sent == [] and bot.fail_with == []
    assert "Forbidden" in caplog.text and "chat_id=1 update_id=3" in caplog.text


def test_a_fake_update_has_the_ids_the_handler_logs() -> None:
    update = text_update("x", update_id=5)
    assert isinstance(update, Update) and update.update_id == 5
