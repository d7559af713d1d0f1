"""What the blind writers w84-w87 showed going wrong: a username typed as a bare token inside a
longer message, without the word "username" ("blind5a70873f wanna apply sub", "I am
blind767ee6d7.", "coachk55, email ..."), was asked for again. `parsing.lone_username` reads
it; the forms take it when they start (`signin.username_slot`), where the username is asked
(`signin.username_in`) and in the new account's username (`account.ValidateAccountForm`).
Everything else people type with letters and digits is no username."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.account import ValidateAccountForm
from actions.parsing import NUMBERED_WORDS, lone_username
from actions.signin import INVALID, username_in, username_slot
from actions.turns import Turn


def _tracker(text: str, slots: dict[str, Any]) -> Tracker:
    """A tracker whose last message is `text` (read with no confident intent), with `slots`."""
    message = {"text": text, "intent": {"name": "nlu_fallback", "confidence": 0.3}}
    events = [{"event": "user", "text": text, "parse_data": message}]
    return Tracker("s", slots, message, events, False, None, {}, "action_listen")


# ------------------------------------------------------- 1. the first message of a conversation
FIRST_MESSAGES = [
    ("blind5a70873f wanna apply sub", "blind5a70873f"),
    ("blindddc17884 finish sub app", "blindddc17884"),
    ("blind6a48f244 need to add my college", "blind6a48f244"),
    ("Good afternoon. I have received an e-mail that my application for the substitute "
     "certificate was returned. Why is this so? I am blind767ee6d7.", "blind767ee6d7"),
    ("Hi! I mentor new teachers in our district. my colleague needs a copy of her certificate "
     "for her personnel file and her Praxis score. she's signed out, blind5a8410e3",
     "blind5a8410e3"),
]


@pytest.mark.parametrize("text, username", FIRST_MESSAGES)
def test_a_bare_username_in_a_first_message(text: str, username: str) -> None:
    assert lone_username(text, asked=False) == username


@pytest.mark.parametrize("slot", ["signin_username", "new_username", "recovery_username"])
@pytest.mark.parametrize("text, username", FIRST_MESSAGES)
def test_a_form_starting_takes_the_bare_username(slot: str, text: str, username: str) -> None:
    """(w84, w85) "What is your username?" after a first message that had typed it: the code
    is mailed at once instead."""
    assert username_slot(_tracker(text, {}), slot) == {slot: username}


def test_a_form_starting_keeps_a_username_given_and_reads_no_button() -> None:
    slot = "signin_username"
    tracker = _tracker("blind5a70873f wanna apply sub", {slot: "jsmith2"})
    assert username_slot(tracker, slot) == {}
    assert username_slot(_tracker("/apply", {}), slot) == {}
    # a username named with the word keeps its reading
    assert username_slot(_tracker("my username is jdoe22, need to apply", {}), slot) == {
        slot: "jdoe22"}


# ---------------------------------------------- 2. the new account's username, when asked
@pytest.mark.parametrize("text, username", [
    ("coachk55, email blindf167adcd@example.org", "coachk55"),
    ("she'd like newuser42ee5757", "newuser42ee5757"),
    ("Can I use newusere15dee58? (it's my new married name hehe 💍)", "newusere15dee58"),
])
def test_the_username_asked_for_a_new_account(text: str, username: str) -> None:
    """(w84, w85) "Please type just the username you'd like" after one was typed."""
    form = ValidateAccountForm()
    tracker = _tracker(text, {"requested_slot": "new_username"})
    assert lone_username(text, asked=True) == username
    found = asyncio.run(form.extract_new_username(CollectingDispatcher(), tracker, {}))
    assert found == {"new_username": username}
    assert asyncio.run(form.parses("new_username", Turn.of(tracker), tracker))


def test_the_email_typed_with_the_new_username_is_kept() -> None:
    """ "coachk55, email x@example.org": the email is the email slot's too."""
    form = ValidateAccountForm()
    tracker = _tracker("coachk55, email blindf167adcd@example.org",
                       {"requested_slot": "new_username"})
    found = asyncio.run(form.extract_new_email(CollectingDispatcher(), tracker, {}))
    assert found == {"new_email": "blindf167adcd@example.org"}


def test_a_token_where_the_email_is_asked_is_no_new_username() -> None:
    """Only where the username is asked: at the email's question a lone token is no
    username of the form's (the answer is the email's)."""
    form = ValidateAccountForm()
    tracker = _tracker("i dont have one, coachk55 at school is blocked",
                       {"requested_slot": "new_email"})
    assert not asyncio.run(form.parses("new_username", Turn.of(tracker), tracker))


