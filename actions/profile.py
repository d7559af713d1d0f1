"""Profile: legal name, contact information, colleges, and requests to change what can't be."""

from __future__ import annotations

import logging
import re
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
from actions.parsing import (
    is_skip,
    looks_like_ssn,
    parse_address,
    parse_email,
    parse_phone,
    parse_state,
)
from actions.signin import SignInMixin
from actions.status import refusal_text

logger = logging.getLogger(__name__)

NONE = "none"
NAME_RE = re.compile(r"^[A-Za-z][A-Za-z .'\-]{0,49}$")

PERSONAL_CHANGE_TEXT = (
    "Your name, SSN, date of birth and gender can't be changed in the portal or in this "
    "chat. To change them:\n"
    "1. Fill in the Update Personal/Education Information Form.\n"
    "2. Attach supporting documents (for a name change, e.g. a marriage certificate, "
    "divorce decree or court order).\n"
    "3. Write your Educator ID on it.\n"
    f"4. Mail it to {MAILING_ADDRESS}."
)


def _free_text(tracker: Tracker, slot: str, allow_skip: bool = False) -> dict[str, Any]:
    if tracker.get_slot("requested_slot") != slot:
        return {}
    text = latest_text(tracker).strip()
    if allow_skip and is_skip(text):
        return {slot: NONE}
    if not text or text.startswith("/") or is_interruption(tracker):
        return {}
    return {slot: text}


class ValidateNameForm(SignInMixin, FormValidationAction):
    def name(self) -> str:
        return "validate_name_form"

    async def required_slots(self, domain_slots: list[str], dispatcher: CollectingDispatcher,
                             tracker: Tracker, domain: DomainDict) -> list[str]:
        return self.auth_slots(tracker) + ["first_name", "middle_name", "last_name"]

    async def extract_first_name(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                                 domain: DomainDict) -> dict[str, Any]:
        return _free_text(tracker, "first_name")

    async def extract_middle_name(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                                  domain: DomainDict) -> dict[str, Any]:
        return _free_text(tracker, "middle_name", allow_skip=True)

    async def extract_last_name(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                                domain: DomainDict) -> dict[str, Any]:
        return _free_text(tracker, "last_name")

    @staticmethod
    def _name(slot: str, value: Any, dispatcher: CollectingDispatcher) -> dict[str, Any]:
        if value == NONE and slot == "middle_name":
            return {slot: NONE}
        text = str(value or "").strip()
        if looks_like_ssn(text) or not NAME_RE.match(text):
            dispatcher.utter_message(text="Please type just the name, using letters only.")
            return {slot: None}
        return {slot: text}

    async def validate_first_name(self, value: Any, dispatcher: CollectingDispatcher,
                                  tracker: Tracker, domain: DomainDict) -> dict[str, Any]:
        return self._name("first_name", value, dispatcher)

    async def validate_middle_name(self, value: Any, dispatcher: CollectingDispatcher,
                                   tracker: Tracker, domain: DomainDict) -> dict[str, Any]:
        return self._name("middle_name", value, dispatcher)

    async def validate_last_name(self, value: Any, dispatcher: CollectingDispatcher,
                                 tracker: Tracker, domain: DomainDict) -> dict[str, Any]:
        return self._name("last_name", value, dispatcher)


class ActionSaveLegalName(Action):
    def name(self) -> str:
        return "action_save_legal_name"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> list[EventType]:
        first = tracker.get_slot("first_name")
        middle = tracker.get_slot("middle_name")
        last = tracker.get_slot("last_name")
        clear = [SlotSet("first_name", None), SlotSet("middle_name", None),
                 SlotSet("last_name", None)]
        if not first or not last:
            return clear
        try:
            await client_for(tracker).save_legal_name(
                str(first), None if middle in (None, NONE) else str(middle), str(last))
        except BackendUnavailable:
            dispatcher.utter_message(text=BACKEND_DOWN + " Say \"save my legal name\" to retry.")
            return []
        except BackendError as exc:
            expired = session_expired(dispatcher, exc)
            if expired is not None:
                return expired
            if exc.code == "immutable_field":
                dispatcher.utter_message(text="Your legal name is already saved and can't be "
                                              "changed here.\n" + PERSONAL_CHANGE_TEXT)
            else:
                dispatcher.utter_message(text=refusal_text(exc))
            return clear
        full = " ".join(str(x) for x in (first, None if middle == NONE else middle, last) if x)
        dispatcher.utter_message(
            text=f"Saved your legal name: {full}.",
            buttons=[{"title": "Edit contact info", "payload": "/edit_contact"},
                     {"title": "Which application do I need?", "payload": "/which_application"}])
        return clear


