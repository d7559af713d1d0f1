"""Mask SSNs, dates of birth, one-time codes and passwords in chat text and Rasa events.

Stdlib only (Python 3.10 and 3.11+): the Rasa server (`.venv-rasa`) imports this module
through the redacting tracker store (`bot/privacy/tracker_store.py`), and the backend
(`.venv`) imports it to redact console pages, exports and log lines a second time, so a
value that slipped past the first pass is still caught.

Masks are written so that a person reading a transcript understands what was there:

- SSN: ``[SSN ***-**-6789]`` (the last four digits stay, as on every other screen)
- date (of birth, or any full date a user types): ``[DATE]``
- one-time code: ``[CODE]``
- password: ``[PASSWORD]``

Every spelling is matched, not only ASCII. Matching runs on a folded copy of the text
in which each character is mapped on its own (so every match maps back to a span of the
original, which is where the mask goes): any Unicode decimal digit (Arabic-Indic
``٩``, Persian ``۹``, Devanagari ``९``, fullwidth ``９``, ...) becomes its ASCII digit;
every dash (``‐ ‑ ‒ – — ― − ﹣ －``) becomes ``-``; every space (no-break, thin,
ideographic, ...) becomes a space; format characters and combining marks (zero-width
space, soft hyphen, variation selectors, keycap) are dropped; anything else is NFKC'd
(fullwidth ``Ｐａｓｓ：`` reads as ``Pass:``). Before that, numbers spoken in English words
become their digits (``one two three ...``, ``april twelfth nineteen eighty five``;
``pii.spoken``), each digit mapping back to the words it came from. Text outside a match is
left untouched.

Rules, chosen so the values staff need stay readable:

- Numbers are read as *runs*: digit groups joined by separators, where a separator is
  ``-``, ``/``, ``,`` or ``.`` with optional spaces around (``900 - 11 - 0001``,
  ``900 .11``, ``900,11,0001``), or one or more spaces. A dot followed by a space with
  no space before it (``3. 5``) ends a sentence and breaks the run. Digits glued to
  letters on either side of a run (``A123456789``) are not an SSN or a code.
- An SSN is, inside a run, a group of 9 digits (``900110001``), three groups of 3, 2 and
  4 digits whatever their separators (``900-11-0001``, ``900-11 0001``,
  ``900 - 11 - 0001``, ``900–11–0001``, ``900.11.0001``), or exactly nine single digits
  in a row (``9 0 0 1 1 0 0 0 1``); a whole run of exactly nine digits in any other
  grouping (``900 110 001``, ``9001 10001``); and 3-2-4 groups with a dot and a space
  between (``900. 11. 0001``). A phone number (3-3-4, ``(573) 751-0051``, 10 digits
  in a row or one by one), a ZIP code (5 digits, or 5-4 after a state code or the word
  ZIP: ``MO 65102-0480``) and an Educator ID (7 digits)
  never match.
- A date is any full calendar date: ISO ``1985-04-12``, US ``04/12/1985``,
  ``4/12/85``, ``04-12-1985``, ``04.12.1985``, written-out ``April 12, 1985``,
  ``12 April 1985``, ``Apr 12th 1985``, ``12-Apr-1985`` and 8 digits that form a valid
  date (``19850412``, ``04121985``). Every such date is masked, not only birth dates:
  a chat message rarely needs a full date and the cost of missing a DOB is higher.
- A code is a standalone 6-digit number (``483920``), or a run that is exactly a code
  typed in pieces, joined by spaces or dashes: ``483 920``, ``48 39 20``,
  ``4 8 2 9 1 3``.
- A password is the word after "password", "passcode", "passphrase", "passwd", "pwd" or
  "pw", with or without "is"/":"/"=" (``password is X``, ``password: X``, ``pw X``,
  ``my password's X``), or after "pass" when "is", "was", ":" or "=" follows
  (``the pass is X``; "pass the exam" is left alone); or a message that is a single
  token mixing upper case, lower case, digits and symbols (how a password looks when
  typed alone). Words that commonly follow "password" without being one ("reset",
  "wrong", "expired", ...) are not masked.
"""

