"""The parsers that read what users type."""

from __future__ import annotations

import pytest

from actions.apply import NO_TO_THE_REST_RE
from actions.parsing import (
    looks_like_password,
    named_username,
    parse_address,
    parse_code,
    parse_date_of_birth,
    parse_email,
    parse_phone,
    parse_ssn,
    without_named_username,
)


@pytest.mark.parametrize("text", ["123-45-6789", "123 45 6789", "123456789",
                                  "my ssn is 123-45-6789", "\u0661\u0662\u0663-\u0664\u0665-"
                                  "\u0666\u0667\u0668\u0669", "123\u201345\u20136789",
                                  "\uff11\uff12\uff13 \uff14\uff15 \uff16\uff17\uff18\uff19"])
def test_ssn_formats_are_normalised(text: str) -> None:
    assert parse_ssn(text) == "123-45-6789"


def test_the_demo_ssns_in_the_9xx_area_are_accepted_as_the_backend_accepts_them() -> None:
    assert parse_ssn("900-33-0003") == "900-33-0003"


@pytest.mark.parametrize("text", ["12345678", "000-12-3456", "123-45-678", "no digits",
                                  "\u0660\u0660\u0660-\u0661\u0662-\u0663\u0664\u0665\u0666",
                                  "123-45-6789 and 234-56-7890"])
def test_invalid_ssns_are_rejected(text: str) -> None:
    assert parse_ssn(text) is None


@pytest.mark.parametrize("text", ["04/12/1985", "4/12/1985", "1985-04-12", "April 12 1985",
                                  "april 12, 1985", "12 April 1985", "Apr 12th 1985"])
def test_dates_of_birth_become_iso(text: str) -> None:
    assert parse_date_of_birth(text) == "1985-04-12"


@pytest.mark.parametrize("text", ["13/45/1985", "2999-01-01", "yesterday"])
def test_impossible_dates_are_rejected(text: str) -> None:
    assert parse_date_of_birth(text) is None


def test_codes_emails_addresses_and_passwords() -> None:
    assert parse_code("the code is 123 456") == "123456"
    assert parse_code("12345") is None
    assert parse_email("mail me at A.B@Example.org please") == "a.b@example.org"
    assert parse_address("12 Main St, Jefferson City, MO 65101") == {
        "address_line1": "12 Main St", "city": "Jefferson City", "state": "MO",
        "postal_code": "65101"}
    assert looks_like_password("my password is Secret123")
    assert not looks_like_password("jsmith42")


@pytest.mark.parametrize(("text", "name"), [
    ("Log me in. username jsmith2", "jsmith2"),
    ("need to link my acct so i can apply to sub. username j.smith", "j.smith"),
    ("Username newuser7, my email is newuser7@example.org. My name is Dana.", "newuser7"),
    ("Let's use dana.reyes as the username, and my email is d@example.org", "dana.reyes"),
    ("make one, user dreyes85 email d@example.org", "dreyes85"),
    ("and for the username can I do dreyes85?", "dreyes85"),
    ("she would like the username preyes.", "preyes"),
    ("My username is jsmith", "jsmith"),
    ("ok. I want the username to be newuser7, email is n@example.org", "newuser7"),
    ("usrname jsmith2", "jsmith2"),
    ("can i just pick up where i left off? user is blind73553cab", "blind73553cab"),
    ("The username I want is newuser7 and my email is newuser7@example.org", "newuser7"),
    ("username I want: jsmith2", "jsmith2"),
    ("Can you tell me what schools show up on my education records?! blindf21efc62",
     "blindf21efc62"),
    ("I passed the Praxis 5001. Thanks!", None),
    ("My zip changed. 65203", None),
    ("Where do I mail my transcripts? thanks", None),
    ("username: j_smith", "j_smith"),
    ("Found it, thank you, it's dreyes85. While I have you", "dreyes85"),
    ("I forgot my username and password", None),
    ("my username is probably wrong", None),
    ("the username field is empty", None),
    ("this site is not user friendly", None),
    ("I can't remember the username I picked", None),
    ("it's fine, thanks", None),
    ("I have written my username down, however. What is the procedure for resetting a "
     "password?", None),
    ("my username is jsmith2, however", "jsmith2"),
    ("blind083d642f is my user name and my email is blind083d642f@example.org",
     "blind083d642f"),
    ("ok, maria.chen is my username", "maria.chen"),
    ("This is my username", None),
    ("Thanks. That is the username I wanted", None),
])
def test_a_username_named_anywhere_in_a_message(text: str, name: str | None) -> None:
    assert named_username(text) == name


