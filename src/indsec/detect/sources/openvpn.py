"""OpenVPN server logs: connections, authenticated users, tunnel addresses and disconnects.

A vendor reaching plant systems over VPN outside the bastion is the "uncontrolled remote O&M"
scenario; the server log is where it shows. OpenVPN stamps lines three ways — ``2024-05-01
10:00:00`` (2.5+), ``Wed May  1 10:00:00 2024`` (2.4) or a syslog header when logging through
syslog — and this reader accepts all three; the ``openvpn`` pipeline reads the messages.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

from indsec.detect.sources.base import LOG_READERS
from indsec.detect.sources.pipeline_reader import PipelineReader, RawRecord, head_lines
from indsec.detect.sources.syslog import parse_syslog_header
from indsec.model.source import ScanReport

_STAMPED = (
    re.compile(r"(?P<ts>\d{4}-\d\d-\d\d \d\d:\d\d:\d\d)(?: us=\d+)? (?P<message>.*)$"),
    re.compile(r"(?P<ts>[A-Z][a-z]{2} [A-Z][a-z]{2} [ \d]\d [\d:]{8} \d{4}) (?P<message>.*)$"),
)
_OPENVPN_WORDS = re.compile(
    r"OpenVPN \d|Peer Connection Initiated|MULTI(?:_sva)?:|TLS: |VERIFY OK|client-instance"
    r"|Initialization Sequence Completed"
)
_SYSLOG_PROGRAM = re.compile(r" (?:openvpn|ovpn-[\w-]+)(?:\[\d+\])?: ")


def _stamped_fields(line: str, reference: datetime) -> dict[str, Any]:
    for pattern in _STAMPED:
        found = pattern.match(line)
        if found is not None:
            return {"timestamp": found["ts"], "message": found["message"]}
    return parse_syslog_header(line, reference)


@LOG_READERS.decorator("openvpn")
class OpenVpnLogReader(PipelineReader):
    """OpenVPN server log files (``--log`` output or syslog lines from ``openvpn``)."""

    format = "openvpn"
    sniff_priority = 20

    def records(self, path: Path, report: ScanReport) -> Iterator[RawRecord]:
        """One raw record per line: timestamp and message; unstamped lines are reported."""
        return self.parsed_lines(
            path, report, _stamped_fields, failure="no OpenVPN or syslog time stamp ({}); skipped"
        )

    @classmethod
    def sniff(cls, head: bytes) -> bool:
        """Stamped lines (or syslog lines of ``openvpn``) carrying OpenVPN's vocabulary."""
        stamped = [
            line
            for line in head_lines(head)
            if _SYSLOG_PROGRAM.search(line) or any(p.match(line) for p in _STAMPED)
        ]
        return any(_OPENVPN_WORDS.search(line) for line in stamped)
