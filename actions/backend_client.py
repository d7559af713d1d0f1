"""A small typed async client for the certification backend (`docs/api.md`).

The action server reaches the backend only through this module. Every call carries
the service key (`X-Service-Key`) and the conversation id (`X-Client-Id`) so the
backend can rate-limit per conversation; calls made for a signed-in educator also
carry that educator's bearer token.
"""

from __future__ import annotations

import asyncio
import logging
import os
import weakref
from dataclasses import dataclass, field
from typing import Any

import httpx

logger = logging.getLogger(__name__)

DEFAULT_TIMEOUT = 5.0


# One pooled HTTP client per event loop: opening a TCP connection per call cost
# about 40 ms per backend call under load; a kept-alive pool costs about 2 ms.
# Weak keys: a finished loop (tests run many short ones) drops its entry.
_POOLS: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, httpx.AsyncClient] = (
    weakref.WeakKeyDictionary())


def _pooled_client() -> httpx.AsyncClient:
    loop = asyncio.get_running_loop()
    client = _POOLS.get(loop)
    if client is None or client.is_closed:
        client = httpx.AsyncClient(
            limits=httpx.Limits(max_connections=64, max_keepalive_connections=32))
        _POOLS[loop] = client
    return client


class BackendUnavailable(Exception):
    """The backend could not be reached or did not answer in time."""


class BackendError(Exception):
    """The backend answered with an error body `{"error": {code, message, details}}`."""

    def __init__(self, status: int, code: str, message: str,
                 details: dict[str, Any] | None = None) -> None:
        super().__init__(f"{status} {code}")
        self.status = status
        self.code = code
        self.message = message
        self.details = details or {}


