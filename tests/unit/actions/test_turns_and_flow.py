"""What a message inside a form is (actions/flow.decide) and how a message splits into
requests (bot/clauses.py): pure functions, no backend."""

from __future__ import annotations

from typing import Any

import pytest

from actions.flow import Decision, Kind, decide
from actions.turns import Turn
from bot.clauses import add_clauses, read_request, split_clauses


def turn(text: str, intent: str = "nlu_fallback", confidence: float = 0.3,
         **kw: Any) -> Turn:
    return Turn(text=text, intent=intent, confidence=confidence, **kw)


APPLY = frozenset({"apply"})


# ---------------------------------------------------------------- explanations
@pytest.mark.parametrize("text, intent", [
    ("Pending speeding-related court date in Kansas", "faq"),
    ("My Kansas license lapsed in 2019", "check_certificate_status"),
    ("I was cited for shoplifting in 2017, it was dismissed", "faq"),
    ("why did I leave Round Rock ISD? I resigned before they could let me go because of a "
     "dispute with the principal", "faq"),
    ("no", "deny"),
])
def test_what_is_typed_after_a_yes_is_the_explanation(text: str, intent: str) -> None:
    assert decide(turn(text, intent, 0.95), Kind.FREE_TEXT, False, APPLY) is Decision.ANSWER


def test_a_question_is_not_a_name_even_when_the_model_is_unsure_of_it() -> None:
    """Asked for a college's name: "Does her background check need to be repeated for our
    district?" is answered (and the name asked again), not saved as the name."""
    text = "Does her background check need to be repeated for our district?"
    assert decide(turn(text, "faq", 0.4), Kind.FREE_TEXT, False,
                  frozenset({"add_college"})) is Decision.INLINE
    assert decide(turn("State Fair Community College", "faq", 0.4), Kind.FREE_TEXT, False,
                  frozenset({"add_college"})) is Decision.ANSWER


@pytest.mark.parametrize(("text", "name"), [
    ("She attended State Fair Community College in Sedalia, Missouri before transferring",
     "State Fair Community College"),
    ("add William Woods University to my records", "William Woods University"),
    ("I graduated from Truman State University in 2019", "Truman State University"),
    ("I need to add a college", None),
    ("Your education page doesn't even list University of Central Missouri, that's where I got "
     "my master's. Add it.", "University of Central Missouri"),
])
def test_a_college_named_in_the_request(text: str, name: str | None) -> None:
    from actions.profile import college_name_in

    assert college_name_in(text) == name


def test_a_clear_short_question_in_an_explanation_is_answered_first() -> None:
    assert decide(turn("what counts as a conviction?", "faq", 0.9), Kind.FREE_TEXT, False,
                  APPLY) is Decision.INLINE


@pytest.mark.parametrize("text", ["stop", "cancel", "never mind", "nvm", "forget it",
                                  "I want to stop", "cancel this please"])
def test_an_explicit_stop_ends_any_form(text: str) -> None:
    assert decide(turn(text), Kind.FREE_TEXT, False, APPLY) is Decision.STOP
    assert decide(turn(text), Kind.YES_NO, False, APPLY) is Decision.STOP


@pytest.mark.parametrize("text", ["go back", "back", "previous question", "wait, go back"])
def test_go_back_is_a_command(text: str) -> None:
    assert decide(turn(text), Kind.YES_NO, False, APPLY) is Decision.BACK


def test_change_my_answer_is_a_command_where_answers_can_change() -> None:
    t = turn("change my answer to question 3")
    assert t.changed_question() == 3
    assert turn("I need to fix question two").changed_question() == 2
    assert decide(t, Kind.CHOICE, False, APPLY, can_change=True) is Decision.CHANGE


# ---------------------------------------------------------------- value slots
def test_a_parsed_value_is_an_answer_whatever_the_model_thinks() -> None:
    assert decide(turn("jdoe42", "greet", 0.99), Kind.VALUE, True, APPLY) is Decision.ANSWER


def test_a_confident_question_instead_of_a_value_is_answered_in_place() -> None:
    assert decide(turn("what is my educator id for", "faq", 0.9), Kind.VALUE, False,
                  APPLY) is Decision.INLINE


def test_another_flow_requested_in_a_form_switches_to_it() -> None:
    assert decide(turn("actually I forgot my password", "forgot_password", 0.9), Kind.VALUE,
                  False, APPLY) is Decision.SWITCH


def test_asking_for_the_same_flow_again_repeats_the_question() -> None:
    assert decide(turn("I want to apply", "apply", 0.9), Kind.CHOICE, False,
                  APPLY) is Decision.REPEAT


def test_an_unclear_reply_is_taken_as_an_answer_and_refused_with_a_hint() -> None:
    assert decide(turn("hmm maybe", "nlu_fallback", 0.2), Kind.VALUE, False,
                  APPLY) is Decision.ANSWER


def test_buttons_answer_yes_no_questions() -> None:
    assert decide(turn("/affirm", "affirm", 1.0), Kind.YES_NO, False, APPLY) is Decision.ANSWER
    assert decide(turn("/human_handoff", "human_handoff", 1.0), Kind.YES_NO, False,
                  APPLY) is Decision.INLINE


# ---------------------------------------------------------------- clauses
def test_a_greeting_in_front_is_a_clause_of_its_own() -> None:
    assert split_clauses("hi i need to print my teaching certificate") == [
        "hi", "i need to print my teaching certificate"]


def test_two_questions_split_at_the_question_mark_and_also() -> None:
    assert split_clauses("did my fingerprints clear yet? also are my test scores in") == [
        "did my fingerprints clear yet?", "are my test scores in"]


def test_addresses_and_abbreviations_stay_whole() -> None:
    assert split_clauses("do I mail it to P.O. Box 480 in Jefferson City") == [
        "do I mail it to P.O. Box 480 in Jefferson City"]


def _parser(table: dict[str, tuple[str, float]]) -> Any:
    def parse(text: str) -> dict[str, Any]:
        name, conf = table.get(text, ("nlu_fallback", 0.2))
        return {"text": text, "intent": {"name": name, "confidence": conf},
                "intent_ranking": [{"name": name, "confidence": conf}]}
    return parse


def test_a_request_behind_a_greeting_becomes_the_intent() -> None:
    parse = _parser({"i need to print my teaching certificate":
                     ("check_certificate_status", 0.9)})
    data = {"text": "hi i need to print my teaching certificate",
            "intent": {"name": "greet", "confidence": 0.8}}
    out = add_clauses(data, parse)
    assert out["intent"]["name"] == "check_certificate_status"
    assert out["promoted_from"] == "greet"
    assert "extras" not in out


def test_a_second_request_is_listed_as_an_extra() -> None:
    parse = _parser({"did my fingerprints clear yet?": ("check_background_status", 0.9),
                     "are my test scores in": ("check_assessments", 0.8)})
    data = {"text": "did my fingerprints clear yet? also are my test scores in",
            "intent": {"name": "check_background_status", "confidence": 0.7}}
    out = add_clauses(data, parse)
    assert out["intent"]["name"] == "check_background_status"
    assert [e["intent"] for e in out["extras"]] == ["check_assessments"]
    t = Turn(text=data["text"], intent="check_background_status", confidence=0.7,
             extras=tuple(out["extras"]))
    assert t.extra_requests() == ["check_assessments"]


def test_unsure_clauses_add_nothing() -> None:
    data = {"text": "ok so. whatever then", "intent": {"name": "affirm", "confidence": 0.6}}
    assert add_clauses(dict(data), _parser({})) == data


def test_a_clause_asking_for_an_action_leads_over_a_question() -> None:
    parse = _parser({"I need to make an account": ("create_account", 0.9),
                     "I never had one because my certificate was on paper":
                         ("faq_inactive_account", 0.7)})
    data = {"text": "I need to make an account. I never had one because my certificate was "
                    "on paper", "intent": {"name": "faq_inactive_account", "confidence": 0.6}}
    out = add_clauses(data, parse)
    assert out["intent"]["name"] == "create_account"
    assert out["promoted_from"] == "faq_inactive_account"
    assert [e["intent"] for e in out["extras"]] == ["faq_inactive_account"]


def test_a_weaker_action_clause_does_not_replace_a_status_check() -> None:
    """ "I submitted my application five weeks ago and heard nothing. Could you tell me where
    it stands?" reads as a status check; a clause half-read as a password reset does not lead
    (a stronger one would)."""
    text = "I submitted my application five weeks ago. I cant get any answer from anyone"
    parse = _parser({"I submitted my application five weeks ago": ("check_application_status",
                                                                    0.7),
                     "I cant get any answer from anyone": ("forgot_password", 0.5)})
    data = {"text": text, "intent": {"name": "check_application_status", "confidence": 0.75}}
    out = add_clauses(dict(data), parse)
    assert out["intent"]["name"] == "check_application_status"
    assert "promoted_from" not in out
    stronger = _parser({"I submitted my application five weeks ago": ("check_application_status",
                                                                       0.7),
                        "I cant get any answer from anyone": ("forgot_password", 0.9)})
    assert add_clauses(dict(data), stronger)["intent"]["name"] == "forgot_password"


def test_a_named_username_is_left_out_of_the_reading_but_kept_in_the_text() -> None:
    text = "HR says my Praxis score isn't in your system. Took it in March. Username jsmith2"
    parse = _parser({"HR says my Praxis score isn't in your system. Took it in March.":
                     ("faq_missing_test_scores", 0.9),
                     "HR says my Praxis score isn't in your system": ("check_assessments", 0.7)})
    data = {"text": text, "intent": {"name": "faq_inactive_account", "confidence": 0.4},
            "intent_ranking": [{"name": "faq_inactive_account", "confidence": 0.4}]}
    out = read_request(data, parse)
    assert out["text"] == text
    assert out["intent"]["name"] == "faq_missing_test_scores"
    assert [e["intent"] for e in out["extras"]] == ["check_assessments"]
    assert all("jsmith2" not in e["text"] for e in out["extras"])


def test_a_message_without_a_named_username_is_read_as_it_is() -> None:
    data = {"text": "username jsmith2", "intent": {"name": "sign_in", "confidence": 0.9}}
    assert read_request(dict(data), _parser({})) == data


def test_and_i_cant_starts_a_second_clause() -> None:
    assert split_clauses("i havent logged in since 2016 and i cant remember my password") == [
        "i havent logged in since 2016", "i cant remember my password"]


def test_a_prerequisite_in_the_same_message_comes_first() -> None:
    from actions.router import first_things_first

    assert first_things_first("apply", ["create_account"]) == ("create_account", ["apply"])
    assert first_things_first("apply:which", ["link_ssn", "faq_fees"]) == (
        "link_ssn", ["apply", "faq_fees"])
    assert first_things_first("create_account", ["apply"]) == ("create_account", ["apply"])
    assert first_things_first("faq_fees", []) == ("faq_fees", [])


