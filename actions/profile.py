"""Profile: legal name, contact information and colleges."""

from __future__ import annotations

import logging
import re
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.answers import answer_inline
from actions.asks import INTRO_SLOT, ask
from actions.backend_client import BackendError, BackendUnavailable
from actions.common import (
    BACKEND_DOWN,
    HELP_ME_CHOOSE,
    client_for,
    form_texts,
    latest_text,
    session_expired,
    signed_in,
)
from actions.flow import FlowFinish
from actions.parsing import (
    EMAIL_RE,
    PHONE_RE,
    address_text,
    is_skip,
    lines_as_parts,
    looks_like_ssn,
    parse_address,
    parse_email,
    parse_phone,
    parse_region,
)
from actions.reference import mailing_address
from actions.signin import INVALID, SignInMixin
from actions.status import college_line, refusal
from actions.turns import Turn

logger = logging.getLogger(__name__)

NONE = "none"
NAME_RE = re.compile(r"^[A-Za-z][A-Za-z .'\-]{0,49}$")
# A name typed with its label: "my first name is Maria", "first: Maria".
_NAME_LEAD = re.compile(
    r"^(?:(?:my|the)\s+)?(?:legal\s+)?(?:first|middle|last|family|given|sur)?\s*name\s*"
    r"(?:is|=|:)?\s*|^it'?s\s+", re.IGNORECASE)


# "legal name is Kayla Brennan. people call me kay", "my full name is Ana Maria Lopez"
_AFTER_NAME = (r"(?:and|but|though|although|people|everyone|everybody|i|my|is|not|so|please|"
               r"thanks?|btw|lol|fyi|pls|plz)\b")
_NAME_WORD = rf"(?!{_AFTER_NAME})[A-Za-z][A-Za-z'\-]*"
_FULL_NAME = re.compile(
    # ("Legal name Marcus Reyes. Not Marc.": no verb, capitals)
    r"\b(?:legal|full)\s+name(?:\s*[=:]|\s+(?:is|should\s+be|will\s+be)|(?=\s+(?-i:[A-Z][a-z])))\s*"
    rf"(?P<name>{_NAME_WORD}(?:\s+{_NAME_WORD}){{1,2}})(?=\s*(?:$|[.,;!?])|\s+{_AFTER_NAME})",
    re.IGNORECASE)


# "my name on there shoud be Margaret Kowalski, thats my legal name", "put my real name Robert
# Hutchins on it"
_NAME_SAID_LEGAL = re.compile(
    r"\b(?:name\b[^.,;!?]{0,25}?\b(?:should|shoud|ought\s+to|needs?\s+to)\s+be|(?:real|legal|"
    r"full|proper)\s+name)\s+"
    rf"(?P<name>{_NAME_WORD}(?:\s+{_NAME_WORD}){{1,2}})(?:\s*[,.;!]?\s*(?:that'?s|thats|it'?s|"
    r"which\s+is|is)\s+my\s+(?:legal|real|full|proper)\s+name\b|\s+on\s+(?:it|there|my\s+"
    r"profile)\b)", re.IGNORECASE)


# "please make sure the profile has my legal name, Margaret Doss. Everyone calls me Meg": after
# a comma, only a name written with its capitals
_LEGAL_NAME_COMMA = re.compile(
    r"(?i:\b(?:legal|full)\s+name)\s*,\s*(?P<name>[A-Z][A-Za-z'\-]+(?:\s+[A-Z][A-Za-z'\-]+){1,2})"
    r"(?=\s*(?:$|[.,;!?]))")


# "its Jennifer Marsh on my drivers license everybody calls me jenny": the name on an ID
_NAME_ON_AN_ID = re.compile(
    rf"\b(?:it'?s|its|it\s+is|name\s+is)\s+(?P<name>{_NAME_WORD}(?:\s+{_NAME_WORD}){{1,2}})\s+"
    r"on\s+(?:my|her|his|the)\s+(?:driver'?s?\s+licen[sc]e|licen[sc]e|id|passport|birth\s+"
    r"certificate|social\s+security\s+card)\b", re.IGNORECASE)


# "In English order, first name is Hyejin and family name is Park"
_FIRST_AND_LAST = re.compile(
    rf"\bfirst\s+name\s*(?:is|:|=)?\s+(?P<first>{_NAME_WORD})\b.{{0,40}}?\b(?:last|family|sur)"
    rf"\s*name\s*(?:is|:|=)?\s+(?P<last>{_NAME_WORD})\b", re.IGNORECASE)


def legal_name_in(text: str) -> tuple[str, str | None, str] | None:
    """The legal name a message states in full (first, middle or None, last), or None."""
    parts = _FIRST_AND_LAST.search(text or "")
    if parts:
        return parts.group("first"), None, parts.group("last")
    m = (_FULL_NAME.search(text or "") or _NAME_SAID_LEGAL.search(text or "")
         or _LEGAL_NAME_COMMA.search(text or "") or _NAME_ON_AN_ID.search(text or ""))
    if not m:
        return None
    parts = m.group("name").split()
    if len(parts) == 2:
        return parts[0], None, parts[1]
    return parts[0], parts[1], parts[2]


def _free_text(tracker: Tracker, slot: str, allow_skip: bool = False) -> dict[str, Any]:
    if tracker.get_slot("requested_slot") != slot:
        return {}
    text = latest_text(tracker).strip()
    if allow_skip and is_skip(text):
        return {slot: NONE}
    return {slot: text or INVALID}


