"""What the blind writers w92-w95 (tests/blind/w92.yml ... w95.yml) showed going wrong on
their first run (66/80, after the w88-w91 fixes), at the level of the readings, the parsers
and the forms' words (the conversations run end to end in
tests/e2e/stack/test_conversations.py)."""

from __future__ import annotations

import pytest

from actions.answers import TAKEN_BACK
from actions.apply import _SWITCH_TYPE, _WRONG_ONE
from actions.context import follow_up_on
from actions.readings import corrected
from actions.turns import Turn
from tests.unit.actions.fakes import RoutedTracker


@pytest.mark.parametrize("reading, text, means", [
    ("nlu_fallback", "going forward can I check this myself from the district side instead of "
     "bugging her?", "faq/district_access"),
    ("what_can_you_do", "Thank you very much. Just so I'm sure I do this correctly: I should "
     "only ever have the one username, is that right?", "faq/two_usernames"),
    ("apply", "before I even start, I have a DUI from 2012. Im finishing my alternative program "
     "and want to apply for my initial certificate but Im scared that will ruin everything. do "
     "I have to put that on the application?", "faq/sworn_statement"),
    ("change_personal_info", "do i put my social security number on it", "faq/mail_transcripts"),
    ("change_personal_info", "hi i've never used this system before. do i sign up with my "
     "maiden name or my married name? i got married 2 months ago", "faq/legal_name"),
    ("faq_missing_test_scores", "Our new science teacher started Monday and her Initial "
     "Professional still isn't showing. She's here with me. Can we see what's holding it up?",
     "check_application_status"),
])
def test_w92_w95_readings(reading: str, text: str, means: str) -> None:
    assert corrected(reading, text) == means


@pytest.mark.parametrize("reading, text", [
    ("apply", "I want to apply for the Initial Professional certificate"),
    ("apply", "do I have to put my old address on the application?"),  # no offence named
    ("faq_missing_test_scores", "my praxis score isn't showing, what's holding it up?"),
    ("create_account", "can I make an account for my district side"),
])
def test_what_the_new_rows_leave_alone(reading: str, text: str) -> None:
    assert corrected(reading, text) == reading


@pytest.mark.parametrize("text, number", [
    ("wait. on question 2 i said no but i had a dui in 1989. i need to change that one", 2),
    ("q4 - I answered no but need to fix that", 4),
])
def test_a_change_that_points_back_at_its_question(text: str, number: int) -> None:
    assert Turn(text, "affirm", 0.5).changed_question() == number


@pytest.mark.parametrize("text", ["question 2 is fine, i dont want to change it",
                                  "number 3 was no, do not change that"])
def test_no_change_when_it_is_said_not_to(text: str) -> None:
    assert Turn(text, "affirm", 0.5).changed_question() is None


def _after(last: str) -> RoutedTracker:
    return RoutedTracker((last, 0.9), answer="a status")


@pytest.mark.parametrize("last, text, intent, means", [
    ("check_application_status", "n my fingerprints?", "faq_fingerprinting",
     "check_background_status"),
    ("check_background_status", "and the transcript from lincoln?", "faq_mail_transcripts",
     "check_education_status"),
    ("check_application_status", "what about my scores", "faq_missing_test_scores",
     "check_assessments"),
])
def test_and_the_other_thing_after_a_status_is_its_status(last: str, text: str, intent: str,
                                                          means: str) -> None:
    turn = Turn(text, "faq", 0.9, faq_key=intent.removeprefix("faq_"))
    assert follow_up_on(turn.request, turn, _after(last), True) == means


@pytest.mark.parametrize("text", ["and the transcript, where do I send it?",
                                  "and how do I get my fingerprints done"])
def test_and_a_question_about_it_is_not_the_status(text: str) -> None:
    turn = Turn(text, "faq", 0.9, faq_key="mail_transcripts")
    assert follow_up_on(turn.request, turn, _after("check_background_status"), True) not in (
        "check_education_status", "check_background_status")


@pytest.mark.parametrize("text, after", [
    ("Sorry, I choose wrong. I finish teacher program at university, so I want Initial "
     "Professional, not Substitute", None),
    ("Let's start the substitute application. Actually no, scratch that, she finished her "
     "program in May so she needs the Initial Professional one",
     " she finished her program in May so she needs the Initial Professional one"),
])
def test_a_type_taken_back_switches(text: str, after: str | None) -> None:
    assert _SWITCH_TYPE.search(text)
    if after is not None:
        assert TAKEN_BACK.split(text)[-1].lstrip(",") == after


def test_a_wrong_choice_in_other_words() -> None:
    assert _WRONG_ONE.search("I picked the wrong one")
    assert not _WRONG_ONE.search("nothing went wrong with the prints")


@pytest.mark.parametrize("text, goal", [
    ("Hi there, principal at Northside. I'm helping a new hire get her application in, she's "
     "right next to me. can you log her in", None),
    ("Principal here. Our new hire needs her paperwork done", None),
    ("im an assistant principal at Hickman, i need the admin certificate", "administrator"),
    ("I am a teacher and want to become a principal", "administrator"),
])
def test_the_principal_typing_is_not_the_application_wanted(text: str, goal: str | None) -> None:
    from actions.apply import situation_in

    assert situation_in(text).get("wa_goal") == goal


def test_a_type_taken_back_is_not_the_one_meant() -> None:
    from actions.answers import match_type

    types = [{"code": "substitute", "name": "Substitute"},
             {"code": "initial_professional", "name": "Initial Professional Certificate",
              "aliases": ["initial professional"]}]
    text = ("Let's start the substitute application. Actually no, scratch that, she finished "
            "her program in May so she needs the Initial Professional one")
    assert match_type(types, text)["code"] == "initial_professional"
    assert match_type(types, "Substitute. I meant it")["code"] == "substitute"


@pytest.mark.parametrize("text, city, state", [
    ("add Northwest Missouri State University to my education. Maryville MO", "Maryville", "MO"),
    ("add Webster University please. Kansas City, MO", "Kansas City", "MO"),
    ("add Truman State University. thanks MO", None, None),
    ("add Missouri State University. I went there 2010 to 2014", None, None),
])
def test_a_next_sentence_that_is_only_a_town(text: str, city: str | None,
                                             state: str | None) -> None:
    from actions.profile import college_asked

    asked = college_asked(text)
    assert (asked.get("college_city"), asked.get("college_state")) == (city, state)


def test_no_town_asks_where_transcripts_go() -> None:
    from actions.profile import _NO_TOWNS_WORDS

    assert _NO_TOWNS_WORDS.search("transcript mailed where")
    for town in ("Maryville", "St. Louis", "Cape Girardeau", "Mayagüez"):
        assert not _NO_TOWNS_WORDS.search(town)


@pytest.mark.parametrize("reading, text, means", [
    ("nlu_fallback", "my finger paint is ok? i do it already", "check_background_status"),
    ("faq_fingerprinting", "my fingerprints are ok?", "check_background_status"),
    ("faq_fingerprinting", "my fingerprints are ok for how long?", "faq_fingerprinting"),
])
def test_my_fingerprints_are_ok(reading: str, text: str, means: str) -> None:
    assert corrected(reading, text) == means


def test_hours_of_what_after_the_memo_is_the_memo_again() -> None:
    turn = Turn("36 hours of WHAT?? i have a BFA in studio art, i have way more than 36 hours",
                "faq", 0.69, faq_key="two_usernames")
    assert follow_up_on(turn.request, turn, _after("check_application_status"), True) == (
        "check_application_status")
