"""Every log reader and the format sniffer, fed arbitrary lines and damaged real logs.

Property: a reader yields events and reports bad records in the ``ScanReport``, or gives up on
the whole file with a :class:`LogSourceError` (another :class:`IndsecError` at most), which the
stream reports for that file; never another exception, never a hang.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given

from indsec.detect.sources.base import LOG_READERS
from indsec.detect.sources.sniff import sniff_format
from indsec.detect.sources.timezone import PlantClock
from indsec.errors import IndsecError
from indsec.model.source import ScanReport

from .conftest import watchdog
from .mutate import hostile_bytes

pytestmark = pytest.mark.fuzz

FILES = Path(__file__).resolve().parents[1] / "files"
LOG_DIRS = ("logs", "scenario_logs", "evtx")
MAX_SAMPLE_BYTES = 16 * 1024
EVTX_HEAD = b"ElfFile\x00"


def _samples() -> list[bytes]:
    files = sorted(p for d in LOG_DIRS for p in (FILES / d).rglob("*") if p.is_file())
    logs = [p.read_bytes()[:MAX_SAMPLE_BYTES] for p in files]
    return [*logs, EVTX_HEAD + bytes(120)]


SAMPLES = _samples()
READERS = sorted(LOG_READERS.names())


@pytest.fixture(scope="module")
def workdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One directory for every example's file."""
    return tmp_path_factory.mktemp("logs")


@pytest.mark.parametrize("log_format", READERS)
@given(content=hostile_bytes(SAMPLES))
def test_readers_report_bad_records_and_fail_only_as_indsec_errors(
    workdir: Path, log_format: str, content: bytes
) -> None:
    path = workdir / f"{log_format}.log"
    path.write_bytes(content)
    report = ScanReport()
    with watchdog():
        try:
            reader = LOG_READERS.get(log_format)(clock=PlantClock())
            events = list(reader.read(path, report))
        except IndsecError:
            return
    assert all(event is not None for event in events)


@given(content=hostile_bytes(SAMPLES))
def test_sniffing_names_a_reader_or_says_why_not(workdir: Path, content: bytes) -> None:
    path = workdir / "sniffed.log"
    path.write_bytes(content)
    with watchdog():
        try:
            name = sniff_format(path)
        except IndsecError:
            return
    assert name in READERS
