"""What the blind writers w84-w87 (tests/blind/w84.yml ... w87.yml) showed going wrong in the
application form, pinned down at the level of the form's readings and its validation action
(run here against a stand-in for the backend; the conversations themselves run end to end in
tests/e2e/stack/test_conversations.py)."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.apply import ValidateApplyForm, changed_to, conduct_answer
from actions.flow import Decision, Kind, decide
from actions.turns import Turn

QUESTIONS = [{"id": f"q{i}", "text": f"Conduct question {i}?"} for i in range(1, 6)]
DOMAIN: dict[str, Any] = {"forms": {"apply_form": {"required_slots": []}}, "slots": {}}


class Backend:
    """The backend as the form sees it: five questions, one draft, answers kept."""

    def __init__(self, answered: int = 5, sworn: bool = True) -> None:
        self.answers = {q["id"]: {"question_id": q["id"], "answer": False, "explanation": None}
                        for q in QUESTIONS[:answered]}
        self.sworn = sworn

    def app(self) -> dict[str, Any]:
        return {"id": "7", "type": "substitute", "type_name": "Substitute",
                "status": "draft", "sworn_statement_accepted": self.sworn,
                "conduct_answers": list(self.answers.values())}

    async def conduct_questions(self) -> list[dict[str, Any]]:
        return QUESTIONS

    async def applications(self) -> list[dict[str, Any]]:
        return [self.app()]

    async def answer_conduct(self, app_id: Any, question_id: Any, answer: bool,
                             explanation: str | None = None) -> dict[str, Any]:
        self.answers[question_id] = {"question_id": question_id, "answer": answer,
                                     "explanation": explanation}
        return self.app()


async def _types(tracker: Tracker) -> list[dict[str, Any]]:
    return [{"code": "substitute", "name": "Substitute", "aliases": ["sub"]}]


@pytest.fixture
def backend(monkeypatch: pytest.MonkeyPatch) -> Backend:
    backend = Backend()
    monkeypatch.setattr("actions.apply.client_for", lambda *a, **k: backend)
    monkeypatch.setattr("actions.apply.application_types", _types)
    return backend


def _form(requested: str, text: str, intent: str = "nlu_fallback", confidence: float = 0.3,
          index: int = 0, pending_yes: bool = False, bot: str = "",
          ) -> tuple[dict[str, Any], str, list[str]]:
    """The apply form's validation of `text` typed where `requested` is asked: the slots it
    sets, what it says (texts) and the responses it names."""
    slots = {"requested_slot": requested, "access_token": "t", "application_id": "7",
             "application_type": "substitute", "conduct_index": float(index),
             "conduct_pending_yes": pending_yes,
             "conduct_step": "done" if requested != "conduct_step" else None,
             "sworn_statement": "accepted" if requested == "apply_review" else None,
             "apply_reviewing": requested == "apply_review"}
    message = {"text": text, "intent": {"name": intent, "confidence": confidence},
               "intent_ranking": [{"name": intent, "confidence": confidence}], "entities": []}
    events = ([{"event": "bot", "text": bot}] if bot else []) + [
        {"event": "user", "text": text, "parse_data": message}]
    tracker = Tracker("s", slots, message, events, False, None, {"name": "apply_form"},
                      "action_listen")
    dispatcher = CollectingDispatcher()
    out = asyncio.run(ValidateApplyForm().run(dispatcher, tracker, DOMAIN))
    set_to = {e["name"]: e["value"] for e in out if e.get("event") == "slot"}
    return (set_to, "\n".join(m.get("text") or "" for m in dispatcher.messages),
            [m.get("response") for m in dispatcher.messages if m.get("response")])


# ---- 1. an answer said last, after a lead-in
@pytest.mark.parametrize("text, answer", [
    ("Okay, I will allow this in the browser. To the question: no.", False),
    ("Thanks, that helps. As for the question, no", False),
    ("got it, the popups work now. for this one: yes", True),
    ("Understood. The answer: no.", False),
])
def test_the_answer_said_last_after_a_lead_in(text: str, answer: bool) -> None:
    """(w85) "Okay, I will allow this in the browser. To the question: no." got "Please
    answer Yes or No."."""
    assert conduct_answer(Turn(text, "goodbye", 0.36)) == (answer, None)


