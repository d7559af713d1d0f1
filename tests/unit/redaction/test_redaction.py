"""Redaction rules: what is masked, how it reads, and what is left alone."""

from __future__ import annotations

import pytest

from pii.redaction import (
    CODE_MASK,
    DATE_MASK,
    PASSWORD_MASK,
    contains_sensitive,
    redact_event,
    redact_events,
    redact_slots,
    redact_text,
    secret_slot_kind,
)
from tests.typed_secrets import DOBS, PASSWORDS, SSNS, dob_variants, ssn_variants

SSN = SSNS[53]
LAST4 = SSN[-4:]
SSN_MASK = f"[SSN ***-**-{LAST4}]"


@pytest.mark.parametrize("variant", ssn_variants(SSN) + [SSN.replace("-", ".")])
def test_an_ssn_in_any_common_format_is_masked_to_its_last_four_digits(variant: str) -> None:
    assert redact_text(f"my ssn is {variant} thanks") == f"my ssn is {SSN_MASK} thanks"
    assert redact_text(variant) == SSN_MASK


@pytest.mark.parametrize(
    "text",
    [
        f"SSN:{SSN}",
        f"ssn#{SSN.replace('-', '')}",
        f"({SSN})",
        f"it's {SSN}.",
        f"SSN {SSN}, DOB {DOBS[0]}",
    ],
)
def test_an_ssn_next_to_punctuation_is_masked(text: str) -> None:
    out = redact_text(text)
    assert SSN not in out and SSN.replace("-", "") not in out
    assert SSN_MASK in out


@pytest.mark.parametrize(
    "text",
    [
        "my Educator ID is 1234567",
        "call us at 573-555-0100",
        "call us at 573 555 0100",
        "call us at (573) 751-0051",
        "call 5735550100",
        "mail it to Jefferson City, MO 65102",
        "ZIP+4 65102-0480",
        "the fee is $50 or $150",
        "application 42 was submitted",
        "Praxis test 5038 score 168",
        "I need to pass the Praxis 5205",
        "version 3.6.21",
        "a 10-digit number 1234567890",
        "2024 and 2025",
    ],
)
def test_ordinary_numbers_are_left_alone(text: str) -> None:
    assert redact_text(text) == text
    assert not contains_sensitive(text)


@pytest.mark.parametrize(
    "variant",
    dob_variants(DOBS[0])
    + dob_variants(DOBS[1])
    + [
        "4/12/85",
        "April 12, 1985",
        "april 12 1985",
        "Apr 12th, 1985",
        "Apr. 12, 1985",
        "12 April 1985",
        "12th of April 1985",
        "12-Apr-1985",
        "1985/04/12",
        "04.12.1985",
        "19850412",
        "04121985",
        "31/12/1979",
        "Sept 3, 1990",
    ],
)
def test_a_date_in_any_common_format_is_masked(variant: str) -> None:
    assert redact_text(f"I was born {variant}.") == f"I was born {DATE_MASK}."


@pytest.mark.parametrize("text", ["13/45/1985", "1985-13-40", "99999999", "April 45, 1985"])
def test_an_impossible_date_is_not_a_date(text: str) -> None:
    assert DATE_MASK not in redact_text(text)


@pytest.mark.parametrize("text", ["483920", "my code is 483920", "code: 483920.", "483 920"])
def test_a_six_digit_code_is_masked(text: str) -> None:
    out = redact_text(text)
    assert "483920" not in out and "483 920" not in out
    assert CODE_MASK in out


@pytest.mark.parametrize(
    "text",
    [
        f"my password is {PASSWORDS[0]}",
        f"password: {PASSWORDS[1]}",
        f"Password={PASSWORDS[2]}",
        f"my password's {PASSWORDS[0]}",
        f"passcode is {PASSWORDS[1]}",
        "password: hunter22",
        'my password is "s3cret pass"',
    ],
)
def test_a_password_after_the_word_password_is_masked(text: str) -> None:
    out = redact_text(text)
    assert PASSWORD_MASK in out
    for password in PASSWORDS + ["hunter22", "s3cret"]:
        assert password not in out


