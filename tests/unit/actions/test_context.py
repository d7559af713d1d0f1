"""What a follow-up refers to (actions/context.py)."""

from __future__ import annotations

import pytest

from actions.context import follow_up_on, recent_requests
from actions.turns import Turn
from tests.unit.actions.fakes import RoutedTracker


def _turn(text: str, intent: str = "faq", confidence: float = 0.5) -> Turn:
    return Turn(text=text, intent=intent, confidence=confidence)


@pytest.mark.parametrize("text", ["how much n how long does it take", "does it expire?",
                                  "Cost + turnaround?", "do i get an email when its done?"])
def test_a_short_question_pointing_back_gets_the_last_answer_again(text: str) -> None:
    tracker = RoutedTracker(("faq_fingerprinting", 0.9))
    assert follow_up_on("faq/processing_time", _turn(text), tracker, False) == (
        "faq/fingerprinting")


def test_a_status_is_followed_by_the_faq_that_explains_it() -> None:
    tracker = RoutedTracker(("check_background_status", 0.9), ("sign_in", 0.2), ("inform", 0.1))
    assert follow_up_on("faq/processing_time", _turn("ugh how long does it usually take?"),
                        tracker, True) == "faq/fingerprinting"


def test_a_question_naming_its_own_topic_is_read_alone() -> None:
    tracker = RoutedTracker(("faq_fingerprinting", 0.9))
    assert follow_up_on("faq/mail_transcripts", _turn("where do I send my transcript?"),
                        tracker, False) is None


def test_a_detail_of_the_status_just_shown_is_that_status_again() -> None:
    tracker = RoutedTracker(("check_assessments", 0.9))
    assert follow_up_on("nlu_fallback", _turn("phew. what's passing? did I pass comfortably",
                                              "nlu_fallback", 0.3), tracker, True) == (
        "check_assessments")
    assert follow_up_on("nlu_fallback", _turn("what's passing?", "nlu_fallback", 0.3),
                        tracker, False) is None  # signed out: nothing to show


def test_nothing_before_means_nothing_to_follow() -> None:
    assert follow_up_on("faq/fees", _turn("how much is it?"), RoutedTracker(), False) is None
    assert recent_requests(RoutedTracker(("greet", 0.9))) == []


def test_an_answer_typed_into_a_form_is_no_topic() -> None:
    tracker = RoutedTracker(("faq_fingerprinting", 0.9))
    tracker.events[-1:-1] = [
        {"event": "user", "parse_data": {"intent": {"name": "faq_sworn_statement",
                                                     "confidence": 0.9}}},
        {"event": "action", "name": "validate_apply_form"}]
    assert recent_requests(tracker) == ["faq/fingerprinting"]


def test_a_question_naming_no_topic_takes_the_conversations_even_when_the_model_is_sure() -> None:
    """ "how long does it usually take" right after the background check: the model is sure
    of the general processing time; the conversation says it is about the fingerprints."""
    tracker = RoutedTracker(("check_background_status", 0.9))
    assert follow_up_on("faq/processing_time", _turn("how long does it usually take", "faq",
                                                     0.95), tracker, True) == "faq/fingerprinting"
    # the whole application is not the fingerprints
    assert follow_up_on("faq/processing_time", _turn("How long will it take once everything "
                                                     "finally arrives?", "faq", 0.95),
                        tracker, True) is None
    # a flow the model is sure of is never replaced
    assert follow_up_on("forgot_password", _turn("how do I reset it", "forgot_password", 0.95),
                        tracker, True) is None


def test_an_earlier_message_counts_as_the_router_read_it() -> None:
    """The words corrected the model there ("the name order is wrong" is a change of a
    personal detail, not saving a legal name): the topic is the corrected one."""
    tracker = RoutedTracker(("save_legal_name", 0.74))
    tracker.events[0]["text"] = "My name on profile, family name and given name order is wrong"
    assert recent_requests(tracker) == ["change_personal_info"]


def test_fillers_before_a_question_word_still_make_a_question() -> None:
    tracker = RoutedTracker(("faq_fingerprinting", 0.9))
    assert follow_up_on("faq/login_page", _turn("dang ok. where do i go to get them done",
                                                "faq", 0.9), tracker, True) == \
        "faq/fingerprinting"


