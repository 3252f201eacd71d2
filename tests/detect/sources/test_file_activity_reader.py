"""File-activity JSON lines become Windows-style file events with full paths and entropy."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import pytest
from logsamples import LOGS, SHANGHAI, ReadEvents
from tests.conftest import THIRD_PARTY, needs_third_party

from indsec.detect.sources.file_activity import FileActivityReader, resolve_paths
from indsec.model.event import LogSource
from indsec.model.source import ScanReport
from indsec.sigma import SigmaEngine

EVENTS = [
    (0, "file_event", {"TargetFilename": "D:\\share\\recipes\\line3.xlsx", "Entropy": 7.98}),
    (
        1,
        "file_rename",
        {
            "SourceFilename": "D:\\share\\recipes\\line3.xlsx",
            "TargetFilename": "D:\\share\\recipes\\line3.xlsx.lockbit",
            "Image": "C:\\Users\\Public\\svc.exe",
        },
    ),
    (
        2,
        "file_rename",
        {
            "SourceFilename": "D:\\share\\recipes\\line4.xlsx",
            "TargetFilename": "D:\\share\\recipes\\line4.xlsx.lockbit",
        },
    ),
    (3, "file_event", {"Operation": "create", "FileSize": 2210, "Computer": "fs01"}),
    (4, "file_delete", {"TargetFilename": "/var/backups/mes/mes-20250506.dump", "User": "root"}),
]


@pytest.mark.parametrize(("index", "category", "expected"), EVENTS)
def test_file_events(
    read_events: ReadEvents, index: int, category: str, expected: dict[str, object]
) -> None:
    events, _ = read_events(FileActivityReader, LOGS / "file_activity.jsonl")
    assert events[index].logsource == LogSource(category=category)
    assert expected.items() <= events[index].fields.items()


def test_bad_lines_unknown_operations_and_bad_values(read_events: ReadEvents) -> None:
    path = LOGS / "file_activity.jsonl"
    events, report = read_events(FileActivityReader, path)
    assert len(events) == 6
    assert events[0].timestamp == datetime(2025, 5, 7, 3, 12, 0, 101000, tzinfo=SHANGHAI)
    assert report.failures[0].where == f"{path}:6"
    warnings = {w.where: w.message for w in report.warnings}
    assert "FileSize" in warnings[f"{path}:8"]
    assert events[5].fields["FileSize"] == "not-a-number"
    assert "matched no source" in warnings[f"{path}:7"]  # the "chmod" operation


RESOLVE = [
    ({"operation": "write", "path": "/a/b.txt"}, {"target_path": "/a/b.txt"}),
    (
        {"operation": "rename", "path": "/a/b.txt", "old_name": "b.txt", "new_name": "b.enc"},
        {"source_path": "/a/b.txt", "target_path": "/a/b.enc"},
    ),
    (
        {"operation": "RENAME", "path": "C:\\x\\y.doc", "new_name": "y.doc.locked"},
        {"source_path": "C:\\x\\y.doc", "target_path": "C:\\x\\y.doc.locked"},
    ),
    (
        {"operation": "moved", "path": "a.txt", "old_name": "a.txt", "new_name": "/tmp/a.txt"},
        {"source_path": "a.txt", "target_path": "/tmp/a.txt"},
    ),
    ({"operation": "delete"}, {}),
]


@pytest.mark.parametrize(("raw", "expected"), RESOLVE)
def test_resolve_paths(raw: dict[str, object], expected: dict[str, str]) -> None:
    assert resolve_paths(raw) == expected


@needs_third_party
def test_windows_agents_feed_sigmahq_file_rename_and_file_access_rules(tmp_path: Path) -> None:
    """Kernel-File categories have no event-log channel; a Windows agent's records carry them."""
    sigmahq = THIRD_PARTY / "sigmahq" / "rules" / "windows" / "file"
    engine = SigmaEngine.from_paths([sigmahq / "file_rename", sigmahq / "file_access"])
    assert not engine.unsupported and len(engine.rules) >= 8
    lines = [
        {
            "os": "windows",
            "operation": "rename",
            "path": "D:\\share\\报价\\q3.docx",
            "new_name": "q3.docx.lockbit",
            "process": "C:\\Users\\Public\\svc.exe",
        },
        {
            "os": "windows",
            "operation": "read",
            "process": "C:\\Users\\Public\\gp.exe",
            "path": "\\\\dc01\\sysvol\\plant.local\\Policies\\{31B2}\\Machine\\groups.xml",
        },
        {
            "os": "linux",
            "operation": "rename",
            "path": "/srv/share/q3.docx",
            "new_name": "q3.docx.lockbit",
            "process": "/usr/bin/mv",
        },
        {"operation": "rename", "path": "/srv/share/q4.docx", "new_name": "q4.docx.lockbit"},
    ]
    path = tmp_path / "agent.jsonl"
    path.write_text("\n".join(json.dumps(line, ensure_ascii=False) for line in lines) + "\n")
    report = ScanReport()
    events = list(FileActivityReader().read(path, report))
    assert [e.logsource.product for e in events] == ["windows", "windows", "linux", None]
    fired = [(m.origin.rsplit(":", 1)[1], m.rule.title) for m in engine.process(events)]
    assert fired == [
        ("1", "Suspicious Appended Extension"),
        ("2", "Access To Potentially Sensitive Sysvol Files By Uncommon Applications"),
    ]