from __future__ import annotations

import calendar
import functools
import logging
import re
import unicodedata
from collections.abc import Callable, Mapping
from typing import Any

from pii.spoken import digits_spoken, has_spoken_numbers

logger = logging.getLogger(__name__)

SSN_MASK_TEMPLATE = "[SSN ***-**-{last4}]"
SSN_MASK_NO_DIGITS = "[SSN]"
DATE_MASK = "[DATE]"
CODE_MASK = "[CODE]"
PASSWORD_MASK = "[PASSWORD]"
TOKEN_MASK = "[TOKEN]"
SECRET_MASK = "[REDACTED]"
MASKS = (DATE_MASK, CODE_MASK, PASSWORD_MASK, TOKEN_MASK, SECRET_MASK, SSN_MASK_NO_DIGITS)

# ------------------------------------------------------------------ folding for matching
# Dashes that are not in Unicode's Pd (dash punctuation) category.
_EXTRA_DASHES = frozenset("\u2212\u2043\u2796")  # minus sign, hyphen bullet, heavy minus


@functools.lru_cache(maxsize=4096)
def _fold_char(char: str) -> str:
    """What one character reads as for matching: "" (dropped), or one or more chars."""
    digit = unicodedata.decimal(char, None)
    if digit is not None:
        return str(digit)
    category = unicodedata.category(char)
    if category == "Pd" or char in _EXTRA_DASHES:
        return "-"
    if category == "Zs":
        return " "
    if category in ("Mn", "Me", "Cf"):
        return ""
    return unicodedata.normalize("NFKC", char)


# The matching copy of a text, and where each of its characters came from (None: the same).
_Folding = tuple[str, tuple[list[int], list[int]] | None]


def _fold(text: str) -> _Folding:
    """The matching copy of `text` and, for each of its characters, the start and end in
    `text` it came from (None when the copy is `text` itself, the common ASCII case).
    Numbers spoken in words ("one two three ...") are their digits (pii.spoken)."""
    spoken = has_spoken_numbers(text)
    if text.isascii() and not spoken:
        return text, None
    text, from_start, from_end = digits_spoken(text)
    parts: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    for index, char in enumerate(text):
        folded = char if char.isascii() else _fold_char(char)
        parts.append(folded)
        starts.extend([from_start[index]] * len(folded))
        ends.extend([from_end[index]] * len(folded))
    return "".join(parts), (starts, ends)


def ascii_digits(text: str) -> str:
    """The decimal digits of `text`, in any script, as ASCII digits."""
    return "".join(c for c in _fold(text)[0] if "0" <= c <= "9")


# An edit replaces folded[start:end] with a mask.
_Edit = tuple[int, int, str]


def _apply(text: str, folding: _Folding, find: Callable[[str], list[_Edit]]) -> str:
    """Run `find` on the folded copy of `text` (`folding`, what `_fold(text)` returned)
    and put its masks into `text` itself."""
    folded, origin = folding
    edits = find(folded)
    if not edits:
        return text
    out = text
    for start, end, mask in sorted(edits, reverse=True):
        if origin is None:
            o_start, o_end = start, end
        else:
            o_start, o_end = origin[0][start], origin[1][end - 1]
        out = out[:o_start] + mask + out[o_end:]
    return out


def _pattern_finder(
    pattern: re.Pattern[str], repl: Callable[[re.Match[str]], str | None]
) -> Callable[[str], list[_Edit]]:
    """Edits for the whole matches of `pattern` whose `repl` returns a mask (not None)."""

    def find(folded: str) -> list[_Edit]:
        edits: list[_Edit] = []
        for match in pattern.finditer(folded):
            mask = repl(match)
            if mask is not None:
                edits.append((match.start(), match.end(), mask))
        return edits

    return find


