"""What the blind writers w88-w91 (tests/blind/w88.yml ... w91.yml) showed going wrong on
their first run (after the w84-w87 fixes), at the level of the readings, the parsers and the
forms' words (the conversations run end to end in tests/e2e/stack/test_conversations.py)."""

from __future__ import annotations

import pytest

from actions.readings import corrected
from actions.turns import Turn


@pytest.mark.parametrize("text", [
    "That is all I have time for. Save the application; I will complete it NLT 1800 tomorrow.",
    "she says we have to stop, the baby is up. Please save it",
])
def test_a_pause_in_so_many_words(text: str) -> None:
    assert Turn(text, "affirm", 0.5).is_pause


@pytest.mark.parametrize("text", ["do I have to stop at question 3?", "will it save my answers?",
                                  "can I save it as a PDF?"])
def test_no_pause(text: str) -> None:
    assert not Turn(text, "affirm", 0.5).is_pause


@pytest.mark.parametrize("text, number, to", [
    ("wait. number 4 i answer wrong. it is yes not no", 4, True),
    ("Wait, don't submit it yet. I need to change my answer on question 3 to Yes. I forgot "
     "about the misdemeanor from 2012.", 3, True),
    ("question 3 should be yes", 3, True),
])
def test_a_change_at_the_review(text: str, number: int, to: bool) -> None:
    turn = Turn(text, "affirm", 0.5)
    assert (turn.changed_question(), turn.changed_to()) == (number, to)


@pytest.mark.parametrize("reading, text, means", [
    ("edit_contact", "make another one w/ my personal email too. dkline.home@example.com",
     "create_account"),
    ("faq_returning_user", "ok. how i get the old name back", "forgot_username"),
])
def test_w88_w91_readings(reading: str, text: str, means: str) -> None:
    assert corrected(reading, text) == means


def test_what_do_i_do_after_the_password_is_the_next_steps() -> None:
    from actions.account import _ABOUT_NEXT, _WHAT_DO_I

    for text in ("Ok. She says what does she do after she sets the password.",
                 "ok i get the email. then what i do next"):
        assert _WHAT_DO_I.search(text) and _ABOUT_NEXT.search(text)


@pytest.mark.parametrize("text, name, city", [
    ("i go to College of the Marshall Islands in Majuro before. it not on my education. please "
     "add", "College of the Marshall Islands", "Majuro"),
    ("add State Fair Community College in Sedalia", "State Fair Community College", "Sedalia"),
])
def test_a_college_with_its_town(text: str, name: str, city: str) -> None:
    from actions.profile import college_asked

    asked = college_asked(text)
    assert (asked.get("college_name"), asked.get("college_city")) == (name, city)


def test_what_the_paper_says_after_the_application() -> None:
    from actions.context import _WHAT_THEY_WANT

    assert _WHAT_THEY_WANT.search("what i need do? what the paper say")


@pytest.mark.parametrize("text, slots", [
    ("And please add Texas State University, San Marcos, Texas to my education",
     {"college_name": "Texas State University", "college_city": "San Marcos",
      "college_state": "TX"}),
    ("Webster University is not listed. Add it: Webster University, St. Louis, MO.",
     {"college_name": "Webster University", "college_city": "St. Louis", "college_state": "MO"}),
])
def test_a_college_with_its_place_in_the_request(text: str, slots: dict[str, str]) -> None:
    """(w88) the place typed with the name was asked for again."""
    from actions.profile import college_asked

    assert college_asked(text) == slots


