"""Background clearance, education, assessments, certificates, and what each role may see."""

from __future__ import annotations

from tests.integration.backend.conftest import Api, assert_error, make_educator, staff_headers
from tests.support.http import TLS


def test_records_start_empty_and_need_a_linked_record(api: Api) -> None:
    unlinked = make_educator(api)
    for path in ("background", "education", "assessments", "certificates"):
        assert_error(api.get(f"/api/v1/me/{path}", headers=unlinked.headers),
                     409, "profile_not_linked")
    edu = make_educator(api, link=True)
    assert api.get("/api/v1/me/background", headers=edu.headers).json() == {
        "status": "not_started", "fingerprinted_on": None, "cleared_on": None,
        "expires_on": None, "agency": None}
    assert api.get("/api/v1/me/education", headers=edu.headers).json() == {
        "colleges": [], "transcripts": []}
    assert api.get("/api/v1/me/assessments", headers=edu.headers).json() == {"assessments": []}
    assert api.get("/api/v1/me/certificates", headers=edu.headers).json() == {"certificates": []}


def test_certification_staff_record_a_cleared_background_check(api: Api) -> None:
    edu = make_educator(api, link=True)
    staff = staff_headers(api, "certification")
    resp = api.put(f"/api/v1/staff/educators/{edu.educator_id}/background", headers=staff,
                   json={"status": "cleared", "fingerprinted_on": "2026-01-02",
                         "cleared_on": "2026-01-12"})
    assert resp.status_code == 200
    mine = api.get("/api/v1/me/background", headers=edu.headers).json()
    assert mine["status"] == "cleared" and mine["expires_on"] == "2027-01-12"
    assert_error(api.put(f"/api/v1/staff/educators/{edu.educator_id}/background", headers=staff,
                         json={"status": "maybe"}), 422, "validation_error")
    assert_error(api.put("/api/v1/staff/educators/0000000/background", headers=staff,
                         json={"status": "pending"}), 404, "not_found")


def test_educators_add_colleges_and_staff_record_transcripts(api: Api) -> None:
    edu = make_educator(api, link=True)
    resp = api.post("/api/v1/me/education/colleges", headers=edu.headers,
                    json={"name": "Truman State University", "city": "Kirksville",
                          "state": "MO"})
    assert resp.status_code == 201
    assert resp.json()["added_by"] == "educator"
    assert_error(api.post("/api/v1/me/education/colleges", headers=edu.headers,
                          json={"name": "truman state university"}), 409, "college_exists")
    staff = staff_headers(api, "certification")
    t = api.post(f"/api/v1/staff/educators/{edu.educator_id}/transcripts", headers=staff,
                 json={"college": "Truman State University", "received_on": "2026-02-01",
                       "degree": "BSEd", "major": "Mathematics", "conferred_on": "2025-05-10"})
    assert t.status_code == 201
    education = api.get("/api/v1/me/education", headers=edu.headers).json()
    assert [c["name"] for c in education["colleges"]] == ["Truman State University"]
    assert education["transcripts"] == [{"college": "Truman State University",
                                         "received_on": "2026-02-01", "degree": "BSEd",
                                         "major": "Mathematics", "conferred_on": "2025-05-10"}]


def test_assessment_scores_show_whether_they_passed(api: Api) -> None:
    edu = make_educator(api, link=True)
    staff = staff_headers(api, "certification")
    resp = api.post(f"/api/v1/staff/educators/{edu.educator_id}/assessments", headers=staff,
                    json={"name": "Praxis Mathematics: Content Knowledge", "code": "5161",
                          "score": 165, "passing_score": 160, "taken_on": "2025-11-01"})
    assert resp.status_code == 201
    rows = api.get("/api/v1/me/assessments", headers=edu.headers).json()["assessments"]
    assert rows == [{"name": "Praxis Mathematics: Content Knowledge", "code": "5161",
                     "score": 165, "passing_score": 160, "passed": True,
                     "taken_on": "2025-11-01"}]