@pytest.mark.parametrize("request_, text, means", [
    ("bot_challenge", "let me talk to somebody who actually works there", "human_handoff"),
    ("nlu_fallback", "can I speak with a real person", "human_handoff"),
    ("nlu_fallback", "ugh idk maybe i made one in college, can u just get someone to fix it pls",
     "human_handoff"),
    ("certificate_requirements", "I'd like to apply for a substitute certificate so I can sub",
     "apply"),
    ("apply", "they sent my sub application back. what do you people want",
     "check_application_status"),
    ("faq_processing_time", "my substitute application is returned. Why it is returned?",
     "check_application_status"),
    ("faq_email_correspondence", "Will they mail me a paper one too, or do I just print this?",
     "check_certificate_status"),
    ("faq_mail_transcripts", "ok and do you have my transcript from lincoln or not",
     "check_education_status"),
    ("faq_application_statuses", "Sub app shows returned. Why?", "check_application_status"),
    ("human_handoff", "Somebody told me to read the Memo. What does mine say?",
     "check_application_status"),
    ("faq_email_correspondence", "so will I get an email when it clears or do I keep checking",
     "faq/fingerprinting"),
    ("apply", "ok start the initial professional one", "apply"),
    ("nlu_fallback", "And the recommendation part, is that something I have to do myself?",
     "faq/recommendation"),
    ("view_contact", "can i just email u a pic of it", "faq/mail_transcripts"),
    ("faq_upgrade_timing", "Retired after 28 years, applied to sub, and you sent my "
     "application back. For what?", "check_application_status"),
    ("certificate_requirements", "Obviously I have 36 hours. Can I just fax it?",
     "faq/mail_transcripts"),
    ("create_account", "i have like 40 hrs from mizzou where do i send it",
     "faq/mail_transcripts"),
    ("nlu_fallback", "ok where do i send it", "faq/mail_documents"),
    ("faq_application_statuses", "got fingerprinted like 3 wks ago still says pending whats up",
     "check_background_status"),
    ("faq_fingerprinting", "I had my fingerprints done a couple of weeks ago. Did that go "
     "through?", "check_background_status"),
    ("stop", "cert runs out in 2030. when am I supposed to send the upgrade, I'm not doing "
     "this last minute again", "faq/upgrade_timing"),
    ("save_legal_name", "My name on profile, family name and given name order is wrong. Can "
     "you change it?", "change_personal_info"),
    ("edit_contact", "my email is changing too. can you update it to k@example.com",
     "edit_contact"),
    ("thanks", "ok got it thx. also quick q my fingerprints were done like 2 yrs ago for "
     "subbing are they still good", "faq/fingerprinting"),
    ("faq_fingerprinting", "I taught in the 1990s. I've never had one of these accounts. Where "
     "do I even begin?", "create_account"),
    ("out_of_scope", "I need to make the certification here. Please, how I can start? I don't "
     "have account in your system.", "create_account"),
    ("affirm", "Yes, please help me make one.", "create_account"),
    ("faq_returning_user", "they told me I gotta make an account on the DESE thing before "
     "anything else. how do I do that", "create_account"),
    ("add_college", "Which application is for me? My degree is from University of Texas",
     "apply:which"),
    ("faq_application_statuses", "got an email my sub aplication was returned?? what does that "
     "even mean", "check_application_status"),
    ("faq_popup_blocker", "Hello, I want to know if my application have some problem. I send it "
     "in March and nobody tell me nothing.", "check_application_status"),
    ("nlu_fallback", "Does anything need to be on them so they match up with me?",
     "faq/mail_documents"),
    ("nlu_fallback", "Does Texas Tech need to put anything on it so it gets matched to me?",
     "faq/mail_transcripts"),
    ("forgot_username", "I set up a username a while back but I cannot remember the password "
     "for the life of me.", "forgot_password"),
    ("check_certificate_status", "Hello. I want to add Mathematics 9-12. Which application I use?",
     "apply:which"),
    ("affirm", "ok so what do they want exactly", "check_application_status"),
    # left alone
    ("forgot_username", "I forgot my username and password", "forgot_username"),
    ("faq_processing_time", "how long does my application usually take, nothing yet",
     "faq_processing_time"),
    ("forgot_username", "I don't have my username anymore", "forgot_username"),
    ("check_application_status", "I don't have an account yet, can I see my application "
     "status?", "check_application_status"),
    ("save_legal_name", "legal name is Kayla Brennan, please save it", "save_legal_name"),
    ("check_application_status", "did my university send the recommendation yet",
     "check_application_status"),
    ("faq_fingerprinting", "I did my fingerprints, how long until they clear?",
     "faq_fingerprinting"),
    ("view_contact", "what email do you have for me", "view_contact"),
    ("view_contact", "Great. Now can I see what email you have in my contact info?",
     "view_contact"),
    ("edit_contact", "New phone: 573-555-0134. My email stays the same. Also, while I'm at it, "
     "can I change the name on my profile", "edit_contact"),
    ("link_ssn", "We would like to complete that connection and then begin the application",
     "link_ssn"),
    ("faq_email_correspondence", "will I get an email when my application is approved",
     "faq_email_correspondence"),
    ("human_handoff", "I can't read the memo, can I talk to a real person?", "human_handoff"),
    ("apply", "I want to apply again, my application was returned", "apply"),
    ("faq_mail_transcripts", "where do I mail my transcripts", "faq_mail_transcripts"),
    ("faq_email_correspondence", "how will you contact me", "faq_email_correspondence"),
    ("bot_challenge", "are you a real person", "bot_challenge"),
    ("add_college", "she mighta made one back in college but doesnt remember it at all can "
     "somebody there fix it", "human_handoff"),
    ("forgot_username", "dont have time for this can someone just call me", "human_handoff"),
    ("faq_mail_documents", "she thinks she put her ssn on it but idk can somebody there look "
     "into it for her", "human_handoff"),
    ("save_legal_name", "Additionally, my middle name is misspelled on my profile. Can I "
     "correct it here?", "change_personal_info"),
    ("save_legal_name", "And the name? Can you fix that too or not", "change_personal_info"),
    ("save_legal_name", "Next, I believe my name is spelled wrong on my profile. It ought to be "
     "Margaret Ellen Whitcomb. Could we correct it?", "change_personal_info"),
    ("create_account", "wait quick q can i just make a 2nd one later w a diff email if i want",
     "faq/two_usernames"),
    ("create_account", "can I make a new account", "create_account"),
    ("nlu_fallback", "Could you tell me that number one more time, I didn't have a pen",
     "repeat"),
    ("check_application_status", "Sorry, what date did you say it expires? I wrote it on a "
     "sticky note and now I can't find the note", "repeat"),
    ("nlu_fallback", "So I just check my email for the reset link?!", "faq/check_email"),
    ("nlu_fallback", "sorry is that it? did it work", "repeat"),
    ("link_ssn", "Understood. Proceed with creating my account.", "create_account"),
    ("nlu_fallback", "hi im the secretary at the elementary our new hire needs a acount for "
     "her certifcation stuff she doesnt have one yet", "create_account"),
    ("link_ssn", "I made my account last week, now I need to link it", "link_ssn"),
    ("nlu_fallback", "how long till I can start subbing?", "faq/processing_time"),
    ("faq_upgrade_timing", "hi um I need to log in to apply for my teaching certificate, I "
     "finished my alt cert program in May (is there a window? sorry)", "apply"),
    ("nlu_fallback", "so for the recommendation part is that something i do or does my "
     "program/college do it?", "faq/recommendation"),
    ("faq_processing_time", "Where am I suposed to send it", "faq/mail_documents"),
    ("faq_two_usernames", "I likely created a separate login years ago and I honestly couldn't "
     "tell you what it was. Can I get a staff member on this to reconcile the duplicate?",
     "human_handoff"),
    ("faq_returning_user", "Hello. I have account already but I cannot see my certification "
     "record. I think I must to connect it?", "link_ssn"),
    ("forgot_password", "Good afternoon. I'm an AP at a 6-8 building, wrapping up my leadership "
     "practicum, and I need my profile linked so I can submit for the administrator "
     "certificate.", "link_ssn"),
    ("create_account", "hey quick one. moved from OKC to Joplin over winter break, do i need to "
     "make a whole new account now or what?", "faq/two_usernames"),
    ("link_ssn", "My account is already connected to my record.", "nlu_fallback"),
    ("link_ssn", "my account is already linked but it doesn't show my certificate", "link_ssn"),
    ("bot_challenge", "Before I answer these - why does the state need this, and does anybody "
     "actually verify it?", "faq/sworn_statement"),
    ("bot_challenge", "are you a real person?", "bot_challenge"),
    ("certificate_requirements", "Is a PDF from the registrar good enough or does it have to be "
     "paper?", "faq/mail_transcripts"),
    ("nlu_fallback", "Checking on my application AGAIN. This is the third time I've logged in "
     "this month.", "check_application_status"),
    ("nlu_fallback", "Lincoln told me they mailed it weeks ago. Where exactly is it supposed to "
     "be going?", "faq/mail_transcripts"),
    ("faq_returning_user", "i already made my account last week but when i log in it doesnt "
     "show any of my stuff and the district lady said i have to link it to my ssn or somethin "
     "can you do that for me", "link_ssn"),
    ("bot_challenge", "Everybody at my center is talking about renewing. When does mine expire "
     "and do I really have to start all over again?", "check_certificate_status"),
    ("faq_upgrade_timing", "I've had my early childhood certificate for 15 years and now I need "
     "to add early childhood special ed onto it. I already did this whole profile thing once",
     "apply:additional"),
    ("certificate_requirements", "what do I need to add special ed onto my certificate?",
     "certificate_requirements"),
    ("nlu_fallback", "ok so what i actually need is to apply for my substitute certificate my "
     "account is already hooked up and everything", "apply"),
    ("faq_sworn_statement", "my grandson helped me make the acount but now it says I have to "
     "conect it to my records", "faq_sworn_statement"),
    ("link_ssn", "Hi, I want to apply to be a substitute teacher. my acount is already hooked up "
     "to my records my grandson did that", "apply"),
    ("faq_inactive_account", "is it active n when does it expire? also did my praxis score ever "
     "post", "check_certificate_status"),
    ("add_college", "oh ok so i have to get my college to send it? sorry where does it go and "
     "can i just upload a pdf of it", "faq/mail_transcripts"),
    ("add_college", "my college is missing, can you add it? they said they would send it",
     "add_college"),
    ("change_personal_info", "so i cant just change it online? where do i send the paperwork + "
     "marriage cert", "change_personal_info"),
    ("check_application_status", "is it done? my application i mean, did it go through",
     "check_application_status"),
    ("edit_contact", "can I change the email you send things to?", "edit_contact"),
])
def test_the_words_correct_a_nearby_reading(request_: str, text: str, means: str) -> None:
    from actions.readings import corrected

    assert corrected(request_, text) == means


def test_corrections_read_the_routers_faq_form_and_continuing_a_draft() -> None:
    from actions.readings import corrected

    assert corrected("faq/email_correspondence", "will you mail me a paper copy") == \
        "check_certificate_status"
    assert corrected("nlu_fallback", "I'm back. Please continue my Administrator application "
                                     "where I left off.") == "apply"


def test_corrections_for_contact_changes_and_expiry() -> None:
    from actions.readings import corrected

    assert corrected("change_personal_info", "ok can i at least change my email then, the old "
                                             "one has my married name in it") == "edit_contact"
    assert corrected("change_personal_info", "I got married, change my last name") == \
        "change_personal_info"
    assert corrected("nlu_fallback", "when does it run out") == "check_certificate_status"
    assert corrected("faq/upgrade_timing", "when should I send the upgrade, it expires in may"
                     ) == "faq/upgrade_timing"


@pytest.mark.parametrize("text, name", [
    ("It is blind7d3efb3c", "blind7d3efb3c"), ("ok got it. username newuser9b965f52",
                                              "newuser9b965f52"),
    ("my username is jsmith", "jsmith"), ("username: maria.chen", "maria.chen"),
    ("jsmith42", "jsmith42"), ("I forgot my username", None), ("it is late", None),
])
def test_a_username_is_read_from_a_sentence(text: str, name: str | None) -> None:
    from actions.signin import username_in

    assert username_in(Turn(text=text, intent="forgot_username", confidence=0.9)) == name


def test_corrections_for_which_application_starting_a_named_one_and_the_memo() -> None:
    from actions.readings import corrected

    assert corrected("check_education_status", "just graduated from truman state in may w "
                     "elem ed degree, got hired. which application do i need") == "apply:which"
    assert corrected("apply", "Is the Initial Professional application the right one for me, "
                     "or is there a different one for people who trained out of state?") == \
        "apply:which"
    assert corrected("check_assessments", "passed my praxis. which application am i supposed "
                     "to do? theres so many") == "apply:which"
    assert corrected("faq/fees", "which application do i need and how much is it") == "faq/fees"
    assert corrected("nlu_fallback", "ok start the initial professional one") == "apply"
    assert corrected("faq/application_statuses", "The memo says something is missing from "
                     "Lincoln? What exactly do they still need?") == "check_application_status"
    assert corrected("nlu_fallback", "I got an email that my sub application was returned?? "
                     "why") == "check_application_status"
    assert corrected("faq/application_statuses", "what does returned mean") == \
        "faq/application_statuses"


def test_corrections_for_a_copy_of_the_certificate_and_a_long_absence() -> None:
    from actions.readings import corrected

    assert corrected("nlu_fallback", "need a copy of my certificate for HR by today, how do "
                                     "i get it") == "check_certificate_status"
    assert corrected("faq/two_usernames", "I did not login since more than one year, this is "
                                          "a problem?") == "faq/inactive_account"


