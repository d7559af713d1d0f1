"""Custom actions and form validators against a real backend.

Each test drives an action with a real rasa_sdk Tracker and CollectingDispatcher and
asserts the returned events and the messages sent. SSNs come from tests.typed_secrets (indices
20-39, reserved for this suite); one-time codes read from the dev outbox are recorded.
The tracker's message is parsed as `nlu_fallback` unless a test says otherwise: that is
what the model makes of a bare answer it cannot place, so the forms must not need it.
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
    ValidateAccountForm,
    ValidateSigninForm,
    sign_out,
)
from actions.apply import (
    ActionAskApplyReview,
    ActionRecommendApplication,
    ActionSubmitApplication,
    ValidateApplyForm,
    ValidateWhichApplicationForm,
)
from actions.link import ActionLinkSsn, ValidateLinkForm
from actions.profile import (
    ActionAddCollege,
    ActionSaveContact,
    ActionSaveLegalName,
    ValidateContactForm,
    ValidateNameForm,
)
from actions.router import ActionRoute
from actions.status import ActionResumeRequest
from tests.integration.actions.conftest import mail_match, unique
from tests.integration.actions.helpers import buttons, slot_events, texts, tracker
from tests.typed_secrets import DOBS, SSNS, dob_variants, record_secret, ssn_variants

pytestmark = pytest.mark.asyncio


# ---------------------------------------------------------------- helpers
async def run(action: Any, trk: Any, domain: dict[str, Any]) -> tuple[dict[str, Any], str,
                                                                       CollectingDispatcher]:
    dispatcher = CollectingDispatcher()
    events = await action.run(dispatcher, trk, domain)
    return slot_events(events), texts(dispatcher), dispatcher


async def run_events(action: Any, trk: Any, domain: dict[str, Any]
                     ) -> tuple[list[dict[str, Any]], str, CollectingDispatcher]:
    dispatcher = CollectingDispatcher()
    events = await action.run(dispatcher, trk, domain)
    return events, texts(dispatcher), dispatcher


def cleared(slots: dict[str, Any], *names: str) -> None:
    for name in names:
        assert name in slots and slots[name] is None, name


def followup(events: list[dict[str, Any]]) -> str | None:
    return next((e["name"] for e in events if e.get("event") == "followup"), None)


async def create_account(domain: dict[str, Any], backend_url: str) -> tuple[str, str]:
    username = unique("ed")
    email = f"{username}@example.org"
    sender = unique("conv-")
    slots, _, _ = await run(ActionCreateAccount(), tracker(sender, {
        "new_username": username, "new_email": email}), domain)
    cleared(slots, "new_username", "new_email")
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


async def new_linked_educator(domain: dict[str, Any], backend_url: str, ssn: str,
                              dob: str = DOBS[0]) -> tuple[str, str, str]:
    sender, token, username = await new_signed_in_educator(domain, backend_url)
    slots, said, _ = await run(ActionLinkSsn(), tracker(sender, {
        "access_token": token, "ssn": ssn, "date_of_birth": dob}), domain)
    assert "now linked" in said, said
    return sender, token, username


def no_secret_in(text: str, ssn: str, dob: str) -> None:
    for variant in ssn_variants(ssn) + dob_variants(dob):
        assert variant not in text


def no_template_leak(text: str) -> None:
    for leak in ("None", "null", "{", "}", "__invalid__"):
        assert leak not in text, f"{leak!r} in {text!r}"


_shared: dict[str, tuple[str, str]] = {}


async def shared_linked_educator(domain: dict[str, Any], backend_url: str) -> tuple[str, str]:
    """One linked educator (SSNS[35]) for the tests that only read records: a fresh
    conversation id, the same token."""
    if "linked" not in _shared:
        _, token, username = await new_linked_educator(domain, backend_url, SSNS[35])
        _shared["linked"] = (token, username)
    return unique("conv-"), _shared["linked"][0]


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
        unique("conv-"), {"new_username": "someone1"}, text="name at example dot org",
        form="account_form", requested_slot="new_email"), domain)
    assert slots["new_email"] is None
    assert "email address" in said


async def test_create_account_emails_a_set_password_link_and_warns_about_one_username(
        backend_url: str, domain: dict[str, Any]) -> None:
    username = unique("ed")
    email = f"{username}@example.org"
    slots, said, _ = await run(ActionCreateAccount(), tracker(unique("conv-"), {
        "new_username": username, "new_email": email}), domain)
    cleared(slots, "new_username", "new_email")
    assert "link to set your password" in said
    assert "don't create more than one username" in said
    mail_match(backend_url, email, r"/set-password\?token=")


async def test_an_email_already_on_an_account_gets_its_username_not_a_second_account(
        backend_url: str, domain: dict[str, Any]) -> None:
    first, email = await create_account(domain, backend_url)
    second = unique("ed")
    slots, said, _ = await run(ActionCreateAccount(), tracker(unique("conv-"), {
        "new_username": second, "new_email": email.upper()}), domain)
    cleared(slots, "new_username", "new_email")
    assert "already on a certification account" in said and "didn't create another" in said
    assert "is created" not in said and first not in said
    # The username is mailed to the address, where its owner reads it.
    mail_match(backend_url, email, rf"\b{first}\b")


async def test_a_signed_in_linked_educator_gets_the_rule_not_a_second_account(
        backend_url: str, domain: dict[str, Any]) -> None:
    sender, token, username = await new_linked_educator(domain, backend_url, SSNS[20])
    events, said, disp = await run_events(ActionRoute(), tracker(
        sender, {"access_token": token}, text="create an account", intent="create_account"),
        domain)
    assert followup(events) is None  # no account form
    assert "one username per person" in said
    assert username in said and "Educator ID" in said
    assert {"Change my email", "Reset my password", "Talk to a person"} <= set(buttons(disp))


async def test_creating_an_account_starts_by_saying_what_happens_and_why(
        backend_url: str, domain: dict[str, Any]) -> None:
    events, said, _ = await run_events(ActionRoute(), tracker(
        unique("conv-"), text="i need to make an account", intent="create_account"), domain)
    assert followup(events) == "account_form"
    intro = slot_events(events)["flow_intro"]
    assert "email you a link to set your password" in intro
    assert "One username per person" in intro


async def test_forgot_username_and_password_answer_neutrally(
        backend_url: str, domain: dict[str, Any]) -> None:
    slots, said, _ = await run(ActionForgotUsername(), tracker(
        unique("conv-"), {"recovery_email": "nobody@example.org"}), domain)
    cleared(slots, "recovery_email")
    assert said.startswith("If an account uses that email address")
    slots, said, _ = await run(ActionForgotPassword(), tracker(
        unique("conv-"), {"recovery_username": "nobody123"}), domain)
    cleared(slots, "recovery_username")
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


async def test_a_greeting_word_is_not_taken_for_a_username(
        backend_url: str, domain: dict[str, Any]) -> None:
    slots, said, _ = await run(ValidateSigninForm(), tracker(
        unique("conv-"), text="thanks", intent="thanks", form="signin_form",
        requested_slot="signin_username"), domain)
    assert "signin_username" not in slots or slots["signin_username"] is None
    assert slots["requested_slot"] == "signin_username"
    assert "emailed" not in said


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
    dispatcher = CollectingDispatcher()
    events = await sign_out(tracker(sender, {"access_token": token,
                                             "signin_username": username}), dispatcher)
    slots = slot_events(events)
    cleared(slots, "access_token", "signin_username", "signin_code")
    assert "signed out" in texts(dispatcher)
    r = httpx.get(f"{backend_url}/api/v1/me", headers={"Authorization": f"Bearer {token}"})
    assert r.status_code == 401


# ---------------------------------------------------------------- link SSN
async def test_link_form_accepts_ssn_and_date_formats(backend_url: str,
                                                      domain: dict[str, Any]) -> None:
    form = ValidateLinkForm()
    ssn = SSNS[21]
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


async def test_a_question_during_the_link_form_is_answered_and_the_form_asks_again(
        backend_url: str, domain: dict[str, Any]) -> None:
    slots, said, _ = await run(ValidateLinkForm(), tracker(
        unique("conv-"), {"access_token": "t"}, text="what is an educator id?", intent="faq",
        faq="educator_id", form="link_form", requested_slot="ssn"), domain)
    assert "ssn" not in slots
    assert slots["requested_slot"] == "ssn"
    assert slots["flow_interrupted"] == "faq"


async def test_asking_why_the_ssn_is_needed_gets_the_reason(
        backend_url: str, domain: dict[str, Any]) -> None:
    slots, said, _ = await run(ValidateLinkForm(), tracker(
        unique("conv-"), {"access_token": "t"}, text="why do you need my ssn?",
        intent="faq", faq="ssn_already_linked", form="link_form", requested_slot="ssn"),
        domain)
    assert slots["requested_slot"] == "ssn"
    assert "finds your educator record" in said


async def test_link_gives_the_educator_id_and_clears_ssn_and_dob(
        backend_url: str, domain: dict[str, Any]) -> None:
    sender, token, _ = await new_signed_in_educator(domain, backend_url)
    ssn, dob = SSNS[22], DOBS[1]
    slots, said, _ = await run(ActionLinkSsn(), tracker(sender, {
        "access_token": token, "ssn": ssn, "date_of_birth": dob}), domain)
    cleared(slots, "ssn", "date_of_birth")
    me = httpx.get(f"{backend_url}/api/v1/me", headers={"Authorization": f"Bearer {token}"}).json()
    assert me["linked"] is True
    assert f"Your Educator ID is {me['educator_id']}" in said
    assert "instead of your SSN" in said
    assert "P.O. Box 480" in said  # the mailing address, served by the backend
    no_secret_in(said, ssn, dob)


async def test_same_ssn_from_a_second_account_gets_the_one_username_remedy(
        backend_url: str, domain: dict[str, Any]) -> None:
    ssn, dob = SSNS[23], DOBS[2]
    await new_linked_educator(domain, backend_url, ssn, dob)
    sender2, token2, _ = await new_signed_in_educator(domain, backend_url)
    slots, said, disp = await run(ActionLinkSsn(), tracker(sender2, {
        "access_token": token2, "ssn": ssn, "date_of_birth": dob}), domain)
    cleared(slots, "ssn", "date_of_birth")
    assert "already linked to another username" in said
    assert "Forgot Username" in said
    assert "do not create another" in said
    assert "Forgot username" in buttons(disp)
    no_secret_in(said, ssn, dob)


async def test_wrong_date_of_birth_gets_a_neutral_answer(backend_url: str,
                                                         domain: dict[str, Any]) -> None:
    ssn = SSNS[24]
    await new_linked_educator(domain, backend_url, ssn, DOBS[3])
    sender2, token2, _ = await new_signed_in_educator(domain, backend_url)
    slots, said, _ = await run(ActionLinkSsn(), tracker(sender2, {
        "access_token": token2, "ssn": ssn, "date_of_birth": DOBS[4]}), domain)
    cleared(slots, "ssn", "date_of_birth")
    # Neutral: identity_not_verified, or (if the backend checks ownership first) the remedy.
    assert ("couldn't verify those details" in said
            or "already linked to another username" in said)
    no_secret_in(said, ssn, DOBS[4])


async def test_link_with_backend_down_says_so_and_forgets_the_answers(
        backend_url: str, domain: dict[str, Any], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BACKEND_URL", "http://127.0.0.1:9")
    slots, said, _ = await run(ActionLinkSsn(), tracker(unique("conv-"), {
        "access_token": "t", "ssn": SSNS[25], "date_of_birth": DOBS[0]}), domain)
    cleared(slots, "ssn", "date_of_birth")  # never kept longer than one call
    assert "isn't answering right now" in said
    no_secret_in(said, SSNS[25], DOBS[0])


async def test_link_for_an_already_linked_account_gives_the_educator_id(
        backend_url: str, domain: dict[str, Any]) -> None:
    sender, token, _ = await new_linked_educator(domain, backend_url, SSNS[26])
    events, said, _ = await run_events(ActionRoute(), tracker(
        sender, {"access_token": token}, text="link my ssn", intent="link_ssn"), domain)
    assert followup(events) is None
    assert "already linked" in said and "Educator ID" in said


async def test_status_with_backend_down_keeps_the_conversation_alive(
        backend_url: str, domain: dict[str, Any], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BACKEND_URL", "http://127.0.0.1:9")
    slots, said, _ = await run(ActionResumeRequest(), tracker(unique("conv-"), {
        "access_token": "t", "pending_request": "check_application_status"}), domain)
    cleared(slots, "pending_request")
    assert "isn't answering right now" in said


# ---------------------------------------------------------------- profile
async def test_legal_name_is_saved_and_later_changes_point_to_the_form(
        backend_url: str, domain: dict[str, Any]) -> None:
    sender, token, _ = await new_linked_educator(domain, backend_url, SSNS[27], DOBS[5])
    form = ValidateNameForm()
    slots, _, _ = await run(form, tracker(sender, {"access_token": token}, text="skip",
                                          form="name_form", requested_slot="middle_name"),
                            domain)
    assert slots["middle_name"] == "none"
    slots, _, _ = await run(form, tracker(sender, {"access_token": token},
                                          text="my first name is Maria", form="name_form",
                                          requested_slot="first_name"), domain)
    assert slots["first_name"] == "Maria"
    slots, said, _ = await run(ActionSaveLegalName(), tracker(sender, {
        "access_token": token, "first_name": "Maria", "middle_name": "none",
        "last_name": "Lopez"}), domain)
    cleared(slots, "first_name", "middle_name", "last_name")
    assert "Saved your legal name: Maria Lopez." in said
    slots, said, disp = await run(ActionSaveLegalName(), tracker(sender, {
        "access_token": token, "first_name": "Mary", "middle_name": "none",
        "last_name": "Lopez"}), domain)
    assert "Update Personal/Education Information Form" in said
    assert "How do I change it?" in buttons(disp)


async def test_changing_a_phone_number_takes_the_field_and_the_value_from_one_message(
        backend_url: str, domain: dict[str, Any]) -> None:
    sender, token, _ = await new_linked_educator(domain, backend_url, SSNS[28])
    events, _, _ = await run_events(ActionRoute(), tracker(
        sender, {"access_token": token}, text="update my phone number to 573-555-0142",
        intent="edit_contact"), domain)
    assert followup(events) == "contact_form"
    assert slot_events(events)["contact_field"] == "phone"
    # The form starts with the router's slot set after the message, as Rasa runs it.
    trk = tracker(sender, {"access_token": token, "contact_field": "phone"},
                  text="update my phone number to 573-555-0142", intent="edit_contact")
    trk.events.append({"event": "slot", "name": "contact_field", "value": "phone"})
    slots, _, _ = await run(ValidateContactForm(), trk, domain)
    assert slots["contact_value"] == "573-555-0142"
    slots, said, _ = await run(ActionSaveContact(), tracker(sender, {
        "access_token": token, "contact_field": "phone", "contact_value": "573-555-0142"}),
        domain)
    cleared(slots, "contact_field", "contact_value")
    assert "573-555-0142" in said
    profile = httpx.get(f"{backend_url}/api/v1/me/profile",
                        headers={"Authorization": f"Bearer {token}"}).json()
    assert profile["contact"]["mobile_phone"] == "573-555-0142"
    slots, said, _ = await run(ActionResumeRequest(), tracker(sender, {
        "access_token": token, "pending_request": "view_contact"}), domain)
    assert "573-555-0142" in said
    no_template_leak(said)


async def test_an_added_college_shows_without_empty_fields(
        backend_url: str, domain: dict[str, Any]) -> None:
    sender, token, _ = await new_linked_educator(domain, backend_url, SSNS[29])
    slots, said, _ = await run(ActionAddCollege(), tracker(sender, {
        "access_token": token, "college_name": "Lincoln University",
        "college_city": "Jefferson City", "college_state": "MO"}), domain)
    assert "Added Lincoln University (Jefferson City, MO)" in said
    slots, said, _ = await run(ActionResumeRequest(), tracker(sender, {
        "access_token": token, "pending_request": "check_education_status"}), domain)
    assert "- Lincoln University (Jefferson City, MO)" in said
    no_template_leak(said)


async def test_an_application_offered_before_the_sign_in_starts_after_it(
        backend_url: str, domain: dict[str, Any]) -> None:
    sender, token = await shared_linked_educator(domain, backend_url)
    events, _, _ = await run_events(ActionResumeRequest(), tracker(sender, {
        "access_token": token, "pending_request": "apply:substitute"},
        text="212969"), domain)
    assert slot_events(events)["switch_to"] == "apply:substitute"
    assert followup(events) == "action_route"


# ---------------------------------------------------------------- apply
async def answer(form: ValidateApplyForm, sender: str, base: dict[str, Any], text: str,
                 domain: dict[str, Any], **kw: Any) -> tuple[dict[str, Any], str]:
    slots, said, _ = await run(form, tracker(sender, base, text=text, form="apply_form",
                                             requested_slot=base.get("requested_slot"), **kw),
                               domain)
    base.update(slots)
    return slots, said


async def test_apply_conduct_questions_explanation_review_change_and_submit(
        backend_url: str, domain: dict[str, Any]) -> None:
    sender, token, _ = await new_linked_educator(domain, backend_url, SSNS[30])
    form = ValidateApplyForm()
    base: dict[str, Any] = {"access_token": token, "requested_slot": "application_type"}
    slots, said = await answer(form, sender, base, "the substitute one", domain)
    assert slots["application_type"] == "substitute"
    assert slots["requested_slot"] == "conduct_step"
    assert "I've started your Substitute application" in said
    questions = httpx.get(f"{backend_url}/api/v1/conduct-questions").json()["questions"]
    # A question with an answer of its own at a conduct question, read unsure: answered, the
    # question asked again, nothing saved
    slots, said, disp = await run(form, tracker(
        sender, base, text="wait sorry before I answer, my program said I need to send my "
        "transcripts to the state too. where do they go?? can I just email a pdf",
        form="apply_form", requested_slot="conduct_step", intent="faq", faq="mail_transcripts",
        confidence=0.46), domain)
    assert [m.get("response") for m in disp.messages if m.get("response")] == \
        ["utter_faq_mail_transcripts"]
    assert "Please answer Yes or No." in said and slots.get("conduct_step") is None
    # The application's type named again ("Substitute, please.") at a conduct question: which
    # application this is, and nothing saved
    slots, said, _ = await run(form, tracker(
        sender, base, text="Substitute, please.", form="apply_form",
        requested_slot="conduct_step", intent="nlu_fallback", confidence=0.3), domain)
    assert "We're on your Substitute application's Professional Conduct questions." in said
    assert slots.get("conduct_step") is None and base.get("conduct_index") in (None, 0, 0.0)
    slots, said, _ = await run(form, tracker(
        sender, base, text="ugh i thought i submitted it. ok lets finish it", form="apply_form",
        requested_slot="conduct_step", intent="nlu_fallback", confidence=0.3), domain)
    assert "We're on your Substitute application's" in said and slots.get("conduct_step") is None
    slots, _ = await answer(form, sender, base, "no", domain)
    assert base["conduct_index"] == 1.0
    slots, _ = await answer(form, sender, base, "/affirm", domain, intent="affirm",
                            confidence=1.0)
    assert base["conduct_pending_yes"] is True and base["requested_slot"] == "conduct_step"
    # The explanation is taken as it is, even when the model reads it as a question.
    slots, said = await answer(form, sender, base,
                               "Pending speeding-related court date in Kansas", domain,
                               intent="faq", faq="processing_time", confidence=0.9)
    assert "saved your explanation" in said
    assert base["conduct_index"] == 2.0 and base["conduct_pending_yes"] is False
    for _ in range(len(questions) - 2):
        await answer(form, sender, base, "no", domain)
    assert base["conduct_step"] == "done" and base["requested_slot"] == "sworn_statement"
    slots, said = await answer(form, sender, base, "sure", domain)
    assert base["sworn_statement"] is None and "I accept" in said
    await answer(form, sender, base, "I accept", domain)
    assert base["sworn_statement"] == "accepted" and base["requested_slot"] == "apply_review"
    review_events, review, _ = await run_events(ActionAskApplyReview(), tracker(sender, base),
                                                domain)
    assert '2. Yes: "Pending speeding-related court date in Kansas"' in review
    assert "Sworn Statement: accepted" in review
    base["apply_reviewing"] = True
    slots, _ = await answer(form, sender, base, "change my answer to question 3", domain)
    assert base["requested_slot"] == "conduct_step" and base["conduct_index"] == 2.0
    await answer(form, sender, base, "yes", domain)
    await answer(form, sender, base, "I have a court date in Callaway County next month",
                 domain)
    assert base["requested_slot"] == "apply_review"
    # A question with an answer of its own, asked at the review, gets that answer (not what
    # signing means), and the review waits: what to mail is this application's checklist
    def responses(disp: CollectingDispatcher) -> list[str]:
        return [str(m.get("response")) for m in disp.messages if m.get("response")]

    slots, said, disp = await run(form, tracker(
        sender, base, text="What do I still need to mail, and where does it go?",
        form="apply_form", requested_slot="apply_review", intent="faq", faq="mail_documents",
        confidence=0.49), domain)
    assert responses(disp) == [] and "Say \"submit\"" in said
    assert "Once your Substitute application is submitted, mail these" in said
    assert "36 semester hours" in said and "P.O. Box 480" in said
    assert slots.get("apply_review") is None
    slots, said, disp = await run(form, tracker(
        sender, base, text="are they actually going to contact arkansas about it?",
        form="apply_form", requested_slot="apply_review"), domain)
    assert responses(disp) == ["utter_faq_sworn_statement"]
    # "is it done??" at the review: not yet (nothing is submitted by the question), and the
    # other question of the message is answered
    slots, said, disp = await run(form, tracker(
        sender, base, text="is it done?? also how much do i owe for it", form="apply_form",
        requested_slot="apply_review", intent="faq", faq="fees", confidence=0.8), domain)
    assert said.startswith("Not yet") and responses(disp) == ["utter_faq_fees"]
    assert slots.get("apply_review") is None
    slots, said, disp = await run(form, tracker(
        sender, base, text="sweet. is there anything else i have to do or am i done??",
        form="apply_form", requested_slot="apply_review", intent="check_status",
        confidence=0.6), domain)
    assert said.startswith("Not yet") and "documents to mail" in said
    assert slots.get("apply_review") is None
    # (w77) "Hold on, don't submit yet ... Keep it as a draft." holds: nothing submitted, the
    # form ends with the draft kept, and saying so
    for text in ("Hold on, don't submit yet. I want my program director to look it over "
                 "first. Keep it as a draft.", "not yet", "please keep it as a draft for now"):
        slots, said, _ = await run(form, tracker(
            sender, base, text=text, form="apply_form", requested_slot="apply_review",
            intent="apply", confidence=0.7), domain)
        assert slots.get("flow_stopped") == "held" and slots.get("apply_review") is None
        assert slots["requested_slot"] is None
    slots, said, _ = await run(ActionSubmitApplication(), tracker(
        sender, {**base, "flow_stopped": "held"}), domain)
    assert "haven't submitted it" in said and "draft" in said
    assert slots.get("application_id", "kept") is None  # the flow's slots are cleared
    apps = httpx.get(f"{backend_url}/api/v1/me/applications",
                     headers={"Authorization": f"Bearer {token}"}).json()["applications"]
    assert apps[0]["status"] == "draft"
    slots, _ = await answer(form, sender, base, "ok submit it", domain)
    assert base["apply_review"] == "confirmed" and base["requested_slot"] is None
    slots, said, _ = await run(ActionSubmitApplication(), tracker(sender, base), domain)
    cleared(slots, "application_id", "conduct_index", "apply_review")
    assert "submitted" in said
    assert "Educator Certification, P.O. Box 480, Jefferson City, MO 65102" in said
    assert "pop-ups" in said
    apps = httpx.get(f"{backend_url}/api/v1/me/applications",
                     headers={"Authorization": f"Bearer {token}"}).json()["applications"]
    assert apps[0]["status"] == "submitted"
    answers = {a["question_id"]: a for a in apps[0]["conduct_answers"]}
    assert answers[questions[1]["id"]]["explanation"] == \
        "Pending speeding-related court date in Kansas"
    assert "Callaway" in answers[questions[2]["id"]]["explanation"]
    slots, said, _ = await run(ActionResumeRequest(), tracker(sender, {
        "access_token": token, "pending_request": "check_application_status"}), domain)
    assert "Substitute" in said and "Memo" in said


async def test_stopping_keeps_the_draft_and_applying_again_continues_it(
        backend_url: str, domain: dict[str, Any]) -> None:
    sender, token, _ = await new_linked_educator(domain, backend_url, SSNS[31])
    form = ValidateApplyForm()
    base: dict[str, Any] = {"access_token": token, "requested_slot": "application_type"}
    await answer(form, sender, base, "Substitute", domain)
    await answer(form, sender, base, "no", domain)
    slots, _ = await answer(form, sender, base, "stop", domain)
    assert slots["flow_stopped"] == "stop" and slots["requested_slot"] is None
    slots, said, _ = await run(ActionSubmitApplication(), tracker(sender, base), domain)
    assert "Your draft is saved" in said
    # Applying again, no type named: the draft is found and continued at question 2.
    slots, said, _ = await run(form, tracker(sender, {"access_token": token}, text="apply",
                                             intent="apply", form=None), domain)
    assert "1 of 5 Professional Conduct questions answered" in said
    assert slots["application_type"] == "substitute"
    assert slots["conduct_index"] == 1.0 and slots["requested_slot"] == "conduct_step"


async def test_declining_the_sworn_statement_keeps_the_draft_and_resumes_there(
        backend_url: str, domain: dict[str, Any]) -> None:
    sender, token, _ = await new_linked_educator(domain, backend_url, SSNS[32])
    form = ValidateApplyForm()
    base: dict[str, Any] = {"access_token": token, "requested_slot": "application_type"}
    await answer(form, sender, base, "Substitute", domain)
    for _ in range(5):
        await answer(form, sender, base, "no", domain)
    slots, _ = await answer(form, sender, base, "I don't accept", domain)
    assert slots["flow_stopped"] == "declined" and slots["requested_slot"] is None
    slots, said, _ = await run(ActionSubmitApplication(), tracker(sender, base), domain)
    assert "draft is saved" in said and "Sworn Statement" in said
    slots, said, _ = await run(form, tracker(sender, {"access_token": token}, text="apply",
                                             intent="apply", form=None), domain)
    assert slots["requested_slot"] == "sworn_statement"
    base = {"access_token": token, **slots}
    await answer(form, sender, base, "I accept", domain)
    assert base["requested_slot"] == "apply_review"


async def test_go_back_asks_the_previous_question_again(
        backend_url: str, domain: dict[str, Any]) -> None:
    sender, token, _ = await new_linked_educator(domain, backend_url, SSNS[33])
    form = ValidateApplyForm()
    base: dict[str, Any] = {"access_token": token, "requested_slot": "application_type"}
    await answer(form, sender, base, "Substitute", domain)
    await answer(form, sender, base, "no", domain)
    await answer(form, sender, base, "no", domain)
    slots, _ = await answer(form, sender, base, "go back", domain)
    assert base["conduct_index"] == 1.0 and base["requested_slot"] == "conduct_step"


async def test_a_named_type_starts_that_type_once_signed_in(
        backend_url: str, domain: dict[str, Any]) -> None:
    sender, token, _ = await new_linked_educator(domain, backend_url, SSNS[34])
    events, _, _ = await run_events(ActionRoute(), tracker(
        sender, {"access_token": token}, text="I want to apply for a substitute certificate",
        intent="apply"), domain)
    assert followup(events) == "apply_form"
    assert slot_events(events)["apply_type_wanted"] == "substitute"
    slots, said, _ = await run(ValidateApplyForm(), tracker(
        sender, {"access_token": token, "apply_type_wanted": "substitute"},
        text="I want to apply for a substitute certificate", intent="apply", form=None), domain)
    assert slots["application_type"] == "substitute"
    assert slots["requested_slot"] == "conduct_step"
    assert "Substitute" in said


async def test_apply_without_a_linked_record_stops_the_form(
        backend_url: str, domain: dict[str, Any]) -> None:
    sender, token, _ = await new_signed_in_educator(domain, backend_url)
    slots, said, _ = await run(ValidateApplyForm(), tracker(
        sender, {"access_token": token}, text="Substitute", form="apply_form",
        requested_slot="application_type"), domain)
    assert slots["flow_stopped"] == "blocked"
    assert slots["requested_slot"] is None
    assert "link" in said.lower()


# ---------------------------------------------------------------- status
@pytest.mark.parametrize("request_name, expected", [
    ("check_background_status", "Background clearance"),
    ("check_education_status", "No colleges are on file"),
    ("check_assessments", "No assessment scores"),
    ("check_certificate_status", "no certificates"),
])
async def test_each_status_request_resumes_after_sign_in(
        backend_url: str, domain: dict[str, Any], request_name: str, expected: str) -> None:
    sender, token = await shared_linked_educator(domain, backend_url)
    events, said, _ = await run_events(ActionRoute(), tracker(sender, {}, intent=request_name,
                                                              text="x"), domain)
    assert slot_events(events)["pending_request"] == request_name
    assert followup(events) == "signin_form"
    assert "once you're signed in" in slot_events(events)["flow_intro"]
    slots, said, _ = await run(ActionResumeRequest(), tracker(sender, {
        "access_token": token, "pending_request": request_name}), domain)
    cleared(slots, "pending_request")
    assert expected in said
    no_template_leak(said)


async def test_no_certificate_yet_says_where_the_applications_stand(
        backend_url: str, domain: dict[str, Any]) -> None:
    """(w76) "been waiting forever on my certificate whats the holdup": no certificate yet,
    and where each application stands, with its Memo."""
    sender, token, _ = await new_linked_educator(domain, backend_url, SSNS[62])
    await answer(ValidateApplyForm(), sender, {"access_token": token,
                                              "requested_slot": "application_type"},
                 "the substitute one", domain)
    slots, said, _ = await run(ActionResumeRequest(), tracker(sender, {
        "access_token": token, "pending_request": "check_certificate_status"}), domain)
    assert "no certificates on file yet" in said
    assert "Where your applications stand:\n- Substitute: " in said and "Memo:" in said
    no_template_leak(said)


async def test_two_status_questions_in_one_message_are_both_answered(
        backend_url: str, domain: dict[str, Any]) -> None:
    sender, token = await shared_linked_educator(domain, backend_url)
    events, said, _ = await run_events(ActionRoute(), tracker(
        sender, {"access_token": token},
        text="did my fingerprints clear yet? also are my test scores in",
        intent="check_background_status",
        extras=[{"text": "are my test scores in", "intent": "check_assessments",
                 "confidence": 0.9}]), domain)
    assert "Background clearance" in said
    assert "assessment scores" in said


async def test_an_expired_token_asks_to_sign_in_again(backend_url: str,
                                                      domain: dict[str, Any]) -> None:
    slots, said, _ = await run(ActionResumeRequest(), tracker(unique("conv-"), {
        "access_token": "not-a-real-token", "pending_request": "check_assessments"}), domain)
    assert slots["access_token"] is None
    assert "sign in again" in said


# ---------------------------------------------------------------- which application
@pytest.mark.parametrize("answers, expected", [
    ({"wa_holds_cert": "yes", "wa_goal": "upgrade", "wa_expiry": "window"}, "Upgrade"),
    ({"wa_goal": "administrator"}, "Administrator"),
    ({"wa_holds_cert": "no", "wa_prep": "mo_program"}, "Initial Professional"),
    ({"wa_prep": "other_state"}, "Non-MO Graduate"),
    ({"wa_path": "substitute"}, "Substitute"),
    ({"wa_holds_cert": "no", "wa_prep": "none", "wa_path": "tac"}, "TAC"),
])
async def test_which_application_recommends_a_type_with_a_reason(
        backend_url: str, domain: dict[str, Any], answers: dict[str, str],
        expected: str) -> None:
    slots, said, _ = await run(ActionRecommendApplication(), tracker("c", answers), domain)
    assert expected in said
    assert "because" in said
    cleared(slots, "wa_holds_cert", "wa_goal", "wa_prep", "wa_path")


async def test_someone_new_to_the_system_hears_the_account_comes_first(
        backend_url: str, domain: dict[str, Any]) -> None:
    text = ("I teach math in Broken Arrow, Oklahoma and we're moving to Springfield. I've never "
            "touched the Missouri certification system. Where do I even start?")
    _, said, disp = await run(ActionRecommendApplication(), tracker(
        "c", {"wa_prep": "other_state"}, text=text), domain)
    assert said.startswith("First step: a certification account") and "Non-MO Graduate" in said
    assert "Create an account" in buttons(disp)
    # signed in, or not new: the recommendation alone
    _, said, _ = await run(ActionRecommendApplication(), tracker(
        "c", {"wa_prep": "other_state", "access_token": "t"}, text=text), domain)
    assert said.startswith("I recommend")


async def test_which_application_asks_follow_up_questions_from_buttons(
        domain: dict[str, Any]) -> None:
    form = ValidateWhichApplicationForm()
    slots, _, _ = await run(form, tracker("c", {}, text="/affirm", intent="affirm",
                                          confidence=1.0, form="which_application_form",
                                          requested_slot="wa_holds_cert"), domain)
    assert slots == {"wa_holds_cert": "yes", "requested_slot": "wa_goal"}
    slots, _, _ = await run(form, tracker("c", {"wa_holds_cert": "yes"},
                                          text="Upgrade my current certificate",
                                          form="which_application_form",
                                          requested_slot="wa_goal"), domain)
    assert slots == {"wa_goal": "upgrade", "requested_slot": "wa_expiry"}


async def test_a_situation_in_the_request_answers_the_questions(
        backend_url: str, domain: dict[str, Any]) -> None:
    events, _, _ = await run_events(ActionRoute(), tracker(
        unique("conv-"),
        text="I graduated from a teacher program in Kansas and want to teach in Missouri",
        intent="apply"), domain)
    assert followup(events) == "which_application_form"
    assert slot_events(events)["wa_prep"] == "other_state"


# ---------------------------------------------------------------- router, fallback, handoff
async def test_handoff_carries_the_signed_in_educators_id(
        backend_url: str, domain: dict[str, Any], staff_token: str) -> None:
    sender, token = await shared_linked_educator(domain, backend_url)
    me = httpx.get(f"{backend_url}/api/v1/me", headers={"Authorization": f"Bearer {token}"}).json()
    _, said, _ = await run(ActionRoute(), tracker(
        sender, {"access_token": token}, text="this is too confusing, can I please talk with "
        "an actual staff member", intent="human_handoff", channel="socketio"), domain)
    assert "help desk" in said and "Your reference is" in said
    queue = httpx.get(f"{backend_url}/api/v1/handoffs",
                      headers={"Authorization": f"Bearer {staff_token}"}).json()["handoffs"]
    mine = [h for h in queue if h["conversation_id"] == sender]
    assert mine and mine[0]["educator_id"] == me["educator_id"]


async def test_sign_me_in_then_a_person_signs_in_first_and_the_handoff_carries_the_id(
        backend_url: str, domain: dict[str, Any], staff_token: str) -> None:
    from actions.status import answer_status

    sender = unique("conv-")
    events, said, _ = await run_events(ActionRoute(), tracker(
        sender, text="Good morning. Please sign me in; I have a question that needs a staff "
        "member.", intent="human_handoff"), domain)
    assert followup(events) == "signin_form"
    assert slot_events(events)["pending_request"] == "human_handoff"
    assert "help desk" not in said  # no handoff yet: after the sign-in
    # once signed in, the pending request opens the handoff with the Educator ID
    sender, token = await shared_linked_educator(domain, backend_url)
    me = httpx.get(f"{backend_url}/api/v1/me", headers={"Authorization": f"Bearer {token}"}).json()
    dispatcher = CollectingDispatcher()
    await answer_status(["human_handoff"], tracker(sender, {"access_token": token}),
                        dispatcher)
    assert "Your reference is" in texts(dispatcher)
    queue = httpx.get(f"{backend_url}/api/v1/handoffs",
                      headers={"Authorization": f"Bearer {staff_token}"}).json()["handoffs"]
    assert [h["educator_id"] for h in queue if h["conversation_id"] == sender][:1] == \
        [me["educator_id"]]
    # trouble signing in is no request to sign in first: the person is asked for at once
    events, said, _ = await run_events(ActionRoute(), tracker(
        unique("conv-"), text="I can't sign in, please get me a staff member",
        intent="human_handoff"), domain)
    assert "Your reference is" in said


async def test_a_linked_educator_asking_for_their_educator_id_gets_the_number(
        backend_url: str, domain: dict[str, Any]) -> None:
    sender, token = await shared_linked_educator(domain, backend_url)
    me = httpx.get(f"{backend_url}/api/v1/me", headers={"Authorization": f"Bearer {token}"}).json()
    _, said, disp = await run(ActionRoute(), tracker(
        sender, {"access_token": token}, text="what's my educator id", intent="faq",
        faq="educator_id"), domain)
    assert f"Your Educator ID is {me['educator_id']}" in said
    assert "Link my SSN" not in buttons(disp)


async def test_the_fallback_names_likely_topics_and_the_second_offers_a_person(
        domain: dict[str, Any]) -> None:
    trk = tracker(unique("conv-"), text="blorp the thing with my stuff")
    trk.latest_message["intent_ranking"] = [
        {"name": "nlu_fallback", "confidence": 0.5},
        {"name": "check_application_status", "confidence": 0.3},
        {"name": "check_background_status", "confidence": 0.2}]
    slots, said, disp = await run(ActionRoute(), trk, domain)
    assert slots["fallbacks"] == 1.0
    assert "not sure I understood" in said
    assert buttons(disp)[:2] == ["Check your application", "Check your background clearance"]
    trk.slots["fallbacks"] = 1.0
    slots, said, disp = await run(ActionRoute(), trk, domain)
    assert slots["fallbacks"] == 2.0
    assert "Talk to a person" in buttons(disp)


async def test_a_yes_after_an_offer_starts_what_was_offered(domain: dict[str, Any]) -> None:
    events, _, _ = await run_events(ActionRoute(), tracker(
        unique("conv-"), {"offer": "apply:substitute"}, text="yes please", intent="affirm"),
        domain)
    assert followup(events) == "apply_form"
    assert slot_events(events)["apply_type_wanted"] == "substitute"
    assert slot_events(events)["offer"] is None


async def test_linking_when_the_account_is_already_linked_ends_at_sign_in(
        backend_url: str, domain: dict[str, Any]) -> None:
    """Signed out, "link my record" starts the form; once signed in, an account that is
    already linked is told its Educator ID, and no SSN is asked for."""
    username, email = await create_account(domain, backend_url)
    token = await sign_in(domain, backend_url, username, email, unique("conv-"))
    await run(ActionLinkSsn(), tracker(unique("conv-"), {
        "access_token": token, "ssn": SSNS[39], "date_of_birth": DOBS[0]}), domain)
    sender = unique("conv-")
    form = ValidateLinkForm()
    slots, _, _ = await run(form, tracker(sender, {}, text=username, form="link_form",
                                          requested_slot="signin_username"), domain)
    code = mail_match(backend_url, email, r"\b(\d{6})\b").group(1)
    record_secret("code", code)
    slots, said, _ = await run(form, tracker(sender, {"signin_username": username}, text=code,
                                             form="link_form", requested_slot="signin_code"),
                               domain)
    me = httpx.get(f"{backend_url}/api/v1/me", headers={"Authorization": f"Bearer {token}"}).json()
    assert f"already linked to your educator record (Educator ID {me['educator_id']})" in said
    assert slots["flow_stopped"] == "already_linked"
    assert slots["requested_slot"] is None  # no SSN is asked for
    events, said, _ = await run_events(ActionLinkSsn(), tracker(sender, {
        "access_token": slots["access_token"], "flow_stopped": "already_linked"}), domain)
    assert "What would you like to do next?" in said and "linked" not in said


async def test_their_own_educator_id_asked_signed_out_is_shown_once_signed_in(
        backend_url: str, domain: dict[str, Any]) -> None:
    events, said, _ = await run_events(ActionRoute(), tracker(
        unique("conv-"), text="I'm mailing documents today. What's my Educator ID?",
        faq="educator_id"), domain)
    assert followup(events) == "signin_form"
    assert slot_events(events)["pending_request"] == "educator_id"
    assert "Educator ID" in slot_events(events)["flow_intro"]
    sender, token, _ = await new_linked_educator(domain, backend_url, SSNS[46])
    me = httpx.get(f"{backend_url}/api/v1/me", headers={"Authorization": f"Bearer {token}"}).json()
    slots, said, _ = await run(ActionResumeRequest(), tracker(sender, {
        "access_token": token, "pending_request": "educator_id"}), domain)
    assert f"Your Educator ID is {me['educator_id']}" in said


async def test_a_taken_username_said_to_be_theirs_signs_them_in(
        backend_url: str, domain: dict[str, Any]) -> None:
    username, _ = await create_account(domain, backend_url)
    slots, said, _ = await run(ValidateAccountForm(), tracker(
        unique("conv-"), text=f"My username is {username}", form="account_form",
        requested_slot="new_username"), domain)
    assert "no need for another one" in said
    assert slots["flow_stopped"] == "switch" and slots["switch_to"] == "sign_in"
    # a taken name only chosen is refused, as before
    slots, said, _ = await run(ValidateAccountForm(), tracker(
        unique("conv-"), text=username, form="account_form", requested_slot="new_username"),
        domain)
    assert "already taken" in said and slots["new_username"] is None


async def test_education_records_say_which_transcripts_arrived(
        backend_url: str, domain: dict[str, Any]) -> None:
    sender, token, _ = await new_linked_educator(domain, backend_url, SSNS[47])
    httpx.post(f"{backend_url}/api/v1/me/education/colleges",
               headers={"Authorization": f"Bearer {token}"},
               json={"name": "Lincoln University", "city": "Jefferson City", "state": "MO"}
               ).raise_for_status()
    _, said, _ = await run_events(ActionRoute(), tracker(
        sender, {"access_token": token}, text="did you get my transcript from lincoln",
        intent="check_education_status"), domain)
    assert "Lincoln University (Jefferson City, MO): transcript not received yet" in said


async def test_submit_said_again_after_submitting_starts_nothing_new(
        backend_url: str, domain: dict[str, Any]) -> None:
    trk = tracker(unique("conv-"), {}, text="yes submit it", intent="apply")
    trk.events[:0] = [{"event": "user", "text": "I accept, please submit it"},
                      {"event": "bot", "text": "Your Substitute application is submitted to DESE "
                                               "(status: Submitted to DESE)."}]
    events, said, _ = await run_events(ActionRoute(), trk, domain)
    assert followup(events) in (None, "action_listen")
    assert "already submitted" in said and "P.O. Box 480" in said


async def test_why_asked_in_a_longer_message_is_answered_before_the_question_again(
        backend_url: str, domain: dict[str, Any]) -> None:
    sender, token, _ = await new_signed_in_educator(domain, backend_url)
    slots, said, _ = await run(ValidateLinkForm(), tracker(
        sender, {"access_token": token}, form="link_form", requested_slot="ssn",
        text="wait before I type that... why do you need my social?? is this secure? I've had "
             "my identity stolen before so I'm a little paranoid", intent="link_ssn"), domain)
    assert "how the certification system finds your educator record" in said
    assert slots["requested_slot"] == "ssn" and slots.get("ssn") is None


async def test_a_change_at_the_review_can_name_the_new_answer(
        backend_url: str, domain: dict[str, Any]) -> None:
    sender, token, _ = await new_linked_educator(domain, backend_url, SSNS[48])
    form = ValidateApplyForm()
    base: dict[str, Any] = {"access_token": token, "requested_slot": "application_type"}
    await answer(form, sender, base, "Substitute", domain)
    await answer(form, sender, base, "no to all of them", domain)
    await answer(form, sender, base, "I accept", domain)
    assert base["requested_slot"] == "apply_review"
    base["apply_reviewing"] = True
    # "to yes": the explanation is asked for straight away
    await answer(form, sender, base, "wait. change question 2 to yes", domain)
    assert base["requested_slot"] == "conduct_step" and base["conduct_pending_yes"] is True
    await answer(form, sender, base, "written reprimand from my district in 2017 for a missed "
                                     "IEP deadline", domain)
    assert base["requested_slot"] == "apply_review"
    # "to no": saved, and back to the review
    slots, said = await answer(form, sender, base, "actually change question 2 to no", domain)
    assert "Saved: No to question 2" in said and base["requested_slot"] == "apply_review"
    apps = httpx.get(f"{backend_url}/api/v1/me/applications",
                     headers={"Authorization": f"Bearer {token}"}).json()["applications"]
    assert not any(a["answer"] for a in apps[0]["conduct_answers"])


async def test_two_contact_fields_named_are_both_asked(
        backend_url: str, domain: dict[str, Any]) -> None:
    sender, token, _ = await new_linked_educator(domain, backend_url, SSNS[49])
    events, said, _ = await run_events(ActionSaveContact(), tracker(
        sender, {"access_token": token, "contact_field": "phone",
                 "contact_value": "816-555-0193"},
        text="update phone + email on my profile"), domain)
    assert "Saved: your phone number is now 816-555-0193" in said
    assert followup(events) == "contact_form"
    assert slot_events(events)["contact_field"] == "email"


async def test_a_legal_name_given_with_the_ssn_is_saved_next(backend_url: str,
                                                             domain: dict[str, Any]) -> None:
    """ "ssn ... birthday ... and put my real name Robert Hutchins on it": after the link, the
    name form starts with that name (it confirms it before saving)."""
    sender, token, _ = await new_signed_in_educator(domain, backend_url)
    events, said, _ = await run_events(ActionLinkSsn(), tracker(sender, {
        "access_token": token, "ssn": SSNS[59], "date_of_birth": DOBS[1]},
        text="ssn [SSN] birthday [DATE]. and put my real name Robert Hutchins on it, everybody "
             "calls me Bud"), domain)
    assert "now linked" in said
    slots = slot_events(events)
    assert (slots["first_name"], slots["middle_name"], slots["last_name"]) == (
        "Robert", "none", "Hutchins")
    assert {"event": "followup", "name": "name_form"} in [
        {k: e.get(k) for k in ("event", "name")} for e in events]
    assert "Next, save your legal name" not in said


async def test_more_of_an_explanation_told_at_the_next_question_is_added_to_it(
        backend_url: str, domain: dict[str, Any]) -> None:
    """ "yes 😬 i got a misdemeanor ticket one time", then at question 2 the whole story: it
    is added to question 1's explanation, and question 2 is asked again (nothing saved for
    it). A No there is still a No."""
    sender, token, _ = await new_linked_educator(domain, backend_url, SSNS[60])
    form = ValidateApplyForm()
    base: dict[str, Any] = {"access_token": token, "requested_slot": "application_type"}
    await answer(form, sender, base, "the substitute one", domain)
    slots, said = await answer(form, sender, base, "yes 😬 i got a misdemeanor ticket one time",
                               domain)
    assert "saved your explanation" in said and base["conduct_index"] == 1.0
    story = ("freshman year in 2019 i got a misdemeanor citation for underage drinking at a "
             "party, paid the fine, nothing else happened")
    trk = tracker(sender, base, text=story, form="apply_form", requested_slot="conduct_step",
                  intent="faq", faq="conduct_questions", confidence=0.9)
    trk.events[:0] = [{"event": "user", "text": "yes 😬 i got a misdemeanor ticket one time"},
                      {"event": "bot", "text": "Thanks, I've saved your explanation."}]
    events, said, _ = await run_events(form, trk, domain)
    assert "added that to your explanation for question 1" in said
    assert slot_events(events).get("requested_slot") == "conduct_step"
    apps = httpx.get(f"{backend_url}/api/v1/me/applications",
                     headers={"Authorization": f"Bearer {token}"}).json()
    app = next(a for a in (apps.get("applications") if isinstance(apps, dict) else apps)
               if str(a["id"]) == str(base["application_id"]))
    answers = {a["question_id"]: a for a in app["conduct_answers"]}
    assert len(answers) == 1
    (only,) = answers.values()
    assert only["answer"] is True and "ticket one time" in only["explanation"]
    assert "underage drinking" in only["explanation"]


async def test_another_application_asked_for_at_a_conduct_question_is_switched_to(
        backend_url: str, domain: dict[str, Any]) -> None:
    """(w79) "yes pls switch me to the initial professional one" at a Substitute conduct
    question was saved as a Yes to it. It starts the Initial Professional application; the
    Substitute draft stays, with its answers. "change question 2 to yes" is no switch."""
    sender, token, _ = await new_linked_educator(domain, backend_url, SSNS[61])
    form = ValidateApplyForm()
    base: dict[str, Any] = {"access_token": token, "requested_slot": "application_type"}
    await answer(form, sender, base, "the substitute one", domain)
    await answer(form, sender, base, "no", domain)
    assert base["application_type"] == "substitute" and base["conduct_index"] == 1.0
    slots, said = await answer(form, sender, base,
                               "yes pls switch me to the initial professional one", domain)
    assert "switching to the Initial Professional Certificate application" in said
    assert "Your Substitute draft stays saved" in said
    assert base["application_type"] == "initial_professional"
    assert base["requested_slot"] == "conduct_step" and not base.get("conduct_index")
    apps = httpx.get(f"{backend_url}/api/v1/me/applications",
                     headers={"Authorization": f"Bearer {token}"}).json()["applications"]
    kinds = {a["type"]: a for a in apps}
    assert set(kinds) == {"substitute", "initial_professional"}
    assert kinds["substitute"]["status"] == "draft"
    assert len(kinds["substitute"]["conduct_answers"]) == 1
    assert not kinds["initial_professional"]["conduct_answers"]
    # (w76) the wrong application, no type named: which one it is, the draft kept
    slots, said, _ = await run(form, tracker(
        sender, base, text="Wait, I am sorry. I think I chose the wrong application. I want to "
        "add middle-school science to my certificate; I do not want to upgrade it. Which "
        "application is that?", form="apply_form", requested_slot="conduct_step",
        intent="apply", confidence=0.8), domain)
    assert slots["flow_stopped"] == "switch" and slots["switch_to"] == "apply:which"


async def test_a_which_application_question_beside_another_question_answers_both(
        backend_url: str, domain: dict[str, Any]) -> None:
    """(w69) "which app do i use to add health to my cert? and the checklist thing wont open
    when i click it", read whole as the pop-up question with the application as a clause the
    words read: the recommendation, and the pop-up answer."""
    sender, token = await shared_linked_educator(domain, backend_url)
    events, said, disp = await run_events(ActionRoute(), tracker(
        sender, {"access_token": token},
        text="which app do i use to add health to my cert? and the checklist thing wont open "
             "when i click it", intent="faq", faq="popup_blocker", confidence=0.997,
        extras=[{"text": "which app do i use to add health to my certificate?",
                 "intent": "apply:additional", "confidence": 1.0, "by_words": True}]), domain)
    responses = [str(m.get("response")) for m in disp.messages if m.get("response")]
    assert "utter_faq_popup_blocker" in responses
    # (the recommendation comes from the which-application questions, which know the goal)
    assert followup(events) == "which_application_form"
    assert slot_events(events).get("wa_goal") == "additional"


async def test_a_username_beside_a_which_application_question_signs_in_to_apply(
        backend_url: str, domain: dict[str, Any]) -> None:
    """(w25) "which app am i supposed to do, the out of state grad one? username jsmith2"
    was given the recommendation, and the code then typed did nothing: sign-in starts, for
    the application the words name."""
    events, said, _ = await run_events(ActionRoute(), tracker(
        unique("conv-"), text="yo, got my degree and teaching cert in Oklahoma and now im "
        "teaching in MO. which app am i supposed to do, the out of state grad one? username "
        "jsmith2", intent="apply", confidence=0.9), domain)
    assert followup(events) == "apply_form"
    assert slot_events(events).get("apply_type_wanted") == "non_mo_graduate"


async def test_where_the_educator_id_is_beside_a_reset_while_signed_out(
        backend_url: str, domain: dict[str, Any]) -> None:
    """(w71) "I forget my password for DESE sign in, cannot get in portal. Also where I find
    my Educator ID number? New school ask for it." started the reset (which comes before any
    sign-in) and dropped the question: where the Educator ID is found, then the reset."""
    events, said, disp = await run_events(ActionRoute(), tracker(
        unique("conv-"), text="I forget my password for DESE sign in, cannot get in portal. "
        "Also where I find my Educator ID number? New school ask for it.", intent="faq",
        faq="educator_id", confidence=0.968), domain)
    assert followup(events) == "forgot_password_form"
    responses = [str(m.get("response")) for m in disp.messages if m.get("response")]
    assert "utter_faq_educator_id" in responses or "Educator ID" in said


async def test_yes_to_a_person_takes_up_no_application_offered(
        backend_url: str, domain: dict[str, Any]) -> None:
    """(w14) with the TAC application offered, "Yes, please connect us with a staff member."
    started the TAC application: it is the handoff."""
    sender, token = await shared_linked_educator(domain, backend_url)
    events, said, _ = await run_events(ActionRoute(), tracker(
        sender, {"access_token": token, "offer": "apply:temporary_authorization"},
        text="Yes, please connect us with a staff member.", intent="human_handoff"), domain)
    assert followup(events) != "apply_form"
    assert "Your reference is" in said


async def test_what_is_kept_after_stopping_and_the_other_question(
        backend_url: str, domain: dict[str, Any]) -> None:
    """(w79) "ty!! when i come back do i have to start over? and do i need the 36 hours
    thing for sub" right after stopping: nothing lost, and the Substitute's requirements."""
    trk = tracker(unique("conv-"), text="ty!! when i come back do i have to start over? and "
                  "do i need the 36 hours thing for sub", intent="certificate_requirements")
    trk.events[:0] = [{"event": "user", "text": "can u save it and ill finish later"},
                      {"event": "bot", "text": "Okay, I've stopped your application. Your "
                       "draft is saved with every answer so far."}]
    events, said, _ = await run_events(ActionRoute(), trk, domain)
    assert "Nothing has been sent to DESE" in said
    assert "36" in said


