"""A log file's format is told from its head; unknown, empty and ambiguous files are errors."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import ClassVar

import pytest
from logsamples import LOGS

from indsec.detect.sources import sniff
from indsec.detect.sources.base import LogReader
from indsec.errors import LogSourceError
from indsec.model.event import Event
from indsec.model.source import ScanReport
from indsec.plugins import Registry, subclass_of

SAMPLES = [
    ("auth.log", "syslog"),
    ("audit.log", "syslog"),
    ("syslog_rfc5424.log", "syslog"),
    ("syslog_rfc3339.log", "syslog"),
    ("zeek/conn.log", "jsonl"),
    ("zeek/modbus.log", "jsonl"),
    ("sysmon_linux.jsonl", "jsonl"),
    ("ecs.ndjson", "jsonl"),
    ("broken.jsonl", "jsonl"),
    ("file_activity.jsonl", "file_activity"),
    ("postgresql.csv", "pg_csvlog"),
    ("postgresql12.csv", "pg_csvlog"),
    ("mysql8_general.log", "mysql_general"),
    ("mariadb_general.log", "mysql_general"),
    ("mariadb_server_audit.log", "mariadb_audit"),
    ("jumpserver_sessions.csv", "bastion"),
    ("jumpserver_sessions_zh.csv", "bastion"),
    ("jumpserver_sessions.json", "bastion"),
    ("jumpserver_sessions.jsonl", "bastion"),
    ("openvpn.log", "openvpn"),
    ("openvpn24.log", "openvpn"),
    ("openvpn_syslog.log", "openvpn"),
]


@pytest.mark.parametrize(("name", "expected"), SAMPLES)
def test_sample_formats_are_recognised(name: str, expected: str) -> None:
    assert sniff.sniff_format(LOGS / name) == expected


def test_evtx_magic_is_recognised(tmp_path: Path) -> None:
    path = tmp_path / "Security.evtx"
    path.write_bytes(b"ElfFile\x00" + bytes(120))
    assert sniff.sniff_format(path) == "evtx"


UNKNOWN = [
    ("unknown_format.txt", "first line 'Lorem ipsum dolor sit amet'"),
    ("unknown_binary.bin", "binary data starting 89 50 4e 47"),
]


@pytest.mark.parametrize(("name", "seen"), UNKNOWN)
def test_unknown_format_says_what_was_seen(name: str, seen: str) -> None:
    with pytest.raises(LogSourceError, match="unknown log format") as caught:
        sniff.sniff_format(LOGS / name)
    assert seen in str(caught.value)
    assert "syslog" in str(caught.value)  # names the formats to choose from


def test_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "empty.log"
    path.write_bytes(b"\n \n")
    with pytest.raises(LogSourceError, match="empty file"):
        sniff.sniff_format(path)


def test_a_file_of_only_a_byte_order_mark_is_of_unknown_format(tmp_path: Path) -> None:
    path = tmp_path / "bom.log"
    path.write_bytes(b"\xef\xbb\xbf")
    with pytest.raises(LogSourceError, match="unknown log format \\(first line ''\\)"):
        sniff.sniff_format(path)


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(LogSourceError, match="cannot open log"):
        sniff.sniff_format(tmp_path / "absent.log")


class _Claims(LogReader):
    format: ClassVar[str] = "a"

    def read(self, path: Path, report: ScanReport) -> Iterator[Event]:
        return iter(())

    @classmethod
    def sniff(cls, head: bytes) -> bool:
        return True


class _AlsoClaims(_Claims):
    format: ClassVar[str] = "b"


class _BrokenSniff(_Claims):
    format: ClassVar[str] = "c"

    @classmethod
    def sniff(cls, head: bytes) -> bool:
        raise RuntimeError("plugin bug")


def test_a_tie_is_reported_not_guessed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    readers: Registry[type[LogReader]] = Registry(
        "test readers", entry_point_group="indsec_tests.log_readers", accepts=subclass_of(LogReader)
    )
    for reader in (_Claims, _AlsoClaims, _BrokenSniff):
        readers.register(reader.format, reader)
    monkeypatch.setattr(sniff, "LOG_READERS", readers)
    path = tmp_path / "x.log"
    path.write_text("anything\n")
    with pytest.raises(LogSourceError, match="ambiguous log format, could be a, b"):
        sniff.sniff_format(path)
