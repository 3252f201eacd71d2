"""filing lookups: intake's current version and a province's newest filings, by index

Each filing received looks up, in one statement, the version holding the same content (the
unique ``(uscc, digest)``) or the enterprise's current version. The second arm had only the
``uscc`` index, so every version of the enterprise was read to find the current one;
``(uscc, is_current)`` finds it directly.

A provincial regulator's filing list (``status``, newest first) walked the whole country's
newest filings backwards until it met 50 of its province: while another province filed a
burst, that was tens of thousands of rows per page. ``province_code`` (the region code's first
two digits, as the registry keeps it) with ``(province_code, status, submitted_at, id)`` makes
the page an index range read in the list's own order. Existing rows are backfilled here.

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-08 00:50:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0019"
down_revision = "0018"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_filings_uscc_current", "filings", ["uscc", "is_current"])
    with op.batch_alter_table("filings") as batch:
        batch.add_column(sa.Column("province_code", sa.String(2), nullable=True))
    op.execute("UPDATE filings SET province_code = substr(region_code, 1, 2)")
    with op.batch_alter_table("filings") as batch:
        batch.alter_column("province_code", existing_type=sa.String(2), nullable=False)
    op.create_index(
        "ix_filings_province_status_submitted",
        "filings",
        ["province_code", "status", "submitted_at", "id"],
    )


def downgrade() -> None:
    op.drop_index("ix_filings_province_status_submitted", table_name="filings")
    with op.batch_alter_table("filings") as batch:
        batch.drop_column("province_code")
    op.drop_index("ix_filings_uscc_current", table_name="filings")
