"""The router: every message outside a form comes here (one rule per intent in
data/rules/routes.yml), and this is the one place that decides what happens to it.

- Requests answered at once (FAQ, requirements, handoff, greetings) are answered.
- Requests about the educator's records sign them in first when needed, then answer.
- Requests that take several questions start their form, after saying what is about to
  happen and why the next piece is needed (`flow_intro`, said with the first question).
- A message with two requests answers both (the second comes from the clause parse in
  the Rasa launcher, see bot/clauses.py), or says which comes first.
- A "yes" answers the assistant's last offer ("Would you like to start it now?").
- Text the model did not understand gets the fallback: what it probably meant, as
  buttons; a second one in a row offers a person.
"""

from __future__ import annotations

import logging
import re
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.account import NEXT_STEPS, after_creating, created_here, sign_out
from actions.answers import (
    HANDOFF_BUTTON,
    PASSWORD_NOT_HERE,
    PASSWORD_TROUBLE,
    answer_request,
    asks_about_the_password,
    describe_type,
    match_type,
    repeat_last_answer,
    who_am_i,
)
from actions.apply import (
    THE_X_ONE,
    WA_INTRO,
    WHICH_RE,
    after_stopping,
    after_submitting,
    names_a_type,
    signs_the_draft,
    situation_in,
)
from actions.asks import INTRO_SLOT
from actions.backend_client import BackendError, BackendUnavailable
from actions.common import MAIN_MENU, OFFER_SLOT, signed_in
from actions.context import (
    STATUS_NAMES,
    STATUS_OF_FAQ,
    after_topic,
    follow_up_on,
    recent_requests,
)
from actions.flow import SWITCH_SLOT
from actions.parsing import (
    HAS_USERNAME,
    just_an_email,
    lone_username,
    looks_like_date_of_birth,
    looks_like_ssn,
    named_username,
    parse_username,
    single_token,
    username_shaped,
)
from actions.profile import (
    NONE,
    college_asked,
    contact_field_in,
    legal_name_in,
)
from actions.readings import (
    CREATE_WORDS,
    FORGOT_PASSWORD,
    HAS_AN_ACCOUNT,
    NAME_IS_WRONG,
    NEED_A_NEW_ACCOUNT,
    PERSON,
    SECOND_ACCOUNT,
    SIGN_OUT_WORDS,
    SOMEONE_TO_HELP,
    corrected,
    says_forgotten,
)
from actions.reference import application_types
from actions.status import answer_status, sign_in_intro, status_last_shown
from actions.turns import (
    BASICS,
    FLOWS,
    STATUS_INTENTS,
    Turn,
    next_reading,
    request_of,
    split_faq,
)
from actions.wording import for_the_model

logger = logging.getLogger(__name__)

FALLBACKS_SLOT = "fallbacks"  # fallbacks in a row

APPLY_VERB = re.compile(r"\b(apply|applying|application|app|start|begin|submit|fill(ing)? out|"
                        r"sign up for|resume|continue|finish|pick up|aplicar|solicitar|"
                        r"solicitud|aplicaci[oó]n)\b", re.IGNORECASE)
NEEDS_SIGN_IN = frozenset(STATUS_INTENTS) | {"check_status", "view_contact", "sign_in",
                                              "educator_id"}

FRUSTRATION_RE = re.compile(
    r"\b(real person|actual person|human|staff member|someone real|talk to (a |an )?"
    r"(person|agent|representative|someone)|too confusing|so confusing|frustrat\w*|"
    r"useless|ridiculous|fed up|waste of time|not helping|doesn'?t help|stupid bot)\b",
    re.IGNORECASE)

INTENT_LABELS = {
    "create_account": "create an account", "forgot_username": "recover your username",
    "forgot_password": "reset your password", "sign_in": "sign in", "sign_out": "sign out",
    "link_ssn": "link your SSN to your record", "save_legal_name": "save your legal name",
    "view_contact": "see your contact information", "edit_contact": "update your contact "
    "information", "change_personal_info": "change your name, SSN, birth date or gender",
    "apply": "apply for a certificate", "certificate_requirements": "know what a certificate "
    "needs", "check_status": "check your status", "check_application_status": "check your "
    "application", "check_background_status": "check your background clearance",
    "check_education_status": "check your education records", "check_assessments": "see your "
    "assessment scores", "check_certificate_status": "check or print your certificate",
    "add_college": "add a college", "human_handoff": "talk to a person",
    "what_can_you_do": "hear what I can do",
}
FAQ_TITLES = {
    "educator_id": "The Educator ID", "mail_transcripts": "Sending transcripts",
    "mail_documents": "Mailing documents", "district_access": "What districts can see",
    "fingerprinting": "Fingerprinting", "family_care_registry": "Family Care Safety Registry",
    "popup_blocker": "The checklist won't open", "login_page": "Where to sign in",
    "returning_user": "Getting back to my profile", "ssn_already_linked": "SSN linked to "
    "another profile", "two_usernames": "I have two usernames", "processing_time":
    "Processing time", "legal_name": "Legal name or nickname", "email_correspondence":
    "How you'll be contacted", "upgrade_timing": "When to send an upgrade",
    "sworn_statement": "The Sworn Statement", "missing_test_scores": "Missing test scores",
    "fees": "Fees", "inactive_account": "An account unused for a long time",
    "recommendation": "The institution's recommendation",
    "application_statuses": "What the statuses mean",
}
INTROS = {
    "create_account": "I'll create your certification account here: you choose a username "
                      "and give your email address, and I'll email you a link to set your "
                      "password. One username per person: if you already have one, say "
                      "\"forgot username\" instead.",
    "forgot_username": "To recover your username (Forgot Username), I'll email it to the "
                       "address on your account. One "
                       "username per person: please don't create a second one; this finds "
                       "the one you already have.",
    "forgot_password": "To reset your password I'll email you a link.",
    "link_ssn": "To link your account to your educator record I need your Social Security "
                "Number and date of birth. They are used only to find your record, and I "
                "won't repeat them.",
    "save_legal_name": "I'll save your legal name on your profile. Use your proper/legal "
                       "name as on your documents, no nicknames.",
    "edit_contact": "I'll update your contact information.",
    "add_college": "I'll add a college to your education records; DESE fills in the rest "
                   "when it receives your original transcripts.",
    "apply": "Let's start your application.",
}
LINK_BEFORE_APPLYING = ("Your account isn't linked to your educator record yet, and an "
                        "application needs it, so let's link it first; then you can apply. ")
APPLY_NEEDS_A_LINK = (" (To apply, your account must also be linked to your educator record "
                      "with your SSN and date of birth.)")
SIGN_IN_FIRST = " First I'll sign you in: I'll email a 6-digit code to the address on your " \
                "account (I never ask for your password here)."
FORMS = {
    "create_account": "account_form", "forgot_username": "forgot_username_form",
    "forgot_password": "forgot_password_form", "link_ssn": "link_form",
    "save_legal_name": "name_form", "edit_contact": "contact_form",
    "add_college": "college_form", "apply": "apply_form",
}
SIGNED_IN_FORMS = frozenset({"link_ssn", "save_legal_name", "edit_contact", "add_college",
                             "apply"})


# "perfect thats what i figured. can we start it now? username jsmith2": the application
# offered is taken up ("do i just do it here too?" is not a yes to a person, though)
# ("Ok let's finish it then." after a draft was offered)
_STARTS_IT = re.compile(r"\b(start|begin|open|do|finish|continue|resume|complete)\s+"
                        r"(it|that(\s+one)?|this(\s+one)?)\b"
                        r"(?!\s+(later|another\s+time|tomorrow))", re.IGNORECASE)


