"""Answers that need no form: FAQ answers, certificate requirements, the Educator ID,
a handoff to a person, personal-data changes. The router uses them for a message on its
own; `FlowForm` uses them for a question asked in the middle of a form."""

from __future__ import annotations

import logging
import re
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.backend_client import BackendError, BackendUnavailable
from actions.common import (
    BACKEND_DOWN,
    OFFER_SLOT,
    PORTAL_PLACES,
    TOPICS,
    client_for,
    payload,
    signed_in,
)
from actions.context import follow_up_on
from actions.readings import corrected
from actions.reference import application_types, mailing_address
from actions.turns import BASICS, FLOWS, STATUS_INTENTS, Turn, looks_like_gibberish, next_reading
from actions.wording import spelled

logger = logging.getLogger(__name__)

SIGN_IN_BUTTON = {"title": "Sign in", "payload": "/sign_in"}
HANDOFF_BUTTON = {"title": "Talk to a person", "payload": "/human_handoff"}

# Simple answers kept as responses in the domain (bot/domain/basics.yml).
RESPONSES = {
    "greet": "utter_greet",
    "goodbye": "utter_goodbye",
    "thanks": "utter_youre_welcome",
    "bot_challenge": "utter_iamabot",
    "what_can_you_do": "utter_what_can_you_do",
    "out_of_scope": "utter_out_of_scope",
}
# Inside a form a greeting or thanks needs only a word before the question comes again.
SHORT_RESPONSES = {"greet": "Hi!", "thanks": "You're welcome."}


async def answer_inline(turn: Turn, tracker: Tracker, dispatcher: CollectingDispatcher,
                        in_form: bool = False) -> list[EventType]:
    """Answer a request that needs no form of its own, and the other questions the same
    message asked ("what will it cost, and do my old fingerprints count?"); returns slot
    events. Requests that would start a form of their own are left for later."""
    request = corrected(turn.request, turn.text)
    if request.split("/")[0] in FLOWS:
        request = turn.request  # answered in place: never a form of its own
    if in_form and request in ("nlu_fallback", "out_of_scope"):
        # "do i send the marriage license w it" right after the name change was explained:
        # the question follows the conversation's topic
        request = follow_up_on(request, turn, tracker, signed_in(tracker)) or request
    if request == "nlu_fallback" and in_form:
        # "wait b4 i answer. if u say yes on one of these r they gonna auto deny u??": a
        # question the model is unsure of gets its likeliest answer rather than silence
        request = next_reading(turn, FLOWS | BASICS, floor=0.25) or request
    said_before = len(dispatcher.messages)
    if in_form and request == "repeat":
        # ("is it done?? also how much do i owe for it" at the review): the form asks its
        # question again anyway; only the other questions are answered
        events: list[EventType] = []
    else:
        events = await answer_request(request, turn, tracker, dispatcher, in_form)
    if in_form and request != "repeat" and len(dispatcher.messages) == said_before:
        # "Do I type the password here where anyone can see it?" while an email is asked (a
        # reading of a flow, which never starts inside another): never silence before the
        # question comes again
        events += await _answer_unanswered(turn, tracker, dispatcher)
    answered = {request}
    for extra in turn.extra_requests():
        family = extra.split("/")[0]
        if family in FLOWS or family in ("human_handoff", "check_status") or extra in answered:
            continue  # (each answer once: "should I just make a new account instead? would
            # that be faster?" asks one thing twice)
        answered.add(extra)
        events += await answer_request(extra, turn, tracker, dispatcher, in_form)
    return events


# "cant get into my certification account": both ways back in, and never a second account
LOGIN_TROUBLE = ("Let's get you back in. Forgot your username? I'll email it to the address on "
                 "your account. Forgot your password? I'll email you a link to reset it. Please "
                 "don't create a new account: one username per person, and a second one blocks "
                 "access to your records.")
LOGIN_TROUBLE_BUTTONS = [{"title": "Forgot username", "payload": "/forgot_username"},
                         {"title": "Forgot password", "payload": "/forgot_password"},
                         {"title": "Sign in", "payload": "/sign_in"}]
# A question about the password, where the chat never needs one
ABOUT_THE_PASSWORD = re.compile(r"\b(pass\s*word|pw|pwd|contraseña|contrasena)\b", re.IGNORECASE)
PASSWORD_NOT_HERE = ("No password is typed in this chat, and please never share it here. A new "
                     "account's password is set on the secure page linked in the email I send; "
                     "to sign in here I email a 6-digit code instead.")
