"""Closed-loop chat load over Rasa's REST channel, identical for our bot and the baseline.

Each virtual user has its own sender id. It runs its script's prelude once, untimed
(e.g. signing in), waits until every user is ready, then repeats the script's loop
turns back to back (closed loop: the next message is sent when the reply arrived)
until the window ends. Messages still in flight when the window ends are counted.
"""

from __future__ import annotations

import asyncio
import logging
import math
import re
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

import httpx

from bench.stats import median_ms, summarize_ms

logger = logging.getLogger(__name__)

Replies = list[dict[str, Any]]
WINDOW_TURNS = 20  # long conversation: at least this many turns per compared window
# A turn's text may depend on the user (username) or on earlier replies (a code from mail).
TextFn = Callable[["UserCtx"], Awaitable[str]]


@dataclass
class Turn:
    """One user message. ``expect`` is a regex searched (case-insensitive) in the replies."""

    text: str | TextFn
    kind: str = "chat"
    expect: str | None = None


@dataclass
class Script:
    """A conversation: ``prelude`` runs once before the timed window, ``loop`` repeats."""

    name: str
    prelude: list[Turn]
    loop: list[Turn]


@dataclass
class UserCtx:
    """What a virtual user knows: its index, sender id and per-user data (account)."""

    index: int
    sender: str
    data: dict[str, Any] = field(default_factory=dict)
    last_replies: Replies = field(default_factory=list)


class ChatClient:
    """Posts messages to a Rasa REST channel over one pooled keep-alive client."""

    def __init__(self, base_url: str, max_connections: int, timeout: float = 30.0) -> None:
        self.url = base_url.rstrip("/") + "/webhooks/rest/webhook"
        self.client = httpx.AsyncClient(
            timeout=timeout,
            limits=httpx.Limits(
                max_connections=max_connections, max_keepalive_connections=max_connections
            ),
        )

    async def say(self, sender: str, text: str) -> Replies:
        r = await self.client.post(self.url, json={"sender": sender, "message": text})
        r.raise_for_status()
        data = r.json()
        if not isinstance(data, list):
            raise ValueError(f"unexpected reply body: {str(data)[:200]}")
        return data

    async def aclose(self) -> None:
        await self.client.aclose()


def reply_text(replies: Replies) -> str:
    parts: list[str] = []
    for r in replies:
        if r.get("text"):
            parts.append(str(r["text"]))
        for b in r.get("buttons") or []:
            parts.append(str(b.get("title", "")))
    return "\n".join(parts)


async def _text_of(turn: Turn, ctx: UserCtx) -> str:
    return turn.text if isinstance(turn.text, str) else await turn.text(ctx)


@dataclass
class TurnRecord:
    kind: str
    latency: float
    ok: bool
    empty: bool
    unexpected: bool


@dataclass
class LevelResult:
    users: int
    duration_s: float
    records: list[TurnRecord]
    errors: list[str]
    prelude_failures: int

    def summary(self) -> dict[str, Any]:
        ok = [r for r in self.records if r.ok]
        lat = [r.latency for r in ok]
        by_kind: dict[str, Any] = {}
        for kind in sorted({r.kind for r in self.records}):
            ks = [r for r in self.records if r.kind == kind]
            kl = [r.latency for r in ks if r.ok]
            by_kind[kind] = {
                "messages": len(ks),
                "errors": sum(not r.ok for r in ks),
                "unexpected": sum(r.unexpected for r in ks),
                **summarize_ms(kl),
            }
        return {
            "users": self.users,
            "duration_s": round(self.duration_s, 2),
            "messages": len(self.records),
            "ok": len(ok),
            "errors": len(self.records) - len(ok),
            "empty_replies": sum(r.empty for r in ok),
            "unexpected_replies": sum(r.unexpected for r in ok),
            "prelude_failures": self.prelude_failures,
            "throughput_msg_s": round(len(ok) / self.duration_s, 2) if self.duration_s else 0.0,
            **summarize_ms(lat),
            "by_kind": by_kind,
            "error_samples": self.errors[:5],
        }


async def _timed_turn(
    chat: ChatClient, ctx: UserCtx, turn: Turn, errors: list[str]
) -> TurnRecord:
    text = await _text_of(turn, ctx)
    t0 = time.perf_counter()
    try:
        replies = await chat.say(ctx.sender, text)
    except Exception as exc:  # every transport/HTTP failure is an error, never a crash
        latency = time.perf_counter() - t0
        errors.append(f"{ctx.sender} {text[:40]!r}: {type(exc).__name__}: {exc}"[:300])
        return TurnRecord(turn.kind, latency, ok=False, empty=False, unexpected=False)
    latency = time.perf_counter() - t0
    ctx.last_replies = replies
    unexpected = bool(turn.expect) and not re.search(
        turn.expect or "", reply_text(replies), re.IGNORECASE
    )
    if unexpected:
        logger.debug("unexpected reply to %r: %r", text, reply_text(replies)[:200])
    return TurnRecord(turn.kind, latency, ok=True, empty=not replies, unexpected=unexpected)