# ------------------------------------------------------------------ runs (SSNs, codes)
# Digit groups joined by separators. A dot with a space after it and none before it is
# the end of a sentence ("code 4 8 2 9 1 3. 5 minutes"), not a separator.
_SEP = r"(?:[ \t]*[-/,][ \t]*|[ \t]+\.[ \t]*|\.(?![ \t])|[ \t]+)"
_RUN_RE = re.compile(r"\d+(?:" + _SEP + r"\d+)*")
_GROUP_RE = re.compile(r"\d+")
_CODE_RUN_SEP_RE = re.compile(r"[ \t]*-[ \t]*|[ \t]+")
_CODE_SHAPES = ((3, 3), (2, 2, 2), (1, 1, 1, 1, 1, 1))


def _glued(folded: str, index: int) -> bool:
    """The character at `index` is a letter or underscore (or a digit)."""
    return 0 <= index < len(folded) and (folded[index].isalnum() or folded[index] == "_")


def _ssn_windows(lengths: list[int]) -> list[tuple[int, int]]:
    """(first, last) group indexes of each SSN in a run whose groups have `lengths`."""
    out: list[tuple[int, int]] = []
    if len(lengths) >= 2 and sum(lengths) == 9:
        # nine digits in any grouping ("900 110 001", "9001 10001", "90011-0001"); a ZIP+4
        # after a state or the word ZIP is left alone by the caller
        return [(0, len(lengths) - 1)]
    i = 0
    while i < len(lengths):
        if lengths[i] == 9:
            out.append((i, i))
            i += 1
        elif lengths[i : i + 3] == [3, 2, 4]:
            out.append((i, i + 2))
            i += 3
        elif lengths[i] == 1:
            j = i
            while j < len(lengths) and lengths[j] == 1:
                j += 1
            if j - i == 9:  # exactly nine: ten single digits are a phone number
                out.append((i, j - 1))
            i = j
        else:
            i += 1
    return out


# "900. 11. 0001": a dot then a space is a sentence end elsewhere, but not in 3-2-4 groups
_DOTTED_SSN_RE = re.compile(r"(?<![\w.])(\d{3})\.[ \t]+(\d{2})\.[ \t]+(\d{4})(?![\w])")


# What makes nine digits written 5-4 a ZIP+4 rather than an SSN: a state's code or the word
# ZIP (or postal code) just before them. Anywhere else they are masked.
_ZIP_CONTEXT = re.compile(r"(?:\b(?i:zip|postal)(?:\s*(?i:code)|\s*\+\s*4)?|\b[A-Z]{2})"
                          r"[\s,:.#-]*$")


def _find_ssns(folded: str) -> list[_Edit]:
    edits: list[_Edit] = [
        (m.start(), m.end(), SSN_MASK_TEMPLATE.format(last4=m.group(3)))
        for m in _DOTTED_SSN_RE.finditer(folded)]
    for run in _RUN_RE.finditer(folded):
        groups = list(_GROUP_RE.finditer(folded, run.start(), run.end()))
        lengths = [g.end() - g.start() for g in groups]
        for first, last in _ssn_windows(lengths):
            start, end = groups[first].start(), groups[last].end()
            if (first == 0 and _glued(folded, start - 1)) or (
                last == len(groups) - 1 and _glued(folded, end)
            ):
                continue
            if lengths[first : last + 1] == [5, 4] and _ZIP_CONTEXT.search(
                    folded[max(0, start - 24):start]):
                continue  # "Jefferson City, MO 65102-0480", "ZIP+4 65102-0480"
            digits = "".join(g.group(0) for g in groups[first : last + 1])
            edits.append((start, end, SSN_MASK_TEMPLATE.format(last4=digits[-4:])))
    return edits


def _find_spaced_codes(folded: str) -> list[_Edit]:
    edits: list[_Edit] = []
    for run in _RUN_RE.finditer(folded):
        groups = list(_GROUP_RE.finditer(folded, run.start(), run.end()))
        if tuple(g.end() - g.start() for g in groups) not in _CODE_SHAPES:
            continue
        if _glued(folded, run.start() - 1) or _glued(folded, run.end()):
            continue
        gaps = range(1, len(groups))
        separators = [folded[groups[i - 1].end() : groups[i].start()] for i in gaps]
        if all(_CODE_RUN_SEP_RE.fullmatch(s) for s in separators):
            edits.append((run.start(), run.end(), CODE_MASK))
    return edits


