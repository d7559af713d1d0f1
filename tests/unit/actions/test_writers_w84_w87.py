"""What the blind writers w84-w87 (tests/blind/w84.yml ... w87.yml) showed going wrong on
their first run, at the level of the readings, the clauses, the context and the parsers (the
conversations run end to end in tests/e2e/stack/test_conversations.py; the usernames in
test_usernames_w84_w87.py, the application form in test_apply_w84_w87.py)."""

from __future__ import annotations

import pytest

from actions.context import follow_up_on
from actions.readings import corrected
from actions.turns import Turn
from bot.clauses import add_clauses, split_clauses
from tests.unit.actions.fakes import RoutedTracker


@pytest.mark.parametrize("reading, text, means", [
    # an area added to a certificate held: the Additional Certification application
    ("faq_upgrade_timing", "Good morning!! I'm certified in Elementary 1-6 and I'd love to add "
     "Early Childhood too which application is that one?", "apply:additional"),
    ("apply", "she'll eventually want to add middle school ELA to her certificate — which "
     "application would that be?", "apply:additional"),
    ("deny", "Okay once it's all approved can I add early childhood right away?",
     "apply:additional"),
    ("apply", "The certificate is for elementary, but my real subject is German, and this I "
     "want to teach also. Which application must I use to have German additionally on my "
     "certificate?", "apply:additional"),
    # a mentor asking for her colleague
    ("faq_district_access", "Hi there, I'm the mentor for a new hire, she applied for her "
     "initial certificate about a month ago and HR keeps asking when it'll be done. can we "
     "check?", "check_application_status"),
    ("faq_district_access", "my colleague needs a copy of her certificate for her personnel "
     "file and her Praxis score", "check_certificate_status"),
    ("faq_district_access", "The school wants also to see my Praxis result. Was my score "
     "enough for passing?", "check_assessments"),
    # the application, its Memo
    ("faq_inactive_account", "then why is my application still sitting there returned if my "
     "prints are fine. make it make sense", "check_application_status"),
    ("faq_application_statuses", "ok robot. my substitute application got 'returned' whatever "
     "that means. are you going to actually help or just paste me a link to a FAQ",
     "check_application_status"),
    # the rest
    ("out_of_scope", "Good. Now where do I find my license number? The old paper forms always "
     "asked for it.", "faq/educator_id"),
    ("nlu_fallback", "i sub at 2 districts need 2 checks", "faq/fingerprinting"),
    ("add_college", "I bet I made one back in college with my maiden name.", "forgot_username"),
    ("faq_returning_user", "How do I get that one back?", "forgot_username"),
    ("faq_sworn_statement", "district hired me to teach pe and coach football, AD says i need "
     "some temp authorization thing before sept. where do i even start",
     "apply:temporary_authorization"),
    ("nlu_fallback", "do i need college for sub or no", "certificate_requirements"),
    ("human_handoff", "great. and i suppose i cant just email you a pdf of it like a normal "
     "person in the 21st century", "faq/mail_transcripts"),
    ("change_personal_info", "Can't I just use this new one instead? It has my married name "
     "and everything", "faq/two_usernames"),
])
def test_w84_w87_readings(reading: str, text: str, means: str) -> None:
    assert corrected(reading, text) == means


@pytest.mark.parametrize("reading, text", [
    ("faq_district_access", "can my district see my fingerprint results?"),
    ("faq_district_access", "can the schools see it"),
    ("faq_district_access", "can you check what districts can see?"),
    ("add_college", "can you add Missouri State to my education"),
    ("edit_contact", "I want to add my new phone number"),
    ("forgot_password", "I forgot my password, I can't type my password in"),
    ("faq_fingerprinting", "two schools want my fingerprints, can they both see them?"),
])
def test_what_the_new_rows_leave_alone(reading: str, text: str) -> None:
    assert corrected(reading, text) in (reading, reading.replace("faq_", "faq/", 1))


def test_a_lower_case_sentence_that_starts_with_now_or_next_is_a_clause() -> None:
    """(w87) "... fingerprint stuff due. now connect it to my record" was one clause."""
    assert split_clauses("made a new account bc the old one wouldnt let me in. now connect it "
                         "to my record") == ["made a new account bc the old one wouldnt let me "
                                             "in", "now connect it to my record"]
    assert split_clauses("good, at least thats something. next: how do i get fingerprinted") \
        == ["good, at least thats something", "next: how do i get fingerprinted"]


def test_an_action_the_words_say_is_not_asked_gives_way_to_the_question() -> None:
    """(w87) "so i dont type my password into YOU. good ... next: how do i get fingerprinted"
    started a password reset."""
    readings = {"so i dont type my password into YOU. good, at least thats something":
                ("forgot_password", 0.7),
                "next: how do i get fingerprinted for this thing": ("faq_fingerprinting", 0.91)}
    data = {"text": "so i dont type my password into YOU. good, at least thats something. "
                    "next: how do i get fingerprinted for this thing",
            "intent": {"name": "forgot_password", "confidence": 0.66}}
    out = add_clauses(data, lambda t: {"intent": {"name": readings[t][0],
                                                  "confidence": readings[t][1]}})
    assert out["intent"]["name"] == "faq_fingerprinting"