async def test_sign_me_in_beside_an_application_starts_the_application(
        backend_url: str, domain: dict[str, Any]) -> None:
    """(w9) "hi can you log me in? need to get my sub app done between meetings" signed in
    and forgot the application: the application starts, signing in first."""
    events, said, _ = await run_events(ActionRoute(), tracker(
        unique("conv-"), text="hi can you log me in? need to get my sub app done between "
        "meetings", intent="sign_in", confidence=0.9,
        extras=[{"text": "need to get my sub app done between meetings", "intent": "apply",
                 "confidence": 1.0, "by_words": True}]), domain)
    assert followup(events) == "apply_form"
    assert slot_events(events).get("apply_type_wanted") == "substitute"


async def test_apply_and_sign_me_in_first_signs_in_to_apply(
        backend_url: str, domain: dict[str, Any]) -> None:
    """(w76) "I would like to apply ... First, please sign me in." said "One thing at a time:
    first let's apply ... Then say 'sign in'" and recommended without signing in."""
    events, said, _ = await run_events(ActionRoute(), tracker(
        unique("conv-"), text="Hello. I would like to apply for my Missouri certificate. For "
        "context:\n- I completed my teacher preparation program at Illinois State University."
        "\nFirst, please sign me in.", intent="apply", confidence=0.9,
        extras=[{"text": "First, please sign me in.", "intent": "sign_in",
                 "confidence": 0.95}]), domain)
    assert followup(events) == "apply_form"
    assert "One thing at a time" not in said