def _starts_it(turn: Turn) -> bool:
    return (not turn.is_payload and bool(_STARTS_IT.search(turn.text))
            and not _WH_QUESTION.match(turn.text)
            and not re.search(r"\b(how|don'?t|do\s+not|not|never)\b", turn.text, re.IGNORECASE))


# "ok is my application still there or do i start over like i figured" after the draft was
# offered: it is there, and it goes on where it stopped
_STILL_THERE = re.compile(r"\b(still\s+(there|saved|here)|start\s+(all\s+)?over|lost\s+(it|"
                          r"everything|my\s+answers))\b", re.IGNORECASE)


def _in_between(request: str) -> bool:
    """A message that leaves an offer standing: a question, thanks, or one not understood
    ("My university need to do something also?" after the Initial Professional was offered)."""
    return request.startswith("faq") or request in ("certificate_requirements", "thanks",
                                                    "greet", "bot_challenge", "nlu_fallback",
                                                    "what_can_you_do")


async def _names_the_offer(offer: str, turn: Turn, tracker: Tracker) -> bool:
    """ "Then Non-MO Graduate, please." after that application was offered."""
    if not offer.startswith("apply:") or turn.is_payload or "?" in turn.text:
        return False
    try:
        typ = match_type(await application_types(tracker), turn.text)
    except (BackendUnavailable, BackendError):
        return False
    return typ is not None and str(typ.get("code")) == offer.split(":", 1)[1]


async def _takes_up(offer: str, request: str, turn: Turn, tracker: Tracker) -> bool:
    """ "Yes, please start that application" after "Would you like to start the
    Administrator application?": the model reads `apply`; the person means the offer."""
    if request != offer.split(":")[0] or ":" not in offer:
        return False
    try:
        return match_type(await application_types(tracker), turn.text) is None
    except (BackendUnavailable, BackendError):
        return True


# What has to happen before the rest can: "I need to make an account so I can apply"
# creates the account first, whichever the model read as the message's intent.
PREREQUISITES = ("create_account", "forgot_username", "forgot_password", "link_ssn")


def first_things_first(request: str, extras: list[str]) -> tuple[str, list[str]]:
    intent = request.split(":")[0]
    rank = {name: i for i, name in enumerate(PREREQUISITES)}
    first = min((e for e in extras if e in rank), key=rank.__getitem__, default=None)
    if first is None or rank.get(intent, len(rank)) <= rank[first]:
        return request, extras
    return first, [intent] + [e for e in extras if e != first]