@pytest.mark.parametrize("text", [
    "Actually wait, I need to find the court paperwork before I go any further. Save it and "
    "I'll come back tonight.",
    "ay espera, tengo que recoger a mis hijos, can you save it y lo termino despues?",
    "I'll come back to it tomorrow",
    "My apologies, my internet connection is unstable tonight. Kindly save it as it is and I "
    "will resume tomorrow.",
])
def test_saving_it_to_come_back_is_a_pause(text: str) -> None:
    assert Turn(text=text, intent="x", confidence=0.5).is_pause


def test_a_stop_at_the_start_of_a_sentence_is_a_pause() -> None:
    t = Turn(text="actually stop, I need to check something with HR first", intent="stop",
             confidence=0.6)
    assert t.is_pause
    assert not Turn(text="stopped by the office yesterday", intent="x", confidence=0.5).is_pause


@pytest.mark.parametrize("text", ["ok found it. lets keep going on the non-mo application",
                                  "ok HR says its fine. lets continue my aplication"])
def test_continuing_an_application_is_applying_whatever_the_reading(text: str) -> None:
    from actions.readings import corrected

    for reading in ("faq/fees", "check_application_status", "nlu_fallback"):
        assert corrected(reading, text) == "apply"


@pytest.mark.parametrize("text, asks", [
    ("what does 'I accept' actually mean here? is it like authorizing a background check?",
     True),
    ("before i submit, are they actually going to contact arkansas about the probation thing?",
     True),
    ("can you submit it?", False), ("could you please submit my application now", False),
    ("I accept", False), ("submit", False), ("Looks right, go ahead and submit it", False),
])
def test_a_question_at_the_signature_or_review_is_never_a_go_ahead(text: str, asks: bool) -> None:
    from actions.apply import _asks

    assert _asks(Turn(text=text, intent="faq_sworn_statement", confidence=0.9)) is asks


@pytest.mark.parametrize("reading, text, means", [
    ("bot_challenge", "so what exactly are they asking for?", "check_application_status"),
    ("nlu_fallback", "so what's holding it up?", "check_application_status"),
    ("nlu_fallback", "what do i use that number for exactly", "faq/educator_id"),
    ("faq/two_usernames", "i musta made one back in 2015. ok send me the old username then",
     "forgot_username"),
    ("nlu_fallback", "can't you just move my record over to this login?",
     "faq/ssn_already_linked"),
    ("faq/fees", "i started a sub app on here a couple days ago and bailed, can i pick it "
                 "back up", "apply"),
    ("what_can_you_do", "I need to print my certificate for my own personnel file lol. can "
                        "you help with that", "check_certificate_status"),
    ("bot_challenge", "are you a bot", "bot_challenge"),
])
def test_corrections_found_by_the_later_blind_writers(reading: str, text: str,
                                                      means: str) -> None:
    from actions.readings import corrected

    assert corrected(reading, text) == means


@pytest.mark.parametrize("reading, text, means", [
    ("nlu_fallback", "so how do I print it?", "check_certificate_status"),
    ("faq/fingerprinting", "and the fingerprints? I did those at an IdentoGO last month",
     "check_background_status"),
    ("faq/processing_time", "wait sorry typo, its 417-555-0139", "edit_contact"),
    ("faq/mail_documents", "address is 1450 W Jackson St, Ozark, MO 65721", "edit_contact"),
    ("faq/inactive_account", "when does it expire?", "check_certificate_status"),
    ("faq/mail_transcripts", "I had Lincoln send my transcript weeks ago. Is it showing in my "
                             "education records yet?", "check_education_status"),
    ("faq/fingerprinting", "how do I get fingerprinted", "faq/fingerprinting"),
])
def test_corrections_for_follow_ups_and_typed_contact_values(reading: str, text: str,
                                                             means: str) -> None:
    from actions.readings import corrected

    assert corrected(reading, text) == means


def test_a_second_question_joined_by_and_is_a_clause_of_its_own() -> None:
    assert split_clauses("whats the status on my initial application and did my fingerprints "
                         "clear yet??") == ["whats the status on my initial application",
                                            "did my fingerprints clear yet??"]


def test_did_it_go_through_is_a_status_question() -> None:
    from actions.readings import corrected

    assert corrected("apply", "hey my certificate runs out next month so i started a sub "
                              "application as a backup. did it go through") == \
        "check_application_status"
    assert corrected("apply", "I want to apply for a substitute certificate") == "apply"


def test_an_action_clause_leads_a_long_question_even_when_read_less_surely() -> None:
    parse = _parser({"im an SLP licensed in arkansas and moving to springfield mo in the fall.":
                     ("nlu_fallback", 0.3),
                     "do i need some kind of account before i can apply for missouri "
                     "certification?": ("create_account", 0.44)})
    data = {"text": "hi, im an SLP licensed in arkansas and moving to springfield mo in the "
                    "fall. do i need some kind of account before i can apply for missouri "
                    "certification?", "intent": {"name": "faq_upgrade_timing",
                                                 "confidence": 0.86}}
    out = add_clauses(data, parse)
    assert out["intent"]["name"] == "create_account"
    assert out["promoted_from"] == "faq_upgrade_timing"


def test_a_stop_first_then_a_reason_stops_even_a_free_text_question() -> None:
    t = Turn(text="hold on never mind, i have to go find the new email my daughter set up",
             intent="stop", confidence=0.5)
    assert t.starts_with_stop
    assert decide(t, Kind.FREE_TEXT, parsed=False, own_intents=frozenset()) is Decision.STOP
    assert not Turn(text="Stopped for speeding in 2015, paid the fine", intent="x",
                    confidence=0.5).starts_with_stop


def test_the_username_i_want_is() -> None:
    from actions.signin import username_in

    assert username_in(Turn(text="ok got it. back to the account, the username i want is "
                                 "newuser33495714", intent="create_account", confidence=0.9)
                       ) == "newuser33495714"