async def test_why_not_a_second_account_asked_in_a_reset_is_the_one_username_rule(
        backend_url: str, domain: dict[str, Any]) -> None:
    """(w77) "Why not? What's the harm in having a second one?" where the reset asks for the
    username was told why the username is needed; it asks about a second account."""
    from actions.account import ValidateForgotPasswordForm

    slots, said, disp = await run(ValidateForgotPasswordForm(), tracker(
        unique("conv-"), text="Why not? What's the harm in having a second one?",
        form="forgot_password_form", requested_slot="recovery_username", intent="faq",
        faq="returning_user", confidence=0.6), domain)
    responses = [str(m.get("response")) for m in disp.messages if m.get("response")]
    assert "utter_faq_two_usernames" in responses or "one username" in said.lower()
    assert slots.get("recovery_username") is None


async def test_an_account_asked_beside_a_which_application_clause_is_made_first(
        backend_url: str, domain: dict[str, Any]) -> None:
    """(w70) "Which application do I use since I graduated in Tennessee, where do I mail my
    transcripts, and do I need an account first?!": the model read the account, the words
    of one clause the application; that clause's reading replaced the account. The account
    comes first now, the transcripts' answer beside it."""
    events, said, disp = await run_events(ActionRoute(), tracker(
        unique("conv-"), text="Hey y'all!!! Band director here, coming up from Nashville!! "
        "Which application do I use since I graduated in Tennessee, where do I mail my "
        "transcripts, and do I need an account first?!", intent="create_account",
        confidence=0.975,
        extras=[{"text": "Which application do I use since I graduated in Tennessee",
                 "intent": "apply:which", "confidence": 1.0, "by_words": True},
                {"text": "where do I mail my transcripts", "intent": "faq_mail_transcripts",
                 "confidence": 0.92}]), domain)
    assert followup(events) == "account_form"
    responses = [str(m.get("response")) for m in disp.messages if m.get("response")]
    assert "utter_faq_mail_transcripts" in responses