class ActionRoute(Action):
    def name(self) -> str:
        return "action_route"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> list[EventType]:
        events = await self._route(dispatcher, tracker, domain)
        if (tracker.latest_action_name != "action_listen"
                and not any(e.get("event") == "followup" for e in events)):
            # Run after a form handed the message over (a switch): the rules cover a route
            # that follows the message, not one that follows a form, so the turn ends here
            # explicitly (else no rule applies and the fallback would answer too).
            events.append(FollowupAction("action_listen"))
        return events

    async def _route(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                     domain: DomainDict) -> list[EventType]:
        turn = Turn.of(tracker)
        events: list[EventType] = []
        request = turn.request
        extras = turn.extra_requests()
        switched = tracker.get_slot(SWITCH_SLOT)
        if switched:
            request, extras = str(switched), []
            events.append(SlotSet(SWITCH_SLOT, None))
        said_by_words = False
        if request == "affirm" and not turn.is_payload and (
                _WH_QUESTION.match(turn.text) or ("?" in turn.text and turn.words > 2)):
            # "ok so what do they want exactly", "yesss!! and the certificate part??": a
            # question, not a yes to anything
            request = corrected(request, turn.text)
            said_by_words = request != "affirm"
            if request == "affirm":
                request = next_reading(turn, BASICS, floor=0.02) or "nlu_fallback"
        offer = tracker.get_slot(OFFER_SLOT)
        taken = None
        if offer:
            # A question in between ("how much is that one?") leaves the offer standing,
            # so "fine, start it" afterwards still starts what was offered.
            if not _in_between(request):
                events.append(SlotSet(OFFER_SLOT, None))
            # ("yeah add it. State Fair Community College" is a yes to something else)
            # ("Yes, please connect us with a staff member." takes up no application offered)
            yes_to_it = _YES_FIRST.match(turn.text) and (
                request.split(":")[0] == str(offer).split(":")[0]
                or request.split(":")[0] not in FLOWS | set(NEEDS_SIGN_IN)) and not (
                request == "human_handoff" and (PERSON.search(turn.text)
                                                or SOMEONE_TO_HELP.search(turn.text)))
            if (request == "affirm" or yes_to_it
                    or (str(offer).split(":")[0] == "apply" and _starts_it(turn))
                    or (str(offer) == "apply" and not turn.is_payload
                        and bool(_STILL_THERE.search(turn.text)))
                    or await _names_the_offer(str(offer), turn, tracker)
                    or await _takes_up(str(offer), request, turn, tracker)):
                request = taken = str(offer)
            elif request == "deny":
                dispatcher.utter_message(text="Okay. Anything else I can help with?",
                                         buttons=MAIN_MENU)
                return events
        # (an offer taken up stays taken: "ugh i thought i submitted it. ok lets finish it"
        # after the draft was offered is no question about the status)
        read_by_words = request if request == taken else corrected(request, turn.text)
        if (read_by_words != request and read_by_words in extras and turn.confident(0.7)
                and request in FORMS
                and (read_by_words.startswith("faq/")
                     or (request in PREREQUISITES and read_by_words.startswith("apply")))
                and not (request == "create_account" and HAS_AN_ACCOUNT.search(turn.text))):
            # "Need an acct for the cert system. Also: where do I mail my transcripts?": the
            # words that name the other question are its own clause's, answered as an extra
            # (so "Which application do I use since I graduated in Tennessee, where do I mail
            # my transcripts, and do I need an account first?!": the account, then the rest)
            read_by_words = request
        if (read_by_words != request and (request.startswith("faq/") or request in STATUS_INTENTS)
                and ((turn.text.count("?") >= 2 and turn.confident(0.8))
                     or request in {request_of(str(e.get("intent") or "")) for e in turn.extras}
                     or (turn.confident(0.9) and read_by_words.split(":")[0] in {
                         request_of(str(e.get("intent") or "")).split(":")[0]
                         for e in turn.extras if e.get("by_words")}))):
            # "The recommendation, I need to ask them or you ask them? And the transcript
            # where I send it?": the words name one question, the model read the other; so
            # when a clause of its own reads as the other ("which app do i use to add health
            # to my cert? and the checklist thing wont open")
            extras = [request] + [e for e in extras if e != request]
        words_said_it, request = said_by_words or read_by_words != request, read_by_words
        request = _explanation_wanted(request, turn)
        request = _not_a_stop(request, turn)
        request = _not_a_sign_out(request, turn)
        request = _not_a_reset(request, turn)
        request = _not_a_new_account(request, turn)
        if _password_given(turn):
            # "Sign me in. Password is Ranger#2019.": a password typed, not one forgotten
            dispatcher.utter_message(text=PASSWORD_TYPED)
            if request == "forgot_password":
                request = "sign_in"
            extras = [e for e in extras if e not in ("forgot_password", request)]
        elif (not turn.is_payload and asks_about_the_password(turn.text)
              and not after_creating(turn, tracker)):
            # (right after an account was made here, the next steps answer it: "wait, I never
            # picked a password anywhere. is that normal?")
            # "can i not just type my new password in here lol" after a reset: the rule; then
            # anything else the message asked ("I need to apply ... Do I type my password in
            # here?"), never a reset
            dispatcher.utter_message(text=PASSWORD_NOT_HERE)
            rest = [r for r in [request, *extras] if r not in _ABOUT_THE_PASSWORD]
            if not rest:
                return events
            request, extras = rest[0], rest[1:]
        if _JUST_TELL_ME.match(turn.text) and recent_requests(tracker)[:1] in (
                ["forgot_password"], ["forgot_username"]):
            # "cant u just tell me" after a reset or a reminder was emailed
            dispatcher.utter_message(text=NOT_TOLD_HERE)
            return events
        emailed = next((r for r in recent_requests(tracker)[:2]
                        if r in ("forgot_password", "forgot_username")), None)
        if (emailed and request in _ABOUT_THE_EMAIL_ON_FILE and _EMAIL_WORD.search(turn.text)
                and not _CHANGE_THE_EMAIL.search(turn.text)):
            # (not "Now I would like to sign in here and change the email address in my
            # profile": a change, which signs in first)
            # "And in case you need it, the email address on the account is ...", "the reset
            # will arrive at that same email address, correct?" after a reset was emailed
            what = ("The password reset link" if emailed == "forgot_password"
                    else "The username reminder")
            dispatcher.utter_message(text=f"{what} {GOES_TO_THE_EMAIL_ON_FILE}",
                                     buttons=[HANDOFF_BUTTON])
            return events
        request = _ssn_given(request, turn)
        request = _legal_name_given(request, turn)
        request = _own_educator_id(request, turn)
        request, extras = _username_given(request, extras, turn, tracker)
        request, extras = _help_with_it(request, extras)
        if await signs_the_draft(turn, tracker):
            request, extras = "apply", []
        kept = after_stopping(turn, tracker)
        if kept:
            dispatcher.utter_message(text=kept)
            # ("ty!! when i come back do i have to start over? and do i need the 36 hours
            # thing for sub": the other question too)
            rest = [r for r in [request, *extras] if r.split(":")[0] not in _ABOUT_THE_DRAFT]
            if not rest:
                return events
            request, extras = rest[0], rest[1:]
        done = await after_submitting(turn, tracker)
        if done:
            dispatcher.utter_message(text=done, buttons=[
                {"title": "Application status", "payload": "/check_application_status"}])
            return events
        steps = None if words_said_it else after_creating(turn, tracker)
        if steps:
            dispatcher.utter_message(text=steps, buttons=[{"title": "Sign in",
                                                           "payload": "/sign_in"}])
            if request.startswith("faq/") and turn.confident(0.5):
                # "so whats next after that, do I need to go get the fingerprints done
                # first": the steps, and the question asked beside them
                events += await answer_request(request, turn, tracker, dispatcher)
            return events
        bare = _bare_topic(turn, tracker)
        if bare:
            # "fingerprnts?" signed in: their own status, not the general answer
            return events + await answer_status([bare], tracker, dispatcher)
        follow_up = (None if request == taken  # (what was offered, whatever came before it)
                     else after_topic(turn, recent_requests(tracker), tracker) if words_said_it
                     else follow_up_on(request, turn, tracker, signed_in(tracker)))
        if follow_up in STATUS_INTENTS:
            events += await answer_status([follow_up], tracker, dispatcher)
            if turn.text.count("?") > 1:
                # "Will she be notified when it clears? Further, may I view the result from
                # the district's side?": the other questions are answered too
                others = [r for r in [request, *extras]
                          if r != follow_up and r.startswith("faq/")]
                events += await _answer_extras(others, turn, tracker, dispatcher)
            return events
        if follow_up and follow_up.split(":")[0] in FORMS:
            # "And my email too, please." after the phone number: that form again (and
            # "How do I add middle school math?" after the certificate: apply:additional)
            return events + await route(follow_up, [], turn, tracker, dispatcher)
        if follow_up:
            return events + await answer_request(follow_up, turn, tracker, dispatcher)
        if _bare_email(turn):
            return events + _about_an_email(tracker, dispatcher)
        if _asks_what_now(request, turn):
            # "noooo ok so what do I do now??" after an answer that said what to do
            dispatcher.utter_message(text="Here's what to do next:")
            return events + repeat_last_answer(tracker, dispatcher)
        username = _bare_username(turn, tracker)
        if username:
            offer = str(tracker.get_slot(OFFER_SLOT) or "")
            # (a username typed after an application was offered: signed in, then that
            # application starts)
            return events + _sign_in_as(username, recent_requests(tracker),
                                        offer if offer.startswith("apply:") else None)
        if request == "nlu_fallback" and not turn.is_payload and turn.words <= 5 \
                and _APP_WORD.search(turn.text) and await names_a_type(tracker, turn.text):
            # "administrator app pls": an application named, and nothing else
            request = "apply"
        if request == "nlu_fallback":
            likely = next_reading(turn, BASICS, floor=0.25)
            if signed_in(tracker) and likely in STATUS_INTENTS:
                # Unsure, but most likely a look at their own records: showing it is harmless.
                return events + await answer_status([likely], tracker, dispatcher)
            shown = _status_just_shown(turn, tracker)
            if shown:
                # "so what did I get??" right after the scores: they are shown again
                return events + await answer_status([shown], tracker, dispatcher)
            return events + await fallback(turn, tracker, dispatcher)
        if (not signed_in(tracker) and request.split(":")[0] in SIGNED_IN_FORMS | NEEDS_SIGN_IN
                and "forgot_password" not in extras and FORGOT_PASSWORD.search(turn.text)):
            # "I want to apply for my certificate, but ... my password don't work anymore":
            # the password first
            extras = [*extras, "forgot_password"]
        if (request == "edit_contact" and "change_personal_info" not in extras
                and not turn.is_payload and NAME_IS_WRONG.search(turn.text)):
            # "She recently married - her name changed from Laura Kim to Laura Pratt - and she
            # has a new email and cell number": how a name is changed (the form), then the
            # contact details
            extras = ["change_personal_info", *extras]
        asked = [request, *extras]
        forgotten = next((r for r in asked if r in ("forgot_password", "forgot_username")), None)
        if ("create_account" in asked and forgotten and not turn.is_payload
                and says_forgotten(turn.text)):
            # "I set up a username a while back but I cannot remember the password": an
            # account they have, found again first; never one to create
            request = forgotten
            extras = [r for r in asked if r not in ("create_account", forgotten)]
        if request == "create_account" and not turn.is_payload and not says_forgotten(turn.text):
            # "I need to make an account, ... and where do I set a password?!": a new
            # account's password (set from its email), no reset
            extras = [e for e in extras if e not in ("forgot_password", "forgot_username")]
        if "create_account" in extras and not turn.is_payload and HAS_AN_ACCOUNT.search(turn.text):
            # "I create account yesterday. Now I need connect it to my certification record",
            # "I made an account, but when I tried to connect my record ...": an account they
            # have (never a second one made first)
            extras = [e for e in extras if e != "create_account"]
        request, extras = first_things_first(request, extras)
        if tracker.get_slot(FALLBACKS_SLOT):
            events.append(SlotSet(FALLBACKS_SLOT, None))
        return events + await route(request, extras, turn, tracker, dispatcher)


# "cant u just tell me", "can you just give it to me"
_JUST_TELL_ME = re.compile(r"^\W*(ok(ay)?\W+|but\W+|ugh\W+)*(can'?t|cant|can|could|why\s+can'?t)\s+"
                           r"(u|you|ya)\s+(just\s+)?(tell|give|show|send)\s+(me|it)(\s+(it|here|"
                           r"now|to\s+me|in\s+here|in\s+the\s+chat))*\W*$", re.IGNORECASE)
_ABOUT_THE_EMAIL_ON_FILE = frozenset({"view_contact", "edit_contact", "nlu_fallback", "affirm",
                                      "thanks", "faq/email_correspondence", "check_status"})
