"""Custom actions and form validators against a real backend.

Each test drives an action with a real rasa_sdk Tracker and CollectingDispatcher and
asserts the returned events and the messages sent. SSNs come from tests.pii (indices
20-39, reserved for this suite); one-time codes read from the dev outbox are recorded.
"""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from rasa_sdk.executor import CollectingDispatcher

from actions.account import (
    ActionCreateAccount,
    ActionForgotPassword,
    ActionForgotUsername,
    ActionSignOut,
    ValidateAccountForm,
    ValidateSigninForm,
)
from actions.apply import (
    ActionRecommendApplication,
    ActionSubmitApplication,
    ValidateApplyForm,
    ValidateWhichApplicationForm,
)
from actions.basics import ActionHandoff
from actions.link import ActionLinkSsn, ValidateLinkForm
from actions.profile import ActionSaveContact, ActionSaveLegalName, ValidateNameForm
from actions.status import ActionRememberRequest, ActionResumeRequest
from tests.actions.conftest import mail_match, unique
from tests.actions.helpers import buttons, slot_events, texts, tracker
from tests.pii import DOBS, SSNS, dob_variants, record_secret, ssn_variants

pytestmark = pytest.mark.asyncio


# ---------------------------------------------------------------- helpers
async def run(action: Any, trk: Any, domain: dict[str, Any]) -> tuple[dict[str, Any], str,
                                                                       CollectingDispatcher]:
    dispatcher = CollectingDispatcher()
    events = await action.run(dispatcher, trk, domain)
    return slot_events(events), texts(dispatcher), dispatcher


async def create_account(domain: dict[str, Any], backend_url: str) -> tuple[str, str]:
    username = unique("ed")
    email = f"{username}@example.org"
    sender = unique("conv-")
    slots, _, _ = await run(ActionCreateAccount(), tracker(sender, {
        "new_username": username, "new_email": email}), domain)
    assert slots == {"new_username": None, "new_email": None}
    return username, email


async def sign_in(domain: dict[str, Any], backend_url: str, username: str, email: str,
                  sender: str) -> str:
    form = ValidateSigninForm()
    slots, _, _ = await run(form, tracker(sender, {}, text=username, form="signin_form",
                                          requested_slot="signin_username"), domain)
    assert slots["signin_username"] == username
    code = mail_match(backend_url, email, r"\b(\d{6})\b").group(1)
    record_secret("code", code)
    slots, said, _ = await run(form, tracker(sender, {"signin_username": username},
                                             text=code, form="signin_form",
                                             requested_slot="signin_code"), domain)
    assert slots["signin_code"] is None
    assert slots["access_token"]
    assert code not in said
    return str(slots["access_token"])


async def new_signed_in_educator(domain: dict[str, Any], backend_url: str
                                 ) -> tuple[str, str, str]:
    username, email = await create_account(domain, backend_url)
    sender = unique("conv-")
    token = await sign_in(domain, backend_url, username, email, sender)
    return sender, token, username


def no_secret_in(text: str, ssn: str, dob: str) -> None:
    for variant in ssn_variants(ssn) + dob_variants(dob):
        assert variant not in text


# ---------------------------------------------------------------- create account
async def test_new_username_is_checked_for_rules_and_availability(
        backend_url: str, domain: dict[str, Any]) -> None:
    form = ValidateAccountForm()
    sender = unique("conv-")
    slots, said, _ = await run(form, tracker(sender, text="9lives", form="account_form",
                                             requested_slot="new_username"), domain)
    assert slots["new_username"] is None
    assert "Usernames are 4-30 characters" in said

    username, _ = await create_account(domain, backend_url)
    slots, said, disp = await run(form, tracker(sender, text=username, form="account_form",
                                                requested_slot="new_username"), domain)
    assert slots["new_username"] is None
    assert "already taken" in said
    assert "Forgot username" in buttons(disp)

    fresh = unique("new")
    slots, said, _ = await run(form, tracker(sender, text=fresh, form="account_form",
                                             requested_slot="new_username"), domain)
    assert slots["new_username"] == fresh
    assert "available" in said