def test_a_certificate_can_be_printed_as_a_pdf(api: Api) -> None:
    edu = make_educator(api, link=True)
    staff = staff_headers(api, "certification")
    made = api.post(f"/api/v1/staff/educators/{edu.educator_id}/certificates", headers=staff,
                    json={"type": "Initial Professional Certificate", "area": "Mathematics 9-12",
                          "issued_on": "2026-01-15", "expires_on": "2030-06-30"})
    assert made.status_code == 201
    certs = api.get("/api/v1/me/certificates", headers=edu.headers).json()["certificates"]
    assert len(certs) == 1
    cert = certs[0]
    assert cert["status"] == "active" and cert["area"] == "Mathematics 9-12"
    pdf = api.get(f"/api/v1/me/certificates/{cert['id']}/pdf", headers=edu.headers)
    assert pdf.status_code == 200
    assert pdf.headers["content-type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")
    # The view link works without a bearer token, but only for that certificate.
    import httpx

    with httpx.Client(verify=TLS, timeout=30) as anon:
        viewed = anon.get(cert["view_url"])
        assert viewed.status_code == 200 and viewed.content.startswith(b"%PDF")
        forged = anon.get(f"{api.server.url}/api/v1/me/certificates/{cert['id']}/pdf",
                          params={"token": "v1.1.1.9999999999.forged"})
        assert_error(forged, 401, "not_authenticated")
    other = make_educator(api, link=True)
    assert_error(api.get(f"/api/v1/me/certificates/{cert['id']}/pdf", headers=other.headers),
                 404, "not_found")


def test_district_staff_see_certificates_background_and_scores_but_no_personal_data(
        api: Api) -> None:
    edu = make_educator(api, link=True)
    assert edu.ssn and edu.dob
    staff = staff_headers(api, "certification")
    api.post(f"/api/v1/staff/educators/{edu.educator_id}/certificates", headers=staff,
             json={"type": "Substitute Certificate", "area": "K-12", "issued_on": "2026-01-15"})
    api.put(f"/api/v1/staff/educators/{edu.educator_id}/background", headers=staff,
            json={"status": "pending", "fingerprinted_on": "2026-01-02"})
    district = staff_headers(api, "district")
    before = api.server.sql("SELECT count(*) FROM audit_events WHERE subject_educator_id = :e",
                            e=edu.educator_id)[0][0]
    for part in ("certificates", "background", "assessments"):
        resp = api.get(f"/api/v1/educators/{edu.educator_id}/{part}", headers=district)
        assert resp.status_code == 200, resp.text
        text = resp.text
        assert edu.ssn[-4:] not in text or part != "background"
        for forbidden in (edu.ssn, edu.ssn.replace("-", ""), edu.dob, edu.email, "ssn",
                          "date_of_birth", "contact", "phone"):
            assert forbidden not in text
    certs = api.get(f"/api/v1/educators/{edu.educator_id}/certificates", headers=district).json()
    assert certs["certificates"][0]["type"] == "Substitute Certificate"
    after = api.server.sql(
        "SELECT actor_username, action FROM audit_events WHERE subject_educator_id = :e "
        "ORDER BY id", e=edu.educator_id)
    assert len(after) >= before + 4
    assert ("tst.district", "read.background") in [tuple(r) for r in after]


def test_district_staff_cannot_open_the_profile_summary(api: Api) -> None:
    edu = make_educator(api, link=True)
    assert_error(api.get(f"/api/v1/staff/educators/{edu.educator_id}",
                         headers=staff_headers(api, "district")), 403, "forbidden")


def test_an_educator_cannot_read_another_educators_records(api: Api) -> None:
    edu = make_educator(api, link=True)
    other = make_educator(api, link=True)
    for part in ("certificates", "background", "assessments"):
        assert_error(api.get(f"/api/v1/educators/{other.educator_id}/{part}",
                             headers=edu.headers), 403, "forbidden")
    assert_error(api.get(f"/api/v1/staff/educators/{other.educator_id}", headers=edu.headers),
                 403, "forbidden")
    assert_error(api.put(f"/api/v1/staff/educators/{other.educator_id}/background",
                         headers=edu.headers, json={"status": "cleared"}), 403, "forbidden")


def test_help_desk_staff_see_a_profile_summary_that_is_audited(api: Api) -> None:
    edu = make_educator(api, link=True)
    assert edu.ssn and edu.dob
    resp = api.get(f"/api/v1/staff/educators/{edu.educator_id}",
                   headers=staff_headers(api, "helpdesk"))
    assert resp.status_code == 200
    body = resp.json()
    assert body["ssn_masked"] == "***-**-" + edu.ssn[-4:]
    assert edu.dob not in resp.text and edu.ssn not in resp.text
    assert body["applications"] == [] and body["linked"] is True
    rows = api.server.sql("SELECT actor_role FROM audit_events WHERE subject_educator_id = :e "
                          "AND action = 'read.profile'", e=edu.educator_id)
    assert [r[0] for r in rows] == ["helpdesk"]
    assert_error(api.get("/api/v1/staff/educators/0000000",
                         headers=staff_headers(api, "helpdesk")), 404, "not_found")
