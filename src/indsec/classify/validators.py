"""Validators: checksum and plausibility hooks that a recognizer pattern match must also pass.

A regex can say a value *looks like* a resident ID; only the GB 11643 check digit says it *is*
one. Keeping those checks here, as named functions in a registry, lets rule packs reference them
by name while the patterns stay small (habit 6 of the design: checksums in hooks, not in bigger
regexes). Well-kept libraries do the checksum work where they exist (python-stdnum).

Validators receive the value as the engine normalised it: NFKC, lower-cased, stripped. They must
be fast, because they run on every candidate cell, and they must never raise on odd input.
"""

from __future__ import annotations

import re
import socket
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from stdnum import luhn, numdb
from stdnum.cn import ric, uscc

from indsec.plugins import Registry

Check = Callable[[str], bool]


@dataclass(frozen=True, slots=True)
class Validator:
    """A named check plus the phrase evidence uses ("947/1000 sampled values <passes>")."""

    check: Check
    passes: str


VALIDATORS: Registry[Validator] = Registry("validators", entry_point_group="indsec.validators")


def validator(name: str, passes: str) -> Callable[[Check], Check]:
    """Register the decorated function as validator ``name``."""

    def wrap(check: Check) -> Check:
        VALIDATORS.register(name, Validator(check=check, passes=passes))
        return check

    return wrap


_EARLIEST_BIRTH_YEAR = 1900
_LATEST_BIRTH = date.today()  # per process: a day stale at worst, and ~1 µs a value cheaper
_USCC_ORG_BASE = 35  # 35 ≡ 2 (mod 11): int(body, 35) weighs digit i by 2**(8 - i) modulo 11
_SEPARATORS = str.maketrans("", "", " -")
_NUMBERS = re.compile(r"\d+")
_FLOATS = re.compile(r"[-+]?\d+(?:\.\d+)?")


@lru_cache(maxsize=8192)
def _known_cn_region(code: str) -> bool:
    """Whether python-stdnum's GB/T 2260 table knows ``code`` as a county (cached per code)."""
    found = numdb.get("cn/loc").info(code)
    return any("county" in props for _part, props in found)


def _plausible_birth(number: str) -> bool:
    try:
        born = date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        return False
    return born.year >= _EARLIEST_BIRTH_YEAR and born <= _LATEST_BIRTH


@validator("cn_resident_id", "pass the GB 11643 check digit, birth date and region checks")
def is_cn_resident_id(value: str) -> bool:
    """GB 11643: stdnum's check digit, a real calendar date and a region code known to GB/T 2260.

    stdnum's own ``is_valid`` also ties the county to the birth year; that lookup costs ~20 µs per
    value, so the county is checked against the table without the year instead.
    """
    number = value.upper()
    if len(number) != 18 or not (number[:17].isascii() and number[:17].isdigit()):
        return False
    if number[-1] != ric.calc_check_digit(number):
        return False
    return _plausible_birth(number) and _known_cn_region(number[:6])


def _gb11714_check_passes(body: str) -> bool:
    """The (upper-case) GB 11714 organisation code inside a USCC has its own check character."""
    expected = (11 - 2 * int(body[:8], _USCC_ORG_BASE) % 11) % 11
    return body[8] == ("X" if expected == 10 else str(expected))


@validator("cn_uscc", "pass the GB 32100 and GB 11714 check characters")
def is_cn_uscc(value: str) -> bool:
    """GB 32100 unified social credit code: stdnum's check character plus the embedded GB 11714.

    The cheap embedded check runs first; it rejects ten in eleven random 18-character strings
    (resident IDs among them) before the slower stdnum call.
    """
    number = value.upper()
    if len(number) != 18 or not (number.isascii() and number.isalnum()):
        return False
    try:
        if not _gb11714_check_passes(number[8:17]):
            return False
        return number[-1] == uscc.calc_check_digit(number)
    except ValueError:  # a character outside the code alphabets
        return False


@validator("luhn", "pass the Luhn (ISO/IEC 7812) check digit")
def is_luhn_valid(value: str) -> bool:
    """Bank cards: ISO/IEC 7812 Luhn check via stdnum; spaces and dashes are ignored."""
    digits = value.translate(_SEPARATORS)
    return digits.isascii() and digits.isdigit() and luhn.checksum(digits) == 0


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
