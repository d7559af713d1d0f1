"""Helpers shared by the actions: the backend client for a conversation, wording."""

from __future__ import annotations

import logging
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.backend_client import BackendClient, BackendError

logger = logging.getLogger(__name__)

MAILING_ADDRESS = "Educator Certification, P.O. Box 480, Jefferson City, MO 65102"
POPUP_NOTE = (
    "Note: your browser must allow pop-ups to view the application checklist on the portal."
)
BACKEND_DOWN = (
    "Sorry, the certification system isn't answering right now. Nothing you've told me "
    "is lost: please try again in a few minutes."
)
TRY_AGAIN_BUTTONS = [{"title": "Talk to a person", "payload": "/human_handoff"}]

# Intents that mean "the user is asking something else", not answering the form.
INTERRUPTIONS = {
    "faq", "greet", "goodbye", "thanks", "bot_challenge", "what_can_you_do", "out_of_scope",
    "human_handoff", "stop", "create_account", "forgot_username", "forgot_password",
    "sign_in", "sign_out", "request_access", "link_ssn", "save_legal_name", "view_contact",
    "edit_contact", "change_personal_info", "which_application", "apply", "check_status",
    "check_application_status", "check_background_status", "check_education_status",
    "check_assessments", "check_certificate_status", "add_college",
}

MAIN_MENU = [
    {"title": "Create an account", "payload": "/create_account"},
    {"title": "Sign in", "payload": "/sign_in"},
    {"title": "Link my SSN", "payload": "/link_ssn"},
    {"title": "Which application do I need?", "payload": "/which_application"},
    {"title": "Apply", "payload": "/apply"},
    {"title": "Check my status", "payload": "/check_status"},
    {"title": "Talk to a person", "payload": "/human_handoff"},
]


def client_for(tracker: Tracker, with_token: bool = True) -> BackendClient:
    token = tracker.get_slot("access_token") if with_token else None
    return BackendClient(client_id=tracker.sender_id, token=token)


def latest_text(tracker: Tracker) -> str:
    return str((tracker.latest_message or {}).get("text") or "")


def latest_intent(tracker: Tracker) -> str:
    intent = (tracker.latest_message or {}).get("intent") or {}
    return str(intent.get("name") or "")


def is_interruption(tracker: Tracker) -> bool:
    return latest_intent(tracker) in INTERRUPTIONS


def signed_in(tracker: Tracker) -> bool:
    return bool(tracker.get_slot("access_token"))


def sign_out_events() -> list[EventType]:
    return [SlotSet("access_token", None), SlotSet("signin_username", None),
            SlotSet("signin_code", None)]


def session_expired(dispatcher: CollectingDispatcher, exc: BackendError) -> list[EventType] | None:
    """A 401 means the token ended: forget it and say how to sign in again."""
    if exc.status == 401:
        dispatcher.utter_message(
            text="Your sign-in has expired. Please sign in again and ask me once more.",
            buttons=[{"title": "Sign in", "payload": "/sign_in"}],
        )
        return sign_out_events()
    return None


def yes_no(tracker: Tracker) -> bool | None:
    """Yes/No from a button (/affirm, /deny), the intent or the words."""
    intent = latest_intent(tracker)
    text = latest_text(tracker).strip().lower().strip(".!")
    if intent == "affirm" or text in {"yes", "y", "yeah", "yep", "/affirm", "true"}:
        return True
    if intent == "deny" or text in {"no", "n", "nope", "/deny", "false"}:
        return False
    return None


def yes_no_buttons() -> list[dict[str, Any]]:
    return [{"title": "Yes", "payload": "/affirm"}, {"title": "No", "payload": "/deny"}]
