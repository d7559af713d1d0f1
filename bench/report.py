"""Targets, summary.md and the latency-vs-concurrency plot from a results dict."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from bench.baseline import STOCK

logger = logging.getLogger(__name__)

GIB = 1024.0  # MiB per GiB: the memory target reads 1.5 GB as 1.5 GiB = 1536 MiB


def _level(results: dict[str, Any], side: str, users: int) -> dict[str, Any] | None:
    for lvl in results.get(side, {}).get("levels", []):
        if lvl["users"] == users:
            return lvl
    return None


def _ratio(a: float | None, b: float | None) -> float | None:
    if a is None or b is None or b == 0:
        return None
    return round(a / b, 3)


def _verdict(ok: bool | None) -> str:
    return "N/A" if ok is None else ("PASS" if ok else "MISS")


def evaluate_targets(results: dict[str, Any]) -> list[dict[str, Any]]:
    """One row per target of issue 6: measured value, reference, ratio and verdict."""
    rows: list[dict[str, Any]] = []
    ours10, base10 = _level(results, "ours", 10), _level(results, "baseline", 10)
    thr_o = ours10["throughput_msg_s"] if ours10 else None
    thr_b = base10["throughput_msg_s"] if base10 else None
    r = _ratio(thr_o, thr_b)
    rows.append({"target": "10 users: throughput >= 1.0x baseline", "ours": thr_o,
                 "reference": thr_b, "unit": "msg/s", "ratio": r,
                 "result": _verdict(None if r is None else r >= 1.0)})
    p_o = ours10["p95_ms"] if ours10 else None
    p_b = base10["p95_ms"] if base10 else None
    r = _ratio(p_o, p_b)
    rows.append({"target": "10 users: p95 <= baseline p95", "ours": p_o, "reference": p_b,
                 "unit": "ms", "ratio": r, "result": _verdict(None if r is None else r <= 1.0)})
    ours30 = _level(results, "ours", 30)
    err = None if ours30 is None else ours30["errors"]
    rows.append({"target": "30 users: 0 errors", "ours": err, "reference": 0, "unit": "errors",
                 "ratio": None, "result": _verdict(None if err is None else err == 0)})
    long = results.get("ours", {}).get("long_conversation")
    lr = long.get("ratio") if long else None
    rows.append({"target": "turn 200 latency <= 1.2x turn 5",
                 "ours": long.get("late_median_ms") if long else None,
                 "reference": long.get("early_median_ms") if long else None, "unit": "ms",
                 "ratio": lr, "result": _verdict(None if lr is None else lr <= 1.2)})
    be = results.get("backend", {})
    s = be.get("status_lookup", {}).get("throughput_rps")
    h = be.get("hello_world", {}).get("throughput_rps")
    r = _ratio(s, h)
    rows.append({"target": "backend status lookup >= 0.5x hello-world throughput", "ours": s,
                 "reference": h, "unit": "req/s", "ratio": r,
                 "result": _verdict(None if r is None else r >= 0.5)})
    ready = results.get("ours", {}).get("startup", {}).get("rasa_ready_s")
    rows.append({"target": "Rasa ready <= 30 s after start", "ours": ready, "reference": 30,
                 "unit": "s", "ratio": _ratio(ready, 30),
                 "result": _verdict(None if ready is None else ready <= 30)})
    train = results.get("model", {}).get("train_s")
    rows.append({"target": "full training <= 5 min", "ours": train, "reference": 300,
                 "unit": "s", "ratio": _ratio(train, 300),
                 "result": _verdict(None if train is None else train <= 300)})
    mem = results.get("ours", {}).get("peak_rss_mb", {}).get("rasa")
    rows.append({"target": "Rasa peak memory <= 1.5 GB", "ours": mem, "reference": 1.5 * GIB,
                 "unit": "MiB", "ratio": _ratio(mem, 1.5 * GIB),
                 "result": _verdict(None if mem is None else mem <= 1.5 * GIB)})
    return rows


def _fmt(v: Any) -> str:
    if v is None:
        return "—"
    if isinstance(v, float):
        return f"{v:,.1f}" if abs(v) >= 10 else f"{v:.3g}" if v else "0"
    return str(v)


def render_summary(results: dict[str, Any]) -> str:
    meta = results["meta"]
    out: list[str] = []
    w = out.append
    w(f"# Benchmark summary — {meta['started']} ({'smoke' if meta['smoke'] else 'full'} run)\n")
    w(f"Machine: {meta['cpus']} CPUs, load average at start {meta['loadavg_start']}, at end "
      f"{meta.get('loadavg_end', '?')}. "
      f"Rasa {meta.get('rasa_version', '?')}, Sanic {meta.get('sanic_version', '?')}. "
      f"{meta['level_seconds']} s per load level.")
    load = max(meta["loadavg_start"][0], (meta.get("loadavg_end") or [0])[0])
    if meta["cpus"] and load > meta["cpus"]:
        w(f"**Contended machine**: the 1-minute load average reached {load} on "
          f"{meta['cpus']} CPUs (other work was running), so absolute figures are low; the "
          "ratios compare the two bots under the same conditions, their levels interleaved.")
    if meta["smoke"]:
        w("**Smoke run**: a few seconds per level; the figures only show that the benchmark "
          "works, they are not measurements.")
    base = results.get("baseline", {})
    if base.get("bot"):
        w(f"Baseline bot: {base['bot']}.")
    base_label = base.get("bot_label", STOCK.label)
    w("")
    w("## Targets\n")
    w("| target | ours | reference | ratio | result |")
    w("|---|---:|---:|---:|:---:|")
    for t in results["targets"]:
        unit = t["unit"]
        w(f"| {t['target']} | {_fmt(t['ours'])} {unit} | {_fmt(t['reference'])} {unit} | "
          f"{_fmt(t['ratio'])} | {t['result']} |")
    misses = [t for t in results["targets"] if t["result"] == "MISS"]
    nas = [t for t in results["targets"] if t["result"] == "N/A"]
    w("")
    if misses:
        w("**Targets missed:** " + "; ".join(t["target"] for t in misses) + ".")
    if nas:
        w("**Not measured in this run:** " + "; ".join(t["target"] for t in nas) + ".")
    if not misses and not nas:
        w("All targets met.")
    w("")
    w("## Chat load (Rasa REST channel, closed loop)\n")
    w("| users | ours msg/s | baseline msg/s | ratio | ours p50 / p95 / p99 ms | "
      "baseline p50 / p95 / p99 ms | p95 ratio | errors ours / baseline |")
    w("|---:|---:|---:|---:|---|---|---:|---|")
    levels = sorted({lv["users"] for side in ("ours", "baseline")
                     for lv in results.get(side, {}).get("levels", [])})
    for n in levels:
        o, b = _level(results, "ours", n), _level(results, "baseline", n)

        def trio(x: dict[str, Any] | None) -> str:
            return "—" if x is None else f"{_fmt(x['p50_ms'])} / {_fmt(x['p95_ms'])} / " \
                f"{_fmt(x['p99_ms'])}"

        w(f"| {n} | {_fmt(o and o['throughput_msg_s'])} | {_fmt(b and b['throughput_msg_s'])} | "
          f"{_fmt(_ratio(o and o['throughput_msg_s'], b and b['throughput_msg_s']))} | "
          f"{trio(o)} | {trio(b)} | {_fmt(_ratio(o and o['p95_ms'], b and b['p95_ms']))} | "
          f"{_fmt(o and o['errors'])} / {_fmt(b and b['errors'])} |")
    w("")
    w("Reference figures (docs/performance.md; same machine kind, stock bot): 15 msg/s at 1 user "
      "(p50 58 ms), 39 msg/s at 10 users (p50 236, p95 520 ms), 54 msg/s at 30 users.")
    ours_levels = results.get("ours", {}).get("levels", [])
    if ours_levels:
        w("")
        w("Our messages by kind (faq: retrieval answers; status: signed-in lookups through the "
          "action server and the backend; form: the which-application form; signin/smalltalk):")
        w("")
        w("| users | kind | messages | p50 ms | p95 ms | unexpected replies |")
        w("|---:|---|---:|---:|---:|---:|")
        for lv in ours_levels:
            for k, v in lv["by_kind"].items():
                w(f"| {lv['users']} | {k} | {v['messages']} | {_fmt(v['p50_ms'])} | "
                  f"{_fmt(v['p95_ms'])} | {v['unexpected']} |")
        unexpected = sum(lv["unexpected_replies"] for lv in ours_levels)
        pre = sum(lv["prelude_failures"] for lv in ours_levels)
        w("")
        w(f"Unexpected replies (the reply did not match the script's expectation): {unexpected}; "
          f"virtual users whose sign-in prelude failed: {pre}.")
    w("")
    w("## Long conversation (one sender)\n")
    w("| bot | turns | early window median ms | late window median ms | ratio |")
    w("|---|---:|---|---|---:|")
    for side in ("ours", "baseline"):
        lc = results.get(side, {}).get("long_conversation")
        if lc:
            w(f"| {side} | {lc['turns']} | turns {lc['early_window'][0]}-{lc['early_window'][1]}: "
              f"{_fmt(lc['early_median_ms'])} | turns {lc['late_window'][0]}-"
              f"{lc['late_window'][1]}: {_fmt(lc['late_median_ms'])} | {_fmt(lc['ratio'])} |")
    w("")
    be = results.get("backend", {})
    if be:
        w("## Backend: authenticated status lookup vs bare Sanic hello world\n")
        w(f"Generator: {be.get('generator', '')}; {be.get('concurrency')} connections; "
          f"{be.get('rounds', 1)} round(s) of {be.get('seconds')} s each, the two endpoints "
          f"alternating; server workers: {be.get('workers_note', '?')}.\n")
        w("| endpoint | req/s (all rounds) | req/s by round | p50 ms | p95 ms | p99 ms | errors |")
        w("|---|---:|---|---:|---:|---:|---:|")
        for key in ("status_lookup", "hello_world"):
            x = be.get(key)
            if x:
                rounds = ", ".join(_fmt(r) for r in x.get("rounds_rps", []))
                w(f"| {x['name']} | {_fmt(x['throughput_rps'])} | {rounds} | "
                  f"{_fmt(x['p50_ms'])} | {_fmt(x['p95_ms'])} | {_fmt(x['p99_ms'])} | "
                  f"{x['errors']} |")
        w("")
    out.extend(render_cluster(results.get("cluster") or {}))
    w("## Model, start-up and memory\n")
    model = results.get("model", {})
    st = results.get("ours", {}).get("startup", {})
    bst = base.get("startup", {})
    w(f"- Training (`rasa train --force`): {_fmt(model.get('train_s'))} s"
      f"{' (' + model['train_note'] + ')' if model.get('train_note') else ''}.")
    init_s = base.get("init_and_train_s")
    w(f"- Baseline bot, {base_label} (create + train, timed when first cached): "
      f"{_fmt(init_s)} s.")
    w(f"- Rasa ready after start: ours {_fmt(st.get('rasa_ready_s'))} s, "
      f"{base_label} {_fmt(bst.get('rasa_ready_s'))} s; whole stack up (migrate, seed, "
      f"3 services): {_fmt(st.get('stack_up_s'))} s.")
    nlu = model.get("nlu")
    if nlu:
        note = f", {nlu['note']}" if nlu.get("note") else ""
        w(f"- NLU hold-out ({nlu.get('n')} examples{note}): "
          f"intent micro-F1 {_fmt(nlu.get('intent_micro_f1'))}, macro-F1 "
          f"{_fmt(nlu.get('intent_macro_f1'))}, entity F1 "
          + (_fmt(nlu["entity_f1"]) if nlu.get("entity_f1") is not None else
             "n/a (no entity is annotated or extracted: slots are filled by the forms' "
             "custom mappings from whole answers, so there is nothing to score)") + ".")
        conf = nlu.get("confusions") or []
        if conf:
            w("- Worst-confused intent pairs (gold → predicted, count): " + "; ".join(
                f"{c['gold']} → {c['predicted']} ({c['count']})" for c in conf[:5]) + ".")
    else:
        w("- NLU hold-out: not measured in this run.")
    peaks = results.get("ours", {}).get("peak_rss_mb", {})
    bpeak = results.get("baseline", {}).get("peak_rss_mb", {})
    if peaks or bpeak:
        parts = [f"{k} {_fmt(v)}" for k, v in peaks.items()]
        if bpeak:
            parts.append(f"{base_label} rasa {_fmt(bpeak.get('rasa'))}")
        w("- Peak RSS incl. children (MiB): " + ", ".join(parts) + ".")
    w("")
    cr = results.get("connection_reuse")
    if cr:
        new, pooled = cr["new_client_per_request"], cr["pooled_client"]
        w("## Connection reuse (action server's httpx, GET /health on the backend)\n")
        w("| pattern | mean ms | p50 ms | client CPU ms per request |")
        w("|---|---:|---:|---:|")
        w(f"| new AsyncClient per request (the action client before the fix) | "
          f"{_fmt(new['mean_ms'])} | {_fmt(new['p50_ms'])} | {_fmt(new['cpu_ms_per_request'])} |")
        w(f"| one pooled AsyncClient | {_fmt(pooled['mean_ms'])} | {_fmt(pooled['p50_ms'])} | "
          f"{_fmt(pooled['cpu_ms_per_request'])} |")
        w("")
    ts = results.get("tracker_store")
    if ts:
        w("## Tracker store cost per message (load + save of one conversation)\n")
        w("| turns in the session | events | in-memory load / save ms (stock bot) | "
          "redacting SQL on SQLite load / save ms (ours) |")
        w("|---:|---:|---|---|")
        for n in ts["lengths"]:
            m, q = ts["in_memory"][str(n)], ts["redacting_sql_sqlite"][str(n)]
            w(f"| {n} | {q['events']} | {_fmt(m['load_ms'])} / {_fmt(m['save_ms'])} | "
              f"{_fmt(q['load_ms'])} / {_fmt(q['save_ms'])} |")
        w("")
    problems = results.get("problems", [])
    if problems:
        w("## Problems in this run\n")
        for p in problems:
            w(f"- {p}")
        w("")
    return "\n".join(out) + "\n"


def _cluster_level(c: dict[str, Any], replicas: int, users: int) -> dict[str, Any] | None:
    for lv in c.get("levels", []):
        if lv["replicas"] == replicas and lv["users"] == users:
            return lv
    return None


def _cpu_over(levels: list[dict[str, Any]]) -> dict[str, float]:
    """CPU ms per message by service over several levels (weighted by their messages)."""
    msgs = sum(sum(lv["routed"]["messages"].values()) for lv in levels)
    total: dict[str, float] = {}
    for lv in levels:
        for k, v in lv["cpu_s"].items():
            total[k] = total.get(k, 0.0) + v
    return {k: 1000 * v / msgs for k, v in total.items()} if msgs else {}


CPU_GROUPS = (("nginx", ("nginx",)), ("Rasa (all replicas)", ("rasa-a", "rasa-b")),
              ("action servers", ("actions-a", "actions-b")), ("backend", ("backend",)),
              ("PostgreSQL", ("postgresql",)))


def cluster_sizing(c: dict[str, Any]) -> dict[str, float]:
    """CPU ms per message of each kind of service, over every cluster level (the load
    generator left out: it is the users, not the deployment)."""
    per = _cpu_over(c.get("levels", []))
    return {name: round(sum(per.get(k, 0.0) for k in keys), 1) for name, keys in CPU_GROUPS}


def cluster_limits(c: dict[str, Any]) -> str:
    """Sentences on what limits the two-replica ratio, from the busiest level's figures."""
    users = max((lv["users"] for lv in c.get("levels", [])), default=None)
    one = _cluster_level(c, 1, users) if users else None
    two = _cluster_level(c, 2, users) if users else None
    cpus = c.get("cpus") or 0
    if not one or not two or not cpus or not two.get("cpu_ms_per_message_total"):
        return ""
    thr1, thr2 = one["throughput_msg_s"], two["throughput_msg_s"]
    per2 = two["cpu_ms_per_message_total"]
    cap_idle = cpus * 1000 / per2
    busy = two.get("machine_cores_busy")
    others = max(0.0, busy - two["cores_used_total"]) if busy is not None else 0.0
    text = f"**What limits the ratio:** this machine has {cpus} cores"
    if busy is not None:
        text += (f"; during the two-replica level at {users} users {_fmt(busy)} of them were "
                 f"busy, {_fmt(two['cores_used_total'])} with the measured processes (the "
                 "cluster, PostgreSQL for its databases, the load generator) and the rest with "
                 f"other work on the machine (load average {_fmt(two['loadavg'])})")
    text += (f". With one replica Rasa used {_fmt(one['cores_used'].get('rasa-a'))} core and "
             f"all measured processes {_fmt(one['cores_used_total'])} cores. A message costs "
             f"{_fmt(per2)} CPU-ms over all measured processes with two replicas, so {cpus} "
             f"idle cores would allow at most about {cap_idle:.0f} msg/s however many replicas "
             f"run, a ratio of at most {cap_idle / thr1:.2f} over one replica's {_fmt(thr1)} "
             "msg/s")
    if others >= 0.1:
        cap_here = max(cpus - others, 0.0) * 1000 / per2
        text += (f", and the {cpus - others:.1f} cores other work left about {cap_here:.0f} "
                 f"msg/s (ratio at most {cap_here / thr1:.2f})")
    text += f"; measured: {_fmt(_ratio(thr2, thr1))}. "
    ours1, ours2 = one["cores_used_total"], two["cores_used_total"]
    if others >= 0.3 and ours2 > 1.2 * ours1:
        text += ("On a machine shared with other work the kernel divides the cores among all "
                 "runnable processes, so a second replica also wins the cluster a larger share "
                 f"of them (these processes used {_fmt(ours1)} cores with one replica and "
                 f"{_fmt(ours2)} with two): part of the ratio is that share, not capacity. ")
    rasa1 = sum(one["cpu_ms_per_message"].get(k) or 0 for k in ("rasa-a", "rasa-b"))
    rasa2 = sum(two["cpu_ms_per_message"].get(k) or 0 for k in ("rasa-a", "rasa-b"))
    if rasa1 and rasa2 > 1.1 * rasa1:
        text += (f"Each message also costs Rasa more with two replicas ({_fmt(rasa2)} CPU-ms "
                 f"against {_fmt(rasa1)}): nginx balances connections, not conversations, so a "
                 "turn often lands on the other replica than the conversation's last one, "
                 "whose cached tracker is then stale and is read again from PostgreSQL. ")
    text += ("Two replicas cannot double throughput here: the second replica brings no core of "
             "its own; it shares the same two with the first, the services behind them and "
             "the load generator. The ratio shows what a second replica gains on a machine "
             "that is already nearly full, not how a cluster with a core per replica would "
             "scale.")
    return text