async def test_a_flow_the_model_read_gives_way_to_a_look_the_words_ask_for(
        backend_url: str, domain: dict[str, Any]) -> None:
    """ "Hi. I want see my education record. I study at Lincoln University." (read as adding
    a college): the records are looked at. Only a prerequisite (a new account) keeps its
    place before an application question that the words read."""
    events, said, _ = await run_events(ActionRoute(), tracker(
        unique("conv-"), text="Hi. I want see my education record. I study at Lincoln "
        "University.", intent="add_college", confidence=0.9,
        extras=[{"text": "I want to see my education record", "intent": "check_education_status",
                 "confidence": 0.79}]), domain)
    assert followup(events) == "signin_form"
    assert slot_events(events)["pending_request"] == "check_education_status"


async def test_a_reset_asked_while_signed_in_is_for_that_username(
        backend_url: str, domain: dict[str, Any]) -> None:
    """(w80) signed in here, "I can't remember my password for the DESE website itself ...
    Can you reset it?" asked for the username again; it is the one signed in."""
    sender, token, username = await new_signed_in_educator(domain, backend_url)
    events, said, _ = await run_events(ActionRoute(), tracker(
        sender, {"access_token": token}, text="One last thing, I can't remember my password "
        "for the DESE website itself. Can you reset it?", intent="forgot_password"), domain)
    assert followup(events) == "forgot_password_form"
    assert slot_events(events)["recovery_username"] == username