async def run_prelude(chat: ChatClient, ctx: UserCtx, script: Script, quiet: bool = False
                      ) -> bool:
    """Run the untimed prelude; False (logged) if a turn failed or got an unexpected reply."""
    for turn in script.prelude:
        errors: list[str] = []
        rec = await _timed_turn(chat, ctx, turn, errors)
        if not rec.ok or rec.unexpected:
            logger.log(
                logging.DEBUG if quiet else logging.WARNING,
                "prelude of %s failed at %r: %s %s",
                ctx.sender,
                turn.text if isinstance(turn.text, str) else turn.kind,
                errors[:1],
                reply_text(ctx.last_replies)[:200],
            )
            return False
    return True


async def closed_loop(
    base_url: str,
    script: Script,
    users: int,
    duration: float,
    make_ctx: Callable[[int], UserCtx],
) -> LevelResult:
    """Run ``users`` virtual users for ``duration`` seconds after their preludes."""
    chat = ChatClient(base_url, max_connections=users + 2)
    ctxs = [make_ctx(i) for i in range(users)]
    try:
        # One warning is enough: the summary counts the failed preludes.
        prelude_ok = await asyncio.gather(
            *(run_prelude(chat, c, script, quiet=c.index > 0) for c in ctxs))
        records: list[TurnRecord] = []
        errors: list[str] = []
        start = time.perf_counter()
        deadline = start + duration

        async def user(ctx: UserCtx) -> None:
            i = 0
            while time.perf_counter() < deadline:
                turn = script.loop[i % len(script.loop)]
                records.append(await _timed_turn(chat, ctx, turn, errors))
                i += 1

        await asyncio.gather(*(user(c) for c in ctxs))
        elapsed = time.perf_counter() - start
    finally:
        await chat.aclose()
    return LevelResult(users, elapsed, records, errors, prelude_failures=prelude_ok.count(False))


async def long_conversation(
    base_url: str, script: Script, turns: int, ctx: UserCtx
) -> dict[str, Any]:
    """One sender, ``turns`` timed turns in a row (after the prelude); per-turn latency.

    Turn numbers count from 1 and include the prelude, so "turn 200" is the 200th
    message of the conversation.
    """
    chat = ChatClient(base_url, max_connections=2)
    latencies: list[float] = []
    errors: list[str] = []
    try:
        ok = await run_prelude(chat, ctx, script)
        n_pre = len(script.prelude)
        i = 0
        while n_pre + len(latencies) < turns:
            rec = await _timed_turn(chat, ctx, script.loop[i % len(script.loop)], errors)
            latencies.append(rec.latency if rec.ok else float("nan"))
            i += 1
    finally:
        await chat.aclose()
    # Index by conversation turn number (1-based, prelude turns have no timing).
    by_turn = {n_pre + k + 1: v for k, v in enumerate(latencies)}

    def window(lo: int, hi: int) -> list[float]:
        return [by_turn[t] for t in range(lo, hi + 1) if t in by_turn and by_turn[t] == by_turn[t]]

    # Both windows are whole cycles of the loop script, so they hold the same mix of
    # messages (an FAQ answer and a backend lookup cost different amounts), and at least
    # WINDOW_TURNS long, so one burst of background load on a shared machine does not
    # decide the median. The first window holds turn 5, the last one turn 200.
    size = len(script.loop) * math.ceil(WINDOW_TURNS / len(script.loop))
    lo = n_pre + 1
    early, late = window(lo, lo + size - 1), window(turns - size + 1, turns)
    early_ms, late_ms = median_ms(early), median_ms(late)
    return {
        "turns": turns,
        "prelude_ok": ok,
        "errors": len(errors),
        "error_samples": errors[:3],
        "early_window": [lo, lo + size - 1],
        "late_window": [turns - size + 1, turns],
        "early_median_ms": early_ms,
        "late_median_ms": late_ms,
        "ratio": round(late_ms / early_ms, 3) if early_ms and late_ms else None,
        "latencies_ms": [round(v * 1000, 1) if v == v else None for v in latencies],
        "first_timed_turn": n_pre + 1,
    }
