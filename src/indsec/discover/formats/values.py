"""Sampled values as bounded text, and reservoir sampling of rows.

Every connector hands recognizers strings, so the conversion of database and file cell values
lives here once: empty cells carry no evidence and are dropped, and long values are cut so a
stray BLOB or essay cannot blow up memory or matching time.
"""

from __future__ import annotations

import json
import random
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime, time
from functools import singledispatch
from typing import Generic, TypeVar

from indsec.model import SampledColumn

MAX_VALUE_CHARS = 1024

T = TypeVar("T")


@singledispatch
def _render(value: object) -> str | None:
    return str(value)


@_render.register
def _render_none(value: None) -> str | None:
    return None


@_render.register
def _render_bytes(value: bytes) -> str | None:
    try:
        return value.decode("utf-8")
    except UnicodeDecodeError:
        return None  # opaque binary carries no text evidence


@_render.register(datetime)
@_render.register(date)
@_render.register(time)
def _render_temporal(value: date | time) -> str | None:
    return value.isoformat()


@_render.register(dict)
@_render.register(list)
def _render_nested(value: dict[object, object] | list[object]) -> str | None:
    return json.dumps(value, ensure_ascii=False, default=str)


def cell_text(value: object) -> str | None:
    """``value`` as stripped text of at most :data:`MAX_VALUE_CHARS`, or None if it is empty."""
    text = _render(value)
    if text is None:
        return None
    text = text.strip()
    return text[:MAX_VALUE_CHARS] if text else None


def texts_of(values: Iterable[object]) -> list[str]:
    """The non-empty :func:`cell_text` of each value, in order."""
    return [text for value in values if (text := cell_text(value)) is not None]


class Reservoir(Generic[T]):
    """A uniform random sample of at most ``size`` items from a stream of unknown length.

    Files are read once, front to back, so their rows are sampled with Algorithm R instead of
    taking the first rows, which in exports are often test or header-like records. A fixed seed
    keeps scans reproducible.
    """

    def __init__(self, size: int, seed: int) -> None:
        self.size = size
        self.seen = 0
        self.items: list[T] = []
        self._random = random.Random(seed)

    def offer(self, item: T) -> None:
        """Count ``item`` and keep it with probability ``size / seen``."""
        self.seen += 1
        if len(self.items) < self.size:
            self.items.append(item)
            return
        slot = self._random.randrange(self.seen)
        if slot < self.size:
            self.items[slot] = item


def columns_from_rows(
    header: Sequence[str], rows: Iterable[Sequence[object]], types: Mapping[str, str] | None = None
) -> list[SampledColumn]:
    """One :class:`SampledColumn` per header name, with the non-empty values of sampled rows."""
    materialised = list(rows)
    known = types or {}
    return [
        SampledColumn(
            name=name,
            data_type=known.get(name, ""),
            values=texts_of(row[index] for row in materialised if index < len(row)),
        )
        for index, name in enumerate(header)
    ]


def columns_from_records(
    keys: Iterable[str], records: Iterable[Mapping[str, object]]
) -> list[SampledColumn]:
    """One :class:`SampledColumn` per key, with the non-empty values the sampled records hold."""
    materialised = list(records)
    return [
        SampledColumn(name=key, values=texts_of(record.get(key) for record in materialised))
        for key in keys
    ]


def header_names(cells: Sequence[object]) -> list[str]:
    """Column names from a header row; blank cells become ``column_<n>`` (1-based)."""
    return [cell_text(cell) or f"column_{index}" for index, cell in enumerate(cells, start=1)]