# --------------------------------------------------------------------------- dates
_B = r"(?<![\w])(?<!\d[-./])"
_A = r"(?![\w])(?![-./]\d)"
_MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
_MONTHS.update({name.lower(): i for i, name in enumerate(calendar.month_abbr) if name})
_MONTHS["sept"] = 9
_MONTH_ALT = "|".join(sorted((re.escape(m) for m in _MONTHS), key=len, reverse=True))
_DAY = r"(?P<d>\d{1,2})(?:st|nd|rd|th)?"
_YEAR = r"(?P<y>\d{4}|'?\d{2})"

_DATE_PATTERNS: list[re.Pattern[str]] = [
    # 1985-04-12, 1985/04/12, 1985.04.12
    re.compile(_B + r"(?P<y>\d{4})(?P<s>[-/.])(?P<m>\d{1,2})(?P=s)(?P<d>\d{1,2})" + _A),
    # 04/12/1985, 4/12/85, 04-12-1985 (month or day first)
    re.compile(_B + r"(?P<m>\d{1,2})(?P<s>[-/])(?P<d>\d{1,2})(?P=s)(?P<y>\d{4}|\d{2})" + _A),
    # 04.12.1985: with dots only a 4-digit year, so "version 3.6.21" stays
    re.compile(_B + r"(?P<m>\d{1,2})(?P<s>\.)(?P<d>\d{1,2})(?P=s)(?P<y>\d{4})" + _A),
    # April 12, 1985 / Apr 12th 1985 / April 12 '85
    re.compile(
        r"(?<![\w])(?P<mn>" + _MONTH_ALT + r")\.?\s+" + _DAY + r",?\s+" + _YEAR + r"(?![\w])",
        re.IGNORECASE,
    ),
    # 12 April 1985 / 12th of April, 1985 / 12-Apr-1985
    re.compile(
        r"(?<![\w])"
        + _DAY
        + r"(?:\s+of)?[\s-]+(?P<mn>"
        + _MONTH_ALT
        + r")\.?,?[\s-]+"
        + _YEAR
        + r"(?![\w])",
        re.IGNORECASE,
    ),
    # 8 digits: 19850412 or 04121985
    re.compile(_B + r"(?P<compact>\d{8})" + _A),
]

# --------------------------------------------------------------------------- codes
_CODE_RE = re.compile(r"(?<![\w])(?<![-./,]\d)(?<!\$)\d{6}(?![\w])(?![-.,/]\d)")

# ----------------------------------------------------------------------- passwords
_PASSWORD_KEYWORD_RE = re.compile(
    r"(?P<lead>(?<!\[)\b"
    r"(?:(?:pass(?:word|code|phrase)|passwd|pwd|pw)(?:'s)?\b"
    r"(?:\s+(?:is|was|would\s+be|will\s+be|=|:|to|should\s+be)\b)?"
    # "pass" alone is a password only when announced: "the pass is X", "pass: X".
    r"|pass(?:'s)?(?:\s+(?:is|was)\b|(?=\s*[:=])))"
    r"\s*[:=]?\s*)"
    r"(?P<secret>\"[^\"\n]+\"|'[^'\n]+'|(?!\[)(?=\S*\w)\S+)",
    re.IGNORECASE,
)
_NOT_A_PASSWORD = {
    "reset",
    "resets",
    "resetting",
    "is",
    "was",
    "wrong",
    "incorrect",
    "expired",
    "expire",
    "expires",
    "change",
    "changed",
    "changing",
    "help",
    "link",
    "email",
    "for",
    "and",
    "or",
    "but",
    "please",
    "not",
    "doesn't",
    "doesnt",
    "does",
    "isn't",
    "isnt",
    "did",
    "didn't",
    "won't",
    "will",
    "would",
    "should",
    "can",
    "can't",
    "cannot",
    "on",
    "in",
    "of",
    "with",
    "the",
    "a",
    "an",
    "my",
    "your",
    "to",
    "it",
    "that",
    "this",
    "again",
    "anymore",
    "now",
    "page",
    "form",
    "rules",
    "requirements",
    "set",
    "setup",
    "recovery",
    "reminder",
    "there",
    "here",
    "too",
    "also",
    "yet",
    "work",
    "works",
    "working",
    "because",
    "when",
    "if",
    "so",
    "then",
    "at",
    "by",
    "from",
    "field",
    "box",
    "?",
    "!",
    ".",
    "be",
    "are",
    "has",
    "have",
    "had",
    "i",
    "me",
    "we",
    "you",
    "they",
    "locked",
    "lost",
    "forgotten",
    "forgot",
    "new",
    "old",
    "strong",
    "weak",
    "requirement",
    "policy",
    "length",
    "without",
    "via",
    "through",
    "sent",
    "send",
    "manager",
    "protected",
    "please.",
    "reset?",
    "reset.",
}
_SINGLE_TOKEN_PASSWORD_RE = re.compile(
    r"^(?=.*[a-z])(?=.*[A-Z])(?=.*\d)(?=.*[^A-Za-z0-9\s])\S{8,128}$"
)
_LOOSE_PASSWORD_RE = re.compile(r"^(?=.*[^\W\d_])(?=.*\d)\S{8,128}$")

