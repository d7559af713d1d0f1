"""Redaction holds for every spelling: property tests over separators, scripts and text.

For any SSN, one-time code or date of birth written in any of the forms the module
docstring of `pii.redaction` lists, with digits from any Unicode script (mixed within
one value), any dash or space character, and random text around it, the redacted text
holds none of its digits in sequence in any script. The check is stricter than the
rule: it keeps every decimal digit of the output (converted to ASCII) and drops
everything else, then looks for the value's digits.

Stdlib + hypothesis only, so it runs under both interpreters (`make test-unit` runs it
with `.venv` and with `.venv-rasa`).
"""

from __future__ import annotations

import datetime as dt
import sys
import unicodedata

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pii.redaction import CODE_MASK, DATE_MASK, PASSWORD_MASK, redact_text

PROPERTY = settings(
    max_examples=250,
    deadline=None,
    database=None,  # nothing written to .hypothesis/ from a shared checkout
    suppress_health_check=[HealthCheck.too_slow],
)


def _digit_zeros() -> list[int]:
    """Code points of the zero of every script whose ten digits are contiguous."""
    return [
        cp
        for cp in range(sys.maxunicode - 9)
        if unicodedata.decimal(chr(cp), None) == 0
        and all(unicodedata.decimal(chr(cp + d), None) == d for d in range(10))
    ]


ZEROS = _digit_zeros()
NAMED_SCRIPTS = {
    "ascii": 0x30,
    "arabic-indic": 0x660,
    "persian": 0x6F0,
    "devanagari": 0x966,
    "fullwidth": 0xFF10,
}


def output_digits(text: str) -> str:
    """Every decimal digit of `text`, in any script, as ASCII; everything else dropped."""
    return "".join(
        str(unicodedata.decimal(c)) for c in text if unicodedata.decimal(c, None) is not None
    )


def _no_digit_like(char: str) -> bool:
    """Filler text must not bring digits of its own (fullwidth, circled, ㏩ ...)."""
    return not any(c.isdigit() for c in unicodedata.normalize("NFKC", char))


@st.composite
def spelled(draw: st.DrawFn, digits: str) -> str:
    """`digits` with each digit drawn from any script (a script per value or per digit)."""
    if draw(st.booleans()):
        zero = draw(st.sampled_from(ZEROS))
        return "".join(chr(zero + int(d)) for d in digits)
    return "".join(chr(draw(st.sampled_from(ZEROS)) + int(d)) for d in digits)


filler = st.text(
    alphabet=st.characters(blacklist_categories=("Nd", "Nl", "No", "Cs")).filter(_no_digit_like),
    max_size=20,
)
before = st.sampled_from([" ", "\n", ": ", " (", "#", "\u00a0", " is ", "\t", ", "])
after = st.sampled_from([" ", "\n", ".", ",", ")", "!", "\u00a0", " thanks", "?"])


@st.composite
def embedded(draw: st.DrawFn, value: st.SearchStrategy[str]) -> str:
    return draw(filler) + draw(before) + draw(value) + draw(after) + draw(filler)


# ----------------------------------------------------------------------------- SSNs
ssn_digits = st.builds(
    lambda a, g, s: f"{a:03d}{g:02d}{s:04d}",
    st.integers(1, 899).filter(lambda a: a != 666),
    st.integers(1, 99),
    st.integers(1, 9999),
)
GROUP_SEPARATORS = [
    "-", "\u2013", "\u2014", " ", ".", " - ", " \u2013 ", " \u2014 ", "  ", " . ", " .",
    "\u00a0", "\u2009", "\u202f", "\u2010", "\u2011", "\u2212", "\ufe63", "\uff0d", "- ", " -",
]  # fmt: skip
DIGIT_SEPARATORS = [" ", "  ", "-", " - ", "\u00a0", "\u2009", "\u2013", ".", "\u3000"]


