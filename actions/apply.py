"""Applications: "which application do I need?" and applying (conduct questions,
Sworn Statement, submit, mailing checklist)."""

from __future__ import annotations

import logging
import re
from typing import Any

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.backend_client import BackendClient, BackendError, BackendUnavailable
from actions.common import (
    BACKEND_DOWN,
    MAILING_ADDRESS,
    POPUP_NOTE,
    client_for,
    is_interruption,
    latest_text,
    session_expired,
    yes_no,
    yes_no_buttons,
)
from actions.signin import SignInMixin
from actions.status import refusal_text

logger = logging.getLogger(__name__)

# ---------------------------------------------------------------- which application
WA_SLOTS = ["wa_holds_cert", "wa_goal", "wa_expiry", "wa_prep", "wa_path"]

WA_CHOICES: dict[str, list[tuple[str, str, tuple[str, ...]]]] = {
    # slot: [(value, button title, keywords)]
    "wa_goal": [
        ("upgrade", "Upgrade my current certificate", ("upgrade", "renew", "continuous")),
        ("additional", "Add a subject or grade area", ("add", "another area", "subject")),
        ("administrator", "Become an administrator", ("admin", "principal", "superintendent")),
        ("student_services", "Counselor or school psychologist",
         ("counsel", "psycholog", "student services")),
        ("career_education", "Career/technical education", ("career", "vocational",
                                                            "technical")),
    ],
    "wa_expiry": [
        ("window", "In 30 to 60 days", ("30 to 60", "30-60", "between")),
        ("early", "More than 60 days from now", ("more than", "later", "over 60")),
        ("late", "In less than 30 days or already expired", ("less than", "expired",
                                                               "already")),
    ],
    "wa_prep": [
        ("mo_program", "A Missouri-approved program", ("missouri", " mo ", "mo-approved",
                                                       "mo approved")),
        ("other_state", "A program in another state", ("another state", "other state",
                                                        "out of state", "out-of-state")),
        ("none", "I haven't completed one", ("haven't", "havent", "not completed", "none",
                                             "no program", "didn't", "didnt")),
    ],
    "wa_path": [
        ("substitute", "Substitute teaching", ("substitut", " sub")),
        ("tac", "A district wants to hire me to teach", ("district", "hire", "tac",
                                                          "temporary")),
        ("career_education", "Career/technical education", ("career", "vocational",
                                                            "technical")),
        ("program", "I plan to complete a program first", ("program", "plan", "first",
                                                            "student")),
    ],
}

WA_QUESTIONS = {
    "wa_holds_cert": "Do you already hold a Missouri educator certificate?",
    "wa_goal": "What would you like to do?",
    "wa_expiry": "When does your current certificate expire?",
    "wa_prep": "Where did you complete your educator preparation program?",
    "wa_path": "Which describes you best?",
}

RECOMMENDATIONS = {
    "upgrade_window": ("Upgrade", "you hold a Missouri certificate that expires in 30-60 days, "
                                  "which is exactly when an upgrade should be sent."),
    "upgrade_early": ("Upgrade", "you hold a Missouri certificate, but send the upgrade only "
                                 "30-60 days before it expires: wait until then."),
    "upgrade_late": ("Upgrade", "you hold a Missouri certificate that is about to expire or "
                                "has expired. Apply now, and ask the help desk whether "
                                "Reactivation applies."),
    "additional": ("Additional", "you already hold a Missouri certificate and want another "
                                 "area of certification."),
    "administrator": ("Administrator", "it is for principals and superintendents: it needs a "
                                       "teaching certificate, 3 years of teaching and a "
                                       "master's in educational leadership."),
    "student_services": ("Student Services", "it covers counselors, psychological examiners "
                                             "and school psychologists."),
    "career_education": ("Career Education", "it covers career and technical education; it "
                                             "needs a degree plus occupational experience."),
    "mo_program": ("Initial Professional", "you completed a Missouri-approved preparation "
                                           "program; your institution recommends you."),
    "other_state": ("Non-MO Graduate", "you completed your preparation program in another "
                                       "state (fee $100, not refundable)."),
    "substitute": ("Substitute", "it needs 36 college hours, or a high-school diploma plus "
                                 "20 hours of approved training."),
    "tac": ("Temporary Authorization (TAC)", "the hiring district applies jointly with you, "
                                              "so start with the district."),
    "program": ("Initial Professional", "once you complete a Missouri-approved program, your "
                                        "institution recommends you for it."),
}


