"""What the blind writers w76-w79 (tests/blind/w76.yml ... w79.yml) showed going wrong on
their first run, pinned down at the level of the readings and the form's decisions (the
conversations themselves run end to end in tests/e2e/stack/test_conversations.py; the
review's "don't submit yet" and a switch of application type in
tests/integration/actions/test_actions.py)."""

from __future__ import annotations

import pytest

from actions.answers import match_type
from actions.flow import Decision, Kind, decide
from actions.readings import corrected
from actions.turns import Turn
from bot.clauses import split_clauses


@pytest.mark.parametrize("text", [
    "I honestly don't remember making another. Can you get me to a person to sort this out?",
    "Then get me a person to sort this out.",
    "Connect me with someone at the help desk. I start in August.",
    "Yes, please connect us with a staff member.",
])
def test_get_me_a_person_is_a_handoff(text: str) -> None:
    """(w77, w79) read as "are you a bot?": "I'm an automated assistant ..." and no handoff."""
    assert corrected("bot_challenge", text) == "human_handoff"


def test_thank_you_in_front_is_one_clause() -> None:
    """(w77) "Thank you. Now I want to sign in ..." was split "Thank" / "you" / ..., and the
    thanks answered ("You're welcome!") instead of the sign-in."""
    assert split_clauses("Thank you. Now I want to sign in to see my application.") == [
        "Thank you", "Now I want to sign in to see my application."]


def test_an_answer_after_never_mind_is_the_answer() -> None:
    """(w79) "oh ok nvm lol. can u send me my username then? my email is ..." where the email
    is asked: the email, not a stop. A plain "nvm" still stops."""
    text = "oh ok nvm lol. can u send me my username then? my email is a@example.org"
    assert decide(Turn(text, "forgot_username", 0.9), Kind.VALUE, True,
                  frozenset({"forgot_username"})) is not Decision.STOP
    assert decide(Turn("nvm, forget it", "stop", 0.9), Kind.VALUE, False,
                  frozenset({"forgot_username"})) is Decision.STOP


TYPES = [{"code": "substitute", "name": "Substitute", "aliases": ["sub"]},
         {"code": "initial_professional", "name": "Initial Professional Certificate",
          "aliases": ["initial professional"]}]


def test_instead_of_a_type_is_not_that_type() -> None:
    """(w79) "can i switch to that instead of sub?" named the Substitute it leaves."""
    assert match_type(TYPES, "can i switch to the initial professional one instead of "
                             "sub?")["code"] == "initial_professional"
    assert match_type(TYPES, "ok instead of sub") is None


def test_whats_missing_in_two_words_is_an_extra_request() -> None:
    """(w79) "What's missing, and where is my background check?" showed the background check
    only: a clause of two words the table of corrections reads counts; two words it does not
    read ("Thank you") still add nothing."""
    from actions.readings import WHATS_MISSING
    from bot.clauses import add_clauses

    assert WHATS_MISSING.search("whats the holdup") and WHATS_MISSING.search("What's missing")
    readings = {"What's missing": ("nlu_fallback", 0.4),
                "where is my background check?": ("check_background_status", 0.9)}
    data = {"text": "What's missing, and where is my background check?",
            "intent": {"name": "check_background_status", "confidence": 0.87}}
    out = add_clauses(data, lambda t: {"intent": {"name": readings[t][0],
                                                  "confidence": readings[t][1]}})
    assert [e["intent"] for e in out["extras"]] == ["check_application_status"]


def test_how_long_once_the_documents_are_in() -> None:
    """(w79) after the status: the processing time, not the fingerprinting steps."""
    assert corrected("nlu_fallback", "How long once the documents are in?") == \
        "faq/processing_time"


@pytest.mark.parametrize("text, means", [
    ("My program says the district might apply for a TAC for me. What is that and why would "
     "the district apply instead of me?", "certificate_requirements"),
    ("What is a TAC?", "certificate_requirements"),
    ("I want to apply for a TAC, what is the fee?", "apply"),
])
def test_what_an_application_is_does_not_start_it(text: str, means: str) -> None:
    """(w77) "What is that ...?" about a TAC started the TAC application."""
    assert corrected("apply", text) == means


def test_the_easiest_fix_a_new_account_is_a_second_account() -> None:
    """(w77) "forgot the password. Easiest fix is probably to just make a new account,
    right?": the reset's introduction says the one-username rule first."""
    from actions.readings import SECOND_ACCOUNT

    assert SECOND_ACCOUNT.search("Why not? What's the harm in having a second one?")
    assert SECOND_ACCOUNT.search("Can't get into my account, forgot the password. Easiest fix "
                                 "is probably to just make a new account, right?")