@st.composite
def ssn_spellings(draw: st.DrawFn) -> tuple[str, str]:
    """(the 9 ASCII digits, one way of typing them)."""
    digits = draw(ssn_digits)
    shown = draw(spelled(digits))
    form = draw(st.sampled_from(["groups", "none", "spaced"]))
    if form == "none":
        return digits, shown
    if form == "spaced":
        return digits, "".join(
            c + (draw(st.sampled_from(DIGIT_SEPARATORS)) if i < 8 else "")
            for i, c in enumerate(shown)
        )
    # Two separators drawn independently: mixed ("900-11 0001") as often as not.
    first, second = draw(st.sampled_from(GROUP_SEPARATORS)), draw(st.sampled_from(GROUP_SEPARATORS))
    return digits, f"{shown[:3]}{first}{shown[3:5]}{second}{shown[5:]}"


@PROPERTY
@given(data=st.data())
def test_no_ssn_survives_in_any_spelling_script_or_surrounding_text(data: st.DataObject) -> None:
    digits, typed = data.draw(ssn_spellings())
    text = data.draw(embedded(st.just(typed)))
    out = redact_text(text)
    assert digits not in output_digits(out), (text, out)
    assert redact_text(out) == out


# ---------------------------------------------------------------------------- codes
@st.composite
def code_spellings(draw: st.DrawFn) -> tuple[str, str]:
    digits = "".join(draw(st.lists(st.sampled_from("0123456789"), min_size=6, max_size=6)))
    shown = draw(spelled(digits))
    form = draw(st.sampled_from(["none", "3-3", "2-2-2", "spaced"]))
    seps = [" ", "  ", "-", " - ", "\u00a0", "\u2009", "\u2013"]
    if form == "none":
        return digits, shown
    if form == "spaced":
        return digits, "".join(
            c + (draw(st.sampled_from(seps)) if i < 5 else "") for i, c in enumerate(shown)
        )
    cuts = [3] if form == "3-3" else [2, 4]
    out, last = "", 0
    for cut in cuts:
        out += shown[last:cut] + draw(st.sampled_from(seps))
        last = cut
    return digits, out + shown[last:]


@PROPERTY
@given(data=st.data())
def test_no_code_survives_typed_whole_or_in_pieces(data: st.DataObject) -> None:
    digits, typed = data.draw(code_spellings())
    text = data.draw(embedded(st.just(typed)))
    out = redact_text(text)
    assert digits not in output_digits(out), (text, out)


# ---------------------------------------------------------------------------- dates
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December"]  # fmt: skip


@st.composite
def date_spellings(draw: st.DrawFn) -> str:
    """A date of birth in one of the formats the module docstring lists."""
    d = draw(st.dates(dt.date(1900, 1, 1), dt.date(2025, 12, 31)))
    y4, m2, d2 = f"{d.year:04d}", f"{d.month:02d}", f"{d.day:02d}"
    m1, d1, y2 = str(d.month), str(d.day), y4[2:]
    month, mon = MONTHS[d.month - 1], MONTHS[d.month - 1][:3]
    sep = draw(st.sampled_from(["-", "/", "\u2013", "\u2212", "\uff0d"]))
    forms = [
        f"{y4}{sep}{m2}{sep}{d2}",  # ISO (dashes of any kind, or slashes)
        f"{y4}.{m2}.{d2}",
        f"{m2}/{d2}/{y4}",
        f"{m1}/{d1}/{y2}",
        f"{m2}{sep}{d2}{sep}{y4}",
        f"{m2}.{d2}.{y4}",
        f"{d2}/{m2}/{y4}",
        f"{month} {d1}, {y4}",
        f"{mon} {d1}th {y4}",
        f"{mon}. {d1}, {y4}",
        f"{d1} {month} {y4}",
        f"{d1}-{mon}-{y4}",
        f"{y4}{m2}{d2}",
        f"{m2}{d2}{y4}",
    ]
    form = draw(st.sampled_from(forms))
    # Digits in any script: each run of ASCII digits respelled.
    return "".join(draw(spelled(c)) if c.isdigit() else c for c in form)


