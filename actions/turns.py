"""What one user message is: the one place that reads Rasa's parse of a message.

Every action asks a `Turn` instead of reading `tracker.latest_message` itself: the
intent and its confidence, the FAQ topic (`faq_<topic>` intents), the other
requests the message carried (`extras`, found by the Rasa launcher's clause parse,
bot/clauses.py), and the form commands people type ("stop", "go back", "change my
answer to question 3").
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

from rasa_sdk import Tracker

from actions.wording import PICTOGRAPHS

# "1420 Elm Street, Columbia, MO 65201 po", "Manila, Philippines po", "jsmith2 please": the
# courtesy after a value is not part of it
_COURTESY_AFTER = re.compile(r"(?:[\s,]+(?:po|please|pls|plz|thanks|thank\s+you|ma'?am|sir))+"
                             r"[\s.!]*$", re.IGNORECASE)


def plain_answer(text: str) -> str:
    """A short answer as the answer words are listed: lower case, without emoji (the
    pictographs the model's wording drops too), accents and the marks around it
    ("Sí 😬" -> "si", "¡Claro!" -> "claro")."""
    folded = "".join(c for c in unicodedata.normalize("NFKD", PICTOGRAPHS.sub(" ", text or ""))
                     if not unicodedata.combining(c))
    return " ".join(folded.lower().split()).strip(".!,¡¿ ")


def without_courtesy(text: str) -> str:
    """`text` without the courtesy words typed after it, when what is left still says
    something (two words or more, or one value-shaped word: "no thanks" stays)."""
    rest = _COURTESY_AFTER.sub("", text)
    if rest == text or not rest.strip():
        return text
    words = rest.split()
    if len(words) >= 2 or any(c.isdigit() or c in "@._" for c in rest):
        return rest
    return text


# Intents that are part of the conversation itself, never a request of their own.
BASICS = frozenset({"greet", "goodbye", "thanks", "affirm", "deny", "stop", "nlu_fallback"})

# Requests answered in place, even in the middle of a form (the form then asks again).
INLINE = frozenset({
    "faq", "certificate_requirements", "bot_challenge", "what_can_you_do", "out_of_scope",
    "change_personal_info", "human_handoff", "check_status", "check_application_status",
    "check_background_status", "check_education_status", "check_assessments",
    "check_certificate_status", "view_contact", "greet", "thanks",
})

# Requests that start a flow of their own: inside a form they pause it first.
FLOWS = frozenset({
    "create_account", "forgot_username", "forgot_password", "sign_in", "sign_out",
    "link_ssn", "save_legal_name", "edit_contact", "add_college", "apply",
})

STATUS_INTENTS = (
    "check_application_status", "check_background_status", "check_education_status",
    "check_assessments", "check_certificate_status",
)

QUESTION_START = re.compile(
    r"^(?:ok(?:ay)?,?\s+|so,?\s+|and\s+|but\s+|wait,?\s+|sorry,?\s+|hmm+,?\s+|um+,?\s+|"
    r"ugh+,?\s+|well,?\s+|also,?\s+|oh,?\s+|k,?\s+|quick\s+q,?\s+|dang,?\s+|lol,?\s+|"
    r"ah+,?\s+|aw+,?\s+|ok(?:ay)?\.\s+|dang\s+ok\.?\s+)*"
    r"(?:how|what|what's|whats|where|when|why|who|whom|which|can|could|do|does|did|is|are|"
    r"am|will|would|should|shall|may|has|have|was|were|isn't|aren't|don't|doesn't|won't)\b",
    re.IGNORECASE,
)
# A question without its question mark, not at the start: "wait after i send this in do i
# gotta mail anything or nah", "...so is that ok or not"
_ASKED_INSIDE = re.compile(
    # "...and set the password their right"
    # (not "yes that looks right", "that's correct", "all right")
    r"\b(?:or\s+(?:nah|not|no|what)\W*$|(?<!looks\s)(?<!look\s)(?<!sounds\s)(?<!is\s)"
    r"(?<!that's\s)(?<!thats\s)(?<!all\s)(?<!seems\s)(?:right|correct)\s*\W*$|"
    r"(?:do|does|should|will|would)\s+(?:i|we)\s+"
    r"(?:gotta|hafta|have\s+to|need\s+to|got\s+to)\b|"
    # "... and then whats next hr wants me linked up today"
    r"(?:then\s+)?what'?s\s+next\b|\bthen\s+what\b|"
    # "Also kindly tell the postal address for sending my original degree certificates"
    r"^\W*(?:also\s+|and\s+|so\s+)?(?:kindly|please)\s+(?:tell|let\s+me\s+know|explain|inform|"
    r"clarify)\b)",
    re.IGNORECASE,
)
_STOP_PHRASE = (
    r"(?:stop|cancel|quit|exit|abort|end|never\s*mind|nevermind|nvm|"
    r"forget\s+(?:it|about\s+it|that)|i\s+(?:want|would\s+like|'d\s+like)\s+to\s+"
    r"(?:stop|cancel|quit)|(?:stop|cancel|quit)\s+(?:it|this|that|the\s+\w+|now|please)|"
    r"not\s+now|later|ok(?:ay)?|oh|actually|no)"
)
_PAUSE = re.compile(
    r"\b(i (need|have|got) to (stop|go|run|leave) (for now|now|right now|for a bit)|"
    r"gotta (go|run)|(stop|pause) (for now|here|for a bit)|step (into|out)|"
    r"hold (this|the|my) (application|app)|"
    # "can she finish the rest of this later?"
    r"(finish|continue|complete|come back to) (it|this|the rest(?: of (?:it|this|that|"
    r"the \w+|my \w+|her \w+|his \w+))?|(?:the|this|my|her|his) (?:application|app))? ?"
    r"(later|afterwards?|after that|tomorrow|tmrw|tmr|2morrow|tonight|this evening|another time|"
    r"some other time)|"
    # "Have to go. Save it, will finish tonight.", "sorry, have to run"
    r"^\W*(?:(?:sorry|ok(?:ay)?|oops|oh|ugh|shoot|welp)[\s,.!]+)*(have|got|gotta|need) to "
    r"(go|run)\b(?:[.!,]|$)|\bsave it[.,!]?\s+(will|i'?ll)\b|"
    r"save (it|this) for later|be right back|brb|"
    # "Save it and I'll come back tonight.", "can you save it y lo termino despues?"
    # "Kindly save it as it is and I will resume tomorrow."
    r"save (it|this|that|my (application|app|answers|progress))( for me)?( as it is)?[,.!]? "
    r"(and |then )?(i'?ll|i will|we'?ll) (come back|finish|continue|do|resume)|"
    r"(i'?ll|i will) (come back|resume) (to (it|this) |it )?(later|tonight|tomorrow|tmrw|after)|"
    # "I'll finish the rest after my kiddos go home", "she'll do the rest when she's home"
    r"(i'?ll|i will|we'?ll|we will|she'?ll|she will|he'?ll|he will) (finish|continue|complete|"
    r"do|get back to|resume) (it|this|that|the rest(?: of (?:it|this|that|the \w+|my \w+|"
    r"her \w+|his \w+))?|the (?:application|app|questions)|my (?:application|app)|"
    r"her (?:application|app)) (later|after|when|once|tomorrow|tmrw|tmr|tonight|this evening|"
    r"in the morning|another time)|"
    # "Please keep what I have entered; I shall return to it.", "I'll come back to it"
    r"(i|we)( shall| will|'ll) (return|come back|get back) to (it|this|the application)|"
    # "out of time, finish it tmrw", "sorry I'm out of time" (not "running out of time to
    # apply")
    r"(^\W*((sorry|ok(ay)?|ugh|welp|shoot|oh|argh)[\s,.!]+)*|"
    r"(i'?m|i am|we'?re|we are|she'?s|he'?s) (just |now |all )?)(out of|outta|"
    r"running out of) time\b(?! (to|before|until)\b)|"
    # "... bye for now!", "ttyl"
    r"bye for now|talk to (you|u) later|ttyl|"
    # "That is all I have time for. Save the application; I will complete it NLT 1800
    # tomorrow.", "she says we have to stop, the baby is up. Please save it"
    r"(that'?s|that is) all (i|we|she|he) (have|has) time for|"
    r"(i|we|she|he) (have|has|had|got|gotta) to stop\b(?! (at|on|after|before)\b)|"
    r"(please |pls |just )?save (it|this|the (application|app)|my (application|app)|her "
    r"(application|app))\W*$|"
    r"keep what (i|we) (have|'ve) (entered|typed|answered|done|put in)|"
    r"lo (termino|acabo|continuo|sigo|hago) (despu[eé]s|luego|m[aá]s tarde|ma[ñn]ana)|"
    # "I'm going to stop for tonight", "I have to go get my grandson", "finish it tomorrow"
    r"(i'?m|i am) going to (stop|pause|quit|call it)|"
    # (not asked: "do I need to go get the fingerprints done first?")
    r"(?<!do )(?<!should )(?<!would )(?<!will )"
    r"i (need|have|got) to (go|run|leave|head out|step away)\b(?! (back|to the|through))|"
    r"(stop|pause|quit) for (tonight|today|now|the night|the day)|"
    r"(continue|finish|do) (it|this|the rest) (later|tomorrow|another time|tonight))\b"
    # "actually stop, I need to check something with HR first"
    r"|^\s*(?:(?:actually|ok(?:ay)?|wait|hold on|hmm+|sorry|no)[\s,.!]+)*"
    r"(?:stop|cancel|pause)\b", re.IGNORECASE)
_STOP_FIRST = re.compile(
    r"^\s*(?:(?:ok(?:ay)?|oh|hold on|wait|sorry|actually|hmm+)[\s,.!]+)*"
    r"(?:never\s*mind|nevermind|nvm|forget\s+it|stop|cancel)\b[\s,.!;-]", re.IGNORECASE)
# One or more stop phrases ("nvm forget it", "ok never mind, cancel"), nothing else; a
# bare "ok", "no" or "actually" alone is not a stop (the last alternative needs company).
_STOP = re.compile(
    r"^\s*(?:please\s+)?(?=.*(?:stop|cancel|quit|exit|abort|end|mind|nvm|forget|now|later))"
    r"(?:" + _STOP_PHRASE + r"[\s,.!;-]*){1,4}(?:please|then|thanks)?[\s.!]*$",
    re.IGNORECASE,
)
_BACK = re.compile(
    # "Oh dear, please go back. I fear I answered that previous one too quickly."
    # "no wait go back, that one is a no. i misread it"
    r"^\s*(?:(?:oh(?:\s+dear|\s+no)?|no|sorry|oops|wait|hold\s+on|hmm+|um+|ok(?:ay)?|"
    r"actually)[\s,.!]+)*"
    r"(?:please\s+)?(?:go\s+back|back|previous(?:\s+question)?|undo|"
    r"(?:go\s+)?back\s+(?:one|a\s+step|to\s+the\s+(?:last|previous)\s+(?:one|question))|"
    r"wait,?\s+go\s+back|i\s+want\s+to\s+go\s+back)"
    r"(?:\s+please)?(?:[\s.!]*$|[,.!]\s+.{0,80}\b(?:answer\w*|question|previous|mistake|wrong|"
    r"quickly|mind|misread|meant|that\s+one|a\s+(?:no|yes))\b.*$)",
    re.IGNORECASE,
)
_NUMBER_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "first": 1,
                 "second": 2, "third": 3, "fourth": 4, "fifth": 5, "last": 5}
# "... to yes", "... should be no"
_CHANGED_TO = re.compile(r"^\W*(?:to|into|should\s+be|is|as|=|it\s+is|it'?s)?\s*(?:a\s+)?[\"']?"
                         r"(?P<answer>yes|no|y|n)\b", re.IGNORECASE)
_CHANGE = re.compile(
    r"\b(?:change|fix|edit|correct|redo|update)\b.{0,30}?\b(?:answer|question|q)\s*"
    r"(?:to|for|on|of|number|no\.?|#)?\s*(?:question\s*|q\s*)?"
    r"(?P<n>\d|one|two|three|four|five|first|second|third|fourth|fifth|last)\b"
    # ("she says question 2 should actually be yes")
    r"|(?:\b(?:question|q)|#)\s*(?P<m>\d)\b.{0,20}\b(?:should\s+(?:actually\s+|really\s+)?(?:be|have\s+"
    r"been)|should'?ve\s+been|is\s+wrong|change|fix)"
    # "wait change #2 to yes"
    r"|\b(?:change|fix|edit|correct|redo|update)\s+(?:my\s+|the\s+)?(?:number\s+|#\s*)(?P<k>\d)\b"
    # "wait. number 4 i answer wrong. it is yes not no"
    r"|\b(?:number|#|question|q)\s*(?P<w>\d)\b.{0,25}?\b(?:wrong|mistake|incorrect)\b"
    # "on question 2 i said no but i had a dui in 1989. i need to change that one"
    # (not "question 2 is fine, i dont want to change it", "can i change it later?")
    r"|\b(?:number|#|question|q)\s*(?P<t>\d)\b"
    r"(?:(?!\b(?:don'?t|do\s+not|not|no\s+need|never)\b)[^?]){0,80}?"
    r"\b(?:change|fix|correct|redo)\s+(?:that|it|this)\b(?![^.!]*\?)",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Turn:
    """One user message, as the actions see it."""

    text: str
    intent: str
    confidence: float
    faq_key: str | None = None
    ranking: tuple[tuple[str, float], ...] = ()
    extras: tuple[dict[str, Any], ...] = field(default_factory=tuple)
    entities: tuple[dict[str, Any], ...] = ()

    @classmethod
    def of(cls, tracker: Tracker) -> Turn:
        message = tracker.latest_message or {}
        intent = message.get("intent") or {}
        name, key = split_faq(str(intent.get("name") or ""))
        ranking = tuple(
            (str(r.get("name")), float(r.get("confidence") or 0.0))
            for r in message.get("intent_ranking") or [] if r.get("name")
        )
        return cls(
            text=without_courtesy(str(message.get("text") or "")),
            intent=name,
            confidence=float(intent.get("confidence") or 0.0),
            faq_key=key,
            ranking=ranking,
            extras=tuple(e for e in message.get("extras") or [] if isinstance(e, dict)),
            entities=tuple(e for e in message.get("entities") or [] if isinstance(e, dict)),
        )

    # ---- what kind of message it is
    @property
    def is_payload(self) -> bool:
        """A button click or a typed "/intent" command."""
        return self.text.startswith("/")

    @property
    def words(self) -> int:
        return len(self.text.split())

    @property
    def ends_asking(self) -> bool:
        """It ends in "?" (an emoji after it aside: "...my initial certificate? ✨")."""
        return PICTOGRAPHS.sub("", self.text).strip().endswith("?")

    @property
    def is_question(self) -> bool:
        text = self.text.strip()
        return (self.ends_asking or bool(QUESTION_START.match(text))
                or bool(_ASKED_INSIDE.search(text)))

    @property
    def is_stop(self) -> bool:
        """An explicit "stop" / "cancel" / "never mind", typed or clicked."""
        if self.is_payload:
            return self.intent == "stop"
        return bool(_STOP.match(self.text))

    @property
    def starts_with_stop(self) -> bool:
        """ "hold on never mind, i have to go find ...": a stop first, then a reason."""
        return not self.is_payload and bool(_STOP_FIRST.match(self.text))

    @property
    def is_pause(self) -> bool:
        """ "hold on, I need to stop for now", "please hold this application and I will
        finish it afterward": a stop in so many words, anywhere in the message."""
        return not self.is_payload and bool(_PAUSE.search(self.text))

    @property
    def is_back(self) -> bool:
        return bool(_BACK.match(self.text))

    def changed_question(self) -> int | None:
        """The question number in "change my answer to question 3", if that is asked."""
        match = _CHANGE.search(self.text)
        if not match:
            return None
        raw = (match.group("n") or match.group("m") or match.group("k") or match.group("w")
               or match.group("t") or "").lower()
        return int(raw) if raw.isdigit() else _NUMBER_WORDS.get(raw)

    def changed_to(self) -> bool | None:
        """The answer a change names ("change question 2 to yes"): True, False or None."""
        match = _CHANGE.search(self.text)
        if not match:
            return None
        to = _CHANGED_TO.search(self.text[match.end():])
        return None if to is None else to.group("answer").lower() in ("yes", "y")

    def entity(self, name: str) -> str | None:
        for entity in self.entities:
            if entity.get("entity") == name and entity.get("value") not in (None, ""):
                return str(entity["value"])
        return None

    def confident(self, threshold: float = 0.6) -> bool:
        return self.confidence >= threshold and self.intent != "nlu_fallback"

    @property
    def request(self) -> str:
        """The request the message makes: the intent, or ``faq/<topic>``."""
        if self.intent == "faq" and self.faq_key:
            return f"faq/{self.faq_key}"
        return self.intent

    def extra_requests(self) -> list[str]:
        """Other requests in the same message ("...? also are my scores in"), in order."""
        seen = {self.request}
        out: list[str] = []
        for extra in self.extras:
            # (each clause was already read through the table of corrections when it was
            # parsed: bot/clauses.py)
            name = request_of(str(extra.get("intent") or ""))
            if name and name not in seen and name.split("/")[0] not in BASICS:
                seen.add(name)
                out.append(name)
        if seen & {"forgot_password", "forgot_username"}:
            # "i cant get into my account. ... the password isnt working": which one was
            # lost is said, so no question which
            out = [name for name in out if name != "login_trouble"]
        return out


FAQ_PREFIX = "faq_"


def next_reading(turn: Turn, skip: frozenset[str], floor: float = 0.05) -> str | None:
    """The model's likeliest request (read at `floor` or more) whose family is not one of
    `skip` (as a request name)."""
    for name, confidence in turn.ranking:
        if confidence < floor:
            continue
        request = request_of(name)
        if request.split("/")[0] in skip or name == "nlu_fallback":
            continue
        return request
    return None


def request_of(intent: str) -> str:
    """An intent name as the request it makes: ``faq_fees`` -> ``faq/fees``."""
    name, key = split_faq(intent)
    return f"faq/{key}" if key else name


def split_faq(intent: str) -> tuple[str, str | None]:
    """``faq_fees`` -> ("faq", "fees"): every FAQ topic is an intent of its own, which the
    actions treat as one kind of request with a topic."""
    if intent.startswith(FAQ_PREFIX):
        return "faq", intent[len(FAQ_PREFIX):]
    return intent, None


_LETTERS = re.compile(r"[a-z]+")


def looks_like_gibberish(text: str) -> bool:
    """Keyboard mashing ("sdfkj qwpoeiru zxcmvn", "jjjjj kk"): most of its words have no
    vowel, a run of five consonants or a letter three times in a row."""
    words = _LETTERS.findall((text or "").lower())
    if not words:
        return False

    def wordlike(w: str) -> bool:
        return (bool(re.search(r"[aeiouy]", w)) and not re.search(r"[^aeiouy]{5,}", w)
                and not re.search(r"(.)\1\1", w) and len(w) <= 20)

    return sum(wordlike(w) for w in words) / len(words) < 0.5
