"""The events of log files as one stream: each file through its reader, all merged by time.

Correlations need one plant-wide timeline, so events of several files are merged by their
timestamps (each file is taken to be in time order, as logs are written); an event without a
time sorts first. A file that cannot be read at all is reported, and the others go on. A
directory stands for every file under it, as collected logs usually arrive as a tree.
"""

from __future__ import annotations

import heapq
from collections.abc import Iterator
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
) -> Iterator[Event]:
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


def merged_events(
    paths: list[Path], *, log_format: str | None, clock: PlantClock, report: ScanReport
) -> Iterator[Event]:
    """Every file's events merged by time."""
    streams = [file_events(p, log_format=log_format, clock=clock, report=report) for p in paths]
    return heapq.merge(*streams, key=event_time)
