"""Small statistics helpers shared by the benchmarks."""

from __future__ import annotations

import math
import statistics
from collections.abc import Sequence


def percentile(values: Sequence[float], q: float) -> float | None:
    """The q-th percentile (0-100) by linear interpolation; None for no values."""
    if not values:
        return None
    data = sorted(values)
    if len(data) == 1:
        return data[0]
    pos = (len(data) - 1) * q / 100.0
    lo, hi = math.floor(pos), math.ceil(pos)
    return data[lo] + (data[hi] - data[lo]) * (pos - lo)


def summarize_ms(latencies_s: Sequence[float]) -> dict[str, float | None]:
    """p50/p95/p99/mean/max of latencies given in seconds, reported in milliseconds."""

    def ms(v: float | None) -> float | None:
        return None if v is None else round(v * 1000, 1)

    return {
        "p50_ms": ms(percentile(latencies_s, 50)),
        "p95_ms": ms(percentile(latencies_s, 95)),
        "p99_ms": ms(percentile(latencies_s, 99)),
        "mean_ms": ms(statistics.fmean(latencies_s)) if latencies_s else None,
        "max_ms": ms(max(latencies_s)) if latencies_s else None,
    }


def median_ms(latencies_s: Sequence[float]) -> float | None:
    return round(statistics.median(latencies_s) * 1000, 1) if latencies_s else None
