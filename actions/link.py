"""Link the account to the educator record with SSN and date of birth.

The SSN and date of birth live in slots only between the user's answer and the
backend call: the finishing action clears them whatever the outcome, and they are
never repeated back to the user.
"""

from __future__ import annotations

import logging
import re
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import EventType, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.answers import name_on_handoffs
from actions.asks import INTRO_SLOT
from actions.backend_client import BackendError, BackendUnavailable
from actions.common import (
    BACKEND_DOWN,
    HELP_ME_CHOOSE,
    client_for,
    form_texts,
    latest_text,
    session_expired,
)
from actions.flow import STOPPED_SLOT, FlowFinish
from actions.parsing import (
    date_of_birth_refusal,
    parse_date_of_birth,
    parse_ssn,
    ssn_refusal,
)
from actions.profile import NONE, legal_name_in
from actions.reference import mailing_address
from actions.signin import INVALID, SignInMixin
from actions.turns import Turn
from pii import identity
from pii.identity import MONTHS

logger = logging.getLogger(__name__)

SECRET_SLOTS = ("ssn", "date_of_birth")
_MONTH_WORD = re.compile(r"\b(" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\b",
                         re.IGNORECASE)


_DOB_REFUSALS = {
    identity.DOB_FUTURE: "That date of birth is in the future.",
    identity.DOB_TOO_YOUNG: f"That date would make you younger than {identity.MIN_AGE}.",
    identity.DOB_TOO_OLD: f"That date would make you older than {identity.MAX_AGE}.",
}


ALREADY_LINKED = "already_linked"  # the flow_stopped value: nothing to link


def clear_secrets() -> list[EventType]:
    return [SlotSet(slot, None) for slot in SECRET_SLOTS]


class ValidateLinkForm(SignInMixin):
    own_intents = frozenset({"link_ssn"})

    def name(self) -> str:
        return "validate_link_form"

    async def required_slots(self, domain_slots: list[str], dispatcher: CollectingDispatcher,
                             tracker: Tracker, domain: DomainDict) -> list[str]:
        return self.auth_slots(tracker) + ["ssn", "date_of_birth"]

    async def validate_signin_code(self, value: Any, dispatcher: CollectingDispatcher,
                                   tracker: Tracker, domain: DomainDict) -> dict[str, Any]:
        """Signed in: an account already linked has nothing to link (its Educator ID is
        said, and the form ends)."""
        result = await super().validate_signin_code(value, dispatcher, tracker, domain)
        token = result.get("access_token")
        if not token:
            return result
        try:
            me = await client_for(tracker, token=str(token)).me()
        except (BackendUnavailable, BackendError):
            return result  # the link itself will say what is wrong
        if me.get("linked"):
            dispatcher.utter_message(
                text="Your account is already linked to your educator record (Educator ID "
                     f"{me.get('educator_id')}), so there's nothing more to link.")
            return {**result, STOPPED_SLOT: ALREADY_LINKED}
        return result

    async def parses(self, slot: str, turn: Turn, tracker: Tracker) -> bool:
        # Anything with digits typed where it is asked is an attempt at the answer (refused
        # with a hint if it does not parse), never a question to route elsewhere. Asked for
        # something else, only a real SSN or date counts ("I had them done in 2015" is not).
        asked = tracker.get_slot("requested_slot") == slot
        if slot == "ssn":
            # (a numbered list, "1) Why do you need it? 2) Will it be shown?", is no attempt)
            digits = sum(c.isdigit() for c in turn.text)
            if asked and digits < 7 and "?" in turn.text and turn.words > 6:
                # "Why does everybody want my social? ... stolen once in 2019": a question
                # with a year in it, no attempt at the number
                return False
            return digits >= 3 if asked else parse_ssn(turn.text) is not None
        if slot == "date_of_birth":
            return ((any(c.isdigit() for c in turn.text) or bool(_MONTH_WORD.search(turn.text)))
                    if asked else parse_date_of_birth(turn.text) is not None)
        return await super().parses(slot, turn, tracker)

    async def extract_ssn(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                          domain: DomainDict) -> dict[str, Any]:
        requested = tracker.get_slot("requested_slot")
        if requested is None and tracker.get_slot("ssn") is None:
            # "Link my educator record. SSN 123-45-6789": given before it was asked.
            ssn = parse_ssn(latest_text(tracker))
            return {"ssn": ssn} if ssn else {}
        if requested != "ssn":
            return {}
        return {"ssn": parse_ssn(latest_text(tracker)) or INVALID}

    async def validate_ssn(self, value: Any, dispatcher: CollectingDispatcher,
                           tracker: Tracker, domain: DomainDict) -> dict[str, Any]:
        if not value or value == INVALID:
            if ssn_refusal(latest_text(tracker)) == identity.SSN_NEVER_ISSUED:
                text = ("That number was never issued as a Social Security Number. Please "
                        "check it and type your 9-digit SSN again.")
            else:
                text = ("That doesn't look like a Social Security Number. Please type the 9 "
                        "digits, for example 123-45-6789.")
            dispatcher.utter_message(text=text)
            return {"ssn": None}
        return {"ssn": value}

    async def extract_date_of_birth(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                                    domain: DomainDict) -> dict[str, Any]:
        requested = tracker.get_slot("requested_slot")
        text = latest_text(tracker)
        if requested in ("ssn", None) and tracker.get_slot("date_of_birth") is None:
            # Both given in one message (or given before they were asked): take the date too.
            dob = parse_date_of_birth(text)
            return {"date_of_birth": dob} if dob else {}
        if requested != "date_of_birth":
            return {}
        return {"date_of_birth": parse_date_of_birth(text) or INVALID}

    async def validate_date_of_birth(self, value: Any, dispatcher: CollectingDispatcher,
                                     tracker: Tracker, domain: DomainDict) -> dict[str, Any]:
        if not value or value == INVALID:
            reason = date_of_birth_refusal(latest_text(tracker))
            if reason in _DOB_REFUSALS:
                text = _DOB_REFUSALS[reason] + " Please check it and type it again."
            else:
                text = ("I couldn't read that date. Please type your date of birth like "
                        "01/31/1990 (month, day, year).")
            dispatcher.utter_message(text=text)
            return {"date_of_birth": None}
        return {"date_of_birth": value}


