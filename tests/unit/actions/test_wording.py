"""The words the model reads (actions/wording.py): typos of the domain's words, a helper's
"she" and "her", Spanish words, emoji, stretched words and a greeting before the request;
digits never change."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from actions.wording import COLLOQUIAL, DOMAIN_WORDS, SPANISH, for_the_model, spelled


@pytest.mark.parametrize(("typed", "read"), [
    ("hey whats goin on w my applicaiton", "whats goin on w my application"),
    ("did u guys get my transcrpit", "did you guys get my transcript"),
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


@pytest.mark.parametrize(("typed", "read"), [
    ("hiiii \U0001f338 i want to sub so i need to apply for a certificate!!",
     "i want to sub so i need to apply for a certificate!"),
    ("Hiii!! \U0001f389\U0001f389 how do i make one??", "how do i make one?"),
    ("yesss!! and the certificate part?? \U0001f4c4", "yes! and the certificate part?"),
    ("Good afternoon. I would like to sign in, please", "I would like to sign in, please"),
    ("hola quiero aplicar para un certificado", "I want to apply for a certificate"),
    # a greeting alone is the greeting
    ("hello", "hello"), ("hi there!", "hi there!"),
    # thanks before a question: the question; thanks alone: the thanks
    ("Thank you. And my fingerprint check, it is okay?", "And my fingerprint check, it is okay?"),
    ("thank you so much!", "thank you so much!"),
    ("my certificate expires next year", "my certificate expires next year"),
])
def test_decoration_spanish_and_a_greeting_before_the_request(typed: str, read: str) -> None:
    assert for_the_model(typed) == read


@settings(max_examples=300)
@given(st.text(alphabet=st.characters(codec="ascii"), max_size=80))
def test_digits_and_their_order_never_change(text: str) -> None:
    """SSNs, dates and codes are never rewritten, whatever is around them."""
    assert re.findall(r"\d+", for_the_model(text)) == re.findall(r"\d+", text)


@settings(max_examples=300)
@given(st.text(alphabet=st.characters(codec="ascii", exclude_characters="!?."), max_size=80))
def test_without_greetings_or_marks_only_letters_change(text: str) -> None:
    """Punctuation and spacing (emails' shape) are never rewritten: only whole words of
    letters are, unless a greeting, a thanks or a stretched word is dropped or shortened,
    or a Spanish or texting word is spelled out ("rn": "right now")."""
    def skeleton(s: str) -> str:
        return re.sub(r"[A-Za-z]+(?:'[A-Za-z]+)?", "w", s)

    read = for_the_model(text)
    spanish = any(w.lower() in SPANISH or w.lower() in COLLOQUIAL
                  for w in re.findall(r"[A-Za-z]+", text))
    thanks = re.search(r"(?i)\b(thanks|thank|thx|ty)\b", text)
    if read == text or spanish or thanks or re.search(r"([A-Za-z])\1{2,}", text) \
            or re.search(r"(?i)\b(hi|hey|hello|hiya|howdy|hola|greetings|good)\b", text):
        return
    assert skeleton(read) == skeleton(text)


@pytest.mark.parametrize(("typed", "read"), [
    # a thanks after the request is left out; said after too little, it stays
    ("Need to sign in, thanks.", "Need to sign in"),
    ("ok thanks", "ok thanks"),
    ("no thank you", "no thank you"),
    # spoken and texting forms, spelled out
    ("so do i gotta send them something too", "so do i have to send them something too"),
    ("what kinda certificates are there", "what kind of certificates are there"),
    ("idk my username rn", "I don't know my username right now"),
])
def test_a_thanks_after_the_request_and_texting_words(typed: str, read: str) -> None:
    assert for_the_model(typed) == read


@pytest.mark.parametrize(("typed", "read"), [
    # a helper's words: the request of the person helped
    ("Hi, I'm helping one of our teachers sign in.", "I need to sign in."),
    ("Hello, I'm helping one of our teachers connect her account to her certification record.",
     "I need to connect my account to my certification record."),
    ("I'm helping a teacher with her application", "I need help with my application"),
    # Spanish: wanting to do something, and the opening marks
    ("necesito agregar una universidad", "I need to add a college"),
    ("quiero ver mis scores", "I want to see my scores"),
    ("\u00bfy c\u00f3mo lo imprimo?", "and how it print?"),
    ("quiero una cuenta", "I want a account"),
    ("quiero hacer sign in a mi cuenta", "I want to sign in a my account"),
    # short words misspelled
    ("want to aply for substitute certificate", "want to apply for substitute certificate"),
])
def test_helpers_and_spanish(typed: str, read: str) -> None:
    assert for_the_model(typed) == read
