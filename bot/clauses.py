"""Messages that carry more than one thing: "hi, I need to print my certificate",
"did my fingerprints clear? also are my test scores in".

Rasa classifies a message as one intent. The launcher (bot/rasa_server.py) wraps the
message processor's parse so that a message of several clauses is also parsed clause by
clause, with the same model, in the same process:

- a greeting or thanks in front of a request gives way to the request (the message's
  intent becomes the request's, so the request is what the rules route); so does a
  question, when a clause asks for something to be done (create an account, reset a
  password, apply...): the action leads, the questions clauses asked come as extras;
- every other clause that makes a request of its own is listed under ``extras`` in the
  parse data (intent, confidence, FAQ key, text), for the actions to answer too.

Splitting is conservative: sentence ends, "also", "and also", ";", "plus", and a leading
greeting. A clause needs three words and a confident intent to count.

A username named in so many words beside a request ("HR says my Praxis score isn't in your
system. Username jsmith2") is read apart: the request is classified without it (a made-up
word and "username" pulled such messages towards the username topics), and the message's
text stays whole, so the actions still find the username in it
(`actions.parsing.without_named_username`). So are the domain's words misspelled ("my
applicaiton") and a helper's "she" and "her" for the person they help: the model reads the
message as its training data would have worded it (`actions.wording.for_the_model`).
"""

from __future__ import annotations

import copy
import logging
import re
from collections.abc import Callable
from typing import Any

from actions.parsing import without_named_username
from actions.readings import corrected
from actions.turns import request_of
from actions.wording import for_the_model

logger = logging.getLogger(__name__)

# Intents that never carry a request of their own.
NON_REQUESTS = frozenset({"greet", "thanks", "goodbye", "affirm", "deny", "stop",
                          "nlu_fallback", "out_of_scope"})
# Intents that do something for the person (a form). When the message as a whole reads as
# a question but one of its clauses asks for one of these ("I need to make an account. I
# never had one, my certificate was on paper"), the thing to do leads and the question is
# answered beside it.
ACTIONS = frozenset({"create_account", "sign_in", "forgot_username", "forgot_password",
                     "link_ssn", "apply", "edit_contact", "save_legal_name", "add_college",
                     "human_handoff"})
# Requests to look something up for the person: a message read as one of these is already a
# request, so a weaker "do something" clause does not take its place ("I submitted my
# application five weeks ago... could you tell me where it stands?").
STATUS_CHECKS = frozenset({"check_status", "check_application_status", "check_background_status",
                           "check_education_status", "check_assessments",
                           "check_certificate_status"})
MIN_WORDS = 3
MIN_CONFIDENCE = 0.6
# A clause that asks for an action may lead a message read as a question at less: the
# context around a request ("I'm moving from Arkansas...") pulls the whole message's
# reading towards the questions, while the request itself stays plain.
ACTION_MIN_CONFIDENCE = 0.4
MAX_CLAUSES = 4

_GREETING = re.compile(
    r"^\s*((hi|hello|hey|hiya|howdy|greetings|good\s+(morning|afternoon|evening|day)|"
    r"thank\s+you|thanks?|ok(ay)?)(\s+(there|all|again|so\s+much))?)\b[\s,.!:;-]*",
    re.IGNORECASE)