def test_the_answer_said_last_is_saved(backend: Backend) -> None:
    backend.answers.clear()
    slots, _, _ = _form("conduct_step", "Okay, I will allow this in the browser. To the "
                                        "question: no.", "goodbye", 0.36, index=2)
    assert backend.answers["q3"]["answer"] is False and slots["conduct_index"] == 3.0


@pytest.mark.parametrize("text", [
    "what if the answer is no?",
    "does it matter if the answer is no",
])
def test_a_question_about_an_answer_is_no_answer(text: str) -> None:
    assert conduct_answer(Turn(text, "faq", 0.6)) is None


# ---- 2. typed for a colleague
@pytest.mark.parametrize("text, answer", [
    ("she's answering yes", True),
    ("he says yes", True),
    ("her answer is yes", True),
    ("he says no", False),
    ("ok. for this question she's answering no", False),
])
def test_an_answer_typed_for_someone_else(text: str, answer: bool) -> None:
    assert conduct_answer(Turn(text, "nlu_fallback", 0.3)) == (answer, None)


def test_her_yes_after_a_remark_with_what_happened_after_a_dash(backend: Backend) -> None:
    """(w87) "ok we'll fix that. for this question she's answering yes — written reprimand
    ..." (read as goodbye, 0.95) got "Please answer Yes or No."."""
    backend.answers.clear()
    text = ("ok we'll fix that. for this question she's answering yes — written reprimand at a "
            "daycare job in 2018 for leaving a gate unlatched, nothing else came of it")
    explanation = ("written reprimand at a daycare job in 2018 for leaving a gate unlatched, "
                   "nothing else came of it")
    assert conduct_answer(Turn(text, "goodbye", 0.95)) == (True, explanation)
    slots, said, _ = _form("conduct_step", text, "goodbye", 0.95)
    assert backend.answers["q1"] == {"question_id": "q1", "answer": True,
                                     "explanation": explanation}
    assert "saved your explanation" in said and slots["conduct_index"] == 1.0
    assert slots.get("conduct_pending_yes") is False


def test_the_explanation_label_is_not_part_of_the_explanation() -> None:
    """(w87) "she says yes on this one. explanation: 2021 minor in possession ..."."""
    assert conduct_answer(Turn("she says yes on this one. explanation: 2021 minor in possession "
                               "of alcohol ticket in Columbia MO, paid the fine and did the class",
                               "nlu_fallback", 0.3)) == (
        True, "2021 minor in possession of alcohol ticket in Columbia MO, paid the fine and did "
              "the class")


# ---- 3. a change at the review, with its explanation
def test_what_an_answer_should_have_been_changes_it(backend: Backend) -> None:
    """(w85) "wait q2 shouldve been yes. DUI in 2012, ..." at the review got an FAQ answer
    (read as faq_sworn_statement) and the review again."""
    text = "wait q2 shouldve been yes. DUI in 2012, plead guilty, did the classes, its closed"
    assert changed_to(Turn(text, "faq", 0.62)) == (
        True, "DUI in 2012, plead guilty, did the classes, its closed")
    slots, said, _ = _form("apply_review", text, "faq_sworn_statement", 0.62)
    assert backend.answers["q2"] == {
        "question_id": "q2", "answer": True,
        "explanation": "DUI in 2012, plead guilty, did the classes, its closed"}
    assert "Saved: Yes to question 2" in said
    assert slots["requested_slot"] == "apply_review" and slots["apply_review"] is None


