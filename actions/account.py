"""Account flows: create an account, forgot username/password, sign in and out."""

from __future__ import annotations

import logging
import re
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.forms import REQUESTED_SLOT
from rasa_sdk.types import DomainDict

from actions.backend_client import BackendError, BackendUnavailable
from actions.common import (
    BACKEND_DOWN,
    HELP_ME_CHOOSE,
    MAIN_MENU,
    client_for,
    latest_text,
    sign_out_events,
    signed_in,
)
from actions.context import recent_requests
from actions.flow import STOPPED_SLOT, SWITCH_SLOT, FlowFinish, FlowForm
from actions.parsing import (
    HAS_USERNAME,
    looks_like_password,
    looks_like_username,
    parse_email,
    username_shaped,
)
from actions.signin import INVALID, SignInMixin, username_in, username_slot
from actions.turns import STATUS_INTENTS, Turn
from pii import identity

logger = logging.getLogger(__name__)

USERNAME_LENGTHS = f"{identity.USERNAME_MIN_LENGTH}-{identity.USERNAME_MAX_LENGTH}"
USERNAME_RULES = (f"Usernames are {USERNAME_LENGTHS} "
                  "characters: letters, digits, dots, dashes or underscores, starting with a "
                  "letter.")
PASSWORD_WARNING = ("Please don't type passwords in this chat. I never need your password: "
                    "you set it on the secure page linked in the email.")
PASSWORD = "__password__"
CREATED = "is created."
EMAIL_HINT = "That doesn't look like an email address. Please type it like name@example.com."


def email_in(tracker: Tracker, slot: str) -> dict[str, Any]:
    """Extraction for an email slot: when it is asked, the address or a marker that none was
    given; otherwise an address the message holds as well ("username jsmith2, email
    j@example.org", or a first message that already says it), unless one was given."""
    email = parse_email(latest_text(tracker))
    if tracker.get_slot("requested_slot") == slot:
        return {slot: email or INVALID}
    if email and tracker.get_slot(slot) is None:
        return {slot: email}
    return {}


# What someone who already has an account may have come for (done once signed in)
SIGNED_IN_REQUESTS = frozenset({"link_ssn", "apply", "edit_contact", "add_college",
                                "save_legal_name", "view_contact", *STATUS_INTENTS})