def _choice(slot: str, text: str) -> str | None:
    t = f" {text.lower().strip()} "
    for value, title, _keywords in WA_CHOICES[slot]:
        if t.strip() == title.lower() or t.strip() == value:
            return value
    for value, _title, keywords in WA_CHOICES[slot]:
        if any(k in t for k in keywords):
            return value
    return None


class ValidateWhichApplicationForm(FormValidationAction):
    def name(self) -> str:
        return "validate_which_application_form"

    async def required_slots(self, domain_slots: list[str], dispatcher: CollectingDispatcher,
                             tracker: Tracker, domain: DomainDict) -> list[str]:
        holds = tracker.get_slot("wa_holds_cert")
        if holds is None:
            return ["wa_holds_cert"]
        if holds == "yes":
            goal = tracker.get_slot("wa_goal")
            return ["wa_holds_cert", "wa_goal"] + (["wa_expiry"] if goal == "upgrade" else [])
        prep = tracker.get_slot("wa_prep")
        return ["wa_holds_cert", "wa_prep"] + (["wa_path"] if prep == "none" else [])

    async def extract_wa_holds_cert(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                                    domain: DomainDict) -> dict[str, Any]:
        if tracker.get_slot("requested_slot") != "wa_holds_cert":
            return {}
        answer = yes_no(tracker)
        if answer is None:
            return {}
        return {"wa_holds_cert": "yes" if answer else "no"}

    async def _extract(self, slot: str, tracker: Tracker) -> dict[str, Any]:
        if tracker.get_slot("requested_slot") != slot:
            return {}
        value = _choice(slot, latest_text(tracker))
        if value:
            return {slot: value}
        if is_interruption(tracker) or latest_text(tracker).startswith("/"):
            return {}
        return {slot: "__invalid__"}

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
    if tracker.get_slot("wa_holds_cert") == "yes":
        goal = str(tracker.get_slot("wa_goal") or "additional")
        if goal == "upgrade":
            return f"upgrade_{tracker.get_slot('wa_expiry') or 'window'}"
        return goal
    prep = str(tracker.get_slot("wa_prep") or "none")
    if prep != "none":
        return prep
    return str(tracker.get_slot("wa_path") or "program")


class ActionRecommendApplication(Action):
    def name(self) -> str:
        return "action_recommend_application"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> list[EventType]:
        type_name, reason = RECOMMENDATIONS[recommendation_key(tracker)]
        buttons = [{"title": "Apply now", "payload": "/apply"}]
        if type_name.startswith("Temporary"):
            buttons = [{"title": "Talk to a person", "payload": "/human_handoff"}]
        dispatcher.utter_message(
            text=f"I recommend the {type_name} application, because {reason}",
            buttons=buttons)
        return [SlotSet(s, None) for s in WA_SLOTS]


# ---------------------------------------------------------------- apply
APPLY_SLOTS = ["application_type", "conduct_step", "sworn_statement"]
APPLY_STATE_SLOTS = ["application_id", "conduct_index", "conduct_pending_yes",
                     "apply_blocked"]
ACCEPT_RE = re.compile(r"\bi\s+accept\b", re.IGNORECASE)


async def _match_type(client: BackendClient, text: str) -> dict[str, Any] | None:
    types = await client.application_types()
    t = text.strip().lower()
    for typ in types:
        if t in (str(typ.get("code", "")).lower(), str(typ.get("name", "")).lower()):
            return typ
    for typ in types:
        name = str(typ.get("name", "")).lower()
        if name and (name in t or (len(t) > 3 and t in name)):
            return typ
    return None


class ActionAskApplicationType(Action):
    def name(self) -> str:
        return "action_ask_application_type"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> list[EventType]:
        try:
            types = await client_for(tracker, with_token=False).application_types()
        except (BackendUnavailable, BackendError):
            dispatcher.utter_message(text=BACKEND_DOWN)
            return []
        dispatcher.utter_message(
            text="Which application would you like to start? (Not sure? Ask me \"which "
                 "application do I need\".)",
            buttons=[{"title": str(t.get("name")), "payload": str(t.get("name"))}
                     for t in types])
        return []


