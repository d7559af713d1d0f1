"""The signed-in educator's records: applications and memos, background clearance,
education, assessments, certificates, contact information.

`answer_status` answers one or more such requests for a signed-in educator. The router
signs a person in first when needed (`pending_request` holds what they asked, comma
separated), and `action_resume_request` answers it once the sign-in form is done.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import EventType, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.answers import educator_id_text, hand_over
from actions.backend_client import BackendClient, BackendError, BackendUnavailable
from actions.common import (
    BACKEND_DOWN,
    HELP_ME_CHOOSE,
    MAIN_MENU,
    OFFER_SLOT,
    PORTAL_PLACES,
    TOPICS,
    client_for,
    last_answer,
    session_expired,
    signed_in,
)
from actions.flow import SWITCH_SLOT, FlowFinish
from actions.reference import mailing_address
from actions.turns import Turn

logger = logging.getLogger(__name__)

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

# What each request is called, for "I'll check your ... once you're signed in".
def _when(value: Any) -> str:
    return str(value) if value else "date not recorded"


def _application_line(app: dict[str, Any]) -> str:
    """ "- Substitute: Returned for additional information\n  Memo: ..." """
    label = app.get("status_label") or app.get("status") or "status not set"
    name = app.get("type_name") or app.get("type") or "Application"
    memo = app.get("memo")
    return f"- {name}: {label}" + (f"\n  Memo: {memo}" if memo else "\n  Memo: none yet")


async def _applications(client: BackendClient, tracker: Tracker,
                        dispatcher: CollectingDispatcher) -> list[EventType] | None:
    apps = await client.applications()
    if not apps:
        dispatcher.utter_message(
            text="You have no applications yet.",
            buttons=[{"title": "Apply", "payload": "/apply"},
                     HELP_ME_CHOOSE])
        return None
    lines = [_application_line(app) for app in apps]
    drafts = [a for a in apps if a.get("status") == "draft"]
    if len(drafts) == 1:
        # "Yes, let's pick up where I left off" then continues it
        name = drafts[0].get("type_name") or "application"
        dispatcher.utter_message(
            text="Your applications:\n" + "\n".join(lines) + f"\nYour {name} application is "
                 "saved as a draft, not submitted yet. Want to continue it where you stopped?",
            buttons=[{"title": "Continue it", "payload": "/apply"}])
        return [SlotSet(OFFER_SLOT, "apply")]
    dispatcher.utter_message(text="Your applications:\n" + "\n".join(lines))
    return None


async def _background(client: BackendClient, tracker: Tracker,
                      dispatcher: CollectingDispatcher) -> None:
    bg = await client.background()
    status = str(bg.get("status") or "not_started")
    label = BACKGROUND_LABELS.get(status, status)
    if status == "not_started" and bg.get("cleared_on"):
        # The backend reports a clearance older than 12 months as needing a new check.
        label = (f"cleared, but expired on {bg.get('expires_on') or 'its end date'} (a "
                 "clearance is valid for 12 months), so your next application will need a new "
                 "background check")
    text = f"Background clearance: {label}."
    if bg.get("fingerprinted_on"):
        text += f" Fingerprinted on {bg['fingerprinted_on']}."
    if bg.get("cleared_on"):
        text += f" Cleared on {bg['cleared_on']}."
    if bg.get("expires_on"):
        text += f" Valid until {bg['expires_on']}."
    if status == "not_started":
        text += (" Register in the Highway Patrol's MACHS system, then get fingerprinted by "
                 "IdentoGO.")
    if status != "cleared":
        text += (" No notice is sent when results arrive: check back here, or under "
                 "Fingerprint Information on your Profile page.")
    dispatcher.utter_message(text=text)


def college_line(college: dict[str, Any]) -> str:
    place = ", ".join(str(college[k]) for k in ("city", "state") if college.get(k))
    name = str(college.get("name") or "A college")
    return f"- {name} ({place})" if place else f"- {name}"


def _college_key(name: Any) -> str:
    return str(name or "").strip().lower()


def _transcript(t: dict[str, Any]) -> str:
    """"B.S. in Biology, received 2025-05-01" """
    major = f" in {t['major']}" if t.get("major") else ""
    return f"{t.get('degree') or 'transcript'}{major}, received {_when(t.get('received_on'))}"


async def _education(client: BackendClient, tracker: Tracker,
                     dispatcher: CollectingDispatcher) -> None:
    edu = await client.education()
    colleges = edu.get("colleges") or []
    transcripts = edu.get("transcripts") or []
    received: dict[str, list[str]] = {}  # each college's transcripts, by its name
    for t in transcripts:
        received.setdefault(_college_key(t.get("college")), []).append(_transcript(t))
    parts = []
    if colleges:
        lines = []
        for c in colleges:
            got = received.pop(_college_key(c.get("name")), None)
            lines.append(college_line(c) + (": " + "; ".join(got) if got
                                            else ": transcript not received yet"))
        parts.append("Colleges on file:\n" + "\n".join(lines))
    else:
        parts.append("No colleges are on file yet.")
    if received:  # transcripts from a college not listed
        parts.append("Transcripts received:\n" + "\n".join(
            f"- {t.get('college') or 'A college'}: {_transcript(t)}" for t in transcripts
            if _college_key(t.get("college")) in received))
    elif not transcripts:
        parts.append("No transcripts have been received yet.")
    parts.append("Original transcripts must be mailed to "
                 f"{await mailing_address(tracker)}.")
    dispatcher.utter_message(text="\n".join(parts),
                             buttons=[{"title": "Add a college", "payload": "/add_college"}])


async def _assessments(client: BackendClient, tracker: Tracker,
                       dispatcher: CollectingDispatcher) -> None:
    rows = await client.assessments()
    if not rows:
        dispatcher.utter_message(
            text="No assessment scores are on file. If you tested, check that your testing "
                 "company profile includes your SSN: scores without it can't be matched to "
                 f"you. {_SCORES_IN_THE_PORTAL}")
        return
    lines = []
    for a in rows:
        code = f" ({a['code']})" if a.get("code") else ""
        passing = f", passing {a['passing_score']}" if a.get("passing_score") is not None else ""
        verdict = "passed" if a.get("passed") else "not passed"
        lines.append(f"- {a.get('name') or 'Assessment'}{code}: {a.get('score')}{passing} - "
                     f"{verdict} ({_when(a.get('taken_on'))})")
    dispatcher.utter_message(text="Your assessment scores:\n" + "\n".join(lines)
                             + f"\n{_SCORES_IN_THE_PORTAL}")


_SCORES_IN_THE_PORTAL = ("In the portal, scores show under the gray Assessments bar on your "
                         "Profile page.")


async def _certificates(client: BackendClient, tracker: Tracker,
                        dispatcher: CollectingDispatcher) -> None:
    certs = await client.certificates()
    if not certs:
        # "been waiting forever on my certificate whats the holdup": where the applications
        # stand, with their Memos, is the answer
        waiting = [_application_line(a) for a in await client.applications()]
        dispatcher.utter_message(
            text="You have no certificates on file yet. Once one is issued you print it "
                 "yourself: no paper certificate is mailed."
                 + ("\nWhere your applications stand:\n" + "\n".join(waiting) if waiting
                    else ""))
        return
    lines = []
    for c in certs:
        what = " - ".join(str(c[k]) for k in ("type", "area") if c.get(k)) or "Certificate"
        line = f"- {what}: {c.get('status') or 'status not set'}"
        if c.get("issued_on"):
            line += f", issued {c['issued_on']}"
        line += f", expires {c['expires_on']}" if c.get("expires_on") else ", no expiry date"
        if c.get("view_url"):
            line += f"\n  View or print: {c['view_url']}"
        lines.append(line)
    dispatcher.utter_message(
        text="Your certificates:\n" + "\n".join(lines)
        + "\nNo paper certificate is mailed and no certificate number is issued: print it "
          "from the link (in the portal: Certificate Status, then View Certificate).")


async def _contact(client: BackendClient, tracker: Tracker,
                   dispatcher: CollectingDispatcher) -> None:
    profile = await client.profile()
    c = profile.get("contact") or {}
    address = ", ".join(str(c[k]) for k in ("address_line1", "address_line2", "city", "state",
                                            "postal_code") if c.get(k))
    phones = ", ".join(f"{k.split('_')[0]} {c[k]}" for k in
                       ("home_phone", "mobile_phone", "work_phone") if c.get(k))
    dispatcher.utter_message(
        text=f"Your contact information:\n- Email: {c.get('email') or 'none on file'}\n"
             f"- Address: {address or 'none on file'}\n- Phone: {phones or 'none on file'}",
        buttons=[{"title": "Edit contact info", "payload": "/edit_contact"}])


async def _overview(client: BackendClient, tracker: Tracker,
                    dispatcher: CollectingDispatcher) -> None:
    for handler in (_applications, _background, _certificates):
        await handler(client, tracker, dispatcher)
    dispatcher.utter_message(text="Anything else to look at?", buttons=STATUS_MENU[2:4])


async def _signed_in(client: BackendClient, tracker: Tracker,
                     dispatcher: CollectingDispatcher) -> None:
    dispatcher.utter_message(text="You're signed in. What would you like to do next?",
                             buttons=MAIN_MENU[2:])


Handler = Callable[[BackendClient, Tracker, CollectingDispatcher],
                   Awaitable[list[EventType] | None]]
async def _educator_id(client: BackendClient, tracker: Tracker,
                       dispatcher: CollectingDispatcher) -> None:
    dispatcher.utter_message(text=await educator_id_text(await client.me(), tracker))


async def _handoff(client: BackendClient, tracker: Tracker,
                   dispatcher: CollectingDispatcher) -> list[EventType]:
    """A person asked for once signed in (the handoff then carries the Educator ID)."""
    return await hand_over(tracker, dispatcher)


HANDLERS: dict[str, Handler] = {
    "sign_in": _signed_in,
    "human_handoff": _handoff,
    "educator_id": _educator_id,
    "check_status": _overview,
    "view_contact": _contact,
    "check_application_status": _applications,
    "check_background_status": _background,
    "check_education_status": _education,
    "check_assessments": _assessments,
    "check_certificate_status": _certificates,
}


# How each status answer begins (the handlers above), to tell which one was shown last
SHOWN_AS = {"Your applications:": "check_application_status",
            "Background clearance:": "check_background_status",
            "Colleges on file:": "check_education_status",
            "Your assessment scores:": "check_assessments",
            "Your certificates:": "check_certificate_status"}


def status_last_shown(tracker: Tracker) -> str | None:
    """The status the assistant's last answer showed ("Your certificates: ..."), or None."""
    return next((status for text in reversed(last_answer(tracker))
                 for head, status in SHOWN_AS.items() if text.startswith(head)), None)


