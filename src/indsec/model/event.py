"""Normalised log events, the input of the detection engine.

Every log source (EVTX, JSON lines, syslog, database audit, bastion, VPN, file activity)
yields :class:`Event` values whose ``fields`` use Sigma field names, so any Sigma rule can be
evaluated on them without knowing where they came from.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any


@dataclass(frozen=True, slots=True)
class LogSource:
    """Sigma's logsource triple; ``None`` means unknown / any."""

    product: str | None = None
    category: str | None = None
    service: str | None = None


@dataclass(slots=True)
class Event:
    """One normalised event.

    ``fields`` maps Sigma field names to values (str, int, float, bool, None or lists of those);
    ``origin`` says where it came from (``file.evtx#1234``, ``auth.log:88``) for alerts and errors.
    """

    fields: dict[str, Any]
    logsource: LogSource
    timestamp: datetime | None = None
    origin: str = ""
    context: dict[str, Any] = field(default_factory=dict)
