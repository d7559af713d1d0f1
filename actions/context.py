"""What a follow-up refers to: the topic of the last few messages.

People ask about what they were just told: "what's passing?" after their scores, "how much
n how long does it take" after the fingerprinting answer, "where do I mail it?" after the
name-change form. The model reads such a message alone, without the topic it leaves out;
here the topic comes from the conversation. Two readings:

- a question with words of the status shown a moment ago ("and what grades does it say?"),
  when the model is unsure of it, is that status again (its answer carries the details);
- a short question that names no topic of its own and points back ("it", "that", "how
  much", "how long", "where") is the answer given a moment ago again: an FAQ, the
  name-change steps, or the FAQ that explains a status (how long fingerprints take).
"""

from __future__ import annotations

import re

from rasa_sdk import Tracker

from actions.common import INTERRUPTED_SLOT, QUIET_INTERRUPTIONS, last_answer
from actions.parsing import EMAIL_RE
from actions.readings import (
    ADD_A_NAMED_AREA,
    CONTINUE_APPLICATION,
    MAIL_ANYTHING,
    SEVERAL_DISTRICTS,
    corrected,
)
from actions.turns import BASICS, STATUS_INTENTS, Turn, request_of
from actions.wording import for_the_model

_I = re.IGNORECASE

# The words of each status, for a question about its details.
TOPIC_WORDS = {
    "check_certificate_status": re.compile(
        r"\b(certif\w*|cert|subject|content\s+area|grades?|expir\w*|valid|type|area|"
        r"endorse\w*|active)\b", _I),
    "check_assessments": re.compile(r"\b(pass(ed|ing)?|scores?|praxis|test|cut\s*score)\b",
                                    _I),
    "check_background_status": re.compile(
        r"\b(fingerprint\w*|prints|background|clear(ed|s)?|results?)\b", _I),
    "check_application_status": re.compile(
        r"\b(memo|missing|returned|review|status|submitted|application|app)\b", _I),
    "check_education_status": re.compile(
        r"\b(transcripts?|college|university|received|education)\b", _I),
}
# A message naming one of these says its own topic: no reading from context.
TOPIC_NOUNS = re.compile(
    r"\b(fingerprint\w*|prints|background|transcr\w*|appl\w*|app|certif\w*|certs?|passw\w*|"
    r"user\s*name|account|fees?|scores?|praxis|tests?|memo|name|phone|address|college|"
    r"universit\w*|educator\s+id|number|ssn|social\s+security|statement|upgrade|"
    r"substitute|sub|registry|districts?|hr|principal|schools?)\b", _I)
POINTS_BACK = re.compile(
    r"\b(it|its|it's|that|this|they|them|those|how\s+much|how\s+long|cost|turnaround|"
    r"where|when|expire|valid|carry\s+over|still\s+count)\b", _I)
# The FAQ that explains a status, for a follow-up about it ("how long does it take?").
EXPLAINED_BY = {
    "check_background_status": "faq/fingerprinting",
    "check_education_status": "faq/mail_transcripts",
    "check_application_status": "faq/processing_time",
}
# The status a question about one's own records is about ("my Praxis score isn't in your
# system" asks about the scores).
STATUS_OF_FAQ = {
    "faq/fingerprinting": "check_background_status",
    "faq/missing_test_scores": "check_assessments",
    "faq/application_statuses": "check_application_status",
    "faq/processing_time": "check_application_status",
    "faq/mail_transcripts": "check_education_status",
    "faq/upgrade_timing": "check_certificate_status",
}
# The words that name each status outright ("my assessment scores and my certificate").
STATUS_NAMES = {
    "check_application_status": re.compile(r"\b(applications?|app|memo)\b", _I),
    "check_background_status": re.compile(r"\b(fingerprints?|background)\b", _I),
    "check_education_status": re.compile(r"\b(transcripts?|education\s+records?)\b", _I),
    "check_assessments": re.compile(r"\b(assessments?|scores?|praxis)\b", _I),
    "check_certificate_status": re.compile(r"\b(certificates?|cert)\b", _I),
}
# Topics whose "how long" and "how much" differ from the general answers (7-10 days and
# $41.75, not 6 weeks and the application fee): a topic-less question right after them is
# about them, however sure the model is of the general answer.
ABOUT_THE_FINGERPRINTS = frozenset({"check_background_status", "faq/fingerprinting"})
_WH = re.compile(r"\b(where|when|how)\b", _I)  # "send where": a question without its "?"
_WHERE_TO = re.compile(r"\b(where|mail|send|address)\b", _I)
# "do i get an email when its done": a notice, of whatever was being talked about
_NOTICE_WHEN_DONE = re.compile(
    r"\b(e-?mail|notice|notif\w*|tell|let\s+me\s+know|hear|text|call)\b.*\bwhen\s+(it'?s|its|"
    r"it\s+is|they'?re|they\s+are|it)\s+(done|ready|back|finished|complete|cleared|in)\b", _I)
