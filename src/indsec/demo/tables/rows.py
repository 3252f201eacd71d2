"""The shape shared by every table builder."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import astuple
from datetime import date
from typing import TYPE_CHECKING

from indsec.demo.world import DemoWorld

if TYPE_CHECKING:
    from _typeshed import DataclassInstance

Row = tuple[object, ...]
"""One row, its values in the column order of the table's CREATE statement in ``schema.sql``."""

RowBuilder = Callable[[DemoWorld], Iterable[Row]]
"""Yields every row of one table, deterministically from the world's seed."""


def record_row(record: DataclassInstance) -> Row:
    """The row of a record whose fields are its table's columns in their order (dates as ISO
    text): the record type then states the table once."""
    return tuple(v.isoformat() if isinstance(v, date) else v for v in astuple(record))