SECRET_SLOT_KINDS: dict[str, str] = {
    "ssn": "ssn",
    "social": "ssn",
    "date_of_birth": "date",
    "dob": "date",
    "birth": "date",
    "birthdate": "date",
    "password": "password",
    "passcode": "code",
    "otp": "code",
    "code": "code",
    "verification_code": "code",
    "one_time_code": "code",
}


def _valid_date(y: int, m: int, d: int) -> bool:
    if not 1 <= m <= 12:
        return False
    try:
        return 1 <= d <= calendar.monthrange(y if y > 0 else 2000, m)[1]
    except (ValueError, calendar.IllegalMonthError):
        return False


def _year(text: str) -> int:
    text = text.lstrip("'")
    year = int(text)
    if len(text) == 2:
        year += 1900 if year > 30 else 2000
    return year


def _date_repl(match: re.Match[str]) -> str | None:
    groups = match.groupdict()
    if groups.get("compact"):
        digits = groups["compact"]
        candidates = [
            (int(digits[:4]), int(digits[4:6]), int(digits[6:])),  # 19850412
            (int(digits[4:]), int(digits[:2]), int(digits[2:4])),  # 04121985
            (int(digits[4:]), int(digits[2:4]), int(digits[:2])),  # 12041985
        ]
        if any(1900 <= y <= 2100 and _valid_date(y, m, d) for y, m, d in candidates):
            return DATE_MASK
        return None
    year = _year(groups["y"])
    day = int(groups["d"])
    if groups.get("mn"):
        month = _MONTHS.get(groups["mn"].lower().rstrip("."), 0)
        return DATE_MASK if _valid_date(year, month, day) else None
    month = int(groups["m"])
    # 04/12/1985 (US) or 12/04/1985 (day first): either reading makes it a date.
    if _valid_date(year, month, day) or _valid_date(year, day, month):
        return DATE_MASK
    return None


def ssn_mask(value: str) -> str:
    """The mask for one SSN value, keeping its last four digits when there are nine."""
    digits = ascii_digits(value)
    if len(digits) == 9:
        return SSN_MASK_TEMPLATE.format(last4=digits[-4:])
    return SSN_MASK_NO_DIGITS


def _find_passwords(folded: str) -> list[_Edit]:
    edits: list[_Edit] = []
    for match in _PASSWORD_KEYWORD_RE.finditer(folded):
        bare = match.group("secret").strip("\"'").rstrip(".,;!?").lower()
        if bare and bare not in _NOT_A_PASSWORD:
            edits.append((match.start("secret"), match.end("secret"), PASSWORD_MASK))
    return edits


