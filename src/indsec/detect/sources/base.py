"""The log-reader extension point: one base class and one registry of readers by format name.

A reader turns one log file into a stream of normalised :class:`~indsec.model.event.Event`
values. Readers are generators so memory stays bounded whatever the file size, and they report
bad records into the :class:`~indsec.model.source.ScanReport` instead of stopping, so one
damaged line never hides the rest of a file. Third-party readers register through the
``indsec.log_readers`` entry-point group.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterator
from pathlib import Path
from typing import ClassVar

from indsec.detect.sources.timezone import PlantClock
from indsec.model.event import Event
from indsec.model.source import ScanReport
from indsec.plugins import Registry, subclass_of


class LogReader(ABC):
    """Reads one log format; ``format`` is the name it is registered under."""

    format: ClassVar[str]

    def __init__(self, *, clock: PlantClock | None = None) -> None:
        self.clock = clock

    @abstractmethod
    def read(self, path: Path, report: ScanReport) -> Iterator[Event]:
        """Stream the events of ``path``; problems go to ``report`` with ``path:line``."""

    @classmethod
    def sniff(cls, head: bytes) -> bool:
        """Whether a file starting with ``head`` looks like this format; unknown by default."""
        return False


LOG_READERS: Registry[type[LogReader]] = Registry(
    "log readers",
    entry_point_group="indsec.log_readers",
    accepts=subclass_of(LogReader),
    builtin_modules=[
        "indsec.detect.sources.bastion",
        "indsec.detect.sources.evtx",
        "indsec.detect.sources.file_activity",
        "indsec.detect.sources.jsonl",
        "indsec.detect.sources.mysql_log",
        "indsec.detect.sources.openvpn",
        "indsec.detect.sources.pg_csvlog",
        "indsec.detect.sources.syslog",
    ],
)