def test_the_new_password_for_this_chat_is_asked_about() -> None:
    """(w79) after a reset, "Do I need the new password for this chat? Can I type it in
    here?" started a second reset; it is the rule (no password is typed here)."""
    from actions.answers import asks_about_the_password

    assert asks_about_the_password("Do I need the new password for this chat? Can I type it "
                                   "in here?")


@pytest.mark.parametrize("text", [
    "I understand. To this question the answer is No, and to all questions after this one also "
    "No.",
    "Roger. Negative on all the rest.",
    "ok. question answer no. all question no",
])
def test_no_to_every_question_after_this_one(text: str) -> None:
    """(w70, w73, w75) lost at a conduct question (read as "what can you do?")."""
    from actions.apply import answers_several

    assert answers_several(Turn(text, "nlu_fallback", 0.3)) == "no_rest"


def test_the_surest_action_clause_leads() -> None:
    """(w13) "... I never went to school in Missouri. Which Missouri application am I
    supposed to use?" started adding a college (the first action clause, half-read)."""
    from bot.clauses import add_clauses

    readings = {"Morning": ("greet", 0.9),
                "I never went to school in Missouri": ("add_college", 0.52),
                "Which Missouri application am I supposed to use?": ("apply", 0.93)}
    data = {"text": "Morning. I never went to school in Missouri. Which Missouri application am "
                    "I supposed to use?", "intent": {"name": "faq_mail_documents",
                                                      "confidence": 0.5}}
    out = add_clauses(data, lambda t: {"intent": {"name": readings.get(t, ("nlu_fallback", .2))[0],
                                                  "confidence": readings.get(t, ("", .2))[1]}})
    assert out["intent"]["name"] == "apply"


@pytest.mark.parametrize("reading, text", [
    ("certificate_requirements", "quick q does subbing count toward the 4 yrs for upgrading my "
                                 "cert"),
    ("certificate_requirements", "What will I need in order to upgrade to the longer-term "
                                 "certificate? And I did some substitute teaching before I was "
                                 "hired; why wouldn't that count toward the years?"),
    ("nlu_fallback", "and then what, do I just renew it?"),
    ("nlu_fallback", "does subbing count toward that? I'm subbing this fall"),
])
def test_what_counts_toward_the_upgrade(reading: str, text: str) -> None:
    """(w10, w12, w14) answered with the Substitute certificate's requirements, or not at
    all: the upgrade's answer says the 4 years, the Career Continuous certificate and that
    substitute teaching does not count."""
    assert corrected(reading, text) == "faq/upgrade_timing"
    assert corrected("certificate_requirements", "what do I need for the sub certificate") == \
        "certificate_requirements"


def test_the_requirements_asked_for_do_not_start_an_application() -> None:
    """(w14) an HR manager asking for a TAC's requirements was asked for her username."""
    assert corrected("apply", "Our district intends to hire a candidate under a Temporary "
                              "Authorization certificate. Could you outline the requirements "
                              "and clarify the district's role in the application?") == \
        "certificate_requirements"
    assert corrected("apply", "I want to apply for the sub certificate, what are the "
                              "requirements") == "apply"


def test_the_college_named_with_its_town_answers_the_name_question() -> None:
    """(w24) at "What is the name of the college or university?", "yeah so State Fair
    Community College is missing its in sedalia missouri can you add it on there" then asked
    for the town it had just given."""
    import asyncio

    from rasa_sdk import Tracker
    from rasa_sdk.executor import CollectingDispatcher

    from actions.profile import ValidateCollegeForm

    text = ("yeah so State Fair Community College is missing its in sedalia missouri can you "
            "add it on there")
    message = {"text": text, "intent": {"name": "add_college", "confidence": 0.9}}
    tracker = Tracker("s", {"requested_slot": "college_name"}, message,
                      [{"event": "user", "text": text, "parse_data": message}], False, None,
                      {"name": "college_form"}, "action_listen")
    got = asyncio.run(ValidateCollegeForm().extract_college_name(CollectingDispatcher(), tracker,
                                                                 {}))
    assert got == {"college_name": "State Fair Community College", "college_city": "Sedalia",
                   "college_state": "MO"}


