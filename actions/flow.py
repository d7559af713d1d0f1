"""Forms that do not lose answers: the one place that decides what a message inside a
form is, and what happens to it.

Rasa runs the active form's validation action for every message while a form is open
(rasa/core/policies/rule_policy.py: the loop has priority over rules). `FlowForm.run`
looks at the message before any slot is extracted and picks one of:

- ANSWER: the requested slot takes the text (the form's own `extract_*`/`validate_*`).
  Free-text slots (an explanation, a name) take anything that is not clearly a question
  or an explicit stop; value slots (an SSN, a code) take what parses, and refuse the rest
  with a hint.
- INLINE: a question or request answered in place (an FAQ, a status, a handoff); the
  form then asks its question again.
- STOP: "stop", "cancel", "never mind": the form ends; its finishing action says what
  was kept.
- SWITCH: another flow ("I want to create an account instead"): the form ends as with
  STOP, then the router starts the new flow.
- BACK / CHANGE: "go back", "change my answer to question 3": the form moves back.

A form never rejects, so Rasa never falls through to other rules with a form left open.
"""

from __future__ import annotations

import dataclasses
import enum
import logging
import re
from abc import ABC, abstractmethod
from typing import Any

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import EventType, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.forms import REQUESTED_SLOT
from rasa_sdk.types import DomainDict

from actions.answers import (
    PASSWORD_NOT_HERE,
    answer_faq,
    answer_inline,
    asks_about_the_password,
)
from actions.common import INTERRUPTED_SLOT, MAIN_MENU, QUIET_INTERRUPTIONS
from actions.parsing import just_an_email
from actions.readings import (
    FORGOT_PASSWORD,
    FORGOT_USERNAME,
    PERSON,
    SECOND_ACCOUNT,
    SIGN_OUT_WORDS,
    SOMEONE_TO_HELP,
    corrected,
)
from actions.turns import FLOWS, INLINE, STATUS_INTENTS, Turn

logger = logging.getLogger(__name__)

STOPPED_SLOT = "flow_stopped"  # "stop" or "switch" while a form ends early; else None
SWITCH_SLOT = "switch_to"  # the request to route to after a form paused for it


class Kind(enum.Enum):
    VALUE = "value"  # has a shape: a username, an email, an SSN, a code, a date
    CHOICE = "choice"  # one of a few options
    YES_NO = "yes_no"
    FREE_TEXT = "free_text"  # anything the person writes: an explanation, a name


# "Why do you need my SSN?", "what is this for?": a question about the question asked.
# "Why do you need my Social Security number for this? I'd think the username identifies me"
_STARTS_WHY = re.compile(r"^\W*(?:(?:ok(?:ay)?|but|so|wait|hmm+|um+)[\s,.!]+)*why\b", re.IGNORECASE)
# "wait before I type that... why do you need my social?? is this secure?": a sentence of a
# longer message that asks why (or whether it is safe), ending in "?"
_ASKS_WHY = re.compile(r"(?:^|[.!?,;:]\s*|\d\)\s*|"
                       r"\b(?:wait|but|so|and|ok|ask|wondering|know|tell\s+me)\s+)"
                       r"(?:why\b[^.!?]*|is\s+(?:it|this|that)\s+(?:safe|secure)[^.!?]*|"
                       # (Spanish: "para que necesitan mi social security?")
                       r"(?:para|por)\s+qu[eé]\b[^.!?]*)\?",
                       re.IGNORECASE)
WHY_RE = re.compile(
    r"\b(why|what\s+for|what\s+is\s+(it|this|that)\s+for|what'?s\s+(it|this|that)\s+for|"
    r"what\s+do\s+you\s+(need|want)\s+(it|this|that|my\s+\w+)(\s+for)?|is\s+(it|this)\s+(safe|secure)|"
    # ("do I have to give it?"; not "do I have to mail anything?", a question of its own)
    r"do\s+i\s+(really\s+)?have\s+to(\s+(answer|give|tell|type|provide|share|say|fill|enter|"
    r"do\s+(this|that|it))\b|\s*\?)|(?:para|por)\s+qu[eé]|es\s+seguro)\b", re.IGNORECASE)

