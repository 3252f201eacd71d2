"""Bastion-host (JumpServer-style) session exports, CSV or JSON: who reached which asset how.

Remote O&M is meant to pass through the bastion; its session list says who (user, from
where), to what (asset and its address, account), by which protocol, when, and whether the
session was recorded. JumpServer exports it as CSV (headers in the UI language) or JSON (an
API array or JSON lines); the ``bastion`` pipeline maps either spelling to Sigma names.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from indsec.detect.sources.base import LOG_READERS
from indsec.detect.sources.json_records import flatten, iter_json_texts, json_loads, json_objects
from indsec.detect.sources.lines import iter_csv_rows, iter_lines, open_log
from indsec.detect.sources.pipeline import LogPipeline
from indsec.detect.sources.pipeline_reader import PipelineReader, RawRecord, head_lines
from indsec.model.source import ScanReport

_SNIFF_LINES = 2000
"""Enough lines of the head for a pretty-printed first array element."""
_SESSION_FIELDS = frozenset({"Asset", "Protocol"})
"""Sigma names a record must yield to count as a bastion session when sniffing."""


def _starts_as_json(path: Path) -> bool:
    with open_log(path) as stream:
        start = stream.read(4096).decode("utf-8", errors="replace").lstrip("\ufeff \t\r\n")
    return start[:1] in ("[", "{")


@LOG_READERS.decorator("bastion")
class BastionSessionReader(PipelineReader):
    """Session exports: CSV with a header row, a JSON array, or JSON lines."""

    format = "bastion"
    sniff_priority = 20

    def records(self, path: Path, report: ScanReport) -> Iterator[RawRecord]:
        """One raw record per session; malformed rows and elements are reported."""
        if _starts_as_json(path):
            return self._json_records(path, report)
        return self._csv_records(path, report)

    def _json_records(self, path: Path, report: ScanReport) -> Iterator[RawRecord]:
        texts = iter_json_texts(iter_lines(path, report), str(path), report)
        for where, raw in json_objects(texts, path, report, what="a session"):
            # empty values are dropped, as for CSV, so both exports give the same fields
            yield where, {k: v for k, v in raw.items() if v is not None and v != ""}

    @staticmethod
    def _csv_records(path: Path, report: ScanReport) -> Iterator[RawRecord]:
        header: list[str] | None = None
        for number, row in iter_csv_rows(path, report):
            if header is None:
                header = [name.strip() for name in row]
                continue
            where = f"{path}:{number}"
            if len(row) != len(header):
                report.fail(where, f"{len(row)} columns, the header has {len(header)}; skipped")
                continue
            yield where, {name: value for name, value in zip(header, row, strict=True) if value}

    @classmethod
    def sniff(cls, head: bytes) -> bool:
        """The first record, read through the bastion pipeline, names an asset and protocol."""
        lines = head_lines(head, _SNIFF_LINES)
        if not lines:
            return False
        first = _first_record(lines)
        if first is None:
            return False
        normaliser = LogPipeline.for_reader(cls.format).for_file("")
        event = normaliser.normalise(first, "", ScanReport())
        return event is not None and event.fields.keys() >= _SESSION_FIELDS


def _first_record(lines: list[str]) -> dict[str, Any] | None:
    """The first session of a head: JSON element or line, else the CSV header's names."""
    stripped = lines[0].lstrip()
    if stripped[:1] not in ("[", "{"):
        header = next(csv.reader([stripped]), [])
        return {name.strip(): "x" for name in header}
    texts = iter_json_texts(iter(enumerate(lines, 1)), "", ScanReport())
    for _, text in texts:
        try:
            document = json_loads()(text)
            return flatten(document) if isinstance(document, dict) else None
        except ValueError:
            return None
    return None
