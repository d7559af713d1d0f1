"""Schema-driven fuzzing: every operation the OpenAPI spec documents, with generated valid
and invalid input, as an educator and as staff, on SQLite and PostgreSQL.

No answer may be a 5xx, and an answer must match the schema documented for its status
(schemathesis' `not_a_server_error` and `response_schema_conformance`). The run is bounded
(`SCHEMA_FUZZ_EXAMPLES` fuzzed examples per operation and identity, besides the coverage
cases) and seeded, so it takes the same time and finds the same things on every run; raise
the count or change `SCHEMA_FUZZ_SEED` to explore further. Failures are collected over every
operation and reported together.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from typing import Any

import pytest
import requests
import schemathesis
from hypothesis import HealthCheck, Phase
from hypothesis import settings as hypothesis_settings
from schemathesis.checks import not_a_server_error
from schemathesis.generation.feedback import FeedbackSources

# schemathesis' builder of one operation's test (the one `schema.parametrize()` uses);
# internal, which is why requirements/backend.lock pins schemathesis exactly.
from schemathesis.pytest._test_builder import build_operation_test
from schemathesis.specs.openapi.checks import response_schema_conformance

from tests.integration.backend.conftest import (
    STAFF_PASSWORD,
    Api,
    create_staff_user,
    make_educator,
)

EXAMPLES = int(os.environ.get("SCHEMA_FUZZ_EXAMPLES", "3"))
# A fixed seed: the same cases on every run. Change it to explore further.
SEED = int(os.environ.get("SCHEMA_FUZZ_SEED", "14"))
CHECKS = [not_a_server_error, response_schema_conformance]

# Left out: logging out revokes the token the rest of the run signs in with (its own tests
# cover it), and the console's sign-out likewise.
EXCLUDED = {"POST /api/v1/auth/logout", "POST /staff/logout"}

IDENTITIES = ("educator", "staff")


@pytest.fixture
def identity_headers(api: Api, request: pytest.FixtureRequest) -> dict[str, str]:
    """A signed-in educator (linked, with an application) or a staff user (admin: every
    staff route is open to it) of its own, so the run changes nobody else's records."""
    if request.param == "educator":
        edu = make_educator(api, link=True)
        resp = api.post("/api/v1/me/applications", headers=edu.headers,
                        json={"type": "substitute"})
        assert resp.status_code == 201, resp.text
        return edu.headers
    username = f"fuzz.admin.{len(api.server.staff_tokens)}"
    if username not in api.server.staff_tokens:
        create_staff_user(api.server, username, "admin")
        resp = api.post("/api/v1/auth/token",
                        json={"username": username, "password": STAFF_PASSWORD})
        assert resp.status_code == 200, resp.text
        api.server.staff_tokens[username] = resp.json()["access_token"]
    return api.as_token(api.server.staff_tokens[username])


def _operations(schema: Any) -> Iterator[Any]:
    for result in schema.get_all_operations():
        operation = result.ok()
        if operation.label not in EXCLUDED:
            yield operation


def _fuzz(schema: Any, operation: Any, call: Callable[[Any], None]) -> None:
    """One operation through schemathesis' own phases: the spec's examples, coverage
    (boundary values such as the 32-bit limits, wrong types, missing fields) and fuzzing
    (valid and invalid data), as `schema.parametrize()` would run them, without shrinking."""
    test = build_operation_test(
        config=schema.config, operation=operation, test_func=call, given_kwargs={},
        feedback=FeedbackSources(),
        explicit_settings=hypothesis_settings(
            max_examples=EXAMPLES, deadline=None, database=None,
            phases=[Phase.explicit, Phase.generate],
            suppress_health_check=list(HealthCheck)),
    )
    test()


@pytest.mark.parametrize("identity_headers", IDENTITIES, indirect=True)
def test_no_operation_answers_a_server_error_or_off_its_schema(
        api: Api, identity_headers: dict[str, str]) -> None:
    schema = schemathesis.openapi.from_url(api.server.url + "/docs/openapi.json")
    schema.config.seed = SEED
    # The caller's own client id, so rate limits count this run apart from other tests.
    headers = {**dict(api.headers), **identity_headers}
    failures: list[str] = []
    tested = 0
    with requests.Session() as session:

        def call(case: Any) -> None:
            response = case.call(base_url=api.server.url, session=session, headers=headers,
                                 timeout=30)
            case.validate_response(response, checks=CHECKS, headers=headers)

        for operation in _operations(schema):
            tested += 1
            try:
                _fuzz(schema, operation, call)
            except Exception as exc:  # noqa: BLE001 - collect every operation's failure
                failures.append(f"{operation.label}: {type(exc).__name__}: {exc}"[:1500])
    assert tested >= 40, f"only {tested} operations in the spec"
    assert not failures, "\n\n".join(failures)
