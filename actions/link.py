"""Link the account to the educator record with SSN and date of birth.

The SSN and date of birth live in slots only between the user's answer and the
backend call; every outcome except "backend unavailable" clears them (so a retry
after an outage needs no retyping). They are never repeated back to the user.
"""

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
    MAILING_ADDRESS,
    client_for,
    is_interruption,
    latest_text,
    session_expired,
)
from actions.parsing import parse_date_of_birth, parse_ssn
from actions.signin import SignInMixin

logger = logging.getLogger(__name__)

SECRET_SLOTS = ("ssn", "date_of_birth")


def clear_secrets() -> list[EventType]:
    return [SlotSet(slot, None) for slot in SECRET_SLOTS]


class ValidateLinkForm(SignInMixin, FormValidationAction):
    def name(self) -> str:
        return "validate_link_form"

    async def required_slots(self, domain_slots: list[str], dispatcher: CollectingDispatcher,
                             tracker: Tracker, domain: DomainDict) -> list[str]:
        return self.auth_slots(tracker) + ["ssn", "date_of_birth"]

    async def extract_ssn(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                          domain: DomainDict) -> dict[str, Any]:
        if tracker.get_slot("requested_slot") != "ssn":
            return {}
        text = latest_text(tracker)
        ssn = parse_ssn(text)
        if ssn:
            return {"ssn": ssn}
        if any(ch.isdigit() for ch in text) or not (is_interruption(tracker)
                                                     or text.startswith("/")):
            return {"ssn": "__invalid__"}
        return {}

    async def validate_ssn(self, value: Any, dispatcher: CollectingDispatcher,
                           tracker: Tracker, domain: DomainDict) -> dict[str, Any]:
        if not value or value == "__invalid__":
            dispatcher.utter_message(
                text="That doesn't look like a Social Security Number. Please type the 9 "
                     "digits, for example 123-45-6789.")
            return {"ssn": None}
        return {"ssn": value}

    async def extract_date_of_birth(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                                    domain: DomainDict) -> dict[str, Any]:
        requested = tracker.get_slot("requested_slot")
        text = latest_text(tracker)
        if requested == "ssn":
            # Both given in one message: take the date too.
            dob = parse_date_of_birth(text)
            return {"date_of_birth": dob} if dob else {}
        if requested != "date_of_birth":
            return {}
        dob = parse_date_of_birth(text)
        if dob:
            return {"date_of_birth": dob}
        if any(ch.isdigit() for ch in text) or not (is_interruption(tracker)
                                                     or text.startswith("/")):
            return {"date_of_birth": "__invalid__"}
        return {}

    async def validate_date_of_birth(self, value: Any, dispatcher: CollectingDispatcher,
                                     tracker: Tracker, domain: DomainDict) -> dict[str, Any]:
        if not value or value == "__invalid__":
            dispatcher.utter_message(
                text="I couldn't read that date. Please type your date of birth like "
                     "MM/DD/YYYY (month, day, year).")
            return {"date_of_birth": None}
        return {"date_of_birth": value}


class ActionLinkSsn(Action):
    def name(self) -> str:
        return "action_link_ssn"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> list[EventType]:
        ssn = tracker.get_slot("ssn")
        dob = tracker.get_slot("date_of_birth")
        if not ssn or not dob:
            return clear_secrets()
        client = client_for(tracker)
        try:
            try:
                result = await client.link(str(ssn), str(dob))
            except BackendError as exc:
                if exc.code != "access_not_granted":
                    raise
                # The portal's step 2 ("Request Educator Access") comes first: do it for them.
                await client.request_access()
                dispatcher.utter_message(
                    text="I've requested Educator Certification System access for you first.")
                result = await client.link(str(ssn), str(dob))
        except BackendUnavailable:
            dispatcher.utter_message(
                text=BACKEND_DOWN + " Say \"link my SSN\" to retry; I kept what you typed "
                                    "for this session only.")
            return []
        except BackendError as exc:
            expired = session_expired(dispatcher, exc)
            if expired is not None:
                return expired
            dispatcher.utter_message(**_refusal(exc.code, exc.message))
            return clear_secrets()
        educator_id = result.get("educator_id")
        dispatcher.utter_message(
            text=f"Your account is now linked to your educator record. Your Educator ID is "
                 f"{educator_id}. Use it instead of your SSN on anything you mail to "
                 f"{MAILING_ADDRESS}, such as transcripts, and when you contact us.")
        dispatcher.utter_message(
            text="Next, save your legal name or pick an application.",
            buttons=[{"title": "Save my legal name", "payload": "/save_legal_name"},
                     {"title": "Which application do I need?", "payload": "/which_application"},
                     {"title": "Apply", "payload": "/apply"}])
        return clear_secrets()


def _refusal(code: str, message: str) -> dict[str, Any]:
    if code == "ssn_linked_to_other_account":
        return {
            "text": "That SSN and date of birth are already linked to another username. "
                    "This means you already have a username: only one username is allowed "
                    "per person. Use Forgot Username to get it (and Forgot Password if "
                    "needed), and sign in with that one. Please do not create another "
                    "username.",
            "buttons": [{"title": "Forgot username", "payload": "/forgot_username"},
                        {"title": "Forgot password", "payload": "/forgot_password"},
                        {"title": "Talk to a person", "payload": "/human_handoff"}],
        }
    if code == "account_already_linked":
        return {"text": "This username is already linked to an educator record, so there's "
                        "nothing more to link. To correct your SSN or date of birth, send the "
                        "Update Personal/Education Information Form.",
                "buttons": [{"title": "Request a change", "payload": "/change_personal_info"}]}
    if code == "identity_not_verified":
        return {"text": "I couldn't verify those details. Please check them and try again, "
                        "or ask the help desk.",
                "buttons": [{"title": "Try again", "payload": "/link_ssn"},
                            {"title": "Talk to a person", "payload": "/human_handoff"}]}
    if code == "invalid_ssn":
        return {"text": "That SSN isn't valid. Please check it and try again.",
                "buttons": [{"title": "Try again", "payload": "/link_ssn"}]}
    if code == "invalid_date_of_birth":
        return {"text": "That date of birth isn't valid. Please check it and try again.",
                "buttons": [{"title": "Try again", "payload": "/link_ssn"}]}
    if code == "rate_limited":
        return {"text": "Too many attempts. Please wait a while before trying again."}
    return {"text": "I couldn't link your record just now."}
