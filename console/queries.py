"""Console data: filters over conversations, and every database query of the console.

The route modules (`console/views/`) hold no SQL: each read is a function here, and so
are the writes to the console's own tables (tags and notes). Writes to the backend's
tables go through its services (`backend.services.handoffs`, `backend.services.audit`).
"""

from __future__ import annotations

import csv
import io
import json
import logging
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import delete, select

from backend.adapters.models import (
    Account,
    Application,
    BackgroundCheck,
    Certificate,
    EducatorProfile,
    Handoff,
)
from backend.adapters.uow import UnitOfWork
from console.models import ConsoleSession, ConversationNote, ConversationTag
from console.tracker_reader import ConversationSummary, Turn, build_transcript
from pii.redaction import redact_text

logger = logging.getLogger(__name__)

HANDOFF_STATES = ("open", "claimed", "closed")
MAX_EXPORT = 5000


@dataclass
class Filters:
    q: str = ""
    date_from: date | None = None
    date_to: date | None = None
    channel: str = ""
    fallback: str = ""  # "", "yes", "no"
    handoff: str = ""  # "", "none", "any", "open", "claimed", "closed"
    tag: str = ""
    page: int = 1

    @classmethod
    def from_args(cls, args: Any) -> Filters:
        def _date(name: str) -> date | None:
            raw = (args.get(name) or "").strip()
            try:
                return date.fromisoformat(raw) if raw else None
            except ValueError:
                return None

        try:
            page = max(1, int(args.get("page") or 1))
        except ValueError:
            page = 1
        fallback = (args.get("fallback") or "").strip()
        handoff = (args.get("handoff") or "").strip()
        return cls(
            # Redacted at once: a number typed into the search box is never echoed back.
            q=redact_text((args.get("q") or "").strip()[:200]),
            date_from=_date("date_from"),
            date_to=_date("date_to"),
            channel=(args.get("channel") or "").strip()[:40],
            fallback=fallback if fallback in ("yes", "no") else "",
            handoff=handoff if handoff in ("none", "any", *HANDOFF_STATES) else "",
            tag=(args.get("tag") or "").strip()[:40],
            page=page,
        )

    def query_string(self, **override: Any) -> str:
        from urllib.parse import urlencode

        values = {
            "q": self.q,
            "date_from": self.date_from.isoformat() if self.date_from else "",
            "date_to": self.date_to.isoformat() if self.date_to else "",
            "channel": self.channel,
            "fallback": self.fallback,
            "handoff": self.handoff,
            "tag": self.tag,
            "page": str(self.page) if self.page > 1 else "",
        }
        values.update({k: str(v) for k, v in override.items()})
        return urlencode({k: v for k, v in values.items() if v})

    def describe(self) -> str:
        return self.query_string(page="") or "(none)"


def _redacted_query(q: str) -> str:
    # Searching for an SSN finds its mask: the store only holds masks.
    return redact_text(q)


def apply_filters(
    summaries: list[ConversationSummary],
    f: Filters,
    handoffs: dict[str, str],
    tags: dict[str, list[str]],
) -> list[ConversationSummary]:
    out = []
    q = _redacted_query(f.q).lower() if f.q else ""
    for s in summaries:
        started = s.started
        if f.date_from and (started is None or started.date() < f.date_from):
            continue
        if f.date_to and (started is None or started.date() > f.date_to):
            continue
        if f.channel and (s.channel or "") != f.channel:
            continue
        if f.fallback == "yes" and not s.fallbacks:
            continue
        if f.fallback == "no" and s.fallbacks:
            continue
        status = handoffs.get(s.sender_id)
        if f.handoff == "none" and status:
            continue
        if f.handoff == "any" and not status:
            continue
        if f.handoff in HANDOFF_STATES and status != f.handoff:
            continue
        if f.tag and f.tag not in tags.get(s.sender_id, []):
            continue
        if q and not (s.matches(q) or any(q in t.lower() for t in tags.get(s.sender_id, []))):
            continue
        out.append(s)
    return out


