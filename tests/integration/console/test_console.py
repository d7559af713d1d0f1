"""The staff console on a real backend server, a real SQLite tracker store and DB."""

from __future__ import annotations

import csv
import io
import json
import re

import httpx
from sqlalchemy import create_engine, text

from tests.integration.console.conftest import PASSWORD, Console, csrf
from tests.integration.console.fixtures import PLANTED_SSN
from tests.typed_secrets import ssn_variants


def _audit_actions(console: Console) -> list[tuple[str, str | None, str | None]]:
    engine = create_engine(console.db_url)
    with engine.connect() as conn:
        rows = conn.execute(
            text("SELECT action, subject_educator_id, detail FROM audit_events ORDER BY id")
        ).all()
    engine.dispose()
    return [(r[0], r[1], r[2]) for r in rows]


def _no_planted_ssn(body: str) -> None:
    for variant in ssn_variants(PLANTED_SSN):
        assert variant not in body


# ------------------------------------------------------------------ sign-in
def test_a_helpdesk_user_signs_in_and_gets_a_strict_httponly_cookie(console: Console) -> None:
    c, resp = console.sign_in("helpdesk1")
    assert resp.status_code == 303
    assert resp.headers["location"] == "/staff/conversations"
    cookie = [h for h in resp.headers.get_list("set-cookie") if h.startswith("staff_session=")][0]
    lowered = cookie.lower()
    assert "httponly" in lowered and "samesite=strict" in lowered and "path=/staff" in lowered
    page = c.get("/staff/conversations")
    assert page.status_code == 200
    assert "helpdesk1" in page.text
    assert page.headers["cache-control"] == "no-store"
    assert "frame-ancestors 'none'" in page.headers["content-security-policy"]


def test_a_wrong_password_is_refused_without_saying_which_part_was_wrong(console: Console) -> None:
    _, resp = console.sign_in("helpdesk1", "not-the-password-1")
    assert resp.status_code == 401
    assert "The username or password is not correct." in resp.text
    _, resp = console.sign_in("nobody-here", "not-the-password-1")
    assert resp.status_code == 401
    assert "The username or password is not correct." in resp.text


def test_repeated_failures_throttle_that_client_even_for_the_right_password(
        console: Console) -> None:
    # No hard lock (docs/api.md, "Sign-in throttling"): five failures from one client pause
    # that client's sign-in to that account; the owner elsewhere, or later, gets in.
    for _ in range(5):
        _, resp = console.sign_in("lockme", "wrong-password-9")
        assert resp.status_code == 401
    _, resp = console.sign_in("lockme", PASSWORD)
    assert resp.status_code == 429
    assert "too many attempts" in resp.text.lower()
    assert "staff_session=" not in " ".join(resp.headers.get_list("set-cookie"))


def test_sign_in_without_the_form_csrf_token_is_refused(console: Console) -> None:
    c = console.client()
    c.get("/staff/login")
    resp = c.post("/staff/login", data={"username": "helpdesk1", "password": PASSWORD})
    assert resp.status_code == 403
    assert "staff_session=" not in " ".join(resp.headers.get_list("set-cookie"))


def test_sign_out_ends_the_session_on_the_server(console: Console) -> None:
    c = console.staff()
    cookie = c.cookies.get("staff_session")
    page = c.get("/staff/conversations")
    resp = c.post("/staff/logout", data={"csrf_token": csrf(page.text)})
    assert resp.status_code == 303 and resp.headers["location"] == "/staff/login"
    # Replaying the old cookie does not work: the session was revoked in the database.
    replay = console.client()
    replay.cookies.set("staff_session", cookie or "", path="/staff")
    assert replay.get("/staff/conversations").status_code == 303


# ------------------------------------------------------------------ conversations
def test_the_list_shows_start_channel_educator_turns_fallbacks_and_handoff(
    console: Console,
) -> None:
    c = console.staff()
    page = c.get("/staff/conversations", params={"q": "conv-", "handoff": ""})
    assert page.status_code == 200
    assert "33 conversations" in page.text
    row = re.search(r'<tr data-conversation="conv-signed-in">(.*?)</tr>', page.text, re.S)
    assert row is None or "1000001" in row.group(1)  # may be on page 2
    page2 = c.get("/staff/conversations", params={"page": "2"})
    assert "Page 2 of 2" in page2.text
    both = page.text + page2.text
    signed = re.search(r'<tr data-conversation="conv-signed-in">(.*?)</tr>', both, re.S)
    assert signed and "1000001" in signed.group(1) and "socketio" in signed.group(1)
    handoff = re.search(r'<tr data-conversation="conv-handoff">(.*?)</tr>', both, re.S)
    assert handoff and "open" in handoff.group(1)
    # Signed in during the chat (no Educator ID said): the account's record is found.
    assert "1000001" in handoff.group(1)


