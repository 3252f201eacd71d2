"""Which indexed column a table's random sample can be drawn from, by seeded key ranges.

``key >= x ORDER BY key LIMIT k`` reads about ``k`` rows only when an index is ordered by
``key``: the primary key, and just as well the leading column of any other index or unique key.
A table without a primary key (common in MySQL dumps: logs, imports, history) often has such
an index, on an id or a time; without one, the connector can only read a bounded stretch of the
table, which it then says in the asset's metadata.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy.engine import Inspector
from sqlalchemy.engine.interfaces import ReflectedColumn
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.sql import sqltypes

# Column types whose values key points can be drawn between, most even-spread first.
ORDERED_TYPES: tuple[type[sqltypes.TypeEngine[Any]], ...] = (
    sqltypes.Integer,
    sqltypes.DateTime,
    sqltypes.Date,
)


@dataclass(frozen=True, slots=True)
class SampleKey:
    """An indexed column to draw key ranges from, and which index orders it."""

    column: str
    source: str
    unique: bool

    def describe(self) -> str:
        """What the asset's metadata says sampled it."""
        return f"seeded key ranges on {self.source} ({self.column})"


def index_key(
    inspector: Inspector,
    schema: str | None,
    name: str,
    columns: Sequence[ReflectedColumn],
    types: Sequence[type[sqltypes.TypeEngine[Any]]] = ORDERED_TYPES,
) -> SampleKey | None:
    """The best indexed column of one of ``types``, or None.

    Unique keys before the others (their ranges never share rows), then by the order of
    ``types``, then the primary key before other indexes: a one-column integer primary key wins.
    """
    kinds = {c["name"]: c["type"] for c in columns}
    ranked = []
    for order, key in enumerate(_candidates(inspector, schema, name)):
        rank = next((i for i, t in enumerate(types) if isinstance(kinds.get(key.column), t)), None)
        if rank is not None:
            ranked.append(((not key.unique, rank, order), key))
    return min(ranked, key=lambda pair: pair[0])[1] if ranked else None


def _candidates(inspector: Inspector, schema: str | None, name: str) -> list[SampleKey]:
    """The leading column of the primary key, each unique key and each index."""
    found: list[SampleKey] = []
    primary = inspector.get_pk_constraint(name, schema=schema)["constrained_columns"]
    if primary:
        found.append(SampleKey(primary[0], "primary key", len(primary) == 1))
    try:
        uniques = inspector.get_unique_constraints(name, schema=schema)
        indexes = inspector.get_indexes(name, schema=schema)
    except (SQLAlchemyError, NotImplementedError):  # a catalogue that will not say: no index
        return found
    for unique in uniques:
        names = unique["column_names"]
        found.append(SampleKey(names[0], f"unique key {unique['name']}", len(names) == 1))
    for index in indexes:
        leading = index["column_names"][:1]
        if leading and leading[0] is not None:  # an expression index orders no column
            single = bool(index["unique"]) and len(index["column_names"]) == 1
            found.append(SampleKey(leading[0], f"index {index['name']}", single))
    return found