def test_a_reset_asked_beside_a_question_still_leads() -> None:
    readings = {"I forgot my password": ("forgot_password", 0.9),
                "how do i get fingerprinted": ("faq_fingerprinting", 0.9)}
    data = {"text": "I forgot my password. how do i get fingerprinted",
            "intent": {"name": "forgot_password", "confidence": 0.8}}
    out = add_clauses(data, lambda t: {"intent": {"name": readings[t][0],
                                                  "confidence": readings[t][1]}})
    assert out["intent"]["name"] == "forgot_password"


@pytest.mark.parametrize("last, text, intent, confidence, means", [
    ("check_application_status", "sorry, so just to make sure I understand, what exactly is "
     "it still waiting on?", "faq", 0.46, "check_application_status"),
    ("check_application_status", "fine. so why did it come back", "nlu_fallback", 0.3,
     "check_application_status"),
    ("faq_fingerprinting", "and the results show up where? or do i wait for a letter like its "
     "1995", "faq", 0.64, "faq/fingerprinting"),
    ("faq_fingerprinting", "and how will i know they came back. do you people send a letter or "
     "do i have to keep checking like a hawk", "faq", 0.7, "faq/fingerprinting"),
])
def test_w84_w87_follow_ups(last: str, text: str, intent: str, confidence: float,
                            means: str) -> None:
    tracker = RoutedTracker((last, 0.9))
    assert follow_up_on("faq/other", Turn(text, intent, confidence), tracker, True) == means


def test_a_sure_question_about_sending_a_scan_is_not_the_memo_again() -> None:
    """(w85) "The transcript from Lincoln I have here as a copy, I could scan it and send it
    per e-mail today, is this enough?" after the application showed its Memo again."""
    tracker = RoutedTracker(("check_application_status", 0.9))
    turn = Turn("The transcript from Lincoln I have here as a copy, I could scan it and send it "
                "per e-mail today, is this enough?", "faq", 0.99)
    assert follow_up_on("faq/mail_transcripts", turn, tracker, True) is None
    unsure = Turn("I took classes back in the 80s, maybe two years' worth. Would that be "
                  "enough?", "faq", 0.5)
    assert follow_up_on("faq/mail_transcripts", unsure, tracker, True) == \
        "check_application_status"


def test_the_schools_name_their_own_topic() -> None:
    """(w84) "can the schools see it" after the fingerprints: what districts can see."""
    tracker = RoutedTracker(("faq_fingerprinting", 0.9))
    assert follow_up_on("faq/district_access", Turn("can the schools see it", "faq", 0.93),
                        tracker, True) is None


def test_a_new_grade_teacher_is_no_new_grade_area() -> None:
    """(w87) "I'm helping our new 4th grade teacher apply ... she finished her teacher prep
    program at Mizzou in May" was recommended the Additional Certification."""
    from actions.apply import situation_in

    assert situation_in("Hi — I'm helping our new 4th grade teacher apply for her certificate. "
                        "she finished her teacher prep program at Mizzou in May. which "
                        "application is she supposed to pick?") == {"wa_prep": "mo_program"}
    assert situation_in("I want to add a new grade level to my certificate") == {
        "wa_goal": "additional"}


def test_a_change_by_number_sign() -> None:
    """(w84) "wait change #2 to yes" at the review was not read as a change."""
    turn = Turn("wait change #2 to yes", "affirm", 0.5)
    assert (turn.changed_question(), turn.changed_to()) == (2, True)


def test_could_a_real_person_help_me() -> None:
    """(w84) "could a real person help me sort this out?" read as "are you a bot?"."""
    assert corrected("bot_challenge", "Ugh okay could a real person help me sort this out?") \
        == "human_handoff"
    assert corrected("forgot_password", "can someone help me reset my password") == \
        "forgot_password"


@pytest.mark.parametrize("text, go_ahead", [
    ("yes please submit. sorry, and that's everything right? it's actually sent?", True),
    ("ok send it in. is that all?", True),
    ("submit it, but wait, can I change question 3?", False),
    ("yes submit. no wait, don't, keep it as a draft", False),
])
def test_a_go_ahead_at_the_review_with_a_question_after_it(text: str, go_ahead: bool) -> None:
    """(w86) "yes please submit. sorry, and that's everything right? it's actually sent?" at
    the review was answered with the conduct questions' FAQ and not submitted."""
    from actions.apply import _BUT_FIRST, _NOT_YET, _SUBMIT_FIRST

    assert (bool(_SUBMIT_FIRST.match(text)) and not _NOT_YET.search(text)
            and not _BUT_FIRST.search(text)) is go_ahead


@pytest.mark.parametrize("text, name", [
    ("In the education part of my profile there stands nothing about my university in "
     "Germany. Can I add there the Ruprecht-Karls-Universitaet Heidelberg, in Heidelberg, "
     "Germany?", "Ruprecht-Karls-Universitaet Heidelberg"),
    ("add Universidad de Puerto Rico in Mayagüez", "Universidad de Puerto Rico"),
    ("add William Woods University to my records", "William Woods University"),
])
def test_a_college_named_in_its_own_language(text: str, name: str) -> None:
    """(w85) a German university's name was asked for again."""
    from actions.profile import college_name_in

    assert college_name_in(text) == name
