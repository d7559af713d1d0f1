"""Peak memory of process trees, sampled from /proc (Linux only, no dependencies)."""

from __future__ import annotations

import logging
import os
import threading
from dataclasses import dataclass, field
from pathlib import Path

logger = logging.getLogger(__name__)

_PAGE = os.sysconf("SC_PAGE_SIZE")


def _children_map() -> dict[int, list[int]]:
    children: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            stat = Path(entry.path, "stat").read_text()
        except OSError:
            continue
        # The command name is in parentheses and may contain spaces: split after it.
        rest = stat.rsplit(")", 1)[1].split()
        children.setdefault(int(rest[1]), []).append(int(entry.name))
    return children


def tree_pids(root: int) -> list[int]:
    """The root pid and all its descendants that are alive now."""
    children = _children_map()
    out, todo = [], [root]
    while todo:
        pid = todo.pop()
        out.append(pid)
        todo.extend(children.get(pid, []))
    return out


def rss_bytes(pid: int) -> int:
    """Resident set size of one process (0 if it is gone)."""
    try:
        fields = Path(f"/proc/{pid}/statm").read_text().split()
    except OSError:
        return 0
    return int(fields[1]) * _PAGE


def tree_rss_bytes(root: int) -> int:
    """Summed RSS of a process and its descendants (shared pages count once per process)."""
    return sum(rss_bytes(pid) for pid in tree_pids(root))


@dataclass
class MemorySampler:
    """Samples the RSS of named process trees in a background thread; keeps the peaks.

    ``pids`` maps a service name to its root pid; it may be updated while running
    (e.g. when a service restarts).
    """

    interval: float = 0.5
    pids: dict[str, int] = field(default_factory=dict)
    peaks: dict[str, int] = field(default_factory=dict)
    _stop: threading.Event = field(default_factory=threading.Event)
    _thread: threading.Thread | None = None

    def watch(self, name: str, pid: int) -> None:
        self.pids[name] = pid

    def sample_once(self) -> None:
        for name, pid in list(self.pids.items()):
            rss = tree_rss_bytes(pid)
            if rss > self.peaks.get(name, 0):
                self.peaks[name] = rss

    def _loop(self) -> None:
        while not self._stop.is_set():
            try:
                self.sample_once()
            except Exception:  # a vanished process must not kill the sampler
                logger.debug("memory sample failed", exc_info=True)
            self._stop.wait(self.interval)

    def start(self) -> MemorySampler:
        self._stop.clear()
        self._thread = threading.Thread(target=self._loop, name="mem-sampler", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> dict[str, int]:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=5)
        self.sample_once()
        return dict(self.peaks)

    def peaks_mb(self) -> dict[str, float]:
        return {k: round(v / 2**20, 1) for k, v in self.peaks.items()}