class ActionAskConductStep(Action):
    def name(self) -> str:
        return "action_ask_conduct_step"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> list[EventType]:
        if tracker.get_slot("conduct_pending_yes"):
            dispatcher.utter_message(text="Please explain your \"Yes\" answer briefly.")
            return []
        try:
            questions = await client_for(tracker, with_token=False).conduct_questions()
        except (BackendUnavailable, BackendError):
            dispatcher.utter_message(text=BACKEND_DOWN)
            return []
        index = int(tracker.get_slot("conduct_index") or 0)
        if index >= len(questions):
            return []
        intro = ("Now the Professional Conduct questions. Please answer truthfully.\n"
                 if index == 0 else "")
        dispatcher.utter_message(
            text=f"{intro}Question {index + 1} of {len(questions)}: {questions[index]['text']}",
            buttons=yes_no_buttons())
        return []


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
        dispatcher.utter_message(
            text=f"Sworn Statement: {text}\n\nTo sign electronically, type \"I accept\". "
                 "This lets DESE verify your professional conduct statements.",
            buttons=[{"title": "I accept", "payload": "I accept"},
                     {"title": "I don't accept", "payload": "/deny"}])
        return []


class ValidateApplyForm(SignInMixin, FormValidationAction):
    def name(self) -> str:
        return "validate_apply_form"

    async def required_slots(self, domain_slots: list[str], dispatcher: CollectingDispatcher,
                             tracker: Tracker, domain: DomainDict) -> list[str]:
        if tracker.get_slot("apply_blocked"):
            return []
        return self.auth_slots(tracker) + APPLY_SLOTS

    async def extract_application_type(self, dispatcher: CollectingDispatcher,
                                       tracker: Tracker, domain: DomainDict) -> dict[str, Any]:
        if tracker.get_slot("requested_slot") != "application_type":
            return {}
        text = latest_text(tracker)
        if text.startswith("/"):
            return {}
        try:
            typ = await _match_type(client_for(tracker, with_token=False), text)
        except (BackendUnavailable, BackendError):
            return {"application_type": "__unavailable__"}
        if typ:
            return {"application_type": str(typ["code"])}
        if is_interruption(tracker):
            return {}
        return {"application_type": "__invalid__"}

    async def validate_application_type(self, value: Any, dispatcher: CollectingDispatcher,
                                        tracker: Tracker, domain: DomainDict) -> dict[str, Any]:
        if value == "__unavailable__":
            dispatcher.utter_message(text=BACKEND_DOWN)
            return {"application_type": None}
        if value == "__invalid__":
            dispatcher.utter_message(text="Please choose one of the application types.")
            return {"application_type": None}
        client = client_for(tracker)
        try:
            try:
                app = await client.create_application(str(value))
            except BackendError as exc:
                if exc.code != "application_exists":
                    raise
                drafts = [a for a in await client.applications()
                          if a.get("type") == value and a.get("status") == "draft"]
                if not drafts:
                    dispatcher.utter_message(
                        text="You already have an open application of that type. Ask me for "
                             "your application status to see where it stands.",
                        buttons=[{"title": "Application status",
                                  "payload": "/check_application_status"}])
                    return {"application_type": None, "apply_blocked": True}
                app = drafts[0]
                dispatcher.utter_message(text="I found your draft of that application; "
                                              "let's finish it.")
        except BackendUnavailable:
            dispatcher.utter_message(text=BACKEND_DOWN)
            return {"application_type": None}
        except BackendError as exc:
            if exc.status == 401:
                session_expired(dispatcher, exc)
                return {"application_type": None, "access_token": None,
                        "signin_username": None}
            dispatcher.utter_message(text=refusal_text(exc), buttons=[
                {"title": "Link my SSN", "payload": "/link_ssn"}]
                if exc.code == "profile_not_linked" else None)
            return {"application_type": None, "apply_blocked": True}
        answered = {a.get("question_id") for a in app.get("conduct_answers") or []}
        return {"application_type": value, "application_id": str(app["id"]),
                "conduct_index": float(len(answered)), "conduct_pending_yes": False}

    async def extract_conduct_step(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                                   domain: DomainDict) -> dict[str, Any]:
        if tracker.get_slot("requested_slot") != "conduct_step":
            return {}
        text = latest_text(tracker).strip()
        if tracker.get_slot("conduct_pending_yes"):
            if not text or text.startswith("/") or is_interruption(tracker):
                return {}
            return {"conduct_step": "explain"}
        answer = yes_no(tracker)
        if answer is not None:
            return {"conduct_step": "yes" if answer else "no"}
        if is_interruption(tracker) or text.startswith("/"):
            return {}
        return {"conduct_step": "__invalid__"}

    async def validate_conduct_step(self, value: Any, dispatcher: CollectingDispatcher,
                                    tracker: Tracker, domain: DomainDict) -> dict[str, Any]:
        if value == "__invalid__":
            dispatcher.utter_message(text="Please answer Yes or No.", buttons=yes_no_buttons())
            return {"conduct_step": None}
        if value == "yes":
            return {"conduct_step": None, "conduct_pending_yes": True}
        client = client_for(tracker)
        index = int(tracker.get_slot("conduct_index") or 0)
        try:
            questions = await client.conduct_questions()
            question = questions[index]
            if value == "explain":
                await client.answer_conduct(tracker.get_slot("application_id"), question["id"],
                                            True, latest_text(tracker).strip())
            else:
                await client.answer_conduct(tracker.get_slot("application_id"), question["id"],
                                            False)
        except BackendUnavailable:
            dispatcher.utter_message(text=BACKEND_DOWN)
            return {"conduct_step": None}
        except (BackendError, IndexError) as exc:
            if isinstance(exc, BackendError) and exc.code == "explanation_required":
                return {"conduct_step": None, "conduct_pending_yes": True}
            dispatcher.utter_message(text="I couldn't save that answer. Please try again.")
            return {"conduct_step": None}
        index += 1
        done = index >= len(questions)
        return {"conduct_step": "done" if done else None, "conduct_index": float(index),
                "conduct_pending_yes": False}

    async def extract_sworn_statement(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                                      domain: DomainDict) -> dict[str, Any]:
        if tracker.get_slot("requested_slot") != "sworn_statement":
            return {}
        text = latest_text(tracker)
        if ACCEPT_RE.search(text):
            return {"sworn_statement": "accepted"}
        if yes_no(tracker) is False or "not accept" in text.lower() \
                or "don't accept" in text.lower():
            return {"sworn_statement": "declined"}
        if is_interruption(tracker) or text.startswith("/"):
            return {}
        return {"sworn_statement": "__invalid__"}

    async def validate_sworn_statement(self, value: Any, dispatcher: CollectingDispatcher,
                                       tracker: Tracker, domain: DomainDict) -> dict[str, Any]:
        if value == "declined":
            dispatcher.utter_message(
                text="Without accepting the Sworn Statement the application can't be "
                     "submitted. Your draft is saved: say \"apply\" when you're ready.")
            return {"sworn_statement": None, "apply_blocked": True}
        if value != "accepted":
            dispatcher.utter_message(text="To sign, type exactly: I accept",
                                     buttons=[{"title": "I accept", "payload": "I accept"}])
            return {"sworn_statement": None}
        try:
            await client_for(tracker).accept_sworn_statement(tracker.get_slot("application_id"))
        except BackendUnavailable:
            dispatcher.utter_message(text=BACKEND_DOWN)
            return {"sworn_statement": None}
        except BackendError:
            dispatcher.utter_message(text="I couldn't record your acceptance. Please try again.")
            return {"sworn_statement": None}
        return {"sworn_statement": "accepted"}