def test_filtering_by_fallback_leaves_the_conversation_that_had_one(console: Console) -> None:
    c = console.staff()
    page = c.get("/staff/conversations", params={"fallback": "yes"})
    assert "1 conversation<" in page.text
    row = re.search(r'<tr data-conversation="conv-fallback">(.*?)</tr>', page.text, re.S)
    assert row is not None
    cells = re.findall(r"<td>(.*?)</td>", row.group(1), re.S)
    assert cells[2] == "rest" and cells[4] == "3"  # channel, turns
    assert ">1<" in cells[5]  # one fallback


def test_filters_by_channel_date_handoff_and_text(console: Console) -> None:
    c = console.staff()
    assert "30 conversations" in c.get("/staff/conversations", params={"channel": "telegram"}).text
    assert (
        "1 conversation<"
        in c.get(
            "/staff/conversations", params={"date_from": "2025-12-30", "date_to": "2025-12-30"}
        ).text
    )
    open_only = c.get("/staff/conversations", params={"handoff": "open"}).text
    assert "1 conversation<" in open_only and "conv-handoff" in open_only
    assert "2 conversations" in c.get("/staff/conversations", params={"handoff": "any"}).text
    found = c.get("/staff/conversations", params={"q": "zazzle"}).text
    assert "1 conversation<" in found and "conv-fallback" in found


def test_searching_for_an_ssn_finds_its_mask_not_the_number(console: Console) -> None:
    c = console.staff()
    page = c.get("/staff/conversations", params={"q": "123-45-6789"})
    assert "conv-signed-in" in page.text
    assert "123-45-6789" not in page.text


def test_the_transcript_shows_turns_intents_buttons_and_is_audited(console: Console) -> None:
    c = console.staff()
    page = c.get("/staff/conversations/conv-fallback")
    assert page.status_code == 200
    body = page.text
    assert (
        body.index("hello") < body.index("Please sign in first.") < body.index("blorp the zazzle")
    )
    assert "<code>greet</code> · confidence 0.98" in body
    assert "<code>nlu_fallback</code> · confidence 0.31" in body
    assert "action <code>action_default_fallback</code>" in body
    assert "Apply for a certificate" in body
    assert re.search(r'<li class="clicked">Check my status <strong>\(clicked\)</strong>', body)
    assert ("console.transcript_view", None, "conversation=conv-fallback") in _audit_actions(
        console
    )


def test_the_transcript_links_to_the_educators_records_and_that_view_is_audited(
    console: Console,
) -> None:
    c = console.staff()
    page = c.get("/staff/conversations/conv-signed-in")
    assert 'href="/staff/educators/1000001"' in page.text
    _no_planted_ssn(page.text)
    assert f"[SSN ***-**-{PLANTED_SSN[-4:]}]" in page.text
    rec = c.get("/staff/educators/1000001")
    assert rec.status_code == 200
    assert "Dana Reyes" in rec.text and "***-**-6789" in rec.text
    assert ("console.transcript_view", "1000001", "conversation=conv-signed-in") in _audit_actions(
        console
    )
    assert any(
        a == "console.educator_view" and e == "1000001" for a, e, _ in _audit_actions(console)
    )


def test_an_unknown_conversation_is_404(console: Console) -> None:
    assert console.staff().get("/staff/conversations/nope").status_code == 404


def test_tags_and_notes_are_saved_and_tags_filter_the_list(console: Console) -> None:
    c = console.staff()
    page = c.get("/staff/conversations/conv-fallback")
    token = csrf(page.text)
    resp = c.post(
        "/staff/conversations/conv-fallback/tags",
        data={"csrf_token": token, "tag": "Needs Training"},
    )
    assert resp.status_code == 303
    resp = c.post(
        "/staff/conversations/conv-fallback/notes",
        data={"csrf_token": token, "note": f"caller read out {PLANTED_SSN}"},
    )
    assert resp.status_code == 303
    page = c.get("/staff/conversations/conv-fallback")
    assert '<span class="tag">needs-training</span>' in page.text
    assert f"caller read out [SSN ***-**-{PLANTED_SSN[-4:]}]" in page.text
    listed = c.get("/staff/conversations", params={"tag": "needs-training"}).text
    assert "1 conversation<" in listed and "conv-fallback" in listed
    resp = c.post(
        "/staff/conversations/conv-fallback/tags/remove",
        data={"csrf_token": token, "tag": "needs-training"},
    )
    assert resp.status_code == 303
    assert (
        '<span class="tag">needs-training</span>'
        not in c.get("/staff/conversations/conv-fallback").text
    )
    c.post("/staff/conversations/conv-fallback/tags", data={"csrf_token": token, "tag": "reviewed"})