async def test_password_typed_as_username_is_refused_and_not_echoed(
        backend_url: str, domain: dict[str, Any]) -> None:
    secret = "my password is Hunter22x!"
    slots, said, _ = await run(ValidateAccountForm(), tracker(
        unique("conv-"), text=secret, form="account_form", requested_slot="new_username"),
        domain)
    assert slots["new_username"] is None
    assert "Hunter22x" not in said
    assert "don't type passwords" in said


async def test_invalid_email_is_asked_again(backend_url: str, domain: dict[str, Any]) -> None:
    slots, said, _ = await run(ValidateAccountForm(), tracker(
        unique("conv-"), {"new_username": "someone1"}, text="not an email",
        form="account_form", requested_slot="new_email"), domain)
    assert slots["new_email"] is None
    assert "email address" in said


async def test_create_account_emails_a_set_password_link_and_warns_about_one_username(
        backend_url: str, domain: dict[str, Any]) -> None:
    username = unique("ed")
    email = f"{username}@example.org"
    slots, said, _ = await run(ActionCreateAccount(), tracker(unique("conv-"), {
        "new_username": username, "new_email": email}), domain)
    assert slots == {"new_username": None, "new_email": None}
    assert "link to set your password" in said
    assert "don't create more than one username" in said
    mail_match(backend_url, email, r"/set-password\?token=")


async def test_forgot_username_and_password_answer_neutrally(
        backend_url: str, domain: dict[str, Any]) -> None:
    slots, said, _ = await run(ActionForgotUsername(), tracker(
        unique("conv-"), {"recovery_email": "nobody@example.org"}), domain)
    assert slots == {"recovery_email": None}
    assert said.startswith("If an account uses that email address")
    slots, said, _ = await run(ActionForgotPassword(), tracker(
        unique("conv-"), {"recovery_username": "nobody123"}), domain)
    assert slots == {"recovery_username": None}
    assert said.startswith("If that username exists")


# ---------------------------------------------------------------- sign in
async def test_sign_in_by_emailed_code_keeps_the_token_and_clears_the_code(
        backend_url: str, domain: dict[str, Any]) -> None:
    username, email = await create_account(domain, backend_url)
    token = await sign_in(domain, backend_url, username, email, unique("conv-"))
    r = httpx.get(f"{backend_url}/api/v1/me", headers={"Authorization": f"Bearer {token}"})
    assert r.status_code == 200 and r.json()["username"] == username


async def test_wrong_code_is_refused_without_echo(backend_url: str,
                                                  domain: dict[str, Any]) -> None:
    username, _ = await create_account(domain, backend_url)
    slots, said, _ = await run(ValidateSigninForm(), tracker(
        unique("conv-"), {"signin_username": username}, text="000111", form="signin_form",
        requested_slot="signin_code"), domain)
    assert slots["signin_code"] is None
    assert "access_token" not in slots
    assert "isn't right or has expired" in said
    assert "000111" not in said


async def test_signin_form_asks_nothing_when_already_signed_in(
        backend_url: str, domain: dict[str, Any]) -> None:
    slots, said, _ = await run(ValidateSigninForm(), tracker(
        unique("conv-"), {"access_token": "t", "signin_username": "x1234"}, text="",
        form="signin_form"), domain)
    assert slots.get("requested_slot") is None
    assert said == ""


async def test_sign_out_revokes_and_forgets_the_token(backend_url: str,
                                                      domain: dict[str, Any]) -> None:
    sender, token, username = await new_signed_in_educator(domain, backend_url)
    slots, said, _ = await run(ActionSignOut(), tracker(sender, {
        "access_token": token, "signin_username": username}), domain)
    assert slots == {"access_token": None, "signin_username": None, "signin_code": None}
    assert "signed out" in said
    r = httpx.get(f"{backend_url}/api/v1/me", headers={"Authorization": f"Bearer {token}"})
    assert r.status_code == 401