def test_an_explanation_read_as_a_handoff_is_the_explanation() -> None:
    """(w38) "In 2014 in Seoul I paid a small fine ..." typed as the explanation of a Yes was
    read as a handoff (0.93): a person was asked for and the explanation lost. Only words
    asking for a person hand off from there."""
    explanation = ("In 2014 in Seoul I paid a small fine for a minor traffic accident. Nobody "
                   "was hurt badly and the case is closed.")
    assert decide(Turn(explanation, "human_handoff", 0.93), Kind.FREE_TEXT, False,
                  frozenset({"apply"})) is Decision.ANSWER
    assert decide(Turn("can I talk to a real person about this first", "human_handoff", 0.95),
                  Kind.FREE_TEXT, False, frozenset({"apply"})) is Decision.INLINE


def _after(bot_text: str, text: str) -> object:
    from rasa_sdk import Tracker

    message = {"text": text, "intent": {"name": "nlu_fallback", "confidence": 0.3}}
    events = [{"event": "user", "text": "stop"}, {"event": "bot", "text": bot_text},
              {"event": "user", "text": text, "parse_data": message}]
    return Tracker("s", {}, message, events, False, None, {}, "action_listen")


@pytest.mark.parametrize("text", [
    "Thank you for understanding. When I come back, I won't have to start all over again, "
    "will I?",
    "ok so nothing got sent yet right? i can come back to it later?",
])
def test_what_was_kept_asked_right_after_stopping(text: str) -> None:
    """(w71, w74) answered with the returning-user steps, or "Goodbye": the draft is kept,
    nothing was sent, and saying "apply" continues it. Not after anything else."""
    from actions.apply import after_stopping

    stopped = ("Okay, I've stopped your application. Your draft is saved with every answer so "
               "far: say \"apply\" when you're ready.")
    said = after_stopping(Turn(text, "goodbye", 0.9), _after(stopped, text))
    assert said and "Nothing has been sent to DESE" in said and "draft" in said
    assert after_stopping(Turn(text, "goodbye", 0.9), _after("Your applications: ...", text)) \
        is None


def test_keep_going_with_the_application_continues_it() -> None:
    """(w71) "I'm back about my substitute teaching application that I saved partway
    through. I'd like to keep going with it" showed the status."""
    assert corrected("check_application_status",
                     "I'm back about my substitute teaching application that I saved partway "
                     "through. I'd like to keep going with it if that's okay.") == "apply"


def test_records_asked_for_by_name_at_the_start() -> None:
    """(w70) "Need Praxis score and cert exp date for district HR by 1600." was answered with
    what districts can see: both of their own records are looked up (after sign-in)."""
    from actions.router import listed_as_mine

    text = "Need Praxis score and cert exp date for district HR by 1600."
    assert corrected("faq_district_access", text) == "check_assessments"
    assert listed_as_mine(text) == ["check_assessments", "check_certificate_status"]
    assert corrected("faq_district_access", "can my district see my praxis score") == \
        "faq_district_access"


def test_where_fingerprint_results_show() -> None:
    """(w70) "How do I see FP results? Do I get an email?" (read as what districts see)."""
    assert corrected("faq_district_access", "How do I see FP results? Do I get an email?") == \
        "faq/fingerprinting"


def test_spanish_no_to_the_questions_that_remain() -> None:
    """(w75) "No. Y no a todas las preguntas que quedan ..." answered question 3 only."""
    from actions.apply import answers_several

    assert answers_several(Turn("No. Y no a todas las preguntas que quedan, nunca he tenido "
                                "ningún problema de ese tipo.", "deny", 0.9)) == "no_rest"


@pytest.mark.parametrize("text, english", [
    ("tengo que poner mi seguro social en el sistema", "social security number"),
    ("Cómo creo la cuenta?", "create an account"),
    ("el background check que me hicieron en PR me sirve aquí?", "does it count"),
    ("quiero ver cuánto saqué en el Praxis", "what was my score"),
])
def test_spanish_phrases_as_the_model_learned_them(text: str, english: str) -> None:
    """(w75) read word by word, "seguro social" was "safe social"."""
    from actions.wording import for_the_model

    assert english in for_the_model(text)