@pytest.mark.parametrize("reading, text, means", [
    ("faq/upgrade_timing", "ok phew. start the upgrade professional application then", "apply"),
    ("faq/mail_documents", "address is 901 Lafayette St, Jefferson City, MO 65101",
     "edit_contact"),
    ("view_contact", "what address do you have for me", "view_contact"),
    ("nlu_fallback", "ok thank you. After I have new password, how I go to my profile?",
     "faq/login_page"),
    ("check_application_status", "did my application start processing",
     "check_application_status"),
    # a username forgotten, a second account asked for: the one they have is found
    ("create_account", "forgot my username can i just make a new acct", "forgot_username"),
    ("create_account", "i think i make account before but i not remember the user name. i can "
     "make one new account?", "forgot_username"),
    # an account made already: linked, or signed in to, never made again
    ("create_account", "My daughter helped me set up an account last night. The paper says I "
     "now have to connect the account using my social security number.", "link_ssn"),
    ("create_account", "made my login last week, what now", "sign_in"),
    ("create_account", "I have way more than 36 hours so good. let me sign in first", "sign_in"),
    ("create_account", "I made an account last year but want a second account",
     "create_account"),
    # the office's address, not theirs
    ("view_contact", "whats the address", "faq/mail_documents"),
    ("view_contact", "The registrar mailed it two weeks ago. What address should it have gone "
     "to?", "faq/mail_transcripts"),
    ("view_contact", "what is my address on file", "view_contact"),
    # how long, once everything is in
    ("check_education_status", "after they receive the transcript, how many time for finish?",
     "faq/processing_time"),
    ("check_education_status", "how long after they get my background check",
     "check_education_status"),
    # the hours a certificate needs
    ("nlu_fallback", "wat do i need for it i have like 40 college hrs",
     "certificate_requirements"),
    ("add_college", "I took 24 hours at a community college, can you add it", "add_college"),
    # an account asked for in other words
    ("check_application_status", "I need an account in your certification system. What do "
     "you need from me?", "create_account"),
    ("apply", "i need make inscription in the system for certificate", "create_account"),
    # another area onto a certificate held
    ("faq_family_care_registry", "ok now I want to add health to my certificate. which "
     "application is that?", "apply:additional"),
    # the username is not what was lost
    ("forgot_username", "I have forgotten the password I chose. I have written my username "
     "down, however. What is the procedure for resetting a password?", "forgot_password"),
    ("forgot_username", "I have written my username down, however.", "nlu_fallback"),
    ("faq_inactive_account", "locked out of my DESE acct, forgot my pw", "forgot_password"),
    # why an application came back
    ("faq_application_statuses", "Why was it retuned", "check_application_status"),
    ("faq_ssn_already_linked", "I am sorry, why was it sent back again?",
     "check_application_status"),
    ("faq_mail_transcripts", "I get email my substitute application is return. Why?",
     "check_application_status"),
    ("faq_application_statuses", "what does returned mean", "faq_application_statuses"),
    ("nlu_fallback", "wheres my IPC app at. need it done before i can apply for admin",
     "check_application_status"),
    # a college to add, a transcript received
    ("check_education_status", "my UCM coursework isnt showing under Education on my profile. "
     "can i add it myself or does DESE have to", "add_college"),
    ("check_education_status", "lincoln mailed the transcript last wk. not showing in my "
     "education records?", "check_education_status"),
    ("add_college", "And did you get her college papers from the University of Missouri",
     "check_education_status"),
    # who else sees the records
    ("check_status", "can HR just look this stuff up themselves or do i have to send them "
     "everything", "faq/district_access"),
    ("check_certificate_status", "Can my principal see my certificate himself?",
     "faq/district_access"),
    ("check_education_status", "can you check my school records", "check_education_status"),
    # the documents an application needs, the email that matters
    ("faq_mail_documents", "What document I need send? Copy is ok?",
     "certificate_requirements"),
    ("faq_fees", "I'm keeping the same email. why does it matter so much which email is on my "
     "profile?", "faq/email_correspondence"),
    # a nickname on the profile: the form
    ("save_legal_name", "profile has me as Mike, legal name is Michael. how do i fix that",
     "change_personal_info"),
    ("save_legal_name", "my legal name is Michael Smith", "save_legal_name"),
    # "check it" is a look, not the Sworn Statement's verification
    ("nlu_fallback", "Can you check it", "nlu_fallback"),
    ("nlu_fallback", "Yes, let's pick up where I left off, please.", "apply"),
    ("add_college", "I had Lincoln send that transcript months ago. And my master's from "
     "another school isn't even in my education records. Add it.", "add_college"),
    ("edit_contact", "I switched to a new email and I'm scared I'll miss something important "
     "from you guys. how do I change it on my profile?", "edit_contact"),
    ("nlu_fallback", "i have way more than 36 hrs, i did 2 years at a comunity college but it "
     "isnt even on my education page", "nlu_fallback"),
    ("check_assessments", "The principal also want to see my Praxis score",
     "check_assessments"),
    ("faq_mail_documents", "I intend to submit a certification application so that I may "
     "teach while my other paperwork is processed.", "apply"),
    ("create_account", "wait befor that. i sub for 2 districts can i make one username for "
     "each of them or no", "faq/two_usernames"),
    ("faq_email_correspondence", "once the missing stuff gets there how long till its done",
     "faq/processing_time"),
    ("nlu_fallback", "I would like to sign in, please, because I have noticed something "
     "missing from my education records.", "sign_in"),
    ("create_account", "I have since forgotten the username I chose. I do not want to create "
     "a second account.", "forgot_username"),
    ("create_account", "I do not want to create a second account if that will cause problems",
     "nlu_fallback"),
    ("faq_district_access", "A principal who is interviewing me asked me to confirm the "
     "details of my Missouri certificate, so I would like to check its status, the "
     "certification area, and the expiration date.", "check_certificate_status"),
    ("faq_processing_time", "wait when does it expire??", "check_certificate_status"),
    ("certificate_requirements", "I need to establish an account in the certification system. "
     "Please state the required steps.", "create_account"),
    ("create_account", "I created an account several months ago and I have since forgotten "
     "the username I chose", "create_account"),
    ("create_account", "I'm an AP at a 6-8 building, and I need my profile linked so I can "
     "submit for the administrator certificate. Username is jdoe7.", "link_ssn"),
    ("create_account", "create an account and link it to my ssn", "create_account"),
    ("create_account", "I made an account last month and now I can't remember my pasword. I "
     "don't want to make a new account and mess everything up. Can you reset it?",
     "forgot_password"),
    ("apply", "now I want to apply for my certificate, but when I try to enter the portal my "
     "password don't work anymore.", "forgot_password"),
    ("faq_two_usernames", "I made my account last week. What I do now?", "link_ssn"),
    ("change_personal_info", "ssn on it?", "faq/mail_documents"),
    ("certificate_requirements", "And will the certificate come to my home by post, like a "
     "diploma?", "check_certificate_status"),
    ("faq_mail_transcripts", "ok thank you. for the substitute certificate what do i need to "
     "send in", "certificate_requirements"),
    ("faq_upgrade_timing", "my certificate expires next year and i have not done ANYTHING about "
     "the upgrade yet. can you tell me when it actually expires", "check_certificate_status"),
    ("faq_upgrade_timing", "when should I send the upgrade, mine expires in June",
     "faq_upgrade_timing"),
    ("faq_processing_time", "5) How long is the check good for?", "faq/fingerprinting"),
    ("faq_upgrade_timing", "What will I need in order to upgrade to the Career Continuous "
     "certificate?", "certificate_requirements"),
    ("check_certificate_status", "Right, and the career certificate, what's the list?",
     "certificate_requirements"),
    ("faq_upgrade_timing", "when should I send the upgrade", "faq_upgrade_timing"),
    ("edit_contact", "will all my letters from the certification office go to the new address "
     "now", "faq/email_correspondence"),
    ("faq_email_correspondence", "will all my letters from the certification office go to the "
     "new address now", "faq/email_correspondence"),
    ("edit_contact", "i need to change my address on my teacher profile", "edit_contact"),
    ("check_certificate_status", "what kinda certificates are there. im a welder",
     "certificate_requirements"),
    ("check_certificate_status", "what types of certificates can I get?",
     "certificate_requirements"),
    ("check_certificate_status", "when does my certificate expire", "check_certificate_status"),
    ("link_ssn", "If I go back to work as a teacher, is that going to reduce my Social Security "
     "or the pension from my engineering firm?", "out_of_scope"),
    ("link_ssn", "link my social security number", "link_ssn"),
    ("check_education_status", "MY COLLEGE SAYS THEY CAN JUST EMAIL MY TRANSCRIPT. THAT WORKS "
     "RIGHT", "faq/mail_transcripts"),
    ("check_education_status", "did you get the transcript they emailed", "check_education_status"),
    ("faq_mail_transcripts", "ALSO DO YOU GUYS EVEN HAVE MY MIZZOU TRANSCRIPT OR DO I HAVE TO "
     "SEND IT AGAIN", "check_education_status"),
    ("apply", "Ok. Other question. Certificate kinds, what? Me finish master Deaf education, "
     "which apply?", "certificate_requirements"),
    ("nlu_fallback", "do I need one username for the school nurse side and another one for "
     "teaching?", "faq/two_usernames"),
    ("check_assessments", "hi, checking my OWN cert this time (taught 1-6 before HR). need to "
     "sign in and see cert status", "check_assessments"),
    ("create_account", "OK. And I read on the website that having more than one username causes "
     "problems?? I really don't want to mess this up", "faq/two_usernames"),
    ("forgot_password", "one more thing so I dont screw it up. if I forget the password down the "
     "road I shouldnt just make another account right?", "faq/two_usernames"),
    ("forgot_password", "got it, I'll watch my inbox. What do I do after I set the password? "
     "someone mentioned I'd need my social security number??", "forgot_password"),
    ("faq_returning_user", "Wait real quick before I do this, if they deny me do I get the fee "
     "back?!", "faq/fees"),
    ("human_handoff", "Use a@example.org for contact. Why does it have to be an email and not "
     "just a phone number?", "faq/email_correspondence"),
    ("faq_bot_challenge", "ugh she probably made one in college. can I get a real person at "
     "DESE to sort this out", "human_handoff"),
    ("faq_conduct_questions", "I started the substitute application a few days ago and had to "
     "quit partway through the conduct questions. Does your system actually save where I left "
     "off? I'd like to pick up where I stopped, if that's possible.", "apply"),
    ("create_account", "q - if I lose track of this login later, ok to just make a 2nd acct?",
     "faq/two_usernames"),
    ("create_account", "should i just make a new one", "faq/two_usernames"),
    ("create_account", "can i make a new account", "create_account"),  # a request
    ("create_account", "oye, y si mejor hago una cuenta nueva? sería más fácil jaja",
     "faq/two_usernames"),
    ("faq_processing_time", "Wait, before I go on. Will they actually look into what I write "
     "on here?", "faq/sworn_statement"),
    ("faq_mail_documents", "Oh dear. My son might have made me one a few years ago. How do I "
     "find out what that one was?", "forgot_username"),
    ("faq_returning_user", "before I submit - after this where do I track status?",
     "faq/application_statuses"),
    ("faq_missing_test_scores", "hola, quiero ver mis scores del Praxis, pas\u00e9 o no?",
     "check_assessments"),
    ("faq_missing_test_scores", "I want to see my scores but they are not showing",
     "faq_missing_test_scores"),  # missing: the general answer stays
    ("nlu_fallback", "ugh. \u00bfa qu\u00e9 direcci\u00f3n lo mando then?", "faq/mail_documents"),
    ("save_legal_name", "She goes by Katie but her name is Katherine. Which one should be on "
     "her profile?", "faq/legal_name"),
    ("nlu_fallback", "cant get into my certification account", "login_trouble"),
    ("faq_returning_user", "Hello, I'm switching careers into teaching (accounting for 10 years "
     "before this) and I'm trying to follow the help guide step by step. I already have an "
     "account. Can you sign me in?", "sign_in"),
    ("change_personal_info", "ok the next step in the guide is the social security number and "
     "date of birth part. can we do that", "link_ssn"),
    ("faq_login_page", "Made my login last week but my principal says I still got to 'link' it "
     "to something before I can apply for anything. not real sure what that even means",
     "link_ssn"),
    ("faq_district_access", "hi my district said i have to link my account to my sun "
     "certificate stuff?? how", "link_ssn"),
    ("faq_ssn_already_linked", "i cant get into my account. i think i have the right username but "
     "the password isnt working and i've tried a few times now. please tell me that doesnt flag "
     "anything", "forgot_password"),
    ("apply", "Which certificate I have and when it finish?", "check_certificate_status"),
    ("view_contact", "which colleges do you have for me?", "check_education_status"),
    ("nlu_fallback", "THEY RETURNED MY APPLICATION. AGAIN. i need to sign in and see what it "
     "says this time", "check_application_status"),
    ("human_handoff", "MY APPLICATION HAS BEEN RETURNED TWICE NOW. I am done with the computer. "
     "I want to talk to an actual person at the certification office please", "human_handoff"),
    ("create_account", "I'm relocating from Illinois for a principal position starting July 1. "
     "I need an account in your certification system. What do you need from me?",
     "create_account"),
    ("bot_challenge", "I think I'd feel better talking to a real person about all of this, if "
     "that's alright.", "human_handoff"),
    ("faq_district_access", "Good morning. I'm not very good with these computer things. I "
     "applied for my teaching certificate this spring and I can't figure out how to see what is "
     "happening with it.", "check_application_status"),
    ("faq_ssn_already_linked", "do i have to get printed again for every district i sub at",
     "faq/fingerprinting"),
    ("faq_fingerprinting", "also do i need seperate fingerprints for every district i sub in? i "
     "sub for 3 of em", "faq/fingerprinting"),
    ("faq_fingerprinting", "ugh. I probably made one back when I started as a para. should I "
     "just make a brand new one?", "faq/two_usernames"),
    ("nlu_fallback", "ok how do I get the old username then", "forgot_username"),
    ("faq_district_access", "Thank you. Can I make one more account with my school email also?",
     "faq/two_usernames"),
    ("apply", "Before I provide it: will I require a separate username later for a Career "
     "Education certificate, in addition to the one for JROTC?", "faq/two_usernames"),
    ("create_account", "pregunta, necesito una cuenta para substitute y otra cuenta para teacher "
     "despues?? or is the same", "faq/two_usernames"),
    ("nlu_fallback", "I cant log in, forgot my password", "forgot_password"),
    ("faq_missing_test_scores", "hi i need to sign in and hook up my ssn to my account because "
     "my alt route program cant find me in the state system", "link_ssn"),
    ("faq_fingerprinting", "ok and my background check is that still showing as good or do i "
     "need to get fingerprinted again for the new job", "check_background_status"),
    ("faq_district_access", "I think I applied for something a while ago, or maybe my principal "
     "did it for me? I'd like to check my application status please.",
     "check_application_status"),
    ("create_account", "wait do i need like one account for subbing and a diff one for my "
     "coaching cert or nah", "faq/two_usernames"),
    ("check_assessments", "ok first can you tell me whats on my education records, i just want "
     "to make sure mizzou is on there", "check_education_status"),
    ("nlu_fallback", "should I use my school email or my personal one? I don't want to miss "
     "anything important.", "faq/email_correspondence"),
    ("nlu_fallback", "do you want my old email or my new one?", "nlu_fallback"),
    ("certificate_requirements", "what does draft mean exactly, it wont get sent in by itself?",
     "faq/application_statuses"),
    ("apply", "Please, why my application is not finish yet? And also my fingerprints, it is "
     "finished or not?", "check_application_status"),
    ("faq_district_access", "Thank you very much. Is it acceptable if I create one more username "
     "later, for my school e-mail address?", "faq/two_usernames"),
    ("faq_district_access", "wait can i make a secnd user name later for my other job at a "
     "difrent school?", "faq/two_usernames"),
    ("forgot_username", "She doesn't remember ever making another username. Can we get a person "
     "at the certification office to sort this out?", "human_handoff"),
    ("check_background_status", "and fingerprints. I had them done in 2015 for my old district. "
     "do those carry over?", "faq/fingerprinting"),
    ("faq_district_access", "How long does the check remain valid?", "faq/fingerprinting"),
    ("check_status", "Great, thanks. Once I'm in, where will I find the student services "
     "application? And is there anything I should do first?", "portal_place:new_application"),
    ("check_application_status", "where can I see the status of my application?",
     "check_application_status"),
    ("apply", "hey my certificate runs out next month so i started a sub application as a "
     "backup. did it go through? and how long does processing usually take",
     "check_application_status"),
    ("faq_email_correspondence", "Yes, it is correct. Will the letters from your office come to "
     "this new address from now?", "faq_email_correspondence"),  # unchanged
    ("check_application_status", "Hi, I want to apply to be a substitute teacher. my acount is "
     "already hooked up to my records my grandson did that", "apply"),
    ("check_application_status", "I want to apply again, what happened to my last application?",
     "check_application_status"),
    ("link_ssn", "Good morning, I graduate in May from Missouri State University and I want to "
     "apply for my teaching certificate. I think first I must connect my account with my SSN, "
     "no?", "link_ssn"),
    ("bot_challenge", "wait b4 i answer. if u say yes on one of these r they gonna auto deny u??",
     "faq/sworn_statement"),
    ("faq_district_access", "omg did my cert actually go thru?? 🥹 i need to see it fr",
     "check_application_status"),
    ("faq_returning_user", "Thank you. Is my certificate 'good to go'? A colleague used this "
     "expression, and I am not sure I use it correctly.", "check_certificate_status"),
    ("faq_returning_user", "hi im a nurse thinking about becoming a teacher how do i check if my "
     "fingerprints cleared once i get them done", "faq/fingerprinting"),
    ("deny", "do i need to right anything on it so you guys know its mine", "faq/mail_documents"),
    # (blind writers w58-w60)
    ("faq_inactive_account", "hey. school district hired me to teach welding next fall, they "
     "said i gotta get a account on your system first for the certificate. how do i do that",
     "create_account"),
    ("stop", "HI. my neighbor said i could sub at the elementry school. how do i even start with "
     "this, i dont have nothing set up on here", "create_account"),
    ("faq_inactive_account", "I used to have an account, i gotta get a account again?",
     "faq_inactive_account"),  # unchanged: one they had
    ("faq_inactive_account", "I have been trying to get into my account for THREE WEEKS and it "
     "keeps telling me my password is wrong. Can you just fix it??", "forgot_password"),
    ("faq_fingerprinting", "fingerprints done yet?", "check_background_status"),
    ("faq_fingerprinting", "how do i get my fingerprints done?", "faq_fingerprinting"),
    ("faq_mail_transcripts", "Is the Lincoln University transcript there or not",
     "check_education_status"),
    ("faq_mail_transcripts", "where is my transcript supposed to go", "faq_mail_transcripts"),
    ("forgot_username", "I do not remember the other username. Would it be possible to have a "
     "member of your staff look into this and put things right?", "human_handoff"),
    ("create_account", "can i make 2?", "faq/two_usernames"),
    ("nlu_fallback", "While I wait: who exactly is the Student Services certificate for? I'm an "
     "SLP", "certificate_requirements"),
    ("create_account", "And if this keeps giving me trouble, should I just make a fresh username?",
     "faq/two_usernames"),
    ("nlu_fallback", "ok and do i gotta mail anything for it", "faq/mail_documents"),
    ("nlu_fallback", "Lovely. So what do I need to put in the mail, and to which address?",
     "faq/mail_documents"),
    ("nlu_fallback", "What I need to mail now?", "faq/mail_documents"),
    ("nlu_fallback", "Clearinghouse ok?", "faq/mail_transcripts"),
    ("edit_contact", "i have a bachelors from 1978 so way more than 36 hours lol. do i mail the "
     "transcript or can i just email a scan of it to somebody", "faq/mail_transcripts"),
    ("check_assessments", "did my praxis score post yet, district says they cant see it",
     "check_assessments"),
    ("faq_mail_transcripts", "i have a bachelors from 1978 so way more than 36 hours lol. do i "
     "mail the transcript", "faq_mail_transcripts"),
    ("faq_district_access", "did my praxis score post yet, district says they cant see it",
     "check_assessments"),
    ("faq_inactive_account", "forgot my usrname, havent logged in since like 2021 an i dont "
     "wanna make a new one", "forgot_username"),
    ("create_account", "hi so i cant remember my username for the dese certification thing. "
     "should i just make a new account its probably easier", "forgot_username"),
    ("faq_missing_test_scores", "Hiii! I passed my Praxis!!! Well, I THINK I did. Can I sign in "
     "and see if my score showed up?", "check_assessments"),
    ("nlu_fallback", "Signing in to file my Administrator application.", "apply"),
    ("forgot_password", "Once the password is set, where do I find the Administrator "
     "application?", "portal_place:new_application"),
    ("nlu_fallback", "My university need to do something also?", "faq/recommendation"),
    ("check_status", "do I need to mail them something?", "faq/mail_documents"),
    ("faq_email_correspondence", "Thank you very much. I need to send something by mail?",
     "faq/mail_documents"),
    ("check_status", "can i get two copies of my certificate", "check_status"),
    ("forgot_password", "OK. what if i forget the password later on, do i just make me a new "
     "account then", "faq/two_usernames"),
    ("create_account", "a colleague warned me never to create a second username, even should I "
     "misplace the first. Is that accurate?", "faq/two_usernames"),
    ("thanks", "got it thanks. once Im in how do I hook it up to my records", "link_ssn"),
    ("save_legal_name", "also everything on there says Harold but everybody calls me Bud, can "
     "you put Bud on it instead. and my middle initial is wrong too", "change_personal_info"),
    ("faq_processing_time", "how long does the email take to come. i dont see it yet",
     "faq/check_email"),
    ("faq_processing_time", "how long does the application take once they get my transcript "
     "email", "faq_processing_time"),
    # (the writers w64-w69, first run)
    ("sign_out", "need to log in and knock out my sub application", "apply"),
    ("sign_out", "ok log me in", "sign_in"),
    ("sign_out", "please sign me out", "sign_out"),
    ("create_account", "so I figured I'd sub in the meantime. Can you sign me in first?",
     "sign_in"),
    ("human_handoff", "Human Resources is asking for it.", "nlu_fallback"),
    ("human_handoff", "can I talk to a real person", "human_handoff"),
    ("bot_challenge", "I'm a little nervous typing that kind of thing into a computer, I'll be "
     "honest.", "nlu_fallback"),
    ("bot_challenge", "am i talking to a machine", "bot_challenge"),
    ("human_handoff", "What is my Educator ID? Human Resources is asking for it.",
     "faq/educator_id"),
    ("faq_inactive_account", "Just to confirm, would it be best if I simply created another "
     "brand-new account and tried again from there?", "faq/two_usernames"),
    ("forgot_password", "forgot my pasword again lol baby brain. can i jsut make a new acount??",
     "forgot_password"),
    ("nlu_fallback", "Bg check good to go?", "check_background_status"),
    ("edit_contact", "Where exactly should I have them mail it this time?", "faq/mail_documents"),
    ("edit_contact", "Just to confirm, where should the registrar mail it, and would an emailed "
     "or faxed copy be acceptable instead?", "faq/mail_transcripts"),
    ("faq_application_statuses", "Also kindly tell the postal address for sending my original "
     "degree certificates and mark sheets.", "faq/mail_transcripts"),
    ("add_college", "WAIT before that, where do I mail my college papers to",
     "faq/mail_transcripts"),
    ("edit_contact", "where should I send my new address", "edit_contact"),
    ("edit_contact", "I'll send the form in with a copy of the marriage certificate. In the "
     "meantime could you at least change my email?", "edit_contact"),
    ("add_college", "wait should i use my college email?? it's getting shut off after "
     "graduation", "faq/email_correspondence"),
    ("faq_processing_time", "before I answer that. do I have to put down something from a long "
     "long time ago? it was 1998", "faq/sworn_statement"),
    ("nlu_fallback", "so why did they send it back to me", "check_application_status"),
    ("faq_mail_transcripts", "I asked Lincoln University to send my transcript back in March. "
     "Can you tell me if you folks ever got it?", "check_education_status"),
    ("check_education_status", "I also attended the University of Nebraska at Kearney, in "
     "Kearney, Nebraska. Could you please add it to my records?", "add_college"),
    ("add_college", "my Indian university is not showing in my education records. Kindly add "
     "the same.", "add_college"),
    ("faq_fingerprinting", "need to check on my fingerprints and transcripts, district keeps "
     "bugging me", "check_background_status"),
    ("faq_fingerprinting", "how do i check on my fingerprints", "faq_fingerprinting"),
    ("faq_mail_transcripts", "need to check on my transcripts", "check_education_status"),
    ("what_can_you_do", "now the instructions say I need to connect my Social Security number "
     "to it. Can you help me do that part?", "link_ssn"),
    ("faq_sworn_statement", "Hello, I need sign in first, then I have question about my "
     "application.", "sign_in"),
    ("save_legal_name", "My surname appears on my profile with a hyphen it does not possess. "
     "How may I have it corrected?", "change_personal_info"),
    ("what_can_you_do", "ok last thing. how do I get the name on all of this switched to Hale",
     "change_personal_info"),
    ("forgot_password", "I forgot my password AND do I need to make a brand new account now "
     "that my name is different?", "forgot_password"),
    ("faq_email_correspondence", "ok. and if they want paper stuff from me where do i even send "
     "it", "faq/mail_documents"),
    ("what_can_you_do", "Is there someone in your office who can help sort this out for her?",
     "human_handoff"),
    ("change_personal_info", "Legal name Marcus Reyes. Not Marc.", "save_legal_name"),
    ("view_contact", "OK, I check my email. Thank you.", "thanks"),
    ("nlu_fallback", "my certificate expires in FIVE WEEKS and i dont know what to do. can you "
     "check it", "check_certificate_status"),
    ("out_of_scope", "ok i can breathe. how do i print it so i can show my principal",
     "check_certificate_status"),
    ("check_education_status", "One further matter, and do be exact: to what address must my "
     "university send its transcripts?", "faq/mail_transcripts"),
    ("faq_inactive_account", "i dont remember my username AT ALL. last time i logged in was "
     "when i got my certificate 4 yrs ago", "forgot_username"),
    ("forgot_username", "what's going on with my substitute application, I got some email and "
     "I'm afraid it's about my name", "check_application_status"),
    ("faq_district_access", "Does the district office need a printed copy of my certificate? "
     "And how would I print one?", "faq_district_access"),
    ("nlu_fallback", "And how would I print one?", "check_certificate_status"),
    ("nlu_fallback", "how do I print it, the application checklist", "nlu_fallback"),
    ("faq_upgrade_timing", "Applied for the substitute certificate and it came back "
     "\"returned\". Thirty years and I can't sub?? What on earth do they want?",
     "check_application_status"),
])
def test_more_corrections(reading: str, text: str, means: str) -> None:
    from actions.readings import corrected

    assert corrected(reading, text) == means