# ---------------------------------------------------------------- link SSN
async def test_link_form_accepts_ssn_and_date_formats(backend_url: str,
                                                      domain: dict[str, Any]) -> None:
    form = ValidateLinkForm()
    ssn = SSNS[20]
    for typed in ssn_variants(ssn):
        slots, said, _ = await run(form, tracker(unique("conv-"), {"access_token": "t"},
                                                 text=typed, form="link_form",
                                                 requested_slot="ssn"), domain)
        assert slots["ssn"] == ssn
        assert slots["requested_slot"] == "date_of_birth"
        no_secret_in(said, ssn, DOBS[0])
    for typed in ("04/12/1985", "1985-04-12", "April 12 1985", "4/12/1985"):
        slots, said, _ = await run(form, tracker(unique("conv-"), {
            "access_token": "t", "ssn": ssn}, text=typed, form="link_form",
            requested_slot="date_of_birth"), domain)
        assert slots["date_of_birth"] == "1985-04-12"
    slots, said, _ = await run(form, tracker(unique("conv-"), {"access_token": "t"},
                                             text="12345", form="link_form",
                                             requested_slot="ssn"), domain)
    assert slots["ssn"] is None
    assert "doesn't look like a Social Security Number" in said


async def test_faq_question_during_link_form_is_left_to_other_rules(
        backend_url: str, domain: dict[str, Any]) -> None:
    slots, said, _ = await run(ValidateLinkForm(), tracker(
        unique("conv-"), {"access_token": "t"}, text="what is an educator id?", intent="faq",
        form="link_form", requested_slot="ssn"), domain)
    assert "ssn" not in slots  # nothing extracted: the form is rejected, the faq rule answers
    assert said == ""


async def test_link_gives_the_educator_id_and_clears_ssn_and_dob(
        backend_url: str, domain: dict[str, Any]) -> None:
    sender, token, _ = await new_signed_in_educator(domain, backend_url)
    ssn, dob = SSNS[21], DOBS[1]
    slots, said, _ = await run(ActionLinkSsn(), tracker(sender, {
        "access_token": token, "ssn": ssn, "date_of_birth": dob}), domain)
    assert slots == {"ssn": None, "date_of_birth": None}
    me = httpx.get(f"{backend_url}/api/v1/me", headers={"Authorization": f"Bearer {token}"}).json()
    assert me["linked"] is True
    assert f"Your Educator ID is {me['educator_id']}" in said
    assert "instead of your SSN" in said
    no_secret_in(said, ssn, dob)


async def test_same_ssn_from_a_second_account_gets_the_one_username_remedy(
        backend_url: str, domain: dict[str, Any]) -> None:
    ssn, dob = SSNS[22], DOBS[2]
    sender1, token1, _ = await new_signed_in_educator(domain, backend_url)
    await run(ActionLinkSsn(), tracker(sender1, {"access_token": token1, "ssn": ssn,
                                                 "date_of_birth": dob}), domain)
    sender2, token2, _ = await new_signed_in_educator(domain, backend_url)
    slots, said, disp = await run(ActionLinkSsn(), tracker(sender2, {
        "access_token": token2, "ssn": ssn, "date_of_birth": dob}), domain)
    assert slots == {"ssn": None, "date_of_birth": None}
    assert "already linked to another username" in said
    assert "Forgot Username" in said
    assert "do not create another" in said
    assert "Forgot username" in buttons(disp)
    no_secret_in(said, ssn, dob)


async def test_wrong_date_of_birth_gets_a_neutral_answer(backend_url: str,
                                                         domain: dict[str, Any]) -> None:
    ssn = SSNS[23]
    sender1, token1, _ = await new_signed_in_educator(domain, backend_url)
    await run(ActionLinkSsn(), tracker(sender1, {"access_token": token1, "ssn": ssn,
                                                 "date_of_birth": DOBS[3]}), domain)
    sender2, token2, _ = await new_signed_in_educator(domain, backend_url)
    slots, said, _ = await run(ActionLinkSsn(), tracker(sender2, {
        "access_token": token2, "ssn": ssn, "date_of_birth": DOBS[4]}), domain)
    assert slots == {"ssn": None, "date_of_birth": None}
    # Neutral: identity_not_verified, or (if the backend checks ownership first) the remedy.
    assert ("couldn't verify those details" in said
            or "already linked to another username" in said)
    no_secret_in(said, ssn, DOBS[4])