# The words a question asked later in a longer message names the asked value by
_ASKED_WORDS = {
    "ssn": r"ssn|social|security|birth|dob", "date_of_birth": r"ssn|social|security|birth|dob",
    "signin_username": r"user\s*name", "new_username": r"user\s*name",
    "recovery_username": r"user\s*name", "signin_code": r"code",
    "new_email": r"e-?mail", "recovery_email": r"e-?mail",
}


def _asks_why_of(requested: str, text: str) -> bool:
    """A sentence of a longer message asks why the value asked for is needed ("wait before I
    type that... why do you need my social??"), naming it (a why about something else, "do I
    give you my SSN at some point, and why?", is not about this question)."""
    words = _ASKED_WORDS.get(requested)
    return bool(words) and any(re.search(rf"\b({words})\b", m.group(0), re.IGNORECASE)
                               for m in _ASKS_WHY.finditer(text))


USERNAME_SLOTS = frozenset({"new_username", "signin_username", "recovery_username"})
WHAT_IS_A_USERNAME = re.compile(
    r"\bwhat(?:'?s|\s+is|\s+does|\s+mean\w*)\s+(?:a\s+|the\s+|mean\s+)?user\s*name\b(?:\s+mean)?\s*\??|"
    r"\bis\s+(?:that|it|the\s+user\s*name)\s+(?:just\s+)?(?:his|her|my|your|their)\s+(?:real\s+)?name\b|"
    # "should my username be my new last name or my maiden name??"
    r"\b(?:should|does|do|can|must)\s+(?:my|the|her|his|a)\s+user\s*name\s+(?:be|have\s+to\s+be|"
    r"need\s+to\s+be|include|follow|use|have)\s+(?:my|her|his|the|a|this|that)\b|"
    # (asked where a username is asked) "does it matter what I pick? can it just be my first
    # and last name?"
    r"\bdoes\s+it\s+matter\s+what\s+(?:i|we|she|he)\s+(?:pick|choose|use)\b|"
    r"\bcan\s+it\s+(?:just\s+)?be\s+(?:my|her|his)\s+(?:\w+\s+){0,3}name\b",
    re.IGNORECASE)
USERNAME_MEANS = ("A username is the name used to sign in, chosen once when the account is made, "
                  "like jsmith2. It doesn't have to be the person's real name: 4-30 letters, "
                  "digits, dots, dashes or underscores, starting with a letter.")

# "my email use for username, can? or must different?", "can I just sign in with my email"
EMAIL_AS_USERNAME = re.compile(
    r"\be-?mail\b.{0,30}\b(as|for|be|instead\s+of)\s+(my\s+|the\s+|a\s+)?user\s*name\b|"
    r"\buser\s*name\b.{0,30}\b(be|use|same\s+as)\s+(my\s+|an?\s+)?e-?mail\b|"
    r"\b(sign|log)\s*in\s+with\s+(my\s+|an?\s+)?e-?mail\b", re.IGNORECASE)
EMAIL_IS_NO_USERNAME = {
    "new_username": "An email address can't be a username (a username has no @). Choose "
                    "4-30 letters, digits, dots, dashes or underscores, starting with a letter, "
                    "for example jsmith2.",
    "signin_username": "Signing in takes your username, not your email address. If you don't "
                       "remember it, say \"forgot username\" and I'll email it to you.",
    "recovery_username": "The reset needs your username, not your email address. If you don't "
                         "remember it, say \"forgot username\" and I'll email it to you.",
}


