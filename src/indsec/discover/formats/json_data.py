"""JSON documents and JSON Lines: top-level keys become columns.

Only the top level is flattened: nested objects stay JSON text in their column, which keeps
column names stable across records (a device export with a varying ``extra`` object still has
one ``extra`` column) while their content remains visible to recognizers.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping

from indsec.discover.formats.base import (
    Confidence,
    FileContent,
    FileFormat,
    ReadContext,
    register_format,
)
from indsec.discover.formats.probe import Probe
from indsec.discover.formats.text import text_content
from indsec.discover.formats.values import Reservoir, columns_from_records
from indsec.errors import ConnectorError

VALUE_KEY = "value"
MAX_DOCUMENT_BYTES = 64 * 1024 * 1024


def as_record(item: object) -> Mapping[str, object]:
    """A JSON value as a record: objects keep their keys, anything else is one ``value``."""
    if isinstance(item, dict):
        return {str(key): value for key, value in item.items()}
    return {VALUE_KEY: item}


def sample_records(records: Iterable[Mapping[str, object]], context: ReadContext) -> FileContent:
    """Reservoir-sample ``records``; columns are every top-level key seen, in first-seen order."""
    keys: dict[str, None] = {}
    sample: Reservoir[Mapping[str, object]] = Reservoir(context.sample_size, context.seed)
    for record in records:
        keys.update(dict.fromkeys(record))
        sample.offer(record)
    columns = columns_from_records(context.bound_columns(list(keys)), sample.items)
    return FileContent(columns=columns, rows=sample.seen)


def _parses(line: str) -> bool:
    try:
        json.loads(line)
    except ValueError:
        return False
    return True


@register_format
class JsonDocument(FileFormat):
    """One JSON value per file: an array of records, or one object."""

    name = "json"
    extensions = frozenset({".json", ".geojson"})
    priority = 25

    def detect(self, probe: Probe) -> Confidence:
        """Certain if the whole file parses; plausible if cut, or broken under a JSON name."""
        text = (probe.text or "").strip()
        if not text.startswith(("{", "[")):
            return Confidence.NONE
        if probe.complete and _parses(text):
            return Confidence.CERTAIN
        if not probe.complete or probe.suffix in self.extensions:
            return Confidence.PLAUSIBLE
        return Confidence.NONE

    def read(self, probe: Probe, context: ReadContext) -> list[FileContent]:
        """Parse the whole file; an array yields one row per item, an object one row.

        A document is parsed in memory at several times its size, so one larger than
        :data:`MAX_DOCUMENT_BYTES` is read as bounded text instead.
        """
        if probe.size > MAX_DOCUMENT_BYTES:
            context.warn(f"JSON document over {MAX_DOCUMENT_BYTES} bytes read as text")
            return [text_content(probe, context)]
        if probe.encoding is None:
            raise ConnectorError("not decodable as UTF-8 or GB18030 text")
        with probe.open_text(probe.encoding) as handle:
            document = json.load(handle)
        items = document if isinstance(document, list) else [document]
        return [sample_records(map(as_record, items), context)]


@register_format
class JsonLines(FileFormat):
    """One JSON value per line (JSONL, NDJSON): logs and event exports."""

    name = "jsonl"
    extensions = frozenset({".jsonl", ".ndjson", ".jsonlines"})
    priority = 26

    def detect(self, probe: Probe) -> Confidence:
        """Certain when most of two or more lines are objects; plausible by extension."""
        lines = [line.lstrip() for line in probe.lines if line.strip()]
        objects = sum(1 for line in lines if line.startswith("{") and _parses(line))
        if objects >= 2 and objects * 2 > len(lines):
            return Confidence.CERTAIN
        if lines and lines[0].startswith("{") and probe.suffix in self.extensions:
            return Confidence.PLAUSIBLE
        return Confidence.NONE

    def read(self, probe: Probe, context: ReadContext) -> list[FileContent]:
        """Each valid line is a record; invalid lines are counted in one warning."""
        bad: list[int] = []
        content = sample_records(self._records(probe, bad), context)
        if bad:
            context.warn(f"{len(bad)} lines are not valid JSON (first: line {bad[0]})")
        if bad and not content.rows:
            raise ConnectorError("no line is valid JSON")
        return [content]

    @staticmethod
    def _records(probe: Probe, bad: list[int]) -> Iterator[Mapping[str, object]]:
        if probe.encoding is None:
            raise ConnectorError("not decodable as UTF-8 or GB18030 text")
        with probe.open_text(probe.encoding) as handle:
            for number, line in enumerate(handle, start=1):
                if not line.strip():
                    continue
                try:
                    yield as_record(json.loads(line))
                except ValueError:
                    bad.append(number)