_WHERE_TO_GET_THEM = re.compile(r"\bwhere\s+(do|can|should|would)\s+(i|we|she|he)\s+(go\s+)?"
                                r"(to\s+)?(get|have)\s+(them|it|these|those|that)\s+"
                                r"(done|taken|made)\b", _I)
_WHERE_TO_SEE_IT = re.compile(
    r"\bwhere\s+(is|was|can\s+i\s+(see|find|read|check)|do\s+i\s+(see|find|check|look))\s+(that|this)"
    r"(\s+written|\s+myself|\s+on\s+(the\s+)?(site|website|portal))?\b|"
    r"\bsee\s+(it|that|this)\s+(myself|on\s+my\s+own)\b|"
    # "where i check myself"
    r"\bwhere\s+(can\s+|do\s+)?i\s+(see|check|find|look)\s+(it\s+|that\s+|this\s+)?"
    r"(myself|on\s+my\s+own)\b|"
    r"\bwhere\s+(on|in)\s+the\s+(site|website|portal)\b",
    _I)
_ENOUGH = re.compile(r"\b(would|will|is|was)\s+(that|this|it)\s+(be\s+)?enough\b|"
                     r"\benough\s+(hours|credits?)\b", _I)
# "I want to add it", "can you add that one"
_ADD_IT = re.compile(r"\b(want|need|like|can\s+(you|i)|could\s+(you|i)|please)\b.{0,15}\badd\s+"
                     r"(it|that|this|them|that\s+one|this\s+one)\b", _I)
# "sorry, so just to make sure I understand, what exactly is it still waiting on?" after the
# application: what its Memo says, again
_WAITING_ON = re.compile(r"\bwhat\s+(exactly\s+)?(is|are)\s+(it|they|you|dese|she|he)\s+(still\s+)?"
                         r"waiting\s+(on|for)\b", _I)
# "and the results show up where? or do i wait for a letter like its 1995" after the
# fingerprints: where the results are seen (no notice is sent)
_RESULTS_WHERE = re.compile(r"\b(results?|they)\s+(show\s+up|appear|get\s+posted|posted)\b|"
                            r"\bwait\s+for\s+a\s+(letter|notice|call)\b|"
                            # "and how will i know they came back. do you people send a letter"
                            r"\bhow\s+(will|would|do)\s+(i|we|she|he)\s+know\b|"
                            r"\bsend\s+(me\s+|her\s+|him\s+)?a\s+letter\b", _I)
# What, said right after the fingerprints, is about them whatever its words say elsewhere:
# "do i get an email when its done" (no notice is sent), "and the results show up where?",
# "do i need to redo it for every district i sub for" (one check is shared), "dang ok. where
# do i go to get them done again"
_ABOUT_THE_CHECK = (_NOTICE_WHEN_DONE, _RESULTS_WHERE, SEVERAL_DISTRICTS, _WHERE_TO_GET_THEM)
_STILL_WAITING = re.compile(r"\bwhere'?s\s+(it|that|this)\s+at\b|\bany\s+(news|update|word)\b|"
                            r"\bstill\s+nothing\b|\bwhat'?s\s+the\s+hold\s*up\b", _I)