# Why each question is asked, said when someone asks.
WHY = {
    "signin_username": "Your username lets me find your account. I'll email a one-time code "
                       "to the address on it, so no password is needed here.",
    "signin_code": "The code proves it's you: it was emailed to the address on your account "
                   "and works once, for 10 minutes.",
    "ssn": "Your SSN and date of birth are how the certification system finds your educator "
           "record; linking connects that record to your username (one username per SSN). "
           "I use them only for that, and never repeat them. Once linked, you get an "
           "Educator ID: use it instead of your SSN when you contact Educator Certification "
           "and on the documents you mail.",
    "new_username": "You'll sign in with it here and on the state's portal. Only one username "
                    "per person: more than one blocks access to your records.",
    "new_email": "All correspondence from Educator Certification is sent by email, and the "
                 "link to set your password goes there too.",
    "recovery_email": "I'll send your username to the email address on your account.",
    "recovery_username": "The reset link goes to the email address on that username's account.",
    "first_name": "Your profile must show your proper/legal name, as on your documents (no "
                  "nicknames).",
    "contact_field": "Educator Certification sends all correspondence to the email address "
                     "on your profile, so keep it current; address and phone are there too.",
    "college_name": "You can add colleges you attended that aren't listed; DESE enters "
                    "everything else when your original transcripts arrive.",
    "conduct_step": "Every application includes the Professional Conduct questions. Answering "
                    "them truthfully and accepting the Sworn Statement lets DESE verify your "
                    "professional conduct statements.",
    "application_type": "Each certificate has its own application; I start the one you pick.",
}
WHY.update({"date_of_birth": WHY["ssn"], "middle_name": WHY["first_name"],
            "last_name": WHY["first_name"], "contact_value": WHY["contact_field"],
            "college_city": WHY["college_name"], "college_state": WHY["college_name"],
            "sworn_statement": WHY["conduct_step"], "apply_review": WHY["conduct_step"]})


def _asked_by_words(turn: Turn) -> bool:
    """The table of corrections reads the message as a question with an answer of its own
    (an FAQ, what a certificate needs), whatever the model read."""
    meant = corrected(turn.request, turn.text)
    # ("wait so they don't mail me a fancy paper one??" asks about a status: where it is
    # is said, and it is shown after the sign-in)
    return meant != turn.request and (meant.startswith("faq/")
                                      or meant == "certificate_requirements"
                                      or (meant in STATUS_INTENTS and "?" in turn.text)
                                      # "While I'm here, can I fix my last name?" (the form)
                                      or (meant == "change_personal_info" and "?" in turn.text))


# The words of a request for a person ("talk to a real person", "can someone call me")
_ASKS_FOR_A_PERSON = re.compile(r"\b(person|human|some\s*one|some\s*body|staff|agent|"
                                r"representative|help\s*desk|people|call|talk|speak|"
                                r"supervisor|manager|office)\b", re.IGNORECASE)


# "fine make me one", "can you create an account for me", "set me up a new username": an
# account to make, where a username to sign in with is asked
_MAKE_ME_ONE = re.compile(r"\b(make|create|set\s+up|open)\s+(me\s+|us\s+|her\s+|him\s+)?(up\s+)?"
                          r"(one|an?\s+(new\s+)?(account|acct|username|login))\b(?!\s+already)",
                          re.IGNORECASE)


class Decision(enum.Enum):
    ANSWER = "answer"
    INLINE = "inline"
    STOP = "stop"
    SWITCH = "switch"
    BACK = "back"
    CHANGE = "change"
    REPEAT = "repeat"  # the form's own request again ("I want to apply" while applying)