@pytest.mark.parametrize(("text", "reading"), [
    ("HR says my Praxis score isn't in your system. Took it in March. Username jsmith2",
     "HR says my Praxis score isn't in your system. Took it in March."),
    ("I want apply for the Substitute certificate first. My username is j.smith.",
     "I want apply for the Substitute certificate first."),
    ("got fingerprinted 3 weeks ago. username jsmith2, check it",
     "got fingerprinted 3 weeks ago. check it"),
    ("I forgot my password, my username is jsmith2 and I cant get in",
     "I forgot my password and I cant get in"),
    # nothing else in the message, or no username named: the message as it is
    ("Yes, please help me make one. My email is d.reyes@example.org.",
     "Yes, please help me make one."),
    ("My name is Lucia, the email is l@example.org and for username I like lucia85.",
     "My name is Lucia, and for"),
    ("Her username is bob.smith.", "Her username is bob.smith."),
    ("username jsmith2", "username jsmith2"),
    ("my username is probably wrong", "my username is probably wrong"),
    ("the username field is empty", "the username field is empty"),
    ("Found it, it's dreyes85. Where do I mail transcripts?",
     "Found it, it's dreyes85. Where do I mail transcripts?"),
])
def test_a_request_is_read_without_the_username_it_names(text: str, reading: str) -> None:
    assert without_named_username(text) == reading


@pytest.mark.parametrize("text", [
    "It's 1412 Willow Creek Drive, Columbia, MO 65203.",
    "and the address is 1412 Willow Creek Drive, Columbia, MO 65203",
    "new address: 1412 Willow Creek Drive, Columbia, MO 65203!",
])
def test_words_before_the_street_number_are_not_the_street(text: str) -> None:
    assert parse_address(text) == {"address_line1": "1412 Willow Creek Drive",
                                   "city": "Columbia", "state": "MO", "postal_code": "65203"}


@pytest.mark.parametrize(("text", "rest"), [
    ("No to the remaining ones as well.", True),
    ("The other ones are all no.", True),
    ("no, and no for the other questions too", True),
    ("no to the rest", True),
    ("No for all other question also.", True),
    ("all the rest no", True),
    ("No for all of the questions.", True),
    ("no, but I have another question", False),
    ("all no", True),
    ("No", False),
    ("no, never", False),
    ("yes to the rest", False),
    ("What are the other questions?", False),
    ("No. I have never been charged with anything", False),
])
def test_no_to_the_rest_of_the_conduct_questions(text: str, rest: bool) -> None:
    assert bool(NO_TO_THE_REST_RE.search(text)) is rest


@pytest.mark.parametrize(("text", "answer"), [
    ("ok. then my answer is yes", True), ("Ok, then yes.", True), ("fine, no", False),
    ("the answer is no", False),
    ("Thank you. My answer to the question is no.", False),
    ("I'll say no", False), ("my answer is yes because", None),
    ("ok I'll just say yes to be safe \U0001f605", True), ("I'll say yes?", None),
    ("ok thank you. for the question: yes", True), ("for this one, no", False),
])
def test_a_yes_or_no_said_in_a_sentence(text: str, answer: bool | None) -> None:
    from actions.apply import yes_no_answer
    from actions.turns import Turn

    assert yes_no_answer(Turn(text=text, intent="inform", confidence=0.1)) is answer