class _Tracker:
    def __init__(self, events: list[dict[str, Any]], slots: dict[str, Any] | None = None):
        self.events = events
        self.slots = slots or {}

    def get_slot(self, name: str) -> Any:
        return self.slots.get(name)


@pytest.mark.parametrize(("text", "intent", "steps"), [
    ("wait, I never picked a password anywhere. is that normal?", "forgot_password", True),
    ("How will she set her password?", "forgot_password", True),
    ("What do I do after I set the password? do I need my social security number?", "link_ssn",
     True),
    ("my email is wrong, can you fix it?", "edit_contact", False),
    ("I forgot my password", "forgot_password", False),  # not a question
])
def test_a_question_right_after_creating_an_account_is_about_next_steps(
        text: str, intent: str, steps: bool) -> None:
    from actions.account import CREATED, after_creating

    created = _Tracker([{"event": "bot", "text": f"Your account jsmith2 {CREATED} I've emailed"}])
    answer = after_creating(turn(text, intent, 0.7), created)  # type: ignore[arg-type]
    assert (answer is not None) is steps
    assert after_creating(turn(text, intent, 0.7), _Tracker([])) is None  # type: ignore[arg-type]


def test_a_question_asked_where_a_value_is_wanted_is_answered() -> None:
    text = "wait so they don't mail me a fancy paper one??"
    assert decide(turn(text, "check_certificate_status", 0.4), Kind.VALUE, False,
                  frozenset({"sign_in"})) is Decision.INLINE
    assert decide(turn("jsmith2", "nlu_fallback", 0.3), Kind.VALUE, False,
                  frozenset({"sign_in"})) is Decision.ANSWER


def _turn(text: str, ranking: tuple[tuple[str, float], ...] = ()) -> Turn:
    return Turn(text=text, intent=ranking[0][0] if ranking else "nlu_fallback",
                confidence=ranking[0][1] if ranking else 0.3, ranking=ranking)


@pytest.mark.parametrize(("requests", "text", "ranking", "statuses"), [
    # asked for, and what the questions are about
    (["faq/fingerprinting", "check_application_status"],
     "I submitted my application weeks ago. Is no news on the fingerprints good news?", (),
     ["check_application_status", "check_background_status"]),
    (["faq/missing_test_scores"], "HR says my Praxis score isn't in your system", (),
     ["check_assessments"]),
    # the model's likeliest status
    (["faq/district_access"], "district still says no clearance, check it",
     (("faq_district_access", 0.5), ("check_background_status", 0.25)),
     ["check_background_status"]),
    # the words that name it
    (["faq/district_access"], "I'd like to see my assessment scores and my certificate details",
     (("faq_district_access", 0.9),), ["check_assessments", "check_certificate_status"]),
    # nothing about a status: signing in alone
    (["faq/two_usernames"], "I keep getting asked the same thing", (), ["sign_in"]),
])
def test_the_statuses_a_message_with_a_username_is_about(
        requests: list[str], text: str, ranking: tuple[tuple[str, float], ...],
        statuses: list[str]) -> None:
    from actions.router import statuses_meant

    assert statuses_meant(requests, _turn(text, ranking)) == statuses


CONDUCT = [
    {"id": "q1", "text": "Have you ever been convicted of, found guilty of, or pled guilty or "
                         "no contest to a felony or misdemeanor (other than minor traffic "
                         "violations), in any state, even if the sentence was suspended?"},
    {"id": "q2", "text": "Has any professional license or certificate you held in any state ever "
                         "been denied, revoked, suspended or surrendered?"},
    {"id": "q3", "text": "Are you currently the subject of a pending criminal charge, or of an "
                         "investigation by a school district, licensing authority or "
                         "law-enforcement agency?"},
    {"id": "q4", "text": "Have you ever been the subject of a substantiated report of child "
                         "abuse or neglect?"},
]


