"""Helpers shared by the actions: the backend client for a conversation, wording."""

from __future__ import annotations

import json
import logging
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.apologies import BACKEND_DOWN as BACKEND_DOWN  # the actions' wording, re-exported
from actions.backend_client import BackendClient, BackendError
from actions.turns import plain_answer, without_courtesy

logger = logging.getLogger(__name__)

OFFER_SLOT = "offer"  # what a "yes" would start, e.g. "apply:substitute"
POPUP_NOTE = (
    "Note: your browser must allow pop-ups to view the application checklist on the portal."
)


def payload(intent: str, **entities: str) -> str:
    """A button payload: `/intent` with the entities Rasa reads from it."""
    return f"/{intent}{json.dumps(entities)}" if entities else f"/{intent}"


HELP_ME_CHOOSE = {"title": "Which application do I need?", "payload": payload("apply", which="yes")}

INTERRUPTED_SLOT = "flow_interrupted"  # set when a question was answered inside a form
# Interruptions after which the question comes again without "Now, back to where we were"
# (nothing else was said, or what was said leads into the question); they are no topic for
# a follow-up either
QUIET_INTERRUPTIONS = frozenset({"back", "change", "why", "repeat"})

MAIN_MENU = [
    {"title": "Create an account", "payload": "/create_account"},
    {"title": "Sign in", "payload": "/sign_in"},
    {"title": "Link my SSN", "payload": "/link_ssn"},
    HELP_ME_CHOOSE,
    {"title": "Apply", "payload": "/apply"},
    {"title": "Check my status", "payload": "/check_status"},
    {"title": "Talk to a person", "payload": "/human_handoff"},
]

YES_WORDS = frozenset({
    "yes", "y", "yeah", "yep", "yup", "yes please", "sure", "ok", "okay", "correct", "right",
    "true", "/affirm", "yes i have", "i have", "yes i do", "i do", "affirmative", "si", "oui",
    "ya", "yea", "of course", "that's right", "thats right", "definitely", "claro",
    "claro que si", "asi es",
})
NO_WORDS = frozenset({
    "no", "n", "nope", "nah", "no thanks", "false", "/deny", "never", "no i have not",
    "i have not", "i haven't", "i havent", "no i haven't", "no i havent", "not really",
    "no i don't", "no i dont", "i don't", "i dont", "none", "negative", "no never",
    "not at all", "no sir", "no maam", "no ma'am", "no gracias",
})


def client_for(tracker: Tracker, with_token: bool = True,
               token: str | None = None) -> BackendClient:
    """The backend as this conversation: signed in with its token (or with `token`, one
    just issued and not yet in the tracker's slots), or anonymous."""
    if token is None and with_token:
        token = tracker.get_slot("access_token")
    return BackendClient(client_id=tracker.sender_id, token=token)


def latest_text(tracker: Tracker) -> str:
    """What the person last typed (without the courtesy after a value: turns.without_courtesy)."""
    return without_courtesy(str((tracker.latest_message or {}).get("text") or ""))


def last_answer(tracker: Tracker) -> list[str]:
    """The texts of the assistant's last answer: its messages since the person's message
    before the one being answered, in order."""
    said: list[str] = []
    users = 0
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            users += 1
            if users >= 2:
                break
        elif event.get("event") == "bot" and users == 1:
            said.insert(0, str(event.get("text") or ""))
    return said


def form_texts(tracker: Tracker, form: str, continued_by: str | None = None) -> list[str]:
    """What the person typed since `form` last started, the message that started it first
    (so that what the first message already said is not lost). A start right after the action
    `continued_by` (the form asking for the next thing the first message named) is no new
    start: the texts go back to the one before it."""
    texts: list[str] = []
    events = tracker.events
    for i in range(len(events) - 1, -1, -1):
        event = events[i]
        kind = event.get("event")
        if kind == "user":
            texts.append(str(event.get("text") or ""))
        elif kind == "active_loop" and event.get("name") == form:
            before = next((e for e in reversed(events[:i]) if e.get("event") == "action"
                           and e.get("name") != form), {})
            if continued_by and before.get("name") == continued_by:
                continue
            started = next((e for e in reversed(events[:i]) if e.get("event") == "user"), None)
            if started is not None:
                texts.append(str(started.get("text") or ""))
            break
    return texts[::-1]


def latest_intent(tracker: Tracker) -> str:
    intent = (tracker.latest_message or {}).get("intent") or {}
    return str(intent.get("name") or "")


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
    """Yes/No from a button (/affirm, /deny), or the words typed."""
    text = plain_answer(latest_text(tracker))
    if text in YES_WORDS or text.startswith("/affirm"):
        return True
    if text in NO_WORDS or text.startswith("/deny"):
        return False
    intent = latest_intent(tracker)
    confidence = float(((tracker.latest_message or {}).get("intent") or {}).get("confidence")
                       or 0.0)
    if len(text.split()) <= 4 and confidence >= 0.8:
        if intent == "affirm":
            return True
        if intent == "deny":
            return False
    return None


def yes_no_buttons() -> list[dict[str, Any]]:
    return [{"title": "Yes", "payload": "/affirm"}, {"title": "No", "payload": "/deny"}]


# What each look at one's own records is called, and where it is on the state's portal
TOPICS = {
    "check_status": "status",
    "check_application_status": "application status and memo",
    "check_background_status": "background clearance",
    "check_education_status": "education records",
    "check_assessments": "assessment scores",
    "check_certificate_status": "certificate",
    "view_contact": "contact information",
    "educator_id": "Educator ID",
    "sign_in": "",
}
# Where the same thing is on the state's portal, said while signing the person in.
PORTAL_PLACES = {
    "check_application_status": "the Application Status bar; the Memo is at the bottom "
                                "of each application",
    "check_background_status": "the Fingerprint Information bar on your Profile page",
    "check_education_status": "Education in the left menu",
    "check_assessments": "the Assessments bar on your Profile page",
    "check_certificate_status": "the Certificate Status bar, then View Certificate to print",
    "educator_id": "your Profile page, below your SSN",
    # (where a new application is: the guide's "New Applications" menu; or here in the chat)
    "new_application": "\"New Applications\" in the menu on the left side of your Profile page (or "
             "apply right here: say \"apply\")",
}
