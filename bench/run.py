"""Run the benchmark suite and write bench/results/<timestamp>/.

    python -m bench.run            # full: >= 30 s per level, trains our model, < 18 min
    python -m bench.run --smoke    # a few seconds per level, reuses cached models
    python -m bench.run --phases cluster   # one phase only (here: 1 vs 2 Rasa replicas)

Exit status is non-zero only when the benchmark itself is broken (a phase crashed, a
service did not start, or a load level completed no message at all); a missed
performance target is reported in summary.md, not by the exit status.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import os
import platform
import subprocess
import sys
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from bench import baseline, cluster, httpload, ourstack, report
from bench.loadgen import ChatClient, Script, UserCtx, closed_loop, long_conversation
from bench.procmem import MemorySampler
from bench.procs import RASA_BIN, ROOT, VENV_PY, WORK, Managed, port_free, quiet_env

logger = logging.getLogger("bench")

BASELINE_PORT = 25480
HELLO_PORT = 28480
PHASES = ("baseline", "stack", "cluster", "tracker", "train", "nlu")
# The cluster phase starts six processes (12-31 s here) and stops them (~10 s): too long
# for a smoke run, which checks its bookkeeping and report with tests/unit/bench instead.
CLUSTER_LEVELS = "10,30"
CLUSTER_SECONDS = 25.0  # 4 levels: the phase, start and stop included, stays under 4 min
TRAIN_CACHE = WORK / "last-train.json"
NLU_CACHE = WORK / "nlu-holdout.json"


class Config:
    def __init__(self, smoke: bool, levels: list[int], seconds: float, long_turns: int,
                 backend_seconds: float, backend_concurrency: int,
                 backend_rounds: int, cluster_levels: list[int],
                 cluster_seconds: float) -> None:
        self.smoke = smoke
        self.levels = levels
        self.seconds = seconds
        self.long_turns = long_turns
        self.backend_seconds = backend_seconds
        self.backend_concurrency = backend_concurrency
        self.backend_rounds = backend_rounds
        self.cluster_levels = cluster_levels
        self.cluster_seconds = cluster_seconds


def sanic_version() -> str:
    try:
        import sanic

        return str(sanic.__version__)
    except Exception:
        return "?"


async def _warmup(url: str, script: Script, sender: str, n: int = 3) -> None:
    """A few untimed messages so lazy initialisation is not charged to the first level."""
    chat = ChatClient(url, max_connections=2)
    try:
        ctx = UserCtx(0, sender)
        for turn in script.loop[:n]:
            if isinstance(turn.text, str):
                await chat.say(ctx.sender, turn.text)
    finally:
        await chat.aclose()


@dataclass
class Side:
    """One bot under load: the stock baseline or our stack."""

    key: str  # "baseline" | "ours"
    url: str
    script: Script
    long_script: Script
    make_ctx: Callable[[int, int], UserCtx]
    long_ctx: Callable[[], UserCtx]
    before_level: Callable[[int], None] | None = None


def run_level(side: Side, n: int, cfg: Config) -> dict[str, Any]:
    if side.before_level:
        side.before_level(n)
    logger.info("%s: %d users for %.0f s", side.key, n, cfg.seconds)
    res = asyncio.run(closed_loop(side.url, side.script, n, cfg.seconds,
                                  lambda i: side.make_ctx(n, i)))
    s = res.summary()
    s["loadavg"] = round(os.getloadavg()[0], 2)
    logger.info("%s %d users: %.1f msg/s p50 %s p95 %s errors %d unexpected %d prelude "
                "failures %d", side.key, n, s["throughput_msg_s"], s["p50_ms"], s["p95_ms"],
                s["errors"], s["unexpected_replies"], s["prelude_failures"])
    if s["ok"] == 0:
        raise RuntimeError(f"{side.key}: no message succeeded at {n} users: "
                           f"{s['error_samples']}")
    return s


# ---- starting the two bots -------------------------------------------------------------

def start_baseline(results: dict[str, Any], smoke: bool) -> Managed:
    # A smoke run serves a light stand-in for the stock bot (bench/baseline.py says why).
    bot = baseline.SMOKE if smoke else baseline.STOCK
    results["baseline"].update(bot=bot.name, bot_label=bot.label)
    meta = baseline.ensure_model(bot)
    results["baseline"]["init_and_train_s"] = meta.get("init_and_train_s")
    results["baseline"]["model_cached"] = meta.get("cached")
    if not port_free(BASELINE_PORT):
        raise RuntimeError(f"port {BASELINE_PORT} for the baseline bot is taken")
    return baseline.server(BASELINE_PORT, meta).start()


def start_stack(results: dict[str, Any]) -> ourstack.Stack:
    model = ROOT / "models" / "current.tar.gz"
    if not model.exists():
        raise RuntimeError("models/current.tar.gz is missing (run `make train`)")
    stack = ourstack.Stack()
    try:
        results["ours"]["startup"] = stack.up(fresh=True)
    except Exception:
        _log_tails(stack)
        stack.down()
        raise
    return stack


def _log_tails(stack: ourstack.Stack) -> None:
    for svc in ourstack.SERVICES:
        tail = stack.log_tail(svc, 15)
        if tail:
            logger.error("last lines of %s log:\n%s", svc, tail)


def baseline_side(run_id: str) -> Side:
    return Side(
        key="baseline", url=f"http://127.0.0.1:{BASELINE_PORT}",
        script=baseline.BASELINE_SCRIPT, long_script=baseline.BASELINE_SCRIPT,
        make_ctx=lambda n, i: UserCtx(i, f"base-{run_id}-{n}-{i}"),
        long_ctx=lambda: UserCtx(0, f"base-long-{run_id}"),
    )


def our_side(stack: ourstack.Stack, run_id: str) -> Side:
    accounts: dict[tuple[int, int], dict[str, str]] = {}

    def before_level(n: int) -> None:
        # Untimed: an account per virtual user, linked, with an application to look up.
        for i in range(n):
            accounts[(n, i)] = stack.create_account(f"b{run_id}l{n}u{i}")

    def long_ctx() -> UserCtx:
        return UserCtx(0, f"ours-long-{run_id}",
                       data=dict(stack.create_account(f"b{run_id}long")))

    return Side(
        key="ours", url=stack.rasa, script=ourstack.our_script(stack),
        long_script=ourstack.long_script(stack),
        make_ctx=lambda n, i: UserCtx(i, f"ours-{run_id}-{n}-{i}", data=dict(accounts[(n, i)])),
        long_ctx=long_ctx, before_level=before_level,
    )


def phase_chat(cfg: Config, results: dict[str, Any], run_id: str, want_baseline: bool,
               want_ours: bool) -> list[str]:
    """Both bots up at once; each load level runs on the stock bot, then on ours.

    Interleaving keeps the comparison fair when the machine's background load drifts
    during the run. Our stack starts first and alone, so its start-up time is not
    contended (a smoke run starts both together to stay short). Returns the broken parts.
    """
    broken: list[str] = []
    base_srv: Managed | None = None
    stack: ourstack.Stack | None = None
    samplers: dict[str, MemorySampler] = {}
    sides: list[Side] = []

    def fail(part: str, exc: BaseException) -> None:
        logger.error("%s failed: %s", part, exc)
        logger.debug("%s", traceback.format_exc())
        broken.append(part)
        results["problems"].append(f"{part} failed: {exc}")

    try:
        if want_baseline and cfg.smoke:
            try:
                base_srv = start_baseline(results, cfg.smoke)
            except Exception as exc:
                fail("baseline start", exc)
        if want_ours:
            try:
                stack = start_stack(results)
                samplers["ours"] = MemorySampler()
                for svc, pid in stack.pids().items():
                    samplers["ours"].watch(svc, pid)
                samplers["ours"].start()
            except Exception as exc:
                fail("stack start", exc)
                stack = None
        if want_baseline and base_srv is None and not cfg.smoke:
            try:
                base_srv = start_baseline(results, cfg.smoke)
            except Exception as exc:
                fail("baseline start", exc)
        if base_srv is not None:
            samplers["baseline"] = MemorySampler()
            samplers["baseline"].watch("rasa", base_srv.pid)
            samplers["baseline"].start()
            try:
                ready = base_srv.wait_http(f"http://127.0.0.1:{BASELINE_PORT}/", timeout=360)
                results["baseline"]["startup"] = {"rasa_ready_s": round(ready, 1)}
                sides.append(baseline_side(run_id))
            except Exception as exc:
                fail("baseline start", exc)
        if stack is not None:
            sides.append(our_side(stack, run_id))
        for side in sides:
            asyncio.run(_warmup(side.url, side.script, f"warm-{run_id}"))
        for n in cfg.levels:
            for side in list(sides):
                try:
                    results[side.key].setdefault("levels", []).append(run_level(side, n, cfg))
                except Exception as exc:
                    fail(f"{side.key} load at {n} users", exc)
                    sides.remove(side)
        for side in sides:
            try:
                logger.info("%s: long conversation, %d turns", side.key, cfg.long_turns)
                lc = asyncio.run(long_conversation(side.url, side.long_script, cfg.long_turns,
                                                   side.long_ctx()))
                results[side.key]["long_conversation"] = lc
                logger.info("%s long conversation: early %s ms, late %s ms, ratio %s",
                            side.key, lc["early_median_ms"], lc["late_median_ms"], lc["ratio"])
                if not lc["prelude_ok"]:
                    results["problems"].append(
                        f"{side.key} long conversation: the prelude (sign-in) failed")
            except Exception as exc:
                fail(f"{side.key} long conversation", exc)
        if base_srv is not None:
            base_srv.stop()
        if stack is not None:
            try:
                results["connection_reuse"] = connection_reuse(cfg, stack)
            except Exception as exc:  # informative only: never breaks the run
                results["problems"].append(f"connection-reuse micro-benchmark failed: {exc}")
            try:
                results["backend"] = backend_bench(cfg, stack, run_id)
            except Exception as exc:
                fail("backend benchmark", exc)
        if stack is not None and "stack" not in " ".join(broken) and any(
                b.startswith("ours") for b in broken):
            _log_tails(stack)
    finally:
        if base_srv is not None:
            base_srv.stop()
        if stack is not None:
            stack.down()
        for key, sampler in samplers.items():
            sampler.stop()
            results[key]["peak_rss_mb"] = sampler.peaks_mb()
    return broken


def backend_bench(cfg: Config, stack: ourstack.Stack, run_id: str) -> dict[str, Any]:
    """Authenticated GET /api/v1/me/applications vs a bare Sanic app, same generator."""
    acct = stack.create_account(f"b{run_id}api")
    token = stack.token(acct["username"])
    pid = stack.pids()["backend"]
    workers = ourstack.backend_workers(pid)
    port = ourstack.PORTS["BACKEND_PORT"]
    out: dict[str, Any] = {
        "generator": "raw asyncio keep-alive HTTP/1.1 (bench/httpload.py, uvloop)",
        "concurrency": cfg.backend_concurrency,
        "seconds": cfg.backend_seconds,
        "rounds": cfg.backend_rounds,
        "workers": workers,
        "workers_note": f"{workers} worker process(es), each with its own SO_REUSEPORT "
                        "socket (backend/serving.py), same for both",
    }
    cmd = [str(VENV_PY), "-m", "bench.hello_app", "--port", str(HELLO_PORT),
           "--workers", str(workers)]
    if not port_free(HELLO_PORT):
        raise RuntimeError(f"port {HELLO_PORT} for the hello-world app is taken")
    hello = Managed("hello-world", cmd, ROOT, WORK / "hello.log", quiet_env()).start()
    # Rounds alternate between the two, so a slow spell of this shared machine falls on
    # both sides instead of on one.
    runs: dict[str, list[httpload.HttpResult]] = {"status_lookup": [], "hello_world": []}
    try:
        hello.wait_http(f"http://127.0.0.1:{HELLO_PORT}/health", timeout=60)
        for _ in range(cfg.backend_rounds):
            runs["status_lookup"].append(httpload.run_sync(
                "GET /api/v1/me/applications (bearer)", "127.0.0.1", port,
                "/api/v1/me/applications", {"Authorization": f"Bearer {token}"},
                cfg.backend_concurrency, cfg.backend_seconds))
            runs["hello_world"].append(httpload.run_sync(
                "GET / (bare Sanic hello world)", "127.0.0.1", HELLO_PORT, "/", {},
                cfg.backend_concurrency, cfg.backend_seconds))
    finally:
        hello.stop()
    for key, parts in runs.items():
        out[key] = httpload.merge(parts[0].name, parts).summary()
        out[key]["rounds_rps"] = [p.summary()["throughput_rps"] for p in parts]
    if out["status_lookup"]["requests"] == 0:
        raise RuntimeError(f"status lookup: no successful request "
                           f"{out['status_lookup']['statuses']} "
                           f"{out['status_lookup']['error_samples']}")
    return out


def connection_reuse(cfg: Config, stack: ourstack.Stack) -> dict[str, Any]:
    """New httpx client per backend call (as the action client does) vs a pooled one."""
    n = 30 if cfg.smoke else 200
    proc = subprocess.run(
        [str(ROOT / ".venv-rasa" / "bin" / "python"), "-m", "bench.micro_conn", "--url",
         f"{stack.backend}/health", "-n", str(n)],
        cwd=ROOT, env=quiet_env(), capture_output=True, text=True, timeout=300, check=True)
    data: dict[str, Any] = json.loads(proc.stdout.strip().splitlines()[-1])
    return data


def phase_cluster(cfg: Config, results: dict[str, Any], run_id: str) -> None:
    """One vs two Rasa replicas behind nginx, CPU per message per service (full runs)."""
    if cfg.smoke:
        results["cluster"] = {"note": "not run in smoke runs (the cluster's start and stop "
                                      "alone take ~30 s); tests/unit/bench checks its report"}
        return
    cluster.phase_cluster(cfg.cluster_levels, cfg.cluster_seconds, run_id, results)


def phase_tracker(cfg: Config, results: dict[str, Any]) -> None:
    """Tracker store load/save cost by conversation length (full runs only; ~20 s)."""
    if cfg.smoke:
        return
    proc = subprocess.run(
        [str(ROOT / ".venv-rasa" / "bin" / "python"), "-m", "bench.micro_tracker",
         "--lengths", "10,50,200"],
        cwd=ROOT, env=quiet_env(), capture_output=True, text=True, timeout=600, check=False)
    if proc.returncode != 0:
        raise RuntimeError(f"micro_tracker failed: {proc.stderr[-1500:]}")
    results["tracker_store"] = json.loads(proc.stdout.strip().splitlines()[-1])


def phase_train(cfg: Config, results: dict[str, Any]) -> None:
    model = results["model"]
    if cfg.smoke:
        if TRAIN_CACHE.exists():
            last = json.loads(TRAIN_CACHE.read_text())
            model["train_s"] = last["train_s"]
            model["train_note"] = f"from the full run of {last['at']}, not timed by this smoke run"
        else:
            model["train_note"] = "not timed in smoke runs and no earlier full run"
        return
    out = WORK / "models"
    out.mkdir(parents=True, exist_ok=True)
    log = WORK / "train.log"
    logger.info("training our model (rasa train --force)")
    t0 = time.perf_counter()
    with log.open("wb") as fh:
        proc = subprocess.run(
            [str(RASA_BIN), "train", "--force", "--config", "bot/config.yml", "--domain",
             "bot/domain", "--data", "data", "--out", str(out), "--fixed-model-name", "bench"],
            cwd=ROOT, env=quiet_env(), stdout=fh, stderr=subprocess.STDOUT, timeout=1200,
            check=False)
    elapsed = round(time.perf_counter() - t0, 1)
    if proc.returncode != 0:
        raise RuntimeError(f"rasa train failed ({proc.returncode}); see {log}")
    model["train_s"] = elapsed
    TRAIN_CACHE.write_text(json.dumps({"train_s": elapsed, "at": results["meta"]["started"]}))


def phase_nlu(cfg: Config, results: dict[str, Any], out_dir: Path) -> None:
    model = ROOT / "models" / "current.tar.gz"
    target = out_dir / "nlu-holdout.json"
    if cfg.smoke:
        # make test scores the hold-out set itself (test-nlu); reuse the newest result.
        for cand in (NLU_CACHE, ROOT / ".run" / "results" / "nlu-holdout.json"):
            if cand.exists():
                data = json.loads(cand.read_text())
                results["model"]["nlu"] = _nlu_brief(data, f"read from {cand.relative_to(ROOT)}")
                return
        results["model"]["nlu"] = None
        return
    logger.info("scoring the NLU hold-out set")
    proc = subprocess.run(
        [str(ROOT / ".venv-rasa" / "bin" / "python"), "scripts/nlu_holdout.py", "--model",
         str(model), "--data", "tests/nlu", "--min-f1", "0", "--out", str(target)],
        cwd=ROOT, env=quiet_env(), capture_output=True, text=True, timeout=900, check=False)
    if not target.exists():
        raise RuntimeError(f"nlu_holdout.py wrote no results ({proc.returncode}): "
                           f"{proc.stdout[-1500:]}{proc.stderr[-1500:]}")
    if proc.returncode != 0:
        results["problems"].append(f"nlu_holdout.py exited {proc.returncode}: "
                                   f"{(proc.stdout or '').strip().splitlines()[-1:]}")
    data = json.loads(target.read_text())
    NLU_CACHE.write_text(target.read_text())
    results["model"]["nlu"] = _nlu_brief(data, "")


def _nlu_brief(data: dict[str, Any], note: str) -> dict[str, Any]:
    keys = ("n", "intent_micro_f1", "intent_macro_f1", "intent_accuracy", "entity_f1",
            "entity_precision", "entity_recall")
    brief = {k: data.get(k) for k in keys}
    brief["confusions"] = (data.get("confusions") or [])[:10]
    brief["note"] = note
    return brief


# ---- main -----------------------------------------------------------------------------

def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--smoke", action="store_true", help="a few seconds per level")
    parser.add_argument("--seconds", type=float, help="seconds per load level")
    parser.add_argument("--levels", default="1,10,30", help="virtual users per level")
    parser.add_argument("--phases", default=",".join(PHASES),
                        help=f"comma-separated subset of {','.join(PHASES)}")
    parser.add_argument("--cluster-levels", default=CLUSTER_LEVELS,
                        help="virtual users per cluster level (each with 1 and 2 replicas)")
    parser.add_argument("--cluster-seconds", type=float, default=CLUSTER_SECONDS,
                        help="seconds per cluster level")
    parser.add_argument("--out", type=Path, help="results directory")
    parser.add_argument("-v", "--verbose", action="store_true")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.DEBUG if args.verbose else logging.INFO,
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
                        datefmt="%H:%M:%S")
    logging.getLogger("httpx").setLevel(logging.WARNING)
    cfg = Config(
        smoke=args.smoke,
        levels=[int(x) for x in args.levels.split(",") if x.strip()],
        seconds=args.seconds or (3.0 if args.smoke else 30.0),
        long_turns=30 if args.smoke else 204,
        backend_seconds=2.0 if args.smoke else 5.0,
        backend_rounds=1 if args.smoke else 3,
        backend_concurrency=10,
        cluster_levels=[int(x) for x in args.cluster_levels.split(",") if x.strip()],
        cluster_seconds=args.cluster_seconds,
    )
    phases = [p.strip() for p in args.phases.split(",") if p.strip()]
    unknown = set(phases) - set(PHASES)
    if unknown:
        parser.error(f"unknown phases: {sorted(unknown)}")
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S") + ("-smoke" if cfg.smoke else "")
    out_dir = args.out or ROOT / "bench" / "results" / stamp
    out_dir.mkdir(parents=True, exist_ok=True)
    run_id = format(int(time.time()) % 0xFFFFFF, "06x")
    t_start = time.perf_counter()
    results: dict[str, Any] = {
        "meta": {
            "started": datetime.now().isoformat(timespec="seconds"),
            "smoke": cfg.smoke, "levels": cfg.levels, "level_seconds": cfg.seconds,
            "long_turns": cfg.long_turns, "phases": phases, "cpus": os.cpu_count(),
            "loadavg_start": [round(x, 2) for x in os.getloadavg()],
            "python": platform.python_version(), "sanic_version": sanic_version(),
        },
        "baseline": {}, "ours": {}, "backend": {}, "model": {}, "problems": [],
    }
    try:
        results["meta"]["rasa_version"] = baseline.rasa_version()
    except RuntimeError as exc:
        results["problems"].append(str(exc))
    broken: list[str] = []
    if "baseline" in phases or "stack" in phases:
        t0 = time.perf_counter()
        logger.info("=== chat load: %s ===", " and ".join(
            p for p in ("baseline", "stack") if p in phases))
        try:
            broken += phase_chat(cfg, results, run_id, "baseline" in phases, "stack" in phases)
        except Exception as exc:
            logger.exception("chat phase crashed")
            broken.append("chat")
            results["problems"].append(f"chat phase crashed: {exc}")
        results["meta"].setdefault("phase_seconds", {})["chat"] = round(
            time.perf_counter() - t0, 1)
    for phase in [p for p in phases if p in ("cluster", "tracker", "train", "nlu")]:
        t0 = time.perf_counter()
        logger.info("=== %s ===", phase)
        try:
            if phase == "cluster":
                phase_cluster(cfg, results, run_id)
            elif phase == "tracker":
                phase_tracker(cfg, results)
            elif phase == "train":
                phase_train(cfg, results)
            else:
                phase_nlu(cfg, results, out_dir)
        except Exception as exc:
            logger.error("phase %s failed: %s", phase, exc)
            broken.append(phase)
            results["problems"].append(f"phase {phase} failed: {exc}")
        results["meta"].setdefault("phase_seconds", {})[phase] = round(
            time.perf_counter() - t0, 1)
    results["meta"]["loadavg_end"] = [round(x, 2) for x in os.getloadavg()]
    results["meta"]["total_seconds"] = round(time.perf_counter() - t_start, 1)
    results["targets"] = report.evaluate_targets(results)
    (out_dir / "results.json").write_text(json.dumps(results, indent=2, default=str) + "\n")
    summary = report.render_summary(results)
    (out_dir / "summary.md").write_text(summary)
    try:
        report.plot(results, out_dir / "latency-vs-concurrency.png")
    except Exception as exc:
        logger.error("plot failed: %s", exc)
        broken.append("plot")
    print(summary)
    print(f"results: {out_dir.relative_to(ROOT) if out_dir.is_relative_to(ROOT) else out_dir}")
    if broken:
        print(f"BENCHMARK BROKEN in: {', '.join(broken)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