async def test_link_with_backend_down_says_so_and_keeps_the_answers(
        backend_url: str, domain: dict[str, Any], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BACKEND_URL", "http://127.0.0.1:9")
    slots, said, _ = await run(ActionLinkSsn(), tracker(unique("conv-"), {
        "access_token": "t", "ssn": SSNS[24], "date_of_birth": DOBS[0]}), domain)
    assert slots == {}  # nothing cleared: a retry needs no retyping
    assert "isn't answering right now" in said
    no_secret_in(said, SSNS[24], DOBS[0])


async def test_status_with_backend_down_keeps_the_conversation_alive(
        backend_url: str, domain: dict[str, Any], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BACKEND_URL", "http://127.0.0.1:9")
    slots, said, _ = await run(ActionResumeRequest(), tracker(unique("conv-"), {
        "access_token": "t", "pending_request": "check_application_status"}), domain)
    assert slots == {"pending_request": None}
    assert "isn't answering right now" in said


# ---------------------------------------------------------------- profile
async def test_legal_name_is_saved_and_later_changes_point_to_the_form(
        backend_url: str, domain: dict[str, Any]) -> None:
    sender, token, _ = await new_signed_in_educator(domain, backend_url)
    await run(ActionLinkSsn(), tracker(sender, {"access_token": token, "ssn": SSNS[25],
                                                "date_of_birth": DOBS[5]}), domain)
    form = ValidateNameForm()
    slots, _, _ = await run(form, tracker(sender, {"access_token": token}, text="skip",
                                          form="name_form", requested_slot="middle_name"),
                            domain)
    assert slots["middle_name"] == "none"
    slots, said, _ = await run(ActionSaveLegalName(), tracker(sender, {
        "access_token": token, "first_name": "Maria", "middle_name": "none",
        "last_name": "Lopez"}), domain)
    assert slots == {"first_name": None, "middle_name": None, "last_name": None}
    assert "Saved your legal name: Maria Lopez." in said
    slots, said, _ = await run(ActionSaveLegalName(), tracker(sender, {
        "access_token": token, "first_name": "Mary", "middle_name": "none",
        "last_name": "Lopez"}), domain)
    assert "Update Personal/Education Information Form" in said
    assert "P.O. Box 480, Jefferson City, MO 65102" in said


async def test_contact_info_is_saved_and_shown(backend_url: str,
                                               domain: dict[str, Any]) -> None:
    sender, token, _ = await new_signed_in_educator(domain, backend_url)
    await run(ActionLinkSsn(), tracker(sender, {"access_token": token, "ssn": SSNS[26],
                                                "date_of_birth": DOBS[0]}), domain)
    slots, said, _ = await run(ActionSaveContact(), tracker(sender, {
        "access_token": token, "contact_email": "new.mail@example.org",
        "contact_phone": "573-555-0142",
        "contact_address": "12 Main St, Jefferson City, MO 65101"}), domain)
    assert slots == {"contact_email": None, "contact_phone": None, "contact_address": None}
    assert "all correspondence" in said.lower()
    slots, said, _ = await run(ActionResumeRequest(), tracker(sender, {
        "access_token": token, "pending_request": "view_contact"}), domain)
    assert "new.mail@example.org" in said
    assert "Jefferson City" in said


# ---------------------------------------------------------------- apply and status
async def test_apply_conduct_questions_sworn_statement_submit_and_status(
        backend_url: str, domain: dict[str, Any]) -> None:
    sender, token, _ = await new_signed_in_educator(domain, backend_url)
    await run(ActionLinkSsn(), tracker(sender, {
        "access_token": token, "ssn": SSNS[27], "date_of_birth": DOBS[1]}), domain)
    form = ValidateApplyForm()
    base: dict[str, Any] = {"access_token": token}
    slots, said, _ = await run(form, tracker(sender, base, text="Substitute", form="apply_form",
                                             requested_slot="application_type"), domain)
    assert slots["application_type"] == "substitute"
    assert slots["requested_slot"] == "conduct_step"
    base.update({k: slots[k] for k in ("application_type", "application_id", "conduct_index",
                                       "conduct_pending_yes")})
    questions = httpx.get(f"{backend_url}/api/v1/conduct-questions").json()["questions"]
    for i in range(len(questions)):
        if i == 1:
            slots, _, _ = await run(form, tracker(sender, base, text="/affirm", intent="affirm",
                                                  form="apply_form",
                                                  requested_slot="conduct_step"), domain)
            assert slots["conduct_pending_yes"] is True and slots["conduct_step"] is None
            base["conduct_pending_yes"] = True
            slots, _, _ = await run(form, tracker(
                sender, base, text="A certificate lapsed in 2015 for unpaid renewal fees.",
                form="apply_form", requested_slot="conduct_step"), domain)
        else:
            slots, _, _ = await run(form, tracker(sender, base, text="/deny", intent="deny",
                                                  form="apply_form",
                                                  requested_slot="conduct_step"), domain)
        assert slots["conduct_index"] == float(i + 1)
        base.update({"conduct_index": slots["conduct_index"], "conduct_pending_yes": False})
    assert slots["conduct_step"] == "done"
    assert slots["requested_slot"] == "sworn_statement"
    base["conduct_step"] = "done"
    slots, said, _ = await run(form, tracker(sender, base, text="ok", intent="affirm",
                                             form="apply_form",
                                             requested_slot="sworn_statement"), domain)
    assert slots["sworn_statement"] is None
    assert "I accept" in said
    slots, _, _ = await run(form, tracker(sender, base, text="I accept", intent="affirm",
                                          form="apply_form", requested_slot="sworn_statement"),
                            domain)
    assert slots["sworn_statement"] == "accepted"
    assert slots["requested_slot"] is None
    base["sworn_statement"] = "accepted"
    slots, said, _ = await run(ActionSubmitApplication(), tracker(sender, base), domain)
    assert slots["application_id"] is None
    assert "submitted" in said
    assert "Educator Certification, P.O. Box 480, Jefferson City, MO 65102" in said
    assert "pop-ups" in said
    apps = httpx.get(f"{backend_url}/api/v1/me/applications",
                     headers={"Authorization": f"Bearer {token}"}).json()["applications"]
    assert apps[0]["status"] == "submitted"
    slots, said, _ = await run(ActionResumeRequest(), tracker(sender, {
        "access_token": token, "pending_request": "check_application_status"}), domain)
    assert "Substitute" in said and "submitted" in said and "Memo" in said


async def test_apply_without_a_linked_record_stops_the_form(
        backend_url: str, domain: dict[str, Any]) -> None:
    sender, token, _ = await new_signed_in_educator(domain, backend_url)
    slots, said, _ = await run(ValidateApplyForm(), tracker(
        sender, {"access_token": token}, text="Substitute", form="apply_form",
        requested_slot="application_type"), domain)
    assert slots["apply_blocked"] is True
    assert slots["requested_slot"] is None
    assert "link" in said.lower()


@pytest.mark.parametrize("request_name, expected", [
    ("check_background_status", "Background clearance"),
    ("check_education_status", "No colleges are on file"),
    ("check_assessments", "No assessment scores"),
    ("check_certificate_status", "no certificates"),
    ("request_access", "You now have access"),
])
async def test_each_status_request_resumes_after_sign_in(
        backend_url: str, domain: dict[str, Any], request_name: str, expected: str) -> None:
    sender, token, _ = await new_signed_in_educator(domain, backend_url)
    await run(ActionLinkSsn(), tracker(sender, {
        "access_token": token, "ssn": SSNS[28 + ["check_background_status",
                                                   "check_education_status",
                                                   "check_assessments",
                                                   "check_certificate_status",
                                                   "request_access"].index(request_name)],
        "date_of_birth": DOBS[2]}), domain)
    slots, _, _ = await run(ActionRememberRequest(), tracker(sender, {}, intent=request_name),
                            domain)
    assert slots == {"pending_request": request_name}
    slots, said, _ = await run(ActionResumeRequest(), tracker(sender, {
        "access_token": token, "pending_request": request_name}), domain)
    assert slots == {"pending_request": None}
    assert expected in said


async def test_a_signed_in_status_check_is_answered_at_once_then_listens(
        backend_url: str, domain: dict[str, Any]) -> None:
    sender, token, _ = await new_signed_in_educator(domain, backend_url)
    await run(ActionLinkSsn(), tracker(sender, {
        "access_token": token, "ssn": SSNS[33], "date_of_birth": DOBS[2]}), domain)
    dispatcher = CollectingDispatcher()
    events = await ActionRememberRequest().run(dispatcher, tracker(
        sender, {"access_token": token}, intent="check_certificate_status"), domain)
    # No sign-in form and no resume step: the answer, then the bot listens.
    assert slot_events(events) == {"pending_request": None}
    assert events[-1] == {"event": "followup", "name": "action_listen", "timestamp": None}
    assert "certificate" in texts(dispatcher).lower()
    assert "sign in" not in texts(dispatcher).lower()


async def test_a_signed_in_check_with_an_expired_token_signs_out_and_says_so(
        backend_url: str, domain: dict[str, Any]) -> None:
    dispatcher = CollectingDispatcher()
    events = await ActionRememberRequest().run(dispatcher, tracker(
        unique("conv-"), {"access_token": "not-a-real-token"}, intent="check_assessments"),
        domain)
    assert slot_events(events)["access_token"] is None
    assert "sign in again" in texts(dispatcher)
    assert events[-1]["name"] == "action_listen"


async def test_status_without_sign_in_asks_to_sign_in_first(
        backend_url: str, domain: dict[str, Any]) -> None:
    slots, said, _ = await run(ActionRememberRequest(), tracker(
        unique("conv-"), {}, intent="check_certificate_status"), domain)
    assert slots == {"pending_request": "check_certificate_status"}
    assert "sign in" in said


async def test_expired_token_asks_to_sign_in_again(backend_url: str,
                                                  domain: dict[str, Any]) -> None:
    slots, said, _ = await run(ActionResumeRequest(), tracker(unique("conv-"), {
        "access_token": "not-a-real-token", "pending_request": "check_assessments"}), domain)
    assert slots["access_token"] is None
    assert "sign in again" in said


# ---------------------------------------------------------------- which application, handoff
@pytest.mark.parametrize("answers, expected", [
    ({"wa_holds_cert": "yes", "wa_goal": "upgrade", "wa_expiry": "window"}, "Upgrade"),
    ({"wa_holds_cert": "yes", "wa_goal": "administrator"}, "Administrator"),
    ({"wa_holds_cert": "no", "wa_prep": "mo_program"}, "Initial Professional"),
    ({"wa_holds_cert": "no", "wa_prep": "other_state"}, "Non-MO Graduate"),
    ({"wa_holds_cert": "no", "wa_prep": "none", "wa_path": "substitute"}, "Substitute"),
    ({"wa_holds_cert": "no", "wa_prep": "none", "wa_path": "tac"}, "TAC"),
])
async def test_which_application_recommends_a_type_with_a_reason(
        domain: dict[str, Any], answers: dict[str, str], expected: str) -> None:
    slots, said, _ = await run(ActionRecommendApplication(), tracker("c", answers), domain)
    assert f"I recommend the {expected}" in said or expected in said
    assert "because" in said
    assert all(v is None for v in slots.values())


async def test_which_application_asks_follow_up_questions_from_buttons(
        domain: dict[str, Any]) -> None:
    form = ValidateWhichApplicationForm()
    slots, _, _ = await run(form, tracker("c", {}, text="/affirm", intent="affirm",
                                          form="which_application_form",
                                          requested_slot="wa_holds_cert"), domain)
    assert slots == {"wa_holds_cert": "yes", "requested_slot": "wa_goal"}
    slots, _, _ = await run(form, tracker("c", {"wa_holds_cert": "yes"},
                                          text="Upgrade my current certificate",
                                          form="which_application_form",
                                          requested_slot="wa_goal"), domain)
    assert slots == {"wa_goal": "upgrade", "requested_slot": "wa_expiry"}


async def test_handoff_is_recorded_for_the_help_desk(backend_url: str,
                                                    domain: dict[str, Any]) -> None:
    sender = unique("conv-")
    slots, said, _ = await run(ActionHandoff(), tracker(sender, {}, intent="human_handoff",
                                                        channel="socketio"), domain)
    assert slots == {}
    assert "help desk" in said and "Your reference is" in said