@pytest.mark.parametrize("password", PASSWORDS + ["Tr0ub4dor&3", "P@ssw0rd!"])
def test_a_message_that_is_only_a_password_like_token_is_masked(password: str) -> None:
    assert redact_text(password) == PASSWORD_MASK
    assert redact_text(f"  {password} ") == PASSWORD_MASK


@pytest.mark.parametrize(
    "text",
    [
        "I forgot my password.",
        "my password is wrong",
        "password reset please",
        "how do I change my password?",
        "my password doesn't work",
        "jane.doe",
        "hello",
        "Substitute",
        "https://dese.mo.gov/educator-quality",
    ],
)
def test_talk_about_passwords_and_plain_words_stay_readable(text: str) -> None:
    assert redact_text(text) == text


def test_a_single_token_after_a_password_prompt_is_a_password() -> None:
    assert redact_text("hunter2abc", expecting_password=True) == PASSWORD_MASK
    assert redact_text("hunter2abc") == "hunter2abc"
    assert redact_text("yes", expecting_password=True) == "yes"


@pytest.mark.parametrize(
    ("slot", "kind"),
    [
        ("ssn", "ssn"),
        ("educator_ssn", "ssn"),
        ("date_of_birth", "date"),
        ("dob", "date"),
        ("password", "password"),
        ("new_password", "password"),
        ("otp", "code"),
        ("verification_code", "code"),
        ("login_code", "code"),
        ("code", "code"),
        ("postal_code", None),
        ("zip_code", None),
        ("application_type", None),
        ("username", None),
        ("educator_id", None),
        ("access_token", "token"),
        ("signin_code", "code"),
        ("signin_username", None),
    ],
)
def test_secret_slots_are_recognised_by_name(slot: str, kind: str | None) -> None:
    assert secret_slot_kind(slot) == kind


def test_secret_slot_events_are_masked_whatever_the_value_looks_like() -> None:
    assert redact_event({"event": "slot", "name": "ssn", "value": SSN})["value"] == SSN_MASK
    assert redact_event({"event": "slot", "name": "ssn", "value": "12345"})["value"] == "[SSN]"
    assert (
        redact_event({"event": "slot", "name": "date_of_birth", "value": "x"})["value"] == DATE_MASK
    )
    assert redact_event({"event": "slot", "name": "otp", "value": 483920})["value"] == CODE_MASK
    assert (
        redact_event({"event": "slot", "name": "password", "value": "a"})["value"] == PASSWORD_MASK
    )
    assert redact_event({"event": "slot", "name": "ssn", "value": None})["value"] is None
    # Other slots are pattern-redacted only.
    assert (
        redact_event({"event": "slot", "name": "note", "value": f"x {SSN}"})["value"]
        == f"x {SSN_MASK}"
    )
    assert redact_event({"event": "slot", "name": "username", "value": "jane"})["value"] == "jane"


