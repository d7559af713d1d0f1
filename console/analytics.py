"""Analytics over conversation summaries, and the charts drawn server-side as PNG.

Charts are rendered with matplotlib's Agg backend in the backend process: no browser
chart library and no CDN. Figures are small and drawn off the event loop.
"""

from __future__ import annotations

import io
import logging
from collections import Counter
from dataclasses import dataclass, field
from datetime import date

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

from console.tracker_reader import ConversationSummary  # noqa: E402

logger = logging.getLogger(__name__)


@dataclass
class Analytics:
    total: int = 0
    per_day: list[tuple[date, int]] = field(default_factory=list)
    with_handoff: int = 0
    with_fallback: int = 0
    user_turns: int = 0
    fallback_turns: int = 0
    top_intents: list[tuple[str, int]] = field(default_factory=list)
    unanswered: list[tuple[str, int]] = field(default_factory=list)

    @property
    def containment(self) -> float:
        return (self.total - self.with_handoff) / self.total if self.total else 0.0

    @property
    def fallback_rate(self) -> float:
        """Share of conversations with at least one fallback."""
        return self.with_fallback / self.total if self.total else 0.0

    @property
    def turn_fallback_rate(self) -> float:
        """Share of user messages that ended in a fallback."""
        return self.fallback_turns / self.user_turns if self.user_turns else 0.0


def compute(
    summaries: list[ConversationSummary], handoff_conversations: set[str], top: int = 15
) -> Analytics:
    per_day: Counter[date] = Counter()
    intents: Counter[str] = Counter()
    unanswered: Counter[str] = Counter()
    out = Analytics(total=len(summaries))
    for s in summaries:
        if s.started is not None:
            per_day[s.started.date()] += 1
        if s.sender_id in handoff_conversations:
            out.with_handoff += 1
        if s.fallbacks:
            out.with_fallback += 1
        out.user_turns += s.turns
        out.fallback_turns += min(s.fallbacks, s.turns)
        intents.update(s.intents)
        unanswered.update(" ".join(t.split()) for t in s.unanswered if t.strip())
    out.per_day = sorted(per_day.items())
    out.top_intents = intents.most_common(top)
    out.unanswered = unanswered.most_common(top)
    return out


def _png(fig: plt.Figure) -> bytes:
    buf = io.BytesIO()
    fig.tight_layout()
    fig.savefig(buf, format="png", dpi=100)
    plt.close(fig)
    return buf.getvalue()


def chart_per_day(a: Analytics) -> bytes:
    fig, ax = plt.subplots(figsize=(7, 3))
    if a.per_day:
        days = [d.isoformat() for d, _ in a.per_day]
        ax.bar(days, [n for _, n in a.per_day], color="#2f6f9f")
        ax.tick_params(axis="x", labelrotation=45, labelsize=8)
    else:
        ax.text(0.5, 0.5, "No conversations yet", ha="center", va="center")
    ax.set_title("Conversations per day")
    ax.set_ylabel("conversations")
    return _png(fig)


def chart_containment(a: Analytics) -> bytes:
    fig, ax = plt.subplots(figsize=(4.5, 3))
    labels = ["contained", "handed off", "had a fallback"]
    values = [a.total - a.with_handoff, a.with_handoff, a.with_fallback]
    ax.bar(labels, values, color=["#3a8f5c", "#c0772c", "#b03a3a"])
    ax.set_title(f"Containment {a.containment:.0%} of {a.total}")
    ax.set_ylabel("conversations")
    return _png(fig)


def chart_intents(a: Analytics) -> bytes:
    fig, ax = plt.subplots(figsize=(7, 4))
    if a.top_intents:
        names = [n for n, _ in reversed(a.top_intents)]
        ax.barh(names, [c for _, c in reversed(a.top_intents)], color="#5a5aa8")
        ax.tick_params(axis="y", labelsize=8)
    else:
        ax.text(0.5, 0.5, "No intents yet", ha="center", va="center")
    ax.set_title("Top intents")
    ax.set_xlabel("user messages")
    return _png(fig)


CHARTS = {"per-day": chart_per_day, "containment": chart_containment, "intents": chart_intents}