def test_a_change_to_yes_with_its_explanation_goes_back_to_the_review(backend: Backend) -> None:
    """(w87) "wait, she wants to change question 1 to yes. explanation: ..." (read as
    faq_inactive_account, 0.94): saved with the explanation, and the review again."""
    text = ("wait, she wants to change question 1 to yes. explanation: her teaching contract in "
            "Kansas was non-renewed in 2020 because of budget cuts, not conduct")
    slots, _, _ = _form("apply_review", text, "faq_inactive_account", 0.94)
    assert "budget" in backend.answers["q1"]["explanation"]
    assert not backend.answers["q1"]["explanation"].lower().startswith("explanation")
    assert backend.answers["q1"]["answer"] is True
    assert slots["requested_slot"] == "apply_review" and slots["conduct_step"] == "done"


def test_a_change_asked_as_a_question_asks_for_the_explanation(backend: Backend) -> None:
    """(w86) "... can I change my answer to question 2 to yes? I got written up ... I'd rather
    say yes and explain": the explanation is asked for (nothing is saved yet)."""
    text = ("wait sorry, before it goes in, can I change my answer to question 2 to yes? I got "
            "written up by residence life freshman year and I keep thinking about it. I'd rather "
            "say yes and explain")
    assert changed_to(Turn(text, "faq", 0.95)) == (True, None)
    slots, _, _ = _form("apply_review", text, "faq_sworn_statement", 0.95)
    assert slots["requested_slot"] == "conduct_step" and slots["conduct_pending_yes"] is True
    assert slots["conduct_index"] == 1.0 and backend.answers["q2"]["answer"] is False


def test_a_plain_change_to_yes_still_asks_for_the_explanation(backend: Backend) -> None:
    slots, _, _ = _form("apply_review", "change question 3 to yes", "nlu_fallback", 0.3)
    assert slots["conduct_pending_yes"] is True and slots["conduct_index"] == 2.0


def test_a_change_before_the_last_question_goes_on_with_the_questions(backend: Backend) -> None:
    """ "q1 should have been no" at question 4 (three answered): saved, then question 4, not
    the Sworn Statement with two questions unanswered."""
    backend.answers = {q["id"]: {"question_id": q["id"], "answer": True, "explanation": "x"}
                       for q in QUESTIONS[:3]}
    backend.sworn = False
    slots, said, _ = _form("conduct_step", "oh wait q1 should have been no", index=3)
    assert backend.answers["q1"]["answer"] is False and "Saved: No to question 1" in said
    assert slots["requested_slot"] == "conduct_step" and slots["conduct_index"] == 3.0


# ---- 4. pausing inside the form
@pytest.mark.parametrize("text", [
    "Thanks!! I'll finish the rest after my kiddos go home 🍎 bye for now!",
    "out of time, finish it tmrw",
    "I'll finish it tonight",
    "she'll finish the rest when she gets home",
    "gotta go",
    "bye for now",
    "sorry, out of time",
    "I'll come back to it",
    "have to run",
    "continue this later",
    "oh shoot the bell's about to ring. can she stop and come back to it later?",
])
def test_leaving_stops_and_keeps_the_draft(text: str) -> None:
    assert Turn(text, "thanks", 0.54).is_pause
    assert decide(Turn(text, "thanks", 0.54), Kind.YES_NO, False, frozenset({"apply"})) is \
        Decision.STOP


@pytest.mark.parametrize("text", [
    "I'm running out of time to apply, does question 2 count?",
    "do I have to run the background check first?",
    "In 2012 I was charged, it went to court and I paid the fine",
    "I'll explain",
])
def test_words_of_time_that_are_not_leaving(text: str) -> None:
    assert not Turn(text, "nlu_fallback", 0.3).is_pause


