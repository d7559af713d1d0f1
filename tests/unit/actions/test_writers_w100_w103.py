"""What the blind writers w100-w103 (tests/blind/w100.yml ... w103.yml) showed going wrong on
their first run (66/80, after the w96-w99 fixes), at the level of the readings, the parsers
and the forms' words (the conversations run end to end in
tests/e2e/stack/test_conversations.py)."""

from __future__ import annotations

from typing import Any

import pytest

from actions.apply import after_stopping
from actions.context import after_topic
from actions.profile import college_asked, legal_name_in
from actions.readings import corrected
from actions.router import _not_a_new_account
from actions.turns import Turn
from bot.clauses import _SETS_A_TIME
from tests.unit.actions.fakes import RoutedTracker


@pytest.mark.parametrize("reading, text, means", [
    ("faq_processing_time", "Can they just email you a PDF of the transcript? That would be "
     "faster.", "faq/mail_transcripts"),
    ("faq_district_access", "My new district's HR needs proof of my Missouri certificate. Can "
     "you confirm its status?", "check_certificate_status"),
    ("sign_out", "I'm fairly sure my certificate lapsed while I was out. Can you actually check "
     "or are you just going to send me a link?", "check_certificate_status"),
    ("faq_fingerprinting", "ok good so she should be able to see that right?? and my "
     "fingerprint stuff too", "faq/district_access"),
])
def test_w100_w103_readings(reading: str, text: str, means: str) -> None:
    assert corrected(reading, text) == means


@pytest.mark.parametrize("reading, text", [
    ("faq_district_access", "can HR confirm my certificate status themselves?"),
    ("faq_district_access", "can my principal see my certificate?"),
])
def test_what_the_new_rows_leave_alone(reading: str, text: str) -> None:
    assert corrected(reading, text) == reading


def test_a_username_named_without_making_one_signs_in() -> None:
    said = Turn("OK. Honestly I think I've been logging in as the wrong teacher half the time. "
                "This one is blinde82ad22b", "create_account", 0.5)
    assert _not_a_new_account("create_account", said) == "sign_in"
    wanted = Turn("please make me an account, username blinde82ad22b", "create_account", 0.9)
    assert _not_a_new_account("create_account", wanted) == "create_account"
    plain = Turn("I need an account for the certification system", "create_account", 0.9)
    assert _not_a_new_account("create_account", plain) == "create_account"


def test_a_clause_that_sets_a_time_asks_for_nothing() -> None:
    assert _SETS_A_TIME.match("After I submit this application")
    assert _SETS_A_TIME.match("once she finishes her program")
    assert not _SETS_A_TIME.match("when can I apply?")
    assert not _SETS_A_TIME.match("I want to apply for the substitute certificate")


def test_a_town_before_how_long_one_went_there() -> None:
    asked = college_asked("OK. She says she also went to State Fair Community College in "
                          "Sedalia, MO for a year and it's not listed. Can you add it?")
    assert asked == {"college_name": "State Fair Community College", "college_city": "Sedalia",
                     "college_state": "MO"}


def test_a_name_said_with_btw() -> None:
    assert legal_name_in("finally. my legal name is Rebecca Thornton btw, everybody calls me "
                         "becky but put rebecca") == ("Rebecca", None, "Thornton")


def test_a_change_by_its_number_sign() -> None:
    said = Turn("wait actually #2 should be yes i forgot about something from 2011", "faq", 0.5)
    assert (said.changed_question(), said.changed_to()) == (2, True)


def test_a_pause_with_this_application_later() -> None:
    assert Turn("I am sorry, but I must leave for a parent meeting now. Is it possible to finish "
                "this application later without losing my answers?", "goodbye", 0.6).is_pause


def _answered(said: str, last: str = "edit_contact") -> RoutedTracker:
    return RoutedTracker((last, 0.9), answer=said)


def test_being_back_to_go_on_is_no_question_about_the_draft() -> None:
    tracker = _answered("Okay, I've stopped your application. Your draft is saved with every "
                       "answer so far.", "apply")
    back = Turn("I have come back from my meeting. I would like to continue my Initial "
                "Professional application, please.", "apply", 0.95)
    assert after_stopping(back, tracker) is None  # type: ignore[arg-type]
    asked = Turn("When I come back, I won't have to start all over again, will I?", "faq", 0.5)
    assert after_stopping(asked, tracker) is not None  # type: ignore[arg-type]


@pytest.mark.parametrize("said, text, means", [
    ("Saved: your email address is now d.whitfeild.math@gmail.com.",
     "Correction, I misspelled that. It should be d.whitfield.math@gmail.com", "edit_contact"),
    ("Saved: your email address is now mdelgado.teach@gmail.com.",
     "WAIT. I'm so sorry, that's Mr. Delgado's email. This is Kaitlyn's account. Hers is "
     "kharper.edu@outlook.com", "edit_contact"),
])
def test_an_email_right_after_one_was_saved_changes_it_again(said: str, text: str,
                                                             means: str) -> None:
    turn = Turn(text, "nlu_fallback", 0.3)
    assert after_topic(turn, ["edit_contact"], _answered(said)) == means  # type: ignore[arg-type]


def test_that_number_after_the_educator_id_was_named() -> None:
    said = ("Mail the supporting documents ... Put your Educator ID on every document, and send "
            "them within 90 days of applying.")
    turn = Turn("where do i even find that number", "nlu_fallback", 0.3)
    assert after_topic(turn, ["faq/mail_documents"],
                       _answered(said, "faq_mail_documents")) == "faq/educator_id"  # type: ignore[arg-type]


def test_another_area_right_after_the_certificate() -> None:
    turn = Turn("It says Elementary Education 1-6. I teach 7th grade math. How do I add middle "
                "school math?", "apply", 0.78)
    assert after_topic(turn, ["check_certificate_status"],
                       _answered("Your certificates: ...", "check_certificate_status")) == \
        "apply:additional"  # type: ignore[arg-type]


def test_a_username_after_saying_the_first_was_wrong() -> None:
    from actions.signin import _another_username

    assert _another_username("omg sorry wrong one thats my old work login, its blind4cad734f",
                             "jmartinez_work") == "blind4cad734f"
    assert _another_username("sorry I did not get it, can you resend", "jmartinez_work") is None


# ------------------------------------------------------------------ one parse per text
def test_each_clause_and_the_reading_are_parsed_once() -> None:
    """The model reads a message's reading once (Rasa parses the reading itself, not the
    message and then the reading) and each clause once (the clause that leads is not parsed
    again): the blind conversations' turns are 22% reworded and many have clauses."""
    from bot.clauses import read_request, reading_of

    text = "HR says my Praxis score isn't in your system. Took it in March. Username jsmith2"
    asked: list[str] = []

    def parse(clause: str) -> dict[str, Any]:
        asked.append(clause)
        intent = "check_assessments" if "Praxis" in clause else "greet"
        return {"intent": {"name": intent, "confidence": 0.9},
                "intent_ranking": [{"name": intent, "confidence": 0.9}]}

    data = {"text": text, "intent": {"name": "greet", "confidence": 0.9},
            "intent_ranking": [{"name": "greet", "confidence": 0.9}]}
    reading = reading_of(text)
    assert reading == "HR says my Praxis score isn't in your system. Took it in March."
    out = read_request(data, parse, parsed_reading=reading)
    assert out["text"] == text
    assert out["intent"]["name"] == "check_assessments"  # the clause led
    assert len(asked) == len(set(asked))  # no text parsed twice
    assert all("jsmith2" not in clause for clause in asked)
    assert reading not in asked  # (Rasa parsed it already)
