"""The site policy: the plant's clock, who may reach what from where, and when changes happen.

Sigma rules stay generic ("an SSH login not from a bastion host", "core data read outside
working hours"); what *this* plant calls a bastion, a vendor account or working hours is data in
the ``[site]`` table of ``indsec.toml``. It reaches the rules two ways:

* lists become values of Sigma ``expand`` placeholders (``%bastion_hosts%`` …), see
  :meth:`SitePolicy.placeholders`;
* facts about time are stamped onto each event before matching, see :meth:`SitePolicy.annotate`.
  Sigma's time-part modifiers (``|hour``) cannot express weekdays, minute boundaries such as
  08:30, or weekly change windows, so the policy decides ``OffHours`` and ``InChangeWindow``
  itself and rules test those flags; ``PlantTime`` is still added for site rules using ``|hour``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime, time, tzinfo
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    PrivateAttr,
    field_validator,
    model_validator,
)

from indsec.model.event import Event

DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_DAY_NAMES = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_MINUTES_PER_DAY = 24 * 60
_MINUTES_PER_WEEK = 7 * _MINUTES_PER_DAY

PLANT_TIME = "PlantTime"
OFF_HOURS = "OffHours"
IN_CHANGE_WINDOW = "InChangeWindow"
BULK_READ = "BulkRead"
ROWS = "rows"
"""Event fields the policy reads (``rows``) and writes (the others)."""

_CLOCK = r"(?P<{0}>[0-2]?\d:[0-5]\d)"
_HOURS = re.compile(rf"^\s*{_CLOCK.format('start')}\s*-\s*{_CLOCK.format('end')}\s*$")
_WEEKLY = re.compile(
    rf"^\s*(?P<first>[A-Za-z]+)\s+{_CLOCK.format('start')}\s*-\s*"
    rf"(?:(?P<last>[A-Za-z]+)\s+)?{_CLOCK.format('end')}\s*$"
)


def plant_zone(name: str | None) -> tzinfo:
    """The plant's zone from a site policy name such as ``Asia/Shanghai``; UTC when unset.

    Raises:
        ValueError: the name is not a known IANA zone.
    """
    if not name:
        return UTC
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        message = f"unknown timezone '{name}' (use an IANA name like Asia/Shanghai)"
        raise ValueError(message) from exc


def _clock_minutes(text: str) -> int:
    """Minutes since midnight of an ``HH:MM`` time of day."""
    hours, minutes = (int(part) for part in text.split(":"))
    if hours > 23:
        raise ValueError(f"'{text}' is not a time of day")
    return hours * 60 + minutes


def _matched(pattern: re.Pattern[str], text: str, expected: str) -> re.Match[str]:
    found = pattern.match(text)
    if found is None:
        raise ValueError(f"expected {expected}, got '{text}'")
    return found


def _day_index(text: str) -> int:
    key = text.lower()
    for names in (DAYS, _DAY_NAMES):
        if key in names:
            return names.index(key)
    raise ValueError(f"'{text}' is not a weekday (use {', '.join(d.title() for d in DAYS)})")


def _minute_of_day(moment: time) -> int:
    return moment.hour * 60 + moment.minute


@dataclass(frozen=True, slots=True)
class _Span:
    """From minute ``start`` to minute ``end``; an end at or before the start wraps around."""

    start: int
    end: int


class DailyHours(_Span):
    """A daily span such as working hours; an end at or before the start runs past midnight."""

    __slots__ = ()

    @classmethod
    def parse(cls, text: str) -> DailyHours:
        found = _matched(_HOURS, text, "HH:MM-HH:MM")
        return cls(_clock_minutes(found["start"]), _clock_minutes(found["end"]))

    def covers(self, minute: int) -> tuple[bool, bool]:
        """Whether ``minute`` of a day lies in the span as started that day, or the day before."""
        if self.start < self.end:
            return self.start <= minute < self.end, False
        return minute >= self.start, minute < self.end


class WeeklyWindow(_Span):
    """A window that recurs every week, such as ``Sat 22:00-Sun 06:00`` (minutes of the week)."""

    __slots__ = ()

    @classmethod
    def parse(cls, text: str) -> WeeklyWindow:
        found = _matched(_WEEKLY, text, "a weekly window like 'Sat 22:00-Sun 06:00'")
        first = _day_index(found["first"])
        start = first * _MINUTES_PER_DAY + _clock_minutes(found["start"])
        last = _day_index(found["last"]) if found["last"] else first
        end = last * _MINUTES_PER_DAY + _clock_minutes(found["end"])
        if found["last"] is None and end <= start:
            end += _MINUTES_PER_DAY
        if end % _MINUTES_PER_WEEK == start:
            raise ValueError(f"the window '{text}' is empty")
        return cls(start, end % _MINUTES_PER_WEEK)

    def covers(self, moment: datetime) -> bool:
        minute = moment.weekday() * _MINUTES_PER_DAY + _minute_of_day(moment.time())
        if self.start < self.end:
            return self.start <= minute < self.end
        return minute >= self.start or minute < self.end


class DatedWindow(BaseModel):
    """A one-off change window; times without an offset are plant time."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    start: datetime
    end: datetime

    @model_validator(mode="after")
    def _ordered(self) -> DatedWindow:
        if (self.start.tzinfo is None) != (self.end.tzinfo is None):
            raise ValueError(f"give both ends of the window an offset, or neither ({self.start})")
        if self.end <= self.start:
            raise ValueError(f"a change window must end after it starts ({self.start})")
        return self

    def covers(self, moment: datetime, zone: tzinfo) -> bool:
        return _aware(self.start, zone) <= moment < _aware(self.end, zone)