# ---------------------------------------------------------------- legal name
class ValidateNameForm(SignInMixin):
    own_intents = frozenset({"save_legal_name"})
    free_text_slots = frozenset({"first_name", "middle_name", "last_name"})

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
        text = _NAME_LEAD.sub("", str(value or "").strip()).strip(" .!")
        if value == INVALID or looks_like_ssn(text) or not NAME_RE.match(text):
            dispatcher.utter_message(
                text="Please type just the name, using letters (and spaces, hyphens or "
                     "apostrophes) only.")
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


class ActionSaveLegalName(FlowFinish):
    flow_label = "saving your legal name"
    flow_slots = ("first_name", "middle_name", "last_name")

    def name(self) -> str:
        return "action_save_legal_name"

    async def finish(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                     domain: DomainDict) -> list[EventType]:
        first = tracker.get_slot("first_name")
        middle = tracker.get_slot("middle_name")
        last = tracker.get_slot("last_name")
        if not first or not last:
            return []
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
                dispatcher.utter_message(
                    text="Your legal name is already saved and can't be changed here: that "
                         "takes the Update Personal/Education Information Form.",
                    buttons=[{"title": "How do I change it?",
                              "payload": "/change_personal_info"}])
            else:
                dispatcher.utter_message(**refusal(exc))
            return []
        full = " ".join(str(x) for x in (first, None if middle == NONE else middle, last) if x)
        dispatcher.utter_message(
            text=f"Saved your legal name: {full}.",
            buttons=[{"title": "Edit contact info", "payload": "/edit_contact"},
                     HELP_ME_CHOOSE])
        return []


# ---------------------------------------------------------------- contact information
CONTACT_FIELDS = {
    "email": ("email", "e-mail", "mail address"),
    "phone": ("phone", "cell", "mobile", "telephone", "number"),
    "address": ("address", "street", "moved", "move", "zip", "mailing"),
}
CONTACT_ASK = {
    "email": "What is the new email address? All correspondence from Educator "
             "Certification goes there.",
    "phone": "What is the new phone number?",
    "address": "What is the new mailing address? Type it as: street, city, state ZIP.",
}


def contact_field_in(text: str) -> str | None:
    """Which contact field a message is about ("update my phone number" -> phone)."""
    t = (text or "").lower()
    if parse_email(t):
        return "email"
    if parse_address(text or ""):
        return "address"
    if parse_phone(t):
        return "phone"
    named = fields_named(text)
    return named[0] if named else None


# Words that only hint at a field ("we just moved from Naperville, need to update my phone
# number": the phone)
_HINTS = frozenset({"moved", "move"})
# Words of a field that name something else: "update my address over the phone"
_NOT_THE_FIELD = re.compile(r"\b(?:over|on|by)\s+the\s+phone\b|\bphone\s+calls?\b", re.IGNORECASE)


_EMAIL_ADDRESS = re.compile(r"\be-?mail\s+address(?:es)?\b")


def fields_named(text: str) -> list[str]:
    """Every contact field a message names, in the order it names them ("update phone +
    email on my profile" -> phone, email)."""
    t = _NOT_THE_FIELD.sub(" ", (text or "").lower())
    t = _EMAIL_ADDRESS.sub("email", t)  # ("my email address" names the email only)
    first: dict[str, int] = {}
    for field, words in CONTACT_FIELDS.items():
        places = [m.start() for w in words if w not in _HINTS
                  for m in re.finditer(rf"\b{re.escape(w)}\b", t)]
        if places:
            first[field] = min(places)
    if not first and re.search(r"\bmov(ed|e|ing)\b", t):
        return ["address"]  # "we just moved": the address, unless a field is named
    return sorted(first, key=first.__getitem__)


def contact_value_in(field: str, text: str) -> str | None:
    """The new value for `field` in a message, normalised, or None. A message giving two
    numbers corrects itself ("314 555 0192 wait no thats my old one, its 314-555-0176"): the
    last one counts. An address is read from the part of the message without the email
    and the phone numbers, sentence by sentence (its lines, typed one under the other, as
    the parts of one line)."""
    if field == "email":
        return parse_email(text)
    if field == "phone":
        numbers = [m.group(0) for m in PHONE_RE.finditer(text or "")]
        return parse_phone(numbers[-1]) if numbers else None
    if field == "address":
        rest = PHONE_RE.sub(" ", EMAIL_RE.sub(" ", lines_as_parts(text)))
        for part in [rest, *_SENTENCES.split(rest)]:
            match = re.search(r"\d+\s+\S.*$", part)  # "to 12 Main St, ..." -> the address
            candidate = address_text((match.group(0) if match else part).strip())
            if candidate:
                return candidate
    return None


_SENTENCES = re.compile(r"(?<=[a-z0-9])\.\s+|;\s*|\s+and\s+(?=(?:my\s+|the\s+)?(?:phone|"
                        r"cell|number|e-?mail)\b)", re.IGNORECASE)


def contact_values_in(text: str) -> dict[str, str]:
    """Every contact field a message gives a new value for ("new address is 12 Main St,
    Ozark, MO 65721. phone 417-555-0193")."""
    found = {field: contact_value_in(field, text) for field in CONTACT_FIELDS}
    return {field: value for field, value in found.items() if value}