def test_a_password_where_the_new_username_is_asked_is_still_refused() -> None:
    form = ValidateAccountForm()
    tracker = _tracker("username jsmith2 and password Abc123!", {"requested_slot": "new_username"})
    found = asyncio.run(form.extract_new_username(CollectingDispatcher(), tracker, {}))
    assert found == {"new_username": "__password__"}


# ------------------------------------------------------ 3. the sign-in's username, when asked
@pytest.mark.parametrize("text, username", [
    ("I am blind767ee6d7", "blind767ee6d7"),
    ("it should be jsmith2 i think", "jsmith2"),
    ("hmm jsmith2 maybe? or was it with a dot", "jsmith2"),
    ("blind767ee6d7 and I forgot my password too", "blind767ee6d7"),
    # words only, or no username at all: the marker that none was given
    ("I forgot it", INVALID),
    ("I teach K-12 in Columbia", INVALID),
    ("My username doesnt work and my password is Abc123!", INVALID),
])
def test_the_username_asked_at_sign_in(text: str, username: str) -> None:
    slot = "signin_username"
    assert username_slot(_tracker(text, {"requested_slot": slot}), slot) == {slot: username}


def test_a_bare_username_is_no_username_where_the_email_is_asked() -> None:
    """The forgot-username form's email question: "my school one was jsmith2 something"
    describes the email; only a username said as one switches to signing in."""
    turn = Turn(text="my school one was jsmith2 something, not sure", intent="x",
                confidence=0.3)
    assert username_in(turn, asked=False) is None
    assert username_in(turn) == "jsmith2"


# ------------------------------------------------------------------- 4. no username in these
NOT_USERNAMES = [
    "I teach K-12 special education",
    "Elementary 1-6 certificate, how do I add it",
    "I passed the Praxis 5001 last month",
    "where is my praxis5001 score",
    "do you need my I-9 or my W-2?",
    "my new address is 4418 Wornall Road, Apt. 3, Kansas City, MO 64111",
    "my address is 12 Main St Apt3 Columbia",
    "room Rm204 at the central office, Hwy63 exit",
    "call me at 573-555-0199",
    "my phone is (816) 555-0142",
    "my birthday is 04/12/1985",
    "born April 12, 1985",
    "my ssn is 123-45-6789",
    "the code is 482913",
    "code 482 913 didnt work",
    "my email is x1@example.org",
    "I had COVID19 and missed the test",
    "I teach 4th grade",
    "I have a K12 endorsement",
    "MO-2024 is on the letter",
    "I paid $50 in 2024",
    "is the fee 1st or 2nd class mail",
    "my password is Summer2024",
    "pw: Tigers2024 i think",
    "its at www.district2.org",
    "email jsmith2 at gmail dot com",
    "I took my LBS1 in Illinois",
    "grades 9-12 math, Grades9-12 science",
    "Spring2024 semester courses at Mizzou",
    "blind5a70873f and blind6a48f244 both need to apply",
    "I'm in my mid-40s and changing careers",
    "R-7 district in Lee's Summit",
    "Title1 school, Section504 plans",
]


# Only where the username was not asked: asked, the one token is taken. (The words "its
# Buster2015" name a username to `named_username` still: only the lone reading is refused.)
NOT_IN_A_FIRST_MESSAGE = [
    "I think it was Hangang2019! can you check it",
    "Shall I tell you my old password so you can check it? it was Hangang2019",
    "I reset my pw to Coach55 yesterday",
    "i think its Buster2015! or maybe buster2015 with no caps, buster was our dog",
    "Summer2024 is my old password",
]


@pytest.mark.parametrize("text", NOT_USERNAMES + NOT_IN_A_FIRST_MESSAGE)
def test_no_username_in_a_first_message(text: str) -> None:
    assert lone_username(text, asked=False) is None


@pytest.mark.parametrize("text", NOT_USERNAMES)
def test_a_form_starting_takes_none_of_these(text: str) -> None:
    slot = "signin_username"
    assert username_slot(_tracker(text, {}), slot) == {}


@pytest.mark.parametrize("text", NOT_USERNAMES)
def test_no_username_where_it_is_asked(text: str) -> None:
    assert lone_username(text, asked=True) is None


