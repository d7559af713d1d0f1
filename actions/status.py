"""Requests that only need the educator signed in: status checks, access, contact view.

The intent's rule runs `action_remember_request` (which stores what was asked in
`pending_request`), then `signin_form` (which asks nothing when already signed in),
then `action_resume_request`, which answers what was asked.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.backend_client import BackendClient, BackendError, BackendUnavailable
from actions.common import (
    BACKEND_DOWN,
    MAILING_ADDRESS,
    MAIN_MENU,
    client_for,
    latest_intent,
    session_expired,
    signed_in,
)

logger = logging.getLogger(__name__)

PENDING_INTENTS = {
    "sign_in", "request_access", "view_contact", "check_application_status",
    "check_background_status", "check_education_status", "check_assessments",
    "check_certificate_status",
}

STATUS_MENU = [
    {"title": "Applications", "payload": "/check_application_status"},
    {"title": "Background clearance", "payload": "/check_background_status"},
    {"title": "Education records", "payload": "/check_education_status"},
    {"title": "Assessment scores", "payload": "/check_assessments"},
    {"title": "Certificates", "payload": "/check_certificate_status"},
]

BACKGROUND_LABELS = {
    "not_started": "not started: no fingerprint results are on file yet",
    "pending": "pending: your fingerprints are being processed",
    "cleared": "cleared",
    "under_review": "under review",
}


class ActionStatusMenu(Action):
    def name(self) -> str:
        return "action_status_menu"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> list[EventType]:
        dispatcher.utter_message(text="Which status would you like to check?",
                                 buttons=STATUS_MENU)
        return []


class ActionRememberRequest(Action):
    def name(self) -> str:
        return "action_remember_request"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> list[EventType]:
        intent = latest_intent(tracker)
        request = intent if intent in PENDING_INTENTS else "sign_in"
        if signed_in(tracker):
            # Already signed in: answer now and listen, instead of running the sign-in
            # form (which would end at once) and then action_resume_request. Same
            # answer, two predictions and two action calls fewer per status check.
            events = await perform_request(request, tracker, dispatcher)
            return events + [FollowupAction("action_listen")]
        if request != "sign_in":
            dispatcher.utter_message(text="First I need you to sign in.")
        return [SlotSet("pending_request", request)]


async def _applications(client: BackendClient, dispatcher: CollectingDispatcher) -> None:
    apps = await client.applications()
    if not apps:
        dispatcher.utter_message(text="You have no applications yet.",
                                 buttons=[{"title": "Apply", "payload": "/apply"},
                                          {"title": "Which application do I need?",
                                           "payload": "/which_application"}])
        return
    lines = []
    for app in apps:
        label = app.get("status_label") or app.get("status")
        line = f"- {app.get('type_name') or app.get('type')}: {label} (status: {app.get('status')})"
        memo = app.get("memo")
        line += f"\n  Memo: {memo}" if memo else "\n  Memo: none yet"
        lines.append(line)
    dispatcher.utter_message(text="Your applications:\n" + "\n".join(lines))


async def _background(client: BackendClient, dispatcher: CollectingDispatcher) -> None:
    bg = await client.background()
    status = str(bg.get("status") or "not_started")
    text = f"Background clearance: {BACKGROUND_LABELS.get(status, status)}."
    if bg.get("fingerprinted_on"):
        text += f" Fingerprinted on {bg['fingerprinted_on']}."
    if bg.get("cleared_on"):
        text += f" Cleared on {bg['cleared_on']}."
    if bg.get("expires_on"):
        text += f" Valid until {bg['expires_on']}."
    if status == "not_started":
        text += (" Register in the Highway Patrol's MACHS system, then get fingerprinted by "
                 "IdentoGO. No notice is sent: check back here.")
    dispatcher.utter_message(text=text)


async def _education(client: BackendClient, dispatcher: CollectingDispatcher) -> None:
    edu = await client.education()
    colleges = edu.get("colleges") or []
    transcripts = edu.get("transcripts") or []
    parts = []
    if colleges:
        parts.append("Colleges on file:\n" + "\n".join(
            f"- {c.get('name')} ({c.get('city')}, {c.get('state')})" for c in colleges))
    else:
        parts.append("No colleges are on file yet.")
    if transcripts:
        parts.append("Transcripts received:\n" + "\n".join(
            f"- {t.get('college')}: {t.get('degree') or 'degree'}"
            f"{' in ' + t['major'] if t.get('major') else ''}, received {t.get('received_on')}"
            for t in transcripts))
    else:
        parts.append("No transcripts have been entered yet.")
    parts.append(f"Original transcripts must be mailed to {MAILING_ADDRESS}.")
    dispatcher.utter_message(text="\n".join(parts),
                             buttons=[{"title": "Add a college", "payload": "/add_college"}])


async def _assessments(client: BackendClient, dispatcher: CollectingDispatcher) -> None:
    rows = await client.assessments()
    if not rows:
        dispatcher.utter_message(
            text="No assessment scores are on file. If you tested, check that your testing "
                 "company profile includes your SSN.")
        return
    lines = [
        f"- {a.get('name')} ({a.get('code')}): {a.get('score')}, passing {a.get('passing_score')}"
        f" - {'passed' if a.get('passed') else 'not passed'} ({a.get('taken_on')})"
        for a in rows
    ]
    dispatcher.utter_message(text="Your assessment scores:\n" + "\n".join(lines))


async def _certificates(client: BackendClient, dispatcher: CollectingDispatcher) -> None:
    certs = await client.certificates()
    if not certs:
        dispatcher.utter_message(text="You have no certificates on file yet.")
        return
    lines = []
    for c in certs:
        line = (f"- {c.get('type')} - {c.get('area')}: {c.get('status')}, issued "
                f"{c.get('issued_on')}, expires {c.get('expires_on') or 'never'}")
        if c.get("view_url"):
            line += f"\n  View or print: {c['view_url']}"
        lines.append(line)
    dispatcher.utter_message(
        text="Your certificates:\n" + "\n".join(lines)
        + "\nNo paper certificate is mailed: print it from the link.")


async def _access(client: BackendClient, dispatcher: CollectingDispatcher) -> None:
    await client.request_access()
    dispatcher.utter_message(
        text="You now have access to the Educator Certification System. Next, link your "
             "record with your SSN and date of birth.",
        buttons=[{"title": "Link my SSN", "payload": "/link_ssn"}])


async def _contact(client: BackendClient, dispatcher: CollectingDispatcher) -> None:
    try:
        profile = await client.profile()
    except BackendError as exc:
        if exc.code == "profile_not_linked":
            dispatcher.utter_message(
                text="Your account isn't linked to your educator record yet.",
                buttons=[{"title": "Link my SSN", "payload": "/link_ssn"}])
            return
        raise
    c = profile.get("contact") or {}
    address = ", ".join(str(x) for x in (c.get("address_line1"), c.get("address_line2"),
                                          c.get("city"), c.get("state"), c.get("postal_code"))
                        if x)
    phones = ", ".join(f"{k.split('_')[0]} {c[k]}" for k in
                       ("home_phone", "mobile_phone", "work_phone") if c.get(k))
    dispatcher.utter_message(
        text=f"Your contact information:\n- Email: {c.get('email') or 'none'}\n"
             f"- Address: {address or 'none'}\n- Phone: {phones or 'none'}",
        buttons=[{"title": "Edit contact info", "payload": "/edit_contact"}])


async def _signed_in(client: BackendClient, dispatcher: CollectingDispatcher) -> None:
    dispatcher.utter_message(text="You're signed in. What would you like to do next?",
                             buttons=MAIN_MENU[2:])


HANDLERS: dict[str, Callable[[BackendClient, CollectingDispatcher], Awaitable[None]]] = {
    "sign_in": _signed_in,
    "request_access": _access,
    "view_contact": _contact,
    "check_application_status": _applications,
    "check_background_status": _background,
    "check_education_status": _education,
    "check_assessments": _assessments,
    "check_certificate_status": _certificates,
}


class ActionResumeRequest(Action):
    def name(self) -> str:
        return "action_resume_request"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> list[EventType]:
        request = str(tracker.get_slot("pending_request") or "sign_in")
        if not signed_in(tracker):
            dispatcher.utter_message(text="You're not signed in yet, so I can't do that.",
                                     buttons=[{"title": "Sign in", "payload": "/sign_in"}])
            return [SlotSet("pending_request", None)]
        return await perform_request(request, tracker, dispatcher)


async def perform_request(request: str, tracker: Tracker,
                          dispatcher: CollectingDispatcher) -> list[EventType]:
    """Answer a request that needs a signed-in educator; clears `pending_request`."""
    handler = HANDLERS.get(request, _signed_in)
    events: list[EventType] = [SlotSet("pending_request", None)]
    try:
        await handler(client_for(tracker), dispatcher)
    except BackendUnavailable:
        dispatcher.utter_message(text=BACKEND_DOWN)
    except BackendError as exc:
        expired = session_expired(dispatcher, exc)
        if expired is not None:
            return events + expired
        dispatcher.utter_message(text=_refusal(exc))
    return events


def _refusal(exc: BackendError) -> str:
    if exc.code == "profile_not_linked":
        return "Your account isn't linked to your educator record yet. Say \"link my SSN\"."
    if exc.code == "access_not_granted":
        return "First request access to the Educator Certification System."
    return exc.message or "The certification system refused that request."


def refusal_text(exc: BackendError) -> str:
    return _refusal(exc)