FIELD_LABELS = {"email": "email address", "phone": "phone number",
                "address": "mailing address"}


def _asks_about_contact(turn: Turn) -> bool:
    """ "what email do you have for me": a question about what is on file, not a change."""
    return turn.intent == "view_contact" or turn.is_question or bool(
        re.search(r"\b(what|which|do (you|u) have|show me)\b", turn.text, re.IGNORECASE))


def _other_field(field: str, text: str) -> str | None:
    """A contact field the message gives a value of, or names, that is not `field` (the one
    being changed): an address typed where the phone number was asked."""
    shaped = [f for f in ("email", "address", "phone") if f != field
              and contact_value_in(f, text)]
    if shaped:
        return shaped[0]
    others = [f for f in fields_named(text) if f != field]
    return others[0] if others else None


class ValidateContactForm(SignInMixin):
    own_intents = frozenset({"edit_contact"})
    choice_slots = frozenset({"contact_field"})

    def name(self) -> str:
        return "validate_contact_form"

    async def required_slots(self, domain_slots: list[str], dispatcher: CollectingDispatcher,
                             tracker: Tracker, domain: DomainDict) -> list[str]:
        return self.auth_slots(tracker) + ["contact_field", "contact_value"]

    async def parses(self, slot: str, turn: Turn, tracker: Tracker) -> bool:
        if slot == "contact_field":
            return contact_field_in(turn.text) is not None
        if slot == "contact_value":
            field = str(tracker.get_slot("contact_field") or "")
            return (contact_value_in(field, turn.text) is not None
                    or any(c.isdigit() for c in turn.text) or "@" in turn.text
                    or (_other_field(field, turn.text) is not None
                        and not _asks_about_contact(turn)))
        return await super().parses(slot, turn, tracker)

    async def extract_contact_field(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                                    domain: DomainDict) -> dict[str, Any]:
        if tracker.get_slot("requested_slot") != "contact_field":
            return {}
        return {"contact_field": contact_field_in(latest_text(tracker)) or INVALID}

    async def validate_contact_field(self, value: Any, dispatcher: CollectingDispatcher,
                                     tracker: Tracker, domain: DomainDict) -> dict[str, Any]:
        if value not in CONTACT_FIELDS:
            dispatcher.utter_message(text="Please choose email, phone number or mailing "
                                          "address.")
            return {"contact_field": None}
        text = latest_text(tracker)
        found = contact_value_in(str(value), text)
        if found and not tracker.get_slot("contact_value"):
            # "change my phone to 573-555-0142": the value came with the field.
            return {"contact_field": value, "contact_value": found}
        return {"contact_field": value}

    async def extract_contact_value(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                                    domain: DomainDict) -> dict[str, Any]:
        if tracker.get_slot("requested_slot") != "contact_value":
            return {}
        field = str(tracker.get_slot("contact_field") or "")
        return {"contact_value": contact_value_in(field, latest_text(tracker)) or INVALID}

    async def validate_contact_value(self, value: Any, dispatcher: CollectingDispatcher,
                                     tracker: Tracker, domain: DomainDict) -> dict[str, Any]:
        field = str(tracker.get_slot("contact_field") or "")
        text = latest_text(tracker)
        other = (_other_field(field, text) if (value == INVALID or not value)
                 and not _asks_about_contact(Turn.of(tracker)) else None)
        if other:
            # "I'm keeping my cell number, it's the mailing address that needs changing"
            dispatcher.utter_message(text=f"Okay, your {FIELD_LABELS[other]} then.")
            return {"contact_field": other, "contact_value": contact_value_in(other, text)}
        if value == INVALID or not value:
            hints = {"email": "Please type it like name@example.com.",
                     "phone": "Please type a 10-digit phone number, like 573-555-0142.",
                     "address": "Please type it as: street, city, state ZIP (for example "
                                "12 Main St, Jefferson City, MO 65101)."}
            dispatcher.utter_message(text=f"I couldn't read that. {hints.get(field, '')}")
            return {"contact_value": None}
        return {"contact_value": value}


SAVED = "Saved:"  # how the reply that saved contact information begins


def _fields_left(tracker: Tracker) -> list[str]:
    """The contact fields the message that started the form named and no message since gave
    a value of (nor the one just saved)."""
    # ("I moved so my address and phone changed, and my email too": each one in turn)
    texts = form_texts(tracker, "contact_form", continued_by="action_save_contact")
    if not texts:
        return []
    if any(_CHANGED_MIND.search(text) for text in texts[1:]):
        return []  # "scratch that, I'm keeping my cell number"
    given = {str(tracker.get_slot("contact_field") or "")}
    for text in texts:
        given.update(contact_values_in(text))
    return [f for f in fields_named(texts[0]) if f not in given]


_CHANGED_MIND = re.compile(r"\b(keep\w*|instead|scratch|never\s*mind|nevermind|not\s+the|"
                           r"only\s+the|just\s+the)\b", re.IGNORECASE)


class ActionAskContactValue(Action):
    def name(self) -> str:
        return "action_ask_contact_value"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> list[EventType]:
        field = str(tracker.get_slot("contact_field") or "email")
        return await ask(dispatcher, tracker, CONTACT_ASK.get(field, CONTACT_ASK["email"]))


