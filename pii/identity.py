"""Identity rules: the one home for reading an SSN, a date of birth, a one-time code and
a username, whoever typed them and in whatever script.

Standard library only; runs on Python 3.10 (Rasa's environment) and 3.11+ (the backend).

Every input is first *folded* (`fold`), character by character:

1. Unicode NFKC (fullwidth `４` becomes `4`, fullwidth `－` becomes `-`, `①` becomes `1`);
2. every decimal digit of any script (Arabic-Indic `٤`, Persian `۴`, Devanagari `४`,
   Bengali `৪`, Thai `๔`, mathematical `𝟒`...) becomes its ASCII digit;
3. separators become their ASCII form: any dash (hyphen, non-breaking hyphen, en and em
   dash, minus sign) `-`; any space (no-break, thin, ideographic, tab, newline) ` `;
   Arabic and ideographic full stops `.`; fraction, division and fullwidth slashes and the
   Arabic date separator `/`; Arabic and ideographic commas `,`;
4. invisible format characters (zero-width joiners, bidirectional marks, soft hyphens,
   byte-order marks) are dropped: they are invisible, so they cannot be what someone meant.

A *strict* reader (`parse_ssn`, `parse_date_of_birth`, `parse_code`, `parse_username`)
takes a field that must hold exactly one value; after folding, anything that is not
ASCII is refused. A *finder* (`find_ssns`, `find_dates_of_birth`, `find_codes`) reads a
chat sentence ("my ssn is 419 23 7985 and dob 4/12/85") and reports each value with its
span in the original text. Values come out as ASCII only (`419237985`, `1985-04-12`,
`123456`), which is what the backend HMACs, encrypts and compares: two spellings of one
SSN can never become two records.

Refusals raise `IdentityError`, whose `code` is stable (`ssn_invalid`,
`ssn_never_issued`, `dob_invalid`, `dob_future`, `dob_too_young`, `dob_too_old`,
`code_invalid`, `username_invalid`) and whose text never repeats the input.

SSNs never issued are refused in every spelling: area 000 or 666, group 00, serial 0000.
Areas 900-999 are ACCEPTED, on purpose. The SSA has not issued them as SSNs (they are the
ITIN range), but the demo data and the tests use 9xx numbers precisely because no real
person holds one (docs/demo-data.md tells people to link 900-33-0003 in the chat), and the
backend and the chat must agree on one rule. Accepting them costs nothing: an unknown SSN
only ever creates a record for the account that typed it, and the one-username-per-SSN
rule rests on the keyed hash of the ASCII form, not on the area.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date

from pii.spoken import digits_spoken, has_spoken_numbers

__all__ = [
    "CODE_INVALID", "DOB_FUTURE", "DOB_INVALID", "DOB_TOO_OLD", "DOB_TOO_YOUNG",
    "MAX_AGE", "MESSAGES", "MIN_AGE", "MONTHS", "SSN_INVALID", "SSN_NEVER_ISSUED",
    "USERNAME_INVALID", "USERNAME_MAX_LENGTH", "USERNAME_MIN_LENGTH", "Found", "IdentityError",
    "check_date_of_birth", "find_codes",
    "find_dates_of_birth", "find_ssns", "fold", "format_ssn", "parse_code",
    "parse_date_of_birth", "parse_ssn", "parse_username", "ssn_never_issued",
    "username_key",
]

# ---- stable error codes ----
SSN_INVALID = "ssn_invalid"
SSN_NEVER_ISSUED = "ssn_never_issued"
DOB_INVALID = "dob_invalid"
DOB_FUTURE = "dob_future"
DOB_TOO_YOUNG = "dob_too_young"
DOB_TOO_OLD = "dob_too_old"
CODE_INVALID = "code_invalid"
USERNAME_INVALID = "username_invalid"

MIN_AGE = 14
MAX_AGE = 120
USERNAME_MIN_LENGTH = 4
USERNAME_MAX_LENGTH = 30

MESSAGES = {
    SSN_INVALID: "A Social Security Number has 9 digits, like 123-45-6789.",
    SSN_NEVER_ISSUED: "That number was never issued as a Social Security Number "
                      "(area 000 or 666, group 00 or serial 0000). Please check it.",
    DOB_INVALID: "Enter the date of birth as YYYY-MM-DD or MM/DD/YYYY.",
    DOB_FUTURE: "That date of birth is in the future.",
    DOB_TOO_YOUNG: f"That date of birth is not plausible for an educator "
                   f"(younger than {MIN_AGE}).",
    DOB_TOO_OLD: f"That date of birth is not plausible for an educator "
                 f"(older than {MAX_AGE}).",
    CODE_INVALID: "A one-time code has 6 digits, like 123 456.",
    USERNAME_INVALID: f"A username has {USERNAME_MIN_LENGTH}-{USERNAME_MAX_LENGTH} "
                      "characters: letters, digits, '.', '_' or '-', and starts with a letter.",
}


class IdentityError(ValueError):
    """A refusal with a stable `code`. Its text is the code's message, never the input."""

    def __init__(self, code: str) -> None:
        self.code = code
        self.message = MESSAGES[code]
        super().__init__(self.message)


