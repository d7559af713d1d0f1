"""Conversation basics: human handoff, acknowledgements, stopping a form, the fallback's
"did you mean" question and the questions the forms ask."""

from __future__ import annotations

import logging
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.apply import WA_CHOICES, WA_QUESTIONS
from actions.backend_client import BackendError, BackendUnavailable
from actions.common import MAIN_MENU, client_for, latest_intent, yes_no_buttons

logger = logging.getLogger(__name__)

SECRET_SLOTS = ("ssn", "date_of_birth", "signin_code")

INTENT_LABELS = {
    "create_account": "create an account", "forgot_username": "recover your username",
    "forgot_password": "reset your password", "sign_in": "sign in", "sign_out": "sign out",
    "request_access": "request system access", "link_ssn": "link your SSN",
    "save_legal_name": "save your legal name", "view_contact": "see your contact info",
    "edit_contact": "edit your contact info",
    "change_personal_info": "change your name, SSN, birth date or gender",
    "which_application": "find out which application you need", "apply": "apply",
    "check_status": "check a status", "check_application_status": "check your applications",
    "check_background_status": "check your background clearance",
    "check_education_status": "check your education records",
    "check_assessments": "see your assessment scores",
    "check_certificate_status": "check your certificates", "add_college": "add a college",
    "human_handoff": "talk to a person",
    "what_can_you_do": "hear what I can do", "bot_challenge": "know whether I'm a bot",
}


class ActionHandoff(Action):
    def name(self) -> str:
        return "action_handoff"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> list[EventType]:
        channel = tracker.get_latest_input_channel() or "rest"
        try:
            handoff = await client_for(tracker, with_token=False).create_handoff(
                tracker.sender_id, channel, reason="user asked for a person")
        except (BackendUnavailable, BackendError):
            dispatcher.utter_message(
                text="I couldn't reach the help desk system just now. Please try again in a "
                     "few minutes, or contact Educator Certification directly.")
            return []
        dispatcher.utter_message(
            text="I've asked the help desk to take over. A staff member will read this "
                 "conversation and reply here in this chat, usually within one business day. "
                 f"Your reference is {handoff.get('id')}. Please don't share your SSN or "
                 "password in the chat.")
        return []


class ActionAcknowledge(Action):
    """A yes, no, stop or bare answer with nothing open to apply it to."""

    def name(self) -> str:
        return "action_acknowledge"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> list[EventType]:
        intent = latest_intent(tracker)
        text = "Okay." if intent in ("affirm", "deny", "stop") else "Thanks."
        dispatcher.utter_message(text=f"{text} What would you like to do?", buttons=MAIN_MENU)
        return []


class ActionFormStopped(Action):
    def name(self) -> str:
        return "action_form_stopped"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> list[EventType]:
        dispatcher.utter_message(text="Okay, I've stopped that. What would you like to do "
                                      "instead?", buttons=MAIN_MENU)
        events: list[EventType] = [SlotSet(s, None) for s in SECRET_SLOTS]
        events.append(SlotSet("pending_request", None))
        if not tracker.get_slot("access_token"):
            # A sign-in that was not finished starts again from the username next time.
            events.append(SlotSet("signin_username", None))
        return events


class ActionDefaultAskAffirmation(Action):
    """The two-stage fallback's first question, in words rather than intent names."""

    def name(self) -> str:
        return "action_default_ask_affirmation"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> list[EventType]:
        ranking = (tracker.latest_message or {}).get("intent_ranking") or []
        # Only offer intents that mean a request; "yes", "no" or a bare answer would not.
        # A "/faq" button would bypass the ResponseSelector (no answer), so faq is left out.
        candidates = [r.get("name") for r in ranking
                      if r.get("name") in INTENT_LABELS and r.get("name") != "faq"]
        if not candidates:
            dispatcher.utter_message(text="Sorry, I didn't get that. Could you say it another "
                                          "way, or pick one of these?", buttons=MAIN_MENU)
            return []
        intent = str(candidates[0])
        label = INTENT_LABELS.get(intent, intent.replace("_", " "))
        payload = f"/{intent}"
        dispatcher.utter_message(
            text=f"Sorry, I'm not sure I understood. Did you want to {label}?",
            buttons=[{"title": "Yes", "payload": payload},
                     {"title": "No", "payload": "/out_of_scope"}])
        return []


# ---- the questions the forms ask (text, buttons) ----
SKIP = [{"title": "Skip", "payload": "skip"}]
ASK: dict[str, tuple[str, list[dict[str, Any]] | None]] = {
    "signin_username": ("What is your username?", None),
    "signin_code": ("Please type the 6-digit code from the email.",
                    [{"title": "Send a new code", "payload": "resend"}]),
    "new_username": ("What username would you like? It must be 4-30 letters, digits, dots, "
                     "dashes or underscores and start with a letter. Create only one "
                     "username: more than one blocks access to your records.", None),
    "new_email": ("What email address should we use? We'll email you a link to set your "
                  "password there (I never ask for passwords here).", None),
    "recovery_email": ("What email address did you use for your account?", None),
    "recovery_username": ("What is your username?", None),
    "ssn": ("Please type your Social Security Number, like 123-45-6789. I use it only to "
            "find your record and won't repeat it.", None),
    "date_of_birth": ("And your date of birth? Type it as MM/DD/YYYY.", None),
    "first_name": ("What is your legal first name? Use your proper/legal name, no "
                   "nicknames.", None),
    "middle_name": ("Your legal middle name? Choose Skip if you have none.", SKIP),
    "last_name": ("Your legal last name?", None),
    "contact_email": ("What email address should Educator Certification use? It's "
                      "required, because all correspondence is sent by email.", None),
    "contact_phone": ("A phone number? (optional)", SKIP),
    "contact_address": ("Your mailing address as: street, city, state ZIP? (optional)", SKIP),
    "college_name": ("What is the name of the college or university?", None),
    "college_city": ("In which city is it?", None),
    "college_state": ("In which state? (for example MO)", None),
    "wa_holds_cert": (WA_QUESTIONS["wa_holds_cert"], yes_no_buttons()),
}
for _slot in ("wa_goal", "wa_expiry", "wa_prep", "wa_path"):
    ASK[_slot] = (WA_QUESTIONS[_slot],
                  [{"title": title, "payload": title} for _v, title, _k in WA_CHOICES[_slot]])


def _make_ask_action(slot: str, text: str,
                     buttons: list[dict[str, Any]] | None) -> type[Action]:
    async def run(self: Action, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> list[EventType]:
        dispatcher.utter_message(text=text, buttons=buttons or [])
        return []

    return type(f"ActionAsk_{slot}", (Action,), {
        "name": lambda self: f"action_ask_{slot}",
        "run": run,
    })


ASK_ACTIONS = [_make_ask_action(slot, text, buttons) for slot, (text, buttons) in ASK.items()]


class ActionDefaultAskRephrase(Action):
    """The two-stage fallback's second step, when the user said the guess was wrong."""

    def name(self) -> str:
        return "action_default_ask_rephrase"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> list[EventType]:
        dispatcher.utter_message(
            text="Sorry, I didn't get that. Could you say it another way? Or pick one:",
            buttons=MAIN_MENU)
        return []