class ActionSaveContact(FlowFinish):
    flow_label = "updating your contact information"
    flow_slots = ("contact_field", "contact_value")

    def name(self) -> str:
        return "action_save_contact"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> list[EventType]:
        events = await super().run(dispatcher, tracker, domain)
        saved = any(str(m.get("text") or "").startswith(SAVED) for m in dispatcher.messages)
        left = _fields_left(tracker) if saved else []
        if left:
            # "update phone + email on my profile": the other one is asked next
            return events + [SlotSet("contact_field", left[0]),
                             SlotSet(INTRO_SLOT, f"Now your {FIELD_LABELS[left[0]]}."),
                             FollowupAction("contact_form")]
        return events

    async def finish(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                     domain: DomainDict) -> list[EventType]:
        field = str(tracker.get_slot("contact_field") or "")
        value = tracker.get_slot("contact_value")
        if field not in CONTACT_FIELDS or not value:
            return []
        # The other fields given since the form started (its first message included) are
        # saved with it; a later message corrects an earlier one.
        values: dict[str, str] = {}
        for text in form_texts(tracker, "contact_form"):
            values.update(contact_values_in(text))
        values[field] = str(value)
        client = client_for(tracker)
        try:
            profile = await client.profile()
            contact = {k: v for k, v in (profile.get("contact") or {}).items() if v}
            for name, new in values.items():
                if name == "email":
                    contact["email"] = new
                elif name == "phone":
                    contact["mobile_phone"] = new
                else:
                    contact.update(parse_address(new) or {})
            await client.save_contact(contact)
        except BackendUnavailable:
            dispatcher.utter_message(text=BACKEND_DOWN + " Say \"update my contact info\" to "
                                                         "retry.")
            return []
        except BackendError as exc:
            expired = session_expired(dispatcher, exc)
            if expired is not None:
                return expired
            if exc.code in ("invalid_email", "email_required", "validation_error"):
                dispatcher.utter_message(text="The system didn't accept that contact "
                                              "information. Please check it and try again.")
            else:
                dispatcher.utter_message(**refusal(exc))
            return []
        text = SAVED + " " + "; ".join(f"your {FIELD_LABELS[name]} is now {new}"
                                     for name, new in values.items()) + "."
        if "email" in values:
            text += " All correspondence from Educator Certification goes to that address."
        dispatcher.utter_message(
            text=text,
            buttons=[{"title": "Change something else", "payload": "/edit_contact"},
                     {"title": "View contact info", "payload": "/view_contact"}])
        return []


# ---------------------------------------------------------------- colleges
# "Thank you. We will arrange for the transcripts to be mailed" is not a town.
_NOT_A_PLACE = re.compile(r"^(thanks?|thank\s+you|ok(ay)?|yes|no|sure|fine|great|we|i|she|he|"
                          r"they|it|that|this|what|how|why|when|where|please|which|who|whose|"
                          r"but|and|so|because|since|though|although|if)\b", re.IGNORECASE)
class ValidateCollegeForm(SignInMixin):
    own_intents = frozenset({"add_college"})
    free_text_slots = frozenset({"college_name", "college_city"})

    def name(self) -> str:
        return "validate_college_form"

    async def required_slots(self, domain_slots: list[str], dispatcher: CollectingDispatcher,
                             tracker: Tracker, domain: DomainDict) -> list[str]:
        return self.auth_slots(tracker) + ["college_name", "college_city", "college_state"]

    async def parses(self, slot: str, turn: Turn, tracker: Tracker) -> bool:
        if slot == "college_state":
            # ("Excuse me, must I also send my transcript from Korea?" names no college's place)
            return not turn.is_question and _state_answer(turn.text) is not None
        return await super().parses(slot, turn, tracker)

    async def extract_college_name(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                                   domain: DomainDict) -> dict[str, Any]:
        return _college_and_place(tracker) or _free_text(tracker, "college_name")

    async def extract_college_city(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                                   domain: DomainDict) -> dict[str, Any]:
        if tracker.get_slot("requested_slot") != "college_city":
            return {}
        whole = _college_and_place(tracker)
        if whole:
            return whole
        # "Warrensburg, MO" answers the city and the state at once; "It's in Normal,
        # Illinois." is the same answer in a sentence.
        typed = latest_text(tracker).strip()
        text = _IN_TOWN.sub("", typed).strip(" .!")
        # ("Springfield, Missouri. Yes add it.": the place is the first sentence)
        for said in dict.fromkeys([text, _first_clause(text)]):
            place = _town_and_state(said)
            if place:
                return place
        if text != typed:
            return {"college_city": text or INVALID}
        return _free_text(tracker, "college_city")

    async def extract_college_state(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                                    domain: DomainDict) -> dict[str, Any]:
        if tracker.get_slot("requested_slot") != "college_state":
            return {}
        whole = _college_and_place(tracker)
        if whole and whole.get("college_state"):
            return whole
        return {"college_state": _state_answer(latest_text(tracker)) or INVALID}

    async def validate_college_name(self, value: Any, dispatcher: CollectingDispatcher,
                                    tracker: Tracker, domain: DomainDict) -> dict[str, Any]:
        # ("Thank you. The name is Seoul National University.")
        text = _THE_NAME_IS.sub("", str(value or "").strip()).strip(" .!")
        if _NOT_A_COLLEGE_NAME.search(text):
            # "Please add Fort Hays State University to my education records. It isn't listed."
            text = college_name_in(text) or text
        if (value == INVALID or len(text) < 3 or len(text) > 120 or _ADD_A_COLLEGE.search(text)
                or _NOT_A_COLLEGE_NAME.search(text) or _names_no_college(text)):
            # ("ok i want to add my college" asks again for what is being asked)
            dispatcher.utter_message(text="Please type the college's full name.")
            return {"college_name": None}
        return {"college_name": text}

    async def validate_college_city(self, value: Any, dispatcher: CollectingDispatcher,
                                    tracker: Tracker, domain: DomainDict) -> dict[str, Any]:
        text = str(value or "").strip().strip(".")
        if _COLLEGE_WORD.search(text) and not re.search(r"\bcity\b", text, re.IGNORECASE):
            # the college's name again (the name was taken from the first message)
            dispatcher.utter_message(text=f"Got it: {tracker.get_slot('college_name')}. "
                                          "Now the town it's in.")
            return {"college_city": None}
        # (letters of any language: "Mayagüez")
        asks = _NO_TOWNS_WORDS.search(text)
        if (value == INVALID or not _TOWN.match(text) or len(text) > 60
                or len(text.split()) > 4 or _NOT_A_PLACE.match(text) or asks):
            turn = Turn.of(tracker)
            if "?" in turn.text or (turn.is_question and turn.words > 4) or asks:
                # "Does her background check need to be repeated? She also subs ...": no town
                # is a question; it is answered, and the town asked again.
                await answer_inline(turn, tracker, dispatcher, in_form=True)
            else:
                dispatcher.utter_message(text="Please type just the city's name.")
            return {"college_city": None}
        return {"college_city": text}

    async def validate_college_state(self, value: Any, dispatcher: CollectingDispatcher,
                                     tracker: Tracker, domain: DomainDict) -> dict[str, Any]:
        state = parse_region(str(value or ""))
        if not state:
            dispatcher.utter_message(text="Please type the state, for example MO or Kansas (or "
                                          "the country, for a college abroad).")
            return {"college_state": None}
        return {"college_state": state}


