"""Windows EVTX files → events, through the Rust-backed ``evtx`` package and ``orjson``.

``python-evtx`` parses about 200 records/s; the Rust parser with orjson about 100 k records/s,
which is what makes replaying a plant's event logs practical. Each record is flattened the way
Sigma rules name fields: ``System`` values by name (``EventID``, ``Channel``, ``Computer``) and
attributes as ``Element_Attribute`` (``Provider_Name``, ``TimeCreated_SystemTime``), then every
``EventData``/``UserData`` field by its name (a name with spaces is also given without them:
Defender's ``Threat Name`` is ``ThreatName`` in Sigma rules).

Damaged files are read as far as they can be: a file cut inside its last chunk yields every
record that is complete, a record the parser rejects is skipped, and each loss is reported with
its location in the :class:`~indsec.model.source.ScanReport`.
"""

from __future__ import annotations

import io
import struct
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, ClassVar

import evtx
import orjson

from indsec.detect.sources.base import LOG_READERS, LogReader
from indsec.model.event import Event, LogSource
from indsec.model.source import ScanReport

MAGIC = b"ElfFile\x00"
HEADER_SIZE = 4096
CHUNK_SIZE = 65536
CHUNK_HEADER_SIZE = 512
RECORD_MAGIC = b"\x2a\x2a\x00\x00"
MAX_CONSECUTIVE_ERRORS = 100
WINDOWS = LogSource(product="windows")


@dataclass(frozen=True, slots=True)
class _Source:
    """What to hand the parser, and the last record id that is whole (truncated files)."""

    data: str | io.BytesIO
    size: int
    last_whole_id: int | None = None


@LOG_READERS.decorator("evtx")
class EvtxReader(LogReader):
    """Reads ``.evtx`` files; ``threads`` bounds the Rust parser's worker threads."""

    format: ClassVar[str] = "evtx"
    sniff_priority: ClassVar[int] = 90
    threads: ClassVar[int] = 1

    @classmethod
    def sniff(cls, head: bytes) -> bool:
        return head.startswith(MAGIC)

    def read(self, path: Path, report: ScanReport) -> Iterator[Event]:
        """Stream the records of ``path`` as events; damage goes to ``report``, located."""
        source = _open(path, report)
        if source is None:
            return
        try:
            parser = evtx.PyEvtxParser(source.data, number_of_threads=self.threads)
        except (OSError, RuntimeError) as exc:
            report.fail(str(path), f"cannot read EVTX: {exc}")
            return
        report.assets_seen += 1
        report.bytes_read += source.size
        yield from _events(path, parser.records_json(), source.last_whole_id, report)
        report.assets_read += 1


def _events(
    path: Path, records: Iterator[Any], last_whole_id: int | None, report: ScanReport
) -> Iterator[Event]:
    last_id, errors = 0, 0
    while True:
        try:
            record = next(records)
        except StopIteration:
            return
        except (RuntimeError, OSError, ValueError) as exc:  # the Rust parser's record errors
            report.fail(f"{path}#{last_id + 1}", f"unreadable record skipped: {exc}")
            errors += 1
            if errors >= MAX_CONSECUTIVE_ERRORS:
                report.fail(str(path), "too many unreadable records in a row; stopped")
                return
            continue
        errors, last_id = 0, record["event_record_id"]
        if last_whole_id is not None and last_id > last_whole_id:
            continue
        yield event_of(record, str(path))


def _open(path: Path, report: ScanReport) -> _Source | None:
    """Check the file header and layout; pad a cut-off last chunk so its whole records parse."""
    try:
        size = path.stat().st_size
        with path.open("rb") as stream:
            header = stream.read(HEADER_SIZE)
    except OSError as exc:
        report.fail(str(path), f"cannot read: {exc}")
        return None
    if not header.startswith(MAGIC) or len(header) < HEADER_SIZE:
        report.fail(f"{path}@0", "not an EVTX file, or its file header is cut off")
        return None
    tail = (size - HEADER_SIZE) % CHUNK_SIZE
    if tail:
        return _truncated(path, size, tail, report)
    _check_chunk_count(path, header, size, report)
    return _Source(str(path), size)


def _check_chunk_count(path: Path, header: bytes, size: int, report: ScanReport) -> None:
    (declared,) = struct.unpack_from("<H", header, 42)
    present = (size - HEADER_SIZE) // CHUNK_SIZE
    if present < declared:
        report.fail(
            f"{path}@{size}",
            f"file is cut off: {present} whole chunk(s) of {declared} declared; records lost",
        )


def _truncated(path: Path, size: int, tail: int, report: ScanReport) -> _Source:
    """Zero-pad the cut last chunk so the parser reads the records that are whole.

    The padding happens in memory, which only damaged files pay for; records past
    ``last_whole_id`` are partly zeros and are skipped by :func:`_events`.
    """
    data = path.read_bytes()
    start = size - tail
    last_whole = _last_whole_record(data, start)
    where = f"{path}@{size}"
    if last_whole is None:
        report.fail(where, f"last chunk cut off after {tail} bytes; its records are lost")
        return _Source(io.BytesIO(data[:start]), start)
    report.fail(
        where,
        f"last chunk cut off after {tail} bytes; records after #{last_whole} are lost",
    )
    return _Source(io.BytesIO(data + bytes(CHUNK_SIZE - tail)), size, last_whole)


def _last_whole_record(data: bytes, chunk_start: int) -> int | None:
    """The id of the last record that lies entirely inside the (cut) chunk at ``chunk_start``."""
    position = chunk_start + CHUNK_HEADER_SIZE
    last: int | None = None
    while position + 24 <= len(data) and data[position : position + 4] == RECORD_MAGIC:
        length, record_id = struct.unpack_from("<IQ", data, position + 4)
        if length < 24 or position + length > len(data):
            break
        last, position = record_id, position + length
    return last


def event_of(record: dict[str, Any], path: str) -> Event:
    """One parsed record (``records_json`` item) as a flattened event."""
    root = orjson.loads(record["data"]).get("Event", {})
    fields: dict[str, Any] = {}
    _flatten_system(root.get("System"), fields)
    _flatten_data(root.get("EventData"), fields)
    user_data = root.get("UserData")
    if isinstance(user_data, dict):
        for element in user_data.values():
            _flatten_data(element, fields)
    return Event(
        fields=fields,
        logsource=WINDOWS,
        timestamp=_timestamp(fields.get("TimeCreated_SystemTime")),
        origin=f"{path}#{record['event_record_id']}",
    )


def _flatten_system(system: Any, fields: dict[str, Any]) -> None:
    if not isinstance(system, dict):
        return
    for name, value in system.items():
        if not isinstance(value, dict):
            fields[name] = value
            continue
        if "#text" in value:
            fields[name] = value["#text"]
        for attribute, attribute_value in (value.get("#attributes") or {}).items():
            fields[f"{name}_{attribute}"] = attribute_value


def _flatten_data(data: Any, fields: dict[str, Any]) -> None:
    """EventData/UserData children by name; nested elements are flattened to their leaves."""
    if not isinstance(data, dict):
        if data is not None:
            fields.setdefault("Data", data)
        return
    for name, value in data.items():
        if name == "#attributes":
            continue
        if isinstance(value, dict) and "#text" not in value:
            _flatten_data(value, fields)
            continue
        text = value.get("#text") if isinstance(value, dict) else value
        fields.setdefault(name, text)
        if " " in name:
            fields.setdefault(name.replace(" ", ""), text)


def _timestamp(value: Any) -> datetime | None:
    if not isinstance(value, str):
        return None
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        return None