# After a college was added: its grades, hours or transcript, or what else to do
_AFTER_A_COLLEGE = re.compile(r"\b(grades?|credits?|hours|transcripts?|gpa|courses|"
                              r"(anything|something|what)\s+else)\b", _I)
# "How long will it take once everything finally arrives?": the whole application
ABOUT_EVERYTHING = re.compile(r"\b(everything|all\s+(of\s+)?(it|my|the)|documents?)\b", _I)
# What may be answered again from context (never a flow).
ANSWERS = re.compile(r"^(faq/\w+|change_personal_info|certificate_requirements)$")
FOLLOW_UP_TURNS = 4
IN_FORM_TOPIC_TURNS = 2


def follow_up_on(request: str, turn: Turn, tracker: Tracker, signed_in: bool) -> str | None:
    """The request a follow-up question means, from the conversation, or None."""
    if turn.is_payload:
        return None
    intent = request.split(":")[0].split("/")[0]
    recent = recent_requests(tracker)
    if not recent:
        return None
    right_after = after_topic(turn, recent, tracker)
    if right_after:
        return right_after if right_after != request else None
    if not turn.is_question and turn.words > 12:
        return None
    status = next((r for r in recent if r in STATUS_INTENTS), None)
    unsure = not turn.confident(0.8) or intent == "nlu_fallback"
    # (a question the model reads fairly surely as one of the general answers is that one:
    # "the director of my school can see this score?" asks who sees scores, not for them)
    if (signed_in and status and unsure and intent not in STATUS_INTENTS
            and not (intent == "faq" and turn.confident(0.6))
            # ("Could we go on with my Substitute application where I stopped, please?"
            # after the applications were shown: continuing it, not the status again)
            and not CONTINUE_APPLICATION.search(turn.text)
            and (TOPIC_WORDS[status].search(turn.text) or TOPIC_WORDS[status].search(
                for_the_model(turn.text, first_person=False)))):
        # ("y esta activo? para que grados es y cuando se vence?" after the certificate)
        return status
    # A question naming no topic of its own takes the conversation's, even when the model
    # is sure of a general answer ("how long does it usually take" after the fingerprints).
    general = unsure or (intent == "faq" and recent[0] in ABOUT_THE_FINGERPRINTS
                         and not ABOUT_EVERYTHING.search(turn.text))
    if (turn.words <= 10 and (turn.is_question or (turn.words <= 3 and _WH.search(turn.text)))
            and not TOPIC_NOUNS.search(turn.text)
            and POINTS_BACK.search(turn.text) and general):
        last = recent[0]
        if (last in STATUS_INTENTS or last == "add_college") and _WHERE_TO.search(turn.text):
            # "mail where" after a status, "so do i gotta send them something too" after a
            # college was added: where the documents go
            return ("faq/mail_transcripts" if last in ("check_education_status", "add_college")
                    else "faq/mail_documents")
        last = EXPLAINED_BY.get(last, last)
        if ANSWERS.match(last) and last != request:
            return last
    return None