# What the overview ("check_status") shows: asked beside it, these are shown once, in it
IN_THE_OVERVIEW = frozenset({"check_application_status", "check_background_status",
                             "check_certificate_status"})


def _each_once(requests: list[str]) -> list[str]:
    """Each status once: asked twice, or asked beside the overview that shows it."""
    once = list(dict.fromkeys(requests))
    if "check_status" in once:
        once = [r for r in once if r not in IN_THE_OVERVIEW]
    return once


def sign_in_intro(requests: list[str]) -> str:
    """Why the person is asked for a username: what they asked for, and how sign-in works."""
    requests = _each_once(requests)
    topics = [TOPICS[r] for r in requests if TOPICS.get(r)]
    how = ("I'll email a 6-digit code to the address on your account; I never ask for "
           "your password here.")
    if requests == ["human_handoff"]:
        return ("I'll sign you in first, so the help desk sees your Educator ID and you "
                f"needn't type your SSN. {how}")
    if not topics:
        return f"To sign you in, {how}"
    places = [PORTAL_PLACES[r] for r in requests if r in PORTAL_PLACES]
    text = f"I can check your {' and '.join(topics)} for you once you're signed in. {how}"
    if "human_handoff" in requests:
        text += " Then I'll pass your request on to the help desk."
    if len(places) == 1:
        text += f" (In the portal it's under {places[0]}.)"
    return text


