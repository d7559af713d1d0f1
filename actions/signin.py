"""Sign-in by one-time code, shared by every form that needs the educator signed in.

A form that needs sign-in lists `signin_username` and `signin_code` first in its
required slots; `SignInMixin.auth_slots` drops them once an access token is held, so
the form goes straight on to what the user asked for (the "resume after sign-in").
The code slot is cleared as soon as it has been checked, and never echoed.
"""

from __future__ import annotations

import logging
import re
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.answers import name_on_handoffs
from actions.backend_client import BackendError, BackendUnavailable
from actions.common import BACKEND_DOWN, client_for, latest_text, signed_in
from actions.flow import FlowForm
from actions.parsing import (
    lone_username,
    looks_like_username,
    named_username,
    parse_code,
    parse_username,
    single_token,
    username_shaped,
)
from actions.turns import Turn
from pii import identity

logger = logging.getLogger(__name__)

AUTH_SLOTS = ["signin_username", "signin_code"]
RESEND = "__resend__"
INVALID = "__invalid__"
_RESEND_RE = re.compile(
    r"\b(resend|re-send|new code|another code|send (it |a code )?again|didn'?t get|"
    r"did not get|no code|never got|haven'?t (got|received)|not received|code expired)\b",
    re.IGNORECASE,
)
# A plain word is a username unless the model is this sure it means something else
# ("hello", "help", "thanks").
_WORD_INTENT_CONFIDENCE = 0.7


# "it is jsmith", "my username is jsmith", "ok got it. username jsmith", "user: jsmith"
_NAMED_USERNAME = re.compile(
    r"(?:^|[\s.,!:;])(?:(?:my\s+|the\s+)?(?:user|usr|uesr)\s*name(?:\s+i\s+(?:want|would\s+like|'d\s+like|"
    r"chose|picked|choose|use))?(?:\s+(?:is|will be|would be|should be))?|"
    r"it'?s|it\s+is|i\s+am|i'?m|use|call\s+it|make\s+it|let'?s\s+(?:go\s+with|use)|"
    r"how\s+about|go\s+with)(?:\s*[:=]\s*|\s+)[\"'`]?(?P<name>[^\s\"'`,!?]+?)[\"'`]?[.!]?\s*$",
    re.IGNORECASE)


def username_in(turn: Turn, *, asked: bool = True) -> str | None:
    """The username a message gives, if it is one (folded to ASCII, as the backend keeps it):
    the whole message, or the last word after "my username is", "it is", "username"; and,
    when the username is `asked` for, the one token no word could be ("it should be jsmith2
    i think", "Can I use newuser42? (it's my new name)": parsing.lone_username)."""
    named = _NAMED_USERNAME.search(turn.text or "")
    if named and single_token(turn.text) is None:
        candidate = parse_username(named.group("name"))
        explicit = "user" in named.group(0).lower()  # "my username is jsmith"
        if candidate and (explicit or username_shaped(candidate)):
            return candidate
    token = parse_username(single_token(turn.text) or "")
    if not token or token.startswith("/"):
        if turn.is_payload:
            return None
        return named_username(turn.text) or (lone_username(turn.text, asked=True) if asked
                                             else None)
    if username_shaped(token):
        return token
    if turn.confident(_WORD_INTENT_CONFIDENCE):
        return None
    return token


def username_slot(tracker: Tracker, slot: str) -> dict[str, Any]:
    """Extraction for a username slot: when it is asked, the username or a marker that none
    was given; when the form starts, a username the first message names explicitly ("reset
    the password of username jsmith2") or types alone among its words ("blind5a70873f wanna
    apply sub"), so that it is not asked for again."""
    requested = tracker.get_slot("requested_slot")
    if requested == slot:
        return {slot: username_in(Turn.of(tracker)) or INVALID}
    if requested is None and tracker.get_slot(slot) is None:
        text = latest_text(tracker)
        named = named_username(text) or (
            lone_username(text, asked=False) if not text.startswith("/") else None)
        return {slot: named} if named else {}
    return {}


# "omg sorry wrong one thats my old work login, its blind4cad734f"
_WRONG_ONE = re.compile(r"\b(wrong|sorry|oops|meant|mistake|typo|actually|old|instead|correct)\b",
                        re.IGNORECASE)