# Where one request ends and another begins. Sentence ends need a capital, a digit or a
# question word after them, so "P.O. Box" and "e.g. this" stay whole.
_SPLIT = re.compile(
    r"(?<=[?!])\s+"
    # a sentence end: a lower-case letter or digit, a dot, then a capital, a digit or a
    # question word ("P.O. Box" and "e.g. this" stay whole)
    r"|(?<=[a-z0-9)\]])\.\s+(?=[A-Z0-9]|(?i:how|what|where|when|why|who|can|do|does|is|"
    # "... fingerprint stuff due. now connect it to my record", "... good. next: how do i ..."
    r"are|will|also|and|i|now|next|please|pls|anyway)\b)"
    r"|\s*;\s*"
    r"|(?i:,?\s+(?:and\s+)?also[,:]?\s+)"
    r"|(?i:,?\s+plus\s+)"
    r"|(?i:,\s+and\s+(?=(?:how|what|where|when|why|who|can|could|do|does|did|is|are|will|"
    r"i)\b))"
    # "... since 2016 and i cant remember my password": a second thing the person can't do
    # or needs, even without a comma
    r"|(?i:\s+and\s+(?:now\s+|so\s+|then\s+)?(?=i\s+(?:can'?t|cannot|need|want|forgot|also|"
    r"would\s+like)\b))"
    # "whats the status on my application and did my fingerprints clear yet"
    r"|(?i:\s+and\s+(?=(?:did|has|have|was|were|when|where|how|what|why|are)\s+(?:my|the|"
    r"they|it|you)\b))"
    # "whens it expire and what did he get on the praxis"
    r"|(?i:\s+and\s+(?=what\s+(?:did|does|do|is|was)\s+(?:he|she|i|my|the|it)\b))"
    # "how much does this cost and how long till I can start subbing?"
    r"|(?i:\s+and\s+(?=how\s+(?:long|much|many|soon)\b))"
    # "Which application do I use ..., where do I mail my transcripts, and do I need an
    # account first?!"
    r"|(?i:,\s+(?=(?:where|how|what|when|why|which)\s+(?:do|does|did|can|should|would|will|is|"
    r"are)\s+(?:i|we|you|they|my)\b))"
    # "Can I add it, do I have to mail a transcript, and how do I even get to that page?!"
    r"|(?i:,\s+(?=(?:do|does|can|should|must)\s+(?:i|we)\s+(?:have\s+to|need\s+to|also|\w+\s+(?:a|an|the|my|it)\b)))"
    # "how much is a sub certificate and where do i go get fingerprinted"
    r"|(?i:\s+and\s+(?=(?:how|what|where|when|why|which)\s+(?:do|does|did|can|should|would|"
    r"will)\s+(?:i|we|you|they)\b))"
    # "1) where do they mail transcripts 2) whats this Educator ID thing": numbered questions
    r"|\s*(?<![\w.])\d\s*[).]\s+(?=[A-Za-z])")
_LATER = re.compile(r"\b(later|tomorrow|tonight|another\s+time|next\s+week|some\s+other\s+time)\b",
                    re.IGNORECASE)
# "After I submit this application, where should I mail my university transcripts?": a
# clause that sets a time or a condition asks for nothing itself
_SETS_A_TIME = re.compile(r"^\W*(?:after|before|once|until|till|as\s+soon\s+as|if|when)\s+"
                          r"(?:i|we|she|he|they|you|it|my|her|his)\b(?!.*\?\s*$)", re.IGNORECASE)
_LEADING_JOINER = re.compile(r"^(?:and\s+also|also|and|plus)[,:]?\s+", re.IGNORECASE)


def split_clauses(text: str) -> list[str]:
    """The clauses of a message, a leading greeting as its own clause."""
    text = (text or "").strip()
    if not text or text.startswith("/"):
        return [text] if text else []
    clauses: list[str] = []
    greeting = _GREETING.match(text)
    if greeting and greeting.end() < len(text):
        clauses.append(greeting.group(0).strip(" ,.!:;-"))
        text = text[greeting.end():]
    clauses += [_LEADING_JOINER.sub("", c.strip(" ,")) for c in _SPLIT.split(text)
                if c and c.strip(" ,.")]
    if len(clauses) > MAX_CLAUSES:
        # Context comes first and the request last ("I taught 4th grade for 22 years... My
        # nephew set up my account... How do I apply to be a substitute?"): the front is
        # joined into one clause, the last ones stand alone.
        keep = MAX_CLAUSES - 1
        clauses = [" ".join(clauses[:-keep])] + clauses[-keep:]
    return clauses