def decide(turn: Turn, kind: Kind, parsed: bool, own_intents: frozenset[str],
           can_change: bool = False, answers_questions: bool = False) -> Decision:
    """What to do with a message typed while a form asks for a slot of `kind`.

    `parsed`: the slot's parser found a value in the text. `own_intents`: the intents
    that start this form (asking for it again just repeats the question).
    `answers_questions`: the slot's validation answers the questions asked there itself
    (the Sworn Statement's, the review's), better than a general answer would.
    """
    if turn.is_payload:
        if turn.intent in ("affirm", "deny") and kind in (Kind.YES_NO, Kind.CHOICE):
            return Decision.ANSWER
        if turn.intent in ("stop", "goodbye"):
            return Decision.STOP
        if turn.intent in own_intents:
            return Decision.REPEAT
        if turn.intent in FLOWS:
            return Decision.SWITCH
        if turn.intent in INLINE:
            return Decision.INLINE
        return Decision.ANSWER
    if turn.intent == "sign_out" and not SIGN_OUT_WORDS.search(turn.text):
        # ("when does it run out" read as a sign-out): no sign-out without words that say it
        turn = dataclasses.replace(turn, intent="nlu_fallback", confidence=0.0, faq_key=None)
    if turn.is_stop or (turn.starts_with_stop and not (parsed and kind is Kind.VALUE)) or (
            turn.is_pause and kind is not Kind.FREE_TEXT):
        # ("oh ok nvm lol. can u send me my username then? my email is ...": the email asked
        # for, given after the "nvm", is the answer)
        # (an explanation may well say "I had to step out"; there only a plain stop counts)
        return Decision.STOP
    if turn.is_back:
        return Decision.BACK
    if can_change and turn.changed_question() is not None:
        return Decision.CHANGE
    if (turn.intent in ("forgot_password", "forgot_username") and turn.intent not in own_intents
            and (turn.confident(0.6) and FORGOT_PASSWORD.search(turn.text)
                 or turn.confident(0.5) and FORGOT_USERNAME.search(turn.text))):
        # "ok fine then reset my pw. its jsmith2" while a new account's username is asked:
        # the reset, with the username it names; never a new account called that. "wait. i
        # think i made one already back in march. cant remember the username tho": finding it
        return Decision.SWITCH
    if parsed:
        return Decision.ANSWER
    if kind is Kind.VALUE and _GO_AHEAD.search(turn.text):
        # "... I searched my email and theres nothing. can we just make it": on with this
        # form, its question again
        return Decision.REPEAT
    if turn.intent == "goodbye" and turn.confident(0.8) and turn.words <= 4:
        return Decision.STOP
    if kind is Kind.FREE_TEXT:
        # What is typed is the answer, unless it is clearly a question (short, or ending
        # in "?") that the model recognises, or a request for a person.
        short_question = (turn.ends_asking or (turn.is_question and turn.words <= 12)
                          or bool(_TERSE_ASK.match(turn.text)))
        if (turn.intent == "human_handoff" and turn.confident(0.8)
                and _ASKS_FOR_A_PERSON.search(turn.text)):
            # (never an explanation the model half-reads as one: "In 2014 in Seoul I paid a
            # small fine for a minor traffic accident. ... the case is closed.")
            return Decision.INLINE
        if turn.intent == "sign_out" and turn.confident(0.8):
            return Decision.SWITCH  # "please sign me out now, I'm on a school computer"
        if short_question and turn.confident(0.6):
            return _elsewhere(turn.intent, own_intents) or Decision.ANSWER
        if short_question and corrected(turn.request, turn.text).startswith("faq/"):
            # "do i put my social security number on it" when a college's name is asked
            # (after where transcripts go): a question its words name, answered there
            return Decision.INLINE
        if _asks_aside(turn, min_words=5):
            # "Does her background check need to be repeated?" is not a college's name nor
            # an explanation, even when the model is unsure which question it is.
            return Decision.INLINE
        return Decision.ANSWER
    if turn.confident(0.5):
        elsewhere = _elsewhere(turn.intent, own_intents)
        # Another flow is left for only on a sure reading: "ok im like 90% sure I never did
        # ... can we just make it" (read 0.52 as a password reset) is no request to leave.
        if elsewhere is not Decision.SWITCH or turn.confident(0.7):
            return elsewhere or Decision.ANSWER
    if kind is not Kind.FREE_TEXT and not answers_questions and (
            _asks_aside(turn, min_words=4) or (
                turn.is_question and turn.words >= 6 and turn.intent not in ("greet", "thanks"))):
        # "wait so they don't mail me a paper one??" when a username is asked, "wait quick q
        # can i just make a 2nd one later w a diff email" when an email is, "if u say yes on
        # one of these r they gonna auto deny u??" at a Yes/No question: a question (with or
        # without its "?"), answered as well as the model can, then the question again; never
        # the value.
        return Decision.INLINE
    if kind is Kind.VALUE and (("?" in turn.text and turn.words >= 6)
                               or (turn.is_question and turn.words >= 3)):
        # ("where do i mail it" when a username is asked: no username has spaces)
        # "I'm sorry, one more question before I type it, should I use my school email or my
        # personal one? I don't want to miss anything." when the email is asked: no value
        # was found in it, and it asks something
        return Decision.INLINE
    return Decision.ANSWER