def test_the_topic_is_what_was_answered_not_how_the_model_read_it() -> None:
    # "how much n how long does it take" read as the processing time, answered (from the
    # conversation) with the fingerprinting: "does it expire" follows the fingerprinting
    tracker = RoutedTracker(("faq_fingerprinting", 0.9), ("faq_processing_time", 0.9))
    tracker.events[-2]["metadata"] = {"utter_action": "utter_faq_fingerprinting"}
    assert recent_requests(tracker)[0] == "faq/fingerprinting"
    assert follow_up_on("nlu_fallback", _turn("does it expire", "nlu_fallback", 0.3), tracker,
                        False) == "faq/fingerprinting"


def test_a_notice_when_it_is_done_after_the_fingerprints() -> None:
    tracker = RoutedTracker(("check_background_status", 0.9))
    assert follow_up_on("faq/email_correspondence",
                        _turn("do i get an email when its done", "faq_email_correspondence",
                              0.77), tracker, True) == "faq/fingerprinting"


def test_where_after_a_status_is_where_to_mail() -> None:
    tracker = RoutedTracker(("check_application_status", 0.9))
    assert follow_up_on("faq/processing_time", _turn("mail where", "faq", 0.4), tracker,
                        True) == "faq/mail_documents"
    tracker = RoutedTracker(("check_education_status", 0.9))
    assert follow_up_on("nlu_fallback", _turn("send where", "nlu_fallback", 0.3), tracker,
                        True) == "faq/mail_transcripts"
    # after a college was added, whether to send something: the transcripts, by post
    tracker = RoutedTracker(("add_college", 0.9))
    assert follow_up_on("nlu_fallback", _turn("so do i gotta send them something too",
                                              "nlu_fallback", 0.3), tracker,
                        True) == "faq/mail_transcripts"


def test_after_a_college_is_added_its_grades_come_from_the_transcript() -> None:
    tracker = RoutedTracker(("add_college", 0.9))
    assert follow_up_on("certificate_requirements", _turn(
        "So now that it's listed, you have my grades and credit hours, correct? Or is there "
        "something else I need to do?", "certificate_requirements", 0.7), tracker,
        True) == "faq/mail_transcripts"
    # a general question the model reads well is that one
    assert follow_up_on("faq/processing_time", _turn(
        "Lincoln's registrar sent the transcript last week. Once it's received, how long "
        "should she expect processing to take?", "faq", 0.59), tracker, True) is None


def test_a_college_added_after_a_sign_in_is_the_topic_too() -> None:
    from actions.context import after_topic

    # (the request to add it came before the sign-in; the college form's answer is last)
    tracker = RoutedTracker(("sign_in", 0.9))
    tracker.events.insert(-1, {"event": "bot", "text": "Added Missouri University of Science "
                               "and Technology (Rolla, MO) to your education record. DESE "
                               "enters everything else when it receives your transcripts."})
    turn = _turn("So now that it's listed, you have my grades and credit hours, correct? Or is "
                 "there something else I need to do?", "certificate_requirements", 0.7)
    assert after_topic(turn, recent_requests(tracker), tracker) == "faq/mail_transcripts"


@pytest.mark.parametrize(("topic", "text", "means"), [
    ("faq_fingerprinting", "dang ok. where do i go to get them done again", "faq/fingerprinting"),
    ("check_background_status", "Printed 3 wks ago, still nothing. Where's it at?",
     "check_background_status"),
    ("check_application_status", "any news?", "check_application_status"),
    ("check_certificate_status", "How do I get a copy. And don't tell me to wait for the mail.",
     "check_certificate_status"),
    ("check_certificate_status", "\u00bfy c\u00f3mo lo imprimo?", "check_certificate_status"),
    ("add_college", "so do i gotta send them something too", "faq/mail_transcripts"),
    ("check_application_status", "I took classes at Southeast Missouri State back in the 80s, "
     "maybe two years' worth. Would that be enough?", "check_application_status"),
])
def test_a_follow_up_right_after_a_topic(topic: str, text: str, means: str) -> None:
    from actions.context import after_topic

    tracker = RoutedTracker((topic, 0.9))
    turn = _turn(text, "faq_mail_documents", 0.9)
    assert after_topic(turn, recent_requests(tracker), tracker) == means


