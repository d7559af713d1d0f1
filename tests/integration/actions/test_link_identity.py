"""The chat's link form reads identities with the backend's rules (pii.identity): the demo
SSN 900-33-0003 that docs/demo-data.md tells people to link is accepted and linked, any
digit script is read as ASCII, and a refusal says why. Real backend, real trackers."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from actions.link import ActionLinkSsn, ValidateLinkForm
from tests.integration.actions.conftest import unique
from tests.integration.actions.helpers import tracker
from tests.integration.actions.test_actions import new_signed_in_educator, no_secret_in, run
from tests.typed_secrets import record_secret

pytestmark = pytest.mark.asyncio

# docs/demo-data.md: "any new valid SSN, e.g. 900-33-0003 with 1992-01-20, creates a record".
# The action suite's backend is a fresh database, so this test's link creates that record.
DEMO_SSN, DEMO_DOB = "900-33-0003", "1992-01-20"
ARABIC_INDIC = str.maketrans("0123456789", "\u0660\u0661\u0662\u0663\u0664\u0665\u0666"
                                           "\u0667\u0668\u0669")
for _secret in (DEMO_SSN, DEMO_SSN.translate(ARABIC_INDIC)):
    record_secret("ssn", _secret)


async def test_the_link_form_accepts_and_links_the_demo_ssn_900_33_0003(
        backend_url: str, domain: dict[str, Any]) -> None:
    sender, token, _ = await new_signed_in_educator(domain, backend_url)
    form = ValidateLinkForm()
    for typed in (DEMO_SSN, "my ssn is 900 33 0003", DEMO_SSN.translate(ARABIC_INDIC),
                  "\uff19\uff10\uff10\u2013\uff13\uff13\u2013\uff10\uff10\uff10\uff13"):
        slots, said, _ = await run(form, tracker(sender, {"access_token": token}, text=typed,
                                                 form="link_form", requested_slot="ssn"),
                                   domain)
        assert slots["ssn"] == DEMO_SSN, said
        assert slots["requested_slot"] == "date_of_birth"
        no_secret_in(said, DEMO_SSN, DEMO_DOB)
    slots, said, _ = await run(form, tracker(sender, {"access_token": token, "ssn": DEMO_SSN},
                                             text="01/20/1992", form="link_form",
                                             requested_slot="date_of_birth"), domain)
    assert slots["date_of_birth"] == DEMO_DOB
    slots, said, _ = await run(ActionLinkSsn(), tracker(sender, {
        "access_token": token, "ssn": DEMO_SSN, "date_of_birth": DEMO_DOB}), domain)
    assert "now linked" in said, said
    assert slots["ssn"] is None and slots["date_of_birth"] is None
    me = httpx.get(f"{backend_url}/api/v1/me",
                   headers={"Authorization": f"Bearer {token}"}, timeout=10).json()
    assert me["linked"] is True and f"Your Educator ID is {me['educator_id']}" in said
    no_secret_in(said, DEMO_SSN, DEMO_DOB)


async def test_a_never_issued_ssn_in_arabic_indic_digits_is_refused_as_never_issued(
        backend_url: str, domain: dict[str, Any]) -> None:
    slots, said, _ = await run(ValidateLinkForm(), tracker(
        unique("conv-"), {"access_token": "t"},
        text="\u0660\u0660\u0660-\u0661\u0662-\u0663\u0664\u0665\u0666", form="link_form",
        requested_slot="ssn"), domain)
    assert slots["ssn"] is None
    assert "never issued as a Social Security Number" in said


async def test_a_date_of_birth_in_the_future_is_refused_with_the_reason(
        backend_url: str, domain: dict[str, Any]) -> None:
    slots, said, _ = await run(ValidateLinkForm(), tracker(
        unique("conv-"), {"access_token": "t", "ssn": DEMO_SSN}, text="04/12/2999",
        form="link_form", requested_slot="date_of_birth"), domain)
    assert slots["date_of_birth"] is None
    assert "in the future" in said
