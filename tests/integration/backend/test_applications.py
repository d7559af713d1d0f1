"""Application types, Professional Conduct, Sworn Statement, submission and staff moves."""

from __future__ import annotations

from typing import Any

from tests.integration.backend.conftest import (
    Api,
    Educator,
    assert_error,
    make_educator,
    staff_headers,
)

MAILING = "Educator Certification, P.O. Box 480, Jefferson City, MO 65102"


def _questions(api: Api) -> list[dict[str, Any]]:
    return list(api.get("/api/v1/conduct-questions").json()["questions"])


def _complete(api: Api, edu: Educator, app_id: int) -> None:
    for q in _questions(api):
        resp = api.put(f"/api/v1/me/applications/{app_id}/conduct/{q['id']}",
                       headers=edu.headers, json={"answer": False})
        assert resp.status_code == 200, resp.text
    resp = api.post(f"/api/v1/me/applications/{app_id}/sworn-statement", headers=edu.headers,
                    json={"acceptance": "I ACCEPT"})
    assert resp.status_code == 200


def _submitted(api: Api, type_: str = "substitute") -> tuple[Educator, dict[str, Any]]:
    edu = make_educator(api, link=True)
    app = api.post("/api/v1/me/applications", headers=edu.headers, json={"type": type_}).json()
    _complete(api, edu, app["id"])
    resp = api.post(f"/api/v1/me/applications/{app['id']}/submit", headers=edu.headers)
    assert resp.status_code == 200
    return edu, resp.json()


def test_all_sixteen_application_types_are_listed_with_checklists(api: Api) -> None:
    types = api.get("/api/v1/application-types").json()["types"]
    assert len(types) == 16
    by_code = {t["code"]: t for t in types}
    assert by_code["substitute"]["fee"] == 50
    assert by_code["non_mo_graduate"]["fee"] == 100
    for t in types:
        assert set(t) == {"code", "name", "description", "fee", "checklist", "aliases", "common"}
        assert t["checklist"] and any(MAILING in item for item in t["checklist"])
    names = {t["name"] for t in types}
    assert {"Initial Professional Certificate", "Substitute", "Non-MO Graduate"} <= names
    assert "sub" in by_code["substitute"]["aliases"] and by_code["substitute"]["common"]


def test_reference_serves_facts_and_the_recommendation_table(api: Api) -> None:
    """The action server takes its facts from here (no second copy in the chat)."""
    ref = api.get("/api/v1/reference").json()
    codes = {t["code"] for t in api.get("/api/v1/application-types").json()["types"]}
    assert ref["mailing_address"] == MAILING
    for situation, rec in ref["recommendations"].items():
        assert rec["type"] in codes, situation
        assert rec["reason"]


def test_conduct_questions_and_the_sworn_statement_are_public(api: Api) -> None:
    questions = _questions(api)
    assert len(questions) >= 5 and all(q["id"] and q["text"] for q in questions)
    text = api.get("/api/v1/sworn-statement").json()["text"]
    assert "I accept" in text and "Professional Conduct" in text


def test_an_application_needs_a_linked_record(api: Api) -> None:
    edu = make_educator(api)
    assert_error(api.post("/api/v1/me/applications", headers=edu.headers,
                          json={"type": "substitute"}), 409, "profile_not_linked")


def test_an_unknown_application_type_is_refused(api: Api) -> None:
    edu = make_educator(api, link=True)
    assert_error(api.post("/api/v1/me/applications", headers=edu.headers,
                          json={"type": "astronaut"}), 422, "unknown_application_type")


def test_a_draft_is_created_and_a_second_open_one_of_the_type_is_refused(api: Api) -> None:
    edu = make_educator(api, link=True)
    resp = api.post("/api/v1/me/applications", headers=edu.headers,
                    json={"type": "initial_professional"})
    assert resp.status_code == 201
    app = resp.json()
    assert app["status"] == "draft" and app["type_name"] == "Initial Professional Certificate"
    assert app["mailing_address"] == MAILING and app["checklist"]
    assert app["history"][0]["status"] == "draft"
    assert app["sworn_statement_accepted"] is False and app["conduct_answers"] == []
    assert_error(api.post("/api/v1/me/applications", headers=edu.headers,
                          json={"type": "initial_professional"}), 409, "application_exists")
    listed = api.get("/api/v1/me/applications", headers=edu.headers).json()["applications"]
    assert [a["id"] for a in listed] == [app["id"]]
    assert api.get(f"/api/v1/me/applications/{app['id']}", headers=edu.headers).json() == app


def test_an_incomplete_submission_lists_what_is_missing(api: Api) -> None:
    edu = make_educator(api, link=True)
    app = api.post("/api/v1/me/applications", headers=edu.headers, json={"type": "additional"})
    app_id = app.json()["id"]
    err = assert_error(api.post(f"/api/v1/me/applications/{app_id}/submit", headers=edu.headers),
                       422, "incomplete_application")
    missing = err["details"]["missing"]
    assert "sworn_statement" in missing
    assert {f"conduct:{q['id']}" for q in _questions(api)} <= set(missing)


