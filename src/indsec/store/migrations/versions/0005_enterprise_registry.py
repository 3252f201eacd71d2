"""enterprise registry: the regulator's list of industrial enterprises, one row per USCC

Imported from the statistics bureau's or the industry department's CSV/XLSX (issue 15): the
unified social credit code, name, GB/T 4754 industry class, GB/T 2260 region, annual revenue and
the above-scale flag. The plan's mandatory set (the top 10 % by revenue of above-scale
industrial enterprises per province) is computed from these rows. Revenue is kept in yuan as an
exact decimal so a ranking never turns on float rounding.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-07 17:50:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from indsec.store.migrations.columns import moment, row_id

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "registry_enterprises",
        row_id(),
        sa.Column("uscc", sa.String(length=18), nullable=False, unique=True),
        sa.Column("name", sa.String(length=256), nullable=False),
        sa.Column("industry_code", sa.String(length=5), nullable=False, index=True),
        sa.Column("region_code", sa.String(length=6), nullable=False, index=True),
        sa.Column("province_code", sa.String(length=2), nullable=False, index=True),
        sa.Column("annual_revenue", sa.Numeric(precision=20, scale=2), nullable=False),
        sa.Column("above_scale", sa.Boolean(), nullable=False),
        sa.Column("source", sa.String(length=256), nullable=False),
        moment("imported_at"),
        moment("updated_at"),
    )


def downgrade() -> None:
    op.drop_table("registry_enterprises")