# "transcript where", "fee how much": a question in two or three words, its question word last
_TERSE_ASK = re.compile(r"^(?!.*\b(?:know|sure|idk)\b)\W*(?:[\w'-]+\s+){1,3}"
                        r"(?:where|how|when|why|what|how\s+much|how\s+long)"
                        r"\W*$", re.IGNORECASE)


_GO_AHEAD = re.compile(r"\b(can\s+we|let'?s|please|just)\s+(just\s+)?(make|create|do|start|"
                       r"set\s+up|go\s+on\s+with)\s+(it|one|that|this|the\s+account)\s*(now|then|please)?"
                       r"[\s.!?]*$|^\W*(ok(ay)?[\s,]+)?go\s+ahead\b", re.IGNORECASE)


def _asks_aside(turn: Turn, min_words: int) -> bool:
    """A question of `min_words` or more, ending in "?", that the model reads (however
    unsure) as one answered in place or as a look at a status: not the value a form asked
    for. (A "?" inside is not enough: an explanation may start "why did I leave? I
    resigned...".)"""
    return (turn.ends_asking and turn.words >= min_words
            and (turn.intent in INLINE or turn.intent in STATUS_INTENTS)
            and turn.intent not in ("greet", "thanks"))


def _elsewhere(intent: str, own_intents: frozenset[str]) -> Decision | None:
    if intent in own_intents:
        return Decision.REPEAT
    if intent in FLOWS:
        return Decision.SWITCH
    if intent in INLINE:
        return Decision.INLINE
    return None