def after_topic(turn: Turn, recent: list[str], tracker: Tracker) -> str | None:
    """What a question means right after a topic, whatever its words say elsewhere."""
    if turn.is_payload:
        return None
    if _COLLEGE_ADDED.search("\n".join(last_answer(tracker))):
        recent = ["add_college"]  # (added in a form that the sign-in came before)
    if _ENOUGH.search(turn.text) and not (turn.intent == "faq" and turn.confident(0.9)) and (
            recent[:1] == ["check_application_status"] or any(
            t.startswith("Your applications:") for t in last_answer(tracker))):
        # "I took classes at Southeast Missouri State back in the 80s, maybe two years' worth.
        # Would that be enough?" after a Memo asking for 36 hours: what the Memo says, again
        # (not "I could scan it and send it per e-mail today, is this enough?", which the model
        # reads surely as how transcripts are sent)
        return "check_application_status"
    if not recent:
        return None
    if recent[0] in ABOUT_THE_FINGERPRINTS and any(
            words.search(turn.text) for words in _ABOUT_THE_CHECK):
        return "faq/fingerprinting"
    if recent[0] == "check_application_status" and turn.words <= 20 and _WAITING_ON.search(
            turn.text):
        return "check_application_status"
    named = [status for status, words in STATUS_NAMES.items() if words.search(turn.text)]
    if (recent[0] in STATUS_INTENTS or named) and _WHERE_TO_SEE_IT.search(turn.text):
        # "where is that written, so i can see it myself next time" after the application:
        # where it is in the portal (the certificate's answer says where, and that it has no
        # number: "the certificate number. Where is that located?"). A status the message
        # names is the one meant ("asks for a certificate number. Where do I find that?"
        # after the scores; "where can I see this memo myself" after other answers).
        status = recent[0] if not named or recent[0] in named else named[0]
        return (status if status == "check_certificate_status" else f"portal_place:{status}")
    if (recent[0] in STATUS_INTENTS and named and turn.words <= 8
            and _AND_THE.match(turn.text) and not _HOW_OR_WHERE.search(turn.text)):
        return named[0]
    if recent[0] in ("check_education_status", "add_college") and MAIL_ANYTHING.search(
            turn.text):
        # "so do i gotta send them something too" after a college was added: its transcript
        return "faq/mail_transcripts"
    if recent[0] == "check_education_status" and _ADD_IT.search(
            for_the_model(turn.text, first_person=False)):
        # "si, falta la de Texas donde hice mis primeros semestres. Quiero agregarla" after the
        # colleges on file
        return "add_college"
    if recent[0] in STATUS_INTENTS and turn.words <= 12 and _STILL_WAITING.search(turn.text):
        # "Printed 3 wks ago, still nothing. Where's it at?" after a look at the background
        # check: that status again
        return recent[0]
    if _HOW_LONG.search(turn.text) and _EVERYTHING_IN.search(turn.text) and turn.words <= 12:
        # "After everything arrives, how long it takes?" after where the transcript goes: the
        # whole application's processing, not the last answer again
        return "faq/processing_time"
    if "edit_contact" in recent[:2] and _CONTACT_TOO.search(turn.text):
        # "And my email too, please." after the phone number was changed
        return "edit_contact"
    if (recent[0] == "edit_contact" and EMAIL_RE.search(turn.text) and turn.words <= 40
            and _EMAIL_SAVED.search("\n".join(last_answer(tracker)))):
        # "Correction, I misspelled that. It should be d.whitfield.math@gmail.com", "WAIT ...
        # that's Mr. Delgado's email. ... Hers is kharper.edu@outlook.com" right after an
        # email was saved: the email changed again
        return "edit_contact"
    if ("check_certificate_status" in recent[:2] and ADD_A_NAMED_AREA.search(turn.text)
            and not _NO_AREA.search(turn.text)):
        # "It says Elementary Education 1-6. I teach 7th grade math. How do I add middle
        # school math?" after the certificate: another area, on the certificate just shown
        return "apply:additional"
    if _THAT_NUMBER.search(turn.text) and turn.words <= 15 and any(
            "Educator ID" in said for said in last_answer(tracker)):
        # "where do i even find that number" after an answer that names the Educator ID
        return "faq/educator_id"
    if "check_application_status" in recent[:2] and _WHAT_THEY_WANT.search(turn.text):
        # "How many hours do they want?", "1) What exactly must I send?" after a returned
        # application: its Memo says, so the application again (with its Memo)
        return "check_application_status"
    status = next((r for r in recent[:2] if r in STATUS_INTENTS), None)
    if status and turn.words <= 6 and _MAIL_IT_WHERE.search(turn.text):
        # "Mail it where." after a status (a follow-up about it may have come between): where
        # the documents go
        return ("faq/mail_transcripts" if status == "check_education_status"
                else "faq/mail_documents")
    if recent[0] == "check_certificate_status" and _A_COPY.search(turn.text):
        # "How do I get a copy. And don't tell me to wait for the mail.", "y cómo lo imprimo?"
        # after the certificate: printed from its link
        return "check_certificate_status"
    if (recent[0] == "add_college" and turn.is_question and turn.words <= 25
            and _AFTER_A_COLLEGE.search(turn.text)
            and not (turn.intent == "faq" and turn.confident(0.5))):
        # (a general question the model reads well is that one: "Once it's received, how
        # long should she expect processing to take?")
        # "So now that it's listed, you have my grades and credit hours, correct?": DESE
        # enters them from the original transcripts, mailed
        return "faq/mail_transcripts"
    return None


