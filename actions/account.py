"""Account flows: create an account, forgot username/password, sign in and out."""

from __future__ import annotations

import logging
from typing import Any

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.backend_client import BackendError, BackendUnavailable
from actions.common import (
    BACKEND_DOWN,
    client_for,
    is_interruption,
    latest_text,
    sign_out_events,
    signed_in,
)
from actions.parsing import looks_like_password, looks_like_username, parse_email
from actions.signin import SignInMixin, extract_username_like

logger = logging.getLogger(__name__)

USERNAME_RULES = ("Usernames are 4-30 characters: letters, digits, dots, dashes or "
                  "underscores, starting with a letter.")
PASSWORD_WARNING = ("Please don't type passwords in this chat. I never need your password: "
                    "you set it on the secure page linked in the email.")


def extract_email_like(tracker: Tracker, slot: str) -> dict[str, Any]:
    if tracker.get_slot("requested_slot") != slot:
        return {}
    text = latest_text(tracker)
    email = parse_email(text)
    if email:
        return {slot: email}
    if is_interruption(tracker) or text.startswith("/"):
        return {}
    return {slot: "__invalid__"}


class ValidateAccountForm(FormValidationAction):
    def name(self) -> str:
        return "validate_account_form"

    async def extract_new_username(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                                   domain: DomainDict) -> dict[str, Any]:
        if tracker.get_slot("requested_slot") == "new_username" and looks_like_password(
                latest_text(tracker)):
            return {"new_username": "__password__"}
        return extract_username_like(tracker, "new_username")

    async def validate_new_username(self, value: Any, dispatcher: CollectingDispatcher,
                                    tracker: Tracker, domain: DomainDict) -> dict[str, Any]:
        if value == "__password__":
            dispatcher.utter_message(text=PASSWORD_WARNING)
            return {"new_username": None}
        username = str(value)
        if not looks_like_username(username):
            dispatcher.utter_message(text=f"That username won't work. {USERNAME_RULES}")
            return {"new_username": None}
        try:
            result = await client_for(tracker, with_token=False).username_availability(username)
        except BackendUnavailable:
            dispatcher.utter_message(text=BACKEND_DOWN)
            return {"new_username": None}
        except BackendError:
            dispatcher.utter_message(text="I couldn't check that username just now.")
            return {"new_username": None}
        if not result.get("available"):
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
        return extract_email_like(tracker, "new_email")

    async def validate_new_email(self, value: Any, dispatcher: CollectingDispatcher,
                                 tracker: Tracker, domain: DomainDict) -> dict[str, Any]:
        if value == "__invalid__":
            dispatcher.utter_message(text="That doesn't look like an email address. "
                                          "Please type it like name@example.com.")
            return {"new_email": None}
        return {"new_email": value}


class ActionCreateAccount(Action):
    def name(self) -> str:
        return "action_create_account"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> list[EventType]:
        username = tracker.get_slot("new_username")
        email = tracker.get_slot("new_email")
        if not username or not email:
            return []
        try:
            await client_for(tracker, with_token=False).create_account(str(username), str(email))
        except BackendUnavailable:
            dispatcher.utter_message(
                text=BACKEND_DOWN + " Say \"create an account\" again and I'll retry with the "
                                    "same username and email.")
            return []
        except BackendError as exc:
            clear = [SlotSet("new_username", None), SlotSet("new_email", None)]
            if exc.code == "username_taken":
                dispatcher.utter_message(text="Someone took that username a moment ago. "
                                              "Say \"create an account\" to pick another.")
            elif exc.code == "invalid_email":
                dispatcher.utter_message(text="The system didn't accept that email address. "
                                              "Say \"create an account\" to try again.")
            else:
                dispatcher.utter_message(text="I couldn't create the account: "
                                              f"{exc.message or exc.code}")
            return clear
        dispatcher.utter_message(
            text=f"Your account {username} is created. I've emailed a link to set your "
                 "password to the address you gave. Open it to choose your password; never "
                 "share it here.")
        dispatcher.utter_message(
            text="Remember: don't create more than one username. Multiple usernames block "
                 "access to your profile and records. If you forget it, use Forgot "
                 "Username/Password.",
            buttons=[{"title": "Sign in", "payload": "/sign_in"},
                     {"title": "Which application do I need?", "payload": "/which_application"}])
        return [SlotSet("new_username", None), SlotSet("new_email", None)]