class FlowForm(FormValidationAction, ABC):
    """Base of every form's validation action (see the module doc)."""

    @abstractmethod
    def name(self) -> str:
        """The action's name, `validate_<form>` (abstract: rasa-sdk skips this base)."""

    #: intents that start this form
    own_intents: frozenset[str] = frozenset()
    #: slots that take free text
    free_text_slots: frozenset[str] = frozenset()
    #: slots answered with yes/no, and slots answered with one of a few options
    yes_no_slots: frozenset[str] = frozenset()
    choice_slots: frozenset[str] = frozenset()
    #: whether "change my answer to question N" means something here
    can_change: bool = False
    #: slots whose validation answers a question asked there itself
    question_slots: frozenset[str] = frozenset()

    def kind(self, slot: str, tracker: Tracker) -> Kind:
        if slot in self.free_text_slots:
            return Kind.FREE_TEXT
        if slot in self.yes_no_slots:
            return Kind.YES_NO
        if slot in self.choice_slots:
            return Kind.CHOICE
        return Kind.VALUE

    async def parses(self, slot: str, turn: Turn, tracker: Tracker) -> bool:
        """Whether the text holds a value for `slot` (forms override per slot)."""
        return False

    async def _gives_later_value(self, requested: str, turn: Turn,
                                 dispatcher: CollectingDispatcher, tracker: Tracker,
                                 domain: DomainDict) -> bool:
        """The message holds a value with a shape (an email, a code, a date) for another
        slot of this form that is still empty."""
        slots = await self.required_slots(self.domain_slots(domain), dispatcher, tracker, domain)
        for slot in slots:
            if (slot != requested and tracker.get_slot(slot) is None
                    and not slot.startswith("signin_")  # (any digit "parses" as a code)
                    and self.kind(slot, tracker) is Kind.VALUE
                    and await self.parses(slot, turn, tracker)):
                return True
        return False

    async def get_validation_events(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                                    domain: DomainDict) -> list[EventType]:
        """rasa-sdk validates every slot set since the message, resets included: a form
        started by a switch ("also, my university is not showing. kindly add the same" in
        the which-application questions) saw the sign-in slots the switch had cleared, and
        validated None as a username (a code was sent to "None") and as a code. A cleared
        slot is not an answer: it stays cleared, unvalidated."""
        every_candidate = tracker.slots_to_validate
        tracker.slots_to_validate = lambda: {  # type: ignore[method-assign]
            name: value for name, value in every_candidate().items() if value is not None}
        try:
            return await super().get_validation_events(dispatcher, tracker, domain)
        finally:
            del tracker.slots_to_validate

    def switch_to(self, turn: Turn) -> str:
        """The request a SWITCH hands to the router (forms may refine it)."""
        return turn.request

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> list[EventType]:
        requested = tracker.get_slot(REQUESTED_SLOT)
        if requested is None:
            # The form is starting: fill what the first message already says.
            return await super().run(dispatcher, tracker, domain)
        turn = Turn.of(tracker)
        if (not turn.is_payload and self.kind(requested, tracker) is not Kind.FREE_TEXT
                and (PERSON.search(turn.text) or SOMEONE_TO_HELP.search(turn.text))):
            # "this is a mess. just get me a human" where an email is asked (read 0.4 as a
            # handoff), "could a real person help me sort this out?" (read as "are you a
            # bot?"): a person, asked in so many words, whatever the model read; the form
            # waits. (Not in an explanation, which may tell of talking to a person.)
            turn = dataclasses.replace(turn, intent="human_handoff", confidence=1.0,
                                       faq_key=None)
        if (requested == "signin_username" and not turn.is_payload
                and _MAKE_ME_ONE.search(turn.text)):
            # "fine make me one. username jsmith2" when the sign-in asks for a username (to
            # apply, with no account yet): the account is made, with the username it names
            return [SlotSet(STOPPED_SLOT, "switch"), SlotSet(SWITCH_SLOT, "create_account"),
                    SlotSet(REQUESTED_SLOT, None)]
        if not turn.is_payload and asks_about_the_password(turn.text):
            # "before that - do I need the pw to sign in here in chat?": the answer, and the
            # question again (no sign-in started over the form)
            dispatcher.utter_message(text=PASSWORD_NOT_HERE)
            return [SlotSet(INTERRUPTED_SLOT, "why"), SlotSet(REQUESTED_SLOT, requested)]
        if (requested in USERNAME_SLOTS and not turn.is_payload
                and WHAT_IS_A_USERNAME.search(turn.text)):
            # "What is a user name? Is that just his name?": what it is, not a lost one
            dispatcher.utter_message(text=USERNAME_MEANS)
            if SECOND_ACCOUNT.search(turn.text):
                # "... and do i need a seperate one for each certificate or just the one"
                await answer_faq("two_usernames", tracker, dispatcher)
            return [SlotSet(INTERRUPTED_SLOT, "why"), SlotSet(REQUESTED_SLOT, requested)]
        if (requested in USERNAME_SLOTS and not turn.is_payload
                and (("@" not in turn.text and EMAIL_AS_USERNAME.search(turn.text))
                     or just_an_email(turn.text))):
            # "my email use for username, can?": the answer, and the username asked again
            dispatcher.utter_message(text=EMAIL_IS_NO_USERNAME[requested])
            return [SlotSet(INTERRUPTED_SLOT, "why"), SlotSet(REQUESTED_SLOT, requested)]
        if (requested in WHY and not turn.is_payload
                and (turn.words <= 12 or _STARTS_WHY.match(turn.text)
                     or _asks_why_of(requested, turn.text))
                and WHY_RE.search(turn.text)
                # ("Why not? What's the harm in having a second one?" asks about accounts)
                and not SECOND_ACCOUNT.search(turn.text)
                and not await self.parses(requested, turn, tracker)):
            dispatcher.utter_message(text=WHY[requested])
            return [SlotSet(INTERRUPTED_SLOT, "why"), SlotSet(REQUESTED_SLOT, requested)]
        parsed = await self.parses(requested, turn, tracker)
        decision = decide(turn, self.kind(requested, tracker), parsed, self.own_intents,
                          self.can_change, requested in self.question_slots)
        if (decision in (Decision.ANSWER, Decision.REPEAT) and not parsed
                and not turn.is_payload and self.kind(requested, tracker) is Kind.VALUE
                and _asked_by_words(turn)):
            # "wait befor that. i sub for 2 districts can i make one username for each of
            # them or no" where a username is asked: the words ask a question, answered
            decision = Decision.INLINE
        if (decision is Decision.SWITCH and not turn.is_payload and _asked_by_words(turn)
                and "?" in turn.text):
            # "oye, y si mejor hago una cuenta nueva?" while a username is recovered: a
            # question (whether a second account is allowed), answered in place; the form
            # stays
            decision = Decision.INLINE
        if decision in (Decision.INLINE, Decision.REPEAT) and await self._gives_later_value(
                requested, turn, dispatcher, tracker, domain):
            # "ok make one. name is tyler brooks, email t@example.org" when the username is
            # asked: the email is kept (and the username asked again), not lost to an answer
            decision = Decision.ANSWER
        logger.debug("form %s, slot %s: %s", self.form_name(), requested, decision.value)
        if decision is Decision.ANSWER:
            return await super().run(dispatcher, tracker, domain)
        if decision is Decision.INLINE:
            events = await answer_inline(turn, tracker, dispatcher, in_form=True)
            return events + [SlotSet(INTERRUPTED_SLOT, turn.intent),
                             SlotSet(REQUESTED_SLOT, requested)]
        if decision is Decision.REPEAT:
            # (the question again, without a "back to where we were": nothing came between)
            return [SlotSet(INTERRUPTED_SLOT, "repeat"), SlotSet(REQUESTED_SLOT, requested)]
        if decision is Decision.BACK:
            return await self.go_back(requested, dispatcher, tracker, domain)
        if decision is Decision.CHANGE:
            return await self.change_answer(turn.changed_question() or 0, dispatcher, tracker,
                                            domain)
        if decision is Decision.SWITCH:
            if (self.switch_to(turn).startswith("apply")
                    and self.form_name() not in ("apply_form", "which_application_form")):
                from actions.apply import recommend_in_place  # (apply.py imports this module)

                if await recommend_in_place(turn, tracker, dispatcher):
                    return [SlotSet(INTERRUPTED_SLOT, "apply"), SlotSet(REQUESTED_SLOT, requested)]
            return [SlotSet(STOPPED_SLOT, "switch"), SlotSet(SWITCH_SLOT, self.switch_to(turn)),
                    SlotSet(REQUESTED_SLOT, None)]
        return [SlotSet(STOPPED_SLOT, "stop"), SlotSet(REQUESTED_SLOT, None)]

    async def next_requested_slot(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                                  domain: DomainDict) -> EventType | None:
        # A validation that stopped the flow (nothing to apply for, a declined statement)
        # ends the form: the finishing action says why.
        if tracker.get_slot(STOPPED_SLOT):
            return SlotSet(REQUESTED_SLOT, None)
        return await super().next_requested_slot(dispatcher, tracker, domain)

    async def go_back(self, requested: str, dispatcher: CollectingDispatcher,
                      tracker: Tracker, domain: DomainDict) -> list[EventType]:
        """Ask the previous question again (the answer given to it is dropped)."""
        required = await self.required_slots(self.domain_slots(domain), dispatcher, tracker,
                                             domain)
        asked = [s for s in required if s not in ("signin_username", "signin_code")]
        if requested in asked and asked.index(requested) > 0:
            previous = asked[asked.index(requested) - 1]
            return [SlotSet(previous, None), SlotSet(INTERRUPTED_SLOT, "back"),
                    SlotSet(REQUESTED_SLOT, previous)]
        dispatcher.utter_message(text="This is the first question, so there's nothing to go "
                                      "back to. Say \"stop\" if you'd rather not go on.")
        return [SlotSet(INTERRUPTED_SLOT, "back"), SlotSet(REQUESTED_SLOT, requested)]

    async def change_answer(self, number: int, dispatcher: CollectingDispatcher,
                            tracker: Tracker, domain: DomainDict) -> list[EventType]:
        requested = tracker.get_slot(REQUESTED_SLOT)
        return [SlotSet(INTERRUPTED_SLOT, "change"), SlotSet(REQUESTED_SLOT, requested)]


