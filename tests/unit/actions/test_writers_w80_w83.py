"""What the blind writers w80-w83 (tests/blind/w80.yml ... w83.yml) showed going wrong on
their first run, at the level of the readings and parsers (the conversations run end to end
in tests/e2e/stack/test_conversations.py; the routing in tests/integration/actions)."""

from __future__ import annotations

import pytest

from actions.parsing import named_username
from actions.readings import corrected


@pytest.mark.parametrize("text, username", [
    ("sign in blind8474ad63", "blind8474ad63"),
    ("blindb3a86442 - sign in", "blindb3a86442"),
    ("log me in as j.smith", "j.smith"),
    ("sign in please", None),
    ("please sign me in", None),
])
def test_a_username_beside_sign_in(text: str, username: str | None) -> None:
    """The username typed with "sign in" was asked for again."""
    assert named_username(text) == username


@pytest.mark.parametrize("reading, text, means", [
    ("create_account", "whats open on my account", "check_application_status"),
    ("faq_returning_user", "if i go back to classroom does admin cert stay active",
     "certificate_requirements"),
    ("check_education_status", "And what should be on the envelope or the transcript so you "
     "know it's mine?", "faq/mail_transcripts"),
])
def test_w80_readings(reading: str, text: str, means: str) -> None:
    assert corrected(reading, text) == means


@pytest.mark.parametrize("reading, text, means", [
    ("greet", "hi, signing in", "sign_in"),
    ("view_contact", "what colleges do you even have on file for me", "check_education_status"),
    ("out_of_scope", "the principal keeps saying i should become a sub since theyre ALWAYS "
     "short, but i never went to college. so can i even be a substitute without a degree??",
     "certificate_requirements"),
    ("nlu_fallback", "Good day po. I would like to sign in first so that I can apply for my "
     "Initial Professional Certificate.", "apply"),
    ("what_can_you_do", "I MADE this one because i forgot the other one. so what now, make a "
     "third??", "faq/two_usernames"),
])
def test_w81_w82_readings(reading: str, text: str, means: str) -> None:
    assert corrected(reading, text) == means


def test_its_yes_for_this_one() -> None:
    """(w81) "ok well, yes then. for this one its yes" at a conduct question."""
    from actions.apply import conduct_answer
    from actions.turns import Turn

    assert conduct_answer(Turn("ok well, yes then. for this one its yes", "affirm", 0.6)) == \
        (True, None)


@pytest.mark.parametrize("reading, text, means", [
    ("nlu_fallback", "whats it say is missing", "check_application_status"),
    ("faq_email_correspondence", "and when she mails stuff to yall what number does she put on "
     "it so they know its hers", "faq/mail_documents"),
])
def test_w83_readings(reading: str, text: str, means: str) -> None:
    assert corrected(reading, text) == means


def test_a_second_what_question_after_and_is_a_clause() -> None:
    """(w83) "whens it expire and what did he get on the praxis" showed the scores only."""
    from bot.clauses import split_clauses

    assert split_clauses("whens it expire and what did he get on the praxis") == [
        "whens it expire", "what did he get on the praxis"]


def test_what_goes_on_the_transcript_is_no_look_at_the_records() -> None:
    """(w80) "... so you know it's mine? I'm nervous it gets lost" read as "was it lost?"."""
    assert corrected("faq_mail_transcripts", "And what should be on the envelope or the "
                     "transcript so you know it's mine? I'm nervous it gets lost") == \
        "faq_mail_transcripts"
    assert corrected("faq_mail_transcripts", "did you get my transcript") == \
        "check_education_status"
