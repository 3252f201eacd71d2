"""dashboard indexes: region-code prefixes on PostgreSQL

A provincial or city regulator's dashboard counts the filings and registered enterprises whose
region code starts with its region's prefix (``LIKE '32%'``). PostgreSQL uses a B-tree for such
a prefix only with the ``varchar_pattern_ops`` operator class (under a non-C collation), so
these two indexes carry it; other databases build them as plain indexes.

Revision ID: 0009
Revises: 0006
Create Date: 2026-12-07 18:30:00
"""

from __future__ import annotations

from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

PREFIX_INDEXES = {
    "ix_filings_region_prefix": "filings",
    "ix_registry_enterprises_region_prefix": "registry_enterprises",
}


def upgrade() -> None:
    for name, table in PREFIX_INDEXES.items():
        op.create_index(
            name, table, ["region_code"], postgresql_ops={"region_code": "varchar_pattern_ops"}
        )


def downgrade() -> None:
    for name, table in PREFIX_INDEXES.items():
        op.drop_index(name, table_name=table)