@pytest.mark.parametrize(("text", "pause"), [
    ("alright. I'm going to stop for tonight and read it again tomorrow", True),
    ("wait, I have to go get my grandson from practice. it'll keep, right?", True),
    ("I have to go back to question 2", False),
    ("alright. whats next, do I need to go get the fingerprints done first or what", False),
    ("i need to go through the form again", False),
    ("ok she wants to go dig up her transcript info first, can she finish the rest of this "
     "later?", True),
    ("can I finish the application tomorrow", True),
    ("Have to go. Save it, will finish tonight.", True),
    ("have to go through all of them again?", False),
])
def test_a_pause_in_so_many_words(text: str, pause: bool) -> None:
    from actions.turns import Turn

    assert Turn(text=text, intent="inform", confidence=0.1).is_pause is pause


@pytest.mark.parametrize(("text", "values"), [
    ("new address is 1417 County Road 220, Seymour MO 65746. phone 417-555-0193",
     {"phone": "417-555-0193", "address": "1417 County Road 220, Seymour MO 65746"}),
    ("The new address is 1420 E Cherry St, Apt 3, Springfield, MO 65802. The phone is "
     "417-555-0126.",
     {"phone": "417-555-0126", "address": "1420 E Cherry St, Apt 3, Springfield, MO 65802"}),
    # a number corrected in the same message: the last one
    ("also phone 314 555 0192 wait no thats my old one its 314-555-0176",
     {"phone": "314-555-0176"}),
    ("new email is k.b@example.org and my cell is 573.555.0101",
     {"email": "k.b@example.org", "phone": "573-555-0101"}),
    ("I moved from St. Louis to Springfield last month", {}),
    ("new address is 418 Maple Ridge Dr, Columbia MO 65203!! new cell is 573-555-0142 and my "
     "email is now m.okafor@example.org bc the old one got shut off",
     {"address": "418 Maple Ridge Dr, Columbia MO 65203", "phone": "573-555-0142",
      "email": "m.okafor@example.org"}),
    # a sentence before it with commas; the phone after the ZIP code in the same sentence
    ("Thank you. She has also moved since she applied, so her address needs updating. The new "
     "address is 418 Elm Street, Fulton, MO 65251, and her new phone number is 573-555-0147.",
     {"phone": "573-555-0147", "address": "418 Elm Street, Fulton, MO 65251"}),
])
def test_every_contact_value_a_message_gives(text: str, values: dict[str, str]) -> None:
    from actions.profile import contact_values_in

    assert contact_values_in(text) == values


@pytest.mark.parametrize(("text", "now"), [
    ("I've read the Sworn Statement and I accept. Please submit it to DESE.", True),
    ("I accept, send it in", True),
    ("I accept", False),
    ("I accept but don't submit yet", False),
])
def test_a_signature_with_a_go_ahead_submits(text: str, now: bool) -> None:
    from actions.apply import SUBMIT_NOW_RE

    assert bool(SUBMIT_NOW_RE.search(text)) is now


@pytest.mark.parametrize(("text", "name"), [
    ("legal name is Kayla Brennan. people call me kay but i know", ("Kayla", None, "Brennan")),
    ("my full name is Ana Maria Lopez", ("Ana", "Maria", "Lopez")),
    ("my legal name is kayla brennan and i got married", ("kayla", None, "brennan")),
    ("legal name: Jo Smith", ("Jo", None, "Smith")),
    ("my name on there shoud be Margaret Kowalski, thats my legal name. everybody calls me "
     "Peggy", ("Margaret", None, "Kowalski")),
    ("and put my real name Robert Hutchins on it", ("Robert", None, "Hutchins")),
    ("Please, my name must be my legal name. First name Mohammed, last name Al-Khatib. Not Mo.",
     ("Mohammed", None, "Al-Khatib")),
    ("My legal name is Park Hyejin. In English order, first name is Hyejin and family name is "
     "Park. Please do not use Jenny", ("Hyejin", None, "Park")),
    ("please make sure the profile has my legal name, Margaret Doss. Everyone calls me Meg",
     ("Margaret", None, "Doss")),
    ("my legal name, it says Meg on there", None),  # after a comma only a capitalised name
    ("its Jennifer Marsh on my drivers license everybody calls me jenny but put jennifer",
     ("Jennifer", None, "Marsh")),
    ("my name is wrong on there", None),
    # not stated in full, or more than the form holds: asked for part by part
    ("my legal name is Kayla Ann Marie Brennan", None),
    ("what is my legal name on file", None),
    ("legal name is", None),
])
def test_a_legal_name_stated_in_full(text: str, name: tuple[str, str | None, str] | None,
                                     ) -> None:
    from actions.profile import legal_name_in

    assert legal_name_in(text) == name