class ValidateAccountForm(FlowForm):
    own_intents = frozenset({"create_account"})

    def name(self) -> str:
        return "validate_account_form"

    async def parses(self, slot: str, turn: Turn, tracker: Tracker) -> bool:
        if slot == "new_username":
            # (a token alone among other words only where the username is asked)
            asked = tracker.get_slot(REQUESTED_SLOT) == slot
            return username_in(turn, asked=asked) is not None or looks_like_password(turn.text)
        if slot == "new_email":
            return parse_email(turn.text) is not None or "@" in turn.text
        return False

    async def extract_new_username(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                                   domain: DomainDict) -> dict[str, Any]:
        if tracker.get_slot("requested_slot") != "new_username":
            return username_slot(tracker, "new_username")  # named in the first message
        turn = Turn.of(tracker)
        if looks_like_password(turn.text):
            return {"new_username": PASSWORD}
        return {"new_username": username_in(turn) or INVALID}

    async def validate_new_username(self, value: Any, dispatcher: CollectingDispatcher,
                                    tracker: Tracker, domain: DomainDict) -> dict[str, Any]:
        if value == PASSWORD:
            dispatcher.utter_message(text=PASSWORD_WARNING)
            return {"new_username": None}
        if value is None:
            # (nothing extracted, e.g. a form started over by a switch: never the word "None")
            return {"new_username": None}
        username = str(value)
        if value == INVALID and len(latest_text(tracker).split()) > 1:
            # "Yes please, make it for me": no username in it at all
            dispatcher.utter_message(text="Please type just the username you'd like, for "
                                          "example jsmith2.")
            return {"new_username": None}
        if value == INVALID or not looks_like_username(username):
            dispatcher.utter_message(text=f"That username won't work. {USERNAME_RULES}")
            return {"new_username": None}
        try:
            result = await client_for(tracker, with_token=False).username_availability(username)
        except BackendUnavailable:
            dispatcher.utter_message(text=BACKEND_DOWN)
            return {"new_username": None}
        except BackendError as exc:
            dispatcher.utter_message(
                text="Too many tries just now. Please wait a few minutes." if exc.code ==
                "rate_limited" else "I couldn't check that username just now.")
            return {"new_username": None}
        if not result.get("available"):
            if result.get("code") == "username_taken" and HAS_USERNAME.search(
                    latest_text(tracker)):
                # "My username is jsmith2": theirs already, so no second one; they sign in
                # (for what they came for, when a message before asked it)
                dispatcher.utter_message(
                    text=f"{username} already has an account. If it's yours, there's no need "
                         "for another one: I'll sign you in with it.")
                then = next((r for r in recent_requests(tracker) if r in SIGNED_IN_REQUESTS),
                            "sign_in")
                return {"new_username": None, STOPPED_SLOT: "switch", SWITCH_SLOT: then,
                        REQUESTED_SLOT: None}
            if result.get("code") == "username_taken":
                dispatcher.utter_message(
                    text="That username is already taken. If it's yours, don't create another "
                         "one: use Forgot Username/Password instead. Otherwise pick another.",
                    buttons=[{"title": "Forgot username", "payload": "/forgot_username"},
                             {"title": "Forgot password", "payload": "/forgot_password"}])
            else:
                dispatcher.utter_message(text=f"That username won't work. {USERNAME_RULES}")
            return {"new_username": None}
        dispatcher.utter_message(text=f"Good news: {username} is available.")
        return {"new_username": username}

    async def extract_new_email(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                                domain: DomainDict) -> dict[str, Any]:
        return email_in(tracker, "new_email")

    async def validate_new_email(self, value: Any, dispatcher: CollectingDispatcher,
                                 tracker: Tracker, domain: DomainDict) -> dict[str, Any]:
        if value == INVALID:
            dispatcher.utter_message(text=EMAIL_HINT)
            return {"new_email": None}
        return {"new_email": value}


class ActionCreateAccount(FlowFinish):
    flow_label = "creating your account"
    flow_slots = ("new_username", "new_email")

    def name(self) -> str:
        return "action_create_account"

    async def finish(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                     domain: DomainDict) -> list[EventType]:
        username = tracker.get_slot("new_username")
        email = tracker.get_slot("new_email")
        if not username or not email:
            return []
        try:
            await client_for(tracker, with_token=False).create_account(str(username), str(email))
        except BackendUnavailable:
            dispatcher.utter_message(
                text=BACKEND_DOWN + " Say \"create an account\" again when you're ready.")
            return []
        except BackendError as exc:
            if exc.code == "username_taken":
                dispatcher.utter_message(text="Someone took that username a moment ago. "
                                              "Say \"create an account\" to pick another.")
            elif exc.code == "email_in_use":
                dispatcher.utter_message(
                    text="That email address is already on a certification account, and "
                         "each person has one username, so I didn't create another. I've "
                         "emailed the username on it to that address. Sign in with it (I'll "
                         "email you a code), or say \"forgot password\" if you need a new "
                         "password.",
                    buttons=[{"title": "Sign in", "payload": "/sign_in"},
                             {"title": "Forgot password", "payload": "/forgot_password"}])
            elif exc.code == "invalid_email":
                dispatcher.utter_message(text="The system didn't accept that email address. "
                                              "Say \"create an account\" to try again.")
            elif exc.code == "rate_limited":
                dispatcher.utter_message(text="Too many accounts were requested from here "
                                              "just now. Please try again later.")
            else:
                dispatcher.utter_message(text="I couldn't create the account: "
                                              f"{exc.message or exc.code}")
            return []
        dispatcher.utter_message(
            text=f"Your account {username} {CREATED} I've emailed a link to set your "
                 "password to the address you gave. Open it to choose your password; never "
                 "share it here.")
        dispatcher.utter_message(
            text="Remember: don't create more than one username. Multiple usernames block "
                 "access to your profile and records. If you forget it, use Forgot "
                 "Username/Password. Once your password is set, sign in here and link your "
                 "record.",
            buttons=[{"title": "Sign in", "payload": "/sign_in"},
                     HELP_ME_CHOOSE])
        return []


