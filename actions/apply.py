"""Applications: "which application do I need?" and applying (Professional Conduct
questions, Sworn Statement, a review of the answers, submit, mailing checklist).

The application lives in the backend from the moment its type is chosen: every answer
is saved as it is given, so stopping keeps a draft, and applying again continues
exactly where it stopped (the next unanswered question, the Sworn Statement, or the
review).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.forms import REQUESTED_SLOT
from rasa_sdk.types import DomainDict

from actions.answers import (
    TAKEN_BACK,
    answer_inline,
    match_type,
    typed_by_an_administrator,
    without_negated,
)
from actions.asks import ask, make_ask_action
from actions.backend_client import BackendClient, BackendError, BackendUnavailable
from actions.common import (
    BACKEND_DOWN,
    INTERRUPTED_SLOT,
    NO_WORDS,
    OFFER_SLOT,
    POPUP_NOTE,
    YES_WORDS,
    client_for,
    form_texts,
    last_answer,
    latest_text,
    payload,
    session_expired,
    signed_in,
    yes_no_buttons,
)
from actions.flow import (
    STOPPED_SLOT,
    SWITCH_SLOT,
    FlowFinish,
    FlowForm,
    Kind,
    slot_value,
)
from actions.parsing import STATE_NAMES
from actions.readings import CONTINUE_APPLICATION, PICK_IT_UP, corrected
from actions.reference import application_types, mailing_address, reference
from actions.signin import SignInMixin
from actions.status import refusal
from actions.turns import STATUS_INTENTS, Turn, plain_answer

logger = logging.getLogger(__name__)

# ---------------------------------------------------------------- which application
WA_SLOTS = ["wa_holds_cert", "wa_goal", "wa_expiry", "wa_prep", "wa_path"]

WA_CHOICES: dict[str, list[tuple[str, str, tuple[str, ...]]]] = {
    # slot: [(value, button title, keywords)]
    "wa_goal": [
        ("upgrade", "Upgrade my current certificate", ("upgrade", "renew", "continuous",
                                                       "ccpc", "expir")),
        ("additional", "Add a subject or grade area", ("add", "another area", "subject",
                                                       "endorsement", "additional")),
        ("administrator", "Become an administrator", ("admin", "principal", "superintendent")),
        # (before Student Services: "I saw Student Services in the list and wasn't sure if
        # that covers SLPs")
        ("slp", "Speech-language pathologist", ("speech", " slp", "language patholog")),
        ("student_services", "Counselor or school psychologist",
         ("counsel", "psycholog", "student services")),
        ("career_education", "Career/technical education", ("career", "vocational",
                                                            "technical", "cte")),
    ],
    "wa_expiry": [
        ("window", "In 30 to 60 days", ("30 to 60", "30-60", "between", "next month",
                                        "in a month", "6 weeks", "six weeks")),
        ("early", "More than 60 days from now", ("more than", "later", "over 60", "next year",
                                                  "years", "months from now")),
        ("late", "In less than 30 days or already expired", ("less than", "expired",
                                                              "already", "this week",
                                                              "soon", "lapsed")),
    ],
    "wa_prep": [
        ("mo_program", "A Missouri-approved program", ("missouri", " mo ", "mo-approved",
                                                       "mo approved", "in state",
                                                       "in-state")),
        ("other_state", "A program in another state", ("another state", "other state",
                                                        "out of state", "out-of-state",
                                                        "different state")),
        ("none", "I haven't completed one", ("haven't", "havent", "not completed", "none",
                                             "no program", "didn't", "didnt", "not yet",
                                             "no ", "never")),
    ],
    "wa_path": [
        ("substitute", "Substitute teaching", ("substitut", " sub ", "subbing")),
        ("tac", "A district wants to hire me to teach", ("district", "hire", "tac",
                                                          "temporary", "job offer")),
        ("career_education", "Career/technical education", ("career", "vocational",
                                                            "technical", "cte", "trade")),
        ("program", "I plan to complete a program first", ("program", "plan", "first",
                                                            "student", "college")),
    ],
}

WA_QUESTIONS = {
    "wa_holds_cert": "Do you already hold a Missouri educator certificate?",
    "wa_goal": "What would you like to do?",
    "wa_expiry": "When does your current certificate expire?",
    "wa_prep": "Where did you complete your educator preparation program?",
    "wa_path": "Which describes you best?",
}
WA_INTRO = "I'll ask a few short questions to find which application fits you."
_OTHER_STATES = tuple(name for name in STATE_NAMES if name != "missouri")


WA_ASK_ACTIONS = [make_ask_action("wa_holds_cert", WA_QUESTIONS["wa_holds_cert"],
                                  [{"title": "Yes", "payload": "yes"},
                                   {"title": "No", "payload": "no"}])] + [
    make_ask_action(slot, WA_QUESTIONS[slot],
                    [{"title": title, "payload": title} for _v, title, _k in WA_CHOICES[slot]])
    for slot in ("wa_goal", "wa_expiry", "wa_prep", "wa_path")]


def _choice(slot: str, text: str) -> str | None:
    t = f" {text.lower().strip()} "
    for value, title, _keywords in WA_CHOICES[slot]:
        if t.strip() in (title.lower(), value):
            return value
    for value, _title, keywords in WA_CHOICES[slot]:
        if any(k in t for k in keywords):
            return value
    return None


_EXPIRES_IN = re.compile(r"\b(?:expires?|expiring|runs?\s+out|ends?|up)\s+(?:in\s+)?"
                         r"(?:like\s+|about\s+)?(?P<n>\d+|one|two|three|four|five|six|seven|eight|nine|ten)\s+"
                         r"(?P<unit>days?|weeks?|wks?|months?)\b", re.IGNORECASE)
_NUMBER_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
                 "eight": 8, "nine": 9, "ten": 10}


def expiry_in(text: str) -> str | None:
    """When a certificate expires, said as a span ("my certificate expires in 5 weeks"): the
    which-application answer for it (30-60 days is the upgrade's window)."""
    m = _EXPIRES_IN.search(text)
    if not m:
        return None
    n = int(m.group("n")) if m.group("n").isdigit() else _NUMBER_WORDS[m.group("n").lower()]
    unit = m.group("unit").lower()
    days = n * (1 if unit.startswith("d") else 7 if unit.startswith("w") else 30)
    return "late" if days < 30 else "window" if days <= 60 else "early"


def situation_in(text: str, goals: bool = True) -> dict[str, str]:
    """What a request already says about the person ("I'm from Kansas and want to
    teach here", "I want to sub"), as answers to the which-application questions.
    `goals=False`: not the goals its words name (said earlier, "I am the principal at ..."
    tells who is typing, not what they want)."""
    t = f" {' '.join(re.findall(r'[a-z0-9]+', without_negated(text).lower()))} "
    found: dict[str, str] = {}
    for value in ("administrator", "slp", "student_services", "career_education"):
        if goals and _choice("wa_goal", t) == value and not (
                value == "administrator" and typed_by_an_administrator(t)):
            found["wa_goal"] = value
    if re.search(r" (substitut\w*|sub|subbing) ", t):
        return {"wa_path": "substitute"}
    # (not "our new 4th grade teacher": who is typing for whom)
    if re.search(r" (add|another|additional|new) (\w+ )?(subject|area|endorsement|grade)"
                 r"(?! (teachers?|students?|class|classroom|position|job|hire)\b)", t) \
            or _ADD_TO_A_CERTIFICATE.search(t):
        return {"wa_goal": "additional"}
    if re.search(r" (upgrade|renew\w*|ccpc|career continuous) ", t):
        expiry = expiry_in(text)
        return {"wa_goal": "upgrade", **({"wa_expiry": expiry} if expiry else {})}
    if any(f" {name} " in t for name in _OTHER_STATES) or re.search(
            r" (out of state|another state|other state|different state) ", t):
        return found or {"wa_prep": "other_state"}
    if not found and _MISSOURI_PROGRAM.search(t) and _GRADUATING.search(t):
        # "just graduated from truman state in may w elem ed degree": a Missouri program
        return {"wa_prep": "mo_program"}
    return found


# "which app do i use to add health to my cert", "I am already having Elementary Education
# 1-6 certificate. Now I wish to add ESL also" (lower case, words only)
_ADD_TO_A_CERTIFICATE = re.compile(
    r" add(ing)? (\w+ ){0,4}(to|on|onto) (my|the|a) (\w+ ){0,2}(cert|certificate|certification|"
    r"license) |"
    r" (have|having|hold|holding|got) (\w+ ){0,6}(cert|certificate|certification)( \w+){0,12} "
    r"add(ing)? (?!((a|an|my|the|new|another) )*(address|phone|email|e mail|college|university|"
    r"school|name|transcript))")

# Missouri's educator preparation institutions as people name them (lower case, words only)
_MISSOURI_PROGRAM = re.compile(
    r" (mizzou|umkc|umsl|ucm|semo|slu|truman( state)?|central missouri|missouri state|"
    r"southeast missouri|northwest missouri|southern missouri|missouri southern|"
    r"missouri western|university of missouri|lincoln university|saint louis university|"
    r"st louis university|washington university|wash u|webster|lindenwood|rockhurst|"
    r"william woods|william jewell|drury|evangel|southwest baptist|harris stowe|"
    r"park university|columbia college|maryville|fontbonne|avila|westminster college|"
    r"stephens college|culver stockton|hannibal lagrange|central methodist|"
    r"college of the ozarks|missouri baptist|missouri valley|a missouri (college|university|"
    r"program)|(college|university|program) in missouri) ")
_GRADUATING = re.compile(r" (graduat\w*|grad|finish\w*|complet\w*|degree|bs|ba|bse|"
                         r"bachelor\w*|master\w*|student teach\w*) ")


class ValidateWhichApplicationForm(FlowForm):
    own_intents = frozenset()
    yes_no_slots = frozenset({"wa_holds_cert"})
    choice_slots = frozenset({"wa_goal", "wa_expiry", "wa_prep", "wa_path"})

    def name(self) -> str:
        return "validate_which_application_form"

    async def required_slots(self, domain_slots: list[str], dispatcher: CollectingDispatcher,
                             tracker: Tracker, domain: DomainDict) -> list[str]:
        holds, goal, path, prep = (tracker.get_slot(s) for s in
                                   ("wa_holds_cert", "wa_goal", "wa_path", "wa_prep"))
        # Answered slots stay listed: rasa-sdk validates only the slots listed here.
        answered = [s for s in ("wa_holds_cert", "wa_prep") if tracker.get_slot(s)]
        if goal and goal != "upgrade":
            return answered + ["wa_goal"]
        if path:
            return answered + ["wa_path"]
        if prep and prep != "none":
            return answered
        if holds is None and goal is None and prep is None:
            return ["wa_holds_cert"]
        if holds == "yes" or goal == "upgrade":
            return answered + ["wa_goal"] + (["wa_expiry"] if goal == "upgrade" else [])
        return answered + ([] if "wa_prep" in answered else ["wa_prep"]) + (
            ["wa_path"] if prep == "none" else [])

    async def parses(self, slot: str, turn: Turn, tracker: Tracker) -> bool:
        if await self._chosen_type(turn, tracker):
            return True  # (run() starts it)
        if slot == "wa_holds_cert":
            return yes_no_answer(turn) is not None
        return slot in WA_CHOICES and _choice(slot, turn.text) is not None

    @staticmethod
    async def _chosen_type(turn: Turn, tracker: Tracker) -> dict[str, Any] | None:
        """ "ok start the initial professional one", "the substitute one. the district wants
        me to have that first ...": the person has chosen already (a type named at the start,
        the rest a reason)."""
        if turn.is_payload:
            return None
        named = THE_X_ONE.match(turn.text)
        if not (START_TYPE.search(turn.text) or named):
            return None
        try:
            return match_type(await application_types(tracker),
                              named.group(0) if named else turn.text)
        except (BackendUnavailable, BackendError):
            return None

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> list[EventType]:
        turn = Turn.of(tracker)
        typ = (await self._chosen_type(turn, tracker)
               if tracker.get_slot(REQUESTED_SLOT) else None)
        if typ:
            return [SlotSet(STOPPED_SLOT, "switch"), SlotSet(SWITCH_SLOT, f"apply:{typ['code']}"),
                    SlotSet(REQUESTED_SLOT, None)]
        return await super().run(dispatcher, tracker, domain)

    async def extract_wa_holds_cert(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                                    domain: DomainDict) -> dict[str, Any]:
        if tracker.get_slot(REQUESTED_SLOT) != "wa_holds_cert":
            return {}
        answer = yes_no_answer(Turn.of(tracker))
        if answer is None:
            return {"wa_holds_cert": "__invalid__"}
        return {"wa_holds_cert": "yes" if answer else "no"}

    async def _extract(self, slot: str, tracker: Tracker) -> dict[str, Any]:
        if tracker.get_slot(REQUESTED_SLOT) != slot:
            return {}
        return {slot: _choice(slot, latest_text(tracker)) or "__invalid__"}

    async def extract_wa_goal(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                              domain: DomainDict) -> dict[str, Any]:
        return await self._extract("wa_goal", tracker)

    async def extract_wa_expiry(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                                domain: DomainDict) -> dict[str, Any]:
        return await self._extract("wa_expiry", tracker)

    async def extract_wa_prep(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                              domain: DomainDict) -> dict[str, Any]:
        return await self._extract("wa_prep", tracker)

    async def extract_wa_path(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                              domain: DomainDict) -> dict[str, Any]:
        return await self._extract("wa_path", tracker)

    @staticmethod
    def _check(slot: str, value: Any, dispatcher: CollectingDispatcher) -> dict[str, Any]:
        if value == "__invalid__":
            dispatcher.utter_message(text="Please pick one of the options.")
            return {slot: None}
        return {slot: value}

    async def validate_wa_holds_cert(self, value: Any, dispatcher: CollectingDispatcher,
                                     tracker: Tracker, domain: DomainDict) -> dict[str, Any]:
        if value == "__invalid__":
            dispatcher.utter_message(text="Please answer yes or no.")
            return {"wa_holds_cert": None}
        return {"wa_holds_cert": value}

    async def validate_wa_goal(self, value: Any, dispatcher: CollectingDispatcher,
                               tracker: Tracker, domain: DomainDict) -> dict[str, Any]:
        return self._check("wa_goal", value, dispatcher)

    async def validate_wa_expiry(self, value: Any, dispatcher: CollectingDispatcher,
                                 tracker: Tracker, domain: DomainDict) -> dict[str, Any]:
        return self._check("wa_expiry", value, dispatcher)

    async def validate_wa_prep(self, value: Any, dispatcher: CollectingDispatcher,
                               tracker: Tracker, domain: DomainDict) -> dict[str, Any]:
        return self._check("wa_prep", value, dispatcher)

    async def validate_wa_path(self, value: Any, dispatcher: CollectingDispatcher,
                               tracker: Tracker, domain: DomainDict) -> dict[str, Any]:
        return self._check("wa_path", value, dispatcher)


def recommendation_key(tracker: Tracker) -> str:
    return _recommendation_key(tracker.get_slot)


def _recommendation_key(answer: Callable[[str], Any]) -> str:
    """The recommendation the which-application answers lead to (`answer(slot)`)."""
    goal = answer("wa_goal")
    if goal:
        return f"upgrade_{answer('wa_expiry') or 'window'}" if goal == "upgrade" else str(goal)
    if answer("wa_path"):
        return str(answer("wa_path"))
    prep = answer("wa_prep")
    if prep and prep != "none":
        return str(prep)
    return "program"


async def recommend_in_place(turn: Turn, tracker: Tracker,
                             dispatcher: CollectingDispatcher) -> bool:
    """A which-application question asked inside another form ("Quick question before I give
    you his email. He finished his teaching program in Kansas, not Missouri. Which application
    will he end up filing?"): the recommendation its words allow, said in place, so that the
    form goes on (said: whether one was given)."""
    situation = situation_in(turn.text) if not turn.is_payload else {}
    if not situation or not WHICH_RE.search(turn.text):
        return False
    try:
        rec, typ = await _recommended(tracker, _recommendation_key(situation.get))
    except (BackendUnavailable, BackendError):
        return False
    if typ is None:
        return False
    dispatcher.utter_message(text=f"That would be the {typ.get('name')} application, because "
                                  f"{rec.get('reason')} I can start it once we've finished "
                                  "here.")
    return True


async def _recommended(tracker: Tracker,
                       key: str) -> tuple[dict[str, Any], dict[str, Any] | None]:
    """The reference data's recommendation for `key` (its reason) and the application type it
    names (None when there is none)."""
    facts = await reference(tracker)
    types = {t["code"]: t for t in await application_types(tracker)}
    rec = (facts.get("recommendations") or {}).get(key) or {}
    return rec, types.get(str(rec.get("type")))


class ActionRecommendApplication(FlowFinish):
    flow_label = "finding your application"
    flow_slots = tuple(WA_SLOTS)

    def name(self) -> str:
        return "action_recommend_application"

    async def finish(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                     domain: DomainDict) -> list[EventType]:
        try:
            rec, typ = await _recommended(tracker, recommendation_key(tracker))
        except (BackendUnavailable, BackendError):
            dispatcher.utter_message(text=BACKEND_DOWN)
            return []
        if typ is None:
            dispatcher.utter_message(text="I couldn't work that out. The help desk can tell "
                                          "you which application fits.",
                                     buttons=[{"title": "Talk to a person",
                                               "payload": "/human_handoff"}])
            return []
        name = typ.get("name")
        text = f"I recommend the {name} application, because {rec.get('reason')}"
        if typ.get("fee"):
            text += f" The application fee is ${typ['fee']}."
        if typ["code"] == "temporary_authorization":
            dispatcher.utter_message(text=text, buttons=[
                {"title": f"What does {name} need?",
                 "payload": payload("certificate_requirements", application_type=typ["code"])},
                {"title": "Talk to a person", "payload": "/human_handoff"}])
            return []
        buttons = [{"title": f"Start the {name} application",
                    "payload": payload("apply", application_type=typ["code"])},
                   {"title": f"What does {name} need?",
                    "payload": payload("certificate_requirements", application_type=typ["code"])}]
        if not signed_in(tracker) and any(_FROM_SCRATCH.search(t) for t in
                                          form_texts(tracker, "which_application_form")):
            # "I've never touched the Missouri certification system. Where do I even start?"
            text = (f"First step: a certification account (one per person), which I can create "
                    f"here; then you link it to your record and apply. {text}")
            buttons.insert(0, {"title": "Create an account", "payload": "/create_account"})
        dispatcher.utter_message(text=text + " Would you like to start it now?", buttons=buttons)
        return [SlotSet(OFFER_SLOT, f"apply:{typ['code']}")]


# ---------------------------------------------------------------- apply
APPLY_SLOTS = ["application_type", "conduct_step", "sworn_statement", "apply_review"]
APPLY_STATE_SLOTS = ["application_id", "conduct_index", "conduct_pending_yes",
                     "apply_reviewing"]
ACCEPT_RE = re.compile(r"\b(i\s+accept|accept(s|ed)?|i\s+agree|agree[sd]?|acepto)\b", re.IGNORECASE)
DECLINE_RE = re.compile(r"\b(not\s+accept|don'?t\s+accept|do\s+not\s+accept|decline|"
                        r"refuse|don'?t\s+agree|disagree|reject)\b", re.IGNORECASE)
SUBMIT_RE = re.compile(r"\b(submit|send\s+it|send\s+to\s+dese|file\s+it|go\s+ahead|"
                       r"looks?\s+good|all\s+good|confirm|correct|that'?s\s+right|done)\b",
                       re.IGNORECASE)
WHICH_RE = re.compile(
    # ("I need to apply for my Initial Professional certificate. I'm not sure how this works
    # anymore": unsure of the steps, not of the type)
    r"\b(help me (choose|pick|decide)|not sure(?!\s+(how|about|if|whether|why|when|where))|"
    r"which (one|application)|"
    r"don'?t know which|no idea which|"
    r"(which|what) (kind of |type of )?(certificate |teaching |cert )?"
    r"(application|app|certificate|cert|one) (should|do|would|must|am|shall) i|"
    r"supposed to (fill|apply|choose|pick))\b", re.IGNORECASE)
# A choice said with doubt, often with a "?" at the end: still a choice
_HEDGED_PICK = re.compile(r"^\W*(?:(?:ok(?:ay)?|hmm+|um+|so)\W+)?(?:i'?m\s+(?:pretty|fairly|almost|"
                          r"quite)\s+sure|i\s+(?:think|guess|believe|suppose)|probably|prob|"
                          r"maybe|must\s+be|sounds\s+like)\b", re.IGNORECASE)
START_TYPE = re.compile(r"\b(start|begin|apply( for)?|go with|do|want|choose|pick)\b",
                        re.IGNORECASE)
DONT_KNOW_RE = re.compile(r"\b(i )?(don'?t|do not|dont) know\b|\bno idea\b|\bnot sure\b|"
                          r"\bidk\b", re.IGNORECASE)
_WHICH_ONE_FOR_ME = re.compile(r"\b(the\s+one|which\s+one|which\s+application|i\s+(think\s+i\s+)?"
                               r"need|should\s+i|do\s+i\s+need|is\s+it\s+the)\b", re.IGNORECASE)
# An application type named as "the X one" / "the X application" (X checked with match_type)
_THE_X_ONE = r"(?:the|a|an)\s+[\w\s'-]{3,40}?\s+(?:one|application|app|cert(?:ificate)?)\b"
# "the substitute one. the district wants me to have that first ...": chosen at the start
THE_X_ONE = re.compile(r"^\W*(?:ok(?:ay)?\W+)?" + _THE_X_ONE, re.IGNORECASE)
# "Yes, the additional one for add new area." at a conduct question
_YES_THE_TYPE = re.compile(r"^\W*(?:yes|yeah|yep|yup|s[ií])\b[\s,.!]+(?:it'?s\s+|for\s+)?"
                           + _THE_X_ONE, re.IGNORECASE)
BLOCKED = "blocked"  # the flow_stopped value when there is nothing to apply for
DECLINED = "declined"
HELD = "held"  # "don't submit yet, keep it as a draft" at the review: signed, not submitted

# Another application asked for while one is under way ("switch me to the initial
# professional one", "start the Additional application instead")
# ("Sorry, I choose wrong. ... I want Initial Professional, not Substitute")
_WRONG_ONE = re.compile(r"\bwrong\s+(application|app|one|type)\b|\b(chose|choose|picked|pick|"
                        r"selected|clicked|started)\s+(the\s+)?wrong\b", re.IGNORECASE)
_SWITCH_TYPE = re.compile(r"\b(switch|change|swap|move)\b.{0,40}\b(to|over|for)\b|\binstead\b|"
                          + _WRONG_ONE.pattern + "|" + TAKEN_BACK.pattern, re.IGNORECASE)

# At the review: not now ("Hold on, don't submit yet", "keep it as a draft", "not yet")
_NOT_YET = re.compile(
    r"\b(?:don'?t|do\s+not|not|never)\s+(?:submit|send|file)\b|^\W*(?:no,?\s+)?not\s+yet\b|"
    r"\b(?:keep|leave|save)\s+(?:it|this|that|my\s+application|the\s+application)\s+"
    r"(?:as\s+)?(?:a\s+)?draft\b|\bhold\s+off\b", re.IGNORECASE)


# "Before I accept, ...", "if I accept": the signature spoken of, not given
_ACCEPT_LATER = re.compile(r"\b(before|if|until|when|once)\s+(i|we|she|he)\s+(accept|agree|sign)\b",
                           re.IGNORECASE)

# Said with the signature, a go-ahead to submit without the review ("I accept, please submit
# it to DESE").
SUBMIT_NOW_RE = re.compile(r"\b(?<!not\s)(?<!don't\s)(submit|send\s+(it|this|my\s+\w+)\s+"
                           r"(in|to\s+dese)|send\s+to\s+dese|file\s+it)\b", re.IGNORECASE)


_POLITE_GO_AHEAD = re.compile(
    r"^\s*(ok(ay)?,?\s+)?(can|could|would|will)\s+(you|u|i|we)\s+(please\s+)?(just\s+)?"
    r"(submit|send|sign|accept)(\s+(it|this|that|my application|the application))?"
    r"(\s+(now|please|for me))*\s*[?.!]*\s*$", re.IGNORECASE)


# "the other ones are all no", "the remainder are no": said of the others, in both patterns
_THE_OTHERS_ARE_NO = (r"\b(?:rest|remaind\w*|remaining(?:\s+ones)?|others|other\s+ones|"
                      r"other\s+questions)\b.{0,20}\b(?:are|is)\b.{0,10}\b(?:all\s+)?(?:no|nope)\b")
_EXCEPT = r"(?:except|but|other\s+than|apart\s+from)"

# "no to the rest", "the other ones are all no", "no, and no for the other questions too",
# "each of them is No", "her answer to each of them is No": No to this question and every
# one after it.
NO_TO_THE_REST_RE = re.compile(
    r"^(?!.*\byes\b).*(?:\b(?:no|nope|never|negative)\b.{0,40}\b(?:rest|remaind\w*|remaining|others|"
    # "no on every other conduct question after that one too"
    r"other\s+ones|other\s+(?:conduct\s+|\w+\s+)?questions?|all\s+of\s+them|all\s+the\s+others|"
    r"every(?:thing|\s+one)\s+else|"
    # "no para todas las otras" (Spanish: no to all the others)
    r"todas\s+las\s+otras|todos\s+los\s+otros|las\s+otras|los\s+otros|el\s+resto|"
    r"(?:las|los)\s+dem[aá]s|(?:las|los)\s+(?:preguntas\s+)?(?:que\s+quedan|restantes))\b"
    rf"|{_THE_OTHERS_ARE_NO}|\ball\s+(?:no|nos)\b"
    r"|\bno\s+(?:to\s+|for\s+)?(?:all|everything)\b"
    r"|\bnone\s+of\s+(?:those|them|these|the\s+(?:questions|above))\b"
    # "all the rest no"
    r"|\b(?:all\s+)?the\s+(?:rest|others)\s+(?:are\s+)?(?:no|nope)\b"
    r"|\b(?:each|all|every\s*one)\s+of\s+(?:them|the\s+questions)\b.{0,30}"
    r"\b(?:is|are)\s+(?:a\s+)?no\b|\banswers?\b.{0,40}\b(?:each|all|every)\b.{0,40}\b(?:is|are)\s+"
    r"(?:a\s+)?no\b"
    # "the answer is No, and to all questions after this one also No", "all question no"
    r"|\b(?:to|for)\s+(?:all|every|each)\s+(?:the\s+)?(?:other\s+)?(?:questions?|ones?)\s+"
    r"(?:after|following)\b.{0,30}\bno\b"
    r"|\ball\s+(?:the\s+)?(?:other\s+)?questions?\s+(?:are\s+|is\s+|answer\s+)?no\b)",
    re.IGNORECASE | re.DOTALL)

# One Yes, explained, and No to the rest, in one message: "my answer is Yes to the question
# about criminal convictions, with this explanation: ... Every other question is No", "for all
# of them my answer is No, except the one about ... a crime. For that one is Yes. In 2010 ..."
_REST_NO = re.compile(
    r"\b(?:every|each|all)\s+(?:other|of\s+the\s+others?|the\s+others?|the\s+rest|remaining)\b"
    r".{0,60}?\bno\b|\beverything\s+else\b.{0,20}\bno\b|\bno\b.{0,30}\b(?:the\s+rest|remaind\w*|"
    r"others|other\s+ones|other\s+questions|remaining|(?:everything|all)\s+else|"
    r"every\s+other\s+(?:one|question))\b"
    rf"|{_THE_OTHERS_ARE_NO}|\b(?:all|each|every)\b.{{0,40}}\bno\b.{{0,10}}\b{_EXCEPT}\b"
    rf"|\bno\s+(?:to|for|on)\s+(?:\w+\s+){{0,3}}(?:all|every\w*)\b.{{0,30}}\b{_EXCEPT}\b",
    re.IGNORECASE | re.DOTALL)
_YES = re.compile(r"\byes\b", re.IGNORECASE)
_EXPLANATION_LEAD = re.compile(r"\bexplanation\s*(?:is|:|-)\s*|\byes\s*[:\-\u2013]\s*",
                               re.IGNORECASE)
_ABOUT_ANSWERS = re.compile(r"\b(yes|no|questions?|answers?|except)\b", re.IGNORECASE)
_SENTENCE = re.compile(r"(?<=[.!?])\s+")
_STEM = re.compile(r"[a-z]{4,}")
_COMMON = frozenset("""have been ever with that this your about question questions answer other
every them they were from what when where which would there their other state professional
conduct""".split())
# "So that one is yes", "yes to this one": the Yes is for the question being asked
_THIS_ONE_YES = re.compile(r"\b(?:that|this)\s+(?:one|question)\s+(?:is|was|would\s+be)\s+"
                           r"(?:a\s+)?yes\b|\byes\s+(?:to|for|on)\s+(?:that|this)\s+"
                           r"(?:one|question)\b|"
                           # "For this question my answer is yes."
                           r"\b(?:for|to|on)\s+(?:that|this)\s+(?:one|question),?\s+(?:my\s+)?"
                           r"answer\s+(?:is|would\s+be)\s+yes\b", re.IGNORECASE)
# Where the explanation starts after the question a Yes names ("yes on the one about
# convictions - DUI in 2008, ...", "the one about my license: it lapsed in 2019")
_AFTER_TOPIC = re.compile(r"\s[-\u2013\u2014]\s|[,:;]\s*")
# "Ok. For the questions, one time in 2012 I was charged ...": the words that lead in
_ABOUT_THE_QUESTIONS = re.compile(r"(?:^|(?<=[.!?])\s+)(?:ok(?:ay)?[.,!]?\s+)?(?:for|about|on|"
                                  r"regarding)\s+the\s+(?:conduct\s+)?questions?\s*[,:]\s*",
                                  re.IGNORECASE)
# "except the one about if I was ever charged", "Yes to the question about criminal convictions"
_TOPIC = re.compile(r"\b(?:one|question)\s+(?:about|on|regarding|for|asking)\s+(?P<topic>[^.;:]+)",
                    re.IGNORECASE)


def _stems(text: str) -> set[str]:
    return {w[:6] for w in _STEM.findall(text.lower()) if w not in _COMMON}


def one_yes_and_no_to_the_rest(text: str, questions: list[dict[str, Any]], index: int,
                               ) -> tuple[int, str] | None:
    """For a message that answers Yes to one of the questions from `index` on (with its
    explanation) and No to the others: that question's index and the explanation."""
    if not (_YES.search(text) and _REST_NO.search(text)) or index >= len(questions):
        return None
    topic = _TOPIC.search(text)
    which = index if _THIS_ONE_YES.search(text) else None
    for words, needed in ((topic.group("topic") if topic else "", 1), (text, 2)):
        if which is not None:
            break
        said = _stems(words)
        scores = [(len(said & _stems(q["text"])), i) for i, q in enumerate(questions)
                  if i >= index]
        best = max(score for score, _ in scores)
        tied = [i for score, i in scores if score == best]
        if best >= needed and (len(tied) == 1 or index in tied):
            # a tie that takes in the question being asked: the one in front of them
            which = tied[0] if len(tied) == 1 else index
    if which is None and not topic and best == 0:
        # "Well, I have to say yes to one. About eight years ago I was cited for ...": no
        # word of it points at another question, so the Yes is for the one being asked (the
        # message that saves it says which, and the review shows it before submitting)
        which = index
    if which is None:
        return None
    return which, _explanation(text, topic).strip()


def _about_answers(sentence: str) -> bool:
    """A sentence that only says what the answers are ("The rest are no", "So that one is
    yes", "Well, I have to say yes to one"), not what happened."""
    if _REST_NO.search(sentence):
        return True
    return bool(_ABOUT_ANSWERS.search(sentence)) and len(sentence.split()) <= 8


def _after_topic(sentence: str, topic: re.Match[str] | None) -> str:
    """What follows the question a Yes names, up to the No to the rest."""
    said = sentence[topic.start("topic"):] if topic else sentence
    rest = _REST_NO.search(said)
    said = said[:rest.start()] if rest else said
    parts = _AFTER_TOPIC.split(said, maxsplit=1)
    return parts[1].strip(" ,.;") if len(parts) > 1 else ""


def _explanation(text: str, topic: re.Match[str] | None) -> str:
    """The explanation of the one Yes in a message that also answers the other questions."""
    text = _ABOUT_THE_QUESTIONS.sub("", text)
    lead = _EXPLANATION_LEAD.search(text)
    if lead:
        return " ".join(s for s in _SENTENCE.split(text[lead.end():]) if not _REST_NO.search(s))
    kept = []
    for sentence in _SENTENCE.split(text):
        named = _TOPIC.search(sentence)
        if named:
            sentence = _after_topic(sentence, named)
        elif _about_answers(sentence) or len(sentence.split()) <= 2:
            continue
        if sentence and not _about_answers(sentence):  # (not "that one's a yes")
            kept.append(sentence)
    if not kept and topic:
        # one sentence: "yes on the one about being charged, i got a ticket in 2021, paid the
        # fine, thats it. everything else is no": what follows the question it names
        said = _after_topic(text, topic)
        return "" if _about_answers(said) else said
    return " ".join(kept)


def answers_several(turn: Turn) -> str | None:
    """A message that answers several conduct questions at once: "no_rest" (No to this one
    and each after it) or "one_yes" (one Yes, explained, and No to the others); None."""
    if _asks(turn):
        return None
    if NO_TO_THE_REST_RE.search(turn.text):
        return "no_rest"
    if _YES.search(turn.text) and _REST_NO.search(turn.text):
        return "one_yes"
    return None


def _asks(turn: Turn) -> bool:
    """A question, not a signature or a go-ahead ("can you submit it?" is a go-ahead; a
    button click never asks)."""
    if turn.is_payload or _POLITE_GO_AHEAD.match(turn.text):
        return False
    return turn.ends_asking or turn.is_question


# Who gives the answer, before it: "my answer to the question is", "the answer:", "I'll say",
# and, typed for someone else, "she's answering", "he says", "her answer is"
_SAYS = (r"(?:(?:my|the|her|his|their|our)\s+answer(?:\s+(?:to|for)\s+(?:the|this|that)\s+"
         r"(?:question|one))?(?:\s+(?:is|would\s+be|will\s+be))?|"
         r"(?:i|we|she|he|they)(?:'ll|\s+will)\s+(?:say|answer)|(?:i|we|they)\s+(?:say|answer)|"
         r"(?:she|he)\s+(?:says|answers)|"
         r"(?:she|he|we|they)(?:'s|\s+is|'re|\s+are)\s+(?:saying|answering|going\s+with))"
         r"\s*[:,\-]?\s*")
# "ok. then my answer is yes", "fine, then no", "the answer is no", "she's answering yes"
_SAID_ANSWER = re.compile(
    r"^(?:(?:ok(?:ay)?|alright|all\s+right|fine|well|then|so|in\s+that\s+case|thanks?|"
    r"thank\s+you)[\s,.!]+)*"
    # "ok thank you. for the question: yes"
    r"(?:(?:for|to|on)\s+(?:the|this|that)\s+(?:question|one)\s*[:,\-]?\s*)?"
    # "Thank you. My answer to the question is no."
    rf"(?:then\s+)?(?:{_SAYS})?(?P<answer>yes|no)\b[\s.!]*(?:then)?[\s.!]*$",
    re.IGNORECASE)
# "Okay, I will allow this in the browser. To the question: no.", "... as for the question,
# yes", "for this one: no", "the answer: no", "ok we'll fix that. she's answering yes": the
# answer said last, after words that lead to it (and after anything else)
_ANSWER_LAST = re.compile(
    r"(?:^|[.!?;,]\s*|\s[-\u2013\u2014]\s*)(?:(?:and|so|now|but)\s+)?"
    r"(?:(?:as\s+)?(?:to|for|on)\s+(?:the|this|that)\s+(?:question|one)\s*[:,\-\u2013\u2014]?\s*"
    rf"(?:{_SAYS})?|{_SAYS})(?P<answer>yes|no)[\s.!]*$", re.IGNORECASE)


# "ok I'll just say yes to be safe", "I'll put no": the answer, whatever follows it
_WILL_SAY = re.compile(r"^(?:(?:ok(?:ay)?|alright|fine|then|so|well)[\s,.!]+)*i(?:'ll|\s+will|'m\s+"
                       r"going\s+to)\s+(?:just\s+)?(?:say|answer|put|go\s+with|pick)\s+"
                       r"(?P<answer>yes|no)\b(?![^?]*\?)", re.IGNORECASE)


# "ok cool thx!! and no to that question": the answer, said of the question asked
_ANSWER_TO_THAT = re.compile(r"\b(?P<answer>yes|no)\s+(?:to|for|on)\s+(?:that|this|the)\s+"
                             r"(?:question|one)\b(?![^?]*\?)|"
                             # "um that one is a yes", "that's a no from me"
                             r"\b(?:that|this)(?:'s|\s+one\s+is|\s+question\s+is|\s+is)\s+(?:a\s+)?"
                             r"(?P<answer2>yes|no)\b(?![^?]*\?)", re.IGNORECASE)


def yes_no_answer(turn: Turn) -> bool | None:
    """Yes or no, from a button, the words, or a short sentence that says it."""
    said = (_SAID_ANSWER.match(turn.text.strip()) or _WILL_SAY.match(turn.text.strip())
            or _ANSWER_LAST.search(turn.text.strip())
            or (_ANSWER_TO_THAT.search(turn.text) if turn.words <= 12 else None))
    if said and not turn.is_payload:
        return (said.groupdict().get("answer") or said.group("answer2")).lower() == "yes"
    text = plain_answer(turn.text)
    if text in YES_WORDS or text.startswith("/affirm"):
        return True
    if text in NO_WORDS or text.startswith("/deny"):
        return False
    first = text.split()[0].strip(",") if text.split() else ""
    if first in ("yes", "yeah", "yep", "si", "claro") and turn.words <= 8:
        return True
    if first in ("no", "nope", "never", "nah") and turn.words <= 8:
        return False
    last = _last_word_answer(turn)
    if last is not None:
        return last
    if turn.words <= 4 and turn.confidence >= 0.8:
        if turn.intent == "affirm":
            return True
        if turn.intent == "deny":
            return False
    return None


_PIECES = re.compile(r"[.,;:!\u2013\u2014]+\s*|\s+-+\s+")
_ANSWER_WORDS = re.compile(r"\b(yes|yeah|yep|no|nope|not|never|nah|dont|cant|didnt)\b|n't\b",
                           re.IGNORECASE)


def _last_word_answer(turn: Turn) -> bool | None:
    """ "Okay, fair enough. No.", "ugh ok. anyway, no": the answer said last, after words
    that say nothing (no question, no other yes or no, nothing longer than a few words)."""
    if turn.is_payload or "?" in turn.text or turn.words > 10:
        return None
    pieces = [p.strip() for p in _PIECES.split(turn.text.strip()) if p.strip()]
    if len(pieces) < 2:
        return None
    *before, answer = pieces
    if any(len(p.split()) > 5 or _ANSWER_WORDS.search(p) for p in before):
        return None
    word = answer.lower()
    return True if word in YES_WORDS else False if word in NO_WORDS else None


# A Yes to something other than the question: "yes please continue it" (the draft), "Yes,
# the substitute certificate" (the application type). A sworn answer is never guessed.
_YES_TO_SOMETHING_ELSE = re.compile(
    r"\b(continue|proceed|go\s+on|keep\s+going|carry\s+on|resume|start|let'?s|ready|"
    r"application|app|certificate|cert|submit|send|sworn|accept|review|reactivat\w*|upgrade|"
    r"renew\w*|substitute|initial|administrator|additional|the\s+\w+\s+one)\b", re.IGNORECASE)
# (after a sigh: "Oh dear. Yes, I have to answer yes to that one, I want to be honest.")
_SIGH = (r"(?:(?:oh(?:\s+(?:dear|no|my|well|boy|gosh))?|hmm+|um+|uh+|ugh|sigh|gosh|well|honestly|"
         r"sadly|unfortunately)[\s,.!\u2026]+)*")
_YES_LEAD = re.compile(rf"^\s*{_SIGH}(?:yes|yeah|yep|yea|ya)\b[\s,.!:;\u2013\u2014-]*",
                       re.IGNORECASE)
# "No. And no on every other ...", "Nope! Never been in trouble": a No said first, on its own
_NO_LEAD = re.compile(rf"^\s*{_SIGH}(?:no|nope|nah)\s*[.!]+\s*", re.IGNORECASE)


def conduct_answer(turn: Turn) -> tuple[bool, str | None] | None:
    """The answer to a Professional Conduct question, with the explanation a long Yes gives
    ("Yes. In 1998 I received a DWI citation in North Carolina. Pleaded guilty, fine paid"):
    (True, the explanation), (True, None), (False, None), or None when the message does not
    answer the question."""
    lead = None if turn.is_payload else _YES_LEAD.match(turn.text)
    if lead:
        rest = turn.text[lead.end():].strip()
        if rest and len(rest.split()) <= 6 and _YES_TO_SOMETHING_ELSE.search(rest):
            return None
        if turn.words > 8 and len(rest.split()) >= 5 and not _asks(turn) \
                and not _REST_NO.search(rest) and _AN_EVENT.search(rest):
            return True, rest
        if rest and not _asks(turn) and not _REST_NO.search(rest) and not re.search(
                r"\b(no|not|never|nope|dont|cant|wont|didnt)\b|n't\b", rest, re.IGNORECASE):
            # "Yes. I'd rather be honest about it up front.": the Yes; its explanation next
            return True, None
    said = _yes_then_what_happened(turn)
    if said:
        return True, said
    no_first = None if turn.is_payload else _NO_LEAD.match(turn.text)
    if no_first and not _asks(turn) and not re.search(r"\b(yes|yeah|yep)\b", turn.text,
                                                      re.IGNORECASE):
        return False, None
    if (not turn.is_payload and _ENDS_STILL_NO.search(turn.text) and not _asks(turn)
            and not re.search(r"\b(yes|yeah|yep)\b", turn.text, re.IGNORECASE)):
        # "Sorry, I just wanted to reread it. It's still no."
        return False, None
    if (not turn.is_payload and _ENDS_YES.search(turn.text) and not _asks(turn)
            and not re.search(r"\b(no|not|never|nope)\b", turn.text, re.IGNORECASE)):
        # "ok well, yes then. for this one its yes": the Yes; its explanation next
        return True, None
    answer = yes_no_answer(turn)
    return None if answer is None else (answer, None)


_ENDS_YES = re.compile(r"\b(it'?s|its|it\s+is|that'?s|answer\s+is)\s+(a\s+)?(yes|yeah)\W*$",
                       re.IGNORECASE)
_ENDS_STILL_NO = re.compile(r"\b(it'?s|its|it\s+is|that'?s|answer\s+is|my\s+answer\s+is|still)\s+"
                            r"(still\s+)?(a\s+)?(no|nope)\W*$", re.IGNORECASE)


# What an explanation said with the Yes tells: something that happened ("In 1998 I received a
# DWI citation"), not a word about answering ("Yes. I'd rather be honest about it up front.":
# the Yes, and the explanation is asked for)
_AN_EVENT = re.compile(
    r"\d|\b(convict\w*|charg\w*|arrest\w*|cited|citation|ticket\w*|fined?|fines|court|judge|"
    r"probation|misdemeanou?r|felony|du[il]|dwi|owi|licen[sc]e\w*|revok\w*|suspen\w*|resign\w*|"
    r"dismiss\w*|fired|terminat\w*|investigat\w*|plead\w*|pled|guilty|sentence\w*|jail|"
    r"county|police|report\w*|incident|accident|lapsed|expired|denied|disciplin\w*|"
    r"when\s+i\s+was|years?\s+ago|back\s+in|college|school|district|state|board)\b",
    re.IGNORECASE)
_FILLER_SENTENCE = re.compile(r"^\W*(?:ok(?:ay)?|alright|all\s+right|well|so|right|fine|hmm+|"
                              r"um+|sigh)\W*$", re.IGNORECASE)


# sentences, and what a dash or a colon sets apart ("so this one is a yes — in 2019 i got ...")
_SAYING_APART = re.compile(r"(?<=[.!?])\s+|\s+[\u2013\u2014]\s*|\s+-{1,2}\s+|(?<=\byes):\s*",
                           re.IGNORECASE)


def _yes_then_what_happened(turn: Turn) -> str | None:
    """ "OK. On this one my answer is yes. In 2008, when I was 20, I got a misdemeanor
    citation ...": a short sentence that says Yes, then what happened (the explanation)."""
    if turn.is_payload or _asks(turn):
        return None
    sentences = _SAYING_APART.split(turn.text.strip())
    for i, sentence in enumerate(sentences[:3]):
        if _FILLER_SENTENCE.match(sentence) or _lead_in(sentence):
            continue
        if not (_YES.search(sentence) and len(sentence.split()) <= 10 and "?" not in sentence
                and not re.search(r"\b(no|not|never)\b", sentence, re.IGNORECASE)):
            # (not "before i answer that. does yes mean automatic denial? ...")
            return None
        rest = " ".join(sentences[i + 1:]).strip()
        lead = _EXPLANATION_LEAD.match(rest)  # ("she says yes on this one. explanation: ...")
        rest = rest[lead.end():] if lead else rest
        return rest if len(rest.split()) >= 5 and not _REST_NO.search(rest) \
            and _AN_EVENT.search(rest) else None
    return None


def _lead_in(sentence: str) -> bool:
    """ "ok we'll fix that." before "for this question she's answering yes — ...": a few
    words about something else (no answer, no question, nothing that happened)."""
    return (len(sentence.split()) <= 8 and "?" not in sentence
            and not _ANSWER_WORDS.search(sentence) and not _YES.search(sentence)
            and not _AN_EVENT.search(sentence))


async def _conduct_questions(tracker: Tracker) -> list[dict[str, Any]]:
    return await client_for(tracker, with_token=False).conduct_questions()


def _answered(app: dict[str, Any]) -> set[str]:
    return {str(a.get("question_id")) for a in app.get("conduct_answers") or []}


def resume_events(app: dict[str, Any], questions: list[dict[str, Any]]) -> dict[str, Any]:
    """Slots that continue `app` exactly where it stopped."""
    answered = _answered(app)
    index = next((i for i, q in enumerate(questions) if q["id"] not in answered),
                 len(questions))
    done = index >= len(questions)
    sworn = bool(app.get("sworn_statement_accepted"))
    return {"application_type": str(app.get("type")), "application_id": str(app["id"]),
            "conduct_index": float(index), "conduct_pending_yes": False,
            "conduct_step": "done" if done else None,
            "sworn_statement": "accepted" if done and sworn else None,
            "apply_review": None, "apply_reviewing": False}


def after_a_change(app: dict[str, Any], questions: list[dict[str, Any]]) -> dict[str, Any]:
    """Slots for where a changed answer leads: the first question still unanswered (a change
    made before the last question), else the Sworn Statement, or the review once signed."""
    answered = _answered(app)
    index = next((i for i, q in enumerate(questions) if str(q["id"]) not in answered), None)
    if index is not None:
        return {"conduct_step": None, "conduct_index": float(index),
                "conduct_pending_yes": False, "apply_reviewing": False}
    accepted = bool(app.get("sworn_statement_accepted"))
    return {"conduct_step": "done", "conduct_index": float(len(questions)),
            "conduct_pending_yes": False, "sworn_statement": "accepted" if accepted else None}


def progress_text(app: dict[str, Any], questions: list[dict[str, Any]]) -> str:
    answered = len(_answered(app) & {q["id"] for q in questions})
    name = app.get("type_name") or app.get("type")
    if answered < len(questions):
        return (f"You have a {name} application in progress ({answered} of {len(questions)} "
                "Professional Conduct questions answered). Let's continue where you left off.")
    if not app.get("sworn_statement_accepted"):
        return (f"You have a {name} application in progress: the Professional Conduct "
                "questions are answered, and the Sworn Statement is next.")
    return f"You have a {name} application ready to review and submit."


async def choose_type(code: str, client: BackendClient,
                      dispatcher: CollectingDispatcher) -> dict[str, Any]:
    """Start an application of type `code`, or continue the person's draft of it; the
    slots that say where the form goes next."""
    try:
        questions = await client.conduct_questions()
        try:
            app = await client.create_application(code)
            created = True
        except BackendError as exc:
            if exc.code != "application_exists":
                raise
            created = False
            mine = [a for a in await client.applications() if a.get("type") == code]
            editable = [a for a in mine if a.get("status") in ("draft", "returned")]
            if not editable:
                current = mine[-1] if mine else {}
                dispatcher.utter_message(
                    text=f"You already have an open {current.get('type_name') or ''} "
                         f"application ({current.get('status_label') or 'in progress'}), so "
                         "there's nothing new to submit for that type. Ask me for your "
                         "application status to see where it stands.",
                    buttons=[{"title": "Application status",
                              "payload": "/check_application_status"}])
                return {"application_type": None, STOPPED_SLOT: BLOCKED}
            app = editable[0]
    except BackendUnavailable:
        dispatcher.utter_message(text=BACKEND_DOWN)
        return {"application_type": None}
    except BackendError as exc:
        if exc.status == 401:
            session_expired(dispatcher, exc)
            return {"application_type": None, "access_token": None, "signin_username": None}
        dispatcher.utter_message(**refusal(exc))
        return {"application_type": None, STOPPED_SLOT: BLOCKED}
    if created:
        dispatcher.utter_message(
            text=f"I've started your {app.get('type_name')} application; every answer is "
                 "saved as you go, so you can stop and continue later. Next come "
                 f"{len(questions)} Professional Conduct questions: please answer them "
                 "truthfully.")
    else:
        dispatcher.utter_message(text=progress_text(app, questions))
    return resume_events(app, questions)


# "does a speeding ticket count??" asked at a Professional Conduct question
_TRAFFIC = re.compile(r"\b(speeding|traffic|parking|moving)\s+(ticket|violation|citation|"
                      r"offen[cs]e)s?\b|\bspeeding\b", re.IGNORECASE)
TRAFFIC_ANSWER = ("The first question leaves out minor traffic violations, such as a speeding or "
                  "parking ticket that was only a fine. Anything more serious (a DWI, for "
                  "example) counts. If you aren't sure, answer Yes and explain what happened: "
                  "DESE reviews the explanation.")


_QUESTION_NUMBER = (r"\b(?:question|q|answer)\s*#?\s*(?:number\s*)?"
                    r"(?P<n>\d|one|two|three|four|five)\b")
# "wait q2 shouldve been yes. DUI in 2012, ...", "question 3 should have been a no": a change,
# said as what the answer should have been
_SHOULD_HAVE_BEEN = re.compile(
    _QUESTION_NUMBER + r"\s*(?:should\s*(?:have|'ve|ve|of|a)\s+been|should\s+be|"
    r"was\s+(?:supposed|meant)\s+to\s+be)\s+(?:a\s+)?[\"']?(?P<answer>yes|no)\b", re.IGNORECASE)
# "change question 1 to yes. explanation: ...": the new answer of a change, where what follows
# it begins
_CHANGED_ANSWER = re.compile(_QUESTION_NUMBER + r"[^.?!]{0,40}?\b(?:yes|no)\b", re.IGNORECASE)


def _question_number(raw: str) -> int:
    return int(raw) if raw.isdigit() else _NUMBER_WORDS[raw.lower()]


def changed_to(turn: Turn) -> tuple[bool | None, str | None]:
    """The answer a change of a conduct question names ("change question 2 to yes", "wait q2
    shouldve been yes") and, with a Yes, its explanation when it follows ("... yes. DUI in
    2012, plead guilty, did the classes, its closed"; None when it is still to come: "can I
    change my answer to question 2 to yes? I got written up ... I'd rather say yes and
    explain")."""
    should = _SHOULD_HAVE_BEEN.search(turn.text)
    to = turn.changed_to()
    if to is None and should:
        to = should.group("answer").lower() == "yes"
    said = _CHANGED_ANSWER.search(turn.text) if to else None
    if said is None or turn.text[said.end():].lstrip().startswith("?"):
        return to, None
    rest = turn.text[said.end():].strip(" .,;:!-\u2013\u2014")
    lead = _EXPLANATION_LEAD.match(rest)
    rest = rest[lead.end():].strip(" .,;:!-\u2013\u2014") if lead else rest
    if len(rest.split()) < 4 or rest.endswith("?") or not _AN_EVENT.search(rest):
        return to, None
    return to, rest


# "Before I agree to that, what am I signing exactly?", "what am I agreeing to", "what is the
# sworn statement?" at a conduct question
_WHAT_IS_SIGNED = re.compile(
    r"\bwhat\b[^.!?]{0,20}?\b(?:(?:am|are|is|do|does|will)\s+(?:i|we|she|he|they)\s+(?:be\s+)?|"
    r"i'?m\s+|we'?re\s+|she'?s\s+|he'?s\s+)(?:signing|agreeing\s+to|accepting|swearing\s+to)\b|"
    r"\bwhat\s+(?:is|'s|does)\s+(?:the|this|that|a)\s+sworn\s+statement\b|"
    r"\bwhat\s+does\s+[\"']?i\s+accept[\"']?\s+mean\b", re.IGNORECASE)
# "can I finish it later?", "is it ok if she does the rest tomorrow?": asked, and nothing else
# (nobody leaving: "ok she wants to go dig up her transcript info first, can she finish the
# rest of this later?" is a pause, turns.py)
_CAN_I_FINISH_LATER = re.compile(
    r"^\W*(?:(?:ok(?:ay)?|so|and|also|wait|hmm+|um+|quick\s+q(?:uestion)?)[\s,.!:]+)*"
    r"(?:can|could|may|will|is\s+it\s+(?:ok(?:ay)?|possible|fine)\s+(?:if|to))\s+"
    r"(?:(?:i|we|she|he|they|you)\s+)?(?:still\s+|always\s+)?"
    r"(?:finish|continue|complete|do|come\s+back\s+to|get\s+back\s+to)\s+"
    r"(?:it|this|that|the\s+rest(?:\s+of\s+(?:it|this|the\s+\w+))?|the\s+(?:application|app|"
    r"questions))\s+(?:later|tomorrow|tmrw|tonight|another\s+time|some\s+other\s+time)"
    r"(?:\s+on)?\s*\?+\s*$", re.IGNORECASE)
LATER_IS_FINE = ("Yes: every answer is saved as you go, so you can stop at any point (say "
                 "\"stop\") and continue later. When you come back, sign in and say \"apply\": "
                 "you'll continue exactly where you stopped.")


class ValidateApplyForm(SignInMixin):
    own_intents = frozenset({"apply"})
    choice_slots = frozenset({"application_type", "sworn_statement", "apply_review"})
    can_change = True

    def name(self) -> str:
        return "validate_apply_form"

    async def required_slots(self, domain_slots: list[str], dispatcher: CollectingDispatcher,
                             tracker: Tracker, domain: DomainDict) -> list[str]:
        return self.auth_slots(tracker) + APPLY_SLOTS

    # "before i submit, are they going to contact arkansas?": answered by the Sworn
    # Statement's and the review's own validation
    question_slots = frozenset({"sworn_statement", "apply_review"})

    def kind(self, slot: str, tracker: Tracker) -> Kind:
        if slot == "conduct_step":
            # The explanation of a Yes is free text: what is typed is the explanation.
            return Kind.FREE_TEXT if tracker.get_slot("conduct_pending_yes") else Kind.YES_NO
        return super().kind(slot, tracker)

    def switch_to(self, turn: Turn) -> str:
        if turn.intent == "apply" and turn.entity("which"):
            return "apply:which"
        return super().switch_to(turn)

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> list[EventType]:
        requested = tracker.get_slot(REQUESTED_SLOT)
        turn = Turn.of(tracker)
        if requested == "application_type" and (WHICH_RE.search(turn.text) or (
                turn.intent == "apply" and turn.entity("which"))
                or await self._unsure_of_type(turn, tracker)):
            return [SlotSet(STOPPED_SLOT, "switch"), SlotSet(SWITCH_SLOT, "apply:which"),
                    SlotSet(REQUESTED_SLOT, None)]
        if requested in APPLY_SLOTS[1:] and not turn.is_payload:
            asked = await self._asked_in_place(requested, turn, dispatcher, tracker, domain)
            if asked is not None:
                return asked
        if (requested == "conduct_step" and not tracker.get_slot("conduct_pending_yes")
                and _asks(turn) and _TRAFFIC.search(turn.text)):
            # "does a speeding ticket count??": the question's own words answer it
            dispatcher.utter_message(text=TRAFFIC_ANSWER)
            return [SlotSet(INTERRUPTED_SLOT, "why"), SlotSet(REQUESTED_SLOT, requested)]
        if (requested == "conduct_step" and not tracker.get_slot("conduct_pending_yes")
                and await _adds_to_the_last_yes(turn, tracker, dispatcher)):
            return [SlotSet(INTERRUPTED_SLOT, "why"), SlotSet(REQUESTED_SLOT, requested)]
        if (requested in ("conduct_step", "sworn_statement", "apply_review")
                and not turn.is_payload and _SWITCH_TYPE.search(turn.text)
                and not tracker.get_slot("conduct_pending_yes")
                and turn.changed_question() is None):
            # (never in an explanation, nor "change question 2 to yes")
            switched = await self._switch_type(turn, dispatcher, tracker)
            if switched:
                return switched
        if (requested == "apply_review" and not turn.is_payload and _NOT_YET.search(turn.text)
                and turn.changed_question() is None):
            # "Hold on, don't submit yet ... Keep it as a draft.": never a go-ahead ("Wait,
            # don't submit it yet. I need to change my answer on question 3 to Yes." is the
            # change)
            return [SlotSet(STOPPED_SLOT, HELD), SlotSet(REQUESTED_SLOT, None)]
        if (requested == "apply_review" and not turn.is_payload
                and turn.changed_question() is None and yes_no_answer(turn) is False):
            dispatcher.utter_message(
                text="Okay. Which answer would you like to change? Say for example \"change "
                     "question 2\", or \"submit\" when it's right. Your draft is saved.")
            return [SlotSet(INTERRUPTED_SLOT, "change"), SlotSet(REQUESTED_SLOT, requested)]
        if (requested == "apply_review" and not turn.is_payload
                and _IS_IT_DONE.search(turn.text)):
            # "is it done?? also how much do i owe for it": not yet (a question submits
            # nothing), the other question answered, and the review waits
            dispatcher.utter_message(text="Not yet: your answers are saved, but the application "
                                          "isn't submitted until you say \"submit\". Once it "
                                          "is, I'll list the documents to mail.")
            events = (await answer_inline(turn, tracker, dispatcher, in_form=True)
                      if _answered_aside(turn) else [])
            return events + [SlotSet(INTERRUPTED_SLOT, "why"), SlotSet(REQUESTED_SLOT, requested)]
        events = await super().run(dispatcher, tracker, domain)
        return await self._before_type_question(events, dispatcher, tracker)

    async def _asked_in_place(self, requested: str, turn: Turn,
                              dispatcher: CollectingDispatcher, tracker: Tracker,
                              domain: DomainDict) -> list[EventType] | None:
        """What a message typed at a conduct question, the Sworn Statement or the review
        asks that the form itself answers: a change said as what an answer should have
        been, what is signed, whether it can be finished later (None: none of these)."""
        should = _SHOULD_HAVE_BEEN.search(turn.text)
        if should and turn.changed_question() is None:
            # "wait q2 shouldve been yes. DUI in 2012, ...": a change of question 2
            return await self.change_answer(_question_number(should.group("n")), dispatcher,
                                            tracker, domain)
        if (requested == "conduct_step" and _asks(turn) and _WHAT_IS_SIGNED.search(turn.text)
                and corrected(turn.request, turn.text) not in _ABOUT_SIGNING):
            # "Before I agree to that, what am I signing exactly?" (read as affirm: neither a
            # Yes nor a question answered in place): what the Sworn Statement (after these
            # questions) is, and the question again (read as that question, it is answered
            # in place as usual)
            dispatcher.utter_message(response="utter_faq_sworn_statement")
            return [SlotSet(INTERRUPTED_SLOT, "why"), SlotSet(REQUESTED_SLOT, requested)]
        if _CAN_I_FINISH_LATER.match(turn.text):
            # "can I finish it later?" (asked, nobody leaving: a pause stops, turns.py)
            dispatcher.utter_message(text=LATER_IS_FINE)
            return [SlotSet(INTERRUPTED_SLOT, "why"), SlotSet(REQUESTED_SLOT, requested)]
        return None

    async def _switch_type(self, turn: Turn, dispatcher: CollectingDispatcher,
                           tracker: Tracker) -> list[EventType]:
        """ "yes pls switch me to the initial professional one", "I chose the wrong
        application ... start the Additional application instead": the other type is
        started (or its draft continued); the one under way stays a draft."""
        current = tracker.get_slot("application_type")
        try:
            types = await application_types(tracker)
        except (BackendUnavailable, BackendError):
            return []
        wanted = match_type(types, turn.text)
        if not wanted and _WRONG_ONE.search(turn.text):
            # "I think I chose the wrong application. I want to add middle-school science to
            # my certificate ... Which application is that?": the which-application questions,
            # with what the message says (the draft stays)
            return [SlotSet(STOPPED_SLOT, "switch"), SlotSet(SWITCH_SLOT, "apply:which"),
                    SlotSet(REQUESTED_SLOT, None)]
        if not wanted or str(wanted.get("code")) == str(current):
            return []
        names = {str(t["code"]): str(t["name"]) for t in types}
        old = names.get(str(current))
        dispatcher.utter_message(
            text=f"Okay, switching to the {wanted.get('name')} application."
                 + (f" Your {old} draft stays saved with its answers; you can finish it "
                    "later or leave it." if old and tracker.get_slot("application_id") else ""))
        events: list[EventType] = [SlotSet(s, None) for s in APPLY_SLOTS + APPLY_STATE_SLOTS]
        events += [SlotSet("apply_type_wanted", str(wanted.get("code"))),
                   SlotSet(REQUESTED_SLOT, "application_type")]
        return await self._before_type_question(events, dispatcher, tracker)

    @staticmethod
    async def _unsure_of_type(turn: Turn, tracker: Tracker) -> bool:
        """Asked which application, the person names none but tells their situation
        ("Missouri, I did my program at Truman State") or says they don't know: the
        which-application questions take it from there."""
        if turn.is_payload or turn.is_stop:
            return False
        if turn.is_question and not (situation_in(turn.text)
                                     and _WHICH_ONE_FOR_ME.search(turn.text)):
            # a question is answered; "I went to college in Texas so I think I need the one
            # for people who graduated out of state??" tells their situation
            return False
        try:
            if match_type(await application_types(tracker), turn.text):
                return False
        except (BackendUnavailable, BackendError):
            return False
        return bool(situation_in(turn.text)) or yes_no_answer(turn) is False or bool(
            DONT_KNOW_RE.search(turn.text))

    async def _before_type_question(self, events: list[EventType],
                                    dispatcher: CollectingDispatcher,
                                    tracker: Tracker) -> list[EventType]:
        """About to ask which application, now that the person is signed in: take the
        type they already named, or continue the one draft they have."""
        if slot_value(events, REQUESTED_SLOT) != "application_type":
            return events
        token = slot_value(events, "access_token") or tracker.get_slot("access_token")
        if not token:
            return events
        client = client_for(tracker, token=str(token))
        wanted = slot_value(events, "apply_type_wanted") or tracker.get_slot("apply_type_wanted")
        if wanted:
            chosen = await choose_type(str(wanted), client, dispatcher)
        else:
            try:
                drafts = [a for a in await client.applications()
                          if a.get("status") in ("draft", "returned")]
                if len(drafts) != 1:
                    return events
                questions = await client.conduct_questions()
            except (BackendUnavailable, BackendError):
                return events  # the question still works; a draft is found on choosing
            dispatcher.utter_message(text=progress_text(drafts[0], questions))
            chosen = resume_events(drafts[0], questions)
        if (chosen.get("conduct_step") == "done" and chosen.get("sworn_statement") is None
                and chosen.get("application_id") and signs(Turn.of(tracker))):
            # "I accept." after a decline: the draft is continued, and signed
            try:
                await client.accept_sworn_statement(chosen["application_id"])
                dispatcher.utter_message(text="Signed: you've accepted the Sworn Statement.")
                chosen["sworn_statement"] = "accepted"
            except (BackendUnavailable, BackendError):
                pass  # the Sworn Statement is asked as usual
        out = [e for e in events if not (e.get("event") == "slot"
                                         and e.get("name") == REQUESTED_SLOT)]
        out += [SlotSet(k, v) for k, v in chosen.items()] + [SlotSet("apply_type_wanted", None)]
        if chosen.get(STOPPED_SLOT):
            return out + [SlotSet(REQUESTED_SLOT, None)]
        nxt = next((s for s in APPLY_SLOTS if chosen.get(s) is None), None)
        return out + [SlotSet(REQUESTED_SLOT, nxt)]

    async def parses(self, slot: str, turn: Turn, tracker: Tracker) -> bool:
        if slot == "application_type":
            if turn.ends_asking and turn.words > 4 and not _HEDGED_PICK.match(turn.text):
                # "When can I upgrade to career continuous?" asks; it doesn't pick ("I'm
                # pretty sure it's the Non-MO Graduate one since I went to college in
                # Illinois?" picks, unsure)
                return False
            try:
                return match_type(await application_types(tracker), turn.text) is not None
            except (BackendUnavailable, BackendError):
                return True  # let the extraction say the system is unavailable
        if slot == "conduct_step":
            # a yes to something else is answered in the form: the question is asked again
            return (conduct_answer(turn) is not None or answers_several(turn) is not None
                    or bool(_YES_LEAD.match(turn.text)))
        if slot in ("sworn_statement", "apply_review") and _asks(turn):
            # "what does 'I accept' actually mean here?", "before i submit, are they going
            # to contact arkansas?": a question, answered; never a signature or a submit.
            return False
        if slot == "sworn_statement":
            return bool(ACCEPT_RE.search(turn.text) or DECLINE_RE.search(turn.text)
                        or yes_no_answer(turn) is not None)
        if slot == "apply_review":
            return bool(SUBMIT_RE.search(turn.text)) or yes_no_answer(turn) is True
        return await super().parses(slot, turn, tracker)

    # ---- go back and change an answer
    async def go_back(self, requested: str, dispatcher: CollectingDispatcher,
                      tracker: Tracker, domain: DomainDict) -> list[EventType]:
        index = int(tracker.get_slot("conduct_index") or 0)
        if requested == "conduct_step" and tracker.get_slot("conduct_pending_yes"):
            # Back from the explanation: the question itself again.
            return [SlotSet("conduct_pending_yes", False), SlotSet(INTERRUPTED_SLOT, "back"),
                    SlotSet(REQUESTED_SLOT, "conduct_step")]
        if requested in ("sworn_statement", "apply_review") or (
                requested == "conduct_step" and index > 0):
            total = len(await _conduct_questions(tracker))
            previous = (index - 1) if requested == "conduct_step" else total - 1
            return [SlotSet("conduct_index", float(max(previous, 0))),
                    SlotSet("conduct_step", None), SlotSet("conduct_pending_yes", False),
                    SlotSet("sworn_statement", None), SlotSet("apply_review", None),
                    SlotSet(INTERRUPTED_SLOT, "back"), SlotSet(REQUESTED_SLOT, "conduct_step")]
        dispatcher.utter_message(text="This is the first question, so there's nothing to go "
                                      "back to. Say \"stop\" if you'd rather not go on.")
        return [SlotSet(INTERRUPTED_SLOT, "back"), SlotSet(REQUESTED_SLOT, requested)]

    async def change_answer(self, number: int, dispatcher: CollectingDispatcher,
                            tracker: Tracker, domain: DomainDict) -> list[EventType]:
        requested = tracker.get_slot(REQUESTED_SLOT)
        total = len(await _conduct_questions(tracker))
        if not tracker.get_slot("application_id") or not 1 <= number <= total:
            dispatcher.utter_message(
                text=f"There are {total} Professional Conduct questions: say for example "
                     "\"change question 2\"." if tracker.get_slot("application_id")
                     else "Let's choose the application first.")
            return [SlotSet(INTERRUPTED_SLOT, "change"), SlotSet(REQUESTED_SLOT, requested)]
        to, explanation = changed_to(Turn.of(tracker))
        if to is False or explanation:
            # "change question 2 to no", "wait q2 shouldve been yes. DUI in 2012, plead
            # guilty, ...": saved, and back to the review
            return await self._save_change(number, bool(to), explanation, dispatcher, tracker)
        # ("change question 2 to yes": its explanation is asked for straight away)
        return self._ask_again(number, to is True)

    @staticmethod
    def _ask_again(number: int, explain: bool) -> list[EventType]:
        """Question `number` asked again (or, `explain`, the explanation of its Yes), then
        back to the review."""
        return [SlotSet("conduct_index", float(number - 1)), SlotSet("conduct_step", None),
                SlotSet("conduct_pending_yes", explain), SlotSet("apply_review", None),
                SlotSet("apply_reviewing", True), SlotSet(INTERRUPTED_SLOT, "change"),
                SlotSet(REQUESTED_SLOT, "conduct_step")]

    async def _save_change(self, number: int, answer: bool, explanation: str | None,
                           dispatcher: CollectingDispatcher,
                           tracker: Tracker) -> list[EventType]:
        requested = tracker.get_slot(REQUESTED_SLOT)
        try:
            questions = await _conduct_questions(tracker)
            app = await client_for(tracker).answer_conduct(
                tracker.get_slot("application_id"), questions[number - 1]["id"], answer,
                explanation)
        except BackendError as exc:
            if explanation and exc.code == "validation_error":
                dispatcher.utter_message(text="That explanation is too long for the form. "
                                              "Please shorten it.")
                return self._ask_again(number, True)
            dispatcher.utter_message(text=BACKEND_DOWN)
            return [SlotSet(INTERRUPTED_SLOT, "change"), SlotSet(REQUESTED_SLOT, requested)]
        except BackendUnavailable:
            dispatcher.utter_message(text=BACKEND_DOWN)
            return [SlotSet(INTERRUPTED_SLOT, "change"), SlotSet(REQUESTED_SLOT, requested)]
        dispatcher.utter_message(text=f"Saved: Yes to question {number}, with your explanation."
                                 if answer else f"Saved: No to question {number}.")
        after = after_a_change(app, questions)
        nxt = ("conduct_step" if after["conduct_step"] is None
               else "apply_review" if after.get("sworn_statement") else "sworn_statement")
        return [SlotSet(k, v) for k, v in after.items()] + [
            SlotSet("apply_review", None), SlotSet(INTERRUPTED_SLOT, "change"),
            SlotSet(REQUESTED_SLOT, nxt)]

    # ---- application type
    async def extract_application_type(self, dispatcher: CollectingDispatcher,
                                       tracker: Tracker, domain: DomainDict) -> dict[str, Any]:
        if tracker.get_slot(REQUESTED_SLOT) != "application_type":
            return {}
        text = latest_text(tracker)
        try:
            typ = match_type(await application_types(tracker), text)
        except (BackendUnavailable, BackendError):
            return {"application_type": "__unavailable__"}
        return {"application_type": str(typ["code"]) if typ else "__invalid__"}

    async def validate_application_type(self, value: Any, dispatcher: CollectingDispatcher,
                                        tracker: Tracker, domain: DomainDict) -> dict[str, Any]:
        if value == "__unavailable__":
            dispatcher.utter_message(text=BACKEND_DOWN)
            return {"application_type": None}
        if value == "__invalid__":
            dispatcher.utter_message(text="Please choose one of the application types, or say "
                                          "\"help me choose\".")
            return {"application_type": None}
        return await choose_type(str(value), client_for(tracker), dispatcher)

    # ---- Professional Conduct questions
    async def extract_conduct_step(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                                   domain: DomainDict) -> dict[str, Any]:
        if tracker.get_slot(REQUESTED_SLOT) != "conduct_step":
            return {}
        turn = Turn.of(tracker)
        if tracker.get_slot("conduct_pending_yes"):
            if NO_TO_THE_REST_RE.search(turn.text) and not _asks(turn):
                # "its no for the rest of them too": not an explanation, the answer No
                return {"conduct_step": "no_rest" if not tracker.get_slot("apply_reviewing")
                        else "no"}
            if not turn.is_payload and turn.text.strip().lower().strip(".!") in NO_WORDS:
                return {"conduct_step": "no"}
            return {"conduct_step": "explain" if turn.text.strip() else "__invalid__"}
        yes_to_a_type = None if turn.is_payload else _YES_THE_TYPE.match(turn.text)
        if yes_to_a_type and await names_a_type(tracker, yes_to_a_type.group(0)):
            # "Yes, the additional one for add new area.": a yes to the type, not to the
            # question (which is asked again, with the application it belongs to)
            return {"conduct_step": "__invalid__"}
        several = answers_several(turn)
        if several == "no_rest" or (several == "one_yes"
                                    and not tracker.get_slot("apply_reviewing")):
            return {"conduct_step": several}
        answer = conduct_answer(turn)
        if answer is None:
            return {"conduct_step": "__invalid__"}
        if answer[0] and answer[1]:
            return {"conduct_step": "explain"}
        return {"conduct_step": "yes" if answer[0] else "no"}

    async def validate_conduct_step(self, value: Any, dispatcher: CollectingDispatcher,
                                    tracker: Tracker, domain: DomainDict) -> dict[str, Any]:
        if value == "__invalid__":
            text = latest_text(tracker)
            turn = Turn.of(tracker)
            if not _asks(turn) and (_CARRY_ON.search(text) or PICK_IT_UP.search(text)
                                    or CONTINUE_APPLICATION.search(text)
                                    or await names_a_type(tracker, text)):
                # "Substitute, please." or "finish my draft substitute application" at a
                # conduct question: the application is already under way; say which one (and
                # "pick up where she left off please" right after the draft was continued: the
                # question again)
                dispatcher.utter_message(text=await _where_we_are(tracker))
                return {"conduct_step": None}
            if ("?" in text or _asks(turn)) and _answered_aside(turn):
                # "wait sorry before I answer, ... where do they go?? can I just email a
                # pdf": the question answered, then the Yes or No asked again
                await answer_inline(turn, tracker, dispatcher, in_form=True)
            dispatcher.utter_message(
                text="First the Professional Conduct questions: the Sworn Statement comes "
                     "after them. Please answer Yes or No." if ACCEPT_RE.search(text)
                or SUBMIT_RE.search(text) else "Please answer Yes or No.",
                buttons=yes_no_buttons())
            return {"conduct_step": None}
        if value == "yes":
            return {"conduct_step": None, "conduct_pending_yes": True}
        client = client_for(tracker)
        index = int(tracker.get_slot("conduct_index") or 0)
        explanation = None
        if value == "explain":
            said = None if tracker.get_slot("conduct_pending_yes") else conduct_answer(
                Turn.of(tracker))
            explanation = (said[1] if said and said[1] else latest_text(tracker)).strip()
        if value == "no" and tracker.get_slot("conduct_pending_yes"):
            dispatcher.utter_message(text=f"Okay, not Yes: your answer to question {index + 1} "
                                          "is No.")
        try:
            questions = await client.conduct_questions()
            question = questions[index]
            if value == "one_yes":
                return await self._one_yes(questions, index, dispatcher, tracker)
            if value == "no_rest" and not tracker.get_slot("apply_reviewing"):
                # No to this question and to each one after it, saved one by one.
                for later in questions[index:]:
                    app = await client.answer_conduct(tracker.get_slot("application_id"),
                                                      later["id"], False, None)
                dispatcher.utter_message(
                    text=f"Saved: No to questions {index + 1}-{len(questions)}."
                    if index + 1 < len(questions) else f"Saved: No to question {index + 1}.")
                return {"conduct_step": "done", "conduct_index": float(len(questions)),
                        "conduct_pending_yes": False}
            app = await client.answer_conduct(tracker.get_slot("application_id"),
                                              question["id"], value == "explain", explanation)
        except BackendUnavailable:
            dispatcher.utter_message(text=BACKEND_DOWN)
            return {"conduct_step": None}
        except BackendError as exc:
            if exc.code == "explanation_required":
                dispatcher.utter_message(text="Please write a short explanation of your Yes "
                                              "answer.")
                return {"conduct_step": None, "conduct_pending_yes": True}
            if exc.code == "validation_error" and explanation:
                dispatcher.utter_message(text="That explanation is too long for the form. "
                                              "Please shorten it.")
                return {"conduct_step": None, "conduct_pending_yes": True}
            expired = session_expired(dispatcher, exc)
            if expired is not None:
                return {"conduct_step": None, "access_token": None, "signin_username": None}
            dispatcher.utter_message(**refusal(exc))
            return {"conduct_step": None}
        except IndexError:
            return {"conduct_step": "done"}
        if explanation:
            dispatcher.utter_message(text=EXPLANATION_SAVED)
        if tracker.get_slot("apply_reviewing"):
            # A changed answer: straight back to the review.
            return after_a_change(app, questions)
        # the next question not answered yet (a message may have answered the later ones:
        # "no to all of them except the one about ..., that one's a yes", then its explanation)
        answered = _answered(app)
        index = next((i for i in range(index + 1, len(questions))
                      if str(questions[i]["id"]) not in answered), len(questions))
        return {"conduct_step": "done" if index >= len(questions) else None,
                "conduct_index": float(index), "conduct_pending_yes": False}

    async def _one_yes(self, questions: list[dict[str, Any]], index: int,
                       dispatcher: CollectingDispatcher, tracker: Tracker) -> dict[str, Any]:
        """Yes (explained) to the question the message is about, No to each other one from
        `index` on; without a clear question or an explanation, the question is asked."""
        plan = one_yes_and_no_to_the_rest(latest_text(tracker), questions, index)
        if plan is None:
            dispatcher.utter_message(
                text="I couldn't tell which question your Yes is for, so let's take them one "
                     "at a time.", buttons=yes_no_buttons())
            return {"conduct_step": None}
        which, explanation = plan
        client = client_for(tracker)
        app_id = tracker.get_slot("application_id")
        for i in range(index, len(questions)):
            if i == which and not explanation:
                continue
            await client.answer_conduct(app_id, questions[i]["id"], i == which,
                                        explanation if i == which else None)
        numbers = [str(i + 1) for i in range(index, len(questions)) if i != which]
        no_to = (f"No to question{'s' if len(numbers) > 1 else ''} {', '.join(numbers)}"
                 if numbers else "")
        if explanation:
            said = f"Saved: Yes to question {which + 1}, with your explanation" + (
                f", and {no_to}." if no_to else ".")
        else:
            # (the Yes is saved with its explanation, asked for next)
            said = (f"Saved: {no_to}. " if no_to else "") + (
                f"Your Yes to question {which + 1} needs a short explanation.")
        dispatcher.utter_message(text=said)
        if not explanation:
            return {"conduct_step": None, "conduct_index": float(which),
                    "conduct_pending_yes": True}
        return {"conduct_step": "done", "conduct_index": float(len(questions)),
                "conduct_pending_yes": False}

    # ---- Sworn Statement
    async def extract_sworn_statement(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                                      domain: DomainDict) -> dict[str, Any]:
        if tracker.get_slot(REQUESTED_SLOT) != "sworn_statement":
            return {}
        turn = Turn.of(tracker)
        if _asks(turn) or ("?" in turn.text and _ACCEPT_LATER.search(turn.text)):
            # ("Before I accept, may I ask what this Sworn Statement means exactly?")
            return {"sworn_statement": "__invalid__"}
        if DECLINE_RE.search(turn.text) or yes_no_answer(turn) is False:
            return {"sworn_statement": DECLINED}
        if ACCEPT_RE.search(turn.text):
            return {"sworn_statement": "accepted"}
        return {"sworn_statement": "__invalid__"}

    async def validate_sworn_statement(self, value: Any, dispatcher: CollectingDispatcher,
                                       tracker: Tracker, domain: DomainDict) -> dict[str, Any]:
        if value == DECLINED:
            return {"sworn_statement": None, STOPPED_SLOT: DECLINED, REQUESTED_SLOT: None}
        if value != "accepted":
            if _asks(Turn.of(tracker)) or "?" in latest_text(tracker):
                await _answer_at_the_end(tracker, dispatcher)
            dispatcher.utter_message(text="To sign, type: I accept. (Or \"I don't accept\" to "
                                          "stop here; your draft is kept.)",
                                     buttons=[{"title": "I accept", "payload": "I accept"}])
            return {"sworn_statement": None}
        try:
            await client_for(tracker).accept_sworn_statement(tracker.get_slot("application_id"))
        except BackendUnavailable:
            dispatcher.utter_message(text=BACKEND_DOWN)
            return {"sworn_statement": None}
        except BackendError as exc:
            expired = session_expired(dispatcher, exc)
            if expired is not None:
                return {"sworn_statement": None, "access_token": None, "signin_username": None}
            dispatcher.utter_message(text="I couldn't record your acceptance. Please try again.")
            return {"sworn_statement": None}
        if SUBMIT_NOW_RE.search(Turn.of(tracker).text):
            # "I've read the Sworn Statement and I accept. Please submit it to DESE."
            return {"sworn_statement": "accepted", "apply_review": "confirmed"}
        return {"sworn_statement": "accepted"}

    # ---- review
    async def extract_apply_review(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                                   domain: DomainDict) -> dict[str, Any]:
        if tracker.get_slot(REQUESTED_SLOT) != "apply_review":
            return {}
        turn = Turn.of(tracker)
        if not _asks(turn) and (SUBMIT_RE.search(turn.text) or yes_no_answer(turn) is True):
            return {"apply_review": "confirmed"}
        if (not turn.is_payload and _SUBMIT_FIRST.match(turn.text)
                and not _NOT_YET.search(turn.text) and not _BUT_FIRST.search(turn.text)):
            # "yes please submit. sorry, and that's everything right? it's actually sent?": the
            # go-ahead, and a question the submission's message answers
            return {"apply_review": "confirmed"}
        return {"apply_review": "__invalid__"}

    async def validate_apply_review(self, value: Any, dispatcher: CollectingDispatcher,
                                    tracker: Tracker, domain: DomainDict) -> dict[str, Any]:
        if value != "confirmed":
            if _asks(Turn.of(tracker)):
                # "are they actually going to contact arkansas about it?": what signing means
                await _answer_at_the_end(tracker, dispatcher)
            dispatcher.utter_message(text="Say \"submit\" to send it to DESE, or \"change "
                                          "question 2\" (for example) to change an answer.")
            return {"apply_review": None}
        return {"apply_review": "confirmed"}


# A go-ahead that opens the message ("yes please submit.", "ok send it in,")
_SUBMIT_FIRST = re.compile(
    r"^\W*((yes|yeah|yep|ok(ay)?|sure|alright)[\s,.!]+)*(please\s+)?(go\s+ahead\s+and\s+)?"
    r"(submit|send)(\s+it)?(\s+in)?(\s+now)?(\s+please)?\s*[.!,;]", re.IGNORECASE)
# ... but a wait, a change or a doubt after it ("submit it, but wait, can I change 3?")
_BUT_FIRST = re.compile(r"\b(not|don'?t|wait|hold|before|change|fix|but)\b", re.IGNORECASE)
# "is it done??", "did it go through?", "so its submitted now?" at the review
_IS_IT_DONE = re.compile(r"\b(is|was)\s+(it|that|this|everything|my\s+\w+)\s+(done|submitted|sent|"
                         r"finished|complete|through|in)\b|\bdid\s+(it|that)\s+(go\s+through|"
                         r"submit|send|work)\b|\b(it'?s|its)\s+(submitted|sent|done)\s*(now)?\s*\?|"
                         # "sweet. is there anything else i have to do or am i done??"
                         r"\b(am\s+i|are\s+we)\s+(all\s+)?(done|finished|good|set)\b|"
                         r"\banything\s+else\s+(i\s+|we\s+)?(have|need|gotta|got)\s+to\s+do\b",
                         re.IGNORECASE)


# Someone new to the system: where to begin
_FROM_SCRATCH = re.compile(r"\bnever\s+(touched|used|been\s+(in|on)|had|made|set\s+up)\b|"
                           r"\bwhere\s+do\s+i\s+(even\s+)?(start|begin)\b|\bfirst\s+step\b|"
                           r"\bbrand\s+new\s+to\b", re.IGNORECASE)
EXPLANATION_SAVED = "Thanks, I've saved your explanation."
# "ugh i thought i submitted it. ok lets finish it" at a conduct question: on with it
_CARRY_ON = re.compile(r"\b(finish|continue|resume|complete)\s+(it|this|that|the\s+\w+|my\s+\w+)\b|"
                       r"\bkeep\s+going\b", re.IGNORECASE)
# The words of an account of what happened (a year, a charge, a court, a penalty): more of an
# explanation, not a pause, a question or a remark ("hold on, I need to stop for now")
_TELLS_WHAT_HAPPENED = re.compile(
    r"\b((19|20)\d\d|charged?|cited|citation|ticket\w*|arrest\w*|convict\w*|court|fined?|paid|"
    r"probation|dismiss\w*|misdemeanor|felony|suspend\w*|revok\w*|investigat\w*|reprimand\w*|"
    r"expunge\w*|plea\w*|pled|guilty|sentenc\w*|judge|attorney|lawyer|police|dui|dwi)\b",
    re.IGNORECASE)


def signs(turn: Turn) -> bool:
    """ "I accept." (a signature given, not spoken of or asked about)."""
    return (not turn.is_payload and bool(ACCEPT_RE.search(turn.text))
            and not DECLINE_RE.search(turn.text) and not _ACCEPT_LATER.search(turn.text)
            and not _asks(turn))


async def signs_the_draft(turn: Turn, tracker: Tracker) -> bool:
    """ "I accept." outside the form, signed in, with one draft waiting for its Sworn
    Statement (after "I don't accept", or a "no" too many at the end of the questions): the
    signature the draft waits for, so the draft is continued and signed."""
    if not signs(turn) or not tracker.get_slot("access_token"):
        return False
    client = client_for(tracker)
    try:
        questions = {str(q["id"]) for q in await client.conduct_questions()}
        waiting = [a for a in await client.applications()
                   if a.get("status") in ("draft", "returned")
                   and not a.get("sworn_statement_accepted") and questions <= _answered(a)]
    except (BackendUnavailable, BackendError):
        return False
    return len(waiting) == 1


async def _application_under_way(client: BackendClient,
                                 tracker: Tracker) -> dict[str, Any] | None:
    """The application this conversation is filling in (`application_id`), as stored."""
    return next((a for a in await client.applications()
                 if str(a.get("id")) == str(tracker.get_slot("application_id"))), None)


async def _adds_to_the_last_yes(turn: Turn, tracker: Tracker,
                                dispatcher: CollectingDispatcher) -> bool:
    """ "yes 😬 i got a misdemeanor ticket one time", then, at the next question, "freshman year
    in 2019 i got a misdemeanor citation for underage drinking, paid the fine": more of that
    explanation (told right after it was saved, with no Yes, No or question in it), added to
    it; the question waiting is asked again."""
    index = int(tracker.get_slot("conduct_index") or 0)
    if (index == 0 or turn.is_payload or _asks(turn) or "?" in turn.text or turn.words < 6
            or turn.is_stop or turn.starts_with_stop or turn.is_pause
            or not _TELLS_WHAT_HAPPENED.search(turn.text)
            or conduct_answer(turn) is not None or answers_several(turn)
            or EXPLANATION_SAVED not in last_answer(tracker)):
        return False
    client = client_for(tracker)
    try:
        questions = await client.conduct_questions()
        app = await _application_under_way(client, tracker)
        before = next((a for a in (app or {}).get("conduct_answers") or []
                       if str(a.get("question_id")) == str(questions[index - 1]["id"])), None)
        if not before or not before.get("answer"):
            return False
        longer = f"{str(before.get('explanation') or '').strip()} {turn.text.strip()}".strip()
        await client.answer_conduct(tracker.get_slot("application_id"),
                                    questions[index - 1]["id"], True, longer)
    except (BackendUnavailable, BackendError, IndexError):
        return False  # (asked as a Yes or No as usual)
    dispatcher.utter_message(text=f"I've added that to your explanation for question {index}.")
    return True


async def names_a_type(tracker: Tracker, text: str) -> bool:
    """The message names an application type ("Substitute, please.")."""
    try:
        return match_type(await application_types(tracker), text) is not None
    except (BackendUnavailable, BackendError):
        return False


async def _where_we_are(tracker: Tracker) -> str:
    """ "We're on your Substitute application's Professional Conduct questions." """
    code = tracker.get_slot("application_type")
    try:
        names = {str(t["code"]): str(t["name"]) for t in await application_types(tracker)}
    except (BackendUnavailable, BackendError):
        names = {}
    name = names.get(str(code)) if code else None
    return (f"We're on your {name} application's Professional Conduct questions."
            if name else "We're on the Professional Conduct questions.")


def _answered_aside(turn: Turn) -> bool:
    """A question with an answer of its own (not what signing or the conduct questions
    mean), read well enough by the model or named by the words."""
    meant = corrected(turn.request, turn.text)
    # ("Before I accept, I am having one doubt. My fingerprinting is not done yet ... where
    # I can see whether it is cleared?": where their own check stands)
    return ((meant.startswith("faq/") or meant in STATUS_INTENTS) and meant not in _ABOUT_SIGNING
            and (turn.confident(0.4) or meant != turn.request))


async def _answer_at_the_end(tracker: Tracker, dispatcher: CollectingDispatcher) -> None:
    """A question asked at the Sworn Statement or the review: what signing means ("are they
    actually going to contact arkansas about it?"), unless it is plainly another question
    with an answer of its own ("So what do I need to put in the mail, and to which
    address?", "how much do i owe for it")."""
    turn = Turn.of(tracker)
    if corrected(turn.request, turn.text) == "faq/mail_documents" and await _its_checklist(
            tracker, dispatcher):
        return
    if _answered_aside(turn):
        await answer_inline(turn, tracker, dispatcher, in_form=True)
        return
    dispatcher.utter_message(response="utter_faq_sworn_statement")


async def _its_checklist(tracker: Tracker, dispatcher: CollectingDispatcher) -> bool:
    """ "What do I still need to mail, and where does it go?" at the Sworn Statement or the
    review: the checklist of the application under way (said: whether it was found)."""
    try:
        app = await _application_under_way(client_for(tracker), tracker)
    except (BackendUnavailable, BackendError):
        return False
    if not app or not app.get("checklist"):
        return False
    items = "\n".join(f"- {item}" for item in app["checklist"])
    address = app.get("mailing_address") or await mailing_address(tracker)
    dispatcher.utter_message(
        text=f"Once your {app.get('type_name') or 'new'} application is submitted, mail these "
             f"within 90 days to {address}, with your Educator ID on each:\n{items}")
    return True


_ABOUT_SIGNING = frozenset({"faq/sworn_statement", "faq/conduct_questions"})


# ---- the questions the apply form asks
class ActionAskApplicationType(Action):
    """Which application (buttons for the common types, and "help me choose")."""

    def name(self) -> str:
        return "action_ask_application_type"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> list[EventType]:
        try:
            types = await application_types(tracker)
        except (BackendUnavailable, BackendError):
            dispatcher.utter_message(text=BACKEND_DOWN)
            return []
        buttons = [{"title": str(t.get("name")), "payload": str(t.get("name"))}
                   for t in types if t.get("common")]
        buttons.append({"title": "Help me choose", "payload": payload("apply", which="yes")})
        return await ask(dispatcher, tracker,
                         "Which application would you like to start? Pick one, type its name "
                         "(Substitute, Initial Professional, Non-MO Graduate, Upgrade...), or "
                         "say \"help me choose\".", buttons)


class ActionAskConductStep(Action):
    def name(self) -> str:
        return "action_ask_conduct_step"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> list[EventType]:
        try:
            questions = await _conduct_questions(tracker)
        except (BackendUnavailable, BackendError):
            dispatcher.utter_message(text=BACKEND_DOWN)
            return []
        index = min(int(tracker.get_slot("conduct_index") or 0), len(questions) - 1)
        if tracker.get_slot("conduct_pending_yes"):
            return await ask(dispatcher, tracker,
                             f"Please explain your \"Yes\" to question {index + 1} in a few "
                             "sentences (what happened, when and where, and how it was "
                             "resolved). What you type here is saved as your explanation.")
        # ("ok finish my substitute application" while it is being finished: where it is)
        where = (await _where_we_are(tracker) + " "
                 if tracker.get_slot(INTERRUPTED_SLOT) == "repeat" else "")
        return await ask(dispatcher, tracker,
                         f"{where}Question {index + 1} of {len(questions)}: "
                         f"{questions[index]['text']}", yes_no_buttons())


class ActionAskSwornStatement(Action):
    def name(self) -> str:
        return "action_ask_sworn_statement"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> list[EventType]:
        try:
            text = await client_for(tracker, with_token=False).sworn_statement()
        except (BackendUnavailable, BackendError):
            dispatcher.utter_message(text=BACKEND_DOWN)
            return []
        return await ask(dispatcher, tracker,
                         f"Sworn Statement: {text}\n\nTo sign electronically, type "
                         "\"I accept\". This lets DESE verify your professional conduct "
                         "statements.",
                         [{"title": "I accept", "payload": "I accept"},
                          {"title": "I don't accept", "payload": "I don't accept"}])


class ActionAskApplyReview(Action):
    """The review before submitting: every answer, with a way to change one."""

    def name(self) -> str:
        return "action_ask_apply_review"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> list[EventType]:
        client = client_for(tracker)
        try:
            questions = await client.conduct_questions()
            app = await _application_under_way(client, tracker)
        except (BackendUnavailable, BackendError):
            dispatcher.utter_message(text=BACKEND_DOWN)
            return []
        if app is None:
            dispatcher.utter_message(text="I couldn't find that application any more.")
            return []
        answers = {str(a.get("question_id")): a for a in app.get("conduct_answers") or []}
        lines = [f"Please review your {app.get('type_name')} application:"]
        for i, q in enumerate(questions, start=1):
            a = answers.get(q["id"])
            if a is None:
                lines.append(f"{i}. not answered")
            elif a.get("answer"):
                lines.append(f"{i}. Yes: \"{a.get('explanation') or ''}\"")
            else:
                lines.append(f"{i}. No")
        lines.append("Sworn Statement: accepted" if app.get("sworn_statement_accepted")
                     else "Sworn Statement: not accepted yet")
        lines.append("Submit it to DESE now? To change an answer, say for example \"change "
                     "question 3\".")
        events = await ask(dispatcher, tracker, "\n".join(lines),
                           [{"title": "Submit", "payload": "submit"},
                            {"title": "Change an answer", "payload": "no"}])
        return events + [SlotSet("apply_reviewing", True)]


SUBMITTED = "is submitted to DESE"  # in the reply that submits an application
_CONFIRMS = re.compile(r"^\W*(?:(?:yes|yeah|yep|ok(?:ay)?|all|everything|it|that|this|and|"
                       r"please|pls|now|the|review|answers?|is|are|looks?|good|correct|right|"
                       r"fine|submit|send|it|to|dese|confirm\w*|go|ahead|i|accept|agree|"
                       r"done)\b[\s,.!]*)+$", re.IGNORECASE)


# "When I come back, I won't have to start all over again, will I?", "ok so nothing got sent
# yet right? i can come back to it later?": asked right after stopping
_COME_BACK_TO_IT = re.compile(
    r"\b(start\s+(all\s+)?over|come\s+back|(nothing|it|anything)\s+(got\s+|was\s+|been\s+)?"
    r"(sent|submitted)|(not|n'?t)\s+(been\s+)?(sent|submitted)|still\s+(be\s+)?(there|saved)|"
    r"(lose|lost)\s+(it|my|the|everything)|(is|was)\s+it\s+saved|pick\s+(it\s+)?up)\b",
    re.IGNORECASE)
_BACK_NOW = re.compile(r"\b(i'?m|i\s+am|i\s+have|i'?ve|we'?re|we\s+are)\s+(come\s+|now\s+)?back\b",
                       re.IGNORECASE)
_KEPT = ("Your draft is saved", "haven't submitted it", "can't be submitted")


def after_stopping(turn: Turn, tracker: Tracker) -> str | None:
    """Whether what was stopped is kept, asked right after the application stopped."""
    if turn.is_payload or not _COME_BACK_TO_IT.search(turn.text):
        return None
    if CONTINUE_APPLICATION.search(turn.text) or _BACK_NOW.search(turn.text):
        # "I have come back from my meeting. I would like to continue my Initial Professional
        # application, please.": back, to go on with it
        return None
    if not any(k in said for said in last_answer(tracker) for k in _KEPT):
        return None
    return ("Nothing has been sent to DESE: your application is saved as a draft, with every "
            "answer so far. When you come back, sign in and say \"apply\", and you'll continue "
            "exactly where you stopped; you won't start over.")


async def after_submitting(turn: Turn, tracker: Tracker) -> str | None:
    """ "yes, submit it" right after the application was submitted ("I accept, please submit
    it", then "submit"): said to be done, never a new application started."""
    if turn.is_payload or not _CONFIRMS.match(turn.text):
        return None
    previous = []  # the events between the message before this one and this one
    users = 0
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            users += 1
            if users == 2:
                break
        elif users == 1:
            previous.append(event)
    if not any(e.get("event") == "bot" and SUBMITTED in str(e.get("text") or "")
               for e in previous):
        return None
    return ("Your application is already submitted to DESE: there's nothing more to confirm. "
            "Mail the documents on its checklist within 90 days to "
            f"{await mailing_address(tracker)}, with your Educator ID on each.")


class ActionSubmitApplication(FlowFinish):
    flow_label = "your application"
    flow_slots = tuple(APPLY_SLOTS + APPLY_STATE_SLOTS)

    def name(self) -> str:
        return "action_submit_application"

    def stopped_note(self, tracker: Tracker) -> str:
        if not tracker.get_slot("application_id"):
            return ""
        return ("Your draft is saved with every answer so far: say \"apply\" when you're "
                "ready and we'll continue exactly where you stopped.")

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> list[EventType]:
        stopped = tracker.get_slot(STOPPED_SLOT)
        if stopped == BLOCKED:
            return [SlotSet(s, None) for s in self.flow_slots] + [SlotSet(STOPPED_SLOT, None)]
        if stopped == DECLINED:
            dispatcher.utter_message(
                text="Without accepting the Sworn Statement the application can't be "
                     "submitted. Your draft is saved with your answers: say \"apply\" when "
                     "you're ready and we'll continue from the Sworn Statement.",
                buttons=[{"title": "What is the Sworn Statement?",
                          "payload": "/faq_sworn_statement"},
                         {"title": "Talk to a person", "payload": "/human_handoff"}])
            return [SlotSet(s, None) for s in self.flow_slots] + [SlotSet(STOPPED_SLOT, None)]
        if stopped == HELD:
            dispatcher.utter_message(
                text="Okay, I haven't submitted it. It stays a draft, with every answer and "
                     "your signature saved: when you're ready, say \"apply\" and you'll go "
                     "straight to the review to submit it.")
            return [SlotSet(s, None) for s in self.flow_slots] + [SlotSet(STOPPED_SLOT, None)]
        return await super().run(dispatcher, tracker, domain)

    async def finish(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                     domain: DomainDict) -> list[EventType]:
        app_id = tracker.get_slot("application_id")
        if not app_id or tracker.get_slot("apply_review") != "confirmed":
            return []
        try:
            app = await client_for(tracker).submit_application(app_id)
        except BackendUnavailable:
            dispatcher.utter_message(
                text=BACKEND_DOWN + " Your answers are saved in the draft: say \"apply\" to "
                                    "submit it.")
            return []
        except BackendError as exc:
            expired = session_expired(dispatcher, exc)
            if expired is not None:
                return expired
            if exc.code == "incomplete_application":
                dispatcher.utter_message(text="The application isn't complete yet. Say "
                                              "\"apply\" and I'll take you to what's missing.")
            else:
                dispatcher.utter_message(**refusal(exc))
            return []
        checklist = app.get("checklist") or []
        docs = "\n".join(f"- {item}" for item in checklist) or "- nothing else is needed"
        dispatcher.utter_message(
            text=f"Your {app.get('type_name') or 'application'} application {SUBMITTED} "
                 f"(status: {app.get('status_label') or app.get('status')}).")
        dispatcher.utter_message(
            text=f"Please mail these documents within 90 days:\n{docs}\nMail them to "
                 f"{await mailing_address(tracker)}. Write your Educator ID on each, and "
                 f"send originals.\n{POPUP_NOTE}",
            buttons=[{"title": "Application status", "payload": "/check_application_status"}])
        return []