def _summary(parse: dict[str, Any], text: str) -> dict[str, Any]:
    intent = parse.get("intent") or {}
    return {"text": text, "intent": intent.get("name"),
            "confidence": float(intent.get("confidence") or 0.0)}


def _as_the_words_mean_it(summary: dict[str, Any]) -> dict[str, Any]:
    """A clause the table of corrections reads (actions/readings.py: "how long till I can
    start subbing?" is the processing time, however unsure the model is) counts as a
    request of its own."""
    reading = request_of(str(summary.get("intent") or ""))
    meant = corrected(reading, str(summary["text"]))
    if meant == reading:
        return summary
    # (an extra only: the message's own intent stays one the model gave, for the rules)
    return {**summary, "intent": meant.replace("faq/", "faq_", 1), "confidence": 1.0,
            "by_words": True}


def _request_key(summary: dict[str, Any]) -> str:
    return str(summary.get("intent"))


def add_clauses(parse_data: dict[str, Any],
                parse_clause: Callable[[str], dict[str, Any]]) -> dict[str, Any]:
    """Add ``extras`` (and promote a request over a greeting) in `parse_data`.

    `parse_clause(text)` parses one clause with the model. Returns `parse_data`.
    """
    text = str(parse_data.get("text") or "")
    clauses = split_clauses(text)
    if len(clauses) < 2:
        return parse_data
    parse_clause = _once_each(parse_clause)  # (the clause that leads is not parsed twice)
    requests = []
    actions = []  # clauses asking for something to be done, read with less certainty
    whole = _summary(parse_data, text)
    unsaid = False  # the clause the whole message's action came from says it is not asked
    for clause in clauses:
        if len(clause.split()) < MIN_WORDS - 1:
            continue
        if _SETS_A_TIME.match(clause):
            continue
        read = _summary(parse_clause(clause), clause)
        summary = _as_the_words_mean_it(read)
        if (read["intent"] == whole["intent"] and summary["intent"] != read["intent"]
                and summary["intent"] in NON_REQUESTS):
            unsaid = True
        if len(clause.split()) < MIN_WORDS and not summary.get("by_words") and not (
                summary["intent"] in ACTIONS and summary["confidence"] >= 0.75):
            continue  # ("What's missing" the table reads, "Sign in." read surely, count)
        if (summary["intent"] in ACTIONS and summary["confidence"] >= ACTION_MIN_CONFIDENCE
                and not summary.get("by_words")):
            actions.append((clause, summary))
        if summary["intent"] in NON_REQUESTS or summary["confidence"] < MIN_CONFIDENCE:
            continue
        requests.append((clause, summary))
    if not requests and not actions:
        return parse_data
    lead = None
    model_read = [r for r in requests if not r[1].get("by_words")]
    if (whole["intent"] in ACTIONS and unsaid and model_read
            and not any(r[1]["intent"] == whole["intent"] for r in requests + actions)):
        # "so i dont type my password into YOU. good, at least thats something. next: how do
        # i get fingerprinted": the reset the whole was read as is said not to be asked; the
        # question asked leads
        lead = max(model_read, key=lambda r: r[1]["confidence"])
    elif whole["intent"] in NON_REQUESTS and model_read:
        # "hi, how do I print my certificate": the request is what the message is about.
        lead = model_read[0]
    elif whole["intent"] in NON_REQUESTS and actions and not _LATER.search(text):
        # "Thank you. Now I want to sign in to see my application.": the thing to do, read
        # less surely, is still what the thanks leads to (not "I'll sign in tomorrow")
        surest = max(actions, key=lambda a: a[1]["confidence"])
        lead = surest if surest[1]["confidence"] >= 0.5 else None
    elif whole["intent"] not in ACTIONS and whole["intent"] not in NON_REQUESTS:
        # "im an SLP moving to springfield. do i need some kind of account before i can
        # apply?": the context reads as a question; the clause asking for an action leads.
        # (the surest of them: "... I never went to school in Missouri. Which Missouri
        # application am I supposed to use?" is the application, not adding a college)
        lead = max(actions, key=lambda a: a[1]["confidence"]) if actions else None
        if (lead is not None and whole["intent"] in STATUS_CHECKS
                and whole["confidence"] >= lead[1]["confidence"]):
            lead = None
    if lead is not None:
        clause, first = lead
        promoted = parse_clause(clause)
        parse_data["intent"] = dict(promoted.get("intent") or {})
        parse_data["intent_ranking"] = promoted.get("intent_ranking") or []
        parse_data["promoted_from"] = whole["intent"]
        whole = first
    extras = []
    seen = {_request_key(whole)}
    for _clause, summary in requests:
        key = _request_key(summary)
        if key not in seen:
            seen.add(key)
            extras.append(summary)
    if extras:
        parse_data["extras"] = extras
    return parse_data


