"""Column blocks the migrations repeat: ids, moments, part-of keys, enterprise and step columns.

A revision must build the same schema for as long as it exists, so these are frozen as the
revisions that use them first wrote the columns inline: change one and every revision using
it changes with it. The offline SQL (``alembic upgrade --sql``) of the revisions using them was
compared byte for byte, SQLite and PostgreSQL, with the inline columns they replaced.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa


def row_id() -> sa.Column[int]:
    """The integer primary key every table has."""
    return sa.Column("id", sa.Integer(), primary_key=True)


def moment(name: str, *, nullable: bool = False, index: bool = False) -> sa.Column[object]:
    """A timezone-aware moment."""
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable, index=index)


def part_of(name: str, table: str, *, nullable: bool = False) -> sa.Column[int]:
    """The id of the ``table`` row this one is part of: indexed, deleted with it."""
    return sa.Column(
        name,
        sa.Integer(),
        sa.ForeignKey(f"{table}.id", ondelete="CASCADE"),
        nullable=nullable,
        index=True,
    )


def enterprise_columns() -> list[sa.Column[Any]]:
    """What a row an enterprise sends the supervision instance starts with: its id, the USCC
    and name as sent, the region whose regulators see it."""
    return [
        row_id(),
        sa.Column("uscc", sa.String(length=18), nullable=False, index=True),
        sa.Column("enterprise_name", sa.String(length=256), nullable=False),
        sa.Column("region_code", sa.String(length=6), nullable=False, index=True),
    ]


def step_of(name: str, table: str) -> list[sa.Column[Any]]:
    """The columns every timeline step starts with: its id, what it is a step of, when, who."""
    return [
        row_id(),
        part_of(name, table),
        moment("at"),
        sa.Column("actor", sa.String(length=128), nullable=False),
    ]
