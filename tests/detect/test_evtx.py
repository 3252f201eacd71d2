"""EVTX reading: flattened fields, and damaged files read as far as they can be."""

from __future__ import annotations

import re
import struct
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest
from tests.conftest import FILES, THIRD_PARTY, require_third_party

from indsec.detect.sources.base import LOG_READERS
from indsec.detect.sources.evtx import EvtxReader
from indsec.model.event import Event, LogSource
from indsec.model.source import ScanReport

require_third_party()
REGRESSION = THIRD_PARTY / "sigmahq" / "regression_data" / "rules" / "windows"
SEVEN = (
    REGRESSION
    / "file/file_event/file_event_win_hktl_netexec_file_indicators"
    / "efc21479-9e83-41da-8cf1-122e06ba8db3.evtx"
)
WMI = (
    REGRESSION
    / "builtin/wmi/win_wmi_activity_nteventlogfile_cleareventlog"
    / "d4f1a2b3-7c8e-4d5f-b6a9-1e0c2d3f4e5b.evtx"
)
DEFENDER = next((THIRD_PARTY / "sigmahq" / "regression_data").rglob("a7c3e5f2-*.evtx"))


def read(path: Path) -> tuple[list[Event], ScanReport]:
    report = ScanReport()
    return list(EvtxReader().read(path, report)), report


def record_offsets(data: bytes) -> list[int]:
    """Where each record starts (the file's only chunk), from the record magic."""
    return [m.start() for m in re.finditer(re.escape(b"\x2a\x2a\x00\x00"), data)]


def record_ids(events: list[Event]) -> list[int]:
    return [int(event.origin.rsplit("#", 1)[1]) for event in events]


def test_system_and_event_data_are_flattened() -> None:
    events, report = read(SEVEN)
    assert report.failures == [] and report.assets_read == 1
    assert record_ids(events) == [1, 2, 3, 4, 5, 6, 7]
    first = events[0]
    assert first.fields["EventID"] == 11
    assert first.fields["Channel"] == "Microsoft-Windows-Sysmon/Operational"
    assert first.fields["Provider_Name"] == "Microsoft-Windows-Sysmon"
    assert first.fields["Computer"]
    assert first.fields["TargetFilename"]
    assert first.fields["Image"]
    assert "#attributes" not in first.fields
    assert first.logsource == LogSource(product="windows")
    assert first.timestamp == datetime(2026, 4, 8, 10, 58, 4, 850672, tzinfo=UTC)
    assert first.origin == f"{SEVEN}#1"


def test_user_data_fields_are_flattened() -> None:
    (event,), _ = read(WMI)
    assert event.fields["EventID"] == 5858
    assert event.fields["Operation"].endswith("::cleareventlog")
    assert event.fields["ClientProcessId"] == 25920


def test_field_names_with_spaces_are_also_given_without() -> None:
    (event,), _ = read(DEFENDER)
    assert event.fields["Threat Name"] == event.fields["ThreatName"] == "Tool:Win32/EICAR_Test_File"


def test_registered_and_sniffed() -> None:
    assert LOG_READERS.get("evtx") is EvtxReader
    assert EvtxReader.sniff(SEVEN.read_bytes()[:64])
    assert not EvtxReader.sniff(b"Jan  1 00:00:00 host sshd[1]: Failed password")


def test_file_cut_inside_a_record_yields_the_whole_records(tmp_path: Path) -> None:
    data = SEVEN.read_bytes()
    cut = record_offsets(data)[4] + 100  # in the middle of record 5
    damaged = tmp_path / "cut.evtx"
    damaged.write_bytes(data[:cut])
    events, report = read(damaged)
    assert record_ids(events) == [1, 2, 3, 4]
    (failure,) = report.failures
    assert failure.where == f"{damaged}@{cut}"
    assert "records after #4 are lost" in failure.message


def test_file_cut_inside_the_chunk_header_keeps_whole_chunks(tmp_path: Path) -> None:
    damaged = tmp_path / "cut.evtx"
    damaged.write_bytes(SEVEN.read_bytes()[: 4096 + 300])
    events, report = read(damaged)
    assert events == []
    assert [f.where for f in report.failures] == [f"{damaged}@4396"]
    assert "its records are lost" in report.failures[0].message


def test_file_cut_at_a_chunk_boundary_is_reported(tmp_path: Path) -> None:
    damaged = tmp_path / "cut.evtx"
    damaged.write_bytes(SEVEN.read_bytes()[:4096])
    events, report = read(damaged)
    assert events == []
    assert "0 whole chunk(s) of 1 declared" in report.failures[0].message


def test_corrupt_record_is_skipped_and_reading_goes_on(tmp_path: Path) -> None:
    data = bytearray(SEVEN.read_bytes())
    start = record_offsets(bytes(data))[3]  # record 4
    data[start + 30 : start + 200] = b"A" * 170
    damaged = tmp_path / "corrupt.evtx"
    damaged.write_bytes(bytes(data))
    events, report = read(damaged)
    assert record_ids(events) == [1, 2, 3, 5, 6, 7]
    (failure,) = report.failures
    assert failure.where == f"{damaged}#4"
    assert "unreadable record skipped" in failure.message


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda tmp: FILES / "evtx" / "not_an_evtx.evtx", "not an EVTX file"),
        (lambda tmp: _write(tmp / "h.evtx", SEVEN.read_bytes()[:2000]), "not an EVTX file"),
        (lambda tmp: tmp / "missing.evtx", "cannot read"),
    ],
    ids=["text-file", "header-cut", "missing"],
)
def test_unreadable_files_are_reported_not_raised(
    tmp_path: Path, make: Callable[[Path], Path], message: str
) -> None:
    events, report = read(make(tmp_path))
    assert events == []
    assert message in report.failures[0].message
    assert report.assets_read == 0


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def test_header_chunk_count_is_read_from_the_file() -> None:
    (declared,) = struct.unpack_from("<H", SEVEN.read_bytes(), 42)
    assert declared == 1
