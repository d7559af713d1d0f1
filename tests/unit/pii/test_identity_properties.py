"""Property tests for pii.identity: every spelling of an identity value reads as one ASCII
value, or is refused. Run by both environments (`make test-unit`): the rules must hold on
Python 3.10 (the chat) exactly as on 3.11+ (the backend).

No `__init__.py` here on purpose: `tests/typed_secrets.py` (the shared test secrets) keeps the name
`tests.typed_secrets`.
"""

from __future__ import annotations

import sys
import unicodedata
from datetime import date, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pii import identity
from pii.identity import IdentityError

settings.register_profile("pii", deadline=None, database=None, max_examples=150,
                          suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("pii")

TODAY = date(2026, 6, 1)

# Zero of every decimal-digit block this Python knows (Unicode category Nd runs 0-9).
ZEROS = [chr(c) for c in range(sys.maxunicode + 1)
         if unicodedata.category(chr(c)) == "Nd" and unicodedata.decimal(chr(c)) == 0]
NAMED_BLOCKS = {
    "ASCII": "0", "Arabic-Indic": "\u0660", "Extended Arabic-Indic (Persian)": "\u06f0",
    "NKo": "\u07c0", "Devanagari": "\u0966", "Bengali": "\u09e6", "Gurmukhi": "\u0a66",
    "Gujarati": "\u0ae6", "Oriya": "\u0b66", "Tamil": "\u0be6", "Telugu": "\u0c66",
    "Kannada": "\u0ce6", "Malayalam": "\u0d66", "Thai": "\u0e50", "Lao": "\u0ed0",
    "Tibetan": "\u0f20", "Myanmar": "\u1040", "Khmer": "\u17e0", "Mongolian": "\u1810",
    "Fullwidth": "\uff10", "Mathematical bold": "\U0001d7ce",
    "Mathematical monospace": "\U0001d7f6",
}
# Separators people (and keyboards, and word processors) put between SSN groups.
GOOD_SEPARATORS = ["", "-", " ", ".", " - ", "  ", "\u2010", "\u2011", "\u2012", "\u2013",
                   "\u2014", "\u2212", "\ufe63", "\uff0d", "\u00a0", "\u202f", "\u2009",
                   "\u3000", "\uff0e", "\u2013 ", " \u2014 ", "\u00a0-\u00a0"]
# Invisible marks that Arabic and Hebrew keyboards insert around numbers.
INVISIBLE = ["", "\u200e", "\u200f", "\u061c", "\u200b", "\u2066", "\u2069", "\ufeff"]


def test_every_named_digit_block_is_among_the_generated_scripts() -> None:
    for name, zero in NAMED_BLOCKS.items():
        assert zero in ZEROS, name
    assert len(ZEROS) >= 50


scripts = st.sampled_from(ZEROS)


def spell(digits: str, zeros: list[str]) -> str:
    """The ASCII digits written with one zero (script) per digit."""
    return "".join(chr(ord(z) + int(d)) for d, z in zip(digits, zeros, strict=True))


@st.composite
def in_scripts(draw: st.DrawFn, digits: str) -> str:
    """One script for the whole value, or a different one for each digit."""
    if draw(st.booleans()):
        return spell(digits, [draw(scripts)] * len(digits))
    return spell(digits, [draw(scripts) for _ in digits])


valid_area = st.integers(1, 999).filter(lambda a: a != 666)
valid_ssns = st.builds(lambda a, g, s: f"{a:03d}{g:02d}{s:04d}",
                       valid_area, st.integers(1, 99), st.integers(1, 9999))
never_issued_ssns = st.one_of(
    st.builds(lambda a, g, s: f"{a}{g:02d}{s:04d}", st.sampled_from(["000", "666"]),
              st.integers(0, 99), st.integers(0, 9999)),
    st.builds(lambda a, s: f"{a:03d}00{s:04d}", st.integers(0, 999), st.integers(0, 9999)),
    st.builds(lambda a, g: f"{a:03d}{g:02d}0000", st.integers(0, 999), st.integers(0, 99)),
)


@st.composite
def ssn_spelling(draw: st.DrawFn, digits: str, separators: list[str]) -> str:
    written = draw(in_scripts(digits))
    sep1, sep2 = draw(st.sampled_from(separators)), draw(st.sampled_from(separators))
    mark = draw(st.sampled_from(INVISIBLE))
    pad = draw(st.sampled_from(["", " ", "\u00a0", "\t", " \n"]))
    return f"{pad}{mark}{written[:3]}{sep1}{written[3:5]}{sep2}{written[5:]}{mark}{pad}"


@given(st.data(), valid_ssns)
def test_a_valid_ssn_in_any_script_and_spelling_reads_as_its_ascii_digits(
        data: st.DataObject, digits: str) -> None:
    text = data.draw(ssn_spelling(digits, GOOD_SEPARATORS))
    assert identity.parse_ssn(text) == digits


@given(st.data(), valid_ssns, st.lists(st.characters(), min_size=2, max_size=2))
def test_any_separator_gives_the_same_ascii_ssn_or_a_refusal(
        data: st.DataObject, digits: str, separators: list[str]) -> None:
    text = data.draw(ssn_spelling(digits, separators))
    try:
        value = identity.parse_ssn(text)
    except IdentityError as exc:
        assert exc.code == identity.SSN_INVALID
        return
    assert value == digits


@given(st.data(), never_issued_ssns)
def test_a_never_issued_ssn_is_refused_in_every_spelling(
        data: st.DataObject, digits: str) -> None:
    text = data.draw(ssn_spelling(digits, GOOD_SEPARATORS))
    with pytest.raises(IdentityError) as caught:
        identity.parse_ssn(text)
    assert caught.value.code == identity.SSN_NEVER_ISSUED
    found = identity.find_ssns(f"my ssn is {text} ok")
    assert [(f.value, f.error) for f in found] == [(None, identity.SSN_NEVER_ISSUED)]


@given(st.data(), valid_ssns,
       st.characters(blacklist_categories=("Nd", "Cf", "Zs", "Cc", "Pd"), min_codepoint=128))
def test_something_not_ascii_left_inside_an_ssn_is_refused(
        data: st.DataObject, digits: str, intruder: str) -> None:
    text = data.draw(ssn_spelling(digits, GOOD_SEPARATORS))
    if identity.fold(intruder).isascii():
        return  # NFKC made it ASCII (a ligature, a fullwidth letter): covered elsewhere
    at = data.draw(st.integers(0, len(text)))
    with pytest.raises(IdentityError):
        identity.parse_ssn(text[:at] + intruder + text[at:])


@given(st.data(), valid_ssns, st.sampled_from(["my ssn is {}", "{}", "SSN: {}.",
                                                "it's {} and dob 4/12/85", "رقمي {} شكرا"]))
def test_the_finder_reads_an_ssn_inside_a_sentence_and_points_at_it(
        data: st.DataObject, digits: str, sentence: str) -> None:
    spelled = data.draw(ssn_spelling(digits, GOOD_SEPARATORS)).strip()
    text = sentence.format(spelled)
    found = identity.find_ssns(text)
    assert [f.value for f in found] == [digits]
    start = text.index(spelled)
    # The span covers the digits as typed (invisible marks at its edges may stay out).
    assert start <= found[0].start and found[0].end <= start + len(spelled)
    assert identity.fold(text[found[0].start:found[0].end]).replace(" ", "").replace(
        "-", "").replace(".", "") == digits


@given(st.text())
def test_any_text_gives_ascii_values_or_stable_refusals(text: str) -> None:
    for parse, codes in ((identity.parse_ssn, {"ssn_invalid", "ssn_never_issued"}),
                         (identity.parse_code, {"code_invalid"}),
                         (identity.parse_username, {"username_invalid"}),
                         (lambda t: identity.parse_date_of_birth(t, TODAY).isoformat(),
                          {"dob_invalid", "dob_future", "dob_too_young", "dob_too_old"})):
        try:
            value = parse(text)
        except IdentityError as exc:
            assert exc.code in codes
            assert str(exc) == identity.MESSAGES[exc.code]  # a fixed text: never the input
        else:
            assert value.isascii()
    for finder in (identity.find_ssns, identity.find_codes,
                   lambda t: identity.find_dates_of_birth(t, TODAY)):
        for found in finder(text):
            assert 0 <= found.start < found.end <= len(text)
            assert found.value is None or found.value.isascii()


# ---- dates of birth ----
plausible_dobs = st.dates(min_value=date(1906, 6, 2), max_value=date(2012, 6, 1))
MONTH_NAMES = ["January", "February", "March", "April", "May", "June", "July", "August",
               "September", "October", "November", "December"]


@st.composite
def dob_spelling(draw: st.DrawFn, value: date) -> str:
    y, m, d = f"{value.year:04d}", f"{value.month:02d}", f"{value.day:02d}"
    short_m, short_d = str(value.month), str(value.day)
    dash = draw(st.sampled_from(["-", "\u2013", "\u2011", "\u2212", "\uff0d"]))
    slash = draw(st.sampled_from(["/", "\uff0f", "\u2215"]))
    month = MONTH_NAMES[value.month - 1]
    form = draw(st.sampled_from([
        f"{y}{dash}{m}{dash}{d}", f"{m}{slash}{d}{slash}{y}",
        f"{short_m}{slash}{short_d}{slash}{y}", f"{m}{dash}{d}{dash}{y}", f"{m}.{d}.{y}",
        f"{y}{slash}{m}{slash}{d}", f"{month} {short_d}, {y}", f"{month[:3]} {short_d} {y}",
        f"{short_d} {month} {y}", f"{short_d}th of {month.lower()} {y}",
    ]))
    zeros = [draw(scripts)] * len(form) if draw(st.booleans()) else [draw(scripts) for _ in form]
    return "".join(chr(ord(z) + int(c)) if c.isdigit() else c
                   for c, z in zip(form, zeros, strict=True))


@given(st.data(), plausible_dobs)
def test_a_date_of_birth_in_any_form_and_script_reads_as_its_iso_date(
        data: st.DataObject, value: date) -> None:
    text = data.draw(dob_spelling(value))
    assert identity.parse_date_of_birth(text, TODAY) == value
    found = identity.find_dates_of_birth(f"my date of birth is {text} thanks", TODAY)
    assert [f.value for f in found] == [value.isoformat()]


@given(st.data(), st.one_of(
    st.tuples(st.dates(min_value=TODAY + timedelta(days=1)), st.just("dob_future")),
    st.tuples(st.dates(min_value=date(1000, 1, 1), max_value=date(1905, 6, 1)),
              st.just("dob_too_old")),
    st.tuples(st.dates(min_value=date(2012, 6, 2), max_value=TODAY), st.just("dob_too_young")),
))
def test_an_implausible_date_of_birth_is_refused_with_its_reason_in_every_script(
        data: st.DataObject, case: tuple[date, str]) -> None:
    value, code = case
    text = data.draw(dob_spelling(value))
    with pytest.raises(IdentityError) as caught:
        identity.parse_date_of_birth(text, TODAY)
    assert caught.value.code == code


# ---- one-time codes and usernames ----
@given(st.data(), st.from_regex(r"\A[0-9]{6}\Z"),
       st.sampled_from(["{0}{1}", "{0} {1}", "{0}-{1}", "{0}\u2013{1}", "{0}\u00a0{1}"]))
def test_a_one_time_code_in_any_script_reads_as_six_ascii_digits(
        data: st.DataObject, code: str, shape: str) -> None:
    written = data.draw(in_scripts(code))
    text = shape.format(written[:3], written[3:])
    assert identity.parse_code(f" {text} ") == code
    assert [f.value for f in identity.find_codes(f"the code is {text}")] == [code]


@given(st.from_regex(r"\A[A-Za-z][A-Za-z0-9._-]{3,29}\Z"))
def test_a_fullwidth_username_is_the_same_username(username: str) -> None:
    fullwidth = "".join(chr(ord(c) + 0xFEE0) for c in username)
    assert identity.parse_username(fullwidth) == username
    assert identity.username_key(fullwidth) == identity.username_key(username.upper())