def _state_answer(typed: str) -> str | None:
    """The state (or country) an answer to "In which state?" gives: "Moberly, Missouri.",
    "Sedalia Missouri" (the town again, then the state); "yes its in Linn, Missouri. go ahead
    and add it" (the same in the first sentence)."""
    typed = typed.strip().rstrip(".!")
    clause = _first_clause(_IN_TOWN.sub("", typed))
    for text in dict.fromkeys([typed] + ([clause] if len(clause.split()) <= 5 else [])):
        town_and_region = _town_then_region(text)
        state = (parse_region(text) or parse_region(text.rpartition(",")[2])
                 or (town_and_region[1] if town_and_region else None))
        if state:
            return state
    return None


# "i also went to a community college thats not on there, can i add it": about a college, not
# its name
_NOT_A_COLLEGE_NAME = re.compile(r"\b(i|i'?m|my|me|can\s+i|could\s+i|thats|that'?s|"
                                 r"not\s+on\s+there|isn'?t|not\s+listed|went\s+to)\b|\?",
                                 re.IGNORECASE)
_THE_NAME_IS = re.compile(r"^(?:(?:thank\s+you|thanks|ok(?:ay)?|sure|yes|alright)[.!,]*\s+)*"
                          r"(?:(?:the|its|it'?s)\s+(?:full\s+)?name\s+is|the\s+name'?s|"
                          r"it'?s\s+called|it\s+is\s+called)\s+", re.IGNORECASE)


def _town_and_state(said: str) -> dict[str, Any] | None:
    """ "Warrensburg, MO", "Sedalia Missouri": the college's town and its state (or
    country), or None."""
    city, _, state = said.rpartition(",")
    if city and parse_region(state):
        # ("Mumbai, Maharashtra, India": the town, its province, the country)
        return {"college_city": city.split(",")[0].strip(), "college_state": parse_region(state)}
    town_and_region = _town_then_region(said)
    if town_and_region:
        # "Sedalia Missouri": the state after the town, without a comma
        return {"college_city": town_and_region[0], "college_state": town_and_region[1]}
    return None


def _first_clause(text: str) -> str:
    return _CLAUSE_END.split(text, maxsplit=1)[0].strip(" .!")


def _town_then_region(text: str) -> tuple[str, str] | None:
    """ "Sedalia Missouri", "Normal IL", "Salamanca Spain": a town, then its state or
    country, without a comma."""
    words = text.replace(",", " ").split()
    for n in (2, 1):
        if len(words) > n and parse_region(" ".join(words[-n:])):
            return " ".join(words[:-n]), str(parse_region(" ".join(words[-n:])))
    return None


# ("ok add my old college to my education pls")
_ADD_A_COLLEGE = re.compile(r"\b(add|want|need|put)\b.{0,20}\b(my|a|the|another|her|his)\s+"
                            r"(\w+\s+)?(college|university|school)\b", re.IGNORECASE)
# "It's in Normal, Illinois.", "it is located in Fulton", "in Kirksville": the words before the
# town
# ("Okay. It's in Sedalia, MO.", "ok. es en El Paso, Texas")
_IN_TOWN = re.compile(r"^(?:(?:ok(?:ay)?|sure|yes|yeah|alright|all\s+right|got\s+it|thanks|right|"
                      r"um+|uh+)\W+)*"
                      r"(?:(?:(?:it'?s|it\s+is|that'?s|the\s+(?:city|town)\s+is|they'?re|"
                      r"located)\s+)?(?:located\s+)?in\s+|(?:it'?s|it\s+is)\s+|"
                      r"(?:es|est[aá]|queda)\s+en\s+)?",
                      re.IGNORECASE)