_EMAIL_WORD = re.compile(r"\be-?mail\b|@", re.IGNORECASE)
_CHANGE_THE_EMAIL = re.compile(r"\b(change|update|switch|fix|correct)\b.{0,30}\be-?mail\b|"
                               r"\bswitching\s+to\s+my\s+\w+\s+e-?mail\b", re.IGNORECASE)
GOES_TO_THE_EMAIL_ON_FILE = ("goes to the email address on file for your account (I can't "
                             "see or change it before you're signed in). If it hasn't arrived "
                             "in a few minutes, check your spam folder; if that address is no "
                             "longer yours, a person from the help desk can help.")
NOT_TOLD_HERE = ("I can't tell you a password or a username here: nobody can see passwords, "
                 "not even the help desk, and account details go only to the email address on "
                 "the account. Open the email I just sent: its link lets you set a new password "
                 "(or it tells you your username).")


_WHY = re.compile(r"^\W*(?:(?:ok(?:ay)?|so|but|and|hmm+|wait|hi|hello|thanks?|thank\s+you)"
                  r"[\s,.!]+)*(?:why|how\s+come|what\s+for)\b", re.IGNORECASE)


def _explanation_wanted(request: str, turn: Turn) -> str:
    """ "Why does the system make me change my password?" asks for an explanation, not for
    the flow its words name: the likeliest answer that is not a flow, if the model saw one."""
    if request.split(":")[0] not in FLOWS or turn.is_payload or not _WHY.search(turn.text):
        return request
    return next_reading(turn, FLOWS | BASICS, floor=0.02) or request


_RESET_WORDS = re.compile(r"\b(pass\s*words?|passwd|pw|pwd|reset|forg[eo]t\w*|locked|log\s*in|"
                          r"sign\s*in|can'?t\s+get\s+in|remember)\b", re.IGNORECASE)


# "Password is Ranger#2019", "my pw: hunter2"
# (a password has a digit or a symbol: "my password is not accepted" gives none)
_PASSWORD_IS = re.compile(r"\b(my\s+)?(pass\s*word|pw|pwd|passwd)\s*(is|:|=|es)\s*"
                          r"[\"'`]?(?P<value>[^\s\"'`]+)", re.IGNORECASE)
PASSWORD_TYPED = ("Please don't type your password here: I never need it, and I've kept it out "
                  "of this conversation's record. To sign you in I email a 6-digit code "
                  "instead.")


# What a question about typing the password is read as, besides what it asks
_ABOUT_THE_PASSWORD = frozenset({"nlu_fallback", "forgot_password", "faq/returning_user",
                                 "faq/login_page", "affirm", "deny"})


def _password_given(turn: Turn) -> bool:
    if turn.is_payload or PASSWORD_TROUBLE.search(turn.text):
        return False
    m = _PASSWORD_IS.search(turn.text)
    # (masked already, or a digit or a symbol inside it: "not accepted" is no password)
    value = m.group("value").rstrip(".,;!?") if m else ""
    return bool(re.search(r"[\d\W_]", value))


def _not_a_reset(request: str, turn: Turn) -> str:
    """A password reset emails a link: it is never started on a reading no word of the
    message supports ("I need my profile linked so I can submit for the administrator
    certificate" was read as one); the next likeliest reading is taken instead."""
    if request != "forgot_password" or turn.is_payload or _RESET_WORDS.search(turn.text):
        return request
    return next_reading(turn, BASICS | {"forgot_password"}, floor=0.2) or "nlu_fallback"


def _not_a_stop(request: str, turn: Turn) -> str:
    """ "I started the substitute application but stopped halfway, can I pick up where I left
    off?" tells of a stop; it is not one. Outside a form, "stop" is taken only as said."""
    if request != "stop" or turn.is_payload or turn.is_stop or turn.words <= 4:
        return request
    return next_reading(turn, frozenset({"stop"}) | BASICS) or request


def _not_a_sign_out(request: str, turn: Turn) -> str:
    """Signing out ends the session: it is never done on a reading no word of the message
    supports ("when does it run out?" about a certificate, "Before I give that out, why do
    you need my Social Security number?"). A clause the words read otherwise is taken,
    else the next likeliest reading."""
    if request != "sign_out" or turn.is_payload or SIGN_OUT_WORDS.search(turn.text):
        return request
    by_words = next((request_of(str(e.get("intent") or "")) for e in turn.extras
                     if e.get("by_words") and e.get("intent")), None)
    return by_words or next_reading(turn, BASICS | {"sign_out"}, floor=0.2) or "nlu_fallback"


# Words of making an account (a username named without them is one that exists)
_NEW_ACCOUNT_WORDS = re.compile(r"\b(create|make|making|made|open|register\w*|sign\s*(me\s+)?up|"
                                r"set\s*(me\s+)?up|new|first\s+time|never\s+(had|made|used)|don'?t\s+"
                                r"have|no\s+account)\b", re.IGNORECASE)


def _not_a_new_account(request: str, turn: Turn) -> str:
    """ "I think I've been logging in as the wrong teacher ... This one is blinde82ad22b"
    (read 0.5 as a new account): a username named with no word of making one is an account
    that exists, to sign in with; never a second account made with its name."""
    if (request != "create_account" or turn.is_payload or _NEW_ACCOUNT_WORDS.search(turn.text)
            or not lone_username(turn.text, asked=False)):
        return request
    return "sign_in"


_CHANGE_WORDS = re.compile(r"\b(wrong|change|changed|correct|fix|typo|update|mistake)\b",
                           re.IGNORECASE)


def _ssn_given(request: str, turn: Turn) -> str:
    """An SSN typed outside a form ("ssn 945427844 dob 02/07/1978") is given to link the
    record: the link form starts with it (unless the message is about changing one)."""
    if (turn.is_payload or request == "link_ssn" or not looks_like_ssn(turn.text)
            or _CHANGE_WORDS.search(turn.text)):
        return request
    return "link_ssn"


def _legal_name_given(request: str, turn: Turn) -> str:
    """ "legal name is Madison Brooks. (ppl call me maddie)", "everybody calls me Jessie but my
    legal name is Jessica Dunlap!! Put that one": a legal name stated in full is given to be
    saved (the form confirms it), not a question about legal names. A change of name stays
    one (it needs the Update Personal/Education Information Form)."""
    if (turn.is_payload or request.split(":")[0] in FLOWS or request in STATUS_INTENTS
            or request == "change_personal_info" or legal_name_in(turn.text) is None):
        return request
    if NAME_IS_WRONG.search(turn.text):
        # "my name is spelled wrong on my profile. It ought to be Margaret Ellen Whitcomb": a
        # correction, made with the Update Personal/Education Information Form
        return "change_personal_info"
    return "save_legal_name"


_BARE_TOPICS = {
    "check_background_status": r"fingerprints?|prints|background(\s+check)?|bg(\s+check)?",
    "check_education_status": r"transcripts?|education(\s+records?)?",
    "check_assessments": r"(test\s+|praxis\s+)?scores?|praxis",
    "check_certificate_status": r"certificates?|certs?",
    "check_application_status": r"(application|app)(\s+status)?|memo",
}
_BARE = re.compile(r"^\W*(?:(?:and|what\s+about|how\s+about|ok(?:ay)?|also)[\s,]+)*"
                   r"(?:my\s+|the\s+)?(?P<topic>[a-z ]+?)"
                   # "Fingerprints done?", "scores in yet?"
                   r"(?:\s+(?:done|clear(?:ed)?|back|in|yet|ok(?:ay)?|good|received|ready|"
                   r"processed|through|thru|approved|posted|there))*\s*\?+\W*$", re.IGNORECASE)