async def answer_status(requests: list[str], tracker: Tracker,
                        dispatcher: CollectingDispatcher) -> list[EventType]:
    """Answer each request for a signed-in educator; clears `pending_request`."""
    events: list[EventType] = [SlotSet("pending_request", None)]
    client = client_for(tracker)
    for request in _each_once(requests):
        handler = HANDLERS.get(request, _signed_in)
        try:
            events += await handler(client, tracker, dispatcher) or []
        except BackendUnavailable:
            dispatcher.utter_message(text=BACKEND_DOWN)
            return events
        except BackendError as exc:
            expired = session_expired(dispatcher, exc)
            if expired is not None:
                return events + expired
            dispatcher.utter_message(**refusal(exc))
            return events
    return events


def refusal(exc: BackendError) -> dict[str, Any]:
    """What to say when the backend refuses a signed-in request."""
    if exc.code == "profile_not_linked":
        return {"text": "Your account isn't linked to your educator record yet, so there's "
                        "nothing to show. Link it with your SSN and date of birth first.",
                "buttons": [{"title": "Link my SSN", "payload": "/link_ssn"}]}
    if exc.code == "access_not_granted":
        return {"text": "Your account doesn't have Educator Certification System access yet. "
                        "I request it for you when you link your SSN.",
                "buttons": [{"title": "Link my SSN", "payload": "/link_ssn"}]}
    if exc.code == "rate_limited":
        return {"text": "Too many attempts. Please wait a few minutes and try again."}
    return {"text": exc.message or "The certification system refused that request."}


