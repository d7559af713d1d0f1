"""What the blind writers w64-w69 (tests/blind/w64.yml ... w69.yml) showed going wrong on
their first run, pinned down at the level of the parsers (the conversations themselves run
end to end in tests/e2e/stack/test_conversations.py)."""

from __future__ import annotations

import pytest

from actions.apply import answers_several, conduct_answer, situation_in
from actions.parsing import named_username, parse_address, parse_region
from actions.profile import college_asked
from actions.router import listed_as_mine
from actions.turns import Turn


def _turn(text: str) -> Turn:
    return Turn(text, "nlu_fallback", 0.3)


@pytest.mark.parametrize("text, answer", [
    # a sigh before the Yes: the Yes, its explanation asked next
    ("Oh dear. Yes, I have to answer yes to that one, I want to be honest.", (True, None)),
    ("Well... yes. In 2009 I wrote a bad check in Des Moines and paid it back.",
     (True, "In 2009 I wrote a bad check in Des Moines and paid it back.")),
    # a No said first, on its own
    ("No. I was charged in 2010 but it was dismissed.", (False, None)),
    ("Nope! Never been in trouble in my life, honest", (False, None)),
    # a question is no answer
    ("No. But what if it was expunged?", None),
])
def test_a_conduct_answer_after_a_sigh_or_said_first(text: str, answer: object) -> None:
    assert conduct_answer(_turn(text)) == answer


def test_no_on_every_other_conduct_question() -> None:
    assert answers_several(_turn("No. And no on every other conduct question after that one "
                                 "too.")) == "no_rest"


@pytest.mark.parametrize("text, situation", [
    ("which app do i use to add health to my cert?", {"wa_goal": "additional"}),
    ("Sir/Madam, I am already having Elementary Education 1-6 certificate. Now I wish to add ESL "
     "also. Which application I have to fill for this?", {"wa_goal": "additional"}),
    ("I have certificate for elementary. Now I pass the math test. I want to add Mathematics "
     "9-12.", {"wa_goal": "additional"}),
    # (an address or a college added is no subject area)
    ("I hold a certificate and want to add a new address", {}),
    ("how do i add my college to my records", {}),
])
def test_adding_an_area_to_a_certificate(text: str, situation: dict[str, str]) -> None:
    assert situation_in(text) == situation


@pytest.mark.parametrize("text, username", [
    ("ok fine just reset it. usernme is blinde9cd117b and emial blinde9cd117b@example.org",
     "blinde9cd117b"),
    ("username's blind39d8e84d. the email on it should be blind39d8e84d@example.org if that "
     "helps", "blind39d8e84d"),
    ("I still know my username, it's blindfbfcabfe, and the email on it is "
     "blindfbfcabfe@example.org.", "blindfbfcabfe"),
    ("my username, it's probably gone", None),
    ("the username's wrong", None),
])
def test_a_username_named_in_other_words(text: str, username: str | None) -> None:
    assert named_username(text) == username


def test_an_address_without_commas_ends_at_its_zip_code() -> None:
    assert parse_address("moved new addr 1407 oak hollow dr columbia mo 65203 new phone "
                         "5735550199") == {"address_line1": "1407 Oak Hollow Dr",
                                           "city": "Columbia", "state": "MO",
                                           "postal_code": "65203"}


def test_a_country_named_with_its_accents() -> None:
    assert parse_region("Haïti") == "Haiti"
    assert parse_region("México") == "Mexico"


@pytest.mark.parametrize("text, slots", [
    ("Before Lincoln I took a year of classes at the University of Northern Iowa in Cedar "
     "Falls, Iowa, and I don't see it anywhere on my education list. Could you add it?",
     {"college_name": "University of Northern Iowa", "college_city": "Cedar Falls",
      "college_state": "IA"}),
    ("I also attended the University of Nebraska at Kearney, in Kearney, Nebraska, and I don't "
     "believe it's listed. Could you please add it to my records?",
     {"college_name": "University of Nebraska at Kearney", "college_city": "Kearney",
      "college_state": "NE"}),
])
def test_a_college_with_its_town_before_a_comma_and(text: str, slots: dict[str, str]) -> None:
    assert college_asked(text) == slots