def _bare_topic(turn: Turn, tracker: Tracker) -> str | None:
    """A status named alone as a question, signed in ("fingerprnts?", "and my scores?")."""
    if turn.is_payload or not signed_in(tracker) or turn.words > 5:
        return None
    m = _BARE.match(for_the_model(turn.text))
    if not m:
        return None
    return next((status for status, words in _BARE_TOPICS.items()
                 if re.fullmatch(words, m.group("topic").strip(), re.IGNORECASE)), None)


def _status_just_shown(turn: Turn, tracker: Tracker) -> str | None:
    """The status the last answer showed, when a short question the model cannot place
    follows it and the model's readings include that status."""
    if not signed_in(tracker) or turn.words > 8:
        return None
    recent = recent_requests(tracker)
    if not recent or recent[0] not in STATUS_INTENTS:
        return None
    if recent[0] == "check_application_status" and _HOLD_UP.search(turn.text):
        # "SO WHATS THE HOLD UP" after the application: its Memo says what is missing
        return recent[0]
    if not turn.is_question:
        return None
    return recent[0] if any(name == recent[0] for name, _ in turn.ranking[:4]) else None


_HOLD_UP = re.compile(r"\b(hold\s*up|holdup|holding\s+(it|things|me|this)\s+up|the\s+delay|"
                      r"taking\s+(so\s+)?long|what'?s\s+missing|waiting\s+(on|for)|stuck)\b",
                      re.IGNORECASE)


def _help_with_it(request: str, extras: list[str]) -> tuple[str, list[str]]:
    """ "I need to apply for my Initial Professional certificate. can you help me do that?":
    help with the request made, not a question about what the assistant can do. "Thank you.
    And my fingerprint check, it is okay?": the question, not the thanks."""
    if request in ("what_can_you_do", "thanks") and extras:
        return extras[0], extras[1:]
    return request, [e for e in extras if e != "what_can_you_do"]


# "What's my Educator ID?": their own number (shown once they are signed in), not what one is
_MY_EDUCATOR_ID = re.compile(r"\b(my|mine|her|his)\b.{0,20}\b(educator\s*id|id\s*(number|#)?)\b",
                             re.IGNORECASE)


def _own_educator_id(request: str, turn: Turn) -> str:
    if request == "faq/educator_id" and _MY_EDUCATOR_ID.search(turn.text):
        return "educator_id"
    return request


def _username_given(request: str, extras: list[str], turn: Turn,
                    tracker: Tracker) -> tuple[str, list[str]]:
    """ "I need to log in, I think my username is jsmith2": whoever names their username has
    not forgotten it; a "forgot username" reading gives way to signing in.

    Signed out, a username named beside a question about their own records ("HR says my
    Praxis score isn't in your system. Username jsmith2") means: sign me in and look. The
    question is answered, and the status it is about is shown once they are signed in.
    Requests that take the username themselves (a form, a password reset) keep it."""
    if turn.is_payload or not named_username(turn.text):
        return request, extras
    wanted = [r for r in [request, *extras] if r != "forgot_username"]
    if not signed_in(tracker) and CREATE_WORDS.search(turn.text):
        # "Yes, please create it. ... for username I like lucia85": the new account's name
        return "create_account", [r for r in wanted if r != "create_account"]
    if not signed_in(tracker) and HAS_USERNAME.search(turn.text):
        # "I'm trying to get my profile set up so I can apply. My username is jsmith2": a
        # username of their own, not one to create
        wanted = [r for r in wanted if r != "create_account"] or ["sign_in"]
        request, extras = wanted[0], wanted[1:]
    if not signed_in(tracker) and not any(r.split(":")[0] in FORMS or r == "sign_in"
                                          for r in wanted):
        statuses = statuses_meant(wanted, turn)
        return statuses[0], statuses[1:] + [r for r in wanted if r not in statuses]
    if len(wanted) == len(extras) + 1:
        return request, extras
    if "sign_in" not in wanted:
        wanted.insert(0, "sign_in")
    return wanted[0], wanted[1:]


def statuses_meant(requests: list[str], turn: Turn) -> list[str]:
    """The statuses a message about the person's own records is about: those it asks for
    and those its questions are about (the fingerprinting question is about the background
    check); else the one the model thought likeliest; else those its words name; else
    signing in alone."""
    found = [r for r in requests if r in STATUS_INTENTS]
    found += [STATUS_OF_FAQ[r] for r in requests if r in STATUS_OF_FAQ]
    found = list(dict.fromkeys(found))
    if found:
        return found + [s for s in asked_whether_done(turn.text) if s not in found]
    found = [r for r in requests if r == "check_status"][:1]
    if found:
        return found
    likely = next((request_of(name) for name, confidence in turn.ranking
                   if confidence >= 0.05 and request_of(name) in STATUS_INTENTS), None)
    if likely:
        return [likely]
    named = [status for status, words in STATUS_NAMES.items() if words.search(turn.text)]
    return named or ["sign_in"]


# "did my fingerprints go thru yet", "wanted to know if thats done yet": asking where
# something stands
_DONE_YET = re.compile(r"\b(yet|done|clear(?:ed)?|thr(?:u|ough)|received?|got|get|status|"
                       r"pending|processed|finished|complete[d]?|show(?:s|ing)?\s+up|"
                       # "where things stand, particularly on the background check, ... have
                       # heard absolutely nothing", "do yall actualy have my mizzou transcript"
                       r"stand(?:s|ing)?|heard|no\s+news|(?:you|y'?all|u)\s+(?:\w+\s+)?have)\b",
                       re.IGNORECASE)


def asked_whether_done(text: str) -> list[str]:
    """The statuses a message names next to words asking where they stand ("i did my
    fingerprints a couple weeks ago and wanted to know if thats done yet, and also did u
    guys get my transcript"): each is asked about, whatever the model read (its typos
    spelled right: "my mizzou transcrpit")."""
    text = for_the_model(text, first_person=False)
    asked = []
    for status, words in STATUS_NAMES.items():
        for named in words.finditer(text):
            if _DONE_YET.search(text[max(0, named.start() - 40):named.end() + 70]):
                asked.append(status)
                break
    return asked


# ("my current certificate", "her Praxis score"; "Need cert area + expiration date, and her
# Praxis score": a status asked for by name at the start)
_MY = re.compile(r"\b(my|her|his|their)\s+(\w+\s+)?((and|&|plus|or)\s+)?$|"
                 r"^\W*(need|want|show\s+me|give\s+me)\s+$", re.IGNORECASE)
# What "will it be kept?" after stopping the application reads as, besides the answer
_ABOUT_THE_DRAFT = BASICS | {"faq/returning_user", "faq/inactive_account", "apply",
                             "check_application_status", "check_status", "stop", "goodbye"}
_NEED_FIRST = re.compile(r"^\W*(i\s+)?(need|want|show\s+me|give\s+me)\s+(my\s+)?\w+", re.IGNORECASE)
_MY_COLLEGE = re.compile(r"\bmy\s+(college|university|degree)\b", re.IGNORECASE)


def listed_as_mine(text: str) -> list[str]:
    """The statuses a message lists as the person's own, when it lists two or more ("make
    sure all my stuff is right, like my college and my praxis and my background check")."""
    mine = [status for status, words in STATUS_NAMES.items()
            if any(_MY.search(text[max(0, m.start() - 20):m.start()])
                   for m in words.finditer(text))]
    if mine and _NEED_FIRST.match(text):
        # "Need Praxis score and cert exp date for district HR by 1600.": asked for by name
        # at the start, each status the list names
        mine = [status for status, words in STATUS_NAMES.items() if words.search(text)]
    if _MY_COLLEGE.search(text) and "check_education_status" not in mine:
        mine.append("check_education_status")
    return mine if len(mine) >= 2 else []