async def test_an_application_named_and_nothing_else_starts_it(
        backend_url: str, domain: dict[str, Any]) -> None:
    """(w80) "administrator app pls", read as nothing, got the fallback."""
    sender, token = await shared_linked_educator(domain, backend_url)
    events, said, _ = await run_events(ActionRoute(), tracker(
        sender, {"access_token": token}, text="administrator app pls"), domain)
    assert followup(events) == "apply_form"


async def test_a_person_asked_in_so_many_words_inside_a_form_is_handed_off(
        backend_url: str, domain: dict[str, Any]) -> None:
    """(w85) "this is a mess. just get me a human" where the username's recovery asks for
    the email (read 0.4 as a handoff) was told it isn't an email address."""
    from actions.account import ValidateForgotUsernameForm

    slots, said, _ = await run(ValidateForgotUsernameForm(), tracker(
        unique("conv-"), text="this is a mess. just get me a human",
        form="forgot_username_form", requested_slot="recovery_email", intent="human_handoff",
        confidence=0.4), domain)
    assert "help desk" in said
    assert "email address" not in said.split("help desk")[0]
    assert slots.get("recovery_email") is None


async def test_make_me_one_where_the_sign_in_asks_for_a_username_makes_the_account(
        backend_url: str, domain: dict[str, Any]) -> None:
    """(w85) "fine make me one. username coachk55" where an application's sign-in asked for
    the username was taken as a username to sign in with."""
    from actions.account import ValidateSigninForm

    slots, said, _ = await run(ValidateSigninForm(), tracker(
        unique("conv-"), text="fine make me one. username coachk55", form="signin_form",
        requested_slot="signin_username", intent="create_account", confidence=0.6), domain)
    assert slots.get("switch_to") == "create_account"
    assert slots.get("signin_username") is None