def test_where_a_status_is_in_the_portal() -> None:
    from actions.context import after_topic

    tracker = RoutedTracker(("check_application_status", 0.9))
    turn = _turn("where is that written, so i can see it myself next time", "nlu_fallback", 0.3)
    assert after_topic(turn, recent_requests(tracker), tracker) == \
        "portal_place:check_application_status"
    # a status the question names is the one meant
    tracker = RoutedTracker(("check_assessments", 0.9))
    turn = _turn("Our HR onboarding form asks for a certificate number. Where do I find that?",
                 "nlu_fallback", 0.3)
    assert after_topic(turn, recent_requests(tracker), tracker) == "check_certificate_status"
    # named after other answers ("where can I see this memo myself" after the processing time)
    tracker = RoutedTracker(("faq/processing_time", 0.9))
    turn = _turn("where can I see this memo myself so I don't have to ask a chatbot every time",
                 "bot_challenge", 0.48)
    assert after_topic(turn, recent_requests(tracker), tracker) == \
        "portal_place:check_application_status"


@pytest.mark.parametrize(("recent", "text", "means"), [
    # a returned application's Memo answers what to send, even after a question between
    (["check_application_status"], "How many hours do they want?", "check_application_status"),
    (["faq_processing_time", "check_application_status"],
     "1) What exactly must I send? 2) To what address?", "check_application_status"),
    (["faq_processing_time", "check_application_status"], "Mail it where.",
     "faq/mail_documents"),
    (["check_education_status"], "send it where", "faq/mail_transcripts"),
    (["faq_mail_transcripts"], "After everything arrives, how long it takes?",
     "faq/processing_time"),
    # the contact form again for another field, however long the message
    (["edit_contact"], "And my email too, please. My old school email is going to stop "
     "working and I'm scared I'll miss something.", "edit_contact"),
])
def test_follow_ups_that_name_what_they_follow(recent: list[str], text: str, means: str) -> None:
    # (newest last in the tracker, as the conversation went)
    tracker = RoutedTracker(*[(name, 0.9) for name in reversed(recent)])
    assert follow_up_on("nlu_fallback", _turn(text, "nlu_fallback", 0.3), tracker, True) == means


def test_a_contact_follow_up_needs_the_contact_form_just_before() -> None:
    tracker = RoutedTracker(("check_assessments", 0.9))
    assert follow_up_on("nlu_fallback", _turn("and my email too please", "nlu_fallback", 0.3),
                        tracker, True) != "edit_contact"


def test_a_question_answered_inside_a_form_is_a_topic_too() -> None:
    # "got married in june so my last name changed how do i update that" answered while a
    # username was asked; then "do i send the marriage license w it"
    tracker = RoutedTracker()
    tracker.events = [
        {"event": "user", "parse_data": {"intent": {"name": "change_personal_info",
                                                    "confidence": 0.9}}},
        {"event": "action", "name": "signin_form"},
        {"event": "slot", "name": "flow_interrupted", "value": "change_personal_info"},
        {"event": "bot", "text": "the form"},
        # the form's own question asked again is no topic
        {"event": "user", "parse_data": {"intent": {"name": "sign_in", "confidence": 0.9}}},
        {"event": "action", "name": "signin_form"},
        {"event": "slot", "name": "flow_interrupted", "value": "repeat"},
        {"event": "user", "parse_data": {}},
    ]
    assert recent_requests(tracker) == ["change_personal_info"]


def test_a_question_answered_inside_a_form_is_soon_old_news() -> None:
    # "Will they actually look into what I write?" at a conduct question, then the answers,
    # the signature and the submission: "Do I have to mail them anything?" is not about it
    tracker = RoutedTracker()
    tracker.events = [
        {"event": "user", "parse_data": {"intent": {"name": "faq_conduct_questions",
                                                    "confidence": 0.9}}},
        {"event": "action", "name": "apply_form"},
        {"event": "slot", "name": "flow_interrupted", "value": "faq"},
    ]
    for _ in range(3):  # three answers typed into the form
        tracker.events += [{"event": "user", "parse_data": {}},
                           {"event": "action", "name": "apply_form"}]
    tracker.events.append({"event": "user", "parse_data": {}})
    assert recent_requests(tracker) == []


def test_adding_a_college_after_the_colleges_on_file() -> None:
    from actions.context import after_topic

    tracker = RoutedTracker(("check_education_status", 0.9))
    turn = _turn("si, falta la de Texas donde hice mis primeros semestres. Quiero agregarla",
                 "faq_missing_test_scores", 0.72)
    assert after_topic(turn, recent_requests(tracker), tracker) == "add_college"

