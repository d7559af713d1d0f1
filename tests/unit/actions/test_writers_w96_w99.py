"""What the blind writers w96-w99 (tests/blind/w96.yml ... w99.yml) showed going wrong on
their first run (66/80, after the w92-w95 fixes), at the level of the readings, the parsers
and the forms' words (the conversations run end to end in
tests/e2e/stack/test_conversations.py)."""

from __future__ import annotations

import pytest

from actions.flow import Decision, Kind, decide
from actions.readings import PERSON, SOMEONE_TO_HELP, corrected
from actions.router import _not_a_sign_out
from actions.turns import Turn


# ------------------------------------------------------------------ signing out
@pytest.mark.parametrize("text, ranking, means", [
    # "run out" is no sign-out: the clause the words read is taken
    ("Yay! And when does it run out? I want to put it on my calendar",
     (("stop", 0.54), ("sign_out", 0.16)), "check_certificate_status"),
    ("Before I give that out, why do you need my Social Security number?",
     (("sign_out", 0.35), ("link_ssn", 0.23)), "link_ssn"),
    ("you are out of your mind", (("sign_out", 0.5), ("out_of_scope", 0.1)), "nlu_fallback"),
])
def test_a_sign_out_needs_words_that_say_it(text: str, ranking: tuple[tuple[str, float], ...],
                                           means: str) -> None:
    extras = ([{"text": "when does it run out?", "intent": "check_certificate_status",
                "by_words": True}] if "run out" in text else [])
    turn = Turn(text=text, intent="sign_out", confidence=ranking[0][1], ranking=ranking,
                extras=tuple(extras))
    assert _not_a_sign_out("sign_out", turn) == means


@pytest.mark.parametrize("text", [
    "log me out pls", "Please sign me out, I'm on a shared computer", "close my session please",
    "Kindly terminate my login session.", "end session", "get me out of my account",
    "I DONT WANT TO BE LOGGED IN ANYMORE", "disconnect my account from this chat", "logout",
])
def test_every_way_of_saying_sign_out_signs_out(text: str) -> None:
    turn = Turn(text=text, intent="sign_out", confidence=0.9)
    assert _not_a_sign_out("sign_out", turn) == "sign_out"


def test_a_sign_out_read_inside_a_form_needs_its_words_too() -> None:
    said = Turn(text="when does it run out", intent="sign_out", confidence=0.9)
    assert decide(said, Kind.FREE_TEXT, False, frozenset({"apply"})) is not Decision.SWITCH
    asked = Turn(text="please sign me out now, I'm on a school computer", intent="sign_out",
                 confidence=0.9)
    assert decide(asked, Kind.FREE_TEXT, False, frozenset({"apply"})) is Decision.SWITCH


# ------------------------------------------------------------------ readings
@pytest.mark.parametrize("reading, text, means", [
    ("human_handoff", "Good afternoon. I found my old username on a sticky note in my desk "
     "drawer, but the password is long gone. Can you reset it for me?", "forgot_password"),
    ("faq_district_access", "yay I pass!! how I can print my certificado for the escuela?",
     "check_certificate_status"),
    ("nlu_fallback", "oh no ok. and what about the fingerprint/background check part, is that "
     "done??", "check_background_status"),
    ("faq_email_correspondence", "Hi there. Priya, one of our new hires, wants the email on her "
     "certification profile changed so she stops missing messages.", "edit_contact"),
    ("faq_returning_user", "I need to get my online account tied back to my teaching record. "
     "It's been about fifteen years since I've touched any of this.", "link_ssn"),
    ("faq_district_access", "Oh no, that's so weird! I have no idea what it was called. Is there "
     "a real person I could talk to about sorting this out?", "human_handoff"),
])
def test_w96_w99_readings(reading: str, text: str, means: str) -> None:
    assert corrected(reading, text) == means


@pytest.mark.parametrize("reading, text", [
    # what a district sees, not a look at one's own fingerprints
    ("faq_district_access", "can the district just look up my fingerprint thing themselves or "
     "do i have to send it"),
    # how transcripts are marked, not whether they arrived ("get lost" is a worry)
    ("faq_mail_transcripts", "so when i mail my transcripts do i write that number on them or "
     "my social or both?? i dont want them to get lost"),
    ("faq_district_access", "can my principal print my certificate herself?"),
])
def test_what_the_new_rows_leave_alone(reading: str, text: str) -> None:
    assert corrected(reading, text) == reading


def test_a_lost_transcript_is_still_asked_after() -> None:
    assert corrected("faq_mail_transcripts", "i think my transcript got lost") == \
        "check_education_status"
    assert corrected("nlu_fallback", "need to check on my fingerprints and transcripts, district "
                     "keeps bugging me") == "check_background_status"


def test_a_person_to_talk_to() -> None:
    text = "Is there a real person I could talk to about sorting this out?"
    assert PERSON.search(text) or SOMEONE_TO_HELP.search(text)
    assert not SOMEONE_TO_HELP.search("is there a way to reset it myself")


# ------------------------------------------------------------------ forms
def test_a_question_to_change_an_answer_in_the_third_person() -> None:
    said = Turn("Wait, she says question 2 should actually be yes. Can we change that one?",
                "faq", 0.5)
    assert (said.changed_question(), said.changed_to()) == (2, True)
    assert Turn("q3 should have been no", "deny", 0.5).changed_question() == 3


@pytest.mark.parametrize("text, decision", [
    ("transcript where", Decision.INLINE),
    ("Truman State University", Decision.ANSWER),
    ("i dont know why", Decision.ANSWER),
])
def test_a_terse_question_at_a_free_text_slot(text: str, decision: Decision) -> None:
    said = Turn(text, "faq", 0.72, faq_key="mail_transcripts")
    assert decide(said, Kind.FREE_TEXT, False, frozenset({"add_college"})) is decision


def test_a_hedged_choice_of_type_is_a_choice() -> None:
    from actions.apply import _HEDGED_PICK

    assert _HEDGED_PICK.match("I'm pretty sure it's the Non-MO Graduate one since I went to "
                              "college in Illinois?")
    assert not _HEDGED_PICK.match("When can I upgrade to career continuous?")


def test_a_username_typed_where_the_code_is_asked() -> None:
    from actions.signin import _another_username

    assert _another_username("dsmith42", "Dave") == "dsmith42"
    assert _another_username("Dave", "dsmith42") is None  # a word, not a username
    assert _another_username("dsmith42", "dsmith42") is None  # the same one
    assert _another_username("123456", "Dave") is None  # a code
    assert _another_username("resend it", "Dave") is None