def created_here(tracker: Tracker, within: int = 16, turns: int = 3) -> bool:
    """An account was created in this conversation a moment ago: in its last events, or in
    the answers to the person's last `turns` messages (the creation, or the next steps said
    after it: "and after thats done what do i do to get to my actual record")."""
    if any(e.get("event") == "bot" and CREATED in str(e.get("text") or "")
           for e in tracker.events[-within:]):
        return True
    users = 0
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            users += 1
            if users > turns:
                return False
        elif event.get("event") == "bot" and users and any(
                mark in str(event.get("text") or "") for mark in (CREATED, NEXT_STEPS[:30])):
            return True
    return False


# What to do after creating an account, as the guide orders it.
NEXT_STEPS = ("Next steps: 1. Open the email I sent and set your password (that's the only "
              "place you choose it; the account already exists). 2. Sign in here with your "
              "username and a code I email you. 3. Link your account to your educator record "
              "with your Social Security Number and date of birth. 4. Then apply for the "
              "certificate you need (I can help you choose).")
_ABOUT_NEXT = re.compile(r"\b(next|after(wards?)?|then what|what now|now what|what do i do|"
                         # "so once my account is done how do I actually apply"
                         r"once\s+(my|the|it)\b.{0,30}\bhow\s+do\s+i|"
                         r"social security|ssn|password|log\s*in|sign\s*in|is (it|the account) "
                         r"(made|created|done|real))\b", re.IGNORECASE)


# "and after thats done what do i do to get to my actual record" (a question without its "?")
# "Ok. She says what does she do after she sets the password.", "then what i do next"
_WHAT_DO_I = re.compile(r"\bwhat\s+(do|does|should|can|would)\s+(i|she|he|we)\b|"
                        r"\bwhat\s+(i|she|he|we)\s+(do|need)\b|\bthen\s+what\b|"
                        # "fine. next step for admin cert"
                        r"^\W*(\w+[.!,]\s+)?next\s+steps?\b", re.IGNORECASE)
_ANOTHER_ACCOUNT = re.compile(r"\b(another|second|2nd|new|other)\s+(account|acct|username|login)\b",
                              re.IGNORECASE)


def after_creating(turn: Turn, tracker: Tracker) -> str | None:
    """ "wait, I never picked a password anywhere, is that normal?", "what do I do after I set
    the password?": a question right after an account was created here is about what
    happens next, not a request to reset a password or link a record now."""
    if (turn.is_payload or signed_in(tracker)
            or not (turn.is_question or _WHAT_DO_I.search(turn.text))
            or not _ABOUT_NEXT.search(turn.text) or not created_here(tracker)
            or _ANOTHER_ACCOUNT.search(turn.text)):
        # ("if I forget the password I shouldnt just make another account right?" asks
        # about a second account: the rule answers it)
        return None
    if turn.intent not in ("forgot_password", "link_ssn", "sign_in", "faq", "what_can_you_do",
                           "nlu_fallback", "create_account", "check_status", "view_contact",
                           "check_certificate_status"):
        return None
    return NEXT_STEPS


class ValidateForgotUsernameForm(FlowForm):
    own_intents = frozenset({"forgot_username"})

    def name(self) -> str:
        return "validate_forgot_username_form"

    async def parses(self, slot: str, turn: Turn, tracker: Tracker) -> bool:
        return "@" in turn.text

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> list[EventType]:
        turn = Turn.of(tracker)
        # ("it was jsmith2 at school I think", describing the email: no username)
        name = (username_in(turn, asked=False)
                if tracker.get_slot(REQUESTED_SLOT) == "recovery_email" else None)
        if name and "@" not in turn.text and username_shaped(name):
            # Asked for the email, given a username: they remember it, so sign in with it.
            dispatcher.utter_message(text=f"That looks like your username, so you haven't lost "
                                          f"it: I'll sign you in as {name} instead.")
            return [SlotSet(STOPPED_SLOT, "switch"), SlotSet(SWITCH_SLOT, "sign_in"),
                    SlotSet("signin_username", name), SlotSet(REQUESTED_SLOT, None)]
        return await super().run(dispatcher, tracker, domain)

    async def extract_recovery_email(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                                     domain: DomainDict) -> dict[str, Any]:
        return email_in(tracker, "recovery_email")

    async def validate_recovery_email(self, value: Any, dispatcher: CollectingDispatcher,
                                      tracker: Tracker, domain: DomainDict) -> dict[str, Any]:
        if value == INVALID:
            dispatcher.utter_message(text=EMAIL_HINT)
            return {"recovery_email": None}
        return {"recovery_email": value}