def test_a_post_without_the_csrf_token_changes_nothing(console: Console) -> None:
    c = console.staff()
    resp = c.post("/staff/conversations/conv-handoff/tags", data={"tag": "forged"})
    assert resp.status_code == 403
    resp = c.post(
        "/staff/conversations/conv-handoff/tags", data={"tag": "forged", "csrf_token": "x" * 64}
    )
    assert resp.status_code == 403
    assert "forged" not in c.get("/staff/conversations/conv-handoff").text


# ------------------------------------------------------------------ handoffs
def test_claim_reply_and_close_a_handoff_through_rasas_http_api(console: Console) -> None:
    c = console.staff()
    page = c.get("/staff/handoffs", params={"status": "open"})
    m = re.search(r'<tr data-handoff="(\d+)" data-conversation="conv-handoff">', page.text)
    assert m
    hid = m.group(1)
    token = csrf(page.text)
    # Replying before claiming is refused.
    resp = c.post(f"/staff/handoffs/{hid}/reply", data={"csrf_token": token, "message": "hi"})
    assert "Claim" in httpx.URL(resp.headers["location"]).params["msg"]
    assert c.post(f"/staff/handoffs/{hid}/claim", data={"csrf_token": token}).status_code == 303
    claimed = c.get("/staff/handoffs", params={"status": "claimed"}).text
    assert f'data-handoff="{hid}"' in claimed and "claimed by helpdesk1" in claimed
    resp = c.post(
        f"/staff/handoffs/{hid}/reply",
        data={"csrf_token": token, "message": "Hello, this is Sam from the help desk."},
    )
    assert resp.status_code == 303
    assert "Reply sent" in httpx.URL(resp.headers["location"]).params["msg"]
    call = console.rasa.calls[-1]
    url = httpx.URL(call["path"])
    assert url.path == "/conversations/conv-handoff/tracker/events"
    assert url.params["token"] == "stub-token"
    assert url.params["output_channel"] == "latest"
    assert url.params["execute_side_effects"] == "true"
    assert call["body"][0]["event"] == "bot"
    assert call["body"][0]["text"] == "Hello, this is Sam from the help desk."
    assert call["body"][0]["metadata"]["staff"] == "helpdesk1"
    assert c.post(f"/staff/handoffs/{hid}/close", data={"csrf_token": token}).status_code == 303
    closed = c.get("/staff/handoffs", params={"status": "closed"}).text
    assert f'data-handoff="{hid}"' in closed
    actions = [a for a, _, _ in _audit_actions(console)]
    assert {"console.handoff_claimed", "console.handoff_reply", "console.handoff_closed"} <= set(
        actions
    )


def test_the_console_refuses_the_moves_the_api_refuses_and_audits_with_the_move(
        console: Console) -> None:
    """One rule (backend.domain.handoffs): a claimed or closed request cannot be claimed."""
    engine = create_engine(console.db_url)
    with engine.begin() as conn:
        for conv, status in (("conv-rule-claimed", "claimed"), ("conv-rule-closed", "closed")):
            conn.execute(text(
                "INSERT INTO handoffs (conversation_id, channel, status, claimed_by, created_at)"
                " VALUES (:c, 'rest', :s, 'certstaff', CURRENT_TIMESTAMP)"),
                {"c": conv, "s": status})
        ids = dict(conn.execute(text(
            "SELECT conversation_id, id FROM handoffs WHERE conversation_id LIKE 'conv-rule-%'"
        )).all())
    engine.dispose()
    c = console.staff()
    token = csrf(c.get("/staff/handoffs").text)
    before = len(_audit_actions(console))
    for conv, status in (("conv-rule-claimed", "claimed"), ("conv-rule-closed", "closed")):
        hid = ids[conv]
        resp = c.post(f"/staff/handoffs/{hid}/claim", data={"csrf_token": token})
        assert resp.status_code == 303
        assert httpx.URL(resp.headers["location"]).params["msg"] == (
            f"Request #{hid} is already {status}.")
    resp = c.post(f"/staff/handoffs/{ids['conv-rule-closed']}/close", data={"csrf_token": token})
    assert "already closed" in httpx.URL(resp.headers["location"]).params["msg"]
    assert len(_audit_actions(console)) == before, "a refused move writes no audit entry"
    # A colleague's claimed request can still be closed, and that is audited with the move.
    hid = ids["conv-rule-claimed"]
    assert c.post(f"/staff/handoffs/{hid}/close", data={"csrf_token": token}).status_code == 303
    assert _audit_actions(console)[before:] == [
        ("console.handoff_closed", None, f"handoff={hid} conversation=conv-rule-claimed")]