# ------------------------------------------------------------------ handoffs
async def session_with_account(uow: UnitOfWork,
                               token_hash: str) -> tuple[ConsoleSession, Account] | None:
    """A console session by its token's hash, with the staff account it belongs to."""
    row = (await uow.session.execute(
        select(ConsoleSession, Account)
        .join(Account, Account.id == ConsoleSession.account_id)
        .where(ConsoleSession.token_hash == token_hash))).first()
    return (row[0], row[1]) if row is not None else None


async def console_session(uow: UnitOfWork, token_hash: str) -> ConsoleSession | None:
    return (await uow.session.execute(
        select(ConsoleSession).where(ConsoleSession.token_hash == token_hash))
    ).scalar_one_or_none()


async def handoff_status_by_conversation(uow: UnitOfWork) -> dict[str, str]:
    """The latest handoff's status for each conversation that has one."""
    rows = (await uow.session.execute(select(Handoff).order_by(Handoff.id))).scalars().all()
    return {h.conversation_id: h.status for h in rows}


async def list_handoffs(uow: UnitOfWork, status: str | None) -> list[Handoff]:
    stmt = select(Handoff).order_by(Handoff.created_at.desc(), Handoff.id.desc())
    if status in HANDOFF_STATES:
        stmt = stmt.where(Handoff.status == status)
    return list((await uow.session.execute(stmt)).scalars().all())


async def get_handoff(uow: UnitOfWork, handoff_id: int) -> Handoff | None:
    return await uow.session.get(Handoff, handoff_id)


async def educator_ids_for_usernames(uow: UnitOfWork, usernames: set[str]) -> dict[str, str]:
    """username (normalized) -> Educator ID, for educators who signed in during a chat."""
    if not usernames:
        return {}
    rows = await uow.session.execute(
        select(Account.username_normalized, EducatorProfile.educator_id)
        .join(EducatorProfile, EducatorProfile.account_id == Account.id)
        .where(Account.username_normalized.in_({u.strip().lower() for u in usernames}))
    )
    return {u: e for u, e in rows.all()}


async def get_account(uow: UnitOfWork, account_id: int) -> Account | None:
    return await uow.session.get(Account, account_id)


# ------------------------------------------------------------------ tags and notes
async def tags_by_conversation(uow: UnitOfWork) -> dict[str, list[str]]:
    """conversation id -> its tags, in alphabetical order."""
    rows = (await uow.session.execute(select(ConversationTag).order_by(ConversationTag.tag)))
    out: dict[str, list[str]] = {}
    for t in rows.scalars():
        out.setdefault(t.conversation_id, []).append(t.tag)
    return out


async def conversation_tags(uow: UnitOfWork, conversation_id: str) -> list[ConversationTag]:
    stmt = (
        select(ConversationTag)
        .where(ConversationTag.conversation_id == conversation_id)
        .order_by(ConversationTag.tag)
    )
    return list((await uow.session.execute(stmt)).scalars().all())


async def conversation_notes(uow: UnitOfWork, conversation_id: str) -> list[ConversationNote]:
    stmt = (
        select(ConversationNote)
        .where(ConversationNote.conversation_id == conversation_id)
        .order_by(ConversationNote.id)
    )
    return list((await uow.session.execute(stmt)).scalars().all())


async def add_tag(uow: UnitOfWork, conversation_id: str, tag: str, by: str) -> None:
    """Tag a conversation once (a second identical tag is ignored); commits."""
    exists = (
        await uow.session.execute(
            select(ConversationTag).where(
                ConversationTag.conversation_id == conversation_id, ConversationTag.tag == tag
            )
        )
    ).first()
    if not exists:
        uow.session.add(ConversationTag(conversation_id=conversation_id, tag=tag, created_by=by))
        await uow.commit()


async def remove_tag(uow: UnitOfWork, conversation_id: str, tag: str) -> None:
    await uow.session.execute(
        delete(ConversationTag).where(
            ConversationTag.conversation_id == conversation_id, ConversationTag.tag == tag
        )
    )
    await uow.commit()


async def add_note(uow: UnitOfWork, conversation_id: str, body: str, by: str) -> None:
    uow.session.add(ConversationNote(conversation_id=conversation_id, body=body, created_by=by))
    await uow.commit()


# ------------------------------------------------------------------ educator records
@dataclass
class EducatorRecords:
    """What the console's educator page shows (live ORM rows of the caller's unit of work)."""

    profile: EducatorProfile
    username: str | None
    applications: list[Application]
    certificates: list[Certificate]
    background: BackgroundCheck | None