@pytest.mark.parametrize(("text", "index", "plan"), [
    ("Then my answer is Yes to the question about criminal convictions, with this "
     "explanation: 2003 misdemeanor DWI in Boone County, probation completed. Every other "
     "Professional Conduct question is No.", 0,
     (0, "2003 misdemeanor DWI in Boone County, probation completed.")),
    ("Ok. For all of them my answer is No, except the one about if I was ever charged or "
     "convicted of a crime. For that one is Yes. In 2010 in El Paso I was charged with a "
     "misdemeanor. I paid the fine and nothing more happened.", 0,
     (0, "In 2010 in El Paso I was charged with a misdemeanor. I paid the fine and nothing "
         "more happened.")),
    ("No to all except the one about my license, yes: my Kansas license was revoked in 2019.",
     0, (1, "my Kansas license was revoked in 2019.")),
    ("ok for the conduct ones - yes on the one about being charged/convicted, i got a minor in "
     "possession ticket in 2021, paid the fine and did the class, thats it. everything else is "
     "no", 0, (0, "i got a minor in possession ticket in 2021, paid the fine and did the class, "
                  "thats it")),
    # "this question": the one being asked
    ("I see. For this question my answer is yes. In 2015 in Lawrence, Kansas, I received a "
     "misdemeanor citation for shoplifting. The charge was dismissed. For all the other "
     "questions my answer is no.", 1,
     (1, "In 2015 in Lawrence, Kansas, I received a misdemeanor citation for shoplifting. The "
         "charge was dismissed.")),
    # not one Yes with No to the rest
    ("yes to the rest", 0, None),
    ("yes", 0, None),
    ("no to the rest", 0, None),
])
def test_one_yes_explained_and_no_to_the_rest(text: str, index: int,
                                              plan: tuple[int, str] | None) -> None:
    from actions.apply import one_yes_and_no_to_the_rest

    assert one_yes_and_no_to_the_rest(text, CONDUCT, index) == plan


@pytest.mark.parametrize(("text", "all_no"), [
    ("She has reviewed the Professional Conduct questions and her answer to each of them is No.",
     True),
    ("each of them is a no", True),
    ("each of them is no except one, that one is yes", False),
    ("what is each of them about?", False),
])
def test_no_to_each_of_them(text: str, all_no: bool) -> None:
    from actions.apply import NO_TO_THE_REST_RE

    assert bool(NO_TO_THE_REST_RE.search(text)) is all_no


def test_a_long_message_keeps_its_last_clauses_apart() -> None:
    text = ("Good morning. I taught 4th grade for 22 years and retired in 2011. The principal "
            "asked me to substitute this fall. My nephew set up my account. I have a bachelor's "
            "degree from Truman State. How do I apply to be a substitute?")
    clauses = split_clauses(text)
    assert len(clauses) == 4
    assert clauses[-1] == "How do I apply to be a substitute?"
    assert clauses[0].startswith("Good morning")


@pytest.mark.parametrize(("text", "asks"), [
    ("Yes, please create it. for username I like lucia85.", True),
    ("Yes, please help me make one. username newuser7", True),
    ("hey i set up my account a while back. my username is jsmith2", False),
    ("I made an account last year, username jsmith2", False),
])
def test_asking_for_a_new_account_is_not_telling_of_one(text: str, asks: bool) -> None:
    from actions.router import CREATE_WORDS

    assert bool(CREATE_WORDS.search(text)) is asks


def test_a_username_typed_after_a_question_about_ones_records_answers_it_after_sign_in() -> None:
    from actions.router import _sign_in_as

    def pending(recent: list[str]) -> Any:
        events = _sign_in_as("jsmith2", recent)
        return next(e["value"] for e in events if e.get("name") == "pending_request")

    assert pending(["faq/application_statuses"]) == "check_application_status"
    assert pending(["check_background_status", "faq/fees"]) == "check_background_status"
    assert pending(["faq/fees"]) is None
    assert pending([]) is None


@pytest.mark.parametrize(("text", "place"), [
    ("She attended State Fair Community College in Sedalia, Missouri before transferring, and it "
     "is not listed. Can it be added?", ("State Fair Community College", "Sedalia", "MO")),
    ("add St. Louis Community College in St. Louis. Thanks",
     ("St. Louis Community College", "St. Louis", None)),
    ("I also did my master's at DePaul University in Chicago and I'd like to add it.",
     ("DePaul University", "Chicago", None)),
])
def test_the_college_a_request_names_with_its_town(text: str,
                                                   place: tuple[str, str, str | None]) -> None:
    from actions.profile import college_asked, college_slots

    assert college_asked(text) == college_slots(place)


@pytest.mark.parametrize(("text", "slots"), [
    # the college on file is not the one to add; the one to add is asked for
    ("Only Lincoln University is there. My bachelor degree university is missing. I want to "
     "add it.", {}),
    ("My education list only shows Lincoln University. My bachelor's is from Northern Arizona "
     "and it's not there. Can you add it?", {}),
    # the whole message is the college's name (after "Add a college" was offered)
    ("state fair community college", {"college_name": "state fair community college"}),
    ("University of Central Missouri", {"college_name": "University of Central Missouri"}),
    ("my community college", {}),
    ("I want to add my college", {}),
])
def test_a_college_on_file_is_not_the_one_asked_to_add(text: str,
                                                       slots: dict[str, str]) -> None:
    from actions.profile import college_asked

    assert college_asked(text) == slots


@pytest.mark.parametrize("text", [
    "no wait go back, that one is a no. i misread it",
    "actually, go back please",
])
def test_go_back_after_a_no_or_actually(text: str) -> None:
    from actions.turns import Turn

    assert Turn(text=text, intent="deny", confidence=0.6).is_back


def test_a_reset_asked_inside_another_form_switches_to_it() -> None:
    t = turn("ok fine then reset my pw. its jsmith2", "forgot_password", 0.8)
    assert decide(t, Kind.VALUE, True, frozenset({"create_account"})) is Decision.SWITCH
    # the reset's own form takes the username as the answer
    assert decide(t, Kind.VALUE, True, frozenset({"forgot_password"})) is Decision.ANSWER


@pytest.mark.parametrize(("text", "name"), [
    ("ugh fine. jsmith2", "jsmith2"),
    ("ok here: j.smith", "j.smith"),
    ("ugh fine whatever", None),
])
def test_a_username_after_a_filler_is_a_username(text: str, name: str | None) -> None:
    from actions.router import _bare_username

    class _Signedout:
        def get_slot(self, name: str) -> None:
            return None

    assert _bare_username(turn(text, "nlu_fallback", 0.3), _Signedout()) == name


@pytest.mark.parametrize(("text", "index", "plan"), [
    # the others are no, after the explanation; "that one" is the question being asked
    ("Ok. For the questions, one time in 2012 I was charged for shoplifting in El Paso, but the "
     "charge was dismissed, I was 20 years. So that one is yes. The other ones are no", 0,
     (0, "one time in 2012 I was charged for shoplifting in El Paso, but the charge was "
         "dismissed, I was 20 years.")),
    # the question named, a dash before the explanation, "everything else"
    ("yes on the one about convictions - DUI in 2008, misdemeanor, finished probation, reported "
     "to my district back then. no on everything else", 0,
     (0, "DUI in 2008, misdemeanor, finished probation, reported to my district back then")),
    # "no to pretty much all of these EXCEPT ... that one's a yes": the Yes is asked for next
    ("ok so no to pretty much all of these EXCEPT if there's one about ever being charged or "
     "convicted of something, that one's a yes", 0, (0, "")),
    # nothing points at another question: the one being asked
    ("Well, I have to say yes to one. About eight years ago I was cited for disturbing the "
     "peace after a party got too loud, I paid a fine and that was the end of it. The rest are "
     "no", 2,
     (2, "About eight years ago I was cited for disturbing the peace after a party got too "
         "loud, I paid a fine and that was the end of it.")),
])
def test_one_yes_said_in_more_ways(text: str, index: int, plan: tuple[int, str]) -> None:
    from actions.apply import one_yes_and_no_to_the_rest

    assert one_yes_and_no_to_the_rest(text, CONDUCT, index) == plan


@pytest.mark.parametrize(("text", "answer"), [
    ("Yes. In 1998 I received a DWI citation in North Carolina. Pleaded guilty, fine paid, "
     "license reinstated, no further incidents in 26 years of service.",
     (True, "In 1998 I received a DWI citation in North Carolina. Pleaded guilty, fine paid, "
            "license reinstated, no further incidents in 26 years of service.")),
    ("OK. On this one my answer is yes. In 2008, when I was 20, I got a misdemeanor citation "
     "in Champaign County. I paid the fine.",
     (True, "In 2008, when I was 20, I got a misdemeanor citation in Champaign County. I paid "
            "the fine.")),
    ("I'm not sure. My license was suspended once but I don't know if that counts here.", None),
    ("so this one is a yes \u2014 in 2019 i got a deferred sentence on a misdemeanor bad check "
     "charge in Tulsa County, paid it all back",
     (True, "in 2019 i got a deferred sentence on a misdemeanor bad check charge in Tulsa County, "
            "paid it all back")),
    ("yes", (True, None)),
    ("yes, once, a long time ago", (True, None)),
    ("no", (False, None)),
    # a yes to something else is no answer to a sworn question
    ("yes please continue it", None),
    ("yes thats right submit it please", None),
    ("yep the reactivation one please!! \U0001f64c", None),
    ("Yes, the substitute certificate", None),
    ("yes but what counts as a minor traffic violation, is a speeding ticket one?", None),
    # a word about answering is no explanation: the Yes, and the explanation is asked for
    ("Yes. I'd rather be honest about it up front.", (True, None)),
    ("yes, and I want to be completely transparent about everything here", (True, None)),
    # the answer said last, after words that say nothing
    ("Okay, fair enough. No.", (False, None)),
    ("ugh ok. anyway, no", (False, None)),
    ("alright then, yes", (True, None)),
    ("I don't know, no", None),
    ("hmm, is that about me? no", None),
])
def test_the_answer_to_a_conduct_question(text: str, answer: tuple[bool, str | None] | None,
                                          ) -> None:
    from actions.apply import conduct_answer
    from actions.turns import Turn

    assert conduct_answer(Turn(text=text, intent="inform", confidence=0.1)) == answer


@pytest.mark.parametrize("text", ["No to the remainder.", "the remainder are no",
                                  "no on everything else", "no none of those apply to me"])
def test_no_to_the_remainder(text: str) -> None:
    from actions.apply import NO_TO_THE_REST_RE

    assert NO_TO_THE_REST_RE.search(text)


def test_the_last_answer_is_said_again_when_asked() -> None:
    from rasa_sdk import Tracker
    from rasa_sdk.executor import CollectingDispatcher

    from actions.answers import repeat_last_answer
    from actions.readings import corrected

    events = [
        {"event": "user", "text": "what's my educator id"},
        {"event": "bot", "text": "Your Educator ID is 3631852.",
         "data": {"buttons": [{"title": "Apply", "payload": "/apply"}]}},
        {"event": "user", "text": "Could you tell me that number one more time, I didn't have "
                                  "a pen"},
    ]
    assert corrected("nlu_fallback", events[-1]["text"]) == "repeat"
    assert corrected("nlu_fallback", "do I have to do my fingerprints one more time") == \
        "nlu_fallback"
    tracker = Tracker("s", {}, events[-1], events, False, None, {}, "action_listen")
    dispatcher = CollectingDispatcher()
    repeat_last_answer(tracker, dispatcher)
    assert [(m["text"], m["buttons"]) for m in dispatcher.messages] == [
        ("Your Educator ID is 3631852.", [{"title": "Apply", "payload": "/apply"}])]
    first = Tracker("s", {}, events[0], events[:1], False, None, {}, "action_listen")
    dispatcher = CollectingDispatcher()
    repeat_last_answer(first, dispatcher)
    assert "nothing to repeat" in dispatcher.messages[0]["text"]