# ------------------------------------------------------------------ export
def test_exports_are_filtered_redacted_and_audited(console: Console) -> None:
    c = console.staff()
    resp = c.get("/staff/export/csv", params={"channel": "socketio"})
    assert resp.status_code == 200
    assert resp.headers["content-type"].startswith("text/csv")
    assert "attachment" in resp.headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(resp.text)))
    assert {r["conversation_id"] for r in rows} == {"conv-signed-in"}
    assert any(r["speaker"] == "user" and r["intent"] == "provide_ssn" for r in rows)
    _no_planted_ssn(resp.text)

    resp = c.get("/staff/export/jsonl", params={"fallback": "yes"})
    assert resp.status_code == 200
    lines = [json.loads(line) for line in resp.text.splitlines()]
    assert [r["conversation_id"] for r in lines] == ["conv-fallback"]
    assert lines[0]["fallbacks"] == 1 and lines[0]["channel"] == "rest"
    assert any(m["clicked"] == "/check_status" for m in lines[0]["messages"])

    everything = c.get("/staff/export/jsonl").text
    assert len(everything.splitlines()) == 33
    _no_planted_ssn(everything)
    exports = [d for a, _, d in _audit_actions(console) if a == "console.export"]
    assert any("format=csv" in (d or "") and "channel=socketio" in (d or "") for d in exports)
    assert any("format=jsonl" in (d or "") for d in exports)
    assert c.get("/staff/export/xml").status_code == 404


# ------------------------------------------------------------------ analytics
def test_the_analytics_page_reports_containment_fallbacks_intents_and_unanswered(
    console: Console,
) -> None:
    c = console.staff()
    page = c.get("/staff/analytics")
    assert page.status_code == 200
    assert '<dd id="kpi-total">33</dd>' in page.text
    assert "<code>ask_fee</code>" in page.text
    assert "blorp the zazzle frobnicator" in page.text  # an unanswered message
    for name in ("per-day", "containment", "intents"):
        png = c.get(f"/staff/analytics/{name}.png")
        assert png.status_code == 200
        assert png.headers["content-type"] == "image/png"
        assert png.content[:8] == b"\x89PNG\r\n\x1a\n"
    assert c.get("/staff/analytics/nope.png").status_code == 404


def test_new_conversations_appear_without_a_restart(console: Console) -> None:
    from tests.integration.console.fixtures import T0, _user, append_event

    append_event(
        console.tracker_path, "conv-late", _user("late hello", "greet", 0.9, "rest", T0 + 9e5)
    )
    page = console.staff().get("/staff/conversations", params={"q": "late hello"})
    assert "conv-late" in page.text


def test_no_console_page_or_log_holds_the_planted_ssn(console: Console) -> None:
    c = console.staff()
    for path in (
        "/staff/conversations",
        "/staff/conversations?page=2",
        "/staff/conversations/conv-signed-in",
        "/staff/analytics",
        "/staff/handoffs",
        "/staff/export/csv",
        "/staff/export/jsonl",
    ):
        _no_planted_ssn(c.get(path).text)
    _no_planted_ssn(console.log_path.read_text())


def test_an_exported_conversation_id_or_message_cannot_start_a_formula(console: Console) -> None:
    from tests.integration.console.fixtures import T0, _bot, _user, append_event

    sender, channel = "=1+1", "csvinject"
    append_event(console.tracker_path, sender,
                 _user("@SUM(1+1)*cmd|' /C calc'!A0", "greet", 0.9, channel, T0 + 9.5e5))
    append_event(console.tracker_path, sender, _bot("+1 for asking", T0 + 9.5e5 + 1))
    c = console.staff()
    resp = c.get("/staff/export/csv", params={"channel": channel})
    assert resp.status_code == 200
    rows = list(csv.DictReader(io.StringIO(resp.text, newline="")))
    assert [(r["conversation_id"], r["speaker"], r["text"]) for r in rows] == [
        ("'=1+1", "user", "'@SUM(1+1)*cmd|' /C calc'!A0"),
        ("'=1+1", "bot", "'+1 for asking"),
    ]
    for row in rows:
        assert not any(v.startswith(("=", "+", "-", "@", "\t", "\r")) for v in row.values())
    # JSON Lines is for programs: the values stay exact.
    lines = c.get("/staff/export/jsonl", params={"channel": channel}).text.splitlines()
    record = json.loads(lines[0])
    assert record["conversation_id"] == sender
    assert [m["text"] for m in record["messages"]] == ["@SUM(1+1)*cmd|' /C calc'!A0",
                                                       "+1 for asking"]
