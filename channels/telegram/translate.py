"""Pure translation between Telegram and Rasa. No I/O here, so it is all unit-tested.

Replies go to Telegram as plain text (no parse mode): nothing Rasa writes can break
Telegram's entity parser, and Telegram's clients turn bare URLs into links by
themselves. Markdown that Telegram would show literally is converted: `[title](url)`
becomes `title: url`, emphasis markers are dropped.
"""

from __future__ import annotations

import hashlib
import re
from collections import OrderedDict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update

TELEGRAM_MAX_MESSAGE_LENGTH = 4096
CALLBACK_DATA_MAX_BYTES = 64  # Telegram's limit for callback_data
SENDER_PREFIX = "telegram:"

# Commands Telegram users expect; each maps to a Rasa intent (coordinated with bot/).
COMMAND_PAYLOADS: dict[str, str] = {
    "start": "/greet",
    "help": "/what_can_you_do",
}

RASA_DOWN_TEXT = (
    "Sorry, the assistant is not available right now. Please try again in a few minutes."
)
UNSUPPORTED_TEXT = "Sorry, I can only read text messages. Please type your question."
EXPIRED_BUTTON_TEXT = (
    "That button has expired. Please type your answer, or send /help to start again."
)

_URL_RE = re.compile(r"https?://\S+")
_MD_LINK_RE = re.compile(r"\[([^\]\n]+)\]\((https?://[^)\s]+|mailto:[^)\s]+)\)")
_MD_AUTOLINK_RE = re.compile(r"<((?:https?://|mailto:)[^>\s]+)>")
_BOLD_RE = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1", re.S)
_ITALIC_RE = re.compile(r"(?<![\w*])\*(?=\S)([^*\n]+?)(?<=\S)\*(?![\w*])")
_CODE_RE = re.compile(r"`([^`\n]+)`")
_HEADING_RE = re.compile(r"^#{1,6}\s+", re.M)


@dataclass(frozen=True)
class RasaMessage:
    """One message for Rasa's REST channel, with the context needed to log about it."""

    sender: str
    message: str
    chat_id: int
    update_id: int
    callback_query_id: str | None = None


@dataclass(frozen=True)
class OutgoingMessage:
    """One Telegram sendMessage call: plain text plus an optional inline keyboard."""

    text: str
    reply_markup: InlineKeyboardMarkup | None = None


@dataclass
class PayloadStore:
    """Maps long Rasa payloads to short callback_data (Telegram allows 64 bytes).

    Short payloads are used as they are; long ones are replaced by `#<digest>` and kept
    here (bounded, least recently used dropped first). A dropped one reads as expired.
    """

    capacity: int = 10_000
    _items: OrderedDict[str, str] = field(default_factory=OrderedDict)

    def callback_data(self, payload: str) -> str:
        if len(payload.encode()) <= CALLBACK_DATA_MAX_BYTES and not payload.startswith("#"):
            return payload
        key = "#" + hashlib.sha256(payload.encode()).hexdigest()[:32]
        self._items[key] = payload
        self._items.move_to_end(key)
        while len(self._items) > self.capacity:
            self._items.popitem(last=False)
        return key

    def payload(self, data: str) -> str | None:
        """The Rasa payload for a pressed button, or None if it is no longer known."""
        if not data.startswith("#"):
            return data
        return self._items.get(data)


def sender_for_chat(chat_id: int) -> str:
    """Each Telegram chat is its own Rasa conversation."""
    return f"{SENDER_PREFIX}{chat_id}"


def command_payload(text: str) -> str | None:
    """`/start`, `/help` (also `/help@SomeBot` and `/start <deep-link>`) -> Rasa payload."""
    if not text.startswith("/"):
        return None
    command = text[1:].split(maxsplit=1)[0] if len(text) > 1 else ""
    command = command.split("@", 1)[0].lower()
    return COMMAND_PAYLOADS.get(command)


def message_from_update(update: Update, store: PayloadStore | None = None) -> RasaMessage | None:
    """Translate a Telegram update into a Rasa message; None if there is nothing to send.

    Text messages go through as typed (commands /start and /help are mapped to intents);
    a pressed inline button sends its payload.
    """
    query = update.callback_query
    if query is not None:
        if query.message is None or query.data is None:
            return None
        data = (store or PayloadStore()).payload(query.data)
        if data is None:
            return None
        chat_id = query.message.chat.id
        return RasaMessage(sender_for_chat(chat_id), data, chat_id, update.update_id, query.id)

    message = update.message
    if message is None or message.text is None:
        return None
    text = message.text.strip()
    if not text:
        return None
    payload = command_payload(text)
    chat_id = message.chat.id
    return RasaMessage(sender_for_chat(chat_id), payload or text, chat_id, update.update_id)


def is_expired_button(update: Update, store: PayloadStore) -> bool:
    """A pressed button whose long payload was forgotten (e.g. after a restart)."""
    query = update.callback_query
    return bool(query and query.data and store.payload(query.data) is None)


def plain_text(text: str) -> str:
    """Rasa's markdown-ish text -> plain text that Telegram shows as intended."""
    text = _MD_LINK_RE.sub(lambda m: _link_text(m.group(1), m.group(2)), text)
    text = _MD_AUTOLINK_RE.sub(r"\1", text)
    text = _protect_urls(text, _strip_emphasis)
    text = _HEADING_RE.sub("", text)
    return text.strip()


