"""The events of log files as one stream: each file through its reader, all merged by time.

Correlations need one plant-wide timeline, so events of several files are merged by their
timestamps (each file is taken to be in time order, as logs are written); an event without a
time sorts first. A file that cannot be read at all is reported, and the others go on. A
directory stands for every file under it, as collected logs usually arrive as a tree.
"""

from __future__ import annotations

import heapq
from collections import deque
from collections.abc import Callable, Generator, Iterator
from datetime import datetime
from pathlib import Path

from indsec.detect.sources.base import LOG_READERS
from indsec.detect.sources.sniff import sniff_format
from indsec.detect.sources.timezone import PlantClock
from indsec.errors import IndsecError
from indsec.model.event import Event
from indsec.model.source import ScanReport


def log_files(paths: list[Path], report: ScanReport) -> list[Path]:
    """The files to read: files as given, directories walked in name order.

    Hidden files and directories (``.git``, editor swap files) are skipped; a directory with
    no file to read is reported.
    """
    files: list[Path] = []
    for path in paths:
        if not path.is_dir():
            files.append(path)
            continue
        found = sorted(
            entry
            for entry in path.rglob("*")
            if entry.is_file() and not _hidden(entry.relative_to(path))
        )
        if not found:
            report.warn(str(path), "the directory holds no file to read")
        files += found
    return files


def _hidden(relative: Path) -> bool:
    return any(part.startswith(".") for part in relative.parts)


def file_events(
    path: Path, *, log_format: str | None, clock: PlantClock, report: ScanReport
) -> Generator[Event, None, None]:
    """The events of one file, its format given or sniffed; failures go to ``report``."""
    try:
        reader = LOG_READERS.get(log_format or sniff_format(path))(clock=clock)
        yield from reader.read(path, report)
    except IndsecError as exc:
        report.fail(str(path), str(exc))


def time_key(when: datetime | None) -> float:
    """Sort key of time merges (of events, or of their detections); untimed ones come first."""
    return when.timestamp() if when is not None else float("-inf")


def event_time(event: Event) -> float:
    """Sort key of the event merge."""
    return time_key(event.timestamp)


MAX_OPEN_LOGS = 256
"""Default bound on log files open at once in a merge (setting ``INDSEC_DETECT_MAX_OPEN_LOGS``)."""

_Head = tuple[float, int, Event, Iterator[Event]]
"""An open file in the merge: its next event's time, its place among the files, the event and
the rest of the file."""


def merged_events(
    paths: list[Path],
    *,
    log_format: str | None,
    clock: PlantClock,
    report: ScanReport,
    max_open: int = MAX_OPEN_LOGS,
) -> Iterator[Event]:
    """Every file's events merged by time, opening each file only when the merge reaches its
    first event, so that logs which follow one another (rotated files, a day per file) are open
    one or two at a time however many there are; at most ``max_open`` are open at once.

    Ties go to the file given first, as with :func:`heapq.merge` over all files.
    """
    if len(paths) == 1:
        yield from file_events(paths[0], log_format=log_format, clock=clock, report=report)
        return

    def opened(path: Path) -> Iterator[Event]:
        return file_events(path, log_format=log_format, clock=clock, report=report)

    waiting = deque(sorted((_first_time(p, log_format, clock), i, p) for i, p in enumerate(paths)))
    heads: list[_Head] = []
    warned = False
    while waiting or heads:
        if _open_due(waiting, heads, max_open, opened) and not warned:
            _warn_crowded(report, max_open)
            warned = True
        if not heads:
            continue
        _, index, event, rest = heads[0]
        yield event
        following = next(rest, None)
        if following is None:
            heapq.heappop(heads)  # the file is read to its end, so it is closed
        else:
            heapq.heapreplace(heads, (event_time(following), index, following, rest))


def _open_due(
    waiting: deque[tuple[float, int, Path]],
    heads: list[_Head],
    max_open: int,
    opened: Callable[[Path], Iterator[Event]],
) -> bool:
    """Open the waiting files whose first event comes before the next event of the open
    ones; True when one was due but ``max_open`` files are open already."""
    while waiting and (not heads or waiting[0][:2] <= heads[0][:2]):
        if len(heads) >= max_open:
            return True
        _, index, path = waiting.popleft()
        events = opened(path)
        first = next(events, None)
        if first is not None:
            heapq.heappush(heads, (event_time(first), index, first, events))
    return False


def _first_time(path: Path, log_format: str | None, clock: PlantClock) -> float:
    """When a file's first event happened, read and closed again at once; a file without one
    sorts first, so its problems are reported early. Problems found here are reported when the
    file is read for the merge, not twice."""
    events = file_events(path, log_format=log_format, clock=clock, report=ScanReport())
    try:
        first = next(events, None)
    finally:
        events.close()
    return event_time(first) if first is not None else float("-inf")


def _warn_crowded(report: ScanReport, max_open: int) -> None:
    report.warn(
        "logs",
        f"more than {max_open} log files overlap in time (INDSEC_DETECT_MAX_OPEN_LOGS): the "
        "others are read as open ones end, so some events reach correlations out of time order",
    )