class ValidateForgotUsernameForm(FormValidationAction):
    def name(self) -> str:
        return "validate_forgot_username_form"

    async def extract_recovery_email(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                                     domain: DomainDict) -> dict[str, Any]:
        return extract_email_like(tracker, "recovery_email")

    async def validate_recovery_email(self, value: Any, dispatcher: CollectingDispatcher,
                                      tracker: Tracker, domain: DomainDict) -> dict[str, Any]:
        if value == "__invalid__":
            dispatcher.utter_message(text="That doesn't look like an email address. "
                                          "Please type it like name@example.com.")
            return {"recovery_email": None}
        return {"recovery_email": value}


class ActionForgotUsername(Action):
    def name(self) -> str:
        return "action_forgot_username"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> list[EventType]:
        email = str(tracker.get_slot("recovery_email") or "")
        try:
            await client_for(tracker, with_token=False).forgot_username(email)
        except BackendUnavailable:
            dispatcher.utter_message(text=BACKEND_DOWN)
            return []
        except BackendError:
            dispatcher.utter_message(text="Too many requests. Please try again in a few minutes.")
            return [SlotSet("recovery_email", None)]
        dispatcher.utter_message(
            text="If an account uses that email address, we've emailed its username there. "
                 "Please don't create a new username.",
            buttons=[{"title": "Sign in", "payload": "/sign_in"},
                     {"title": "Forgot password", "payload": "/forgot_password"}])
        return [SlotSet("recovery_email", None)]


class ValidateForgotPasswordForm(FormValidationAction):
    def name(self) -> str:
        return "validate_forgot_password_form"

    async def extract_recovery_username(self, dispatcher: CollectingDispatcher,
                                        tracker: Tracker, domain: DomainDict) -> dict[str, Any]:
        return extract_username_like(tracker, "recovery_username")

    async def validate_recovery_username(self, value: Any, dispatcher: CollectingDispatcher,
                                         tracker: Tracker, domain: DomainDict) -> dict[str, Any]:
        if not looks_like_username(str(value)):
            dispatcher.utter_message(text=f"That doesn't look like a username. {USERNAME_RULES}")
            return {"recovery_username": None}
        return {"recovery_username": value}


class ActionForgotPassword(Action):
    def name(self) -> str:
        return "action_forgot_password"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> list[EventType]:
        username = str(tracker.get_slot("recovery_username") or "")
        try:
            await client_for(tracker, with_token=False).forgot_password(username)
        except BackendUnavailable:
            dispatcher.utter_message(text=BACKEND_DOWN)
            return []
        except BackendError:
            dispatcher.utter_message(text="Too many requests. Please try again in a few minutes.")
            return [SlotSet("recovery_username", None)]
        dispatcher.utter_message(
            text="If that username exists, we've emailed a link to reset the password to the "
                 "email address on file. The link lets you choose a new password.")
        return [SlotSet("recovery_username", None)]


class ValidateSigninForm(SignInMixin, FormValidationAction):
    def name(self) -> str:
        return "validate_signin_form"

    async def required_slots(self, domain_slots: list[str], dispatcher: CollectingDispatcher,
                             tracker: Tracker, domain: DomainDict) -> list[str]:
        return self.auth_slots(tracker)


class ActionSignOut(Action):
    def name(self) -> str:
        return "action_sign_out"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> list[EventType]:
        if not signed_in(tracker):
            dispatcher.utter_message(text="You aren't signed in.")
            return sign_out_events()
        try:
            await client_for(tracker).logout()
        except (BackendUnavailable, BackendError):
            # The token is forgotten here either way; it also expires on its own.
            logger.info("logout call failed; token dropped locally")
        dispatcher.utter_message(text="You're signed out.")
        return sign_out_events()