@pytest.mark.parametrize(("text", "place"), [
    ("DePaul University, Chicago, Illinois.", ("DePaul University", "Chicago", "IL")),
    ("Please add St. Louis Community College, located in St. Louis, Missouri.",
     ("St. Louis Community College", "St. Louis", "MO")),
    ("Lincoln University in Jefferson City, MO", ("Lincoln University", "Jefferson City", "MO")),
    ("State Fair Community College in Sedalia", ("State Fair Community College", "Sedalia",
                                                 None)),
    # the state after the town without a comma; a town whose last word is no state
    ("add William Woods University, Fulton MO", ("William Woods University", "Fulton", "MO")),
    ("Texas State University, San Marcos Texas", ("Texas State University", "San Marcos",
                                                  "TX")),
    ("University of Missouri, Kansas City", ("University of Missouri", "Kansas City", None)),
    # the name alone: the town is asked
    ("University of Central Missouri", None),
    ("University of Missouri", None),
    ("Crowder, I think", None),
])
def test_a_college_named_with_its_town(text: str, place: tuple[str, str, str | None] | None,
                                       ) -> None:
    from actions.profile import college_place_in

    assert college_place_in(text) == place


@pytest.mark.parametrize(("text", "address"), [
    ("and her new adress is 1412 elm st holts summit mo 65043",
     {"address_line1": "1412 Elm St", "city": "Holts Summit", "state": "MO",
      "postal_code": "65043"}),
    ("1412 Oak Hollow Dr Apt 4 Columbia MO 65203",
     {"address_line1": "1412 Oak Hollow Dr", "address_line2": "Apt 4", "city": "Columbia",
      "state": "MO", "postal_code": "65203"}),
    ("I moved 3 times in 2019", None),
    # a street without a suffix ends at its unit
    ("2207 w broadway apt 4 sedalia mo 65301",
     {"address_line1": "2207 W Broadway", "address_line2": "Apt 4", "city": "Sedalia",
      "state": "MO", "postal_code": "65301"}),
    # no state: a Missouri ZIP code says it
    ("2207 Oak Ridge Dr Columbia 65203",
     {"address_line1": "2207 Oak Ridge Dr", "city": "Columbia", "state": "MO",
      "postal_code": "65203"}),
    ("55 Oak St Austin 78701", None),  # (not Missouri's: the state is needed)
    # the city's last word is not part of the state
    ("1120 W MAIN ST APT 4B, JEFFERSON CITY MO 65109",
     {"address_line1": "1120 W MAIN ST APT 4B", "city": "JEFFERSON CITY", "state": "MO",
      "postal_code": "65109"}),
    # a word after the ZIP code
    ("Maybe it went to my old address. I moved, it's 4410 Grand Ave Apt 2, Kansas City MO "
     "64111 now", {"address_line1": "4410 Grand Ave Apt 2", "city": "Kansas City", "state": "MO",
                   "postal_code": "64111"}),
])
def test_an_address_typed_without_commas(text: str, address: dict[str, str] | None) -> None:
    assert parse_address(text) == address


@pytest.mark.parametrize(("text", "slots"), [
    ("It's in Normal, Illinois.", {"college_city": "Normal", "college_state": "IL"}),
    ("it is located in Fulton", {"college_city": "Fulton"}),
    ("Kirksville", {"college_city": "Kirksville"}),
    ("Warrensburg, MO", {"college_city": "Warrensburg", "college_state": "MO"}),
    # a college abroad: its country where a state would be
    ("Salamanca, Spain", {"college_city": "Salamanca", "college_state": "Spain"}),
])
def test_the_town_of_a_college_said_in_a_sentence(text: str, slots: dict[str, str]) -> None:
    import asyncio

    from rasa_sdk import Tracker
    from rasa_sdk.executor import CollectingDispatcher

    from actions.profile import ValidateCollegeForm

    message = {"text": text, "intent": {"name": "nlu_fallback", "confidence": 0.3}}
    tracker = Tracker("s", {"requested_slot": "college_city", "college_name": "Illinois State"},
                      message, [{"event": "user", "text": text, "parse_data": message}], False,
                      None, {"name": "college_form"}, "action_listen")
    got = asyncio.run(ValidateCollegeForm().extract_college_city(CollectingDispatcher(), tracker,
                                                                 {}))
    assert got == slots