def test_a_yes_answer_needs_an_explanation(api: Api) -> None:
    edu = make_educator(api, link=True)
    app_id = api.post("/api/v1/me/applications", headers=edu.headers,
                      json={"type": "substitute"}).json()["id"]
    q = _questions(api)[0]["id"]
    assert_error(api.put(f"/api/v1/me/applications/{app_id}/conduct/{q}", headers=edu.headers,
                         json={"answer": True}), 422, "explanation_required")
    ok = api.put(f"/api/v1/me/applications/{app_id}/conduct/{q}", headers=edu.headers,
                 json={"answer": True, "explanation": "Speeding ticket in 2010, paid."})
    assert ok.status_code == 200
    assert ok.json()["conduct_answers"] == [
        {"question_id": q, "answer": True, "explanation": "Speeding ticket in 2010, paid."}]


def test_an_unknown_question_is_refused(api: Api) -> None:
    edu = make_educator(api, link=True)
    app_id = api.post("/api/v1/me/applications", headers=edu.headers,
                      json={"type": "substitute"}).json()["id"]
    assert_error(api.put(f"/api/v1/me/applications/{app_id}/conduct/q99", headers=edu.headers,
                         json={"answer": False}), 422, "unknown_question")


def test_the_sworn_statement_needs_the_words_i_accept(api: Api) -> None:
    edu = make_educator(api, link=True)
    app_id = api.post("/api/v1/me/applications", headers=edu.headers,
                      json={"type": "substitute"}).json()["id"]
    assert_error(api.post(f"/api/v1/me/applications/{app_id}/sworn-statement",
                          headers=edu.headers, json={"acceptance": "yes"}),
                 422, "sworn_statement_not_accepted")
    ok = api.post(f"/api/v1/me/applications/{app_id}/sworn-statement", headers=edu.headers,
                  json={"acceptance": "i accept"})
    assert ok.json()["sworn_statement_accepted"] is True


def test_a_complete_application_is_submitted_with_its_checklist(api: Api) -> None:
    edu, app = _submitted(api)
    assert app["status"] == "submitted" and app["submitted_at"]
    assert app["mailing_address"] == MAILING
    assert any("$50" in item for item in app["checklist"])
    assert [h["status"] for h in app["history"]] == ["draft", "submitted"]


def test_a_submitted_application_cannot_be_edited(api: Api) -> None:
    edu, app = _submitted(api)
    q = _questions(api)[0]["id"]
    base = f"/api/v1/me/applications/{app['id']}"
    assert_error(api.put(f"{base}/conduct/{q}", headers=edu.headers, json={"answer": False}),
                 409, "application_not_editable")
    assert_error(api.post(f"{base}/sworn-statement", headers=edu.headers,
                          json={"acceptance": "I accept"}), 409, "application_not_editable")
    assert_error(api.post(f"{base}/submit", headers=edu.headers), 409, "application_not_editable")


def test_another_educators_application_is_not_found(api: Api) -> None:
    _, app = _submitted(api)
    other = make_educator(api, link=True)
    assert_error(api.get(f"/api/v1/me/applications/{app['id']}", headers=other.headers),
                 404, "not_found")


def test_certification_staff_move_applications_through_the_guarded_states(api: Api) -> None:
    edu, app = _submitted(api, "non_mo_graduate")
    staff = staff_headers(api, "certification")
    url = f"/api/v1/staff/applications/{app['id']}/status"
    assert_error(api.post(url, headers=staff, json={"status": "approved"}),
                 409, "invalid_transition")
    moved = api.post(url, headers=staff, json={"status": "under_review",
                                               "memo": "Official transcripts not yet received."})
    assert moved.status_code == 200 and moved.json()["status"] == "under_review"
    mine = api.get(f"/api/v1/me/applications/{app['id']}", headers=edu.headers).json()
    assert mine["memo"] == "Official transcripts not yet received."
    assert mine["status_label"]
    api.post(url, headers=staff, json={"status": "returned", "memo": "Send the transcript."})
    resubmitted = api.post(f"/api/v1/me/applications/{app['id']}/submit", headers=edu.headers)
    assert resubmitted.status_code == 200 and resubmitted.json()["status"] == "submitted"
    api.post(url, headers=staff, json={"status": "under_review"})
    api.post(url, headers=staff, json={"status": "approved"})
    issued = api.post(url, headers=staff, json={"status": "issued", "memo": "Issued."})
    assert issued.json()["status"] == "issued"
    assert [h["status"] for h in issued.json()["history"]] == [
        "draft", "submitted", "under_review", "returned", "submitted", "under_review",
        "approved", "issued"]
    assert_error(api.post(url, headers=staff, json={"status": "under_review"}),
                 409, "invalid_transition")
    # A closed application no longer blocks a new one of the same type.
    again = api.post("/api/v1/me/applications", headers=edu.headers,
                     json={"type": "non_mo_graduate"})
    assert again.status_code == 201


def test_only_certification_staff_may_change_a_status(api: Api) -> None:
    edu, app = _submitted(api)
    url = f"/api/v1/staff/applications/{app['id']}/status"
    assert_error(api.post(url, headers=edu.headers, json={"status": "under_review"}),
                 403, "forbidden")
    assert_error(api.post(url, headers=staff_headers(api, "district"),
                          json={"status": "under_review"}), 403, "forbidden")
    assert_error(api.post("/api/v1/staff/applications/999999/status",
                          headers=staff_headers(api, "certification"),
                          json={"status": "under_review"}), 404, "not_found")