_WHAT_NOW = re.compile(r"\b(what\s+(do|should)\s+i\s+do(\s+(now|then|next))?|"
                       r"what\s+can\s+i\s+do\s+(now|then|next)|what\s+now|"
                       r"now\s+what|what'?s\s+next|what\s+next)\b", re.IGNORECASE)


def _asks_what_now(request: str, turn: Turn) -> bool:
    """ "ok so what do I do now??", "huh. ok so what do i do then": what the last answer said
    to do, asked again (only a short message, which the model read as nothing else)."""
    return (not turn.is_payload and turn.words <= 14 and bool(_WHAT_NOW.search(turn.text))
            and request in ("nlu_fallback", "affirm", "deny", "what_can_you_do", "thanks",
                            "out_of_scope"))


def _bare_email(turn: Turn) -> bool:
    """A message that is only an email address, typed outside any form."""
    return not turn.is_payload and just_an_email(_FILLERS.sub("", turn.text).strip())


def _about_an_email(tracker: Tracker, dispatcher: CollectingDispatcher) -> list[EventType]:
    """An email address typed on its own: after a password reset, where the link went (the
    address on file, nowhere else); otherwise what can be done with an address."""
    last = next((str(e.get("text") or "") for e in reversed(tracker.events)
                 if e.get("event") == "bot"), "")
    forgot_username = {"title": "Forgot username", "payload": "/forgot_username"}
    if "reset the password" in last:
        dispatcher.utter_message(
            text="The reset link goes only to the email address on file for that username; I "
                 "can't send it to another address. If this is that address, look in its "
                 "inbox and spam folder. If you're not sure which email or username is on "
                 "the account, I can email the usernames on an address (Forgot username).",
            buttons=[forgot_username])
        return []
    dispatcher.utter_message(
        text="That's an email address. I can email the usernames on it if you forgot yours, "
             "or use it for a new account (one username per person). Which would you like?",
        buttons=[forgot_username, {"title": "Create an account", "payload": "/create_account"}])
    return []


def _bare_username(turn: Turn, tracker: Tracker) -> str | None:
    """A message that is only a username ("jsmith2", typed after an answer that mentioned
    signing in, or out of the blue): the person wants to sign in with it. Only shapes no
    word has (a digit, a dot, a dash or an underscore), and only when signed out."""
    if turn.is_payload or signed_in(tracker):
        return None
    # "ugh fine. jsmith2", "ok here: jsmith2": fillers before it
    rest = _FILLERS.sub("", turn.text).strip()
    if len(rest.split()) != 1:
        return None
    if (turn.words == 1 and turn.confident(0.95)
            and turn.intent not in ("out_of_scope", "nlu_fallback")):
        return None
    token = single_token(rest)
    name = parse_username(token or "")
    if not name or not username_shaped(name):
        return None
    return name


# "yes. tell them my ssn says linked to some other username": a yes to the offer, whatever
# else the message says (not a question: "yes but how much is it?")
_YES_FIRST = re.compile(r"^\W*(?:yes|yeah|yep|yea|sure|ok(?:ay)?\s+yes|please\s+do)\b(?![^?]*\?)",
                        re.IGNORECASE)
# "ok so what do they want exactly": a wh-question is never a yes ("ok can you start it?"
# may be one)
_WH_QUESTION = re.compile(r"^\W*(?:(?:ok(?:ay)?|so|and|but|well|hmm+|um+|wait|alright|right)"
                          r"[\s,.!]+)*(?:what|where|when|why|how|which|who)\b", re.IGNORECASE)
_FILLERS = re.compile(r"^(?:\s*(?:ugh+|fine|ok(?:ay)?|k|sure|yes|yeah|yep|here|here'?s|it'?s|"
                      r"its|it\s+is|sorry|oops|right|alright|so)\b[\s.,!:;-]*)+", re.IGNORECASE)


def _sign_in_as(username: str, recent: list[str], then: str | None = None) -> list[EventType]:
    """Sign in with a username typed on its own; a question about the person's records
    asked just before ("my sub application was returned?? what does that mean") is answered
    once they are signed in, and an application offered just before (`then`) starts."""
    last = recent[0] if recent else ""
    pending = then or (last if last in STATUS_INTENTS else STATUS_OF_FAQ.get(last))
    return [SlotSet("pending_request", pending), SlotSet("signin_username", username),
            SlotSet(INTRO_SLOT, f"That looks like a username, so I'm signing you in as "
                                f"{username}."),
            FollowupAction("signin_form")]


_SIGN_IN_FIRST = re.compile(r"\b(sign|log)\s*me\s+in\b|\b(please|i'?d\s+like\s+to|let\s+me|"
                            r"want\s+to|will|first)\s+(sign|log)\s*in\b|\b(sign|log)\s*in\s+"
                            r"first\b", re.IGNORECASE)
_CANT_SIGN_IN = re.compile(r"\b(can'?t|cannot|unable|won'?t|trouble|problems?|not\s+able|"
                           r"locked)\b.{0,25}\b(sign|log)", re.IGNORECASE)


async def route(request: str, extras: list[str], turn: Turn, tracker: Tracker,
                dispatcher: CollectingDispatcher) -> list[EventType]:
    """Carry out `request` (and the `extras` the same message asked)."""
    extras = [e for e in dict.fromkeys(extras) if e != request]  # each answered once
    intent, _, detail = request.partition(":")
    intent = intent.split("/")[0] if intent.startswith("faq") else intent
    own_records = [e for e in extras if e in STATUS_INTENTS]
    if intent == "human_handoff" and not signed_in(tracker) and (
            _SIGN_IN_FIRST.search(turn.text) or own_records) \
            and not _CANT_SIGN_IN.search(turn.text):
        # "Please sign me in; I have a question that needs a staff member": signed in
        # first, so that the handoff carries their Educator ID; so when the message also asks
        # about their own records ("My substitute application got RETURNED?!! What does that
        # even mean ... and can somebody look at it?!"): those are shown, then the handoff
        return await _needs_sign_in(own_records + ["human_handoff"], tracker, dispatcher)
    flow = next((e for e in extras if e.split(":")[0] in SIGNED_IN_FORMS), None)
    if intent == "sign_in" and flow and not signed_in(tracker):
        # "hi can you log me in? need to get my sub app done between meetings": the flow,
        # which signs in first
        intent, _, detail = flow.partition(":")
        extras = [e for e in extras if e != flow]
    if intent in NEEDS_SIGN_IN:
        requests = [intent] + [e for e in extras if e in NEEDS_SIGN_IN and e != "sign_in"]
        if intent in STATUS_INTENTS and not turn.is_payload:
            # "whats the status on my application and did my fingerprints go thru yet"
            requests += [s for s in asked_whether_done(turn.text) + listed_as_mine(turn.text)
                         if s not in requests]
        others = [e for e in extras if e not in NEEDS_SIGN_IN]
        events = await _answer_extras(others, turn, tracker, dispatcher)
        return events + await _needs_sign_in(requests, tracker, dispatcher)
    if intent in FORMS:
        # (a look at records beside a flow waits while signed out: "I need an account in
        # your system. What do you need from me?" starts the account, not a sign-in)
        if intent in PREREQUISITES and not signed_in(tracker):
            # "I forget my password ... Also where I find my Educator ID number?": no sign-in
            # comes before the reset, so where to find it is the answer
            extras = ["faq/educator_id" if e == "educator_id" else e for e in extras]
        events = await _answer_extras([e for e in extras if e.split("/")[0] not in FLOWS
                                       and not (e in NEEDS_SIGN_IN and not signed_in(tracker))],
                                      turn, tracker, dispatcher)
        # (the forms that need it sign in first: "... First, please sign me in." is no second
        # thing to do)
        later = [e for e in extras if e in FLOWS
                 and not (e == "sign_in" and intent in SIGNED_IN_FORMS)]
        if later:
            dispatcher.utter_message(
                text=f"One thing at a time: first let's {INTENT_LABELS.get(intent, intent)}. "
                     f"Then say \"{INTENT_LABELS.get(later[0], later[0])}\" for the other.")
        return events + await _start_flow(intent, detail, turn, tracker, dispatcher)
    if intent == "sign_out":
        return await sign_out(tracker, dispatcher)
    if intent in ("affirm", "deny", "stop"):
        shown = status_last_shown(tracker)
        if "?" in turn.text and turn.words > 3 and signed_in(tracker) and shown:
            # "wait, so it's NOT expiring this year? are you sure?" after the certificate:
            # what the records say, again
            return await answer_status([shown], tracker, dispatcher)
        text = ("There's nothing in progress to stop." if intent == "stop" else "Okay.")
        dispatcher.utter_message(text=f"{text} What would you like to do?", buttons=MAIN_MENU)
        return []
    events = await answer_request(request, turn, tracker, dispatcher)
    # "Can you check that my Praxis score actually made it to my file?" answered, then the
    # look at their own records it asks for: signing in starts at once
    looks = ([e for e in extras if e in STATUS_INTENTS]
             if not signed_in(tracker) and intent not in ("human_handoff",) else [])
    events += await _answer_extras([e for e in extras if e not in looks], turn, tracker,
                                   dispatcher)
    if looks and not any(e.get("event") == "followup" for e in events):
        events += await _needs_sign_in(looks, tracker, dispatcher)
    flow = _flow_beside_an_answer(extras, turn)
    if flow and intent == "faq" and not any(e.get("event") == "followup" for e in events):
        # "Which application do I fill out, and how much does it cost?": the cost answered,
        # then the question which (the recommendation, or the questions that find it); "Need
        # an acct for the cert system. Also: where do I mail my transcripts?": the answer,
        # then the account
        flow_intent, _, flow_detail = flow.partition(":")
        events += await _start_flow(flow_intent, flow_detail, turn, tracker, dispatcher)
    if intent not in ("human_handoff",) and FRUSTRATION_RE.search(turn.text):
        dispatcher.utter_message(text="I'm sorry this has been frustrating. Would you like a "
                                      "person from the help desk to take over?",
                                 buttons=[HANDOFF_BUTTON])
        events.append(SlotSet(OFFER_SLOT, "human_handoff"))  # "yes. tell them ..."
    return events


