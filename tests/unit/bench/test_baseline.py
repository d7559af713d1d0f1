"""Which baseline bot a run serves, where it is cached and how the report names it
(bench/baseline.py, bench/report.py), without training or serving one."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from bench import baseline, report

# Rasa's components that build a TensorFlow model (what makes the stock bot slow to train
# and to load).
TENSORFLOW_COMPONENTS = ("DIETClassifier", "ResponseSelector", "TEDPolicy",
                         "UnexpecTEDIntentPolicy")


def test_the_stock_bot_keeps_the_config_rasa_init_writes() -> None:
    assert baseline.STOCK.config is None


def test_the_smoke_stand_in_trains_no_tensorflow_model() -> None:
    assert baseline.SMOKE.config is not None
    assert not [c for c in TENSORFLOW_COMPONENTS if c in baseline.SMOKE.config]


def test_the_stand_in_is_cached_apart_from_the_stock_bot_and_by_its_config(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BENCH_BASELINE_CACHE", str(tmp_path))
    stock, smoke = baseline.cache_dir(baseline.STOCK), baseline.cache_dir(baseline.SMOKE)
    assert stock == tmp_path / f"rasa-{baseline.rasa_version()}"
    assert smoke.parent == tmp_path and smoke != stock
    changed = baseline.Bot("smoke", "x", "x", baseline.SMOKE_CONFIG + "# changed\n")
    assert baseline.cache_dir(changed) not in (stock, smoke)


def _results(bot: baseline.Bot | None, smoke: bool) -> dict[str, Any]:
    results: dict[str, Any] = {
        "meta": {"started": "2026-12-07T06:00:00", "smoke": smoke, "cpus": 2,
                 "loadavg_start": [0.5], "loadavg_end": [0.5], "level_seconds": 3.0},
        "baseline": {}, "ours": {}, "backend": {}, "model": {}, "problems": [],
    }
    if bot is not None:
        results["baseline"].update(bot=bot.name, bot_label=bot.label)
    results["targets"] = report.evaluate_targets(results)
    return results


def test_a_smoke_summary_says_its_baseline_is_not_the_stock_bot() -> None:
    summary = report.render_summary(_results(baseline.SMOKE, smoke=True))
    assert f"Baseline bot: {baseline.SMOKE.name}." in summary
    assert "NOT the stock baseline" in summary
    assert baseline.STOCK.label not in summary


def test_a_full_summary_names_the_stock_bot() -> None:
    summary = report.render_summary(_results(baseline.STOCK, smoke=False))
    assert f"Baseline bot: {baseline.STOCK.name}." in summary
    assert "stand-in" not in summary