_CLAUSE_END = re.compile(r"(?<=\w)(?<!\bSt)(?<!\bMt)(?<!\bFt)(?:[.;!?](?:\s|$)|,?\s+(?:before|"
                         r"after|and|but|where|when|which|so|because|then)\s|"
                         # "in Sedalia, MO for a year and it's not listed"
                         r",?\s+for\s+(?:a|about|one|two|three|four|\d+)\s+(?:years?|semesters?|"
                         r"terms?|summers?|months?)\b)", re.IGNORECASE)


# "Only Lincoln University is there", "my list only shows Lincoln University": the college on
# file, not the one to add
_ALREADY_THERE_AFTER = re.compile(r"^\s+(?:is|was|are)\s+(?:already\s+)?(?:there|listed|"
                                  r"on\s+(?:there|it|file|my|the))\b", re.IGNORECASE)
_ALREADY_THERE_BEFORE = re.compile(r"\b(?:only|just)(?:\s+(?:shows?|has|lists?|says|have))?"
                                   r"\s*$|\b(?:shows?|lists?)\s+(?:only\s+)?$", re.IGNORECASE)
_TOWN = re.compile(r"^[^\W\d_]+(?:[ .'\-]+[^\W\d_]+)*\.?$")
_NOT_THERE_BEFORE = re.compile(r"\b(?:doesn'?t|does\s+not|don'?t|do\s+not|isn'?t|not|never|won'?t)"
                               r"\s+(?:even\s+)?(?:shows?|lists?|has|have)\s+(?:only\s+)?$",
                               re.IGNORECASE)
_ONLY = re.compile(r"^(?:only|just)\s+", re.IGNORECASE)
# "state fair community college": the whole message is a college's name
_JUST_A_COLLEGE = re.compile(r"^(?:[\w.&'-]+\s+){0,5}(?:college|university|institute|seminary|"
                             r"academy)(?:\s+of(?:\s+[\w.&'-]+){1,3})?$|^(?:university|college)"
                             r"\s+of(?:\s+[\w.&'-]+){1,4}$", re.IGNORECASE)


# "Please add it:\n- Name: Illinois State University\n- Location: Normal, Illinois", "College:
# Drury University; City: Springfield; State: MO": the college as labelled parts, one a line
# or after a comma or a semicolon
_LABEL = re.compile(r"(?:^|(?<=[,;.!?]))[ \t]*(?:[-*\u2022]\s*)?(?P<label>(?:college|school|"
                    r"university)(?:\s+name)?|name|location|city|town|state|country)\s*:",
                    re.IGNORECASE | re.MULTILINE)
_LABELLED = {"name": "name", "college": "college_name", "school": "college_name",
             "university": "college_name", "location": "place", "city": "place",
             "town": "place", "state": "state", "country": "state"}


def labelled_college(text: str) -> dict[str, Any]:
    """The college slots a list of labelled parts gives, or {}. ("Name: Maria Lopez\nCollege:
    Drury University": the label that says "college" first.)"""
    labels = list(_LABEL.finditer(text or ""))
    parts: dict[str, str] = {}
    for label, following in zip(labels, [*labels[1:], None], strict=False):
        value = text[label.end():following.start() if following else len(text)]
        value = value.split("\n")[0].strip(" \t,;.!-*")  # (its line, at most)
        if value:
            parts.setdefault(_LABELLED[label.group("label").split()[0].lower()], value)
    slots: dict[str, Any] = {}
    name = parts.get("college_name") or parts.get("name")
    if name:
        slots["college_name"] = name
    place = parts.get("place")
    if place:
        # "Location: Normal, Illinois": the town and its state; "City: Normal"
        slots.update(_town_and_state(place) or (
            {"college_state": parse_region(place)} if parse_region(place)
            else {"college_city": place}))
    if parse_region(parts.get("state") or ""):
        slots.setdefault("college_state", parse_region(parts["state"]))
    return slots


def college_asked(text: str) -> dict[str, Any]:
    """The college slots a request to add one fills: the name, and the town and state when
    they follow it ("State Fair Community College in Sedalia, Missouri before ..."), or each
    given with its label ("Name: ...", "Location: ..."); not a college said to be on file
    already."""
    labelled = labelled_college(text)
    if labelled.get("college_name"):
        return labelled
    if labelled:
        return {**_college_asked(text), **labelled}
    return _college_asked(text)