class ValidateContactForm(SignInMixin, FormValidationAction):
    def name(self) -> str:
        return "validate_contact_form"

    async def required_slots(self, domain_slots: list[str], dispatcher: CollectingDispatcher,
                             tracker: Tracker, domain: DomainDict) -> list[str]:
        return self.auth_slots(tracker) + ["contact_email", "contact_phone", "contact_address"]

    async def extract_contact_email(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                                    domain: DomainDict) -> dict[str, Any]:
        if tracker.get_slot("requested_slot") != "contact_email":
            return {}
        email = parse_email(latest_text(tracker))
        if email:
            return {"contact_email": email}
        return _free_text(tracker, "contact_email")

    async def validate_contact_email(self, value: Any, dispatcher: CollectingDispatcher,
                                     tracker: Tracker, domain: DomainDict) -> dict[str, Any]:
        if not parse_email(str(value or "")):
            dispatcher.utter_message(
                text="An email address is required, because all correspondence from Educator "
                     "Certification is sent by email. Please type it like name@example.com.")
            return {"contact_email": None}
        return {"contact_email": value}

    async def extract_contact_phone(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                                    domain: DomainDict) -> dict[str, Any]:
        return _free_text(tracker, "contact_phone", allow_skip=True) or (
            {"contact_phone": latest_text(tracker)}
            if tracker.get_slot("requested_slot") == "contact_phone"
            and parse_phone(latest_text(tracker)) else {})

    async def validate_contact_phone(self, value: Any, dispatcher: CollectingDispatcher,
                                     tracker: Tracker, domain: DomainDict) -> dict[str, Any]:
        if value == NONE:
            return {"contact_phone": NONE}
        phone = parse_phone(str(value or ""))
        if not phone:
            dispatcher.utter_message(text="Please type a 10-digit phone number, or choose Skip.")
            return {"contact_phone": None}
        return {"contact_phone": phone}

    async def extract_contact_address(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                                      domain: DomainDict) -> dict[str, Any]:
        if tracker.get_slot("requested_slot") != "contact_address":
            return {}
        text = latest_text(tracker)
        if parse_address(text):
            return {"contact_address": text.strip()}
        return _free_text(tracker, "contact_address", allow_skip=True)

    async def validate_contact_address(self, value: Any, dispatcher: CollectingDispatcher,
                                       tracker: Tracker, domain: DomainDict) -> dict[str, Any]:
        if value == NONE:
            return {"contact_address": NONE}
        if not parse_address(str(value or "")):
            dispatcher.utter_message(
                text="Please type the address as: street, city, state ZIP (for example "
                     "12 Main St, Jefferson City, MO 65101), or choose Skip.")
            return {"contact_address": None}
        return {"contact_address": value}


class ActionSaveContact(Action):
    def name(self) -> str:
        return "action_save_contact"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> list[EventType]:
        slots = ("contact_email", "contact_phone", "contact_address")
        clear = [SlotSet(s, None) for s in slots]
        email = tracker.get_slot("contact_email")
        if not email:
            return clear
        client = client_for(tracker)
        try:
            profile = await client.profile()
            contact = {k: v for k, v in (profile.get("contact") or {}).items() if v}
            contact["email"] = email
            phone = tracker.get_slot("contact_phone")
            if phone and phone != NONE:
                contact["mobile_phone"] = phone
            address = tracker.get_slot("contact_address")
            parsed = parse_address(str(address)) if address and address != NONE else None
            if parsed:
                contact.update(parsed)
            await client.save_contact(contact)
        except BackendUnavailable:
            dispatcher.utter_message(text=BACKEND_DOWN + " Say \"edit my contact info\" to retry.")
            return []
        except BackendError as exc:
            expired = session_expired(dispatcher, exc)
            if expired is not None:
                return expired
            if exc.code in ("invalid_email", "email_required", "validation_error"):
                dispatcher.utter_message(text="The system didn't accept that contact "
                                              "information. Please check it and try again.")
            else:
                dispatcher.utter_message(text=refusal_text(exc))
            return clear
        dispatcher.utter_message(
            text="Your contact information is saved. All correspondence from Educator "
                 "Certification goes to that email address.",
            buttons=[{"title": "View contact info", "payload": "/view_contact"}])
        return clear


class ValidateCollegeForm(SignInMixin, FormValidationAction):
    def name(self) -> str:
        return "validate_college_form"

    async def required_slots(self, domain_slots: list[str], dispatcher: CollectingDispatcher,
                             tracker: Tracker, domain: DomainDict) -> list[str]:
        return self.auth_slots(tracker) + ["college_name", "college_city", "college_state"]

    async def extract_college_name(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                                   domain: DomainDict) -> dict[str, Any]:
        return _free_text(tracker, "college_name")

    async def extract_college_city(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                                   domain: DomainDict) -> dict[str, Any]:
        return _free_text(tracker, "college_city")

    async def extract_college_state(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                                    domain: DomainDict) -> dict[str, Any]:
        if tracker.get_slot("requested_slot") != "college_state":
            return {}
        state = parse_state(latest_text(tracker))
        return {"college_state": state} if state else _free_text(tracker, "college_state")

    async def validate_college_state(self, value: Any, dispatcher: CollectingDispatcher,
                                     tracker: Tracker, domain: DomainDict) -> dict[str, Any]:
        state = parse_state(str(value or ""))
        if not state:
            dispatcher.utter_message(text="Please type the state, for example MO or Kansas.")
            return {"college_state": None}
        return {"college_state": state}


class ActionAddCollege(Action):
    def name(self) -> str:
        return "action_add_college"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> list[EventType]:
        slots = ("college_name", "college_city", "college_state")
        values = [tracker.get_slot(s) for s in slots]
        clear = [SlotSet(s, None) for s in slots]
        if not all(values):
            return clear
        try:
            await client_for(tracker).add_college(*(str(v) for v in values))
        except BackendUnavailable:
            dispatcher.utter_message(text=BACKEND_DOWN + " Say \"add a college\" to retry.")
            return []
        except BackendError as exc:
            expired = session_expired(dispatcher, exc)
            if expired is not None:
                return expired
            if exc.code == "college_exists":
                dispatcher.utter_message(text="That college is already on your record.")
            else:
                dispatcher.utter_message(text=refusal_text(exc))
            return clear
        dispatcher.utter_message(
            text=f"Added {values[0]} to your education record. DESE enters everything else "
                 f"when it receives your original transcripts, mailed to {MAILING_ADDRESS}.")
        return clear


class ActionExplainPersonalChange(Action):
    def name(self) -> str:
        return "action_explain_personal_change"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> list[EventType]:
        dispatcher.utter_message(
            text=PERSONAL_CHANGE_TEXT,
            buttons=[{"title": "Edit contact info", "payload": "/edit_contact"},
                     {"title": "Talk to a person", "payload": "/human_handoff"}])
        return []