def test_thanks_then_a_request_read_less_surely_leads_with_the_request() -> None:
    """(w77) "Thank you. Now I want to sign in to see my application." answered "You're
    welcome!": the sign-in (read at 0.59) leads; "I'll sign in tomorrow" does not."""
    from bot.clauses import add_clauses

    def parse(readings: dict[str, tuple[str, float]]) -> object:
        return lambda t: {"intent": {"name": readings.get(t, ("nlu_fallback", .2))[0],
                                     "confidence": readings.get(t, ("", .2))[1]}}

    now = {"Thank you": ("thanks", 0.99),
           "Now I want to sign in to see my application.": ("sign_in", 0.59)}
    data = {"text": "Thank you. Now I want to sign in to see my application.",
            "intent": {"name": "thanks", "confidence": 0.54}}
    assert add_clauses(data, parse(now))["intent"]["name"] == "sign_in"
    later = {"Thank you": ("thanks", 0.99), "I will sign in tomorrow.": ("sign_in", 0.59)}
    data = {"text": "Thank you. I will sign in tomorrow.",
            "intent": {"name": "thanks", "confidence": 0.9}}
    assert add_clauses(data, parse(later))["intent"]["name"] == "thanks"


def test_a_two_word_request_read_surely_is_a_clause() -> None:
    """(w70) "Need a sub cert while I finish the alt cert program. Sign in." answered the
    requirements and never signed in: "Sign in." (read surely) leads."""
    from bot.clauses import add_clauses

    readings = {"Need a sub cert while I finish the alt cert program":
                ("certificate_requirements", 0.8), "Sign in.": ("sign_in", 0.8)}
    data = {"text": "Need a sub cert while I finish the alt cert program. Sign in.",
            "intent": {"name": "certificate_requirements", "confidence": 0.78}}
    out = add_clauses(data, lambda t: {"intent": {
        "name": readings.get(t, ("nlu_fallback", .2))[0],
        "confidence": readings.get(t, ("", .2))[1]}})
    assert out["intent"]["name"] == "sign_in"


def test_getting_the_application_done_is_applying() -> None:
    assert corrected("nlu_fallback", "need to get my sub app done between meetings") == "apply"


def test_a_certificate_expiring_what_to_send_is_the_upgrade() -> None:
    """(w8) answered with the documents to mail after applying."""
    assert corrected("faq_sworn_statement", "my initial professional certificate expires next "
                     "month and im kind of panicking. do i need to send something now or is it "
                     "already too late??") == "faq/upgrade_timing"


def test_a_type_not_wanted_is_not_the_type_named() -> None:
    """(w76) "I do not want to upgrade it" named the Upgrade Professional application."""
    types = TYPES + [{"code": "upgrade_professional", "name": "Upgrade Professional",
                      "aliases": ["upgrade"]}]
    assert match_type(types, "I want to add science to my certificate; I do not want to "
                             "upgrade it.") is None


def test_adding_one_college_missing_from_the_records_adds_it() -> None:
    """(w77) "... I don't see this school in my education records. I want to add one college,
    please." showed the records (three times over) and never added it."""
    assert corrected("add_college", "Also, I studied music one year in Korea, but I don't see "
                     "this school in my education records. I want to add one college, "
                     "please.") == "add_college"


def test_still_no_after_rereading_is_no() -> None:
    """(w9) "Sorry, I just wanted to reread it. It's still no." after "change question 2"."""
    from actions.apply import conduct_answer

    assert conduct_answer(Turn("Sorry, I just wanted to reread it. It's still no.",
                               "deny", 0.6)) == (False, None)
    assert conduct_answer(Turn("is it still no if it was expunged?", "faq", 0.6)) is None


def test_i_think_i_made_one_before_what_now() -> None:
    """(w57) after "already linked to another username": the link form started again."""
    assert corrected("nlu_fallback", "wait what ngl i think i made an account in college "
                     "too... so what do i do now") == "faq/ssn_already_linked"


def test_the_college_sending_a_recommendation() -> None:
    """(w79) asked at a conduct question, answered with the Sworn Statement."""
    assert corrected("faq_sworn_statement", "wait quick q before i answer more lol, does my "
                     "college have to send u guys something? like a recommendation?") == \
        "faq/recommendation"


def test_where_to_see_fingerprint_results_in_other_words() -> None:
    """(w73) read as what districts can see."""
    assert corrected("faq_district_access", "The fingerprints, how do I do them, and the "
                     "result where can I see?") == "faq/fingerprinting"
    assert corrected("faq_district_access", "can my district see my fingerprint results") == \
        "faq_district_access"


def test_a_do_i_question_after_a_comma_is_a_clause() -> None:
    """(w70) "Can I add it, do I have to mail a transcript, and how do I even get to that
    page?!": three questions; the first (adding the college) was lost."""
    assert split_clauses("Can I add it, do I have to mail a transcript, and how do I even get "
                         "to that page?!") == ["Can I add it", "do I have to mail a transcript",
                                               "how do I even get to that page?!"]