def _college_asked(text: str) -> dict[str, Any]:
    typed = (text or "").strip().rstrip(".!")
    if _JUST_A_COLLEGE.match(typed) and not _ADD_A_COLLEGE.search(typed) and not re.match(
            r"(?:my|a|an|the|our|his|her|their|another|that|this|which|what|i|we|she|he|they|"
            r"it|can|could|please|did|do)\b", typed, re.I) and not _names_no_college(typed):
        return {"college_name": typed}
    name = college_name_in(text)
    if not name:
        return {}
    at = text.find(name)
    if _ALREADY_THERE_AFTER.match(text[at + len(name):]) or (
            _ALREADY_THERE_BEFORE.search(text[:at]) and not _NOT_THERE_BEFORE.search(text[:at])):
        # ("Your education page doesn't even list University of Central Missouri": missing)
        return {}
    if _ONLY.match(name):
        return {}
    for start in dict.fromkeys([at, text.rfind(name)]):
        # ("Webster University is not listed. Add it: Webster University, St. Louis, MO.": the
        # name again, with its place)
        named = _TO_MY_RECORDS.sub("", _CLAUSE_END.split(text[start:], maxsplit=1)[0])
        place = college_place_in(named)
        if place:
            return college_slots(place)
    town = _ITS_IN.search(text[at + len(name):][:160])
    if town:
        # "Okay please add Middle Tennessee State University!! It's in Murfreesboro,
        # Tennessee!!": the town said in the next sentence
        city, state = town.group("city"), parse_region(town.group("state") or "")
        if not state and _town_then_region(city):
            city, state = _town_then_region(city)  # ("its in sedalia missouri")
        return {"college_name": name, "college_city": _town_name(city),
                **({"college_state": state} if state else {})}
    after = re.split(r"[.!;\n]+\s*", text[at + len(name):], maxsplit=1)
    alone = after[1].strip(" .!") if len(after) == 2 else ""
    place = _town_then_region(alone) if 2 <= len(alone.split()) <= 4 else None
    if place and _TOWN.match(place[0]) and not _NOT_A_PLACE.match(place[0]):
        # "add Northwest Missouri State University to my education. Maryville MO": a next
        # sentence that is only a town and its state
        return {"college_name": name, "college_city": _town_name(place[0]),
                "college_state": place[1]}
    return {"college_name": name}


# "It's in Murfreesboro, Tennessee", "its in sedalia", "located in Brenham, Texas"
_ITS_IN = re.compile(
    r"\b(?:it'?s|its|it\s+is|located|which\s+is|that'?s|they'?re)\s+(?:located\s+)?in\s+"
    r"(?P<city>[A-Za-z][\w.'-]*(?:\s+[A-Za-z][\w.'-]*){0,2}?)"
    r"(?:\s*,\s*(?P<state>[A-Za-z][A-Za-z .]*?))?\s*(?=[.!?,;]|$|\s+(?:and|but|can|could|please|"
    r"so|too|if)\b)", re.IGNORECASE)


def _town_name(town: str) -> str:
    """A town as typed in lower case ("sedalia") with capitals."""
    return town if any(c.isupper() for c in town) else town.title()


def _college_and_place(tracker: Tracker) -> dict[str, Any] | None:
    """ "DePaul University, Chicago, Illinois" typed for any of the college questions
    answers each of them."""
    if tracker.get_slot("requested_slot") not in ("college_name", "college_city",
                                                   "college_state"):
        return None
    labelled = labelled_college(latest_text(tracker))  # ("Name: ...\nLocation: ...")
    if labelled:
        return labelled
    place = college_place_in(latest_text(tracker))
    if place:
        return college_slots(place)
    # "yeah so State Fair Community College is missing its in sedalia missouri can you add
    # it on there": the name with its town in the next clause, as a request would give them
    asked = college_asked(latest_text(tracker))
    return asked if asked.get("college_name") and asked.get("college_city") else None


# No town's name has these: "transcript mailed where" when the town is asked is a question
_NO_TOWNS_WORDS = re.compile(r"\b(where|how|what|when|why|transcripts?|mail(ed|ing)?|send|sent|"
                             r"applications?|fingerprints?|certificates?|password|username|"
                             r"account)\b", re.IGNORECASE)


def college_slots(place: tuple[str, str, str | None]) -> dict[str, Any]:
    name, city, state = place
    return {"college_name": name, "college_city": city,
            **({"college_state": state} if state else {})}


class ActionAskCollegeName(Action):
    """The college question, with the colleges already on file (the person may be about to
    add one that is there, or came because one seemed to be missing)."""

    def name(self) -> str:
        return "action_ask_college_name"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> list[EventType]:
        question = "What is the name of the college or university?"
        if signed_in(tracker):
            try:
                colleges = (await client_for(tracker).education()).get("colleges") or []
            except (BackendUnavailable, BackendError):
                colleges = []  # the question still works; adding says what is wrong
            if colleges:
                question = ("Colleges on file now:\n" + "\n".join(college_line(c) for c in colleges)
                            + f"\n{question}")
        return await ask(dispatcher, tracker, question)


class ActionAddCollege(FlowFinish):
    flow_label = "adding the college"
    flow_slots = ("college_name", "college_city", "college_state")

    def name(self) -> str:
        return "action_add_college"

    async def finish(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                     domain: DomainDict) -> list[EventType]:
        values = [tracker.get_slot(s) for s in self.flow_slots]
        if not all(values):
            return []
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
                dispatcher.utter_message(**refusal(exc))
            return []
        dispatcher.utter_message(
            text=f"Added {values[0]} ({values[1]}, {values[2]}) to your education record. "
                 "DESE enters everything else when it receives your original transcripts, "
                 f"mailed to {await mailing_address(tracker)}.",
            buttons=[{"title": "Check my education records",
                      "payload": "/check_education_status"}])
        return []