# "do I need the pw to sign in here in chat?": asked about, not forgotten
# ("wait before i pick one do i need to write you a password to or how does that work")
PASSWORD_QUESTION = re.compile(r"\?\s*$|^\W*(\w+\W+){0,6}(do|does|can|should|will|is|must)\s+"
                               r"(i|we|you|it)\b", re.IGNORECASE)
# Beside words about typing the password here, "do i" anywhere asks ("and once i find it do i
# type my password in here to you or where")
_DO_I = re.compile(r"\b(do|should|can|shall)\s+i\b", re.IGNORECASE)
PASSWORD_TROUBLE = re.compile(r"\b(forg[eo]t\w*|reset\w*|chang\w+|lost|recover\w*|olvid\w+|"
                              # (a new password; not "new hires' passwords")
                              r"new\s+(?:pass\s*word|pw|pwd|one)|remember|lock\s+(?:me\s+)?out|"
                              r"locked|wrong|expired?|doesn'?t\s+work|not\s+working|what\s*('?s|\s+is|\s+was)\s+my)\b",
                              re.IGNORECASE)


# "can i not just type my new password in here lol": typing it here, whatever password it is
TYPING_IT_HERE = re.compile(r"\b(type|enter|put|write|give|send|tell)\b.{0,30}\b(pass\s*word|pw|"
                            r"pwd)\b.{0,20}\b(here|chat)\b|"
                            # "Do I need the new password for this chat?"
                            r"\b(pass\s*word|pw|pwd)\s+(for|in|into)\s+(this|the)\s+chat\b",
                            re.IGNORECASE)


def asks_about_the_password(text: str) -> bool:
    """A question about typing or needing the password, not a forgotten one."""
    if not ABOUT_THE_PASSWORD.search(text):
        return False
    if TYPING_IT_HERE.search(text):
        # ("Do I type my password in here? I'm not sure how this works anymore.")
        return "?" in text or bool(PASSWORD_QUESTION.search(text) or _DO_I.search(text))
    return bool(PASSWORD_QUESTION.search(text)) and not PASSWORD_TROUBLE.search(text)


NOT_SURE_HERE = ("I'm not sure what you're asking there. Ask me again when we've finished "
                 "this, or say \"stop\" to do something else first.")


async def _answer_unanswered(turn: Turn, tracker: Tracker,
                             dispatcher: CollectingDispatcher) -> list[EventType]:
    """A question inside a form that the reading left without an answer: about the
    password, the likeliest answer that needs no form, or a plain "not sure"."""
    if asks_about_the_password(turn.text):
        dispatcher.utter_message(text=PASSWORD_NOT_HERE)
        return []
    request = next_reading(turn, FLOWS | BASICS, floor=0.2)
    if request:
        said_before = len(dispatcher.messages)
        events = await answer_request(request, turn, tracker, dispatcher, in_form=True)
        if len(dispatcher.messages) > said_before:
            return events
    dispatcher.utter_message(text=NOT_SURE_HERE)
    return []


async def answer_request(request: str, turn: Turn, tracker: Tracker,
                         dispatcher: CollectingDispatcher,
                         in_form: bool = False) -> list[EventType]:
    """Answer one request (an intent, or ``faq/<key>``) that needs no form."""
    from actions.status import answer_status  # the status module imports this one

    intent, _, key = request.partition("/")
    if intent == "faq":
        return await answer_faq(key or turn.faq_key, tracker, dispatcher)
    if intent == "certificate_requirements":
        return await explain_requirements(turn, tracker, dispatcher)
    if intent == "human_handoff":
        return await hand_over(tracker, dispatcher, in_form=in_form)
    if intent == "repeat":
        return repeat_last_answer(tracker, dispatcher)
    if intent == "change_personal_info":
        return await explain_personal_change(tracker, dispatcher)
    place = PORTAL_PLACES.get(request.partition(":")[2]) if request.startswith(
        "portal_place:") else None
    if place:
        dispatcher.utter_message(
            text="In the portal: sign in through \"DESE Application Sign-In\", open \"Educator "
                 f"Certification System\" to reach your Profile, then look under {place}.")
        return []
    if intent == "login_trouble":
        dispatcher.utter_message(text=LOGIN_TROUBLE, buttons=LOGIN_TROUBLE_BUTTONS)
        return []
    if intent in STATUS_INTENTS or intent in ("check_status", "view_contact"):
        if signed_in(tracker):
            return await answer_status([intent], tracker, dispatcher)
        if in_form and tracker.get_slot("requested_slot") in ("signin_username", "signin_code"):
            pending = _pending_with(tracker, intent)
            # "will you mail me a paper certificate, or how do I get a copy of it?"
            place = PORTAL_PLACES.get(intent)
            dispatcher.utter_message(
                text=f"I'll show you your {TOPICS.get(intent) or 'records'} as soon as you're "
                     "signed in." + (f" (In the portal it's under {place}.)" if place else ""))
            return [SlotSet("pending_request", pending)]
        place = PORTAL_PLACES.get(intent)
        dispatcher.utter_message(
            text="I can look that up once you're signed in. Finish this first, or say "
                 "\"stop\" and then \"sign in\"."
                 + (f" (In the portal it's under {place}.)" if place else ""))
        return []
    if intent == "out_of_scope" and looks_like_gibberish(turn.text):
        dispatcher.utter_message(response="utter_not_understood")
        return []
    if in_form and intent in SHORT_RESPONSES:
        dispatcher.utter_message(text=SHORT_RESPONSES[intent])
        return []
    if intent in RESPONSES:
        dispatcher.utter_message(response=RESPONSES[intent])
        return []
    logger.info("no inline answer for %s", request)
    return []


