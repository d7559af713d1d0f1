"""A small keep-alive HTTP/1.1 load generator on raw asyncio streams (uvloop if present).

httpx costs about a millisecond of CPU per request, which would make the generator,
not the server, the bottleneck against a hello-world app; raw streams cost far less.
The same generator drives both sides of the backend comparison.
"""

from __future__ import annotations

import asyncio
import logging
import time
from dataclasses import dataclass, field
from typing import Any

from bench.stats import summarize_ms

logger = logging.getLogger(__name__)


@dataclass
class HttpResult:
    name: str
    concurrency: int
    duration_s: float
    latencies: list[float] = field(default_factory=list)
    errors: int = 0
    statuses: dict[int, int] = field(default_factory=dict)
    error_samples: list[str] = field(default_factory=list)

    def summary(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "concurrency": self.concurrency,
            "duration_s": round(self.duration_s, 2),
            "requests": len(self.latencies),
            "errors": self.errors,
            "statuses": {str(k): v for k, v in sorted(self.statuses.items())},
            "throughput_rps": round(len(self.latencies) / self.duration_s, 1)
            if self.duration_s else 0.0,
            **summarize_ms(self.latencies),
            "error_samples": self.error_samples[:3],
        }


async def _read_response(reader: asyncio.StreamReader) -> tuple[int, bool]:
    """Read one response; return (status, keep_alive)."""
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split(" ", 2)[1])
    headers = {}
    for line in lines[1:]:
        if ":" in line:
            k, v = line.split(":", 1)
            headers[k.strip().lower()] = v.strip().lower()
    if "content-length" in headers:
        await reader.readexactly(int(headers["content-length"]))
    elif headers.get("transfer-encoding") == "chunked":
        while True:
            size = int((await reader.readuntil(b"\r\n")).strip().split(b";")[0], 16)
            await reader.readexactly(size + 2)
            if size == 0:
                break
    return status, headers.get("connection") != "close"


async def run(
    name: str, host: str, port: int, path: str, headers: dict[str, str],
    concurrency: int, duration: float, warmup: float = 0.5,
) -> HttpResult:
    """``concurrency`` connections, each sending GET ``path`` back to back."""
    req = f"GET {path} HTTP/1.1\r\nHost: {host}:{port}\r\n" + "".join(
        f"{k}: {v}\r\n" for k, v in headers.items()
    ) + "Connection: keep-alive\r\n\r\n"
    raw = req.encode("latin-1")
    result = HttpResult(name, concurrency, duration)
    # Shared by the connection loops: recording starts after the warm-up.
    state = {"recording": 0.0, "start": 0.0, "stop_at": float("inf")}

    async def conn_loop() -> None:
        reader: asyncio.StreamReader | None = None
        writer: asyncio.StreamWriter | None = None
        while time.perf_counter() < state["stop_at"]:
            try:
                if writer is None:
                    reader, writer = await asyncio.open_connection(host, port)
                assert reader is not None
                t0 = time.perf_counter()
                writer.write(raw)
                status, keep = await _read_response(reader)
                dt = time.perf_counter() - t0
                if state["recording"] and state["start"] <= t0 < state["stop_at"]:
                    result.statuses[status] = result.statuses.get(status, 0) + 1
                    if 200 <= status < 300:
                        result.latencies.append(dt)
                    else:
                        result.errors += 1
                        if len(result.error_samples) < 3:
                            result.error_samples.append(f"HTTP {status}")
                if not keep:
                    writer.close()
                    writer = None
            except (OSError, asyncio.IncompleteReadError, ValueError) as exc:
                if state["recording"]:
                    result.errors += 1
                    if len(result.error_samples) < 3:
                        result.error_samples.append(f"{type(exc).__name__}: {exc}")
                if writer is not None:
                    writer.close()
                writer = None
                await asyncio.sleep(0.01)
        if writer is not None:
            writer.close()

    tasks = [asyncio.create_task(conn_loop()) for _ in range(concurrency)]
    await asyncio.sleep(warmup)
    start = time.perf_counter()
    state.update(recording=1.0, start=start, stop_at=start + duration)
    await asyncio.gather(*tasks)
    result.duration_s = duration
    return result


def merge(name: str, parts: list[HttpResult]) -> HttpResult:
    """Several runs against one endpoint as one result (throughput over their total time)."""
    out = HttpResult(name, parts[0].concurrency, sum(p.duration_s for p in parts))
    for p in parts:
        out.latencies += p.latencies
        out.errors += p.errors
        out.error_samples += p.error_samples
        for k, v in p.statuses.items():
            out.statuses[k] = out.statuses.get(k, 0) + v
    return out


def run_sync(*args: Any, **kwargs: Any) -> HttpResult:
    """Run :func:`run` in a fresh event loop (uvloop when installed)."""
    try:
        import uvloop

        return uvloop.run(run(*args, **kwargs))
    except ImportError:
        return asyncio.run(run(*args, **kwargs))