def test_a_type_said_not_to_be_the_one_is_not_named() -> None:
    from actions.answers import match_type
    from actions.apply import situation_in

    types = [{"code": "substitute", "name": "Substitute", "aliases": ["sub"]},
             {"code": "initial_professional", "name": "Initial Professional Certificate",
              "aliases": ["initial", "first real"]}]
    text = "hi i wanna apply for my actual teaching cert, like the first real one not sub"
    assert match_type(types, text)["code"] == "initial_professional"
    assert situation_in(text) == {}
    assert match_type(types, "I want to sub")["code"] == "substitute"
    types.append({"code": "student_services", "name": "Student Services",
                  "aliases": ["counseling", "school counselor"]})
    text = ("Hi - I started a substitute application so I can work while my counseling "
            "certificate processes, but I never finished it. Can I continue it?")
    assert match_type(types, text)["code"] == "substitute"
    assert match_type(types, "I'm a school counselor, how do I apply")["code"] == \
        "student_services"


def test_a_question_without_its_question_mark_is_not_the_value_asked_for() -> None:
    asked = turn("wait quick q can i just make a 2nd one later w a diff email if i want",
                 "faq", 0.3)
    assert decide(asked, Kind.VALUE, False, frozenset({"create_account"})) is Decision.INLINE
    # a value that did not parse is still the answer (and gets its error)
    assert decide(turn("jsmith@@example", "nlu_fallback", 0.3), Kind.VALUE, False,
                  frozenset({"create_account"})) is Decision.ANSWER


def test_a_legal_name_stated_in_full_is_given_to_be_saved() -> None:
    from actions.router import _legal_name_given

    said = turn("legal name is Madison Brooks. (ppl call me maddie but i know no nicknames lol)",
                "faq", 0.9)
    assert _legal_name_given("faq/legal_name", said) == "save_legal_name"
    said = turn("Oh and for my name, everybody calls me Jessie but my legal name is Jessica "
                "Dunlap!! Put that one so it matches my Texas stuff!", "faq", 0.9)
    assert _legal_name_given("faq/legal_name", said) == "save_legal_name"
    # a change of name needs the form; a question names no one
    married = turn("I got married, my legal name is Ana Smith now", "change_personal_info", 0.9)
    assert _legal_name_given("change_personal_info", married) == "change_personal_info"
    assert _legal_name_given("faq/legal_name", turn("what is a legal name", "faq", 0.9)) == \
        "faq/legal_name"


def test_a_question_at_the_review_is_the_reviews_own() -> None:
    asked = turn("before i submit, are they actually going to contact arkansas about the "
                 "probation thing?", "view_contact", 0.31)
    assert decide(asked, Kind.CHOICE, False, APPLY, True, answers_questions=True) is \
        Decision.ANSWER
    assert decide(asked, Kind.CHOICE, False, APPLY, True) is Decision.INLINE


def test_a_second_how_question_joined_by_and_is_a_clause_of_its_own() -> None:
    assert split_clauses("before I answer that how much does this cost and how long till I can "
                         "start subbing?") == ["before I answer that how much does this cost",
                                               "how long till I can start subbing?"]


def test_a_clause_the_words_read_is_an_extra_but_never_leads() -> None:
    """ "how long till I can start subbing?" is the processing time by the table of
    corrections, however unsure the model is: an extra request of the message; the message's
    own intent stays the model's."""
    parse = _parser({"before I answer that how much does this cost": ("faq_fees", 0.96)})
    text = "before I answer that how much does this cost and how long till I can start subbing?"
    out = add_clauses({"text": text, "intent": {"name": "faq_fees", "confidence": 0.9}}, parse)
    assert out["intent"]["name"] == "faq_fees"
    assert [(e["intent"], e["by_words"]) for e in out["extras"]] == [
        ("faq_processing_time", True)]
    greeting = add_clauses({"text": "hi. how long till I can start subbing?",
                            "intent": {"name": "greet", "confidence": 0.9}}, _parser({}))
    assert greeting["intent"]["name"] == "greet"  # the rules see an intent the model gave
    assert [e["intent"] for e in greeting["extras"]] == ["faq_processing_time"]


def test_no_fallback_loop_after_a_form_hands_a_message_over() -> None:
    """A route run after a form's finishing action ends the turn itself (no rule covers that
    state), and the last-resort fallback listens instead of being predicted again and again
    until Rasa's circuit breaker silences the conversation."""
    import asyncio

    from rasa_sdk import Tracker
    from rasa_sdk.executor import CollectingDispatcher

    from actions.router import ActionDefaultFallback, ActionRoute

    message = {"text": "thanks", "intent": {"name": "thanks", "confidence": 0.99},
               "intent_ranking": [{"name": "thanks", "confidence": 0.99}]}
    events = [{"event": "user", "text": "thanks", "parse_data": message},
              {"event": "action", "name": "action_link_ssn"}]
    after_form = Tracker("s", {}, message, events, False, None, {}, "action_link_ssn")
    out = asyncio.run(ActionRoute().run(CollectingDispatcher(), after_form, {}))
    assert out[-1] == {"event": "followup", "timestamp": None, "name": "action_listen"}
    listening = Tracker("s", {}, message, events[:1], False, None, {}, "action_listen")
    out = asyncio.run(ActionRoute().run(CollectingDispatcher(), listening, {}))
    assert not any(e.get("event") == "followup" for e in out)
    out = asyncio.run(ActionDefaultFallback().run(CollectingDispatcher(), after_form, {}))
    assert out == [{"event": "followup", "timestamp": None, "name": "action_listen"}]


def test_a_password_reset_is_never_started_on_a_reading_alone() -> None:
    from actions.router import _not_a_reset

    said = Turn(text="I need my profile updated so I can submit for the administrator "
                     "certificate.", intent="forgot_password", confidence=0.4,
                ranking=(("forgot_password", 0.4), ("certificate_requirements", 0.29)))
    assert _not_a_reset("forgot_password", said) == "certificate_requirements"
    asked = Turn(text="i cant get in, forgot my pw", intent="forgot_password", confidence=0.9)
    assert _not_a_reset("forgot_password", asked) == "forgot_password"


@pytest.mark.parametrize(("text", "situation"), [
    # a Missouri program named with a graduation: the Initial Professional route
    ("just graduated from truman state in may w elem ed degree, got hired in columbia for "
     "fall. which application do i need??", {"wa_prep": "mo_program"}),
    ("Hi! I finish Elementary Education at University of Central Missouri in December. Which "
     "application I need for my first certificate?", {"wa_prep": "mo_program"}),
    ("I graduated from KU in Kansas, which one", {"wa_prep": "other_state"}),
    # a college alone, or a Missouri town, is no program finished
    ("which application do I need, I live in Columbia", {}),
    ("I want to sub, I went to Truman", {"wa_path": "substitute"}),
])
def test_a_missouri_program_in_the_request(text: str, situation: dict[str, str]) -> None:
    from actions.apply import situation_in

    assert situation_in(text) == situation


@pytest.mark.parametrize(("text", "intent", "asks"), [
    ("noooo ok so what do I do now??", "nlu_fallback", True),
    ("huh. ok so what do i do then", "affirm", True),
    ("what should I do next", "what_can_you_do", True),
    # a longer message, or one the model read as a request, is that request
    ("what do I do now that my fingerprints are done and my transcript is in, apply?",
     "apply", False),
    ("what can i do here", "what_can_you_do", False),
])
def test_what_now_after_an_answer(text: str, intent: str, asks: bool) -> None:
    from actions.router import _asks_what_now

    assert _asks_what_now(intent, turn(text, intent, 0.6)) is asks


@pytest.mark.parametrize(("text", "asks"), [
    ("Username. my email use for username, can? or must different?", True),
    ("can I use my email as my username", True),
    ("can I just sign in with my email", True),
    ("my email is a.b@example.org", False),
    ("what is a username", False),
])
def test_an_email_as_the_username_is_asked_about(text: str, asks: bool) -> None:
    from actions.flow import EMAIL_AS_USERNAME, EMAIL_IS_NO_USERNAME, USERNAME_SLOTS

    assert bool(EMAIL_AS_USERNAME.search(text)) is asks
    assert set(EMAIL_IS_NO_USERNAME) == USERNAME_SLOTS  # an answer for every username asked


@pytest.mark.parametrize(("typed", "value"), [
    ("1420 Elm Street, Columbia, MO 65201 po", "1420 Elm Street, Columbia, MO 65201"),
    ("Manila, Philippines po", "Manila, Philippines"),
    ("jsmith2 please", "jsmith2"),
    ("University of Santo Tomas po, thank you", "University of Santo Tomas"),
    # what is left must still say something
    ("no thanks", "no thanks"),
    ("yes please", "yes please"),
    ("po", "po"),
])
def test_the_courtesy_after_a_value_is_not_part_of_it(typed: str, value: str) -> None:
    from actions.turns import without_courtesy

    assert without_courtesy(typed) == value


def test_a_go_ahead_or_an_unsure_reading_keeps_the_form() -> None:
    from actions.flow import Decision, Kind, decide

    t = turn("ok im like 90% sure I never did. actually no im sure, I searched my email and "
             "theres nothing. can we just make it", "forgot_password", 0.52)
    assert decide(t, Kind.VALUE, False, frozenset({"create_account"})) is Decision.REPEAT
    # a flow read at 0.52 is no request to leave the form
    t = turn("I searched my email and theres nothing there at all", "forgot_password", 0.52)
    assert decide(t, Kind.VALUE, False, frozenset({"create_account"})) is not Decision.SWITCH
    # the words naming the flow make an unsure reading enough
    t = turn("wait. i think i made one already back in march. cant remember the username tho",
             "forgot_username", 0.55)
    assert decide(t, Kind.VALUE, False, frozenset({"create_account"})) is Decision.SWITCH
    t = turn("actually I'd rather check my application status", "check_application_status",
             0.9)
    assert decide(t, Kind.VALUE, False, frozenset({"create_account"})) is not Decision.ANSWER


@pytest.mark.parametrize(("text", "asks"), [
    ("SO WHATS THE HOLD UP", True),
    ("what's holding it up", True),
    ("why is it taking so long", True),
    ("ok thanks", False),
])
def test_a_hold_up_after_the_application_is_what_its_memo_says(text: str, asks: bool) -> None:
    from actions.router import _HOLD_UP

    assert bool(_HOLD_UP.search(text)) is asks


@pytest.mark.parametrize(("text", "takes"), [
    ("perfect thats what i figured. can we start it now? username jsmith2", True),
    ("ok lets do it", True),
    ("how do I do that?", False),
    ("don't start it yet", False),
    ("I'll start it later", False),
])
def test_starting_it_takes_up_the_offer(text: str, takes: bool) -> None:
    from actions.router import _starts_it

    assert _starts_it(turn(text, "affirm", 0.6)) is takes


def test_the_situation_said_earlier_in_the_conversation() -> None:
    from actions.apply import situation_in
    from actions.router import _earlier_texts

    tracker = _Tracker([
        {"event": "user", "text": "I am the principal. I am assisting a newly hired teacher "
                                  "who completed her preparation program and certification "
                                  "in Kansas."},
        {"event": "bot", "text": "..."},
        {"event": "user", "text": "Thank you. How will she set her password?"},
        {"event": "user", "text": "Which application should she complete?"}])
    earlier = _earlier_texts(tracker)
    assert earlier[0] == "Thank you. How will she set her password?"
    # (who is typing, "the principal", is no goal)
    assert next(found for text in earlier if (found := situation_in(text, goals=False))) == \
        {"wa_prep": "other_state"}


@pytest.mark.parametrize(("text", "email"), [
    ("blind07e6430c@example.org", True),
    (" jane.doe@school.k12.mo.us. ", True),
    ("jsmith2", False),
    ("my email is jane@example.org", False),
])
def test_an_email_typed_where_a_username_is_asked(text: str, email: bool) -> None:
    from actions.parsing import just_an_email

    assert just_an_email(text) is email