def _aware(moment: datetime, zone: tzinfo) -> datetime:
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=zone)


class SitePolicy(BaseModel):
    """The ``[site]`` table of ``indsec.toml``; every field has a safe default."""

    model_config = ConfigDict(extra="forbid")

    timezone: str = Field(default="Asia/Shanghai", description="IANA zone of the plant")
    working_hours: str = Field(default="08:00-18:00", description="HH:MM-HH:MM, plant time")
    working_days: list[str] = Field(default_factory=lambda: ["Mon", "Tue", "Wed", "Thu", "Fri"])
    bastion_hosts: list[str] = Field(default_factory=list, description="addresses and names")
    vendor_accounts: list[str] = Field(default_factory=list)
    service_accounts: list[str] = Field(
        default_factory=list, description="application accounts, exempt from human-pattern rules"
    )
    engineering_hosts: list[str] = Field(default_factory=list, description="may write to PLCs")
    change_windows: list[DatedWindow | str] = Field(
        default_factory=list, description="{start, end} or weekly 'Sat 22:00-Sun 06:00'"
    )
    approved_remote_tools: list[str] = Field(
        default_factory=list, description="executable names, e.g. TeamViewer.exe"
    )
    removable_media: list[str] = Field(
        default_factory=lambda: ["/media/", "/run/media/", "E:\\"],
        description="path prefixes where removable drives are mounted",
    )
    bulk_read_rows: int = Field(default=10_000, ge=1, description="rows that make a bulk read")

    _zone: tzinfo = PrivateAttr()
    _hours: DailyHours = PrivateAttr()
    _days: frozenset[int] = PrivateAttr()
    _weekly: tuple[WeeklyWindow, ...] = PrivateAttr()
    _dated: tuple[DatedWindow, ...] = PrivateAttr()

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        plant_zone(value)
        return value

    @field_validator("working_hours")
    @classmethod
    def _valid_hours(cls, value: str) -> str:
        DailyHours.parse(value)
        return value

    @field_validator("working_days")
    @classmethod
    def _valid_days(cls, value: list[str]) -> list[str]:
        for day in value:
            _day_index(day)
        return value

    @field_validator("change_windows")
    @classmethod
    def _valid_windows(cls, value: list[DatedWindow | str]) -> list[DatedWindow | str]:
        for window in value:
            if isinstance(window, str):
                WeeklyWindow.parse(window)
        return value

    def model_post_init(self, context: Any, /) -> None:
        self._zone = plant_zone(self.timezone)
        self._hours = DailyHours.parse(self.working_hours)
        self._days = frozenset(_day_index(day) for day in self.working_days)
        windows = self.change_windows
        self._weekly = tuple(WeeklyWindow.parse(w) for w in windows if isinstance(w, str))
        self._dated = tuple(w for w in windows if isinstance(w, DatedWindow))

    @property
    def zone(self) -> tzinfo:
        """The plant's zone: every time a person reads is shown in it."""
        return self._zone

    def placeholders(self) -> dict[str, list[str]]:
        """Values for the Sigma ``expand`` placeholders of the scenario rules."""
        return {
            "bastion_hosts": list(self.bastion_hosts),
            "vendor_accounts": list(self.vendor_accounts),
            "service_accounts": list(self.service_accounts),
            "engineering_hosts": list(self.engineering_hosts),
            "approved_remote_tools": list(self.approved_remote_tools),
            "removable_media": list(self.removable_media),
        }

    def off_hours(self, moment: datetime) -> bool:
        """True outside working hours; a night shift ending after midnight counts as its day."""
        local = self._local(moment)
        day, minute = local.weekday(), _minute_of_day(local.time())
        same_day, previous_day = self._hours.covers(minute)
        working = (same_day and day in self._days) or (previous_day and (day - 1) % 7 in self._days)
        return not working

    def in_change_window(self, moment: datetime) -> bool:
        """True inside any weekly or dated change window."""
        local = self._local(moment)
        return any(w.covers(local) for w in self._weekly) or any(
            w.covers(local, self._zone) for w in self._dated
        )

    def annotate(self, event: Event) -> None:
        """Stamp the policy's view of the event onto it, for rules to test; run before matching.

        Adds ``PlantTime`` (ISO 8601, plant time), ``OffHours`` and ``InChangeWindow`` when the
        event has a time, and ``BulkRead`` when it says how many ``rows`` it read.
        """
        fields = event.fields
        if event.timestamp is not None:
            fields[PLANT_TIME] = self._local(event.timestamp).isoformat()
            fields[OFF_HOURS] = self.off_hours(event.timestamp)
            fields[IN_CHANGE_WINDOW] = self.in_change_window(event.timestamp)
        rows = _row_count(fields.get(ROWS))
        if rows is not None:
            fields[BULK_READ] = rows >= self.bulk_read_rows

    def _local(self, moment: datetime) -> datetime:
        return _aware(moment, self._zone).astimezone(self._zone)


def _row_count(value: Any) -> int | None:
    if value is None or isinstance(value, bool):
        return None
    try:
        return int(value)
    except (TypeError, ValueError):
        return None