# In order: passwords first (a password may look like anything else), then SSNs, dates
# and codes. SSN runs (3-2-4, 9, nine singles) cannot be read as a date's groups
# (4-2-2 / 2-2-4 / 8) anyway; codes come last so that a date is called a date.
_FINDERS: tuple[Callable[[str], list[_Edit]], ...] = (
    _find_passwords,
    _find_ssns,
    *(_pattern_finder(p, _date_repl) for p in _DATE_PATTERNS),
    _pattern_finder(_CODE_RE, lambda m: CODE_MASK),
    _find_spaced_codes,
)


def redact_text(text: str, *, expecting_password: bool = False) -> str:
    """Return `text` with every SSN, date, one-time code and password masked.

    `expecting_password`: the assistant has just asked for a password (or the text is
    a password field's value), so any single token with letters and digits is one.
    """
    if not text:
        return text
    out, folding = text, _fold(text)
    stripped = folding[0].strip()
    if expecting_password and _LOOSE_PASSWORD_RE.match(stripped):
        return PASSWORD_MASK
    for find in _FINDERS:
        masked = _apply(out, folding, find)
        # Folded again only once a mask went in: folding (the spoken-number search above
        # all) was most of the cost when each finder folded the same text anew.
        if masked != out:
            out, folding = masked, _fold(masked)
    # A message that is one token mixing cases, digits and symbols, and is not a date
    # or number masked above, is how a password looks when typed on its own.
    if out == text and _SINGLE_TOKEN_PASSWORD_RE.match(stripped):
        return PASSWORD_MASK
    return out


def contains_sensitive(text: str) -> bool:
    """True if `redact_text` would change `text`."""
    return bool(text) and redact_text(text) != text



# ------------------------------------------------------------------ slots & events


_CODE_QUALIFIERS = frozenset(
    {
        "verification",
        "verify",
        "login",
        "auth",
        "signin",
        "sign",
        "one",
        "time",
        "security",
        "access",
        "confirmation",
        "email",
        "otp",
        "mfa",
        "2fa",
    }
)


def secret_slot_kind(slot_name: str | None) -> str | None:
    """The kind of secret a slot or entity holds, by its name.

    Returns "ssn", "date", "code", "password", "token" (a bearer token the bot holds
    for a signed-in educator) or None. `postal_code` or
    `application_type` are not secrets; `verification_code` and `otp` are.
    """
    if not slot_name:
        return None
    name = slot_name.lower()
    if name in SECRET_SLOT_KINDS:
        return SECRET_SLOT_KINDS[name]
    parts = [p for p in re.split(r"[_\W]+", name) if p]
    for part in parts:
        if part in ("ssn", "social"):
            return "ssn"
        if part in ("dob", "birth", "birthdate", "birthday"):
            return "date"
        if part in ("password", "passwd", "pwd", "passphrase"):
            return "password"
        if part in ("otp", "totp", "passcode"):
            return "code"
        if part in ("token", "bearer", "secret", "apikey"):
            return "token"
    if parts and parts[-1] == "code" and any(p in _CODE_QUALIFIERS for p in parts[:-1]):
        return "code"
    return None


def mask_secret_value(kind: str, value: Any) -> Any:
    """Mask a value held by a secret slot or entity, whatever it looks like."""
    if value is None or value is False or value is True:
        return value
    if isinstance(value, list):
        return [mask_secret_value(kind, v) for v in value]
    if isinstance(value, dict):
        return {k: mask_secret_value(kind, v) for k, v in value.items()}
    text = str(value)
    if not text.strip():
        return value
    if text in MASKS or text.startswith("[SSN"):
        return text
    if kind == "ssn":
        return ssn_mask(text)
    if kind == "date":
        return DATE_MASK
    if kind == "code":
        return CODE_MASK
    if kind == "password":
        return PASSWORD_MASK
    if kind == "token":
        return TOKEN_MASK
    return SECRET_MASK


def redact_value(value: Any) -> Any:
    """Pattern-redact every string inside a JSON-like value (dicts, lists, scalars)."""
    if isinstance(value, str):
        return redact_text(value)
    if isinstance(value, list):
        return [redact_value(v) for v in value]
    if isinstance(value, tuple):
        return tuple(redact_value(v) for v in value)
    if isinstance(value, Mapping):
        return {k: redact_value(v) for k, v in value.items()}
    return value


