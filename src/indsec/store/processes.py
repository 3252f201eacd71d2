"""Which process owns a running scan or detection run, and whether that run was abandoned.

A process killed without warning (SIGKILL, a power cut, out of memory) leaves its run
``running`` for ever. Each run records its host and process id, so the next start can mark
such runs failed: a run is abandoned when its process on this host is gone, or when it has been
running longer than any real run could (which also covers other hosts and reused process ids).
"""

from __future__ import annotations

import os
import socket
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any, Protocol, TypeVar


@dataclass(frozen=True, slots=True)
class Owner:
    """A process on a host."""

    host: str
    pid: int


def this_process() -> Owner:
    return Owner(socket.gethostname(), os.getpid())


def started_here() -> dict[str, Any]:
    """The bookkeeping columns of a new run: nothing reported yet, owned by this process."""
    owner = this_process()
    return {"report": {}, "error": "", "host": owner.host, "pid": owner.pid}


def _gone(owner: Owner) -> bool:
    """True only when the owner is surely dead: a process of this host that no longer exists."""
    if os.name != "posix" or owner.host != socket.gethostname():
        return False  # Windows' os.kill(pid, 0) would terminate the process; other hosts: unknown
    try:
        os.kill(owner.pid, 0)
    except ProcessLookupError:
        return True
    except PermissionError:  # alive, but someone else's
        return False
    return False


class OwnedRun(Protocol):
    """A stored scan or detection run, as far as abandonment goes."""

    status: str
    error: str
    host: str | None
    pid: int | None
    finished_at: datetime | None


Run = TypeVar("Run", bound=OwnedRun)


class ReportedRun(OwnedRun, Protocol):
    """A stored run that keeps its report."""

    report: dict[str, Any]


def finish(run: ReportedRun, *, status: str, report: dict[str, Any], error: str) -> None:
    """Close ``run`` with its final status, report and error, stamped now."""
    run.status, run.report, run.error, run.finished_at = status, report, error, datetime.now(UTC)


def _abandoned(run: OwnedRun, started: datetime, now: datetime, max_age: timedelta) -> str | None:
    """Why a running run is abandoned, or None while it may be alive; a zone-less ``started``
    (SQLite keeps no zone) is UTC."""
    if run.host is not None and run.pid is not None and _gone(Owner(run.host, run.pid)):
        return f"abandoned: its process {run.pid} on {run.host} is gone"
    aware = started if started.tzinfo is not None else started.replace(tzinfo=UTC)
    if now - aware > max_age:
        return f"abandoned: still running after {max_age}"
    return None


def fail_abandoned(
    running: Iterable[Run], *, started: Callable[[Run], datetime], failed: str, max_age: timedelta
) -> list[Run]:
    """Set the abandoned ones among ``running`` runs to status ``failed``, saying why."""
    now = datetime.now(UTC)
    marked = []
    for run in running:
        reason = _abandoned(run, started(run), now, max_age)
        if reason is not None:
            run.status, run.error, run.finished_at = failed, reason, now
            marked.append(run)
    return marked
