"""Finding many secrets in large texts fast: one pass per text, not one per secret.

A scan looks for thousands of literals (every spelling of every SSN, date of birth,
password and recorded code) in tens of megabytes of logs. Testing each literal with `in`
costs a pass over the text per literal; here the literals form one trie-shaped regex,
tried at every position (a lookahead, so overlapping occurrences are all seen), and only
the literals found are then checked with their own, stricter pattern (digit boundaries).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

Needle = tuple[str, str, re.Pattern[str]]  # (label, literal, pattern)


def _trie(words: Iterable[str]) -> str:
    root: dict[str, Any] = {}
    for word in words:
        node = root
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict[str, Any]) -> str:
        ends_here = "" in node
        alternatives = [re.escape(ch) + build(child)
                        for ch, child in sorted(node.items()) if ch != ""]
        if not alternatives:
            return ""
        body = (alternatives[0] if len(alternatives) == 1 and not ends_here
                else "(?:" + "|".join(alternatives) + ")")
        return body + "?" if ends_here else body

    return build(root)


# What only looks like a secret: the microseconds of a Python datetime printed in a log line
# ("datetime.datetime(2026, 12, 7, 10, 44, 14, 716355, tzinfo=...)": six digits, like a
# one-time code). With over a thousand conversations, some code of a run always matches one.
_MICROSECONDS = re.compile(r"(datetime\.datetime\(\d+, \d+, \d+, \d+, \d+, \d+, )\d+")


# Two ISO dates side by side in a database file's raw record bytes ("cleared" row:
# "2026-08-29" then "2027-08-29" with no separator) read "...-292027-...": a day and the next
# year, like a one-time code. A space between them keeps each date whole (a date of birth is
# still found, as a date standing alone).
_DATE_THEN_DATE = re.compile(r"(\d{4}-\d{2}-\d{2})(?=\d{4}-\d{2}-\d{2})")


def digits_bounded(literal: str) -> re.Pattern[str]:
    """`literal` not part of a longer run of digits (an SSN, a date of birth)."""
    return re.compile(rf"(?<!\d){re.escape(literal)}(?!\d)")


def without_lookalikes(text: str) -> str:
    return _DATE_THEN_DATE.sub(r"\1 ", _MICROSECONDS.sub(r"\1us", text))


def row_text(columns: list[str], row: tuple[Any, ...]) -> str:
    """A database row as text for a scan, without its integer row id (a tracker store holds
    a hundred thousand events: their ids are six-digit numbers, like a one-time code)."""
    parts = []
    for name, value in zip(columns, row, strict=True):
        if value is None or (name == "id" and isinstance(value, int)):
            continue
        parts.append(value.decode("utf-8", errors="replace") if isinstance(value, bytes)
                     else str(value))
    return " | ".join(parts)


class Finder:
    def __init__(self, needles: list[Needle]) -> None:
        assert needles, "a scan with nothing to look for is not a scan"
        self.needles = needles
        # literal -> its needles, so that a text is checked against the literals found in
        # it, not against every needle (a scan calls `find` once per database row)
        self.by_literal: dict[str, list[tuple[int, str, re.Pattern[str]]]] = {}
        for order, (label, literal, pattern) in enumerate(needles):
            self.by_literal.setdefault(literal, []).append((order, label, pattern))
        self.literals = set(self.by_literal)
        self.lengths = sorted({len(literal) for literal in self.literals})
        self._at_every_position = re.compile("(?=(" + _trie(self.literals) + "))")

    def occurrences(self, text: str) -> dict[str, list[int]]:
        """Where each literal occurs in `text` (the longest at each position, and every
        literal that is a prefix of it)."""
        found: dict[str, list[int]] = {}
        for match in self._at_every_position.finditer(text):
            longest = match.group(1)
            if not longest:
                continue
            for n in self.lengths:
                if n <= len(longest) and longest[:n] in self.literals:
                    found.setdefault(longest[:n], []).append(match.start())
        return found

    def present(self, text: str) -> set[str]:
        """The literals that occur in `text`."""
        return set(self.occurrences(text))

    def find(self, text: str) -> list[str]:
        """The labels of the needles in `text` (in the needles' order), each confirmed by its
        own pattern where its literal occurs: the pattern sees the text around it (its
        lookbehind the characters before, its lookahead the one after), never the whole
        text again (a raw database file is megabytes, and its digits hold many literals)."""
        hits: set[tuple[int, str]] = set()
        text = without_lookalikes(text)
        for literal, starts in self.occurrences(text).items():
            for order, label, pattern in self.by_literal[literal]:
                if any(pattern.search(text, start, min(len(text), start + len(literal) + 1))
                       for start in starts):
                    hits.add((order, label))
        return [label for _, label in sorted(hits)]