class FlowFinish(Action, ABC):
    """Base of every form's finishing action: a form that was stopped or paused for
    another request says what was kept, instead of finishing."""

    @abstractmethod
    def name(self) -> str:
        """The action's name (abstract: rasa-sdk registers only the subclasses)."""

    #: what the flow is, for "I've stopped <flow>"
    flow_label = "that"
    #: slots to clear whenever the flow ends
    flow_slots: tuple[str, ...] = ()

    def stopped_note(self, tracker: Tracker) -> str:
        """What was kept when the flow stopped (forms with saved state override it)."""
        return ""

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> list[EventType]:
        stopped = tracker.get_slot(STOPPED_SLOT)
        clear: list[EventType] = [SlotSet(s, None) for s in self.flow_slots]
        clear += [SlotSet(STOPPED_SLOT, None), SlotSet(INTERRUPTED_SLOT, None)]
        if stopped != "switch":
            clear.append(SlotSet(SWITCH_SLOT, None))
        if not stopped:
            return await self.finish(dispatcher, tracker, domain) + clear
        note = self.stopped_note(tracker)
        turn = Turn.of(tracker)
        if stopped == "switch":
            if note:
                dispatcher.utter_message(text=f"I've paused {self.flow_label}. {note}")
            return clear + _forget_unfinished_sign_in(tracker) + [
                FollowupAction("action_route")]
        text = f"Okay, I've stopped {self.flow_label}."
        if note:
            text += f" {note}"
        if turn.intent == "goodbye" or (not turn.is_payload and _SAYS_BYE.search(turn.text)):
            dispatcher.utter_message(text=text + " Goodbye, and good luck with your "
                                                 "certification!")
        else:
            dispatcher.utter_message(text=text + " What would you like to do instead?",
                                     buttons=MAIN_MENU)
        return clear + _forget_unfinished_sign_in(tracker)

    async def finish(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                     domain: DomainDict) -> list[EventType]:
        raise NotImplementedError


