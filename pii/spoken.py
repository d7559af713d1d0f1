"""Numbers spoken in words, as voice dictation and careful typists write them.

"six five two zero three", "twenty two oak hollow drive", "one two three four five six
seven eight nine", "april twelfth nineteen eighty five": the same digits as "65203", "22",
"123456789" and "april 12 1985". `digits_spoken` rewrites each run of number words as its
digits and says, for every character of the result, which characters of the text it came
from, so that a mask found in the rewritten copy covers the words in the text.

Only matching copies are rewritten (the redactor's and the identity parser's, and the
parsers of addresses and phone numbers); what a person typed is never changed where it
is shown or stored.
"""

from __future__ import annotations

import re

_UNITS = {"zero": 0, "oh": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
          "seven": 7, "eight": 8, "nine": 9}
_TEENS = {"ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
          "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19}
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fourty": 40, "fifty": 50, "sixty": 60,
         "seventy": 70, "eighty": 80, "ninety": 90}
_ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6,
             "seventh": 7, "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11,
             "twelfth": 12, "thirteenth": 13, "fourteenth": 14, "fifteenth": 15,
             "sixteenth": 16, "seventeenth": 17, "eighteenth": 18, "nineteenth": 19,
             "twentieth": 20, "thirtieth": 30}
_REPEAT = {"double": 2, "triple": 3}
_NUMBER_WORDS = (set(_UNITS) | set(_TEENS) | set(_TENS) | set(_ORDINALS) | set(_REPEAT)
                 | {"hundred"})
_WORD = re.compile(r"[A-Za-z]+")
_W = "|".join(sorted(_NUMBER_WORDS - {"oh", "double", "triple", "hundred"}))
# A secret spoken needs two number words together (or one next to digits): "one two ...",
# "nineteen eighty five", "twelfth, 1985". A lone "one" ("one username per person") is no
# number worth rewriting, and the common text keeps the fast path.
_ANY = re.compile(rf"\b(?:{_W})\b[ \t,-]+(?:\b(?:{_W}|oh|hundred)\b|\d)|\d[ \t,-]+(?:{_W})\b|"
                  rf"\b(?:double|triple)[ \t]+(?:{_W})\b", re.IGNORECASE)
# Between two number words of one run: spaces or a hyphen ("twenty-two")
_JOINER = re.compile(r"[ \t]*-[ \t]*|[ \t]+")

Origin = tuple[str, list[int], list[int]]


def has_spoken_numbers(text: str) -> bool:
    return bool(_ANY.search(text or ""))


Chunk = tuple[str, int, int]  # digits, and the first and last word they came from


def _chunks(words: list[str]) -> list[Chunk]:
    """The digit chunks the number words at the start of `words` make (an ordinal ends the
    run: "twelfth nineteen ..." is a day, then a year)."""
    out: list[Chunk] = []
    i = 0
    while i < len(words):
        w = words[i]
        nxt = words[i + 1] if i + 1 < len(words) else ""
        if w in _REPEAT and nxt in _UNITS:
            out.append((str(_UNITS[nxt]) * _REPEAT[w], i, i + 1))
            i += 2
        elif w in _TENS and (_UNITS.get(nxt) or (_ORDINALS.get(nxt) or 10) < 10):
            out.append((str(_TENS[w] + (_UNITS.get(nxt) or _ORDINALS[nxt])), i, i + 1))
            i += 2
            if nxt in _ORDINALS:
                break
        elif w == "hundred" and out and len(out[-1][0]) == 1:
            value, first = int(out[-1][0]) * 100, out[-1][1]
            j = i + 1
            if j < len(words) and words[j] in _TENS:
                value += _TENS[words[j]]
                j += 1
                if j < len(words) and _UNITS.get(words[j]):
                    value += _UNITS[words[j]]
                    j += 1
            elif j < len(words) and (words[j] in _TEENS or _UNITS.get(words[j])):
                value += _TEENS.get(words[j]) or _UNITS[words[j]]
                j += 1
            out[-1] = (str(value), first, j - 1)
            i = j
        elif w in _ORDINALS:
            out.append((str(_ORDINALS[w]), i, i))
            break
        elif w in _TEENS or w in _TENS:
            out.append((str(_TEENS.get(w) or _TENS[w]), i, i))
            i += 1
        elif w in _UNITS and (w != "oh" or out or nxt in _UNITS):
            out.append((str(_UNITS[w]), i, i))
            i += 1
        else:
            break
    return out


def _day_and_year(chunks: list[Chunk]) -> int | None:
    """Where "twelve nineteen eighty five" splits into a day and a year: the index of the
    year's first chunk, or None."""
    if (len(chunks) >= 3 and chunks[-2][0] in ("19", "20") and len(chunks[-1][0]) == 2
            and len("".join(c[0] for c in chunks[:-2])) <= 2):
        return len(chunks) - 2
    return None


def digits_spoken(text: str) -> Origin:
    """`text` with each run of number words as digits, and for each character of the result
    the start and the end (exclusive) of the characters of `text` it stands for."""
    if not has_spoken_numbers(text):
        n = len(text)
        return text, list(range(n)), list(range(1, n + 1))
    words = list(_WORD.finditer(text))
    out: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    at = 0  # the next character of `text` not yet copied
    i = 0
    while i < len(words):
        # the longest run of number words joined by spaces or hyphens from word i
        run = [words[i]]
        while (i + len(run) < len(words)
               and words[i + len(run)].group(0).lower() in _NUMBER_WORDS
               and _JOINER.fullmatch(text[run[-1].end():words[i + len(run)].start()])):
            run.append(words[i + len(run)])
        chunks = _chunks([m.group(0).lower() for m in run])
        if not chunks:
            i += 1
            continue
        used = chunks[-1][2] + 1
        for k in range(at, run[0].start()):
            out.append(text[k])
            starts.append(k)
            ends.append(k + 1)
        year = _day_and_year(chunks)
        for n, (digits, a, b) in enumerate(chunks):
            if n == year:
                out.append(" ")
                starts.append(run[a].start())
                ends.append(run[a].start())
            for ch in digits:
                out.append(ch)
                starts.append(run[a].start())
                ends.append(run[b].end())
        at = run[used - 1].end()
        i += used
    for k in range(at, len(text)):
        out.append(text[k])
        starts.append(k)
        ends.append(k + 1)
    return "".join(out), starts, ends


def as_digits(text: str) -> str:
    """`text` with its spoken numbers as digits (for parsers that need no origins)."""
    return digits_spoken(text or "")[0]