_A_COPY = re.compile(r"\b(get|have|need|want|make|download)\w*\s+(a\s+|an\s+|one\s+)?(official\s+|"
                     r"printed\s+|paper\s+|hard\s+)?(copy|copies|print\s*out)\b|"
                     r"\b(print|imprim\w*)\b", re.IGNORECASE)
_HOW_LONG = re.compile(r"\bhow\s+long\b", re.IGNORECASE)
_EVERYTHING_IN = re.compile(r"\b(everything|all\s+of\s+it|all\s+my\s+(documents|papers|stuff))\b"
                            r".{0,20}\b(arrives?|arrived|is\s+in|gets?\s+there|received|comes?\s+in)\b",
                            re.IGNORECASE)
_CONTACT_TOO = re.compile(
    r"^\W*(and|also|oh|plus|one\s+more)?[\s,]*(my|the)\s+(e-?mail|phone(\s+number)?|"
    r"(mailing\s+|home\s+)?address)\b.{0,20}\b(too|also|as\s+well|please)\b", re.IGNORECASE)
# What a returned application's Memo answers
_WHAT_THEY_WANT = re.compile(
    r"\bwhat\s+(exactly\s+)?(do|must|should|did|shall)\s+(i|we)\s+(exactly\s+)?"
    r"(need\s+to\s+|have\s+to\s+|gotta\s+)?(send|submit|mail|provide|fix|give)\b|"
    r"\bhow\s+many\s+(semester\s+)?(hours|credits?|credit\s+hours)\b|"
    # "36 hours of WHAT??" (the Memo's hours)
    r"\b(hours|credits?)\s+of\s+what\b|"
    r"\bwhat\s+(do|did|does)\s+(they|you|dese|it)\s+(want|need|ask)|"
    r"\bwhy\s+(was|did|were|is)\s+(it|they|my\s+app\w*)\s+(get\s+)?(returned|return|sen[dt])|"
    # "fine. so why did it come back"
    r"\bwhy\s+(did|does|has)\s+(it|my\s+app\w*)\s+(come|came)\s+back\b|"
    r"\bwhat\s+(is|was|'?s)\s+(it\s+)?missing\b|"
    # "what i need do? what the paper say"
    r"\bwhat\s+(do\s+)?(i|we|she|he)\s+(need|have)\s+(to\s+)?do\b|"
    r"\bwhat\s+(does\s+)?(the|that|this)\s+(paper|memo|letter|note)\s+says?\b", re.IGNORECASE)
_MAIL_IT_WHERE = re.compile(r"\b(mail|send)\s+(it|them|that|this|those)?\s*where\b|"
                            r"\bwhere\s+(do\s+i\s+|to\s+|should\s+i\s+)?(mail|send)\b",
                            re.IGNORECASE)