@pytest.mark.parametrize("reading, text, means", [
    ("certificate_requirements", "i have like 70 credits lol. can i just email them the "
     "unofficial one from my student portal", "faq/mail_transcripts"),
    ("certificate_requirements", "I hold a BA and an MA; 36 hours is not in question. I mailed "
     "a photocopy of my USMA transcript on 2 JUN. Why was that insufficient?",
     "faq/mail_transcripts"),
    ("faq_application_statuses", "what EXACTLY is missing from my application. the email just "
     "says returned for additional information. AGAIN.", "check_application_status"),
    ("nlu_fallback", "WHY did nobody tell me it was returned?? i only found out when the "
     "district secretary called me", "faq/email_correspondence"),
    ("faq_fingerprinting", "is it my fingerprints?? is THAT why my application keeps getting "
     "returned", "check_application_status"),
    ("faq_two_usernames", "i already have my elementary cert. the ART add on got returned "
     "twice. which application is it even supposed to be??", "apply:additional"),
    ("faq_ssn_already_linked", "She asks is her social the same thing as this Educator ID the "
     "school keeps talking about", "faq/educator_id"),
    ("faq_missing_test_scores", "and she passed her test right? she was worried about it",
     "check_assessments"),
    ("save_legal_name", "are you KIDDING me. so which one am i supposed to use",
     "faq/two_usernames"),
    ("faq_ssn_already_linked", "OK I see the email. Should my profile say Whitfield even tho "
     "all my old college paperwork says Pruitt?", "faq/legal_name"),
    ("nlu_fallback", "hiii ok so im a junior in the elem ed program and i lowkey want to sub on "
     "weekends for extra $$ lol. what do i even need", "certificate_requirements"),
    ("faq_mail_transcripts", "Lincoln they send my transcrip already?", "check_education_status"),
    ("nlu_fallback", "Received at 1412. Request sign-in.", "sign_in"),
    ("nlu_fallback", "wait do i need like a diff account for every district i sub at lol",
     "faq/two_usernames"),
    ("apply", "and while ur in there what is actually missing on the application",
     "check_application_status"),
    ("link_ssn", "At 2130 last night I attempted to link my SSN and DOB in the portal and received "
     "a message that they are already linked to another profile. Request you link my record to "
     "my current account.", "link_ssn"),
])
def test_w89_w91_readings(reading: str, text: str, means: str) -> None:
    assert corrected(reading, text) == means


def test_every_district_after_the_fingerprints_is_the_shared_check() -> None:
    from typing import Any

    from actions.context import follow_up_on

    class _Tracker:
        events: list[dict[str, Any]] = [
            {"event": "user", "parse_data": {"intent": {"name": "check_background_status",
                                                        "confidence": 0.9}}},
            {"event": "action", "name": "action_route"}, {"event": "bot", "text": "an answer"},
            {"event": "user", "parse_data": {}}]

    turn = Turn("do i need to redo it for every district i sub for lowkey",
                "certificate_requirements", 0.7)
    assert follow_up_on("certificate_requirements", turn, _Tracker(), True) == \
        "faq/fingerprinting"


def test_next_step_after_an_account_is_made() -> None:
    from actions.account import _ABOUT_NEXT, _WHAT_DO_I

    assert _WHAT_DO_I.search("fine. next step for admin cert")
    assert _ABOUT_NEXT.search("fine. next step for admin cert")


class _Slots:
    def __init__(self, **slots: str) -> None:
        self.slots = slots

    def get_slot(self, name: str) -> str | None:
        return self.slots.get(name)


@pytest.mark.parametrize("slot, slots, says", [
    ("college_city", {"college_name": "College of the Marshall Islands"},
     "In which city is College of the Marshall Islands?"),
    ("college_state", {"college_name": "State Fair Community College", "college_city": "Sedalia"},
     "In which state is State Fair Community College (Sedalia)?"),
    ("college_state", {"college_name": "State Fair Community College"}, "In which state?"),
    ("college_city", {}, "In which city is it?"),
])
def test_the_college_questions_name_it(slot: str, slots: dict[str, str], says: str) -> None:
    """(w91) "she also took classes at State Fair Community College in Sedalia before Lincoln"
    was asked "In which state?" without saying which college."""
    from actions.asks import ASK, _named

    text = _named(slot, ASK[slot][0], _Slots(**slots))  # type: ignore[arg-type]
    assert text.startswith(says) and "{" not in text