def _once_each(parse_clause: Callable[[str], dict[str, Any]]) -> Callable[[str], dict[str, Any]]:
    parsed: dict[str, dict[str, Any]] = {}

    def parse(clause: str) -> dict[str, Any]:
        if clause not in parsed:
            parsed[clause] = parse_clause(clause)
        return parsed[clause]
    return parse


# What a parse says about the request (the rest, such as the text, is the message's).
_READING_KEYS = ("intent", "intent_ranking", "entities", "response_selector")


def reading_of(text: str) -> str:
    """What the model reads of a message: the text without a named username, worded as the
    model learned it (a payload as it is)."""
    return text if text.startswith("/") else for_the_model(without_named_username(text))


def read_request(parse_data: dict[str, Any], parse_clause: Callable[[str], dict[str, Any]],
                 parsed_reading: str | None = None) -> dict[str, Any]:
    """The request of a message: read without a named username, worded as the model learned
    it, then clause by clause. `parsed_reading`: the message's reading (`reading_of`), when
    `parse_data` is already the model's parse of it (with the message's own text)."""
    text = str(parse_data.get("text") or "")
    reading = reading_of(text) if parsed_reading is None else parsed_reading
    if reading == text:
        return add_clauses(parse_data, parse_clause)
    if parsed_reading is None:
        parsed = parse_clause(reading)
        for key in _READING_KEYS:
            if key in parsed:
                parse_data[key] = parsed[key]
    parse_data["text"] = reading
    try:
        return add_clauses(parse_data, parse_clause)
    finally:
        parse_data["text"] = text


def install() -> None:
    """Wrap Rasa's message parse so that every parse carries the clause analysis."""
    from rasa.core.channels.channel import UserMessage
    from rasa.core.processor import MessageProcessor
    from rasa.shared.core.trackers import DialogueStateTracker

    original = MessageProcessor.parse_message

    async def parse_message(self: Any, message: Any, tracker: Any = None,
                            only_output_properties: bool = True) -> dict[str, Any]:
        if self.http_interpreter is not None:
            return await original(self, message, tracker, only_output_properties)
        # The model reads the reading of the message, once (not the message, then the reading)
        text = message.text or ""
        try:
            reading = reading_of(text)
        except Exception:  # the message is read as typed
            logger.exception("rewording failed; the message is read as typed")
            reading = text
        asked = message
        if reading != text:
            asked = copy.copy(message)
            asked.text = reading
        parse_data: dict[str, Any] = await original(self, asked, tracker, only_output_properties)
        parse_data["text"] = text

        state = tracker or DialogueStateTracker.from_events(message.sender_id, [])

        def parse_clause(text: str) -> dict[str, Any]:
            clause = UserMessage(text, sender_id=message.sender_id)
            data: dict[str, Any] = self._parse_message_with_graph(clause, state,
                                                                  only_output_properties)
            self._update_full_retrieval_intent(data)
            return data

        try:
            return read_request(parse_data, parse_clause, parsed_reading=reading)
        except Exception:  # the whole message's parse still stands
            logger.exception("clause parse failed; using the whole message's intent")
            return parse_data

    MessageProcessor.parse_message = parse_message  # type: ignore[method-assign]