def repeat_last_answer(tracker: Tracker, dispatcher: CollectingDispatcher) -> list[EventType]:
    """ "Could you tell me that number one more time, I didn't have a pen": the assistant's
    last answer again, as it was said (text and buttons)."""
    said: list[dict[str, Any]] = []
    users = 0
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            users += 1
            if users >= 2 and said:
                break
        elif event.get("event") == "bot" and users >= 1 and event.get("text"):
            said.insert(0, event)
    if not said:
        dispatcher.utter_message(text="There's nothing to repeat yet. What can I help with?")
        return []
    for event in said:
        buttons = (event.get("data") or {}).get("buttons") or []
        dispatcher.utter_message(text=str(event["text"]), buttons=buttons)
    return []


def _pending_with(tracker: Tracker, intent: str) -> str:
    pending = [p for p in str(tracker.get_slot("pending_request") or "").split(",") if p]
    if intent not in pending:
        pending.append(intent)
    return ",".join(pending)


# ---------------------------------------------------------------- FAQ
async def answer_faq(key: str | None, tracker: Tracker,
                     dispatcher: CollectingDispatcher) -> list[EventType]:
    if not key:
        dispatcher.utter_message(
            text="I'm not sure which question you mean. Could you ask it another way?",
            buttons=[HANDOFF_BUTTON])
        return []
    if key == "educator_id":
        return await answer_educator_id(tracker, dispatcher)
    # The mailing address in an answer is the backend's (`{mailing_address}` in the
    # response text), so the domain never keeps a copy of it.
    dispatcher.utter_message(response=f"utter_faq_{key}",
                             mailing_address=await mailing_address(tracker))
    return []


async def who_am_i(tracker: Tracker) -> dict[str, Any] | None:
    """The signed-in account (`/me`), or None when not signed in or unreachable."""
    if not signed_in(tracker):
        return None
    try:
        return await client_for(tracker).me()
    except (BackendUnavailable, BackendError):
        return None


async def educator_id_text(me: dict[str, Any], tracker: Tracker) -> str:
    """The signed-in educator's Educator ID, and what it is for."""
    if not me.get("educator_id"):
        return ("Your account isn't linked to your educator record yet, so it has no Educator "
                "ID. Link it with your SSN and date of birth and you'll get one.")
    return (f"Your Educator ID is {me['educator_id']}. It's on your Profile page right below "
            "your SSN. Use it instead of your SSN when you contact Educator Certification, and "
            f"write it on every document you mail to {await mailing_address(tracker)}.")


async def answer_educator_id(tracker: Tracker,
                             dispatcher: CollectingDispatcher) -> list[EventType]:
    me = await who_am_i(tracker)
    if me and me.get("educator_id"):
        dispatcher.utter_message(text=await educator_id_text(me, tracker))
        return []
    dispatcher.utter_message(response="utter_faq_educator_id")
    if me is None:
        dispatcher.utter_message(text="Sign in and I'll tell you yours.",
                                 buttons=[SIGN_IN_BUTTON])
    else:
        dispatcher.utter_message(
            text="Your account isn't linked to your educator record yet, so it has no "
                 "Educator ID. Link it and you'll get one.",
            buttons=[{"title": "Link my SSN", "payload": "/link_ssn"}])
    return []


# ---------------------------------------------------------------- requirements
_WORD = re.compile(r"[a-z0-9]+")


