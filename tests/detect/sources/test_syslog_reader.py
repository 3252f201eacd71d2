"""Syslog (RFC 3164, RFC 5424, RFC 3339 headers) and auditd lines become linux events."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import pytest
from logsamples import LOGS, SHANGHAI, ReadEvents

from indsec.detect.sources.syslog import SyslogReader, parse_audit_fields
from indsec.model.event import Event, LogSource

SSHD = LogSource(product="linux", service="sshd")
SUDO = LogSource(product="linux", service="sudo")
AUDITD = LogSource(product="linux", service="auditd")

DatedCopy = Callable[[str, datetime], Path]


@pytest.fixture
def auth_events(read_events: ReadEvents, dated_copy: DatedCopy) -> list[Event]:
    events, _ = read_events(SyslogReader, dated_copy("auth.log", datetime(2025, 6, 1)))
    return events


SSH_LOGINS = [
    (0, {"Outcome": "accepted", "AuthMethod": "publickey", "User": "opsadmin"}),
    (3, {"Outcome": "invalid", "User": "admin", "SourceIp": "203.0.113.45"}),
    (4, {"Outcome": "failed", "AuthMethod": "password", "User": "admin", "SourcePort": 40022}),
    (5, {"Outcome": "failed", "User": "root", "SourceIp": "203.0.113.45", "SourcePort": 40030}),
    (6, {"User": "root", "SourceIp": "203.0.113.45"}),
    (9, {"User": "opsadmin", "SourceIp": "10.20.1.15", "SourcePort": 52144}),
]


@pytest.mark.parametrize(("index", "expected"), SSH_LOGINS)
def test_sshd_messages(auth_events: list[Event], index: int, expected: dict[str, object]) -> None:
    event = auth_events[index]
    assert event.logsource == SSHD
    assert expected.items() <= event.fields.items()
    assert event.fields["Computer"] == "hist01"


def test_sudo_command_and_failure(auth_events: list[Event]) -> None:
    ran, failed = (e for e in auth_events if e.logsource == SUDO)
    assert ran.fields["User"] == "opsadmin" and ran.fields["TargetUser"] == "root"
    assert ran.fields["CommandLine"] == "/usr/bin/tar czf /tmp/recipes.tgz /srv/mes/recipes"
    assert ran.fields["Image"] == "/usr/bin/tar"
    assert ran.fields["CurrentDirectory"] == "/home/opsadmin"
    assert failed.fields["Failure"] == "3 incorrect password attempts"
    assert "Failure" not in ran.fields


def test_other_programs_are_plain_syslog(auth_events: list[Event]) -> None:
    cron = auth_events[7]
    assert cron.logsource == LogSource(product="linux", service="syslog")
    assert cron.fields["program"] == "CRON" and cron.fields["pid"] == "2450"


def test_rfc3164_year_comes_from_the_file_time(
    read_events: ReadEvents, dated_copy: DatedCopy
) -> None:
    events, _ = read_events(SyslogReader, dated_copy("auth.log", datetime(2025, 6, 1)))
    assert events[0].timestamp == datetime(2025, 5, 6, 8, 1, 12, tzinfo=SHANGHAI)
    assert "timestamp" not in events[0].fields
    rotated, _ = read_events(SyslogReader, dated_copy("auth.log", datetime(2026, 1, 3)))
    assert rotated[0].timestamp == datetime(2025, 5, 6, 8, 1, 12, tzinfo=SHANGHAI)


def test_bad_lines_are_reported(read_events: ReadEvents, dated_copy: DatedCopy) -> None:
    path = dated_copy("auth.log", datetime(2025, 6, 1))
    events, report = read_events(SyslogReader, path)
    assert len(events) == 10
    assert [(f.where, f.message.split(":")[0]) for f in report.failures] == [
        (f"{path}:10", "unparsable syslog line"),
        (f"{path}:12", "not UTF-8 at byte 50; skipped"),
        (f"{path}:13", "unparsable syslog line"),
    ]
    assert "out of range" in report.failures[2].message


def test_rfc5424_keeps_offsets_and_structured_data(read_events: ReadEvents) -> None:
    events, report = read_events(SyslogReader, LOGS / "syslog_rfc5424.log")
    assert report.failures == []
    login, sudo, app, empty = events
    assert login.logsource == SSHD and login.fields["User"] == "engineer"
    assert login.fields["facility"] == 4 and login.fields["severity"] == "info"
    assert sudo.logsource == SUDO and sudo.fields["structured_data"] == '[meta sequenceId="17"]'
    assert sudo.fields["CommandLine"].startswith("/usr/bin/cp /opt/wincc/projects/line3.db")
    assert app.fields["msgid"] == "ID47" and app.fields["message"] == "backup finished in 42s"
    assert app.timestamp == datetime(2025, 5, 6, 8, 13, tzinfo=SHANGHAI)
    assert "host" not in empty.fields and "Computer" not in empty.fields


def test_rfc3339_header(read_events: ReadEvents) -> None:
    events, _ = read_events(SyslogReader, LOGS / "syslog_rfc3339.log")
    assert events[0].fields["User"] == "vendor01" and events[0].logsource == SSHD
    assert events[0].timestamp == datetime(2025, 5, 6, 8, 20, 1, 123456, tzinfo=SHANGHAI)


def test_auditd_records(read_events: ReadEvents) -> None:
    events, report = read_events(SyslogReader, LOGS / "audit.log")
    assert report.failures == [] and {e.logsource for e in events} == {AUDITD}
    syscall, execve, proctitle, tar, login, denied = (e.fields for e in events)
    assert syscall["type"] == "SYSCALL" and syscall["exe"] == syscall["Image"] == "/usr/bin/cat"
    assert syscall["key"] == "shadow_read" and syscall["auid"] == syscall["LogonId"] == "1002"
    assert execve["a1"] == "/etc/shadow" and execve["CommandLine"] == "cat /etc/shadow"
    assert proctitle["proctitle"] == "cat /etc/shadow"
    assert tar["a2"] == "/tmp/my recipes.tgz"
    assert login["acct"] == "vendor01" and login["addr"] == "198.51.100.23"
    assert login["pid"] == "3400"
    assert denied["node"] == "hist01" and denied["success"] == "no"
    assert events[0].timestamp == datetime(2025, 5, 6, 8, 23, 0, 117000, tzinfo=SHANGHAI)


AUDIT_VALUES = [
    ('type=EXECVE msg=audit(1.0:1): argc=1 a0="ls"', {"a0": "ls", "command_line": "ls"}),
    ("type=EXECVE msg=audit(1.0:1): argc=1 a0=6C73", {"a0": "ls"}),
    ("type=SYSCALL msg=audit(1.0:1): a0=6C73 exit=0", {"a0": "ls", "exit": "0"}),
    ("type=CWD msg=audit(1.0:1): cwd=ABCDEF", {"cwd": "\ufffd\ufffd\ufffd"}),
    ("type=X msg=audit(1.0:1): uid=0 msg='uid=1 op=x'", {"uid": "0", "op": "x"}),
]


@pytest.mark.parametrize(("line", "expected"), AUDIT_VALUES)
def test_audit_field_decoding(line: str, expected: dict[str, str]) -> None:
    fields = parse_audit_fields(line)
    assert expected.items() <= fields.items()
    assert fields["audit_serial"] == "1" and "msg" not in fields