async def test_an_application_asked_before_the_account_is_linked_links_it_first(
        backend_url: str, domain: dict[str, Any]) -> None:
    """(w84) "Okay I'm in! Now what? I want to get to my certificate so I can add early
    childhood" with an account not linked yet listed the application types (and the backend
    would refuse the application)."""
    sender, token, _ = await new_signed_in_educator(domain, backend_url)
    events, said, _ = await run_events(ActionRoute(), tracker(
        sender, {"access_token": token}, text="I want to apply for a substitute certificate",
        intent="apply", confidence=0.95), domain)
    assert followup(events) == "link_form"
    assert "link" in str(slot_events(events).get("flow_intro", "")).lower() or "link" in said


async def test_is_it_still_there_after_the_draft_was_offered_continues_it(
        backend_url: str, domain: dict[str, Any]) -> None:
    """(w87) "ok is my application still there or do i start over like i figured" after the
    draft was shown and offered showed the applications again."""
    sender, token = await shared_linked_educator(domain, backend_url)
    events, said, _ = await run_events(ActionRoute(), tracker(
        sender, {"access_token": token, "offer": "apply"}, text="ok is my application still "
        "there or do i start over like i figured", intent="check_application_status",
        confidence=0.8), domain)
    assert followup(events) == "apply_form"
