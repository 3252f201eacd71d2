"""Timestamps from any log shape, normalised to the plant's local time.

Sigma's time modifiers (``hour``, ``day``, …) carry no timezone, so a rule such as "logins
outside 08:00–18:00" is only meaningful when every event is expressed in the plant's own
clock. Logs disagree on how they write time: epoch seconds (Zeek, auditd), ISO 8601 with or
without an offset (ECS, Sysmon, MySQL), local wall-clock strings (PostgreSQL, JumpServer). A
pipeline names the formats a source uses; this module turns each into an aware datetime in the
plant's zone.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, tzinfo
from typing import Any, Literal

from indsec.plugins import Registry, a_function

NaiveMeaning = Literal["utc", "local"]
"""How to read a timestamp that carries no offset: as UTC or as plant wall-clock time."""

TimestampParser = Callable[[Any], datetime]

TIMESTAMP_FORMATS: Registry[TimestampParser] = Registry(
    "timestamp formats", entry_point_group="indsec.timestamp_formats", accepts=a_function
)


@TIMESTAMP_FORMATS.decorator("datetime")
def _already_parsed(value: Any) -> datetime:
    # Readers whose syntax carries the time (syslog headers) hand over datetimes directly.
    if not isinstance(value, datetime):
        raise ValueError(f"not a datetime: {value!r}")
    return value


@TIMESTAMP_FORMATS.decorator("epoch")
def _epoch_seconds(value: Any) -> datetime:
    return datetime.fromtimestamp(float(value), UTC)


@TIMESTAMP_FORMATS.decorator("epoch_ms")
def _epoch_milliseconds(value: Any) -> datetime:
    return datetime.fromtimestamp(float(value) / 1000.0, UTC)


@TIMESTAMP_FORMATS.decorator("iso8601")
def _iso8601(value: Any) -> datetime:
    if isinstance(value, datetime):
        return value
    return datetime.fromisoformat(str(value).strip())


_OFFSET_ENDINGS = ("Z", "z")


def _iso8601_naive_utc(value: Any) -> datetime:
    # What iso8601 reads where a time without an offset means UTC (Sysmon's UtcTime, on
    # every event): the offset goes onto the text rather than onto the parsed time, which
    # costs a third as much. Text with an offset the check below misses fails that parse and
    # is read as written.
    if type(value) is str:
        if value.endswith(_OFFSET_ENDINGS) or value[-6:-5] in "+-":
            return datetime.fromisoformat(value.strip())
        try:
            return datetime.fromisoformat(value + "+00:00")
        except ValueError:
            pass
    return _iso8601(value)


_ZONE_SUFFIX = re.compile(
    r"^(?P<moment>\S+[ T]\S+?)(?: ?(?P<zone>[A-Za-z]{1,6}|[+-]\d{2}(?::?\d{2})?))?$"
)
_UTC_NAMES = frozenset({"UTC", "GMT", "Z", "UCT"})


@TIMESTAMP_FORMATS.decorator("abbreviated_zone")
def _abbreviated_zone(value: Any) -> datetime:
    # PostgreSQL's log_time and friends end in a zone *abbreviation*; "CST" is China and US
    # Central alike, so only UTC names and numeric offsets are trusted, the rest read as local.
    found = _ZONE_SUFFIX.match(str(value).strip())
    if found is None:
        raise ValueError(f"not a date-time with a zone: {value!r}")
    moment = datetime.fromisoformat(found["moment"])
    zone = found["zone"] or ""
    if zone.upper() in _UTC_NAMES:
        return moment.replace(tzinfo=UTC)
    if zone and zone[0] in "+-":
        return datetime.fromisoformat(f"{found['moment']}{zone}")
    return moment


def _strptime_parser(pattern: str) -> TimestampParser:
    def parse(value: Any) -> datetime:
        if isinstance(value, datetime):
            return value
        return datetime.strptime(str(value).strip(), pattern)

    return parse


def timestamp_parser(name: str) -> TimestampParser:
    """A registered format by name, or a ``strptime`` pattern (any name containing ``%``)."""
    if "%" in name:
        return _strptime_parser(name)
    return TIMESTAMP_FORMATS.get(name)


@dataclass(frozen=True, slots=True)
class PlantClock:
    """Expresses moments in the plant's zone; the one place naive times get a zone."""

    zone: tzinfo = UTC

    def localise(self, moment: datetime, naive: NaiveMeaning) -> datetime:
        """``moment`` as an aware datetime in the plant zone."""
        if moment.tzinfo is None:  # combine costs a third of replace(tzinfo=...), per event
            zone = UTC if naive == "utc" else self.zone
            moment = datetime.combine(moment.date(), moment.time(), zone)
        if moment.tzinfo is self.zone:  # what astimezone would return, without the copy
            return moment
        return moment.astimezone(self.zone)


class TimestampReader:
    """Reads one source's timestamps: its formats in turn, into the plant's zone.

    The format that worked last is tried first next time, since a file rarely changes how it
    writes time and a failed parse (an exception) costs more than a successful one.
    """

    def __init__(self, clock: PlantClock, formats: list[str], naive: NaiveMeaning) -> None:
        self.clock = clock
        self.naive: NaiveMeaning = naive
        self._parsers = [timestamp_parser(name) for name in formats]
        if naive == "utc" or clock.zone is UTC:
            self._parsers = [_iso8601_naive_utc if p is _iso8601 else p for p in self._parsers]

    def read(self, value: Any) -> datetime:
        """``value`` as an aware datetime in plant time.

        Raises:
            ValueError: no format understood the value.
        """
        parsers = self._parsers
        try:  # the format that worked last: nearly always the one
            return self.clock.localise(parsers[0](value), self.naive)
        except (ValueError, TypeError, OverflowError, OSError):
            pass
        for index, parse in enumerate(parsers[1:], start=1):
            try:
                moment = parse(value)
            except (ValueError, TypeError, OverflowError, OSError):
                continue
            parsers.insert(0, parsers.pop(index))
            return self.clock.localise(moment, self.naive)
        raise ValueError(f"unrecognised timestamp {str(value)[:60]!r}")
