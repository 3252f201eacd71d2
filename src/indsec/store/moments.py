"""Moments read back from the store: SQLite returns naive datetimes of what was stored in UTC."""

from __future__ import annotations

from datetime import UTC, datetime


def aware(moment: datetime) -> datetime:
    """``moment`` with its UTC offset, whichever database it came from."""
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def optional_aware(moment: datetime | None) -> datetime | None:
    return None if moment is None else aware(moment)