class ActionSubmitApplication(Action):
    def name(self) -> str:
        return "action_submit_application"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> list[EventType]:
        clear = [SlotSet(s, None) for s in APPLY_SLOTS + APPLY_STATE_SLOTS]
        app_id = tracker.get_slot("application_id")
        if tracker.get_slot("apply_blocked") or not app_id:
            return clear
        try:
            app = await client_for(tracker).submit_application(app_id)
        except BackendUnavailable:
            dispatcher.utter_message(
                text=BACKEND_DOWN + " Your answers are saved in the draft: say \"apply\" and "
                                    "choose the same type to submit it.")
            return clear
        except BackendError as exc:
            expired = session_expired(dispatcher, exc)
            if expired is not None:
                return clear + expired
            if exc.code == "incomplete_application":
                missing = ", ".join(str(m) for m in exc.details.get("missing", []))
                dispatcher.utter_message(text=f"The application isn't complete yet "
                                              f"(missing: {missing}). Say \"apply\" to finish.")
            else:
                dispatcher.utter_message(text=refusal_text(exc))
            return clear
        checklist = app.get("checklist") or []
        docs = "\n".join(f"- {item}" for item in checklist) or "- nothing else is needed"
        dispatcher.utter_message(
            text=f"Your {app.get('type_name') or 'application'} application is submitted "
                 f"to DESE (status: {app.get('status')}).")
        dispatcher.utter_message(
            text=f"Please mail these documents:\n{docs}\nMail them to {MAILING_ADDRESS}. "
                 f"Write your Educator ID on each, and send originals.\n{POPUP_NOTE}",
            buttons=[{"title": "Application status", "payload": "/check_application_status"}])
        return clear