# "n my fingerprints?", "and the transcript from lincoln?", "what about my scores" right after
# a status: the status of the thing named (not how fingerprinting or mailing works)
_AND_THE = re.compile(r"^\W*(?:and|n|&|also|plus|what\s+about|how\s+about)\b\W*"
                      r"(?:(?:my|the|her|his|our|their)\s+)?\w+", _I)
_HOW_OR_WHERE = re.compile(r"\b(where|how|when|why|who|can|could|should|do|does|did)\b", _I)
# (what is added there is no college, transcript or contact detail)
_NO_AREA = re.compile(r"\b(college|university|transcripts?|phone|e-?mail|address)\b", _I)
_EMAIL_SAVED = re.compile(r"^Saved: your email address is now ", re.MULTILINE)
_THAT_NUMBER = re.compile(r"\b(that|this)\s+(number|id)\b.{0,30}$|"
                          r"\b(where|how)\b.{0,30}\b(that|this)\s+(number|id)\b", _I)
_COLLEGE_ADDED = re.compile(r"^Added .+ to your education record\.", re.MULTILINE)


def recent_requests(tracker: Tracker) -> list[str]:
    """What the educator's last few messages asked (newest first), as requests
    (``faq/<topic>`` for an FAQ), skipping the one being answered. Only messages the router
    answered count: an answer typed into a form ("I accept", a username) is no topic."""
    routed: list[dict] = []
    answered: dict[int, list[str]] = {}  # the FAQ answers given to each routed message
    pending: dict | None = None
    current: dict | None = None
    in_form: dict | None = None  # a message a form took, until it is seen answered there
    users: list[int] = []  # the ids of the person's messages, in order
    answered_in_form: set[int] = set()
    for event in tracker.events:
        if event.get("event") == "user":
            pending, current, in_form = event, None, None
            users.append(id(event))
        elif event.get("event") == "action" and pending is not None:
            if event.get("name") not in ("action_listen", "action_session_start"):
                if event.get("name") == "action_route":
                    routed.append(pending)
                    current = pending
                else:
                    in_form = pending
                pending = None
        elif (event.get("event") == "slot" and in_form is not None
              and event.get("name") == INTERRUPTED_SLOT
              and event.get("value") not in QUIET_INTERRUPTIONS | {None}):
            # "got married in june, how do i update that" asked while a username was asked
            # and answered there: a topic for what comes next ("do i send the marriage
            # license w it")
            routed.append(in_form)
            answered_in_form.add(id(in_form))
            current, in_form = in_form, None
        elif event.get("event") == "bot" and current is not None:
            # "how much n how long does it take" read as the processing time but answered
            # (from the conversation) with the fingerprinting: the answer is the topic
            action = str((event.get("metadata") or {}).get("utter_action") or "")
            if action.startswith("utter_faq_"):
                answered.setdefault(id(current), []).append(
                    "faq_" + action.removeprefix("utter_faq_"))
    out: list[str] = []
    last_user = next((e for e in reversed(tracker.events) if e.get("event") == "user"), None)
    # (a question answered inside a form is a topic only for the next message or two: the
    # form's own answers come after it, and a submission makes it old news)
    fresh = set(users[-IN_FORM_TOPIC_TURNS - 1:])
    for event in reversed(routed[-FOLLOW_UP_TURNS:]):
        if event is last_user:
            continue  # the message being answered
        if id(event) in answered_in_form and id(event) not in fresh:
            continue
        parse = event.get("parse_data") or {}
        intent = parse.get("intent") or {}
        names = [intent.get("name")] if float(intent.get("confidence") or 0) >= 0.4 else []
        names += [e.get("intent") for e in parse.get("extras") or [] if isinstance(e, dict)]
        text = str(event.get("text") or "")
        # as the router read it: the words correct a nearby reading there too
        requests = [request_of(name) for name in answered.get(id(event), [])]
        requests += [corrected(request_of(str(name or "")), text) for name in names]
        for request in requests:
            if request and request not in out and request not in BASICS:
                out.append(request)
    return out