def _link_text(title: str, url: str) -> str:
    target = url.removeprefix("mailto:")
    if title.strip() in (url, target):
        return target
    return f"{title}: {target}"


def _protect_urls(text: str, transform: Any) -> str:
    """Apply `transform` to everything except URLs (so `__` or `*` inside them survive)."""
    out: list[str] = []
    last = 0
    for m in _URL_RE.finditer(text):
        out.append(transform(text[last : m.start()]))
        out.append(m.group(0))
        last = m.end()
    out.append(transform(text[last:]))
    return "".join(out)


def _strip_emphasis(text: str) -> str:
    text = _BOLD_RE.sub(r"\2", text)
    text = _ITALIC_RE.sub(r"\1", text)
    return _CODE_RE.sub(r"\1", text)


def telegram_length(text: str) -> int:
    """Telegram counts message length in UTF-16 code units."""
    return len(text.encode("utf-16-le")) // 2


def split_text(text: str, limit: int = TELEGRAM_MAX_MESSAGE_LENGTH) -> list[str]:
    """Split text into parts of at most `limit`, preferring paragraph, then line, then
    word boundaries. A URL is never cut unless it alone is longer than the limit.
    """
    if limit < 1:
        raise ValueError("limit must be positive")
    text = text.strip()
    if not text:
        return []
    parts: list[str] = []
    while telegram_length(text) > limit:
        cut = _best_cut(text, limit)
        head, text = text[:cut].rstrip(), text[cut:].lstrip()
        if head:
            parts.append(head)
    if text:
        parts.append(text)
    return parts


def _prefix_fitting(text: str, limit: int) -> int:
    """The largest number of characters from the start whose Telegram length <= limit."""
    if telegram_length(text) <= limit:
        return len(text)
    units = 0
    for i, ch in enumerate(text):
        units += 2 if ord(ch) > 0xFFFF else 1
        if units > limit:
            return i
    return len(text)


def _best_cut(text: str, limit: int) -> int:
    """Where to cut: text[:cut] fits and ends at the best boundary available.

    URLs contain no whitespace, so cutting at whitespace never breaks one; only a single
    token longer than the limit is cut hard.
    """
    end = _prefix_fitting(text, limit)
    # First look in the last three quarters of the window, so parts are not tiny when a
    # paragraph break sits near the start; then anywhere.
    for floor in (max(1, end // 4), 1):
        for sep in ("\n\n", "\n", " "):
            pos = text.rfind(sep, floor, end + len(sep))
            if pos >= floor:
                return pos
    return max(1, end)


def build_keyboard(
    buttons: Sequence[Mapping[str, Any]], store: PayloadStore | None = None
) -> InlineKeyboardMarkup | None:
    """Rasa buttons -> an inline keyboard. Short titles share a row, long ones get their
    own; a payload that is a web address becomes a URL button.
    """
    store = store or PayloadStore()
    rows: list[list[InlineKeyboardButton]] = []
    pending: list[InlineKeyboardButton] = []
    for raw in buttons:
        title = str(raw.get("title") or raw.get("payload") or "").strip()
        payload = str(raw.get("payload") or raw.get("url") or title).strip()
        if not title or not payload:
            continue
        if raw.get("type") == "web_url" or payload.startswith(("http://", "https://")):
            button = InlineKeyboardButton(title, url=str(raw.get("url") or payload))
        else:
            button = InlineKeyboardButton(title, callback_data=store.callback_data(payload))
        if len(title) > 18:
            if pending:
                rows.append(pending)
                pending = []
            rows.append([button])
        else:
            pending.append(button)
            if len(pending) == 2:
                rows.append(pending)
                pending = []
    if pending:
        rows.append(pending)
    return InlineKeyboardMarkup(rows) if rows else None


def render_replies(
    replies: Iterable[Mapping[str, Any]],
    store: PayloadStore | None = None,
    limit: int = TELEGRAM_MAX_MESSAGE_LENGTH,
) -> list[OutgoingMessage]:
    """Rasa REST replies -> Telegram messages, in order.

    Text is made plain and split at the limit; buttons go on the last part of their
    message; an image is sent as its link; custom payloads with no text are skipped.
    """
    store = store or PayloadStore()
    out: list[OutgoingMessage] = []
    for reply in replies:
        chunks: list[str] = []
        if reply.get("text"):
            chunks.extend(split_text(plain_text(str(reply["text"])), limit))
        if reply.get("image"):
            chunks.extend(split_text(str(reply["image"]), limit))
        keyboard = build_keyboard(reply.get("buttons") or [], store)
        if keyboard is not None and not chunks:
            chunks = ["Please choose:"]
        for i, chunk in enumerate(chunks):
            last = i == len(chunks) - 1
            out.append(OutgoingMessage(chunk, keyboard if last else None))
    return out


def button_title(update: Update) -> str | None:
    """The title of the inline button that was pressed, if the message still shows it."""
    query = update.callback_query
    if query is None or query.message is None:
        return None
    markup = getattr(query.message, "reply_markup", None)
    if markup is None:
        return None
    for row in markup.inline_keyboard:
        for button in row:
            if button.callback_data == query.data:
                return button.text
    return None
