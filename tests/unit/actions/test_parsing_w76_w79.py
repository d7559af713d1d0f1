"""What users w76-w79 showed going wrong, pinned down at the level of the parsers and of the
forms' extraction: a username named in a longer phrase, a mailing address typed on several
lines, a college given as a labelled list, and "one college" taken as a college's name."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.parsing import named_username, parse_address
from actions.profile import (
    ValidateCollegeForm,
    ValidateContactForm,
    college_asked,
    college_name_in,
    contact_field_in,
    contact_value_in,
)
from actions.signin import INVALID, username_slot


def _tracker(text: str, slots: dict[str, Any]) -> Tracker:
    """A tracker whose last message is `text` (read with no confident intent), with `slots`."""
    message = {"text": text, "intent": {"name": "nlu_fallback", "confidence": 0.3}}
    events = [{"event": "user", "text": text, "parse_data": message}]
    return Tracker("s", slots, message, events, False, None, {}, "action_listen")


# ---------------------------------------------------------------- 1. username in a phrase
@pytest.mark.parametrize("text, username", [
    ("The username she wrote on the sticky note is blindfd39dddf", "blindfd39dddf"),
    ("the username on my note is blindfd39dddf", "blindfd39dddf"),
    ("Username blindc33bdf39.", "blindc33bdf39"),
    ("The username she gave me is: jsmith2", "jsmith2"),
    ("the username on my account is jsmith2 but I forgot my password", "jsmith2"),
    # a plain word after "she wrote", ending the sentence
    ("The username she wrote on the sticky note is bobsmith", "bobsmith"),
    # words of the sentence are no usernames
    ("my username is on a sticky note", None),
    ("my username is on a sticky note.", None),
    ("the username on my account is disabled", None),
    ("the username field is required", None),
    ("the username I have is expired.", None),
    ("My username doesnt work and my password is Abc123!", None),
])
def test_a_username_named_in_a_longer_phrase(text: str, username: str | None) -> None:
    assert named_username(text) == username


def test_a_username_in_a_phrase_answers_the_sign_in_question() -> None:
    """(w76) "That doesn't look like a username" at "What is your username?"."""
    slot = "signin_username"
    tracker = _tracker("The username she wrote on the sticky note is blindfd39dddf",
                       {"requested_slot": slot})
    assert username_slot(tracker, slot) == {slot: "blindfd39dddf"}
    tracker = _tracker("my username is on a sticky note", {"requested_slot": slot})
    assert username_slot(tracker, slot) == {slot: INVALID}


# ---------------------------------------------------------------- 2. address on several lines
_ADDRESS_REQUEST = ("Understood. Now I would like to update my contact information. My new home "
                    "address is:\n1402 Elm Street\nColumbia, MO 65201")
_ADDRESS_ANSWER = "1402 Elm Street\nColumbia, MO 65201"
_ADDRESS = "1402 Elm Street, Columbia, MO 65201"


@pytest.mark.parametrize("text", [_ADDRESS_REQUEST, _ADDRESS_ANSWER,
                                  "1402 Elm Street,\nColumbia, MO 65201\n"])
def test_an_address_typed_on_several_lines(text: str) -> None:
    assert contact_value_in("address", text) == _ADDRESS
    assert parse_address(text) == {"address_line1": "1402 Elm Street", "city": "Columbia",
                                   "state": "MO", "postal_code": "65201"}


def test_an_address_on_several_lines_with_a_unit_and_a_thanks() -> None:
    text = "My new address:\n1402 Elm Street\nApt 3\nColumbia, MO 65201\nThanks!"
    assert contact_value_in("address", text) == "1402 Elm Street, Apt 3, Columbia, MO 65201"


def test_an_address_on_several_lines_as_the_request() -> None:
    """(w77) the whole message asks for the change and gives the address: both are read."""
    assert contact_field_in(_ADDRESS_REQUEST) == "address"
    tracker = _tracker(_ADDRESS_REQUEST, {"requested_slot": "contact_field"})
    found = asyncio.run(ValidateContactForm().validate_contact_field(
        "address", CollectingDispatcher(), tracker, {}))
    assert found == {"contact_field": "address", "contact_value": _ADDRESS}


def test_an_address_on_several_lines_as_the_answer() -> None:
    """(w77) typed at "What is the new mailing address?"."""
    tracker = _tracker(_ADDRESS_ANSWER, {"requested_slot": "contact_value",
                                         "contact_field": "address"})
    found = asyncio.run(ValidateContactForm().extract_contact_value(
        CollectingDispatcher(), tracker, {}))
    assert found == {"contact_value": _ADDRESS}


# ---------------------------------------------------------------- 3. a labelled college
_ILLINOIS_STATE = {"college_name": "Illinois State University", "college_city": "Normal",
                   "college_state": "IL"}


@pytest.mark.parametrize("text, slots", [
    ("One of my colleges is missing. Please add it:\n- Name: Illinois State University\n- "
     "Location: Normal, Illinois", _ILLINOIS_STATE),
    ("Name: Illinois State University, Location: Normal, Illinois", _ILLINOIS_STATE),
    ("College: Drury University; City: Springfield; State: MO",
     {"college_name": "Drury University", "college_city": "Springfield",
      "college_state": "MO"}),
    ("Please add Drury University\nCity: Springfield\nState: Missouri",
     {"college_name": "Drury University", "college_city": "Springfield",
      "college_state": "MO"}),
    ("School: Seoul National University\nLocation: Seoul, South Korea",
     {"college_name": "Seoul National University", "college_city": "Seoul",
      "college_state": "South Korea"}),
])
def test_a_college_given_as_a_labelled_list(text: str, slots: dict[str, str]) -> None:
    """(w78)"""
    assert college_asked(text) == slots


def test_a_labelled_college_answers_the_college_question() -> None:
    tracker = _tracker("University: Illinois State University\nLocation: Normal, Illinois",
                       {"requested_slot": "college_name"})
    found = asyncio.run(ValidateCollegeForm().extract_college_name(
        CollectingDispatcher(), tracker, {}))
    assert found == _ILLINOIS_STATE


# ---------------------------------------------------------------- 4. "one college"
@pytest.mark.parametrize("text", [
    "I studied at university in Korea, but I think it is not in my education list. Can I add "
    "one college?",
    "I want to add one college, please.",
    "add one college",
    "one more college",
    "I want to add 1 more college please",
    "I'd like to add a new university",
    "add this university",
])
def test_one_college_is_no_college_name(text: str) -> None:
    """(w79) "Added One College"; "Seoul National University" at the next question ignored."""
    assert college_asked(text) == {}


def test_a_college_after_add_is_named_without_add() -> None:
    assert college_name_in("i want to add drury college") == "Drury College"


def test_one_more_college_typed_as_the_name_is_asked_again() -> None:
    form, dispatcher = ValidateCollegeForm(), CollectingDispatcher()
    tracker = _tracker("one more college", {"requested_slot": "college_name"})
    assert asyncio.run(form.validate_college_name(
        "one more college", dispatcher, tracker, {})) == {"college_name": None}
    assert asyncio.run(form.validate_college_name(
        "Seoul National University", dispatcher, tracker, {})) == {
        "college_name": "Seoul National University"}


def test_the_label_that_says_college_names_the_college() -> None:
    assert college_asked("Name: Maria Lopez\nCollege: Drury University\nCity: Springfield, MO") == {
        "college_name": "Drury University", "college_city": "Springfield", "college_state": "MO"}
