"""The scans' finder (tests/scans/finder.py) finds exactly what a literal search finds."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from tests.scans.finder import Finder

LITERALS = ["123-45-6789", "123456789", "12345678", "1985-04-12", "04/12/1985", "Corr3ct-Horse",
            "456", "4567", "April 12, 1985"]
NEEDLES = [(f"n{i}", lit, re.compile(re.escape(lit))) for i, lit in enumerate(LITERALS)]
FINDER = Finder(NEEDLES)


def _slow(text: str) -> list[str]:
    return [label for label, literal, pattern in NEEDLES if literal in text]


@settings(max_examples=300)
@given(st.lists(st.sampled_from(LITERALS + ["x", " ", "-", "9", "0", "/", "ab", ","]),
                max_size=12))
def test_the_finder_agrees_with_a_search_for_each_literal(parts: list[str]) -> None:
    text = "".join(parts)
    assert FINDER.find(text) == _slow(text)


def test_overlapping_and_nested_literals_are_all_found() -> None:
    assert set(FINDER.find("x1234567890")) == {"n1", "n2", "n6", "n7"}


BOUNDED = [(f"b{i}", lit, re.compile(rf"(?<![0-9A-Za-z.]){re.escape(lit)}(?![0-9A-Za-z])"))
           for i, lit in enumerate(LITERALS)]
BOUNDED_FINDER = Finder(BOUNDED)


@settings(max_examples=300)
@given(st.lists(st.sampled_from(LITERALS + ["x", " ", "-", "9", "0", "/", "ab", ",", "."]),
                max_size=12))
def test_each_pattern_is_confirmed_where_its_literal_occurs(parts: list[str]) -> None:
    """The finder checks a needle's own pattern only around its literal's occurrences: it
    finds exactly what a search of the whole text with each pattern finds (the text as the
    finder judges it, its lookalikes taken apart: two dates side by side stay two dates)."""
    from tests.scans.finder import without_lookalikes

    text = "".join(parts)
    judged = without_lookalikes(text)
    assert BOUNDED_FINDER.find(text) == [label for label, _, pattern in BOUNDED
                                         if pattern.search(judged)]


def test_lookalikes_are_not_secrets_and_the_secret_beside_them_still_is() -> None:
    """A datetime's microseconds in a log line and a row's integer id are six digits, like a
    one-time code; with over a thousand conversations a run's codes always meet some."""
    import re

    from tests.scans.finder import Finder, row_text

    finder = Finder([("code", "716355", re.compile(r"(?<![0-9A-Za-z.:,])716355(?![0-9A-Za-z])"))])
    logged = "('x', datetime.datetime(2026, 12, 7, 10, 44, 14, 716355, tzinfo=utc))"
    assert finder.find(logged) == []
    assert finder.find(logged + " code 716355") == ["code"]
    assert row_text(["id", "data"], (716355, "hello")) == "hello"
    assert finder.find(row_text(["id", "data"], (1, '{"text": "716355"}'))) == ["code"]


def test_two_dates_side_by_side_in_raw_bytes_are_no_code() -> None:
    """(clean run of 2026-12-07) a background-check row's dates, "2026-08-29" then
    "2027-08-29" with no separator in the database file's raw record, read "292027", a code
    the run had recorded. Each date stays whole: a date of birth beside another is found."""
    import re

    from tests.scans.finder import Finder

    bounded = r"(?<![0-9A-Za-z.]){}(?![0-9A-Za-z])"
    finder = Finder([("code", "292027", re.compile(bounded.format("292027"))),
                     ("dob", "1985-04-12", re.compile(bounded.format(re.escape("1985-04-12"))))])
    raw = "cleared2026-08-202026-08-292027-08-29Missouri State Highway Patrol"
    assert finder.find(raw) == []
    assert finder.find(raw + " code 292027") == ["code"]
    assert finder.find("2026-08-291985-04-12 x") == ["dob"]
