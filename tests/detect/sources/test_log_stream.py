"""Merging many log files by time: lazily opened, bounded, in order."""

from __future__ import annotations

import json
import resource
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from logsamples import SHANGHAI

from indsec.detect.sources.stream import merged_events
from indsec.detect.sources.timezone import PlantClock
from indsec.model.source import ScanReport

CLOCK = PlantClock(SHANGHAI)


def sysmon_file(path: Path, seconds: list[int]) -> Path:
    """A Sysmon-for-Linux JSON-lines file with one process event per second given."""
    lines = [
        json.dumps(
            {
                "EventID": 1,
                "Channel": "Microsoft-Windows-Sysmon/Operational",
                "UtcTime": f"2024-01-01 00:{s // 60:02d}:{s % 60:02d}.000",
                "CommandLine": f"{path.stem}@{s}",
            }
        )
        for s in seconds
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def merged(paths: list[Path], report: ScanReport, **bounds: int) -> list[str]:
    events = merged_events(paths, log_format=None, clock=CLOCK, report=report, **bounds)
    return [str(event.fields["CommandLine"]) for event in events]


@contextmanager
def open_file_limit(spare: int) -> Iterator[None]:
    """Lower this process's open-file limit to what is open now plus ``spare``."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    in_use = len(list(Path("/proc/self/fd").iterdir()))
    resource.setrlimit(resource.RLIMIT_NOFILE, (in_use + spare, hard))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_NOFILE, (soft, hard))


def test_more_files_than_may_be_open_are_all_read(tmp_path: Path) -> None:
    """Rotated logs, one after another: all were opened at once ("Too many open files")."""
    paths = [sysmon_file(tmp_path / f"f{i:03d}.jsonl", [i * 2, i * 2 + 1]) for i in range(300)]
    report = ScanReport()
    with open_file_limit(spare=40):
        commands = merged(paths, report)
    assert report.failures == [] and report.warnings == []
    assert commands == [f"f{i // 2:03d}@{i}" for i in range(600)]


def test_overlapping_files_merge_by_time_ties_to_the_first_given(tmp_path: Path) -> None:
    late = sysmon_file(tmp_path / "late.jsonl", [5, 6, 9])
    early = sysmon_file(tmp_path / "early.jsonl", [1, 6, 7])
    tie = sysmon_file(tmp_path / "tie.jsonl", [6])
    empty = tmp_path / "empty.jsonl"
    empty.write_text("", encoding="utf-8")
    report = ScanReport()
    commands = merged([late, early, tie, empty], report)
    assert commands == [
        "early@1",
        "late@5",
        "late@6",
        "early@6",
        "tie@6",
        "early@7",
        "late@9",
    ]
    assert [(f.where, f.message.split(",")[0]) for f in report.failures] == [
        (str(empty), f"{empty}: empty file")
    ]


def test_files_beyond_the_open_bound_are_read_later_with_a_warning(tmp_path: Path) -> None:
    paths = [sysmon_file(tmp_path / f"f{i}.jsonl", [i, 10 + i]) for i in range(3)]
    report = ScanReport()
    commands = merged(paths, report, max_open=2)
    assert sorted(commands) == sorted(f"f{i}@{s}" for i in range(3) for s in (i, 10 + i))
    assert commands[:2] == ["f0@0", "f1@1"]
    (warning,) = report.warnings
    assert "more than 2 log files overlap in time" in warning.message
    assert "INDSEC_DETECT_MAX_OPEN_LOGS" in warning.message