@PROPERTY
@given(data=st.data())
def test_no_date_of_birth_survives_in_any_listed_format_or_script(data: st.DataObject) -> None:
    typed = data.draw(date_spellings())
    text = data.draw(embedded(st.just(typed)))
    out = redact_text(text)
    assert output_digits(out) == "", (text, out)
    assert DATE_MASK in out or CODE_MASK in out or PASSWORD_MASK in out


# ------------------------------------------------------- the examples of issue 14, item 4
@pytest.mark.parametrize(
    "typed",
    [
        "900-11 0001",
        "900 - 11 - 0001",
        "900\u201311\u20130001",  # en dash
        "900\u201411\u20140001",  # em dash
        "9 0 0 1 1 0 0 0 1",
        "\u0669\u0660\u0660-\u0661\u0661-\u0660\u0660\u0660\u0661",  # Arabic-Indic
        "\uff19\uff10\uff10-\uff11\uff11-\uff10\uff10\uff10\uff11",  # fullwidth
        "\u096f\u0966\u0966-\u0967\u0967-\u0966\u0966\u0966\u0967",  # Devanagari
        "\u06f9\u06f0\u06f0-\u06f1\u06f1-\u06f0\u06f0\u06f0\u06f1",  # Persian
        "\u06f9\u06f0\u06f0 11 \u0660\u0660\u0660\u0661",  # scripts mixed in one value
        "900\u00a011\u00a00001",  # no-break spaces
        "900\u200b-11-0001",  # a zero-width space
        "900110001",
    ],
)
def test_each_spelling_from_the_issue_is_masked_to_the_last_four(typed: str) -> None:
    assert redact_text(f"my ssn is {typed} ok") == "my ssn is [SSN ***-**-0001] ok"


def test_text_around_a_non_ascii_ssn_is_left_as_it_was() -> None:
    text = "\u0631\u0642\u0645: \u0669\u0660\u0660-\u0661\u0661-\u0660\u0660\u0660\u0661 \u0634"
    assert redact_text(text) == "\u0631\u0642\u0645: [SSN ***-**-0001] \u0634"


@pytest.mark.parametrize(
    "text", ["my code is 4 8 2 9 1 3", "4 8 2 9 1 3", "code 48 29 13", "code 482-913"]
)
def test_a_code_typed_in_pieces_is_masked(text: str) -> None:
    out = redact_text(text)
    assert CODE_MASK in out and "4" not in out


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("the pass is Hunter2x", "the pass is "),
        ("pw hunter22", "pw "),
        ("PW: hunter22", "PW: "),
        ("pwd hunter22", "pwd "),
        ("pwd=hunter22", "pwd="),
        ("passwd: hunter22", "passwd: "),
        ("passcode = hunter22", "passcode = "),
        ("password hunter22", "password "),
        ("my pass: hunter22", "my pass: "),
    ],
)
def test_a_password_after_pass_pw_pwd_or_passwd_is_masked(text: str, kept: str) -> None:
    assert redact_text(text) == kept + PASSWORD_MASK


@pytest.mark.parametrize(
    "text",
    [
        "I need to pass the Praxis 5205",
        "did I pass Praxis?",
        "my bus pass is expired",
        "pw reset please",
        "5 7 3 5 5 5 0 1 0 0",  # a phone number read out digit by digit
        "573 555 0100",
        "ZIP+4 65102-0480",
        "my Educator ID is 1234567",
        "version 3.6.21",
        "1 2 3",
    ],
)
def test_lookalikes_stay_readable(text: str) -> None:
    assert redact_text(text) == text


def test_a_sentence_end_does_not_join_a_code_to_the_next_number() -> None:
    assert redact_text("code 4 8 2 9 1 3. 5 minutes ago") == "code [CODE]. 5 minutes ago"