def render_cluster(c: dict[str, Any]) -> list[str]:
    """The cluster phase: 1 vs 2 Rasa replicas behind nginx, CPU per message."""
    if not c:
        return []
    out: list[str] = ["## Cluster: one Rasa replica vs two behind nginx\n"]
    w = out.append
    if not c.get("levels"):
        w(f"{c.get('note') or 'Not measured in this run.'}\n")
        return out
    st = c.get("startup", {})
    w(f"Closed loop through nginx's public port, {_fmt(c.get('level_seconds'))} s per level; "
      f"script: {c.get('script')}. One cluster (started in {_fmt(st.get('cluster_up_s'))} s): "
      "nginx routes to replica a only, or to a and b (`scripts/cluster.sh replicas 1|2`, a "
      "graceful reload); the levels alternate 1, 2 then 2, 1. Messages by replica are "
      "nginx's access log.\n")
    w("| users | msg/s 1 replica | msg/s 2 replicas | ratio 2:1 | p50 ms 1 / 2 | p50 ratio | "
      "p95 ms 1 / 2 | p95 ratio | errors 1 / 2 | unexpected 1 / 2 | messages to a / b (2) |")
    w("|---:|---:|---:|---:|---|---:|---|---:|---|---|---|")
    for n in c.get("users", []):
        one, two = _cluster_level(c, 1, n), _cluster_level(c, 2, n)

        def g(x: dict[str, Any] | None, key: str) -> Any:
            return None if x is None else x.get(key)

        split = g(two, "routed") or {"messages": {}}
        w(f"| {n} | {_fmt(g(one, 'throughput_msg_s'))} | {_fmt(g(two, 'throughput_msg_s'))} | "
          f"**{_fmt(_ratio(g(two, 'throughput_msg_s'), g(one, 'throughput_msg_s')))}** | "
          f"{_fmt(g(one, 'p50_ms'))} / {_fmt(g(two, 'p50_ms'))} | "
          f"{_fmt(_ratio(g(two, 'p50_ms'), g(one, 'p50_ms')))} | "
          f"{_fmt(g(one, 'p95_ms'))} / {_fmt(g(two, 'p95_ms'))} | "
          f"{_fmt(_ratio(g(two, 'p95_ms'), g(one, 'p95_ms')))} | "
          f"{_fmt(g(one, 'errors'))} / {_fmt(g(two, 'errors'))} | "
          f"{_fmt(g(one, 'unexpected_replies'))} / {_fmt(g(two, 'unexpected_replies'))} | "
          f"{split['messages'].get('rasa-a', 0)} / {split['messages'].get('rasa-b', 0)} |")
    w("")
    levels = c["levels"]
    heads = [f"{lv['replicas']} repl., {lv['users']} users" for lv in levels]
    w("CPU ms per message (user + system, from /proc, each process with its children; "
      "PostgreSQL: its server processes for the cluster's two databases; Redis, shared with "
      "the machine's other users, is not counted):\n")
    w("| service | " + " | ".join(heads) + " |")
    w("|---|" + "---:|" * len(levels))
    keys = ["nginx", "rasa-a", "rasa-b", "actions-a", "actions-b", "backend", "postgresql",
            "load generator"]
    for k in keys:
        w(f"| {k} | " + " | ".join(_fmt(lv["cpu_ms_per_message"].get(k)) for lv in levels)
          + " |")
    w("| **all** | " + " | ".join(f"**{_fmt(lv['cpu_ms_per_message_total'])}**"
                                   for lv in levels) + " |")
    w("| cores busy: these processes | " + " | ".join(_fmt(lv["cores_used_total"])
                                                     for lv in levels) + " |")
    w("| cores busy: whole machine | " + " | ".join(_fmt(lv.get("machine_cores_busy"))
                                                   for lv in levels) + " |")
    w("| load average (1 min) | " + " | ".join(_fmt(lv["loadavg"]) for lv in levels) + " |")
    w("")
    sizing = cluster_sizing(c)
    w("CPU ms per message for sizing (all levels, weighted by messages; docs/deployment.md): "
      + ", ".join(f"{k} {_fmt(v)}" for k, v in sizing.items()) + ".\n")
    limits = cluster_limits(c)
    if limits:
        w(limits + "\n")
    return out


