"""The platform benchmark's harness: real servers on loopback, locust headless, its figures read.

Each server is ``indsec serve`` in its own process tree (uvicorn's supervisor and its worker
processes), as a deployment runs it, so its peak memory is its own, per process (read from
``/proc``, VmHWM). Locust runs headless in another process and writes its statistics as CSV;
the percentiles come from there, per request name. Wall-clock figures of a shared machine move
with its other work, so the CPU time each side spent (the servers, the database, the load
generator) is read from ``/proc`` too: CPU per request is what the code costs, whatever the
machine's load.
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


@dataclass(frozen=True)
class LocustRun:
    """One phase of load: its name, the locustfile's user classes it runs, how many, how long."""

    name: str
    classes: tuple[str, ...]
    users: int
    seconds: int


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
    process = subprocess.Popen(command, env=env_all(env), stdout=log, stderr=log)
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


def peak_rss_mib(pid: int) -> list[float]:
    """The peak resident memory (VmHWM) of a process, then of each of its descendants (a
    server's worker processes), in MiB."""
    found = []
    for member in [pid, *_descendants(pid)]:
        for line in Path(f"/proc/{member}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                found.append(int(line.split()[1]) / 1024)
    return found


def cpu_seconds(pid: int | None) -> float:
    """CPU time (user + system) a process tree has used so far: each live member's own and
    that of its children already reaped (a database's ended backends); 0 without a process."""
    if pid is None:
        return 0.0
    ticks = 0
    for member in [pid, *_descendants(pid)]:
        try:
            fields = Path(f"/proc/{member}/stat").read_text().rsplit(")", 1)[1].split()
        except FileNotFoundError:  # ended between the listing and the reading
            continue
        ticks += sum(int(value) for value in fields[11:15])  # utime stime cutime cstime
    return ticks / os.sysconf("SC_CLK_TCK")


def parent_pid(pid: int) -> int | None:
    """The parent of a local process (a database backend's postmaster); None if not local."""
    try:
        return int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[1])
    except FileNotFoundError:
        return None


def _descendants(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        children = (task / "children").read_text().split()
        for child in map(int, children):
            found += [child, *_descendants(child)]
    return found


def run_locust(
    host: str, load: LocustRun, workdir: Path, env: Mapping[str, str]
) -> list[RequestFigures]:
    """Locust headless against ``host``: ``load.users`` concurrent users of ``load.classes``
    for ``load.seconds``."""
    prefix = workdir / f"locust-{load.name}"
    users, seconds = load.users, load.seconds
    command = [
        sys.executable,
        "-m",
        "locust",
        "-f",
        str(LOCUSTFILE),
        *load.classes,
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
    log = prefix.with_suffix(".log")
    with log.open("w") as output:  # locust's own summary: the report prints the figures
        subprocess.run(
            command,
            env=env_all(env),
            check=False,
            cwd=workdir,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    stats = prefix.with_name(f"{prefix.name}_stats.csv")
    if not stats.exists():
        raise RuntimeError(f"locust wrote no statistics; its output: {log.read_text()[-2000:]}")
    return read_stats(stats)


def env_all(env: Mapping[str, str]) -> dict[str, str]:
    """This process's environment with ``env`` over it."""
    return {**os.environ, **env}


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