class ActionForgotUsername(FlowFinish):
    flow_label = "looking up your username"
    flow_slots = ("recovery_email",)

    def name(self) -> str:
        return "action_forgot_username"

    async def finish(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                     domain: DomainDict) -> list[EventType]:
        email = str(tracker.get_slot("recovery_email") or "")
        if not email:
            return []
        try:
            await client_for(tracker, with_token=False).forgot_username(email)
        except BackendUnavailable:
            dispatcher.utter_message(text=BACKEND_DOWN)
            return []
        except BackendError:
            dispatcher.utter_message(text="Too many requests. Please try again in a few minutes.")
            return []
        dispatcher.utter_message(
            text="If an account uses that email address, we've emailed its username there. "
                 "Please don't create a new username: sign in with that one.",
            buttons=[{"title": "Sign in", "payload": "/sign_in"},
                     {"title": "Forgot password", "payload": "/forgot_password"}])
        return []


class ValidateForgotPasswordForm(FlowForm):
    own_intents = frozenset({"forgot_password"})

    def name(self) -> str:
        return "validate_forgot_password_form"

    async def parses(self, slot: str, turn: Turn, tracker: Tracker) -> bool:
        return username_in(turn) is not None

    async def extract_recovery_username(self, dispatcher: CollectingDispatcher,
                                        tracker: Tracker, domain: DomainDict) -> dict[str, Any]:
        return username_slot(tracker, "recovery_username")

    async def validate_recovery_username(self, value: Any, dispatcher: CollectingDispatcher,
                                         tracker: Tracker, domain: DomainDict) -> dict[str, Any]:
        if value == INVALID or not looks_like_username(str(value)):
            dispatcher.utter_message(
                text=f"That doesn't look like a username. {USERNAME_RULES} If you've forgotten "
                     "your username too, say \"forgot username\".")
            return {"recovery_username": None}
        return {"recovery_username": value}


class ActionForgotPassword(FlowFinish):
    flow_label = "the password reset"
    flow_slots = ("recovery_username",)

    def name(self) -> str:
        return "action_forgot_password"

    async def finish(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                     domain: DomainDict) -> list[EventType]:
        username = str(tracker.get_slot("recovery_username") or "")
        if not username:
            return []
        try:
            await client_for(tracker, with_token=False).forgot_password(username)
        except BackendUnavailable:
            dispatcher.utter_message(text=BACKEND_DOWN)
            return []
        except BackendError:
            dispatcher.utter_message(text="Too many requests. Please try again in a few minutes.")
            return []
        dispatcher.utter_message(
            text="If that username exists, we've emailed a link to reset the password to the "
                 "email address on file. The link lets you choose a new password; it works "
                 "once.")
        return []


class ValidateSigninForm(SignInMixin):
    own_intents = frozenset({"sign_in"})

    def name(self) -> str:
        return "validate_signin_form"

    async def required_slots(self, domain_slots: list[str], dispatcher: CollectingDispatcher,
                             tracker: Tracker, domain: DomainDict) -> list[str]:
        return self.auth_slots(tracker)


async def sign_out(tracker: Tracker, dispatcher: CollectingDispatcher) -> list[EventType]:
    """Revoke the token and forget it (the router's answer to "sign out")."""
    if not signed_in(tracker):
        dispatcher.utter_message(text="You aren't signed in. What would you like to do?",
                                 buttons=MAIN_MENU)
        return sign_out_events()
    try:
        await client_for(tracker).logout()
    except (BackendUnavailable, BackendError):
        # The token is forgotten here either way; it also expires on its own.
        logger.info("logout call failed; token dropped locally")
    dispatcher.utter_message(text="You're signed out.")
    return sign_out_events() + [SlotSet("pending_request", None)]
