"""No reply shows `None`, `null`, a `{slot}` placeholder or a raw payload (issue 11, item 6).

Every response template in the domain is rendered as Rasa renders it with no slots set,
and every answer the router gives about a person's records is produced for an educator
with no records at all and for one with partial records (a college without a city, a
certificate without an expiry date, a background check without dates, an assessment
without a date, an application without a memo), against the real backend.
"""

from __future__ import annotations

import os
import re
import subprocess
from datetime import date, timedelta
from typing import Any

import httpx
import pytest
from rasa_sdk.executor import CollectingDispatcher

from actions.router import ActionRoute
from tests.integration.actions.conftest import _BACKEND_DB, BACKEND_PY, ROOT, unique
from tests.integration.actions.helpers import tracker
from tests.integration.actions.test_actions import new_linked_educator
from tests.typed_secrets import PASSWORDS, SSNS

pytestmark = pytest.mark.asyncio

LEAKS = re.compile(r"\bNone\b|\bnull\b|\bnan\b|\{[a-z_]*\}|\{\"|\[\]|^/\w|\(\s*,|,\s*\)|\(\s*\)",
                   re.MULTILINE)
RECORD_REQUESTS = ["check_status", "check_application_status", "check_background_status",
                   "check_education_status", "check_assessments", "check_certificate_status",
                   "view_contact", "faq_educator_id"]


def shown(dispatcher: CollectingDispatcher) -> list[str]:
    """What a person sees: texts and button titles (payloads are not shown)."""
    out = []
    for m in dispatcher.messages:
        out.append(m.get("text") or "")
        out.extend(str(b.get("title", "")) for b in m.get("buttons") or [])
    return out


def assert_no_leak(parts: list[str], where: str) -> None:
    for part in parts:
        m = LEAKS.search(part)
        assert m is None, f"{where}: {m.group(0)!r} in {part!r}"


def test_every_response_template_renders_clean(domain: dict[str, Any]) -> None:
    from rasa.core.nlg.response import TemplatedNaturalLanguageGenerator
    from rasa.shared.core.domain import Domain
    from rasa.shared.core.trackers import DialogueStateTracker

    dom = Domain.from_dict(domain)
    nlg = TemplatedNaturalLanguageGenerator(dom.responses)
    empty = DialogueStateTracker.from_events("leaks", [], slots=dom.slots)
    assert len(dom.responses) >= 20, "the domain lost its responses"
    for name in dom.responses:
        for variant in dom.responses[name]:
            # the values the actions pass with a response (answers.answer_faq)
            filled = nlg._fill_response(dict(variant), dict(empty.current_slot_values()),
                                        mailing_address="P.O. Box 480")
            parts = [str(filled.get("text") or "")] + [
                str(b.get("title", "")) for b in filled.get("buttons") or []]
            assert_no_leak(parts, name)


def _certifier(backend_url: str) -> dict[str, str]:
    username = unique("cert")
    env = dict(os.environ, STAFF_PW=PASSWORDS[2], PYTHONPATH=str(ROOT),
               DATABASE_URL=_BACKEND_DB[backend_url])
    subprocess.run([str(BACKEND_PY), "-m", "backend.cli", "create-staff", "--username",
                    username, "--email", f"{username}@example.org", "--role", "certification",
                    "--password-env", "STAFF_PW"], cwd=ROOT, env=env, check=True,
                   capture_output=True, timeout=120)
    r = httpx.post(f"{backend_url}/api/v1/auth/token",
                   json={"username": username, "password": PASSWORDS[2]}, timeout=10)
    r.raise_for_status()
    return {"Authorization": f"Bearer {r.json()['access_token']}"}


async def _ask_everything(domain: dict[str, Any], token: str) -> list[tuple[str, list[str]]]:
    said = []
    for request in RECORD_REQUESTS:
        dispatcher = CollectingDispatcher()
        await ActionRoute().run(dispatcher, tracker(unique("conv-"), {"access_token": token},
                                                    text=request, intent=request), domain)
        said.append((request, shown(dispatcher)))
    return said


async def test_answers_about_no_records_show_no_placeholders(backend_url: str,
                                                             domain: dict[str, Any]) -> None:
    _sender, token, _ = await new_linked_educator(domain, backend_url, SSNS[36])
    for request, parts in await _ask_everything(domain, token):
        assert any(parts), request
        assert_no_leak(parts, request)


async def test_answers_about_partial_records_show_no_placeholders(
        backend_url: str, domain: dict[str, Any]) -> None:
    _sender, token, _ = await new_linked_educator(domain, backend_url, SSNS[37])
    me = {"Authorization": f"Bearer {token}"}
    eid = httpx.get(f"{backend_url}/api/v1/me/", headers=me, timeout=10).json()["educator_id"]
    staff = _certifier(backend_url)
    api = f"{backend_url}/api/v1"
    for method, path, body, headers in [
        ("POST", "/me/education/colleges", {"name": "Crowder College"}, me),
        ("POST", "/me/applications", {"type": "substitute"}, me),
        ("PUT", f"/staff/educators/{eid}/background", {"status": "pending"}, staff),
        ("POST", f"/staff/educators/{eid}/assessments",
         {"name": "Praxis", "code": "5001", "score": 150, "passing_score": 157}, staff),
        ("POST", f"/staff/educators/{eid}/certificates",
         {"type": "Substitute Certificate", "area": "K-12", "issued_on": "2026-01-05"}, staff),
        ("POST", f"/staff/educators/{eid}/transcripts", {"college": "Crowder College"}, staff),
    ]:
        r = httpx.request(method, api + path, json=body, headers=headers, timeout=10)
        assert r.status_code < 300, (path, r.status_code, r.text)
    for request, parts in await _ask_everything(domain, token):
        assert any(parts), request
        assert_no_leak(parts, request)


async def test_a_clearance_older_than_a_year_is_said_to_have_expired(
        backend_url: str, domain: dict[str, Any]) -> None:
    """The backend reports a clearance past its 12 months as needing a new check; the chat
    says it expired (with its dates), never "not started" beside a clearance date."""
    _sender, token, _ = await new_linked_educator(domain, backend_url, SSNS[38])
    me = {"Authorization": f"Bearer {token}"}
    eid = httpx.get(f"{backend_url}/api/v1/me/", headers=me, timeout=10).json()["educator_id"]
    old = date.today() - timedelta(days=400)
    r = httpx.put(f"{backend_url}/api/v1/staff/educators/{eid}/background",
                  json={"status": "cleared", "fingerprinted_on": old.isoformat(),
                        "cleared_on": (old + timedelta(days=10)).isoformat()},
                  headers=_certifier(backend_url), timeout=10)
    assert r.status_code < 300, r.text
    dispatcher = CollectingDispatcher()
    await ActionRoute().run(dispatcher, tracker(unique("conv-"), {"access_token": token},
                                                text="x", intent="check_background_status"),
                            domain)
    said = " ".join(shown(dispatcher))
    assert "expired on" in said and "new background check" in said, said
    assert "not started" not in said
    assert_no_leak(shown(dispatcher), "check_background_status")
