"""Syslog files: RFC 3164 (``/var/log/auth.log``), RFC 5424, RFC 3339-stamped rsyslog, auditd.

This module only takes headers apart (time, host, program, pid) and splits auditd's
``key=value`` records; what an sshd or sudo message means is regex data in the ``syslog``
pipeline pack. RFC 3164 headers carry no year: it is taken from the file's modification time,
and a month later than that time belongs to the year before (a file rotated in January still
holds December's lines).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

from indsec.detect.sources.base import LOG_READERS
from indsec.detect.sources.pipeline_reader import PipelineReader, RawRecord, head_lines
from indsec.model.source import ScanReport

_RFC5424 = re.compile(
    r"<(?P<pri>\d{1,3})>1 (?P<ts>\S+) (?P<host>\S+) (?P<program>\S+) (?P<pid>\S+) "
    r"(?P<msgid>\S+) (?P<sd>-|(?:\[(?:[^\]\\]|\\.)*\])+)(?: \ufeff?(?P<message>.*))?$"
)
_BSD_TAIL = r" (?P<host>\S+) (?P<program>[^:\[\s]+)(?:\[(?P<pid>[^\]]*)\])?: ?(?P<message>.*)$"
_RFC3164 = re.compile(
    r"(?:<(?P<pri>\d{1,3})>)?(?P<ts>[A-Z][a-z]{2} [ \d]\d \d\d:\d\d:\d\d)" + _BSD_TAIL
)
_RFC3339 = re.compile(
    r"(?:<(?P<pri>\d{1,3})>)?(?P<ts>\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\S*)" + _BSD_TAIL
)
_SYSLOG_HEADERS = (_RFC5424, _RFC3164, _RFC3339)
_AUDIT_LINE = re.compile(r"(?:node=\S+ )?type=\w+ msg=audit\(")
_AUDIT_PAIR = re.compile(r"([A-Za-z_][\w-]*)=(\"[^\"]*\"|'[^']*'|\S+)")
_AUDIT_STAMP = re.compile(r"audit\((?P<epoch>\d+(?:\.\d+)?):(?P<serial>\d+)\)")
_HEX = re.compile(r"(?:[0-9A-F]{2})+")
_ENCODED_KEYS = re.compile(r"a\d+|proctitle|cmd|comm|exe|name|cwd")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_SEVERITIES = ("emerg", "alert", "crit", "err", "warning", "notice", "info", "debug")
_NIL = "-"


class SyslogHeaderError(ValueError):
    """A line that matches no syslog header."""


def parse_audit_fields(text: str) -> dict[str, Any]:
    """auditd's ``key=value`` pairs, hex-encoded strings decoded, nested ``msg='…'`` lifted.

    Outer keys win over keys of the nested message (they come first in the record).
    """
    fields: dict[str, Any] = {}
    for key, value in _AUDIT_PAIR.findall(text):
        if value.startswith("'"):
            for inner_key, inner_value in _AUDIT_PAIR.findall(value[1:-1]):
                fields.setdefault(inner_key, _audit_value(inner_key, inner_value))
            continue
        fields.setdefault(key, _audit_value(key, value))
    stamp = _AUDIT_STAMP.search(text)
    if stamp is not None:
        fields["audit_time"] = stamp["epoch"]
        fields["audit_serial"] = stamp["serial"]
    fields.pop("msg", None)
    if fields.get("type") == "EXECVE":
        fields["command_line"] = _execve_command_line(fields)
    return fields


def _audit_value(key: str, value: str) -> str:
    if value.startswith('"'):
        return value.strip('"')
    if _ENCODED_KEYS.fullmatch(key) and _HEX.fullmatch(value):
        decoded = bytes.fromhex(value).decode("utf-8", errors="replace")
        return decoded.replace("\x00", " ").strip()
    return value


def _execve_command_line(fields: dict[str, Any]) -> str:
    args: list[str] = []
    while (arg := fields.get(f"a{len(args)}")) is not None:
        args.append(str(arg))
    return " ".join(args)


def _bsd_time(stamp: str, reference: datetime) -> datetime:
    month = _MONTHS.index(stamp[:3]) + 1
    year = reference.year - 1 if month > reference.month else reference.year
    return datetime.strptime(f"{year} {stamp}", "%Y %b %d %H:%M:%S")


def _priority_fields(pri: str | None) -> dict[str, Any]:
    if pri is None:
        return {}
    value = int(pri)
    return {"facility": value // 8, "severity": _SEVERITIES[value % 8]}


def parse_syslog_header(line: str, reference: datetime) -> dict[str, Any]:
    """Raw fields of one syslog line (any of the three header styles).

    Raises:
        SyslogHeaderError: no header style fits, or its time is impossible.
    """
    found = _RFC5424.match(line)
    if found is not None:
        return _rfc5424_fields(found)
    for pattern, read_time in ((_RFC3164, _bsd_time), (_RFC3339, _iso_time)):
        found = pattern.match(line)
        if found is not None:
            return _bsd_fields(found, read_time(found["ts"], reference))
    raise SyslogHeaderError("no RFC 3164, RFC 5424 or RFC 3339 syslog header")


def _iso_time(stamp: str, _: datetime) -> datetime:
    return datetime.fromisoformat(stamp)


def _bsd_fields(found: re.Match[str], when: datetime) -> dict[str, Any]:
    raw = {"timestamp": when, "host": found["host"], "program": found["program"]}
    if found["pid"]:
        raw["pid"] = found["pid"]
    raw["message"] = found["message"]
    raw.update(_priority_fields(found["pri"]))
    return raw


def _rfc5424_fields(found: re.Match[str]) -> dict[str, Any]:
    raw: dict[str, Any] = {"timestamp": _iso_time(found["ts"], datetime.min)}
    for name in ("host", "program", "pid", "msgid"):
        if found[name] != _NIL:
            raw[name] = found[name]
    if found["sd"] != _NIL:
        raw["structured_data"] = found["sd"]
    raw["message"] = found["message"] or ""
    raw.update(_priority_fields(found["pri"]))
    return raw


@LOG_READERS.decorator("syslog")
class SyslogReader(PipelineReader):
    """Syslog and auditd lines; the pipeline recognises sshd, sudo and audit records."""

    format = "syslog"
    sniff_priority = 5

    def records(self, path: Path, report: ScanReport) -> Iterator[RawRecord]:
        """One raw record per line; lines without a header are reported."""
        return self.parsed_lines(
            path, report, self._raw_record, failure="unparsable syslog line: {}; skipped"
        )

    @staticmethod
    def _raw_record(line: str, reference: datetime) -> dict[str, Any]:
        if _AUDIT_LINE.match(line):
            return {"message": line, **parse_audit_fields(line)}
        raw = parse_syslog_header(line, reference)
        if _AUDIT_LINE.match(raw["message"]):
            raw.update(parse_audit_fields(raw["message"]))
        return raw

    @classmethod
    def sniff(cls, head: bytes) -> bool:
        """Most of the first lines have a syslog header or are auditd records."""
        lines = head_lines(head)
        known = sum(
            1
            for line in lines
            if _AUDIT_LINE.match(line) or any(p.match(line) for p in _SYSLOG_HEADERS)
        )
        return bool(lines) and known * 2 > len(lines)