@pytest.mark.parametrize(("text", "about"), [
    ("before that - do I need the pw to sign in here in chat?", True),
    ("And I suppose I need a password too. Do I type it here where anyone can see it?", True),
    ("Can't you just tell me what her password is so she can get in?", True),
    ("wait before i pick one do i need to write you a password to or how does that work", True),
    ("Before we pick one: will I end up seeing her password? I'm not supposed to have new hires' "
     "passwords.", True),
    ("can i not just type my new password in here lol, would be way faster fr", True),
    ("Good afternoon. I need to apply for my Initial Professional certificate. Do I type my "
     "password in here? I'm not sure how this works anymore.", True),
    ("ok thank you. and once i find it do i type my password in here to you or where", True),
    ("I forgot my password", False),
    ("I can not remember the password. I tried three times already, will it lock me out?", False),
    ("can you reset my password?", False),
    ("what's my password?", False),  # lost: the reset, not the rule
    ("i need a new password", False),
])
def test_a_question_about_the_password_is_not_a_forgotten_one(text: str, about: bool) -> None:
    from actions.answers import asks_about_the_password

    assert asks_about_the_password(text) is about


@pytest.mark.parametrize(("text", "answer"), [
    ("s\u00ed \U0001f62c", True), ("\u00a1Claro que s\u00ed!", True), ("Si.", True),
    ("no gracias", False), ("NO", False), ("s\u00ed, env\u00edala", True),
])
def test_yes_and_no_in_spanish_and_with_emoji(text: str, answer: bool) -> None:
    from actions.apply import yes_no_answer

    assert yes_no_answer(turn(text)) is answer


def test_the_next_steps_already_said_still_count_as_just_created() -> None:
    from actions.account import NEXT_STEPS, after_creating

    filler = [{"event": "slot", "name": "x", "value": None}] * 30  # far from the creation
    said = _Tracker([{"event": "user", "text": "so i set the password from the email?"},
                     {"event": "bot", "text": NEXT_STEPS}, *filler,
                     {"event": "user", "text": "and after thats done what do i do?"}])
    text = "and after thats done what do i do to get to my actual record"  # (no "?")
    assert after_creating(turn(text, "nlu_fallback", 0.3), said) == NEXT_STEPS  # type: ignore[arg-type]


def test_login_trouble_yields_to_the_one_that_was_said() -> None:
    said = Turn(text="i cant get into my account. the password isnt working", intent="faq",
                confidence=0.9, faq_key="ssn_already_linked",
                extras=({"intent": "login_trouble"}, {"intent": "forgot_password"}))
    assert said.extra_requests() == ["forgot_password"]
    unsaid = Turn(text="i cant get into my account. is that bad", intent="faq",
                  confidence=0.9, faq_key="ssn_already_linked",
                  extras=({"intent": "login_trouble"},))
    assert unsaid.extra_requests() == ["login_trouble"]


def test_no_pattern_of_the_readings_table_is_defined_twice() -> None:
    # (a second SIGN_ME_IN once replaced the first one silently, and the rows that used it)
    import ast
    from pathlib import Path

    import actions.readings

    tree = ast.parse(Path(actions.readings.__file__).read_text(encoding="utf-8"))
    names = [t.id for node in tree.body if isinstance(node, ast.Assign)
             for t in node.targets if isinstance(t, ast.Name)]
    assert len(names) > 50 and sorted({n for n in names if names.count(n) > 1}) == []


@pytest.mark.parametrize(("typed", "read"), [
    ("I want see my education record.", "I want to see my education record."),
    ("Now I need connect it with my teacher record", "Now I need to connect it with my teacher "
     "record"),
    ("I make account. Now I need connect it", "I already have an account. Now I need to "
     "connect it"),
    ("I need help", "I need help"),
    ("I make an account for my sister", "I make an account for my sister"),
])
def test_a_learners_grammar_is_read_as_meant(typed: str, read: str) -> None:
    from actions.wording import for_the_model

    assert for_the_model(typed) == read


@pytest.mark.parametrize(("text", "question"), [
    ("wait after i send this in do i gotta mail anything or nah", True),
    ("so is that ok or not", True),
    ("great so i just check my email and set the password their right", True),
    ("you have my grades now, correct", True),
    ("i got a ticket in 2011 and paid it", False),
    ("No.", False),
])
def test_a_question_without_its_mark_or_its_opening(text: str, question: bool) -> None:
    from actions.turns import Turn

    assert Turn(text=text, intent="nlu_fallback", confidence=0.5).is_question is question


@pytest.mark.parametrize(("text", "given"), [
    ("Sign me in. Password is Ranger#2019.", True),
    ("my pw: hunter2", True),
    ("password is [PASSWORD]", True),  # as the redaction leaves it
    ("Hello. I cannot enter to the portal, my password is not accept", False),
    ("my password is wrong.", False),
    ("I forgot my password, it is Ranger#2019 I think", False),  # a forgotten one: a reset
])
def test_a_password_typed_is_told_apart_from_one_forgotten(text: str, given: bool) -> None:
    from actions.router import _password_given

    assert _password_given(Turn(text=text, intent="sign_in", confidence=0.9)) is given


@pytest.mark.parametrize(("text", "mine"), [
    ("i want to double check all my stuff is right on there like my college and my praxis and "
     "my background check", ["check_background_status", "check_assessments",
                             "check_education_status"]),
    ("can you check my application? my principal asked", []),  # one only: the model's reading
    ("I need to pull my current certificate for my admin application packet and also confirm "
     "my Praxis score is on file", ["check_application_status", "check_certificate_status",
                                    "check_assessments"]),
    ("Need cert area + expiration date, and her Praxis score.",
     ["check_certificate_status", "check_assessments"]),
    ("does her certificate need the praxis?", []),
])
def test_statuses_listed_as_ones_own(text: str, mine: list[str]) -> None:
    from actions.router import listed_as_mine

    assert sorted(listed_as_mine(text)) == sorted(mine)


def test_a_status_asked_beside_the_overview_is_shown_once() -> None:
    from actions.status import _each_once, sign_in_intro

    assert _each_once(["check_application_status", "check_status", "check_assessments",
                       "check_status"]) == ["check_status", "check_assessments"]
    assert sign_in_intro(["check_application_status", "check_status"]).startswith(
        "I can check your status for you")


@pytest.mark.parametrize(("text", "decision"), [
    ("where do i mail it", Decision.INLINE),
    ("I'm sorry, one more question before I type it, should I use my school email or my "
     "personal one? I don't want to miss anything important.", Decision.INLINE),
    ("jsmith2", Decision.ANSWER),  # (a value the parser missed goes to the validation)
])
def test_a_question_where_a_value_is_asked_is_no_value(text: str, decision: Decision) -> None:
    assert decide(turn(text, "nlu_fallback", 0.3), Kind.VALUE, False,
                  frozenset({"sign_in"})) is decision


def test_an_emoji_after_the_question_mark_still_asks() -> None:
    assert Turn(text="so how do I actually apply for my initial certificate? ✨",
                intent="nlu_fallback", confidence=0.3).is_question


@pytest.mark.parametrize(("text", "asked"), [
    ("hey did my praxis scroe ever post?? and do yall actualy have my mizzou transcrpit or do i "
     "need to order another one", {"check_education_status", "check_assessments"}),
    ("I'd like to understand where things stand, particularly on the background check, because "
     "I paid for fingerprinting and have heard absolutely nothing.", {"check_background_status"}),
])
def test_statuses_asked_where_they_stand(text: str, asked: set[str]) -> None:
    from actions.router import asked_whether_done

    assert set(asked_whether_done(text)) == asked


@pytest.mark.parametrize(("text", "unsure_of_type"), [
    ("I'm not sure, help me choose", True),
    ("not sure which one I need", True),
    ("I need to apply for my Initial Professional certificate. I'm not sure how this works "
     "anymore.", False),
])
def test_unsure_of_the_type_not_of_the_steps(text: str, unsure_of_type: bool) -> None:
    from actions.apply import WHICH_RE

    assert bool(WHICH_RE.search(text)) is unsure_of_type


@pytest.mark.parametrize(("text", "signed"), [
    ("I accept.", True),
    ("ok fine, I accept", True),
    ("I don't accept", False),
    ("what happens if I accept?", False),
    ("Before I accept, what does it mean?", False),
])
def test_a_signature_given(text: str, signed: bool) -> None:
    from actions.apply import signs

    assert signs(Turn(text=text, intent="x", confidence=0.5)) is signed


@pytest.mark.parametrize(("text", "state"), [
    ("yes its in Linn, Missouri. go ahead and add it", "MO"),
    ("Springfield, Missouri. Yes add it.", "MO"),
    ("Kansas", "KS"),
    ("Moberly, Missouri.", "MO"),
    ("what do you mean?", None),
])
def test_the_state_a_college_is_in(text: str, state: str | None) -> None:
    from actions.profile import _state_answer

    assert _state_answer(text) == state


@pytest.mark.parametrize(("text", "named"), [
    ("the substitute one. the district wants me to have that first", "the substitute one"),
    ("ok the initial professional application please", "ok the initial professional application"),
    ("I have a certificate already", None),
])
def test_a_type_named_as_the_one(text: str, named: str | None) -> None:
    from actions.apply import THE_X_ONE

    found = THE_X_ONE.match(text)
    assert (found.group(0) if found else None) == named


def test_a_question_names_no_state_for_a_college() -> None:
    from actions.profile import _state_answer

    assert _state_answer("Excuse me, must I also send my transcript from Korea?") is None


def test_the_words_before_a_college_name_are_not_part_of_it() -> None:
    from actions.profile import _THE_NAME_IS

    assert _THE_NAME_IS.sub("", "Thank you. The name is Seoul National University.") == \
        "Seoul National University."
    assert _THE_NAME_IS.sub("", "It's called Truman State University") == "Truman State University"


@pytest.mark.parametrize(("text", "asks"), [
    ("yes that looks right", False),
    ("that's correct", False),
    ("ok so i just put my ssn in right", True),
    ("ok so i do the password from the link in the email. and then whats next hr wants me "
     "linked up today", True),
])
def test_right_at_the_end_asks_unless_it_agrees(text: str, asks: bool) -> None:
    assert Turn(text=text, intent="affirm", confidence=0.9).is_question is asks


@pytest.mark.parametrize(("text", "name"), [
    ("i also went to a community college thats not on there, can i add it", False),
    ("State Fair Community College", True),
    ("University of Missouri-St. Louis", True),
])
def test_what_is_no_college_name(text: str, name: bool) -> None:
    from actions.profile import _NOT_A_COLLEGE_NAME

    assert (_NOT_A_COLLEGE_NAME.search(text) is None) is name


def test_no_username_is_never_the_word_none() -> None:
    """A form started over sets the username to None: nothing is checked or said ("Good news:
    None is available" once created an account called None)."""
    import asyncio

    from rasa_sdk.executor import CollectingDispatcher

    from actions.account import ValidateAccountForm

    dispatcher = CollectingDispatcher()
    out = asyncio.run(ValidateAccountForm().validate_new_username(
        None, dispatcher, _Tracker([]), {}))  # type: ignore[arg-type]
    assert out == {"new_username": None} and dispatcher.messages == []


def test_the_texts_of_a_form_asked_field_after_field() -> None:
    """ "my address and phone changed, and my email too": after each save the form starts
    again for the next field, which is no new start."""
    from actions.common import form_texts

    def user(text: str) -> dict[str, Any]:
        return {"event": "user", "text": text}

    def action(name: str) -> dict[str, Any]:
        return {"event": "action", "name": name}

    loop = {"event": "active_loop", "name": "contact_form"}
    events = [user("address, phone and email changed"), action("action_route"),
              action("contact_form"), loop, user("12 Main St, Fulton, MO 65251"),
              action("contact_form"), action("action_save_contact"), action("contact_form"), loop,
              user("573-555-0199")]
    tracker = _Tracker(events)
    assert form_texts(tracker, "contact_form", continued_by="action_save_contact") == [  # type: ignore[arg-type]
        "address, phone and email changed", "12 Main St, Fulton, MO 65251", "573-555-0199"]
    assert form_texts(tracker, "contact_form") == [  # type: ignore[arg-type]
        "12 Main St, Fulton, MO 65251", "573-555-0199"]


@pytest.mark.parametrize(("text", "asks"), [
    ("cant u just tell me", True),
    ("can you just give it to me?", True),
    ("can you tell me the address", False),
])
def test_asked_to_just_tell_it(text: str, asks: bool) -> None:
    from actions.router import _JUST_TELL_ME

    assert bool(_JUST_TELL_ME.match(text)) is asks
