"""The telemetry a drill leaves, written in the formats the real log readers read.

File operations go out as the ``file_activity`` reader's JSON lines (what EDR and file-integrity
agents report: operation, path, size, entropy); the shadow-copy deletion goes out as a Sysmon
process-creation event in Windows event JSON, which the ``jsonl`` pipeline routes by channel and
event id like an EVTX export. Each record carries the drill's id, so nobody mistakes it for an
attack, but rules never look at that field.
"""

from __future__ import annotations

import getpass
import json
import math
import socket
import sys
import uuid
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

FILE_LOG = "file_activity.jsonl"
PROCESS_LOG = "sysmon_process.jsonl"
SYSMON_CHANNEL = "Microsoft-Windows-Sysmon/Operational"


def entropy(data: bytes) -> float:
    """Shannon entropy of ``data`` in bits per byte, what an EDR agent reports for a write."""
    if not data:
        return 0.0
    total = len(data)
    return -sum(n / total * math.log2(n / total) for n in Counter(data).values())


def _stamp(moment: datetime) -> str:
    return moment.isoformat(timespec="microseconds")


@dataclass
class Telemetry:
    """Lines of the two logs, in the order the drill acted."""

    drill: str
    host: str = field(default_factory=socket.gethostname)
    user: str = field(default_factory=getpass.getuser)
    files: list[str] = field(default_factory=list)
    processes: list[str] = field(default_factory=list)

    def file_event(self, moment: datetime, operation: str, path: str, **extra: Any) -> None:
        record = {
            "timestamp": _stamp(moment),
            "host": self.host,
            "user": self.user,
            "process": sys.executable,
            "path": path,
            "operation": operation,
            **extra,
            "drill": self.drill,
        }
        self.files.append(json.dumps(record, ensure_ascii=False))

    def process_creation(self, moment: datetime, image: str, command_line: str) -> None:
        """A Sysmon event 1 for a command the drill does *not* run."""
        record = {
            "Channel": SYSMON_CHANNEL,
            "EventID": 1,
            "Computer": self.host,
            "UtcTime": _stamp(moment),
            "ProcessGuid": "{" + str(uuid.uuid4()) + "}",
            "Image": image,
            "OriginalFileName": image.rsplit("\\", 1)[-1].upper(),
            "CommandLine": command_line,
            "ParentImage": "C:\\Windows\\System32\\cmd.exe",
            "User": self.user,
            "drill": self.drill,
        }
        self.processes.append(json.dumps(record, ensure_ascii=False))

    def documents(self) -> dict[str, bytes]:
        """Each log's name and content (a log with no line is left out)."""
        logs = {FILE_LOG: self.files, PROCESS_LOG: self.processes}
        return {name: ("\n".join(lines) + "\n").encode() for name, lines in logs.items() if lines}
