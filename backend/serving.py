"""Serving a Sanic app: in this process, or in N worker processes with a socket each.

Why not Sanic's worker manager: it binds one listening socket that every worker shares,
and whichever worker wakes first accepts. Clients that hold a few keep-alive connections
(the action server's pool, a load generator) then often all land on one worker while the
other idles, which halves throughput at random. Here each worker accepts on its own
``SO_REUSEPORT`` socket on the same port, and the kernel spreads connections across them.

Workers are fresh interpreters running this same command line (``sys.orig_argv``) with
``SERVE_WORKER`` ("<n>/<count>") and ``SERVE_WORKER_FD`` in their environment, so any
entry point that calls `serve_app` becomes a worker by itself. The supervisor stops them
all on SIGTERM or SIGINT, and stops them all and fails if one of them dies.
"""

from __future__ import annotations

import logging
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from types import FrameType

from sanic import Sanic

logger = logging.getLogger(__name__)

WORKER = "SERVE_WORKER"
WORKER_FD = "SERVE_WORKER_FD"
BACKLOG = 1024
STOP_TIMEOUT = 20.0


def serve_app(build: Callable[[], Sanic], host: str, port: int, workers: int = 1) -> None:
    """Serve the app that ``build`` makes on host:port with ``workers`` processes."""
    fd = os.environ.get(WORKER_FD)
    if fd is not None:  # a worker started by the supervisor below
        sock = socket.socket(fileno=int(fd))
        build().run(sock=sock, single_process=True, access_log=False, motd=False)
        return
    if workers <= 1:
        build().run(host=host, port=port, single_process=True, access_log=False, motd=False)
        return
    sys.exit(_supervise(host, port, workers))


def _check_port_free(host: str, port: int) -> None:
    """A plain bind fails while anything listens on the port, even a group of
    SO_REUSEPORT sockets, so two servers never silently share a port."""
    with socket.create_server((host, port)):
        pass


def _reuseport_socket(host: str, port: int) -> socket.socket:
    sock = socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET,
                         socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
    sock.bind((host, port))
    sock.listen(BACKLOG)
    sock.set_inheritable(True)
    return sock


def _supervise(host: str, port: int, workers: int) -> int:
    try:
        _check_port_free(host, port)
    except OSError as exc:
        logger.error("cannot serve on %s:%s: %s", host, port, exc.strerror or exc)
        return 1
    socks = [_reuseport_socket(host, port) for _ in range(workers)]
    cmd = [sys.executable, *sys.orig_argv[1:]]
    procs: list[subprocess.Popen[bytes]] = []
    for n, sock in enumerate(socks, start=1):
        env = {**os.environ, WORKER: f"{n}/{workers}", WORKER_FD: str(sock.fileno())}
        procs.append(subprocess.Popen(cmd, env=env, pass_fds=(sock.fileno(),)))
    for sock in socks:  # the workers hold them now
        sock.close()
    logger.info("serving on %s:%s with %d workers (pids %s)", host, port, workers,
                ", ".join(str(p.pid) for p in procs))

    stopping = False

    def stop(signum: int, frame: FrameType | None) -> None:
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    code = 0
    while not stopping:
        dead = [p for p in procs if p.poll() is not None]
        if dead:
            code = dead[0].returncode or 1
            logger.error("worker pid %s exited with %s: stopping the others",
                         dead[0].pid, dead[0].returncode)
            break
        time.sleep(0.2)
    _stop_all(procs)
    return code


def worker_pids(pid: int) -> list[int]:
    """The worker processes that the supervisor ``pid`` started (none: it serves alone)."""
    marker = f"{WORKER}=".encode()
    found = []
    for child in Path("/proc").iterdir():
        if not child.name.isdigit():
            continue
        try:
            parent = int((child / "stat").read_text().rsplit(")", 1)[1].split()[1])
            if parent == pid and any(v.startswith(marker) for v in
                                     (child / "environ").read_bytes().split(b"\0")):
                found.append(int(child.name))
        except (OSError, ValueError, IndexError):
            continue
    return sorted(found)


def _stop_all(procs: list[subprocess.Popen[bytes]]) -> None:
    for p in procs:
        if p.poll() is None:
            p.send_signal(signal.SIGTERM)
    deadline = time.monotonic() + STOP_TIMEOUT
    for p in procs:
        try:
            p.wait(timeout=max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            logger.warning("worker pid %s did not stop in %.0f s: killing it", p.pid,
                           STOP_TIMEOUT)
            p.kill()
            p.wait()