@pytest.mark.parametrize("text, asked, username", [
    # a first message is stricter: five characters or more with three letters
    ("ab12 wanna apply", False, None),
    ("jd2024 wanna apply", False, None),
    ("it should be jdoe24 i think", True, "jdoe24"),
    # one or two letters and a number are a code ("K12", "W2", "MO2024"), asked or not
    ("it should be jd2024 i think", True, None),
    # the token after another field's name is that field's
    ("i think the email was jsmith2 something at school", True, None),
    # in a message about a password, a first message's username is one in lower case (a
    # password has its capital); asked, the token is taken
    ("forgot my password, blind767ee6d7", False, "blind767ee6d7"),
    ("hola se me olvidó el password 😩 mi usuario es blind5a70873f", False, "blind5a70873f"),
    ("forgot my password, I think it was Hangang2019", False, None),
    # (asked or not: a password is never sent anywhere as a username; w55-c07 "Shall I tell you
    # my old password so you can check it? I think it was Hangang2019!" where a reset asked
    # for the username)
    ("forgot my password, I think it was Hangang2019", True, None),
    ("Shall I tell you my old password so you can check it? I think it was Hangang2019!", True,
     None),
    # the same name twice is one; typed in capitals throughout, it is still one
    ("jsmith2 jsmith2 sign in", False, "jsmith2"),
    ("BLIND5A70873F WANNA APPLY SUB", False, "BLIND5A70873F"),
    # a word with its capital, digits and "!" in a first message is a password guessed at
    ("would it help if I tell you the old one? it might be Tigers2024!", False, None),
    ("it might be Tigers2024!", True, None),
    ("did I pass? blind5a70873f", False, "blind5a70873f"),
    ("blind5a70873f's application", False, "blind5a70873f"),
    # "Apt3!" is an apartment, whatever its mark
    ("blind5a70873f, Apt3!", False, "blind5a70873f"),
])
def test_where_the_lines_are(text: str, asked: bool, username: str | None) -> None:
    assert lone_username(text, asked=asked) == username


# ------------------------------------------------------------------------------ 5. properties
_WORDS = st.sampled_from(
    "hi hello please my her the a an and or but so I she wanna need want to apply sub app "
    "finish add college certificate application returned why is this signed out colleague "
    "copy score today thanks substitute teacher district school record status help can you "
    "check it was did we our their new old".split())
# What else people type with digits, all of it no username
_NOISE = st.sampled_from([
    "K-12", "1-6", "K12", "4th", "Praxis 5001", "praxis5001", "5001", "I-9", "W-2", "Apt3",
    "Rm204", "Hwy63", "Apt. 3", "573-555-0199", "04/12/1985", "123-45-6789", "482913", "2024",
    "COVID19", "MO-2024", "$50", "x1@example.org", "2nd", "9-12", "Grade4",
])
_LETTERS = st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=4, max_size=8)
_DIGITS = st.text(alphabet="0123456789", min_size=1, max_size=6)
_HEX = st.text(alphabet="0123456789abcdef", min_size=8, max_size=8).filter(
    lambda h: any(c.isdigit() for c in h))


@st.composite
def _usernames(draw: st.DrawFn) -> str:
    """A username-shaped token: letters and digits ("jsmith2", "newuser42ee5757",
    "blind5a70873f", "coachk55"), sometimes with a capital."""
    shape = draw(st.sampled_from(["letters-digits", "letters-digits-letters", "blind-hex"]))
    if shape == "blind-hex":
        token = "blind" + draw(_HEX)
    else:
        letters = draw(_LETTERS)
        if shape == "letters-digits":
            # (not a word people number: "grade4", "apt3", "spring2024")
            assume(letters not in NUMBERED_WORDS)
        token = letters + draw(_DIGITS)
        if shape == "letters-digits-letters":
            token += draw(st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=3,
                                  max_size=6))
    return token.capitalize() if draw(st.booleans()) else token


_WORDS_AND_NOISE = st.lists(st.one_of(_WORDS, _WORDS, _NOISE), min_size=0, max_size=12)


@settings(max_examples=300)
@given(_WORDS_AND_NOISE, _WORDS_AND_NOISE, _usernames(), st.booleans(),
       st.sampled_from(["", ".", "?", "!", ",", " :)"]))
def test_one_username_among_ordinary_words(before: list[str], after: list[str], name: str,
                                           asked: bool, end: str) -> None:
    text = " ".join([*before, name, *after]) + end
    # ("Abcd12!" is written like a password guessed at: test_where_the_lines_are)
    assume(not (name[0].isupper() and name[-1].isdigit() and text.endswith(name + "!")))
    assert lone_username(text, asked=asked) == name


@settings(max_examples=300)
@given(st.lists(st.one_of(_WORDS, _NOISE), min_size=1, max_size=16), st.booleans())
def test_ordinary_words_give_no_username(words: list[str], asked: bool) -> None:
    assert lone_username(" ".join(words), asked=asked) is None
