"""Numbers spoken in words (voice dictation, careful typists): the redactor masks them and
the identity parser reads them, however the words are grouped, cased and separated."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from pii import identity
from pii.redaction import redact_text
from pii.spoken import as_digits

UNITS = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]
TEENS = ["ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen",
         "eighteen", "nineteen"]
TENS = ["", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
MONTHS = ["january", "february", "march", "april", "may", "june", "july", "august",
          "september", "october", "november", "december"]
ORDINALS = {1: "first", 2: "second", 3: "third", 5: "fifth", 12: "twelfth", 20: "twentieth",
            21: "twenty first", 23: "twenty-third"}


def _pair(two: str, oh: bool) -> str:
    """Two digits as a speaker says them: "forty five", "twelve", "oh seven", "zero seven"."""
    n = int(two)
    if n < 10:
        return f"{'oh' if oh else 'zero'} {UNITS[n]}"
    if n < 20:
        return TEENS[n - 10]
    return TENS[n // 10] + ("" if n % 10 == 0 else f" {UNITS[n % 10]}")


@st.composite
def spoken_ssn(draw: st.DrawFn) -> tuple[str, str]:
    # (an SSN that can be issued: never-issued ones are refused, spoken or typed)
    digits = draw(st.from_regex(r"[1-8][0-9]{2}[1-9][0-9][1-9][0-9]{3}", fullmatch=True)
                  .filter(lambda d: not identity.ssn_never_issued(d)))
    sep = draw(st.sampled_from([" ", ", ", " - ", "  "]))
    style = draw(st.sampled_from(["digits", "pairs"]))
    if style == "digits":
        groups = [" ".join(UNITS[int(d)] for d in g)
                  for g in (digits[:3], digits[3:5], digits[5:])]
    else:
        # "one twenty three, forty five, sixty seven eighty nine" (no zero-led pairs)
        oh = draw(st.booleans())
        groups = [f"{UNITS[int(digits[0])]} {_pair(digits[1:3], oh)}",
                  _pair(digits[3:5], oh),
                  f"{_pair(digits[5:7], oh)} {_pair(digits[7:], oh)}"]
    text = sep.join(groups)
    if draw(st.booleans()):
        text = text.upper() if draw(st.booleans()) else text.capitalize()
    return text, digits


@given(spoken_ssn(), st.sampled_from(["my social is {} ok", "{}", "ssn {}. thanks",
                                      "its {} and my birthday"]))
def test_a_spoken_ssn_is_masked_and_read(said: tuple[str, str], sentence: str) -> None:
    text, digits = said
    typed = sentence.format(text)
    out = redact_text(typed)
    assert f"***-**-{digits[-4:]}" in out
    # none of its words is left
    assert not re.search(r"\b(?:" + "|".join(UNITS + TEENS + TENS[2:]) + r")\b", out,
                         re.IGNORECASE), out
    if "," not in text:  # (the identity parser never reads groups split by commas)
        assert [f.value for f in identity.find_ssns(typed)] == [digits]


@given(st.integers(1, 12), st.sampled_from(sorted(ORDINALS)), st.integers(1940, 2005),
       st.booleans())
def test_a_spoken_date_of_birth_is_masked(month: int, day: int, year: int,
                                          oh: bool) -> None:
    spoken_year = f"{_pair(str(year)[:2], oh)} {_pair(str(year)[2:], oh)}"
    if year % 100 == 0:
        spoken_year = f"{TEENS[9] if year < 2000 else 'two thousand'}"
    typed = f"born {MONTHS[month - 1]} {ORDINALS[day]} {spoken_year}, thanks"
    if year % 100 == 0:
        return  # "nineteen hundred", "two thousand": not spoken this way in a birth date
    out = redact_text(typed)
    assert "[DATE]" in out and MONTHS[month - 1] not in out, out


@given(st.from_regex(r"[0-9]{6}", fullmatch=True))
def test_a_spoken_code_is_masked(code: str) -> None:
    out = redact_text("the code is " + " ".join(UNITS[int(d)] for d in code))
    assert out == "the code is [CODE]", out


def test_ordinary_words_keep_their_meaning() -> None:
    for text in ["I have one question", "the second application", "oh ok", "one of them",
                 "twenty two years of teaching"]:
        assert redact_text(text) == text
    assert as_digits("twenty two oak hollow drive apartment b columbia missouri six five "
                     "two zero three") == "22 oak hollow drive apartment b columbia missouri 65203"
    assert as_digits("one hundred twenty three main st") == "123 main st"
    assert as_digits("five seven three, five five five, oh one nine two") == "573, 555, 0192"
    assert as_digits("april twelve nineteen eighty five") == "april 12 1985"
