"""The text formats of the demo's logs, written the way the real software writes them.

Each function renders one record: rsyslog's RFC 3339 file format, auditd records, PostgreSQL
csvlog rows (auto_explain plans included), the MariaDB audit plugin, OpenVPN's log, and the JSON
shapes of Zeek, Sysmon for Linux, Elastic Common Schema, JumpServer and file-activity agents.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
from datetime import UTC, datetime
from typing import Any


def syslog(moment: datetime, host: str, program: str, message: str, pid: int | None) -> str:
    """rsyslog's ``RSYSLOG_FileFormat``: RFC 3339 time with microseconds and offset."""
    tag = f"{program}[{pid}]" if pid is not None else program
    return f"{moment.isoformat(timespec='microseconds')} {host} {tag}: {message}"


def _audit_value(text: str) -> str:
    """auditd quotes plain arguments and hex-encodes any with spaces, quotes or non-ASCII."""
    if text.isascii() and text.isprintable() and not any(c in text for c in ' "'):
        return f'"{text}"'
    return text.encode("utf-8").hex().upper()


def audit(moment: datetime, serial: int, record: str, body: str) -> str:
    """One auditd record: ``type=… msg=audit(epoch:serial): body``."""
    return f"type={record} msg=audit({moment.timestamp():.3f}:{serial}): {body}"


def execve_body(args: list[str]) -> str:
    """The body of an EXECVE record for ``args``."""
    encoded = " ".join(f"a{n}={_audit_value(arg)}" for n, arg in enumerate(args))
    return f"argc={len(args)} {encoded}"


def pg_csvlog(moment: datetime, session: dict[str, Any], line_no: int, message: str) -> str:
    """One PostgreSQL 14+ csvlog record (26 columns); ``session`` names user, db, client ..."""
    stamp = moment.strftime("%Y-%m-%d %H:%M:%S.") + f"{moment.microsecond // 1000:03d} CST"
    started = session["started"].strftime("%Y-%m-%d %H:%M:%S CST")
    row = [
        *(stamp, session["user"], session["database"], str(session["pid"])),
        *(f"{session['client']}:{session['port']}", session["id"], str(line_no)),
        *(session.get("tag", ""), started, "3/120", "0", "LOG", "00000", message),
        *([""] * 8),
        *(session["application"], "client backend", "", "-4124812912481"),
    ]
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerow(row)  # "\n" also makes multi-line fields quoted
    return out.getvalue().removesuffix("\n")


def pg_statement(sql: str, duration_ms: float | None = None) -> str:
    """A ``log_statement`` / ``log_min_duration_statement`` message."""
    if duration_ms is None:
        return f"statement: {sql}"
    return f"duration: {duration_ms:.3f} ms  statement: {sql}"


def pg_plan(sql: str, table: str, rows: int, duration_ms: float) -> str:
    """An ``auto_explain`` message (text format) whose top node read ``rows`` rows."""
    return (
        f"duration: {duration_ms:.3f} ms  plan:\nQuery Text: {sql}\n"
        f"Seq Scan on {table}  (cost=0.00..{rows * 0.4:.2f} rows={rows} width=180) "
        f"(actual time=0.012..{duration_ms * 0.9:.3f} rows={rows} loops=1)"
    )


def mariadb_audit(moment: datetime, fields: dict[str, Any]) -> str:
    """One MariaDB ``server_audit`` row; QUERY objects are quoted with ``'`` and escaped."""
    target = str(fields.get("object", ""))
    if fields["operation"].startswith("QUERY"):
        target = "'" + target.replace("\\", "\\\\").replace("'", "\\'") + "'"
    columns = (
        moment.strftime("%Y%m%d %H:%M:%S"),
        *(fields["server"], fields["user"], fields["host"], str(fields["connection"])),
        *(str(fields.get("query", 0)), fields["operation"], fields.get("database", "")),
        *(target, str(fields.get("retcode", "0"))),
    )
    return ",".join(columns)


def openvpn(moment: datetime, message: str) -> str:
    """An OpenVPN 2.5+ ``--log`` line."""
    return f"{moment.strftime('%Y-%m-%d %H:%M:%S')} {message}"


def json_record(record: dict[str, Any]) -> str:
    """One JSON-lines record, UTF-8 kept readable."""
    return json.dumps(record, ensure_ascii=False, separators=(", ", ": "))


Endpoint = tuple[str, int]


def zeek_record(moment: datetime, path: str, origin: Endpoint, target: Endpoint) -> dict[str, Any]:
    """The fields every Zeek log shares: time, connection uid and the endpoints."""
    seed = f"{moment.timestamp()}|{origin}|{target}".encode()
    uid = "C" + hashlib.blake2b(seed, digest_size=9).hexdigest()[:17]
    return {
        "_path": path,
        "ts": round(moment.timestamp(), 6),
        "uid": uid,
        "id.orig_h": origin[0],
        "id.orig_p": origin[1],
        "id.resp_h": target[0],
        "id.resp_p": target[1],
    }


def utc_text(moment: datetime, *, sep: str = " ") -> str:
    """UTC with milliseconds, as Sysmon's ``UtcTime`` (``sep=" "``) or ECS (``sep="T"``)."""
    text = moment.astimezone(UTC).strftime(f"%Y-%m-%d{sep}%H:%M:%S.%f")[:-3]
    return text + ("Z" if sep == "T" else "")


def jumpserver_time(moment: datetime) -> str:
    """JumpServer's API time format."""
    return moment.strftime("%Y/%m/%d %H:%M:%S %z")
