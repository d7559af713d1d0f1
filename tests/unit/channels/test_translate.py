"""The bridge's pure functions: Telegram update -> Rasa message, Rasa replies -> Telegram."""

from __future__ import annotations

from typing import Any

import pytest
from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update

from channels.telegram.translate import (
    CALLBACK_DATA_MAX_BYTES,
    OutgoingMessage,
    PayloadStore,
    build_keyboard,
    button_title,
    command_payload,
    is_expired_button,
    message_from_update,
    plain_text,
    render_replies,
    sender_for_chat,
    split_text,
    telegram_length,
)

CHAT = 4242


def text_update(text: str | None, chat_id: int = CHAT, update_id: int = 7,
                **extra: Any) -> Update:
    message: dict[str, Any] = {
        "message_id": 1, "date": 0, "chat": {"id": chat_id, "type": "private"},
        "from": {"id": chat_id, "is_bot": False, "first_name": "A"}, **extra,
    }
    if text is not None:
        message["text"] = text
    return Update.de_json({"update_id": update_id, "message": message}, None)


def callback_update(data: str, chat_id: int = CHAT, update_id: int = 8,
                    keyboard: list[list[dict[str, Any]]] | None = None) -> Update:
    message: dict[str, Any] = {"message_id": 2, "date": 0,
                               "chat": {"id": chat_id, "type": "private"}, "text": "Pick one"}
    if keyboard is not None:
        message["reply_markup"] = {"inline_keyboard": keyboard}
    return Update.de_json({"update_id": update_id, "callback_query": {
        "id": "cq1", "from": {"id": chat_id, "is_bot": False, "first_name": "A"},
        "chat_instance": "x", "message": message, "data": data}}, None)


# ---- update -> Rasa message ----

def test_each_chat_is_its_own_rasa_sender() -> None:
    assert sender_for_chat(12345) == "telegram:12345"
    assert sender_for_chat(-100200) == "telegram:-100200"


def test_a_text_message_goes_to_rasa_as_typed_with_its_chat_and_update_ids() -> None:
    msg = message_from_update(text_update("  where do I mail my transcripts? "))
    assert msg is not None
    assert (msg.sender, msg.message, msg.chat_id, msg.update_id) == (
        "telegram:4242", "where do I mail my transcripts?", CHAT, 7)
    assert msg.callback_query_id is None


@pytest.mark.parametrize("text, payload", [
    ("/start", "/greet"),
    ("/start some-deep-link", "/greet"),
    ("/help", "/what_can_you_do"),
    ("/help@cert_assistant_bot", "/what_can_you_do"),
    ("/HELP", "/what_can_you_do"),
])
def test_start_and_help_commands_become_the_greet_and_what_can_you_do_intents(
        text: str, payload: str) -> None:
    msg = message_from_update(text_update(text))
    assert msg is not None and msg.message == payload


def test_other_text_is_not_a_command() -> None:
    assert command_payload("hello /start") is None
    assert command_payload("/") is None
    assert command_payload("/create_account") is None


def test_a_pressed_button_sends_its_payload() -> None:
    msg = message_from_update(callback_update("/create_account"))
    assert msg is not None
    assert (msg.sender, msg.message, msg.callback_query_id) == (
        "telegram:4242", "/create_account", "cq1")


def test_an_edited_message_is_not_sent_again() -> None:
    update = Update.de_json({"update_id": 9, "edited_message": {
        "message_id": 1, "date": 0, "edit_date": 1, "chat": {"id": CHAT, "type": "private"},
        "text": "fixed typo"}}, None)
    assert message_from_update(update) is None


def test_messages_without_text_send_nothing() -> None:
    assert message_from_update(text_update(None, sticker=None)) is None
    assert message_from_update(text_update("   ")) is None


def test_a_long_payload_round_trips_through_short_callback_data() -> None:
    store = PayloadStore()
    payload = '/choose_application{"application_type": "initial_professional_certificate"}'
    data = store.callback_data(payload)
    assert data.startswith("#") and len(data.encode()) <= CALLBACK_DATA_MAX_BYTES
    msg = message_from_update(callback_update(data), store)
    assert msg is not None and msg.message == payload


def test_a_forgotten_long_payload_is_an_expired_button() -> None:
    store = PayloadStore(capacity=1)
    first = store.callback_data("/x" + "a" * 80)
    store.callback_data("/y" + "b" * 80)
    update = callback_update(first)
    assert message_from_update(update, store) is None
    assert is_expired_button(update, store)
    assert not is_expired_button(callback_update("/greet"), store)


def test_the_pressed_buttons_title_is_found_on_the_message() -> None:
    update = callback_update("/apply", keyboard=[[{"text": "Apply", "callback_data": "/apply"}]])
    assert button_title(update) == "Apply"
    assert button_title(callback_update("/apply")) is None


# ---- Rasa text -> Telegram plain text ----

def test_markdown_links_keep_their_url() -> None:
    assert plain_text("See [the guide](https://dese.mo.gov/guide).") == (
        "See the guide: https://dese.mo.gov/guide.")
    assert plain_text("[https://a.org/x](https://a.org/x)") == "https://a.org/x"
    assert plain_text("<https://a.org/x>") == "https://a.org/x"