# Keys whose values are identifiers or model output, never user content: left as they
# are so that intent names, confidences and action names stay exact.
_UNTOUCHED_KEYS = frozenset(
    {
        "event",
        "timestamp",
        "policy",
        "confidence",
        "intent_ranking",
        "action_name",
        "action_text_",
        "input_channel",
        "message_id",
        "sender_id",
        "type_name",
        "intent_name",
        "e2e_text_",
        "id",
        "start",
        "end",
        "extractor",
        "processors",
        "role",
        "group",
        "confidence_entity",
        "hide_rule_turn",
        "is_interrupted",
        "story",
        "rule",
    }
)


def _redact_entity(entity: Mapping[str, Any]) -> dict[str, Any]:
    out = dict(entity)
    kind = secret_slot_kind(str(entity.get("entity", "")))
    for key in ("value", "text"):
        if key in out:
            out[key] = mask_secret_value(kind, out[key]) if kind else redact_value(out[key])
    if "additional_info" in out:
        out["additional_info"] = (
            None
            if kind and out["additional_info"] is not None
            else redact_value(out["additional_info"])
        )
    return out


def _redact_dict(data: Mapping[str, Any], expecting_password: bool = False) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in data.items():
        if key in _UNTOUCHED_KEYS:
            out[key] = value
        elif key == "entities" and isinstance(value, list):
            out[key] = [
                _redact_entity(e) if isinstance(e, Mapping) else redact_value(e) for e in value
            ]
        elif key == "intent" and isinstance(value, Mapping):
            out[key] = dict(value)
        elif key == "text" and isinstance(value, str):
            out[key] = redact_text(value, expecting_password=expecting_password)
        elif key == "slots" and isinstance(value, Mapping):
            out[key] = redact_slots(value)
        elif isinstance(value, Mapping):
            out[key] = _redact_dict(value, expecting_password)
        elif isinstance(value, list):
            out[key] = [
                _redact_dict(v, expecting_password) if isinstance(v, Mapping) else redact_value(v)
                for v in value
            ]
        else:
            out[key] = redact_value(value)
    return out


def redact_slots(slots: Mapping[str, Any]) -> dict[str, Any]:
    """Mask a `{slot_name: value}` mapping (a tracker state's `slots`)."""
    out: dict[str, Any] = {}
    for name, value in slots.items():
        kind = secret_slot_kind(name)
        out[name] = mask_secret_value(kind, value) if kind else redact_value(value)
    return out


def redact_event(event: Mapping[str, Any], *, expecting_password: bool = False) -> dict[str, Any]:
    """Return a redacted copy of one serialised Rasa event (`Event.as_dict()`).

    User text, parse data (text and entity values; intent ranking untouched), slot
    values, bot text and buttons, and metadata are redacted. A slot event whose slot
    name says it holds an SSN, a date of birth, a code or a password is always masked,
    whatever its value. Never mutates `event`.
    """
    kind_of_event = event.get("event")
    if kind_of_event == "slot":
        out = dict(event)
        kind = secret_slot_kind(str(event.get("name", "")))
        value = event.get("value")
        out["value"] = mask_secret_value(kind, value) if kind else redact_value(value)
        return out
    return _redact_dict(event, expecting_password)


def redact_events(
    events: list[Mapping[str, Any]],
    *,
    password_prompt: Callable[[Mapping[str, Any]], bool] | None = None,
) -> list[dict[str, Any]]:
    """Redact a list of serialised events in order.

    `password_prompt(event)` may say that a bot event asked for a password; the next
    user message is then treated as one (`expecting_password`).
    """
    out: list[dict[str, Any]] = []
    expecting = False
    for event in events:
        if event.get("event") == "user":
            out.append(redact_event(event, expecting_password=expecting))
            expecting = False
            continue
        if event.get("event") == "bot" and password_prompt is not None:
            expecting = password_prompt(event)
        out.append(redact_event(event))
    return out