# "like the first real one not sub", "an initial one, not a substitute": a type said not to
# be the one
_NEGATED = re.compile(r"\b(?:not|isn'?t|aren'?t|never)\s+(?:a\s+|an\s+|the\s+|for\s+(?:a\s+|"
                      r"the\s+)?)?[\w-]+|"
                      # "I do not want to upgrade it", "don't need the sub one"
                      r"\b(?:do\s+not|don'?t|not)\s+(?:want|need|mean|wish)\s+(?:to\s+|an?\s+|the\s+)?"
                      r"[\w-]+|"
                      # "can i switch to that instead of sub?"
                      r"\binstead\s+of\s+(?:a\s+|an\s+|the\s+|my\s+|her\s+|his\s+)?[\w-]+|"
                      # "before my TAC runs out": one held, not the one to apply for
                      r"\b(?:my|her|his)\s+[\w-]+(?:\s+[\w-]+)?\s+(?:runs?\s+out|expires?|"
                      r"ends?|is\s+expiring|lapses?)\b", re.IGNORECASE)


_TO_DO = r"(?:apply|applying|applied) for|start|started|continue|finish|resume"


def without_negated(text: str) -> str:
    """`text` without the words it says "not" to."""
    return _NEGATED.sub(" ", text or "")


# "Hi there, principal at Northside. I'm helping a new hire get her application in": who is
# typing, not the application wanted (lower case, words only)
WHO_IS_TYPING = re.compile(r" (principal|superintendent) (at|of|here|from|for) | (i m|im|i am|"
                           r"as) (a |an |the )?(\w+ )?(principal|superintendent|administrator) ")
TO_BECOME_ONE = re.compile(r" (become|becoming|be|get|want|wanna|apply|applying|need|needs) "
                           r"(\w+ ){0,4}(principal|superintendent|administrator|admin)\w* ")


def typed_by_an_administrator(t: str) -> bool:
    """Whether `t` (lower case, words only) names an administrator as who is typing, not as
    what is wanted ("principal at Northside", not "i want to become a principal")."""
    return bool(WHO_IS_TYPING.search(t)) and not TO_BECOME_ONE.search(t)

# What comes before these is taken back ("Let's start the substitute application. Actually
# no, scratch that, she ... needs the Initial Professional one")
TAKEN_BACK = re.compile(r"\bscratch\s+that\b|\bactually,?\s+no\b|\bno,?\s+wait\b|"
                        r"\bi\s+meant\b", re.IGNORECASE)


def match_type(types: list[dict[str, Any]], text: str) -> dict[str, Any] | None:
    """The application type a message names (by name, code or a common alias), not one it
    says "not" to, nor one it takes back (the words after "scratch that" name the type, when
    they name one)."""
    after = TAKEN_BACK.split(text)
    if len(after) > 1:
        named = _match_type(types, after[-1])
        if named is not None:
            return named
    return _match_type(types, text)


def _match_type(types: list[dict[str, Any]], text: str) -> dict[str, Any] | None:
    t = " " + " ".join(spelled(w) for w in _WORD.findall(without_negated(text).lower())) + " "
    if typed_by_an_administrator(t):
        t = WHO_IS_TYPING.sub(" ", t)
    best: tuple[int, dict[str, Any]] | None = None
    asked_for: dict[str, dict[str, Any]] = {}
    for typ in types:
        names = [str(typ.get("name") or ""), str(typ.get("code") or "").replace("_", " ")]
        names += [str(a) for a in typ.get("aliases") or []]
        for name in names:
            words = " ".join(_WORD.findall(name.lower()))
            if not words or f" {words} " not in t:
                continue
            if best is None or len(words) > best[0]:
                best = (len(words), typ)
            if re.search(rf"(?:{_TO_DO} (?:a |an |the |my )?{re.escape(words)} |"
                         rf" {re.escape(words)} (?:application|app) )", t):
                asked_for[str(typ.get("code"))] = typ
    if len(asked_for) == 1:
        # "I started a substitute application so I can work while my counseling certificate
        # processes": the one named as the application to do, not the longest name
        return next(iter(asked_for.values()))
    return best[1] if best else None


