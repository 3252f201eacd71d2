"""JSON-lines logs: Sysmon for Linux, ECS (Elastic Beats/Agent) and Zeek JSON logs.

One reader serves them all because their syntax is the same — one JSON object per line — and
what differs is meaning, which the ``jsonl`` pipeline pack decides per record: Zeek's
``conn``/``modbus``/``s7comm`` records, ECS process and network events, Sysmon event ids.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from indsec.detect.sources.base import LOG_READERS
from indsec.detect.sources.json_records import flatten, json_loads
from indsec.detect.sources.lines import iter_lines
from indsec.detect.sources.pipeline_reader import PipelineReader, RawRecord, head_lines
from indsec.model.source import ScanReport


@LOG_READERS.decorator("jsonl")
class JsonLinesReader(PipelineReader):
    """One JSON object per line; nested objects are flattened to dotted names."""

    format = "jsonl"
    sniff_priority = 0

    def records(self, path: Path, report: ScanReport) -> Iterator[RawRecord]:
        """Flattened objects; malformed lines and non-object values are reported."""
        loads = json_loads()
        unwrap = self.pipeline.unwrap
        prefix = f"{path}:"
        for number, text in iter_lines(path, report):
            if not text or text.isspace():
                continue
            where = prefix + str(number)
            try:
                document = loads(text)
            except ValueError as exc:
                report.fail(where, f"malformed JSON: {exc}; skipped")
                continue
            if type(document) is not dict:
                report.fail(where, f"a JSON {type(document).__name__}, not an object; skipped")
                continue
            yield where, flatten(document, unwrap)

    @classmethod
    def sniff(cls, head: bytes) -> bool:
        """Any file whose first line is a JSON object; more specific readers outrank this."""
        lines = head_lines(head, 1)
        if not lines:
            return False
        try:
            return isinstance(json_loads()(lines[0]), dict)
        except ValueError:
            return False