@dataclass(frozen=True)
class Found:
    """A value found in free text: `value` in ASCII when it keeps the rules, else `error`
    (a stable code). `start`/`end` delimit it in the text as given, before folding."""

    value: str | None = field(repr=False)  # never shown in logs or tracebacks
    error: str | None
    start: int
    end: int

    @property
    def ok(self) -> bool:
        return self.value is not None


# ---- folding ----
_SLASHES = "\u2044\u2215\u29f8\u060d"
_DOTS = "\u066b\u06d4\u3002"
_COMMAS = "\u060c\u066c\u3001"
_ASCII_SPACES = str.maketrans({c: " " for c in "\t\n\v\f\r\x1c\x1d\x1e\x1f\x85"})


def _fold_char(ch: str) -> str:
    out = []
    for c in unicodedata.normalize("NFKC", ch):
        if c.isascii():
            out.append(" " if c.isspace() else c)
            continue
        digit = unicodedata.decimal(c, None)
        if digit is not None:
            out.append(str(digit))
            continue
        category = unicodedata.category(c)
        if category == "Cf":
            continue
        if category == "Pd" or c == "\u2212":
            out.append("-")
        elif c.isspace():
            out.append(" ")
        elif c in _SLASHES:
            out.append("/")
        elif c in _DOTS:
            out.append(".")
        elif c in _COMMAS:
            out.append(",")
        else:
            out.append(c)
    return "".join(out)


Origin = tuple[list[int], list[int]]


def _fold_with_origin(text: str) -> tuple[str, Origin]:
    """The folded text and, for each of its characters, the start and end (exclusive) of
    the characters it came from. Numbers spoken in words are their digits (pii.spoken)."""
    if text.isascii() and not has_spoken_numbers(text):
        # the common case: only ASCII whitespace changes, one for one
        return text.translate(_ASCII_SPACES), (list(range(len(text))),
                                               list(range(1, len(text) + 1)))
    text, from_start, from_end = digits_spoken(text)
    parts: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    for i, ch in enumerate(text):
        folded = _fold_char(ch)
        parts.append(folded)
        starts.extend([from_start[i]] * len(folded))
        ends.extend([from_end[i]] * len(folded))
    return "".join(parts), (starts, ends)


def fold(text: str) -> str:
    """NFKC, then ASCII digits, dashes, spaces, dots, slashes, commas; format chars dropped."""
    return _fold_with_origin(text or "")[0]


def _strict(text: str | None) -> str | None:
    """The folded, trimmed field, or None when something not ASCII is left."""
    value = fold(text or "").strip()
    return value if value.isascii() else None


def _span(origin: Origin, start: int, end: int) -> tuple[int, int]:
    return origin[0][start], origin[1][end - 1]


# ---- SSN ----
_SSN_SEP = r"(?:\s*[-.]\s*|\s+)?"
_SSN_STRICT = re.compile(rf"([0-9]{{3}}){_SSN_SEP}([0-9]{{2}}){_SSN_SEP}([0-9]{{4}})",
                         re.ASCII)
_SSN_FREE = re.compile(
    rf"(?<![0-9])(?<![0-9][-.])([0-9]{{3}}){_SSN_SEP}([0-9]{{2}}){_SSN_SEP}([0-9]{{4}})"
    r"(?![0-9])(?![-.][0-9])",
    re.ASCII,
)