@pytest.mark.parametrize(("text", "fields"), [
    ("update phone + email on my profile", ["phone", "email"]),
    ("I MOVED. nobody can update my address over the phone apparently", ["address"]),
    ("my email and my mailing address", ["email", "address"]),
    ("Please change my email address.", ["email"]),
    ("my home address and my e-mail address", ["address", "email"]),
])
def test_every_contact_field_a_message_names_in_order(text: str, fields: list[str]) -> None:
    from actions.profile import fields_named

    assert fields_named(text) == fields


def test_an_address_typed_where_the_phone_was_asked_is_the_address() -> None:
    from actions.profile import _other_field, contact_field_in

    assert _other_field("phone", "1420 Oak Ridge Dr, Columbia, MO 65201") == "address"
    assert contact_field_in("I MOVED. can you update my address over the phone") == "address"


@pytest.mark.parametrize(("text", "place"), [
    ("Sedalia Missouri", ("Sedalia", "MO")), ("Kansas City Missouri", ("Kansas City", "MO")),
    ("Salamanca Spain", ("Salamanca", "Spain")), ("Kansas City", None), ("Sedalia", None),
])
def test_a_town_then_its_state_without_a_comma(text: str, place: tuple[str, str] | None,
                                                ) -> None:
    from actions.profile import _town_then_region

    assert _town_then_region(text) == place


@pytest.mark.parametrize(("text", "question", "to"), [
    ("wait. change question 2 to yes", 2, True), ("question 4 should be no", 4, False),
    ("change q2 to no please", 2, False), ("change my answer to question 3", 3, None),
])
def test_a_change_names_its_question_and_answer(text: str, question: int, to: bool | None,
                                                ) -> None:
    from actions.turns import Turn

    turn = Turn(text=text, intent="inform", confidence=0.1)
    assert (turn.changed_question(), turn.changed_to()) == (question, to)


@pytest.mark.parametrize(("text", "asks"), [
    ("What is a user name? Is that just his name?", True), ("what is mean username?", True),
    ("I forgot my username", False), ("what is my username", False),
    ("In Korea we write the family name first. Should my username follow this order, or the "
     "American order?", True),
    ("does it matter what I pick? can it just be my first and last name?", True),
])
def test_what_a_username_is(text: str, asks: bool) -> None:
    from actions.flow import WHAT_IS_A_USERNAME

    assert bool(WHAT_IS_A_USERNAME.search(text)) is asks


@pytest.mark.parametrize(("requested", "text", "asks"), [
    ("ssn", "wait before I type that... why do you need my social?? is this secure?", True),
    ("ssn", "Before I type it in, may I ask why you need my Social Security number?", True),
    ("new_username", "What is the next step? Do I need to give you my Social Security number "
     "at some point, and if so, why does the system need it?", False),
])
def test_a_why_about_the_asked_value_inside_a_longer_message(requested: str, text: str,
                                                              asks: bool) -> None:
    from actions.flow import _asks_why_of

    assert _asks_why_of(requested, text) is asks


def test_a_type_held_is_not_the_type_to_apply_for() -> None:
    from actions.answers import without_negated

    assert "TAC" not in without_negated("need to apply for my actual certificate before my TAC "
                                        "runs out")


@pytest.mark.parametrize(("text", "yes"), [
    ("yes. tell them my ssn says linked to some other username", True),
    ("Yes, let's pick up where I left off", True), ("yes but how much is it?", False),
    ("no thanks", False),
])
def test_a_yes_to_an_offer_whatever_follows(text: str, yes: bool) -> None:
    from actions.router import _YES_FIRST

    assert bool(_YES_FIRST.match(text)) is yes