def test_two_statuses_after_one_my() -> None:
    assert sorted(listed_as_mine("need to check on my fingerprints and transcripts, district "
                                 "keeps bugging me")) == ["check_background_status",
                                                          "check_education_status"]


def test_slots_a_switch_cleared_are_not_validated_as_answers() -> None:
    """A form started by a switch ("Also, my Indian university is not showing in my education
    records. Kindly add the same." in the which-application questions) sees the sign-in
    slots the switch cleared: None is no username (no code is sent to "None") and no code."""
    import asyncio

    from rasa_sdk import Tracker
    from rasa_sdk.executor import CollectingDispatcher

    from actions.profile import ValidateCollegeForm

    message = {"text": "Kindly add the same.", "intent": {"name": "add_college",
                                                           "confidence": 0.9}}
    events = [{"event": "user", "text": "Kindly add the same.", "parse_data": message},
              {"event": "action", "name": "action_route"},
              {"event": "slot", "name": "signin_code", "value": None},
              {"event": "slot", "name": "signin_username", "value": None}]
    tracker = Tracker("s", {}, message, events, False, None,
                      {"name": "college_form"}, "action_route")
    domain = {"forms": {"college_form": {"required_slots": []}},
              "slots": {name: {} for name in ("signin_username", "signin_code", "college_name",
                                              "college_city", "college_state")}}
    dispatcher = CollectingDispatcher()
    asyncio.run(ValidateCollegeForm().get_validation_events(dispatcher, tracker, domain))
    assert dispatcher.messages == []


@pytest.mark.parametrize("text", [
    "I also take two summer class at other college, it not show in my education record. Can I "
    "add it?",
    "also i took summer classes at another college and its not on my list. can u add it",
])
def test_another_college_is_no_college_name(text: str) -> None:
    """(w71, w74) "at another college" named no college: "Added Another College"."""
    assert college_asked(text) == {}


def test_an_account_already_made_is_never_made_first() -> None:
    from actions.readings import HAS_AN_ACCOUNT

    assert HAS_AN_ACCOUNT.search("Hi, I create account yesterday. Now I need connect it")
    assert HAS_AN_ACCOUNT.search("I made an account, but when I tried to connect my record")
    assert not HAS_AN_ACCOUNT.search("I need to make an account so I can apply")
    assert not HAS_AN_ACCOUNT.search("I want to create an account")


@pytest.mark.parametrize("text, slots", [
    # (w70) the town in the next sentence
    ("Okay please add Middle Tennessee State University!! It's in Murfreesboro, Tennessee!!",
     {"college_name": "Middle Tennessee State University", "college_city": "Murfreesboro",
      "college_state": "TN"}),
    ("yeah so State Fair Community College is missing its in sedalia missouri can you add it "
     "on there", {"college_name": "State Fair Community College", "college_city": "Sedalia",
                  "college_state": "MO"}),
])
def test_a_college_with_its_town_in_the_next_sentence(text: str,
                                                      slots: dict[str, str]) -> None:
    assert college_asked(text) == slots


def test_keeping_what_was_entered_to_come_back_is_a_pause() -> None:
    """(w72) never added to the explanation just saved."""
    assert _turn("I must consult my files before I answer anything further. Please keep what I "
                 "have entered; I shall return to it.").is_pause


def test_a_legal_name_given_without_a_verb() -> None:
    """(w70) "Legal name Marcus Reyes. Not Marc." right after linking."""
    from actions.profile import legal_name_in

    assert legal_name_in("Legal name Marcus Reyes. Not Marc.") == ("Marcus", None, "Reyes")
    assert legal_name_in("my legal name changed as well") is None


@pytest.mark.parametrize("text, expiry", [
    ("my certificate expires in 5 weeks ... which application do i even need to renew it??",
     "window"),
    ("my cert expires in FIVE WEEKS, how do i renew", "window"),
    ("it expires in 2 weeks and I need to renew", "late"),
    ("renew my certificate, it runs out in 4 months", "early"),
])
def test_when_a_certificate_expires_said_as_a_span(text: str, expiry: str) -> None:
    """(w74) the upgrade's window from "expires in 5 weeks", not asked again."""
    assert situation_in(text) == {"wa_goal": "upgrade", "wa_expiry": expiry}