class ActionLinkSsn(FlowFinish):
    flow_label = "linking your record"
    flow_slots = SECRET_SLOTS

    def name(self) -> str:
        return "action_link_ssn"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> list[EventType]:
        if tracker.get_slot(STOPPED_SLOT) == ALREADY_LINKED:
            # (said when signing in) what the person asked for besides, if anything
            dispatcher.utter_message(text="What would you like to do next?", buttons=[
                {"title": "Apply", "payload": "/apply"},
                {"title": "Check my status", "payload": "/check_status"}])
            return [SlotSet(s, None) for s in self.flow_slots] + [SlotSet(STOPPED_SLOT, None)]
        return await super().run(dispatcher, tracker, domain)

    async def finish(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                     domain: DomainDict) -> list[EventType]:
        ssn = tracker.get_slot("ssn")
        dob = tracker.get_slot("date_of_birth")
        if not ssn or not dob:
            return []
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
                text=BACKEND_DOWN + " Say \"link my SSN\" to try again.")
            return []
        except BackendError as exc:
            expired = session_expired(dispatcher, exc)
            if expired is not None:
                return expired
            dispatcher.utter_message(**_refusal(exc.code))
            return []
        educator_id = result.get("educator_id")
        await name_on_handoffs(tracker, tracker.get_slot("access_token"))
        dispatcher.utter_message(
            text=f"Your account is now linked to your educator record. Your Educator ID is "
                 f"{educator_id}. Use it instead of your SSN when you contact us, and write "
                 f"it on anything you mail to {await mailing_address(tracker)}, such as "
                 "transcripts.")
        name = next((found for found in map(legal_name_in, form_texts(tracker, "link_form"))
                     if found), None)
        if name:
            # "ssn 929 20 5421 birthday 11/25/1966. and put my real name Robert Hutchins on
            # it": the name given beside them is saved next (the name form confirms it)
            first, middle, last = name
            return [SlotSet("first_name", first), SlotSet("middle_name", middle or NONE),
                    SlotSet("last_name", last),
                    SlotSet(INTRO_SLOT, "You also gave your legal name, so let's save it."),
                    FollowupAction("name_form")]
        dispatcher.utter_message(
            text="Next, save your legal name and check your contact information, or pick an "
                 "application.",
            buttons=[{"title": "Save my legal name", "payload": "/save_legal_name"},
                     HELP_ME_CHOOSE,
                     {"title": "Apply", "payload": "/apply"}])
        return []


def _refusal(code: str) -> dict[str, Any]:
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
                "buttons": [{"title": "How do I change it?",
                             "payload": "/change_personal_info"}]}
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
    return {"text": "I couldn't link your record just now. Please try again later.",
            "buttons": [{"title": "Talk to a person", "payload": "/human_handoff"}]}