_COLLEGE_IN = re.compile(
    r"\b(?:[Aa]dd|[Aa]ttended|[Ww]ent\s+to|[Ss]tudied\s+at|[Gg]raduated\s+from|at|from|"
    r"[Tt]ook\s+(?:classes|courses)\s+at|[Tt]ranscripts?\s+from)\s+(?:the\s+)?(?P<name>[A-Z][\w.&'-]*(?:\s+(?:of|at|the|and|for|[A-Z][\w.&'-]*))*"
    r"\s+(?:University|College|Institute|School|Seminary|Academy)"
    r"(?:\s+(?:of|at|in)\s+[A-Z][\w.&'-]*(?:\s+[A-Z][\w.&'-]*)*)?|"
    # ("College of the Marshall Islands")
    r"(?:University|College)\s+of\s+(?:the\s+)?[A-Z][\w.&'-]*(?:\s+[A-Z][\w.&'-]*)*|"
    # "the Ruprecht-Karls-Universitaet Heidelberg", "Universidad de Puerto Rico": a name in
    # its own language
    r"(?:[A-Z][\w.&'-]*-)*(?:Universit(?:ät|aet|at|é|à|eit)|Universidade?|Hochschule|"
    r"Politecnico|Fachhochschule)(?:\s+(?:de|del|da|do|di|der|zu|[A-Z][\w.&'-]*))*)")


# The name alone, wherever it stands ("the page doesn't even list University of Central
# Missouri ... Add it.")
_COLLEGE_NAME = re.compile(_COLLEGE_IN.pattern[_COLLEGE_IN.pattern.index("(?P<name>"):])


# "i did a yr at metropolitan community college before lincoln": typed in lower case
_COLLEGE_IN_LOWER = re.compile(
    r"\b(?:at|from|to|add)\s+(?:the\s+)?(?P<name>(?:(?!(?:a|an|the|my|that|this|and|or|at|from|to|"
    r"add|in|of|for|with|before|after|then|yr|year)\b)[a-z][a-z.&'-]*\s+){1,4}(?:community\s+)?"
    r"(?:college|university))\b")


# Words that say which college, or how many, without naming one: "the community college",
# "another college", "can I add one college", "1 more university", "my second school"
_WHICH_COLLEGE = frozenset("""
community college university school institute academy seminary state local other another
different second third first one more extra additional new old previous summer some small
junior online that this a an the my her his their our add
""".split())


def _names_no_college(words: str) -> bool:
    """Every word of `words` is one of `_WHICH_COLLEGE` (or a number): no college's name."""
    return not {w for w in re.findall(r"[\w'-]+", words.lower())
                if not w.isdigit()} - _WHICH_COLLEGE


def college_name_in(text: str) -> str | None:
    """The college a request names ("add William Woods University to my records")."""
    m = _COLLEGE_IN.search(text or "") or _COLLEGE_NAME.search(text or "")
    if not m:
        lower = _COLLEGE_IN_LOWER.search(text or "")
        words = lower.group("name") if lower else ""
        if _names_no_college(words):
            return None  # "the community college", "at another college": no name
        return " ".join(w.capitalize() for w in words.split())
    # "State Fair Community College in Sedalia": the town is read by `college_place_in`.
    return re.sub(r"\s+in\s+[A-Z][\w.'-]*(?:\s+[A-Z][\w.'-]*)*$", "", m.group("name").strip())


_COLLEGE_WORD = re.compile(r"\b(University|College|Institute|School|Seminary|Academy)\b", re.I)
# "DePaul University, Chicago, Illinois", "St. Louis Community College, located in St. Louis,
# Missouri", "Lincoln University in Jefferson City, MO"
_NAME_AND_PLACE = re.compile(
    r"^(?:(?:please\s+)?add\s+|it'?s\s+|it\s+is\s+|the\s+college\s+is\s+)?(?P<name>.+?)"
    r"(?:\s*,\s*(?:(?:which\s+is\s+|it'?s\s+)?located\s+)?(?:in\s+)?|\s+(?:located\s+)?in\s+)"
    r"(?P<city>[A-Za-z][A-Za-z .'\-]*?)(?:\s*,\s*(?P<state>[A-Za-z][A-Za-z .]*?))?"
    r"(?:\s+and\b.*)?\s*[.!]?\s*$", re.IGNORECASE)


# "... San Marcos, Texas to my education": where it goes, after the place
_TO_MY_RECORDS = re.compile(r"\s+(to|on|onto|in)\s+(my|her|his|the)\s+(education\w*|records?|list|"
                            r"profile|page)(\s+\w+)?\s*$", re.IGNORECASE)
_WHEN_AFTER_THE_TOWN = re.compile(r"\s+(before|after|too|also|back\s+then|years?\s+ago|"
                                  r"last\s+(year|semester|spring|fall|summer))$", re.IGNORECASE)


def college_place_in(text: str) -> tuple[str, str, str | None] | None:
    """A college named with its town (and state): (name, city, state or None), or None."""
    m = _NAME_AND_PLACE.match((text or "").strip())
    if not m or not _COLLEGE_WORD.search(m.group("name")):
        return None
    # ("College of the Marshall Islands in Majuro before": the town, not when)
    city = _WHEN_AFTER_THE_TOWN.sub("", m.group("city").strip(" .")).strip(" .")
    state = parse_region(m.group("state") or "") if m.group("state") else None
    if m.group("state") and not state:
        return None
    if not state:
        # "William Woods University, Fulton MO": the state after the town, without a comma
        town_and_region = _town_then_region(city)
        if town_and_region:
            city, state = town_and_region
    if len(city.split()) > 4 or _NOT_A_PLACE.match(city) or _COLLEGE_WORD.search(city):
        return None
    return m.group("name").strip(" ,."), city, state
