"""End to end over Rasa's REST channel on the running stack (issue 3 acceptance).

(a) create an account, set the password through the emailed link, sign in by code,
    request access, link an SSN, apply, accept the Sworn Statement, submit; the chat's
    status answer and the backend both say "submitted".
(b) link an SSN from one account, then the same SSN from another: the chat explains
    the one-username rule and the Forgot Username remedy, and never repeats the SSN or
    date of birth. SSNs come from tests.typed_secrets indices 40-49 (reserved for this file): (a)
    takes the first free one of 40-44, (b) of 45-49, so a rerun on the same database works.
"""

from __future__ import annotations

import re
import time
import uuid
from typing import Any

import httpx

from tests.e2e.stack.stackctl import BACKEND, buttons, outbox, say, texts, wait_for_mail
from tests.typed_secrets import DOBS, PASSWORDS, SSNS, dob_variants, record_secret, ssn_variants


def _unique(prefix: str) -> str:
    return f"{prefix}{uuid.uuid4().hex[:8]}"


def _assert_no_secrets(replies: list[dict[str, Any]], ssn: str, dob: str) -> None:
    said = texts(replies) + " ".join(str(b) for b in buttons(replies))
    for variant in ssn_variants(ssn) + dob_variants(dob):
        where = said.find(variant)
        assert where < 0, f"a reply repeated the SSN or date of birth: {said[where-200:where+50]!r}"


def _latest_code(email: str, after: float) -> str:
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        for msg in outbox(email):  # newest first
            if "sign-in code" in msg["subject"].lower() or "code" in msg["subject"].lower():
                m = re.search(r"\b(\d{6})\b", msg["body"])
                if m and msg["created_at"] >= _iso(after):
                    return m.group(1)
        time.sleep(0.3)
    raise AssertionError(f"no sign-in code mailed to {email}")


def _iso(ts: float) -> str:
    from datetime import datetime, timezone

    return datetime.fromtimestamp(ts - 2, tz=timezone.utc).isoformat()


class Chat:
    """One conversation; keeps every reply so the test can check none leaked a secret."""

    def __init__(self) -> None:
        self.sender = _unique("e2e-")
        self.log: list[dict[str, Any]] = []

    def say(self, text: str) -> str:
        replies = say(self.sender, text)
        self.log.extend(replies)
        self.last = replies
        return texts(replies)


def _create_account_in_chat(chat: Chat) -> tuple[str, str]:
    username = _unique("e2e")
    email = f"{username}@example.org"
    assert "username" in chat.say("I want to create an account").lower()
    said = chat.say(username)
    assert "available" in said and "email" in said.lower()
    said = chat.say(email)
    assert "link to set your password" in said
    assert "more than one username" in said
    return username, email


def _sign_in_in_chat(chat: Chat, username: str, email: str) -> None:
    assert "username" in chat.say("sign in").lower()
    started = time.time()
    said = chat.say(username)
    assert "6-digit code" in said
    code = _latest_code(email, started)
    record_secret("code", code)
    said = chat.say(code)
    assert f"signed in as {username}" in said
    assert code not in texts(chat.log)


def _link_first_free_ssn(chat: Chat, candidates: list[str], dob: str) -> str:
    """Link the first SSN of `candidates` that no earlier run (same database) has taken."""
    y, m, d = dob.split("-")
    for ssn in candidates:
        assert "Social Security Number" in chat.say("link my SSN")
        assert "date of birth" in chat.say(ssn).lower()
        said = chat.say(f"{m}/{d}/{y}")
        if "Your Educator ID is" in said:
            return ssn
        assert "already linked" in said or "couldn't verify" in said, said
    raise AssertionError("every candidate SSN was already linked; remove the run directory")


def _create_active_account_by_api(password: str) -> tuple[str, str]:
    username = _unique("e2e")
    email = f"{username}@example.org"
    r = httpx.post(f"{BACKEND}/api/v1/accounts",
                   json={"username": username, "email": email, "password": password}, timeout=10)
    assert r.status_code == 201, r.text
    return username, email


def test_account_to_submitted_application_over_rest(running_stack: None) -> None:
    chat = Chat()
    dob = DOBS[0]
    username, email = _create_account_in_chat(chat)

    token = wait_for_mail(email, r"set-password\?token=([A-Za-z0-9_.\-]+)").group(1)
    r = httpx.post(f"{BACKEND}/api/v1/accounts/password",
                   json={"token": token, "password": PASSWORDS[0]}, timeout=10)
    assert r.status_code == 200, r.text
    assert r.json()["state"] == "active"

    _sign_in_in_chat(chat, username, email)

    # Requesting Educator Certification System access is part of linking (the link flow
    # requests it first when needed); asking for it starts the link.
    said = chat.say("request educator access")
    assert "Social Security Number" in said
    assert "stopped" in chat.say("stop").lower()

    assert _link_first_free_ssn(chat, SSNS[40:45], dob) in SSNS[40:45]

    chat.say("I want to apply")
    titles = [b["title"] for b in buttons(chat.last)]
    assert "Substitute" in titles
    said = chat.say("Substitute")
    assert "Professional Conduct" in said
    for _ in range(20):
        if "Sworn Statement" in said:
            break
        assert "Question" in said
        said = chat.say("/deny")
    assert "Sworn Statement" in said
    said = chat.say("I accept")
    assert "review" in said.lower() and "Submit" in said
    said = chat.say("submit")
    assert "submitted" in said
    assert "Educator Certification, P.O. Box 480, Jefferson City, MO 65102" in said
    assert "pop-ups" in said

    said = chat.say("check my application status")
    assert "Substitute" in said and "Submitted" in said

    r = httpx.post(f"{BACKEND}/api/v1/auth/token",
                   json={"username": username, "password": PASSWORDS[0]}, timeout=10)
    assert r.status_code == 200, r.text
    bearer = {"Authorization": f"Bearer {r.json()['access_token']}"}
    apps = httpx.get(f"{BACKEND}/api/v1/me/applications", headers=bearer,
                     timeout=10).json()["applications"]
    assert [a["status"] for a in apps] == ["submitted"]

    for candidate in SSNS[40:45]:
        _assert_no_secrets(chat.log, candidate, dob)


def test_same_ssn_from_a_second_username_gets_the_one_username_rule(
        running_stack: None) -> None:
    dob = DOBS[1]
    y, m, d = dob.split("-")

    first = Chat()
    username1, email1 = _create_active_account_by_api(PASSWORDS[1])
    _sign_in_in_chat(first, username1, email1)
    ssn = _link_first_free_ssn(first, SSNS[45:50], dob)

    second = Chat()
    username2, email2 = _create_active_account_by_api(PASSWORDS[2])
    _sign_in_in_chat(second, username2, email2)
    second.say("link my SSN")
    second.say(ssn.replace("-", " "))
    said = second.say(f"{m}/{d}/{y}")
    assert "already linked to another username" in said
    assert "Forgot Username" in said
    assert "do not create another username" in said
    assert "Forgot username" in [b["title"] for b in buttons(second.last)]

    for candidate in SSNS[45:50]:
        _assert_no_secrets(first.log, candidate, dob)
        _assert_no_secrets(second.log, candidate, dob)