_STARTED_BESIDE_AN_ANSWER = frozenset({"create_account", "forgot_username", "forgot_password",
                                       "link_ssn", "add_college", "apply"})


def _flow_beside_an_answer(extras: list[str], turn: Turn) -> str | None:
    """The flow a message asks for beside the question it has answered, if any (a new
    account first). An application only when the message asks which one ("do sub days count
    toward the career certificate later?" starts nothing); never a change of name or contact
    details, beside the answer that says what can change; a reset or a reminder only when the
    words say something was forgotten ("where do I set a password?" beside a new account is
    no reset)."""
    for extra in sorted(extras, key=lambda e: e != "create_account"):
        intent, _, detail = extra.partition(":")
        if intent not in _STARTED_BESIDE_AN_ANSWER:
            continue
        if intent == "apply" and detail != "which" and not WHICH_RE.search(turn.text):
            continue
        if intent in ("forgot_password", "forgot_username") and not says_forgotten(turn.text):
            continue
        return extra
    return None


async def _answer_extras(extras: list[str], turn: Turn, tracker: Tracker,
                         dispatcher: CollectingDispatcher) -> list[EventType]:
    events: list[EventType] = []
    for extra in extras:
        intent = extra.split("/")[0]
        if intent in BASICS or intent in FLOWS:
            continue
        if intent in NEEDS_SIGN_IN and not signed_in(tracker):
            dispatcher.utter_message(
                text=f"You also asked to {INTENT_LABELS.get(intent, intent)}: I can do that "
                     "once you're signed in.",
                buttons=[{"title": INTENT_LABELS.get(intent, intent).capitalize(),
                          "payload": f"/{intent}"}])
            continue
        events += await answer_request(extra, turn, tracker, dispatcher)
    return events


async def _needs_sign_in(requests: list[str], tracker: Tracker,
                         dispatcher: CollectingDispatcher) -> list[EventType]:
    if signed_in(tracker):
        if requests == ["sign_in"]:
            me = await who_am_i(tracker)
            name = f" as {me['username']}" if me and me.get("username") else ""
            dispatcher.utter_message(text=f"You're already signed in{name}. What would you "
                                          "like to do?", buttons=MAIN_MENU[2:])
            return []
        return await answer_status(requests, tracker, dispatcher)
    return [SlotSet("pending_request", ",".join(requests)),
            SlotSet(INTRO_SLOT, sign_in_intro(requests)), FollowupAction("signin_form")]


async def _start_flow(intent: str, detail: str, turn: Turn, tracker: Tracker,
                      dispatcher: CollectingDispatcher) -> list[EventType]:
    """Start the form for `intent`, with its introduction and what the message said."""
    if intent == "create_account" and signed_in(tracker):
        return await _one_username(tracker, dispatcher)
    if intent == "create_account" and created_here(tracker, within=40):
        # "Yes, please go ahead and create it" once it is made: not a second one
        dispatcher.utter_message(text="Your account is already created: one username per "
                                      "person is the rule, so I won't make another. " + NEXT_STEPS,
                                 buttons=[{"title": "Sign in", "payload": "/sign_in"}])
        return []
    if intent == "link_ssn" and signed_in(tracker):
        me = await who_am_i(tracker)
        if me and me.get("linked"):
            dispatcher.utter_message(
                text="Your account is already linked to your educator record (Educator ID "
                     f"{me.get('educator_id')}). There's nothing more to link.",
                buttons=[{"title": "Check my status", "payload": "/check_status"}])
            return []
    intro = INTROS[intent]
    events: list[EventType] = []
    if intent == "apply" and detail and detail != "which" and not turn.is_payload \
            and WHICH_RE.search(turn.text):
        # "I want to add health to my certificate. which application is that?": the words
        # name the type; asked which, it is described (with the offer to start it)
        typ = await _type_of(detail, tracker)
        if typ is not None:
            dispatcher.utter_message(text=f"That's the {typ.get('name')} application.")
            return await describe_type(typ, dispatcher)
    if intent == "apply":
        apply_events = await _apply_plan(detail, turn, tracker)
        if apply_events is not None:
            return apply_events
        code = await _named_type(detail, turn, tracker)
        if code:
            events.append(SlotSet("apply_type_wanted", code))
            name = await _type_name(code, tracker)
            if name:
                intro = f"Let's start your {name} application."
        if signed_in(tracker):
            me = await who_am_i(tracker)
            if me is not None and not me.get("linked"):
                # "Okay I'm in! Now what? I want to get to my certificate so I can add early
                # childhood" with an account not linked yet: an application needs the record,
                # so the link comes first
                return events + [SlotSet(INTRO_SLOT, LINK_BEFORE_APPLYING + INTROS["link_ssn"]),
                                 FollowupAction(FORMS["link_ssn"])]
            # What happens next (a new application, or the draft) is said by the form.
            return events + [FollowupAction(FORMS[intent])]
    if intent == "forgot_password" and not turn.is_payload and (
            SECOND_ACCOUNT.search(turn.text) or NEED_A_NEW_ACCOUNT.search(turn.text)):
        # "forgot my pasword again lol. can i jsut make a new acount??": the rule, then the
        # way back into the one they have
        intro = ("Please don't make a new account: one username per person, and a second one "
                 "blocks access to your records. " + intro)
    if intent == "forgot_password" and signed_in(tracker):
        # "I can't remember my password for the DESE website itself ... Can you reset it?"
        # while signed in here: the reset is for the username they are signed in as
        me = await who_am_i(tracker)
        if me and me.get("username"):
            events.append(SlotSet("recovery_username", str(me["username"])))
    if intent == "edit_contact":
        field = contact_field_in(turn.text)
        if field:
            events.append(SlotSet("contact_field", field))
    if intent == "save_legal_name":
        name = legal_name_in(turn.text)
        if name:
            first, middle, last = name
            events += [SlotSet("first_name", first), SlotSet("middle_name", middle or NONE),
                       SlotSet("last_name", last)]
    if intent == "add_college":
        events += [SlotSet(name, value) for name, value in college_asked(turn.text).items()]
    if intent in SIGNED_IN_FORMS and not signed_in(tracker):
        intro += SIGN_IN_FIRST
        if intent == "apply":
            # ("ok once I reset it what's next? I need to apply": the step between)
            intro += APPLY_NEEDS_A_LINK
    events += [SlotSet(INTRO_SLOT, intro), FollowupAction(FORMS[intent])]
    return events