def plot(results: dict[str, Any], path: Path) -> None:
    """Latency (p50, p95) and throughput against concurrency, ours vs the baseline bot."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(11, 4.2))
    base_label = results.get("baseline", {}).get("bot_label", STOCK.label)
    styles = {"ours": ("tab:blue", "our stack"), "baseline": ("tab:gray", base_label)}
    for side, (color, label) in styles.items():
        levels = sorted(results.get(side, {}).get("levels", []), key=lambda x: x["users"])
        if not levels:
            continue
        xs = [lv["users"] for lv in levels]
        ax1.plot(xs, [lv["p50_ms"] for lv in levels], "o-", color=color, label=f"{label} p50")
        ax1.plot(xs, [lv["p95_ms"] for lv in levels], "s--", color=color, label=f"{label} p95")
        ax2.plot(xs, [lv["throughput_msg_s"] for lv in levels], "o-", color=color, label=label)
    ax1.set(xlabel="concurrent users", ylabel="latency (ms)", title="Latency vs concurrency")
    ax2.set(xlabel="concurrent users", ylabel="messages/s", title="Throughput vs concurrency")
    for ax in (ax1, ax2):
        ax.grid(alpha=0.3)
        ax.legend(fontsize=8)
    if results["meta"]["smoke"]:
        fig.suptitle("SMOKE RUN (seconds per level; not a measurement)", color="tab:red")
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
