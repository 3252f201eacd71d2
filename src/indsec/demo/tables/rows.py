"""The shape shared by every table builder."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from indsec.demo.world import DemoWorld

Row = tuple[object, ...]
"""One row, its values in the column order of the table's CREATE statement in ``schema.sql``."""

RowBuilder = Callable[[DemoWorld], Iterable[Row]]
"""Yields every row of one table, deterministically from the world's seed."""