# "Thanks!! I'll finish the rest after my kiddos go home 🍎 bye for now!" (read as thanks): a
# goodbye said with the pause
_SAYS_BYE = re.compile(r"\b(bye|goodbye|good\s*night|see\s+(you|ya)|ttyl|talk\s+to\s+(you|u)\s+"
                       r"later)\b", re.IGNORECASE)


def _forget_unfinished_sign_in(tracker: Tracker) -> list[EventType]:
    """A sign-in that was not finished starts again from the username next time."""
    events: list[EventType] = [SlotSet("signin_code", None), SlotSet("pending_request", None)]
    if not tracker.get_slot("access_token"):
        events.append(SlotSet("signin_username", None))
    return events


def resume_prefix(tracker: Tracker) -> tuple[str, list[EventType]]:
    """What an ask action says before asking again after an interruption."""
    if tracker.get_slot(INTERRUPTED_SLOT) in QUIET_INTERRUPTIONS | {None}:
        return "", ([SlotSet(INTERRUPTED_SLOT, None)]
                    if tracker.get_slot(INTERRUPTED_SLOT) else [])
    return "Now, back to where we were. ", [SlotSet(INTERRUPTED_SLOT, None)]


def slot_value(events: list[EventType], slot: str) -> Any:
    """The last value `events` give `slot` (None when they do not set it)."""
    value = None
    for event in events:
        if event.get("event") == "slot" and event.get("name") == slot:
            value = event.get("value")
    return value