async def educator_records(uow: UnitOfWork, educator_id: str) -> EducatorRecords | None:
    profile = (
        await uow.session.execute(
            select(EducatorProfile).where(EducatorProfile.educator_id == educator_id)
        )
    ).scalar_one_or_none()
    if profile is None:
        return None
    username = None
    if profile.account_id:
        acct = await uow.session.get(Account, profile.account_id)
        username = acct.username if acct else None
    apps = (
        await uow.session.execute(
            select(Application).where(Application.profile_id == profile.id).order_by(Application.id)
        )
    ).scalars()
    certs = (
        await uow.session.execute(
            select(Certificate).where(Certificate.profile_id == profile.id).order_by(Certificate.id)
        )
    ).scalars()
    background = (
        await uow.session.execute(
            select(BackgroundCheck).where(BackgroundCheck.profile_id == profile.id)
        )
    ).scalar_one_or_none()
    return EducatorRecords(profile, username, list(apps), list(certs), background)


# ------------------------------------------------------------------ exports
def _iso(value: datetime | None) -> str:
    return value.astimezone(UTC).isoformat() if value else ""


def export_rows(
    summaries: list[ConversationSummary],
    events_by_conversation: dict[str, list[dict[str, Any]]],
    handoffs: dict[str, str],
    tags: dict[str, list[str]],
) -> list[dict[str, Any]]:
    """One record per conversation with its turns; every text redacted again."""
    records = []
    for s in summaries[:MAX_EXPORT]:
        turns: list[Turn] = build_transcript(events_by_conversation.get(s.sender_id, []))
        records.append(
            {
                "conversation_id": s.sender_id,
                "started_at": _iso(s.started),
                "channel": s.channel or "",
                "educator_id": s.educator_id or "",
                "turns": s.turns,
                "fallbacks": s.fallbacks,
                "handoff": handoffs.get(s.sender_id, ""),
                "tags": tags.get(s.sender_id, []),
                "messages": [
                    {
                        "at": _iso(t.at),
                        "speaker": t.kind if t.kind != "bot" or not t.staff else "staff",
                        "text": redact_text(t.text or ""),
                        "intent": t.intent,
                        "confidence": t.confidence,
                        "buttons": [b["title"] for b in t.buttons],
                        "clicked": t.clicked,
                    }
                    for t in turns
                    if t.kind in ("user", "bot")
                ],
            }
        )
    return records


def to_jsonl(records: list[dict[str, Any]]) -> str:
    """JSON Lines, values exact (JSON-escaped, already redacted): a program reads this
    file, not a spreadsheet, so cells are not formula-guarded as in `to_csv`."""
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)


# Characters that make a spreadsheet read a cell as a formula (OWASP "CSV Injection"),
# plus a leading line feed, which some spreadsheets skip before reading the rest.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")


def csv_cell(value: Any) -> str:
    """One CSV cell as text that no spreadsheet runs: a value that starts like a formula
    (``=1+1``, ``@SUM(``, ``+1``, ``-2``) is prefixed with a single quote. Every cell of
    an export goes through here, whoever wrote the value (a sender id, a tag, a message)."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def to_csv(records: list[dict[str, Any]]) -> str:
    """One CSV row per message (the conversation's columns repeated)."""
    buf = io.StringIO()
    writer = csv.writer(buf)
    header = [
        "conversation_id",
        "started_at",
        "channel",
        "educator_id",
        "handoff",
        "tags",
        "message_at",
        "speaker",
        "text",
        "intent",
        "confidence",
    ]
    writer.writerow(header)
    for r in records:
        base = [
            r["conversation_id"],
            r["started_at"],
            r["channel"],
            r["educator_id"],
            r["handoff"],
            ";".join(r["tags"]),
        ]
        if not r["messages"]:
            writer.writerow([csv_cell(v) for v in base + ["", "", "", "", ""]])
        for m in r["messages"]:
            confidence = "" if m["confidence"] is None else f"{m['confidence']:.3f}"
            row = base + [m["at"], m["speaker"], m["text"], m["intent"] or "", confidence]
            writer.writerow([csv_cell(v) for v in row])
    return buf.getvalue()