@pytest.mark.parametrize("text, intent", [
    ("Thanks!! I'll finish the rest after my kiddos go home 🍎 bye for now!", "thanks"),
    ("out of time, finish it tmrw", "sign_out"),
])
def test_the_pause_at_a_question_stops_the_application(backend: Backend, text: str,
                                                       intent: str) -> None:
    """(w84, w85) got "You're welcome." and the question, or the question again."""
    slots, _, _ = _form("conduct_step", text, intent, 0.5, index=2)
    assert slots["flow_stopped"] == "stop" and slots["requested_slot"] is None


def test_the_stop_says_the_draft_is_kept_and_goodbye() -> None:
    from actions.apply import ActionSubmitApplication

    text = "Thanks!! I'll finish the rest after my kiddos go home 🍎 bye for now!"
    message = {"text": text, "intent": {"name": "thanks", "confidence": 0.54}}
    tracker = Tracker("s", {"flow_stopped": "stop", "application_id": "7"}, message,
                      [{"event": "user", "text": text, "parse_data": message}], False, None, {},
                      "action_listen")
    dispatcher = CollectingDispatcher()
    asyncio.run(ActionSubmitApplication().run(dispatcher, tracker, DOMAIN))
    said = dispatcher.messages[0]["text"]
    assert "draft is saved" in said and "Goodbye" in said


@pytest.mark.parametrize("text", ["can I finish it later?", "could she do the rest tomorrow?"])
def test_whether_it_can_be_finished_later_is_answered(backend: Backend, text: str) -> None:
    """Asked, nobody leaving: the answer (it is saved as it goes), and the question again."""
    slots, said, _ = _form("conduct_step", text, "goodbye", 0.49, index=1)
    assert "saved" in said and "continue" in said
    assert slots["requested_slot"] == "conduct_step" and "flow_stopped" not in slots


# ---- 5. what is signed, asked at a conduct question
def test_what_am_i_signing_at_a_conduct_question(backend: Backend) -> None:
    """(w86) read as affirm (0.78): "First the Professional Conduct questions: the Sworn
    Statement comes after them."; now what the Sworn Statement is, and the question again."""
    slots, said, responses = _form("conduct_step", "Before I agree to that, what am I signing "
                                   "exactly?", "affirm", 0.78, index=2)
    assert responses == ["utter_faq_sworn_statement"] and "First the" not in said
    assert slots["requested_slot"] == "conduct_step" and "conduct_step" not in slots


def test_the_sworn_statement_answer_says_verify() -> None:
    from pathlib import Path

    import yaml

    root = Path(__file__).resolve().parents[3]
    faq = yaml.safe_load((root / "bot" / "domain" / "faq.yml").read_text())
    assert "verify" in faq["responses"]["utter_faq_sworn_statement"][0]["text"]


# ---- 6. pick up where she left off
def test_pick_up_where_she_left_off_asks_the_question_again(backend: Backend) -> None:
    """(w87) right after "Let's continue where you left off.": the question again."""
    slots, said, _ = _form("conduct_step", "pick up where she left off please", index=2,
                           bot="You have a Substitute application in progress (2 of 5 "
                               "Professional Conduct questions answered). Let's continue "
                               "where you left off.")
    assert slots["conduct_step"] is None and "Please answer Yes or No" not in said
    assert "Substitute application's Professional Conduct questions" in said


def test_a_yes_asked_about_after_a_lead_in_is_no_answer() -> None:
    """ "before i answer that. does yes mean automatic denial? because there is a
    thing from 2011": a question, never a Yes with an explanation."""
    assert conduct_answer(Turn("before i answer that. does yes mean automatic denial? because "
                               "there is a thing from 2011", "faq", 0.6)) is None


def test_what_is_signed_read_as_that_question_is_answered_in_place_as_before() -> None:
    """Read as the Sworn Statement's question, it goes the usual way (answered in place, with
    the other questions of the message)."""
    text = "What exactly am I agreeing to?"
    assert decide(Turn(text, "faq", 0.9, faq_key="sworn_statement"), Kind.YES_NO, False,
                  frozenset({"apply"})) is Decision.INLINE
