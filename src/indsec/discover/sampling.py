"""Gentle row counts and random samples: read about as many rows as the sample, never the table.

A scanner runs against production databases. ``COUNT(*)`` reads a whole table and
``ORDER BY random() LIMIT n`` reads and sorts it, so neither is used by default: counts come from
the engine's statistics or stop at a bound, and samples come from a seeded ``TABLESAMPLE``
(chosen per engine in :mod:`indsec.discover.dialects`), from random ranges of an indexed integer
or time key, or from a reservoir over a bounded streamed read. Every random choice takes the
scan's seed, so the same seed on the same data gives the same sample.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import Select, func, literal, select, union_all
from sqlalchemy.engine import Connection, Row
from sqlalchemy.sql import ColumnElement, FromClause

from indsec.discover.formats.values import Reservoir

KEY_RANGES = 50
_KEY_LABEL = "indsec_sample_key"
_STREAM_BATCH = 1000


def bounded_count(conn: Connection, source: FromClause, limit: int) -> tuple[int, bool]:
    """Rows of ``source`` counted up to ``limit``: ``(rows, True)``, or ``(limit, False)``.

    ``(limit, False)`` reads "at least ``limit`` rows": the count stops reading there.
    """
    capped = select(literal(1)).select_from(source).limit(limit).subquery()
    rows = int(conn.execute(select(func.count()).select_from(capped)).scalar_one())
    return (rows, True) if rows < limit else (limit, False)


def key_points(low: int, high: int, ranges: int, seed: int) -> list[int]:
    """One seeded random point in each of ``ranges`` equal strata of ``[low, high]``.

    Strata rather than independent points spread the sample over the whole key space and keep
    the ranges from piling onto one another.
    """
    rng = random.Random(seed)
    width = (high - low + 1) / ranges
    return sorted({low + int(width * (i + rng.random())) for i in range(ranges)})


def key_range_rows(
    conn: Connection, query: Select[Any], key: ColumnElement[Any], n: int, seed: int
) -> Sequence[Row[Any]]:
    """At most ``n`` rows of ``query`` from :data:`KEY_RANGES` seeded ranges of an indexed key.

    ``MIN``/``MAX`` of an indexed key and ``key >= x ORDER BY key LIMIT k`` are index lookups,
    so the engine reads about ``n`` rows whatever the table's size. The key is an integer, a
    date or a timestamp; a key of another type, or with fewer distinct points than ranges (a
    status flag), gives no rows, so the next plan runs. Rows two ranges share are kept once.
    """
    low, high = conn.execute(select(func.min(key), func.max(key))).one()
    ranges = min(n, KEY_RANGES)
    axis = _axis(low, high)
    if axis is None or axis[0] < ranges:
        return []
    span, point = axis
    per_range = -(-n // ranges)
    keyed = query.add_columns(key.label(_KEY_LABEL))
    parts = [
        select(keyed.where(key >= point(x)).order_by(key).limit(per_range).subquery())
        for x in key_points(0, span, ranges, seed)
    ]
    unique = {_identity(row): row for row in conn.execute(union_all(*parts))}
    return list(unique.values())[:n]


def _axis(low: object, high: object) -> tuple[int, Callable[[int], object]] | None:
    """The span of ``[low, high]`` in whole units, and the key at an offset from ``low``."""
    if isinstance(low, bool) or isinstance(high, bool):
        return None
    if isinstance(low, int) and isinstance(high, int):
        return high - low, lambda offset: low + offset
    if isinstance(low, datetime) and isinstance(high, datetime):
        seconds = int((high - low).total_seconds())
        return seconds, lambda offset: low + timedelta(seconds=offset)
    if isinstance(low, date) and isinstance(high, date):
        return (high - low).days, lambda offset: low + timedelta(days=offset)
    return None


def _identity(row: Row[Any]) -> object:
    """What tells two fetched rows apart: their values and key (a non-unique key alone does not)."""
    try:
        hash(tuple(row))
    except TypeError:
        return repr(tuple(row))
    return tuple(row)


def reservoir_rows(
    conn: Connection, query: Select[Any], n: int, seed: int, limit: int
) -> Reservoir[Row[Any]]:
    """A seeded reservoir sample of ``n`` rows over at most ``limit`` rows read as a stream.

    For relations with no cheaper random access (views, tables without an index to draw key
    ranges from): the read is bounded and streamed, so neither the database nor this process
    holds more than a batch at a time. The reservoir also says how many rows were read.
    """
    sample: Reservoir[Row[Any]] = Reservoir(n, seed)
    options = {"stream_results": True, "yield_per": _STREAM_BATCH}
    for row in conn.execute(query.limit(limit), execution_options=options):
        sample.offer(row)
    return sample