async def _named_type(detail: str, turn: Turn, tracker: Tracker) -> str | None:
    """The application type the request names ("apply for a substitute certificate")."""
    code = turn.entity("application_type") or (detail if detail and detail != "which" else None)
    if code:
        return code
    try:
        typ = match_type(await application_types(tracker), turn.text)
    except (BackendUnavailable, BackendError):
        return None
    return str(typ["code"]) if typ else None


async def _type_of(code: str, tracker: Tracker) -> dict[str, Any] | None:
    try:
        return next((t for t in await application_types(tracker)
                     if str(t.get("code")) == code), None)
    except (BackendUnavailable, BackendError):
        return None


async def _type_name(code: str, tracker: Tracker) -> str | None:
    typ = await _type_of(code, tracker)
    return str(typ["name"]) if typ else None


async def _apply_plan(detail: str, turn: Turn, tracker: Tracker) -> list[EventType] | None:
    """ "Which application do I need" (asked, or implied by the person's situation):
    the questions, with what the message already answered."""
    if not turn.is_payload and not signed_in(tracker) and (
            named_username(turn.text) or _SIGN_IN_FIRST.search(turn.text)):
        # "which app am i supposed to do, the out of state grad one? username jsmith2", "I
        # would like to apply ... First, please sign me in.": sign in and apply (the type the
        # words name, or the application's own question)
        return None
    situation = situation_in(turn.text) if not turn.is_payload else {}
    wants_help = detail == "which" or turn.entity("which") or WHICH_RE.search(turn.text)
    if not wants_help:
        named = await _named_type(detail, turn, tracker)
        # "Apply for a substitute certificate" starts it; "I want to be a substitute"
        # first hears what it takes, with the offer to start it.
        if named and (turn.is_payload or not situation or APPLY_VERB.search(turn.text)
                      or THE_X_ONE.match(turn.text)  # ("the substitute one. the district ...")
                      or APPLY_VERB.search(for_the_model(turn.text, first_person=False))):
            # ("want to aply for substitute certificate": the verb as the model reads it)
            return None
        if not situation or situation == {"wa_prep": "mo_program"}:
            # ("i wanna apply ... i graduated from Southeast Missouri State": apply; the
            # application asks which type, a Missouri program recommends nothing new)
            return None
    if wants_help and not situation and not turn.is_payload:
        # "Which application should she complete once her account is ready?" after "she
        # graduated from a program in Kansas": what the conversation already said
        situation = next((found for text in _earlier_texts(tracker)
                          if (found := situation_in(text, goals=False))), {})
    events: list[EventType] = [SlotSet(k, v) for k, v in situation.items()]
    return events + [SlotSet(INTRO_SLOT, WA_INTRO if not situation else None),
                     FollowupAction("which_application_form")]


_APP_WORD = re.compile(r"\b(app|application|cert|certificate)\b", re.IGNORECASE)


def _earlier_texts(tracker: Tracker, last: int = 8) -> list[str]:
    """The person's messages before this one, newest first (at most `last`)."""
    texts = [str(e.get("text") or "") for e in tracker.events if e.get("event") == "user"]
    return list(reversed(texts[:-1]))[:last]


async def _one_username(tracker: Tracker, dispatcher: CollectingDispatcher) -> list[EventType]:
    """A signed-in educator asking for another account: the rule, and what they may need."""
    me = await who_am_i(tracker)
    who = f" as {me['username']}" if me and me.get("username") else ""
    linked = (f", linked to your educator record (Educator ID {me['educator_id']})"
              if me and me.get("educator_id") else "")
    dispatcher.utter_message(
        text=f"You're already signed in{who}{linked}. The rule is one username per person: "
             "a second username would block access to your profile and certification "
             "records, so I won't create another one. What did you need? You can change the "
             "email on your account, reset your password, or ask a person.",
        buttons=[{"title": "Change my email", "payload": "/edit_contact"},
                 {"title": "Reset my password", "payload": "/forgot_password"},
                 HANDOFF_BUTTON])
    return []


async def fallback(turn: Turn, tracker: Tracker,
                   dispatcher: CollectingDispatcher) -> list[EventType]:
    """What the model could not place: name the likely topics; the second time, a person."""
    count = int(tracker.get_slot(FALLBACKS_SLOT) or 0) + 1
    buttons = _likely_topics(turn, tracker)
    if looks_like_ssn(turn.text) or looks_like_date_of_birth(turn.text):
        text = ("It looks like you typed a number or a date. I only need your SSN and date "
                "of birth while linking your record: say \"link my SSN\" to do that.")
    elif count >= 2 or FRUSTRATION_RE.search(turn.text):
        text = ("Sorry, I'm still not getting it. Would you like a person from the help desk "
                "to take over? Or pick one of these:")
        buttons = [HANDOFF_BUTTON] + [b for b in buttons if b != HANDOFF_BUTTON][:2]
        dispatcher.utter_message(text=text, buttons=buttons)
        return [SlotSet(FALLBACKS_SLOT, float(count)), SlotSet(OFFER_SLOT, "human_handoff")]
    elif buttons:
        text = (f"Sorry, I'm not sure I understood. Is it about "
                f"{buttons[0]['title'].lower()}? Or one of these:")
    else:
        text = "Sorry, I didn't understand that. Could you say it another way, or pick one:"
        buttons = MAIN_MENU
    dispatcher.utter_message(text=text, buttons=buttons)
    return [SlotSet(FALLBACKS_SLOT, float(count))]


def _likely_topics(turn: Turn, tracker: Tracker) -> list[dict[str, Any]]:
    """Up to three buttons for the most likely requests the model saw in the message."""
    buttons: list[dict[str, Any]] = []
    for name, confidence in turn.ranking:
        if len(buttons) >= 3 or confidence < 0.05:
            break
        _family, key = split_faq(name)
        if key in FAQ_TITLES:
            buttons.append({"title": FAQ_TITLES[key], "payload": f"/{name}"})
        elif name in INTENT_LABELS:
            label = INTENT_LABELS[name]
            buttons.append({"title": label[0].upper() + label[1:], "payload": f"/{name}"})
    return buttons


class ActionDefaultFallback(Action):
    """Rasa's last resort when no rule applies (it should not happen: every intent has a
    rule). Rasa's own version would forget the message; this one says so and goes on."""

    def name(self) -> str:
        return "action_default_fallback"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> list[EventType]:
        logger.warning("no rule applied after %s", tracker.latest_action_name)
        dispatcher.utter_message(text="Sorry, I lost track of that. What would you like to "
                                      "do?", buttons=MAIN_MENU)
        # Listen next: the state that had no rule still has none, and predicting again
        # would only repeat this (until Rasa's circuit breaker stops the conversation).
        return [FollowupAction("action_listen")]
