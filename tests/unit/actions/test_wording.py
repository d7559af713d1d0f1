"""The words the model reads (actions/wording.py): typos of the domain's words, a helper's
"she" and "her"; nothing else changes."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from actions.wording import DOMAIN_WORDS, for_the_model, spelled


@pytest.mark.parametrize(("typed", "read"), [
    ("hey whats goin on w my applicaiton", "hey whats goin on w my application"),
    ("did u guys get my transcrpit", "did u guys get my transcript"),
    ("and where does she send the lincoln trasncript", "and where does I send the lincoln "
                                                       "transcript"),
    ("her username is jsmith2", "my username is jsmith2"),
    ("my fingerprnts and asesments", "my fingerprints and assessments"),
    ("my grandson helped me make the acount, now I have to conect it",
     "my grandson helped me make the account, now I have to connect it"),
    # words of their own are left alone: a town, a short word, an inflection
    ("1412 elm st holts summit mo 65043", "1412 elm st holts summit mo 65043"),
    ("teaches at Lincoln, sistem", "teacher at Lincoln, sistem"),
])
def test_typos_and_a_helpers_words(typed: str, read: str) -> None:
    assert for_the_model(typed) == read


def test_every_domain_word_is_its_own_spelling() -> None:
    assert all(spelled(w) == w for w in DOMAIN_WORDS)


@settings(max_examples=300)
@given(st.text(alphabet=st.characters(codec="ascii"), max_size=80))
def test_only_letters_change(text: str) -> None:
    """Digits, punctuation and spacing (SSNs, dates, codes, emails' shape) are never
    rewritten: only whole words of letters are."""
    def skeleton(s: str) -> str:
        return re.sub(r"[A-Za-z]+(?:'[A-Za-z]+)?", "w", s)

    assert skeleton(for_the_model(text)) == skeleton(text)