def ssn_never_issued(digits: str) -> bool:
    """Area 000 or 666, group 00 or serial 0000 (9xx areas are accepted: module doc)."""
    area, group, serial = digits[:3], digits[3:5], digits[5:]
    return area in ("000", "666") or group == "00" or serial == "0000"


def parse_ssn(text: str | None) -> str:
    """The field's SSN as 9 ASCII digits, or IdentityError (ssn_invalid, ssn_never_issued)."""
    value = _strict(text)
    match = _SSN_STRICT.fullmatch(value) if value is not None else None
    if match is None:
        raise IdentityError(SSN_INVALID)
    digits = "".join(match.groups())
    if ssn_never_issued(digits):
        raise IdentityError(SSN_NEVER_ISSUED)
    return digits


def format_ssn(digits: str) -> str:
    return f"{digits[:3]}-{digits[3:5]}-{digits[5:]}"


def find_ssns(text: str | None) -> list[Found]:
    """Every SSN-shaped group of 9 digits in a sentence, never-issued ones with an error."""
    folded, origin = _fold_with_origin(text or "")
    found = []
    for m in _SSN_FREE.finditer(folded):
        digits = "".join(m.groups())
        bad = ssn_never_issued(digits)
        found.append(Found(None if bad else digits, SSN_NEVER_ISSUED if bad else None,
                           *_span(origin, m.start(), m.end())))
    return found


# ---- date of birth ----
MONTHS = {
    name: i + 1
    for i, names in enumerate([
        ("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"),
        ("may",), ("june", "jun"), ("july", "jul"), ("august", "aug"),
        ("september", "sep", "sept"), ("october", "oct"), ("november", "nov"),
        ("december", "dec"),
    ])
    for name in names
}
_ORD = r"(?:st|nd|rd|th)?"
_MONTH = "|".join(sorted(MONTHS, key=len, reverse=True))
# Numeric dates keep one separator throughout (4/12/1985, 1985-04-12, 04.12.1985, 04 12 1985).
_DOB_ISO = (r"(?P<iy>[0-9]{4})\s*(?P<is>[-/.]|\s)\s*(?P<im>[0-9]{1,2})\s*(?P=is)\s*"
            r"(?P<id>[0-9]{1,2})")
_DOB_US = (r"(?P<um>[0-9]{1,2})\s*(?P<us>[-/.]|\s)\s*(?P<ud>[0-9]{1,2})\s*(?P=us)\s*"
           r"(?P<uy>[0-9]{4}|[0-9]{2})")
_DOB_MDY = rf"(?P<nm>{_MONTH})\.?\s*(?P<nd>[0-9]{{1,2}}){_ORD}\s*,?\s*(?P<ny>[0-9]{{4}})"
_DOB_DMY = (rf"(?P<dd>[0-9]{{1,2}}){_ORD}\s+(?:of\s+)?(?P<dm>{_MONTH})\.?\s*,?\s*"
            r"(?P<dy>[0-9]{4})")
_DOB_ANY = rf"(?:{_DOB_ISO}|{_DOB_US}|{_DOB_MDY}|{_DOB_DMY})"
_DOB_STRICT = re.compile(_DOB_ANY, re.ASCII | re.IGNORECASE)
_DOB_FREE = re.compile(rf"(?<![0-9A-Za-z]){_DOB_ANY}(?![0-9])", re.ASCII | re.IGNORECASE)


def _today(today: date | None) -> date:
    return today or date.today()


def _full_year(two_digits: int, today: date) -> int:
    """'85' -> 1985, '05' -> 2005: the latest century that makes an educator old enough."""
    year = today.year // 100 * 100 + two_digits
    return year if year <= today.year - MIN_AGE else year - 100


def check_date_of_birth(value: date, today: date | None = None) -> date:
    """The date, or IdentityError (dob_future, dob_too_young, dob_too_old)."""
    now = _today(today)
    if value > now:
        raise IdentityError(DOB_FUTURE)
    age = now.year - value.year - ((now.month, now.day) < (value.month, value.day))
    if age < MIN_AGE:
        raise IdentityError(DOB_TOO_YOUNG)
    if age > MAX_AGE:
        raise IdentityError(DOB_TOO_OLD)
    return value