@dataclass
class BackendClient:
    """One client per action run: it knows the conversation and, optionally, the token."""

    client_id: str
    token: str | None = None
    base_url: str = field(default_factory=lambda: os.environ.get(
        "BACKEND_URL", "http://127.0.0.1:8000").rstrip("/"))
    service_key: str = field(default_factory=lambda: os.environ.get(
        "SERVICE_API_KEY", "dev-service-key-change-me"))
    timeout: float = field(default_factory=lambda: float(
        os.environ.get("BACKEND_TIMEOUT", DEFAULT_TIMEOUT)))

    def _headers(self, auth: bool) -> dict[str, str]:
        headers = {"X-Service-Key": self.service_key, "X-Client-Id": self.client_id}
        if auth and self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        return headers

    async def _request(self, method: str, path: str, *, json: Any = None,
                       params: dict[str, Any] | None = None, auth: bool = False) -> Any:
        url = f"{self.base_url}/api/v1{path}"
        try:
            resp = await _pooled_client().request(
                method, url, json=json, params=params, headers=self._headers(auth),
                timeout=self.timeout)
        except (httpx.TimeoutException, httpx.TransportError) as exc:
            # Path only: bodies can hold an SSN or a code.
            logger.warning("backend unavailable: %s %s (%s)", method, path, type(exc).__name__)
            raise BackendUnavailable(str(type(exc).__name__)) from exc
        if resp.status_code >= 500:
            logger.warning("backend error %s on %s %s", resp.status_code, method, path)
            raise BackendUnavailable(f"status {resp.status_code}")
        if resp.status_code >= 400:
            try:
                err = resp.json().get("error", {})
            except ValueError:
                err = {}
            code = str(err.get("code") or f"http_{resp.status_code}")
            logger.info("backend refused %s %s: %s %s", method, path, resp.status_code, code)
            raise BackendError(resp.status_code, code, str(err.get("message") or ""),
                               err.get("details") or {})
        if resp.status_code == 204 or not resp.content:
            return {}
        return resp.json()

    # ---- accounts and sign-in ----
    async def username_availability(self, username: str) -> dict[str, Any]:
        result: dict[str, Any] = await self._request(
            "GET", "/accounts/availability", params={"username": username})
        return result

    async def create_account(self, username: str, email: str) -> dict[str, Any]:
        result: dict[str, Any] = await self._request(
            "POST", "/accounts", json={"username": username, "email": email})
        return result

    async def forgot_username(self, email: str) -> None:
        await self._request("POST", "/auth/forgot-username", json={"email": email})

    async def forgot_password(self, username: str) -> None:
        await self._request("POST", "/auth/forgot-password", json={"username": username})

    async def send_code(self, username: str) -> None:
        await self._request("POST", "/auth/code", json={"username": username})

    async def verify_code(self, username: str, code: str) -> dict[str, Any]:
        result: dict[str, Any] = await self._request(
            "POST", "/auth/code/verify", json={"username": username, "code": code})
        return result

    async def logout(self) -> None:
        await self._request("POST", "/auth/logout", auth=True)

    # ---- the signed-in educator ----
    async def me(self) -> dict[str, Any]:
        result: dict[str, Any] = await self._request("GET", "/me", auth=True)
        return result

    async def request_access(self) -> dict[str, Any]:
        result: dict[str, Any] = await self._request("POST", "/me/access", auth=True)
        return result

    async def link(self, ssn: str, date_of_birth: str) -> dict[str, Any]:
        result: dict[str, Any] = await self._request(
            "POST", "/me/link", json={"ssn": ssn, "date_of_birth": date_of_birth}, auth=True)
        return result

    async def profile(self) -> dict[str, Any]:
        result: dict[str, Any] = await self._request("GET", "/me/profile", auth=True)
        return result

    async def save_legal_name(self, first: str, middle: str | None, last: str) -> dict[str, Any]:
        body: dict[str, Any] = {"first_name": first, "last_name": last}
        if middle:
            body["middle_name"] = middle
        result: dict[str, Any] = await self._request("PUT", "/me/profile", json=body, auth=True)
        return result

    async def save_contact(self, contact: dict[str, Any]) -> dict[str, Any]:
        result: dict[str, Any] = await self._request(
            "PUT", "/me/contact", json=contact, auth=True)
        return result

    # ---- applications ----
    async def application_types(self) -> list[dict[str, Any]]:
        result = await self._request("GET", "/application-types")
        return list(result.get("types", []))

    async def reference(self) -> dict[str, Any]:
        result: dict[str, Any] = await self._request("GET", "/reference")
        return result

    async def conduct_questions(self) -> list[dict[str, Any]]:
        result = await self._request("GET", "/conduct-questions")
        return list(result.get("questions", []))

    async def sworn_statement(self) -> str:
        result = await self._request("GET", "/sworn-statement")
        return str(result.get("text", ""))

    async def create_application(self, type_code: str) -> dict[str, Any]:
        result: dict[str, Any] = await self._request(
            "POST", "/me/applications", json={"type": type_code}, auth=True)
        return result

    async def applications(self) -> list[dict[str, Any]]:
        result = await self._request("GET", "/me/applications", auth=True)
        return list(result.get("applications", []))

    async def answer_conduct(self, app_id: Any, question_id: Any, answer: bool,
                             explanation: str | None = None) -> dict[str, Any]:
        body: dict[str, Any] = {"answer": answer}
        if explanation:
            body["explanation"] = explanation
        result: dict[str, Any] = await self._request(
            "PUT", f"/me/applications/{app_id}/conduct/{question_id}", json=body, auth=True)
        return result

    async def accept_sworn_statement(self, app_id: Any) -> dict[str, Any]:
        result: dict[str, Any] = await self._request(
            "POST", f"/me/applications/{app_id}/sworn-statement",
            json={"acceptance": "I accept"}, auth=True)
        return result

    async def submit_application(self, app_id: Any) -> dict[str, Any]:
        result: dict[str, Any] = await self._request(
            "POST", f"/me/applications/{app_id}/submit", auth=True)
        return result

    # ---- records ----
    async def background(self) -> dict[str, Any]:
        result: dict[str, Any] = await self._request("GET", "/me/background", auth=True)
        return result

    async def education(self) -> dict[str, Any]:
        result: dict[str, Any] = await self._request("GET", "/me/education", auth=True)
        return result

    async def add_college(self, name: str, city: str, state: str) -> dict[str, Any]:
        result: dict[str, Any] = await self._request(
            "POST", "/me/education/colleges",
            json={"name": name, "city": city, "state": state}, auth=True)
        return result

    async def assessments(self) -> list[dict[str, Any]]:
        result = await self._request("GET", "/me/assessments", auth=True)
        return list(result.get("assessments", []))

    async def certificates(self) -> list[dict[str, Any]]:
        result = await self._request("GET", "/me/certificates", auth=True)
        return list(result.get("certificates", []))

    # ---- help desk ----
    async def attach_handoff_educator(self, conversation_id: str) -> dict[str, Any]:
        """This conversation's handoffs without an Educator ID get the signed-in one's."""
        result: dict[str, Any] = await self._request(
            "POST", "/handoffs/educator", json={"conversation_id": conversation_id}, auth=True)
        return result

    async def create_handoff(self, conversation_id: str, channel: str,
                             reason: str | None = None,
                             educator_id: str | None = None) -> dict[str, Any]:
        body: dict[str, Any] = {"conversation_id": conversation_id, "channel": channel}
        if reason:
            body["reason"] = reason
        if educator_id:
            body["educator_id"] = educator_id
        result: dict[str, Any] = await self._request("POST", "/handoffs", json=body)
        return result
