"""The questions forms ask (`action_ask_<slot>`), each said with what comes before it:
the flow's introduction the first time ("To reset your password I'll email you a link.
What is your username?"), or "back to where we were" after a question in between."""

from __future__ import annotations

from string import Formatter
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.common import INTERRUPTED_SLOT, QUIET_INTERRUPTIONS
from pii import identity

INTRO_SLOT = "flow_intro"  # what the router said a flow is about to do, until it is asked
SKIP = [{"title": "Skip", "payload": "skip"}]
RESEND = [{"title": "Send a new code", "payload": "resend"}]

Buttons = list[dict[str, Any]] | None

ASK: dict[str, tuple[str, Buttons]] = {
    "signin_username": ("What is your username?", None),
    "signin_code": ("Please type the 6-digit code from the email.", RESEND),
    "new_username": ("What username would you like? It must be "
                     f"{identity.USERNAME_MIN_LENGTH}-{identity.USERNAME_MAX_LENGTH} letters, "
                     "digits, dots, dashes or underscores and start with a letter.", None),
    "new_email": ("What email address should we use? I'll email you a link to set your "
                  "password there (I never ask for passwords here).", None),
    "recovery_email": ("What email address did you use for your account?", None),
    "recovery_username": ("What is your username?", None),
    "ssn": ("Please type your Social Security Number, like 123-45-6789.", None),
    "date_of_birth": ("And your date of birth? For example 01/31/1990.", None),
    "first_name": ("What is your legal first name?", None),
    "middle_name": ("Your legal middle name? Choose Skip if you have none.", SKIP),
    "last_name": ("Your legal last name?", None),
    "contact_field": ("What would you like to change: your email, phone number or mailing "
                      "address?", [{"title": "Email", "payload": "email"},
                                   {"title": "Phone number", "payload": "phone"},
                                   {"title": "Mailing address", "payload": "address"}]),
    "college_city": ("In which city is it?", None),
    "college_state": ("In which state? (for example MO or Kansas; for a college abroad, the "
                      "country)", None),
}


async def ask(dispatcher: CollectingDispatcher, tracker: Tracker, text: str,
              buttons: Buttons = None) -> list[EventType]:
    """Ask `text`, after the flow's introduction or a "back to where we were"."""
    events: list[EventType] = []
    prefix = ""
    intro = tracker.get_slot(INTRO_SLOT)
    if intro:
        prefix = f"{intro} "
        events.append(SlotSet(INTRO_SLOT, None))
    interrupted = tracker.get_slot(INTERRUPTED_SLOT)
    if interrupted:
        events.append(SlotSet(INTERRUPTED_SLOT, None))
        if interrupted not in QUIET_INTERRUPTIONS and not intro:
            prefix = "Now, back to where we were. "
    dispatcher.utter_message(text=prefix + text, buttons=buttons or [])
    return events


# The college's questions name it once its name is known ("In which state is State Fair
# Community College (Sedalia)?"), so that a person who typed more than one sees which is meant.
NAMED: dict[str, str] = {
    "college_city": "In which city is {college_name}?",
    "college_state": "In which state is {college_name} ({college_city})? (for example MO or "
                     "Kansas; for a college abroad, the country)",
}


def _named(slot: str, text: str, tracker: Tracker) -> str:
    values = {name: tracker.get_slot(name) for name in ("college_name", "college_city")}
    if slot not in NAMED or not all(values.get(f) for f in _FIELDS[slot]):
        return text
    return NAMED[slot].format(**{k: str(v) for k, v in values.items() if v})


# The slots each named question needs (its placeholders)
_FIELDS = {slot: tuple(field for _, field, _, _ in Formatter().parse(text) if field)
           for slot, text in NAMED.items()}


def make_ask_action(slot: str, text: str, buttons: Buttons) -> type[Action]:
    async def run(self: Action, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> list[EventType]:
        return await ask(dispatcher, tracker, _named(slot, text, tracker), buttons)

    return type(f"ActionAsk_{slot}", (Action,), {
        "name": lambda self: f"action_ask_{slot}",
        "run": run,
    })


ASK_ACTIONS = [make_ask_action(slot, text, buttons) for slot, (text, buttons) in ASK.items()]
