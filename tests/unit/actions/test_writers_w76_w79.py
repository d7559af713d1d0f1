"""What the blind writers w76-w79 (tests/blind/w76.yml ... w79.yml) showed going wrong on
their first run, pinned down at the level of the readings and the form's decisions (the
conversations themselves run end to end in tests/e2e/stack/test_conversations.py; the
review's "don't submit yet" and a switch of application type in
tests/integration/actions/test_actions.py)."""

from __future__ import annotations

import pytest

from actions.answers import match_type
from actions.flow import Decision, Kind, decide
from actions.readings import corrected
from actions.turns import Turn
from bot.clauses import split_clauses


@pytest.mark.parametrize("text", [
    "I honestly don't remember making another. Can you get me to a person to sort this out?",
    "Then get me a person to sort this out.",
    "Connect me with someone at the help desk. I start in August.",
])
def test_get_me_a_person_is_a_handoff(text: str) -> None:
    """(w77, w79) read as "are you a bot?": "I'm an automated assistant ..." and no handoff."""
    assert corrected("bot_challenge", text) == "human_handoff"


def test_thank_you_in_front_is_one_clause() -> None:
    """(w77) "Thank you. Now I want to sign in ..." was split "Thank" / "you" / ..., and the
    thanks answered ("You're welcome!") instead of the sign-in."""
    assert split_clauses("Thank you. Now I want to sign in to see my application.") == [
        "Thank you", "Now I want to sign in to see my application."]


def test_an_answer_after_never_mind_is_the_answer() -> None:
    """(w79) "oh ok nvm lol. can u send me my username then? my email is ..." where the email
    is asked: the email, not a stop. A plain "nvm" still stops."""
    text = "oh ok nvm lol. can u send me my username then? my email is a@example.org"
    assert decide(Turn(text, "forgot_username", 0.9), Kind.VALUE, True,
                  frozenset({"forgot_username"})) is not Decision.STOP
    assert decide(Turn("nvm, forget it", "stop", 0.9), Kind.VALUE, False,
                  frozenset({"forgot_username"})) is Decision.STOP


TYPES = [{"code": "substitute", "name": "Substitute", "aliases": ["sub"]},
         {"code": "initial_professional", "name": "Initial Professional Certificate",
          "aliases": ["initial professional"]}]


def test_instead_of_a_type_is_not_that_type() -> None:
    """(w79) "can i switch to that instead of sub?" named the Substitute it leaves."""
    assert match_type(TYPES, "can i switch to the initial professional one instead of "
                             "sub?")["code"] == "initial_professional"
    assert match_type(TYPES, "ok instead of sub") is None


def test_whats_missing_in_two_words_is_an_extra_request() -> None:
    """(w79) "What's missing, and where is my background check?" showed the background check
    only: a clause of two words the table of corrections reads counts; two words it does not
    read ("Thank you") still add nothing."""
    from actions.readings import WHATS_MISSING
    from bot.clauses import add_clauses

    assert WHATS_MISSING.search("whats the holdup") and WHATS_MISSING.search("What's missing")
    readings = {"What's missing": ("nlu_fallback", 0.4),
                "where is my background check?": ("check_background_status", 0.9)}
    data = {"text": "What's missing, and where is my background check?",
            "intent": {"name": "check_background_status", "confidence": 0.87}}
    out = add_clauses(data, lambda t: {"intent": {"name": readings[t][0],
                                                  "confidence": readings[t][1]}})
    assert [e["intent"] for e in out["extras"]] == ["check_application_status"]


def test_how_long_once_the_documents_are_in() -> None:
    """(w79) after the status: the processing time, not the fingerprinting steps."""
    assert corrected("nlu_fallback", "How long once the documents are in?") == \
        "faq/processing_time"


@pytest.mark.parametrize("text, means", [
    ("My program says the district might apply for a TAC for me. What is that and why would "
     "the district apply instead of me?", "certificate_requirements"),
    ("What is a TAC?", "certificate_requirements"),
    ("I want to apply for a TAC, what is the fee?", "apply"),
])
def test_what_an_application_is_does_not_start_it(text: str, means: str) -> None:
    """(w77) "What is that ...?" about a TAC started the TAC application."""
    assert corrected("apply", text) == means


def test_the_easiest_fix_a_new_account_is_a_second_account() -> None:
    """(w77) "forgot the password. Easiest fix is probably to just make a new account,
    right?": the reset's introduction says the one-username rule first."""
    from actions.readings import SECOND_ACCOUNT

    assert SECOND_ACCOUNT.search("Can't get into my account, forgot the password. Easiest fix "
                                 "is probably to just make a new account, right?")


def test_the_new_password_for_this_chat_is_asked_about() -> None:
    """(w79) after a reset, "Do I need the new password for this chat? Can I type it in
    here?" started a second reset; it is the rule (no password is typed here)."""
    from actions.answers import asks_about_the_password

    assert asks_about_the_password("Do I need the new password for this chat? Can I type it "
                                   "in here?")