def _another_username(text: str, username: str) -> str | None:
    """A username typed where the sign-in code is asked, other than the one the code went to:
    alone (with a digit, a dot, a dash or an underscore, so no word is taken for one), or as
    the one username of a message that says the first was wrong."""
    token = parse_username(single_token(text) or "")
    if token is None and _WRONG_ONE.search(text):
        token = named_username(text) or lone_username(text, asked=True)
    if (token and username_shaped(token) and any(c.isalpha() for c in token)
            and token.lower() != username.lower() and parse_code(text) is None):
        return token
    return None


class SignInMixin(FlowForm):
    """Slot extraction and validation for `signin_username` / `signin_code`."""

    @staticmethod
    def auth_slots(tracker: Tracker) -> list[str]:
        return [] if signed_in(tracker) else list(AUTH_SLOTS)

    async def parses(self, slot: str, turn: Turn, tracker: Tracker) -> bool:
        if slot == "signin_username":
            return username_in(turn) is not None
        if slot == "signin_code":
            return (parse_code(turn.text) is not None or bool(_RESEND_RE.search(turn.text))
                    or any(c.isdigit() for c in turn.text))
        return await super().parses(slot, turn, tracker)

    async def extract_signin_username(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                                      domain: DomainDict) -> dict[str, Any]:
        return username_slot(tracker, "signin_username")

    async def validate_signin_username(self, value: Any, dispatcher: CollectingDispatcher,
                                       tracker: Tracker, domain: DomainDict) -> dict[str, Any]:
        if signed_in(tracker):
            return {"signin_username": value}
        if value == INVALID or not looks_like_username(str(value)):
            dispatcher.utter_message(
                text="That doesn't look like a username. Usernames are "
                     f"{identity.USERNAME_MIN_LENGTH}-{identity.USERNAME_MAX_LENGTH} letters, "
                     "digits, dots, dashes or underscores and start with a letter. (Forgot it? Say "
                     "\"forgot username\".)")
            return {"signin_username": None}
        try:
            await client_for(tracker, with_token=False).send_code(str(value))
        except BackendUnavailable:
            dispatcher.utter_message(text=BACKEND_DOWN)
            return {"signin_username": None}
        except BackendError as exc:
            if exc.code == "rate_limited":
                dispatcher.utter_message(
                    text="Too many sign-in attempts. Please wait a few minutes and try again.")
            else:
                dispatcher.utter_message(text="I couldn't send a code just now.")
            return {"signin_username": None}
        dispatcher.utter_message(
            text="If that username has an account, I've emailed a 6-digit code to the "
                 "email address on file. It is valid for 10 minutes.")
        return {"signin_username": value}

    async def extract_signin_code(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                                  domain: DomainDict) -> dict[str, Any]:
        if tracker.get_slot("requested_slot") != "signin_code":
            return {}
        text = latest_text(tracker)
        code = parse_code(text)
        if code:
            return {"signin_code": code}
        if _RESEND_RE.search(text):
            return {"signin_code": RESEND}
        other = _another_username(text, str(tracker.get_slot("signin_username") or ""))
        if other:
            # "Dave" typed for the username, then "dsmith42" at the code: the username was
            # corrected, so the code goes to that one
            return {"signin_code": None, "signin_username": other}
        return {"signin_code": INVALID}

    async def validate_signin_code(self, value: Any, dispatcher: CollectingDispatcher,
                                   tracker: Tracker, domain: DomainDict) -> dict[str, Any]:
        username = str(tracker.get_slot("signin_username") or "")
        client = client_for(tracker, with_token=False)
        if value == RESEND:
            try:
                await client.send_code(username)
            except (BackendUnavailable, BackendError):
                dispatcher.utter_message(text=BACKEND_DOWN)
                return {"signin_code": None}
            dispatcher.utter_message(text="I've sent a new code. Please type it here.")
            return {"signin_code": None}
        if value == INVALID or not value:
            dispatcher.utter_message(
                text="That isn't a 6-digit code. Please type the code from the email, or "
                     "say \"resend\" for a new one.")
            return {"signin_code": None}
        try:
            result = await client.verify_code(username, str(value))
        except BackendUnavailable:
            dispatcher.utter_message(text=BACKEND_DOWN)
            return {"signin_code": None}
        except BackendError as exc:
            if exc.code == "rate_limited":
                dispatcher.utter_message(
                    text="Too many attempts. Please wait a few minutes and try again.")
            else:
                dispatcher.utter_message(
                    text="That code isn't right or has expired. Please check the email and "
                         "try again, or type \"resend\" for a new code.")
            return {"signin_code": None}
        dispatcher.utter_message(text=f"Thanks, you're signed in as {username}.")
        await name_on_handoffs(tracker, result.get("access_token"))
        return {"signin_code": None, "access_token": result.get("access_token")}
