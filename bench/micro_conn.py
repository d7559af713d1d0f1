"""Connection reuse in the action server's backend client: a new httpx.AsyncClient per
request (what actions/backend_client.py does) against one pooled client.

Run with the Rasa environment (same httpx as the action server):

    .venv-rasa/bin/python -m bench.micro_conn --url http://127.0.0.1:28000/health -n 300

Prints one JSON object: per-request mean/p50 latency and CPU time for both patterns.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import time

import httpx


async def _measure(url: str, n: int, pooled: bool) -> dict[str, float]:
    lat: list[float] = []
    cpu0 = time.process_time()
    if pooled:
        async with httpx.AsyncClient(timeout=10) as http:
            for _ in range(n):
                t0 = time.perf_counter()
                (await http.get(url)).raise_for_status()
                lat.append(time.perf_counter() - t0)
    else:
        for _ in range(n):
            t0 = time.perf_counter()
            async with httpx.AsyncClient(timeout=10) as http:
                (await http.get(url)).raise_for_status()
            lat.append(time.perf_counter() - t0)
    cpu = time.process_time() - cpu0
    return {
        "mean_ms": round(statistics.fmean(lat) * 1000, 2),
        "p50_ms": round(statistics.median(lat) * 1000, 2),
        "cpu_ms_per_request": round(cpu / n * 1000, 2),
    }


async def _main(url: str, n: int) -> dict[str, object]:
    await _measure(url, 10, pooled=True)  # warm-up
    new = await _measure(url, n, pooled=False)
    pooled = await _measure(url, n, pooled=True)
    return {"url": url, "n": n, "new_client_per_request": new, "pooled_client": pooled}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--url", required=True)
    parser.add_argument("-n", type=int, default=300)
    args = parser.parse_args()
    print(json.dumps(asyncio.run(_main(args.url, args.n))))


if __name__ == "__main__":
    main()