class ActionResumeRequest(FlowFinish):
    """After the sign-in form: answer what the person asked for before signing in."""

    flow_label = "signing in"
    flow_slots = ("pending_request",)

    def name(self) -> str:
        return "action_resume_request"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> list[EventType]:
        pending = str(tracker.get_slot("pending_request") or "")
        events = await super().run(dispatcher, tracker, domain)
        then = asked_with_the_code(tracker) or (
            pending if pending.startswith("apply:") and signed_in(tracker) else None)
        if then is None:
            return events
        # After the slots are cleared: the router takes the request up (as after a switch).
        return events + [SlotSet(SWITCH_SLOT, then), FollowupAction("action_route")]

    async def finish(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                     domain: DomainDict) -> list[EventType]:
        requests = [r for r in str(tracker.get_slot("pending_request") or "sign_in").split(",")
                    if r]
        if not signed_in(tracker):
            dispatcher.utter_message(text="You're not signed in yet, so I can't do that.",
                                     buttons=[{"title": "Sign in", "payload": "/sign_in"}])
            return []
        if asked_with_the_code(tracker) or requests[0].startswith("apply:"):
            return []  # `run` hands it to the router
        return await answer_status(requests, tracker, dispatcher)


# What may be asked in the message that carries the sign-in code ("The code is 826541. Once
# I'm in, please start the Substitute application").
_WITH_THE_CODE = frozenset({"apply", "link_ssn", "edit_contact", "add_college",
                            "save_legal_name", "view_contact", *HANDLERS}) - {"sign_in"}


def asked_with_the_code(tracker: Tracker) -> str | None:
    """A request made in the same message as the code, when signing in was all that was
    pending: it is carried out once the person is signed in."""
    pending = str(tracker.get_slot("pending_request") or "sign_in")
    turn = Turn.of(tracker)
    if pending != "sign_in" or not signed_in(tracker) or turn.is_payload or turn.words < 4:
        return None
    asked = ([turn.request] if turn.confident(0.5) else []) + turn.extra_requests()
    return next((r for r in asked if r.split(":")[0] in _WITH_THE_CODE), None)