def test_emphasis_is_dropped_but_urls_with_underscores_survive() -> None:
    assert plain_text("**Important:** read *this* and `that` at https://a.org/__x__/*y*") == (
        "Important: read this and that at https://a.org/__x__/*y*")
    assert plain_text("## Heading\nbody") == "Heading\nbody"


def test_snake_case_words_are_left_alone() -> None:
    assert plain_text("use the Educator_ID field") == "use the Educator_ID field"


# ---- splitting ----

def test_short_text_is_one_part() -> None:
    assert split_text("hello") == ["hello"]
    assert split_text("   ") == []


def test_text_is_split_at_paragraphs_first() -> None:
    para = "word " * 15  # 75 chars
    text = f"{para.strip()}\n\n{para.strip()}\n\n{para.strip()}"
    parts = split_text(text, limit=160)
    assert parts == [f"{para.strip()}\n\n{para.strip()}", para.strip()]


def test_then_at_lines_then_at_words() -> None:
    lines = "\n".join(["a" * 30] * 4)
    assert split_text(lines, limit=70) == ["a" * 30 + "\n" + "a" * 30] * 2
    words = " ".join(["abcd"] * 20)  # 99 chars
    parts = split_text(words, limit=30)
    assert all(len(p) <= 30 for p in parts)
    assert " ".join(parts) == words


def test_a_url_is_never_cut() -> None:
    url = "https://dese.mo.gov/educator-quality/certification/" + "x" * 30
    text = ("Mail your transcripts. " * 3) + url + " and then wait."
    for limit in range(len(url), len(text)):
        parts = split_text(text, limit=limit)
        assert all(telegram_length(p) <= limit for p in parts)
        assert sum(p.count(url) for p in parts) == 1, limit


def test_a_single_token_longer_than_the_limit_is_cut_hard() -> None:
    assert split_text("x" * 10, limit=4) == ["xxxx", "xxxx", "xx"]


def test_length_is_counted_in_utf16_units_as_telegram_does() -> None:
    emoji = "\N{GRINNING FACE}"  # two UTF-16 units
    assert telegram_length(emoji * 3) == 6
    parts = split_text(emoji * 5, limit=4)
    assert parts == [emoji * 2, emoji * 2, emoji]


def test_default_limit_is_telegrams_4096() -> None:
    text = ("lorem ipsum " * 1000).strip()
    parts = split_text(text)
    assert len(parts) == 3 and all(len(p) <= 4096 for p in parts)
    assert " ".join(parts) == text


def test_split_refuses_a_non_positive_limit() -> None:
    with pytest.raises(ValueError):
        split_text("x", limit=0)


# ---- keyboards and whole replies ----

def test_buttons_become_an_inline_keyboard_with_short_titles_paired() -> None:
    keyboard = build_keyboard([
        {"title": "Yes", "payload": "/affirm"},
        {"title": "No", "payload": "/deny"},
        {"title": "Which application do I need?", "payload": "/which_application"},
        {"title": "Apply", "payload": "/apply"},
    ])
    assert keyboard == InlineKeyboardMarkup([
        [InlineKeyboardButton("Yes", callback_data="/affirm"),
         InlineKeyboardButton("No", callback_data="/deny")],
        [InlineKeyboardButton("Which application do I need?",
                              callback_data="/which_application")],
        [InlineKeyboardButton("Apply", callback_data="/apply")],
    ])


def test_a_web_address_button_becomes_a_url_button() -> None:
    keyboard = build_keyboard([{"title": "Open the portal", "payload": "https://dese.mo.gov"},
                               {"title": "Guide", "type": "web_url", "url": "https://a.org"}])
    assert keyboard is not None
    buttons = [b for row in keyboard.inline_keyboard for b in row]
    assert [(b.url, b.callback_data) for b in buttons] == [
        ("https://dese.mo.gov", None), ("https://a.org", None)]


def test_no_buttons_no_keyboard() -> None:
    assert build_keyboard([]) is None
    assert build_keyboard([{"title": "", "payload": ""}]) is None


def test_replies_keep_their_order_and_buttons_go_on_the_last_part() -> None:
    replies = [
        {"recipient_id": "telegram:1", "text": "First."},
        {"recipient_id": "telegram:1", "text": ("word " * 30).strip(),
         "buttons": [{"title": "OK", "payload": "/affirm"}]},
    ]
    out = render_replies(replies, limit=80)
    assert [m.text for m in out][0] == "First."
    assert len(out) == 3
    assert [m.reply_markup is not None for m in out] == [False, False, True]


def test_buttons_without_text_get_a_prompt_and_images_are_sent_as_links() -> None:
    out = render_replies([{"buttons": [{"title": "OK", "payload": "/affirm"}]},
                          {"image": "https://a.org/i.png"},
                          {"custom": {"x": 1}}])
    assert [m.text for m in out] == ["Please choose:", "https://a.org/i.png"]


def test_an_empty_reply_list_sends_nothing() -> None:
    assert render_replies([]) == []
    assert OutgoingMessage("x").reply_markup is None