def test_a_user_event_is_redacted_in_text_parse_data_and_entities_but_not_intents() -> None:
    event = {
        "event": "user",
        "timestamp": 1700000000.5,
        "text": f"ssn {SSN} dob {DOBS[2]}",
        "input_channel": "rest",
        "message_id": "0123456789abcdef",
        "metadata": {"raw": f"{SSN}"},
        "parse_data": {
            "text": f"ssn {SSN} dob {DOBS[2]}",
            "intent": {"name": "inform", "confidence": 0.91},
            "entities": [
                {
                    "entity": "ssn",
                    "value": SSN,
                    "start": 4,
                    "end": 15,
                    "extractor": "RegexEntityExtractor",
                },
                {"entity": "date_of_birth", "value": "whatever", "start": 20, "end": 30},
                {"entity": "application_type", "value": "substitute"},
            ],
            "intent_ranking": [{"name": "inform", "confidence": 0.91}],
        },
    }
    out = redact_event(event)
    assert out["text"] == f"ssn {SSN_MASK} dob {DATE_MASK}"
    assert out["parse_data"]["text"] == out["text"]
    assert out["parse_data"]["entities"][0]["value"] == SSN_MASK
    assert out["parse_data"]["entities"][0]["start"] == 4
    assert out["parse_data"]["entities"][1]["value"] == DATE_MASK
    assert out["parse_data"]["entities"][2]["value"] == "substitute"
    assert out["parse_data"]["intent"] == {"name": "inform", "confidence": 0.91}
    assert out["parse_data"]["intent_ranking"] == event["parse_data"]["intent_ranking"]
    assert out["metadata"] == {"raw": SSN_MASK}
    assert out["message_id"] == "0123456789abcdef" and out["timestamp"] == 1700000000.5
    assert event["text"].startswith("ssn " + SSN)  # the input is not mutated


def test_bot_events_buttons_and_action_metadata_are_redacted() -> None:
    bot = {
        "event": "bot",
        "text": f"I have {SSN} on file",
        "data": {"buttons": [{"title": f"Yes, {DOBS[0]}", "payload": f'/inform{{"ssn":"{SSN}"}}'}]},
        "metadata": {"utter_action": "utter_confirm"},
    }
    out = redact_event(bot)
    assert SSN not in str(out) and DOBS[0] not in str(out)
    assert out["metadata"] == {"utter_action": "utter_confirm"}
    action = {
        "event": "action",
        "name": "action_link_ssn",
        "policy": "RulePolicy",
        "confidence": 1.0,
        "metadata": {"note": f"{SSN}"},
    }
    out = redact_event(action)
    assert out["name"] == "action_link_ssn" and out["metadata"] == {"note": SSN_MASK}


def test_a_reply_to_a_password_prompt_is_masked_in_an_event_list() -> None:
    events = [
        {"event": "bot", "text": "Please type a new password"},
        {"event": "user", "text": "hunter2abc", "parse_data": {"text": "hunter2abc"}},
        {"event": "user", "text": "hunter2abc"},
    ]
    out = redact_events(
        events, password_prompt=lambda e: "password" in str(e.get("text", "")).lower()
    )
    assert out[1]["text"] == PASSWORD_MASK and out[1]["parse_data"]["text"] == PASSWORD_MASK
    assert out[2]["text"] == "hunter2abc"


def test_tracker_state_slots_are_masked() -> None:
    out = redact_slots({"ssn": SSN, "username": "jane", "otp": "111222", "note": DOBS[3]})
    assert out == {"ssn": SSN_MASK, "username": "jane", "otp": CODE_MASK, "note": DATE_MASK}


def test_redaction_is_idempotent() -> None:
    text = f"{SSN} {DOBS[0]} 483920 password: {PASSWORDS[0]}"
    once = redact_text(text)
    assert redact_text(once) == once


@pytest.mark.parametrize("text", ["900 110 001", "9001 10001", "my ssn 900,11,0001 ok",
                                  "900. 11. 0001", "900 , 11 , 0001", "90 01 10 001",
                                  "90011-0001", "my ssn is 90011-0001"])
def test_nine_digits_in_any_grouping_are_an_ssn(text: str) -> None:
    out = redact_text(text)
    assert "[SSN ***-**-0001]" in out, out
    assert "900" not in out


@pytest.mark.parametrize("text", ["Jefferson City, MO 65101-1234", "zip 65101-1234",
                                  "postal code: 65101-1234", "1,234,567 dollars",
                                  "call 573-555-0142", "scores 172, 157 and 168"])
def test_zip_plus_four_phone_numbers_and_amounts_stay_readable(text: str) -> None:
    assert redact_text(text) == text