@pytest.mark.parametrize(("text", "status"), [
    ("fingerprnts?", "check_background_status"), ("and my scores?", "check_assessments"),
    ("what about my certificate?", "check_certificate_status"), ("how much?", None),
    ("transcripts", None),
])
def test_a_status_named_alone_as_a_question(text: str, status: str | None) -> None:
    from rasa_sdk import Tracker

    from actions.router import _bare_topic
    from actions.turns import Turn

    tracker = Tracker("s", {"access_token": "t"}, {}, [], False, None, {}, "action_listen")
    assert _bare_topic(Turn(text=text, intent="faq", confidence=0.5), tracker) == status


@pytest.mark.parametrize(("text", "later"), [
    ("Before I accept, may I ask what this Sworn Statement means exactly?", True),
    ("if I accept, can they check my old district?", True), ("I accept", False),
])
def test_the_signature_spoken_of_is_not_given(text: str, later: bool) -> None:
    from actions.apply import _ACCEPT_LATER

    assert bool(_ACCEPT_LATER.search(text)) is later


def test_an_address_and_a_phone_dictated_in_words_are_read_as_digits() -> None:
    assert parse_address("twenty two oak hollow drive apartment b columbia missouri six five "
                         "two zero three") == {
        "address_line1": "22 Oak Hollow Drive", "address_line2": "Apartment B",
        "city": "Columbia", "state": "MO", "postal_code": "65203"}
    assert parse_phone("my number is five seven three five five five oh one nine two") == \
        "573-555-0192"


@pytest.mark.parametrize(("typed", "city"), [
    ("Okay. It's in Sedalia, MO.", "Sedalia, MO."),
    ("ok. es en El Paso, Texas", "El Paso, Texas"),
    ("It's in Normal, Illinois.", "Normal, Illinois."),
    ("Sedalia", "Sedalia"),
    ("Okay", "Okay"),  # no town said: left for the validation to ask again
])
def test_a_town_said_in_a_sentence(typed: str, city: str) -> None:
    from actions.profile import _IN_TOWN

    assert _IN_TOWN.sub("", typed) == city


def test_a_username_named_in_spanish() -> None:
    from actions.parsing import named_username

    assert named_username("acabo de terminar mi programa, my username es jdoe22") == "jdoe22"


@pytest.mark.parametrize(("typed", "slots"), [
    ("also i did a yr at metropolitan community college before lincoln can u add that to my "
     "education", {"college_name": "Metropolitan Community College"}),
    ("Your education page doesn't even list University of Central Missouri, that's where I got "
     "my master's. Warrensburg. Add it.", {"college_name": "University of Central Missouri"}),
    ("my page only lists Lincoln University", {}),  # on file already
    ("i went to the community college", {}),  # no name
    ("state fair community college", {"college_name": "state fair community college"}),
])
def test_a_college_named_in_a_request(typed: str, slots: dict[str, str]) -> None:
    from actions.profile import college_asked

    assert college_asked(typed) == slots


def test_a_username_one_would_like() -> None:
    from actions.parsing import named_username

    assert named_username("The username I'd like is jdoe22") == "jdoe22"


@pytest.mark.parametrize(("typed", "name"), [
    ("ok going with jdoe22", "jdoe22"), ("I'll take j.smith", "j.smith"),
    ("going with it", None), ("let's do this", None),
    ("ok bet then jdoe22", "jdoe22"), ("ok then", None), ("yeah fine", None),
    ("ok then just one. i want jdoe22", "jdoe22"), ("i want to apply", None),
])
def test_a_username_chosen_in_a_sentence(typed: str, name: str | None) -> None:
    from actions.parsing import named_username

    assert named_username(typed) == name


@pytest.mark.parametrize(("text", "asks_to_add"), [
    ("ok add my old college to my education pls", True),
    ("ok i want to add my college", True),
    ("State Fair Community College", False),
])
def test_asking_to_add_a_college_is_not_its_name(text: str, asks_to_add: bool) -> None:
    from actions.profile import _ADD_A_COLLEGE

    assert bool(_ADD_A_COLLEGE.search(text)) is asks_to_add
