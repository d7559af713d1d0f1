"""pii.identity by example: the cases issue 14 names, and what the package may import.

Run by both environments (`make test-unit`). See test_identity_properties.py for why this
folder has no `__init__.py`.
"""

from __future__ import annotations

import ast
import sys
from datetime import date
from pathlib import Path

import pytest

import pii
from pii import identity
from pii.identity import IdentityError

TODAY = date(2026, 6, 1)
PII_DIR = Path(pii.__file__).parent


def test_the_pii_package_imports_only_the_standard_library() -> None:
    for module in PII_DIR.rglob("*.py"):
        tree = ast.parse(module.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = ([a.name for a in node.names] if isinstance(node, ast.Import)
                     else [node.module] if isinstance(node, ast.ImportFrom) and node.level == 0
                     and node.module else [])
            for name in names:
                top = name.split(".")[0]
                assert top in sys.stdlib_module_names or top in {"pii", "__future__"}, \
                    f"{module.name} imports {name}"


@pytest.mark.parametrize("typed", [
    "419-23-7985", "419 23 7985", "419237985", " 419.23.7985 ",
    "\u0664\u0661\u0669-\u0662\u0663-\u0667\u0669\u0668\u0665",   # Arabic-Indic
    "\uff14\uff11\uff19-\uff12\uff13-\uff17\uff19\uff18\uff15",   # fullwidth
    "\u096a\u0967\u096f-\u0968\u0969-\u096d\u096f\u096e\u096b",   # Devanagari
    "\u06f4\u06f1\u06f9-\u06f2\u06f3-\u06f7\u06f9\u06f8\u06f5",   # Persian
    "419\u201323\u20137985", "419\u201423\u20147985", "419\u221223\u22127985",
    "419\u201123\u20117985", "4\u00b9\u2079-23-7985",  # superscripts: NFKC makes them ASCII
    "\u200f\u0664\u0661\u0669-\u0662\u0663-\u0667\u0669\u0668\u0665",
])
def test_every_spelling_of_one_ssn_reads_as_the_same_ascii_digits(typed: str) -> None:
    assert identity.parse_ssn(typed) == "419237985"


def test_the_demo_ssns_in_the_9xx_area_are_accepted() -> None:
    assert identity.parse_ssn("900-33-0003") == "900330003"
    assert [f.value for f in identity.find_ssns("link 900-33-0003 please")] == ["900330003"]


@pytest.mark.parametrize("typed", [
    "\u0660\u0660\u0660-\u0661\u0662-\u0663\u0664\u0665\u0666", "000-12-3456",
    "\uff16\uff16\uff16-\uff11\uff12-\uff13\uff14\uff15\uff16", "123-00-4567",
    "123-45-\u0966\u0966\u0966\u0966",
])
def test_never_issued_ssns_are_refused_with_their_own_code(typed: str) -> None:
    with pytest.raises(IdentityError) as caught:
        identity.parse_ssn(typed)
    assert caught.value.code == "ssn_never_issued"


@pytest.mark.parametrize("typed", ["", "12345678", "1234567890", "9001-2-3456", "abc-de-fghi",
                                   "419-23-7985 x", "419_23_7985", "419-23-\u0be7985\u0301",
                                   "419-23-\u4e03985"])
def test_malformed_ssns_are_refused_without_echoing_them(typed: str) -> None:
    with pytest.raises(IdentityError) as caught:
        identity.parse_ssn(typed)
    assert caught.value.code == "ssn_invalid"
    assert str(caught.value) == identity.MESSAGES["ssn_invalid"]


def test_a_sentence_gives_its_ssn_and_date_of_birth_apart() -> None:
    text = "my ssn is 419 23 7985 and dob 4/12/85"
    assert [f.value for f in identity.find_ssns(text)] == ["419237985"]
    assert [f.value for f in identity.find_dates_of_birth(text, TODAY)] == ["1985-04-12"]
    (ssn,) = identity.find_ssns(text)
    assert text[ssn.start:ssn.end] == "419 23 7985"
    assert "419237985" not in repr(ssn)  # a found value never shows in logs or tracebacks


def test_a_phone_number_is_neither_an_ssn_nor_a_date() -> None:
    text = "call me at 573-555-0142"
    assert identity.find_ssns(text) == []
    assert identity.find_dates_of_birth(text, TODAY) == []
    assert identity.find_codes(text) == []


@pytest.mark.parametrize(("typed", "iso"), [
    ("1985-04-12", "1985-04-12"), ("04/12/1985", "1985-04-12"), ("4/12/1985", "1985-04-12"),
    ("4-12-85", "1985-04-12"), ("4/12/05", "2005-04-12"), ("April 12 1985", "1985-04-12"),
    ("apr. 12, 1985", "1985-04-12"), ("12th of April 1985", "1985-04-12"),
    ("\u0660\u0664/\u0661\u0662/\u0661\u0669\u0668\u0665", "1985-04-12"),
    ("\u0967\u096f\u096e\u096b\u2013\u0966\u096a\u2013\u0967\u0968", "1985-04-12"),
])
def test_a_date_of_birth_reads_in_the_forms_people_type(typed: str, iso: str) -> None:
    assert identity.parse_date_of_birth(typed, TODAY).isoformat() == iso


@pytest.mark.parametrize(("typed", "code"), [
    ("13/04/1985", "dob_invalid"), ("1985-02-30", "dob_invalid"), ("next week", "dob_invalid"),
    ("2026-06-02", "dob_future"), ("2024-01-01", "dob_too_young"),
    ("1850-01-01", "dob_too_old"), ("\u0662\u0669\u0669\u0669-\u0660\u0661-\u0660\u0661",
                                    "dob_future"),
])
def test_an_implausible_date_of_birth_is_refused_with_its_reason(typed: str, code: str) -> None:
    with pytest.raises(IdentityError) as caught:
        identity.parse_date_of_birth(typed, TODAY)
    assert caught.value.code == code


def test_codes_and_usernames_are_folded_to_ascii() -> None:
    assert identity.parse_code("\u0661\u0662\u0663 \u0664\u0665\u0666") == "123456"
    assert identity.parse_code("1 2 3 4 5 6") == "123456"
    with pytest.raises(IdentityError):
        identity.parse_code("12345")
    assert [f.value for f in identity.find_codes("code: 123-456.")] == ["123456"]
    assert identity.parse_username(" \uff4a\uff53\uff4d\uff49\uff54\uff48 ") == "jsmith"
    assert identity.username_key("JSmith") == identity.username_key("\uff2a\uff53mith")
    for bad in ("j\u0455mith", "ab", "1abc", "jo hn"):  # a Cyrillic "s" stays refused
        with pytest.raises(IdentityError):
            identity.parse_username(bad)
