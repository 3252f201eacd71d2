"""The platform benchmark's harness: real servers on loopback, locust headless, its figures read.

Each server is ``indsec serve`` in its own process, as a deployment runs it, so its peak memory
is its own (read from ``/proc``, VmHWM). Locust runs headless in another process and writes its
statistics as CSV; the percentiles come from there, per request name.
"""

from __future__ import annotations

import csv
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

LOCUSTFILE = Path(__file__).with_name("platform_locust.py")
READY_TIMEOUT_S = 60.0


@dataclass(frozen=True)
class Server:
    """A running ``indsec serve``: where it listens and its process id."""

    url: str
    pid: int


@dataclass(frozen=True)
class RequestFigures:
    """One request name's figures from a locust run."""

    name: str
    requests: int
    failures: int
    median_ms: float
    p95_ms: float
    p99_ms: float
    per_second: float


def free_port() -> int:
    """A TCP port free on loopback now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def serving(mode: str, env: Mapping[str, str], workdir: Path, workers: int = 1) -> Iterator[Server]:
    """``indsec serve --mode MODE --workers N`` on a free loopback port until the block ends."""
    port = free_port()
    indsec = str(Path(sys.executable).with_name("indsec"))
    command = [indsec, "serve", "--mode", mode, "--port", str(port), "--workers", str(workers)]
    log = (workdir / f"server-{mode}.log").open("w")
    process = subprocess.Popen(command, env={**os.environ, **env}, stdout=log, stderr=log)
    try:
        _wait_listening(port, process)
        yield Server(url=f"http://127.0.0.1:{port}", pid=process.pid)
    finally:
        process.terminate()
        process.wait(timeout=30)
        log.close()


def _wait_listening(port: int, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + READY_TIMEOUT_S
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server exited with {process.returncode} before listening")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"the server did not listen on port {port} within {READY_TIMEOUT_S:.0f} s")


def peak_rss_mib(pid: int) -> float:
    """The peak resident memory (VmHWM) of a process and all its descendants (a server's
    worker processes), summed, in MiB."""
    total_kib = 0
    for member in [pid, *_descendants(pid)]:
        for line in Path(f"/proc/{member}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                total_kib += int(line.split()[1])
    return total_kib / 1024


def _descendants(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        children = (task / "children").read_text().split()
        for child in map(int, children):
            found += [child, *_descendants(child)]
    return found


def run_locust(
    host: str, users: int, seconds: int, workdir: Path, env: Mapping[str, str]
) -> list[RequestFigures]:
    """Locust headless against ``host``: ``users`` concurrent users for ``seconds``."""
    prefix = workdir / "locust"
    command = [
        sys.executable,
        "-m",
        "locust",
        "-f",
        str(LOCUSTFILE),
        "--headless",
        "--users",
        str(users),
        "--spawn-rate",
        str(users),
        "--run-time",
        f"{seconds}s",
        "--host",
        host,
        "--csv",
        str(prefix),
        "--only-summary",
        "--loglevel",
        "WARNING",
    ]
    subprocess.run(command, env={**os.environ, **env}, check=False, cwd=workdir)
    return read_stats(prefix.with_name("locust_stats.csv"))


def read_stats(path: Path) -> list[RequestFigures]:
    """The per-request rows of locust's ``_stats.csv`` (the Aggregated row included, last)."""
    with path.open(newline="") as handle:
        return [
            RequestFigures(
                name=row["Name"],
                requests=int(row["Request Count"]),
                failures=int(row["Failure Count"]),
                median_ms=float(row["Median Response Time"]),
                p95_ms=float(row["95%"]),
                p99_ms=float(row["99%"]),
                per_second=float(row["Requests/s"]),
            )
            for row in csv.DictReader(handle)
        ]
