"""Help-desk handoffs: opened by the action server, worked by help-desk staff."""

from __future__ import annotations

import uuid

import httpx
from sqlalchemy import text

from tests.integration.backend.conftest import Api, assert_error, make_educator, staff_headers
from tests.support.http import TLS


def test_only_the_service_key_may_open_a_handoff(api: Api) -> None:
    with httpx.Client(verify=TLS, base_url=api.server.url, timeout=30) as anon:
        assert_error(anon.post("/api/v1/handoffs", json={"conversation_id": "c1",
                                                         "channel": "web"}),
                     401, "not_authenticated")


def test_help_desk_staff_claim_and_close_a_handoff(api: Api) -> None:
    conv = f"conv-{uuid.uuid4().hex}"
    resp = api.post("/api/v1/handoffs", json={"conversation_id": conv, "channel": "telegram",
                                              "reason": "asks for a person"})
    assert resp.status_code == 201
    body = resp.json()
    assert body["status"] == "open" and set(body) == {"id", "status", "created_at"}
    helpdesk = staff_headers(api, "helpdesk")
    listed = api.get("/api/v1/handoffs", params={"status": "open"}, headers=helpdesk).json()
    assert conv in [h["conversation_id"] for h in listed["handoffs"]]
    claimed = api.post(f"/api/v1/handoffs/{body['id']}/claim", headers=helpdesk)
    assert claimed.json()["status"] == "claimed"
    assert claimed.json()["claimed_by"] == "tst.helpdesk"
    closed = api.post(f"/api/v1/handoffs/{body['id']}/close", headers=helpdesk)
    assert closed.json()["status"] == "closed"
    assert_error(api.post(f"/api/v1/handoffs/{body['id']}/close", headers=helpdesk),
                 409, "invalid_transition")
    assert_error(api.post("/api/v1/handoffs/99999999/claim", headers=helpdesk), 404, "not_found")


def test_educators_cannot_see_the_handoff_queue(api: Api) -> None:
    edu = make_educator(api, access=False)
    assert_error(api.get("/api/v1/handoffs", headers=edu.headers), 403, "forbidden")
    assert_error(api.get("/api/v1/handoffs"), 401, "not_authenticated")


def test_a_handoff_without_a_conversation_id_is_a_validation_error(api: Api) -> None:
    assert_error(api.post("/api/v1/handoffs", json={"channel": "web"}), 422, "validation_error")


def _audit_rows(api: Api, handoff_id: int) -> list[tuple[str, str]]:
    with api.server.engine.connect() as conn:
        rows = conn.execute(text(
            "SELECT action, actor_username FROM audit_events WHERE detail LIKE :d ORDER BY id"
        ), {"d": f"handoff={handoff_id} %"}).all()
    return [(r[0], r[1]) for r in rows]


def test_a_claimed_or_closed_handoff_cannot_be_claimed_and_each_move_is_audited(api: Api) -> None:
    """The one rule (backend.domain.handoffs), the same the console follows."""
    opened = api.post("/api/v1/handoffs", json={"conversation_id": f"conv-{uuid.uuid4().hex}",
                                                "channel": "web"}).json()
    hid = opened["id"]
    helpdesk = staff_headers(api, "helpdesk")
    assert api.post(f"/api/v1/handoffs/{hid}/claim", headers=helpdesk).status_code == 200
    refused = api.post(f"/api/v1/handoffs/{hid}/claim", headers=helpdesk)
    assert_error(refused, 409, "invalid_transition")
    assert refused.json()["error"]["details"] == {"status": "claimed", "to": "claimed"}
    assert api.post(f"/api/v1/handoffs/{hid}/close", headers=helpdesk).status_code == 200
    refused = api.post(f"/api/v1/handoffs/{hid}/claim", headers=helpdesk)
    assert_error(refused, 409, "invalid_transition")
    assert refused.json()["error"]["details"]["status"] == "closed"
    # One audit entry per move, none for a refusal.
    assert _audit_rows(api, hid) == [("handoff.claim", "tst.helpdesk"),
                                     ("handoff.close", "tst.helpdesk")]


def test_an_open_handoff_can_be_closed_without_a_claim(api: Api) -> None:
    opened = api.post("/api/v1/handoffs", json={"conversation_id": f"conv-{uuid.uuid4().hex}",
                                                "channel": "web"}).json()
    helpdesk = staff_headers(api, "helpdesk")
    closed = api.post(f"/api/v1/handoffs/{opened['id']}/close", headers=helpdesk)
    assert closed.json()["status"] == "closed" and closed.json()["claimed_by"] == "tst.helpdesk"


def test_a_handoff_opened_before_sign_in_gets_the_educator_id_afterwards(api: Api) -> None:
    """The bot opens a handoff for a signed-out person; once they sign in (or link) in the
    same conversation, the queue row carries their Educator ID. Nothing else changes: other
    conversations, rows that already name an educator, closed rows, unlinked accounts."""
    conv, other = f"conv-{uuid.uuid4().hex}", f"conv-{uuid.uuid4().hex}"
    first = api.post("/api/v1/handoffs", json={"conversation_id": conv, "channel": "rest"})
    elsewhere = api.post("/api/v1/handoffs", json={"conversation_id": other, "channel": "rest"})
    assert first.status_code == elsewhere.status_code == 201
    unlinked = make_educator(api)
    resp = api.post("/api/v1/handoffs/educator", json={"conversation_id": conv},
                    headers=unlinked.headers)
    assert resp.status_code == 200 and resp.json() == {"updated": 0}
    edu = make_educator(api, link=True)
    resp = api.post("/api/v1/handoffs/educator", json={"conversation_id": conv},
                    headers=edu.headers)
    assert resp.status_code == 200 and resp.json() == {"updated": 1}
    again = api.post("/api/v1/handoffs/educator", json={"conversation_id": conv},
                     headers=edu.headers)
    assert again.json() == {"updated": 0}  # already named
    rows = {h["conversation_id"]: h for h in api.get(
        "/api/v1/handoffs", headers=staff_headers(api, "helpdesk")).json()["handoffs"]}
    assert rows[conv]["educator_id"] == edu.educator_id
    assert rows[other]["educator_id"] is None
    # the bot's key and the educator's token are both needed
    with httpx.Client(verify=TLS, base_url=api.server.url, timeout=30) as anon:
        assert_error(anon.post("/api/v1/handoffs/educator", json={"conversation_id": conv},
                               headers=edu.headers), 401, "not_authenticated")
    assert_error(api.post("/api/v1/handoffs/educator", json={"conversation_id": conv}),
                 401, "not_authenticated")
    assert_error(api.post("/api/v1/handoffs/educator", json={}, headers=edu.headers),
                 422, "validation_error")