async def explain_requirements(turn: Turn, tracker: Tracker,
                               dispatcher: CollectingDispatcher) -> list[EventType]:
    try:
        types = await application_types(tracker)
    except (BackendUnavailable, BackendError):
        dispatcher.utter_message(text=BACKEND_DOWN)
        return []
    code = turn.entity("application_type")
    typ = next((t for t in types if t.get("code") == code), None) if code else None
    typ = typ or match_type(types, turn.text) or _type_talked_about(types, tracker)
    offered = str(tracker.get_slot(OFFER_SLOT) or "")
    if typ is None and offered.startswith("apply:"):
        # "and what does that one require?" right after a recommendation
        typ = next((t for t in types if t.get("code") == offered.split(":", 1)[1]), None)
    if typ is None:
        dispatcher.utter_message(
            text="Which certificate do you mean? Pick one, or let me help you find the right "
                 "application.",
            buttons=[{"title": str(t.get("name")),
                      "payload": payload("certificate_requirements",
                                         application_type=str(t.get("code")))}
                     for t in types if t.get("common")]
            + [{"title": "Help me choose", "payload": payload("apply", which="yes")}])
        return []
    return await describe_type(typ, dispatcher)


def _type_talked_about(types: list[dict[str, Any]], tracker: Tracker,
                       messages: int = 3) -> dict[str, Any] | None:
    """The application type the person's last few messages named ("how much is the sub
    cert" ... "wat do i need for it"), newest first."""
    said = [str(e.get("text") or "") for e in tracker.events if e.get("event") == "user"]
    for text in reversed(said[-messages - 1:-1]):
        typ = match_type(types, text)
        if typ:
            return typ
    return None


async def describe_type(typ: dict[str, Any], dispatcher: CollectingDispatcher) -> list[EventType]:
    """What a certificate type is, what it needs and costs, with an offer to apply."""
    lines = [f"{typ.get('name')}: {typ.get('description')}"]
    fee = typ.get("fee")
    lines.append(f"Application fee: ${fee}." if fee else "There is no application fee.")
    checklist = [str(item) for item in typ.get("checklist") or []]
    if checklist:
        lines.append("What you'll need:\n" + "\n".join(f"- {item}" for item in checklist))
    dispatcher.utter_message(
        text="\n".join(lines),
        buttons=[{"title": f"Apply for {typ.get('name')}",
                  "payload": payload("apply", application_type=str(typ.get("code")))},
                 {"title": "Help me choose", "payload": payload("apply", which="yes")}])
    return [SlotSet(OFFER_SLOT, f"apply:{typ.get('code')}")]


# ---------------------------------------------------------------- people
async def hand_over(tracker: Tracker, dispatcher: CollectingDispatcher,
                    in_form: bool = False, reason: str = "user asked for a person"
                    ) -> list[EventType]:
    """Open a help-desk handoff; the signed-in educator's Educator ID goes with it."""
    channel = tracker.get_latest_input_channel() or "rest"
    me = await who_am_i(tracker)
    educator_id = str(me["educator_id"]) if me and me.get("educator_id") else None
    try:
        handoff = await client_for(tracker, with_token=False).create_handoff(
            tracker.sender_id, channel, reason=reason, educator_id=educator_id)
    except (BackendUnavailable, BackendError):
        dispatcher.utter_message(
            text="I couldn't reach the help desk system just now. Please try again in a few "
                 "minutes, or contact Educator Certification directly.")
        return []
    text = ("I've asked the help desk to take over. A staff member will read this "
            "conversation and reply here in this chat, usually within one business day. "
            f"Your reference is {handoff.get('id')}.")
    if educator_id:
        text += " They'll see your Educator ID, so there's no need to type your SSN."
    else:
        text += " Please don't share your SSN or password in the chat."
    if in_form:
        text += " Meanwhile you can carry on here, or say \"stop\"."
    dispatcher.utter_message(text=text)
    return []


async def name_on_handoffs(tracker: Tracker, token: str | None) -> None:
    """After a sign-in or a link: a handoff this conversation opened before (without an
    Educator ID) gets the educator's, so the help desk sees who it is. Best effort: the
    conversation goes on whatever happens here."""
    if not token:
        return
    try:
        await client_for(tracker, token=token).attach_handoff_educator(
            tracker.sender_id)
    except (BackendUnavailable, BackendError) as exc:
        logger.warning("could not name the educator on this conversation's handoffs: %s", exc)


async def explain_personal_change(tracker: Tracker,
                                  dispatcher: CollectingDispatcher) -> list[EventType]:
    dispatcher.utter_message(
        text="Your name, SSN, date of birth and gender can't be changed in the portal or in "
             "this chat. To change them:\n"
             "1. Fill in the Update Personal/Education Information Form.\n"
             "2. Attach supporting documents (for a name change, for example a marriage "
             "certificate, divorce decree or court order).\n"
             "3. Write your Educator ID on it.\n"
             f"4. Mail it to {await mailing_address(tracker)}.\n"
             "Your address, phone numbers and email you can change yourself.",
        buttons=[{"title": "Edit contact info", "payload": "/edit_contact"}, HANDOFF_BUTTON])
    return []
