"""Facts the chat states have one home, the backend's catalog, and reach the chat over HTTP
(`GET /api/v1/reference`): the FAQ answers that name the mailing address fill it in."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from rasa_sdk.executor import CollectingDispatcher

from actions.router import ActionRoute
from tests.integration.actions.conftest import unique
from tests.integration.actions.helpers import tracker

ROOT = Path(__file__).resolve().parents[3]
ADDRESS_MARK = "P.O. Box 480"


def test_the_mailing_address_is_written_only_in_the_backends_catalog() -> None:
    holders = sorted(
        str(path.relative_to(ROOT))
        for folder in ("actions", "backend", "bot", "data", "pii")
        for path in (ROOT / folder).rglob("*")
        if path.suffix in {".py", ".yml", ".yaml", ".html", ".js"}
        and ADDRESS_MARK in path.read_text(encoding="utf-8", errors="replace")
        and "migrations" not in path.parts
    )
    # bot/clauses.py only names "P.O. Box" as an abbreviation that does not end a sentence.
    assert [h for h in holders if h != "bot/clauses.py"] == ["backend/domain/catalog.py"]


@pytest.mark.asyncio
@pytest.mark.parametrize("faq", ["mail_transcripts", "mail_documents"])
async def test_an_faq_answer_names_the_backends_mailing_address(
        backend_url: str, domain: dict[str, Any], faq: str) -> None:
    import httpx
    from rasa.core.nlg.response import TemplatedNaturalLanguageGenerator
    from rasa.shared.core.domain import Domain
    from rasa.shared.core.trackers import DialogueStateTracker

    address = httpx.get(f"{backend_url}/api/v1/reference", timeout=10).json()["mailing_address"]
    assert ADDRESS_MARK in address
    dispatcher = CollectingDispatcher()
    await ActionRoute().run(dispatcher, tracker(unique("conv-"), {}, text="where do I mail it",
                                                faq=faq), domain)
    (message,) = [m for m in dispatcher.messages if m.get("response") == f"utter_faq_{faq}"]
    assert message["mailing_address"] == address
    # Rasa fills the response's `{mailing_address}` with what the action sent.
    rasa_domain = Domain.from_dict(domain)
    nlg = TemplatedNaturalLanguageGenerator(rasa_domain.responses)
    filled = await nlg.generate(f"utter_faq_{faq}", DialogueStateTracker("x", rasa_domain.slots),
                                "rest", mailing_address=message["mailing_address"])
    assert filled is not None
    assert address in filled["text"] and "{" not in filled["text"]
