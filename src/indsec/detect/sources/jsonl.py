"""JSON-lines logs: Sysmon for Linux, ECS (Elastic Beats/Agent) and Zeek JSON logs.

One reader serves them all because their syntax is the same — one JSON object per line — and
what differs is meaning, which the ``jsonl`` pipeline pack decides per record: Zeek's
``conn``/``modbus``/``s7comm`` records, ECS process and network events, Sysmon event ids.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from indsec.detect.sources.base import LOG_READERS
from indsec.detect.sources.json_records import JsonLoads, flatten, json_loads
from indsec.detect.sources.lines import iter_byte_lines, undecodable
from indsec.detect.sources.pipeline_reader import PipelineReader, RawRecord, head_json_object
from indsec.model.source import ScanReport


@LOG_READERS.decorator("jsonl")
class JsonLinesReader(PipelineReader):
    """One JSON object per line; nested objects are flattened to dotted names."""

    format = "jsonl"
    sniff_priority = 0

    def records(self, path: Path, report: ScanReport) -> Iterator[RawRecord]:
        """Flattened objects; malformed lines and non-object values are reported.

        orjson parses each line's bytes as read (it checks UTF-8 itself); the slower
        diagnosis of why a line failed runs only for lines that do.
        """
        loads = json_loads()
        unwrap = self.pipeline.unwrap
        prefix = f"{path}:"
        for number, chunk in iter_byte_lines(path, report):
            try:
                document = loads(chunk)
            except ValueError as exc:
                document = _without_bom(loads, chunk) if number == 1 else None
                if document is None:
                    if chunk.removeprefix(UTF8_BOM).strip():  # blank lines are no error
                        report.fail(prefix + str(number), _why_not_json(chunk, exc))
                    continue
            if type(document) is not dict:
                report.fail(
                    prefix + str(number),
                    f"a JSON {type(document).__name__}, not an object; skipped",
                )
                continue
            try:
                record = flatten(document, unwrap)
            except ValueError as exc:
                report.fail(prefix + str(number), f"{exc}; skipped")
                continue
            yield prefix + str(number), record

    @classmethod
    def sniff(cls, head: bytes) -> bool:
        """Any file whose first line is a JSON object; more specific readers outrank this."""
        return head_json_object(head) is not None


UTF8_BOM = b"\xef\xbb\xbf"


def _without_bom(loads: JsonLoads, chunk: bytes) -> Any:
    """The first line parsed without a UTF-8 byte-order mark (Excel and Notepad write one)."""
    if not chunk.startswith(UTF8_BOM):
        return None
    try:
        return loads(chunk[len(UTF8_BOM) :])
    except ValueError:
        return None


def _why_not_json(chunk: bytes, exc: ValueError) -> str:
    """The report message for a line orjson refused: not UTF-8, or not JSON."""
    try:
        chunk.decode("utf-8")
    except UnicodeDecodeError as undecoded:
        return undecodable(undecoded)
    return f"malformed JSON: {exc}; skipped"
