"""Format validators: IP addresses, calendar dates and coordinates a regex can only shape.

Whether an octet is in range, a ``::`` is legal, a day exists in its month or a latitude is
within ±90 are checks that would make unreadable regexes; the patterns stay small and these
decide.
"""

from __future__ import annotations

import re
import socket
from datetime import date

from indsec.classify.recognize.validator_registry import validator

_NUMBERS = re.compile(r"\d+")
_FLOATS = re.compile(r"[-+]?\d+(?:\.\d+)?")


def _is_address(family: socket.AddressFamily, value: str) -> bool:
    """The C library's strict text-to-address parser (no leading zeros, group rules)."""
    try:
        socket.inet_pton(family, value)
    except (OSError, ValueError):
        return False
    return True


@validator("ipv4", "are valid IPv4 addresses (RFC 791)")
def is_ipv4(value: str) -> bool:
    """Dotted quads with every octet in range (the pattern only checks the shape)."""
    return _is_address(socket.AF_INET, value)


@validator("ipv6", "are valid IPv6 addresses (RFC 4291)")
def is_ipv6(value: str) -> bool:
    """Group count and ``::`` compression rules, which would be unreadable as a regex."""
    return _is_address(socket.AF_INET6, value)


@validator("calendar_date", "are real calendar dates between 1900 and 2100")
def is_calendar_date(value: str) -> bool:
    """Year-month-day in that order (GB/T 7408 / ISO 8601 and Chinese 年月日 forms)."""
    parts = _NUMBERS.findall(value)
    if len(parts) < 3:
        return False
    try:
        day = date(int(parts[0]), int(parts[1]), int(parts[2]))
    except ValueError:
        return False
    return 1900 <= day.year <= 2100


def _degrees(value: str) -> tuple[float, float] | None:
    """Latitude and longitude from ``lat,lon`` or ``d°m's"N d°m's"E`` (minutes, seconds < 60)."""
    numbers = [float(n) for n in _FLOATS.findall(value)]
    if len(numbers) == 2:
        return numbers[0], numbers[1]
    if len(numbers) == 6 and all(n < 60 for n in (*numbers[1:3], *numbers[4:6])):
        return numbers[0], numbers[3]
    return None


@validator("geo_coordinate", "are latitude/longitude pairs within range (WGS 84)")
def is_geo_coordinate(value: str) -> bool:
    """One value within ±90 and the other within ±180, in either order.

    Chinese map APIs (AMap, Baidu) write longitude first, ISO 6709 latitude first.
    """
    pair = _degrees(value)
    if pair is None:
        return False
    first, second = abs(pair[0]), abs(pair[1])
    return max(first, second) <= 180 and min(first, second) <= 90
