"""The base of every text log reader: parse syntax into raw records, let the pipeline do the rest.

A subclass only knows its file syntax and yields ``(origin, raw record)`` pairs; the reader's
``log_pipeline`` pack, applied by one generic function, decides the source, the Sigma field
names, the logsource and the plant-local timestamp. That split keeps regulatory and
field-naming decisions in data a site can review and extend.
"""

from __future__ import annotations

from abc import abstractmethod
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path
from typing import Any, ClassVar

from indsec.detect.sources.base import LogReader
from indsec.detect.sources.json_records import json_loads
from indsec.detect.sources.lines import iter_lines, stat_log
from indsec.detect.sources.pipeline import LogPipeline
from indsec.detect.sources.timezone import PlantClock
from indsec.model.event import Event
from indsec.model.source import ScanReport

RawRecord = tuple[str, dict[str, Any]]
"""A record's origin (``path:line``) and its raw fields, as the file wrote them."""
LineParser = Callable[[str, datetime], dict[str, Any]]
"""Parses one line, given a reference time for stamps without a year; ValueError refuses it."""


def head_lines(head: bytes, limit: int = 20) -> list[str]:
    """The first complete, non-empty lines of a file head, for ``sniff``."""
    text = head.decode("utf-8", errors="replace").lstrip("\ufeff")
    lines = text.splitlines()
    if len(lines) > 1 and not text.endswith("\n"):
        lines.pop()  # cut off mid-line by the head size
    return [line for line in lines if line.strip()][:limit]


def head_json_object(head: bytes) -> dict[str, Any] | None:
    """The file head's first line as a JSON object, or None: what JSON-lines readers sniff."""
    lines = head_lines(head, 1)
    if not lines:
        return None
    try:
        document = json_loads()(lines[0])
    except ValueError:
        return None
    return document if isinstance(document, dict) else None


class PipelineReader(LogReader):
    """A log reader whose raw records are normalised by the pipeline named after it."""

    format: ClassVar[str]
    sniff_priority: ClassVar[int] = 10
    """When several readers recognise a file, the highest priority wins; generic formats
    (any JSON lines, any syslog) sit lower than specific ones."""

    def __init__(
        self, *, clock: PlantClock | None = None, pipeline: LogPipeline | None = None
    ) -> None:
        super().__init__(clock=clock)
        self.pipeline = pipeline or LogPipeline.for_reader(self.format, clock=clock)

    def read(self, path: Path, report: ScanReport) -> Iterator[Event]:
        """Stream the events of ``path``; bad records are reported, the rest still read."""
        size = stat_log(path).st_size
        normaliser = self.pipeline.for_file(path.name)
        report.assets_seen += 1
        for origin, raw in self.records(path, report):
            event = normaliser.normalise(raw, origin, report)
            if event is not None:
                yield event
        normaliser.report_unmatched(report)
        report.assets_read += 1
        report.bytes_read += size

    def parsed_lines(
        self, path: Path, report: ScanReport, parse: LineParser, *, failure: str
    ) -> Iterator[RawRecord]:
        """Each non-blank line through ``parse``; a line it refuses is reported and skipped.

        ``parse`` gets the file's modification time in plant time, for formats whose stamps
        lack a year; ``failure`` is the message, with ``{}`` for the parser's reason.
        """
        reference = datetime.fromtimestamp(stat_log(path).st_mtime, self.pipeline.clock.zone)
        for number, line in iter_lines(path, report):
            if not line.strip():
                continue
            where = f"{path}:{number}"
            try:
                raw = parse(line, reference)
            except ValueError as exc:
                report.fail(where, failure.format(exc))
                continue
            yield where, raw

    @abstractmethod
    def records(self, path: Path, report: ScanReport) -> Iterator[RawRecord]:
        """Raw records of ``path`` in file order; unparsable ones go to ``report``."""