def _date_of(m: re.Match[str], today: date) -> date:
    """The calendar date a match names, or IdentityError(dob_invalid)."""
    g = m.groupdict()
    try:
        if g["iy"] is not None:
            return date(int(g["iy"]), int(g["im"]), int(g["id"]))
        if g["uy"] is not None:
            year = int(g["uy"])
            if len(g["uy"]) == 2:
                year = _full_year(year, today)
            return date(year, int(g["um"]), int(g["ud"]))
        name, day, year_text = ((g["nm"], g["nd"], g["ny"]) if g["nm"] is not None
                                else (g["dm"], g["dd"], g["dy"]))
        return date(int(year_text), MONTHS[name.lower()], int(day))
    except ValueError:
        raise IdentityError(DOB_INVALID) from None


def parse_date_of_birth(text: str | None, today: date | None = None) -> date:
    """The field's date of birth (YYYY-MM-DD, MM/DD/YYYY, M/D/YY, 'April 12 1985',
    '12 April 1985', in any digit script) or IdentityError (dob_invalid, dob_future,
    dob_too_young, dob_too_old). Day-first numeric dates are not guessed: 13/04/1985 is
    refused, as the form says month, day, year."""
    now = _today(today)
    value = _strict(text)
    match = _DOB_STRICT.fullmatch(value.rstrip(".")) if value is not None else None
    if match is None:
        raise IdentityError(DOB_INVALID)
    return check_date_of_birth(_date_of(match, now), now)


def find_dates_of_birth(text: str | None, today: date | None = None) -> list[Found]:
    """Every date in a sentence (ISO values, or an error code), leaving SSN digits alone."""
    now = _today(today)
    folded, origin = _fold_with_origin(text or "")
    taken = [(m.start(), m.end()) for m in _SSN_FREE.finditer(folded)]
    found = []
    for m in _DOB_FREE.finditer(folded):
        if any(s < m.end() and m.start() < e for s, e in taken):
            continue
        try:
            value = check_date_of_birth(_date_of(m, now), now).isoformat()
            found.append(Found(value, None, *_span(origin, m.start(), m.end())))
        except IdentityError as exc:
            found.append(Found(None, exc.code, *_span(origin, m.start(), m.end())))
    return found


# ---- one-time code ----
_CODE_STRICT = re.compile(r"[0-9](?:[ -]?[0-9]){5}", re.ASCII)
_CODE_FREE = re.compile(r"(?<![0-9])(?<![0-9][ -])[0-9]{3}[ -]?[0-9]{3}(?![0-9])(?![ -][0-9])",
                        re.ASCII)


def parse_code(text: str | None) -> str:
    """The field's one-time code as 6 ASCII digits ('123 456', '１２３-４５６' too)."""
    value = _strict(text)
    if value is None or not _CODE_STRICT.fullmatch(value):
        raise IdentityError(CODE_INVALID)
    return value.replace(" ", "").replace("-", "")


def find_codes(text: str | None) -> list[Found]:
    """Every 6-digit code in a sentence ('the code is 123 456')."""
    folded, origin = _fold_with_origin(text or "")
    return [Found(m.group(0).replace(" ", "").replace("-", ""), None,
                  *_span(origin, m.start(), m.end()))
            for m in _CODE_FREE.finditer(folded)]


# ---- username ----
_USERNAME = re.compile(
    rf"[A-Za-z][A-Za-z0-9._-]{{{USERNAME_MIN_LENGTH - 1},{USERNAME_MAX_LENGTH - 1}}}", re.ASCII)


def parse_username(text: str | None) -> str:
    """The username as it will be stored (folded, trimmed) or IdentityError."""
    value = _strict(text)
    if value is None or not _USERNAME.fullmatch(value):
        raise IdentityError(USERNAME_INVALID)
    return value


def username_key(text: str | None) -> str:
    """What makes two usernames the same one: folded, trimmed, lower case. Never raises,
    so lookups of anything typed find nothing rather than fail."""
    return fold(text or "").strip().lower()
