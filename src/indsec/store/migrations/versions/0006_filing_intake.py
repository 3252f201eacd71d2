"""filing intake: the important/core catalogue filings a supervision instance receives

Every version an enterprise submits is its own row, never overwritten: ``digest`` (SHA-256 of
the filing's canonical content) makes a retried upload of the same content find the existing
row instead of adding one. ``filing_events`` is the workflow's history (submitted, under review,
accepted, returned with comments, resubmitted), one row per step, with who and when.
``scale`` holds each filed category's record count and storage, which the re-filing clock
compares version to version (a change of 30 % or more obliges a re-filing within 3 months).

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-07 17:55:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from indsec.store.migrations.columns import enterprise_columns, moment, row_id

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "filings",
        *enterprise_columns(),
        sa.Column("industry_code", sa.String(length=5), nullable=True, index=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("digest", sa.String(length=64), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False, index=True),
        sa.Column("catalogue_version", sa.Integer(), nullable=False),
        sa.Column("important_count", sa.Integer(), nullable=False),
        sa.Column("core_count", sa.Integer(), nullable=False),
        sa.Column("scale", sa.JSON(), nullable=False),
        sa.Column("document", sa.JSON(), nullable=False),
        moment("submitted_at", index=True),
        sa.Column("review_due", sa.Date(), nullable=False, index=True),
        moment("status_at"),
        sa.UniqueConstraint("uscc", "version", name="uq_filings_uscc_version"),
        sa.UniqueConstraint("uscc", "digest", name="uq_filings_uscc_digest"),
    )
    op.create_table(
        "filing_events",
        row_id(),
        sa.Column("filing_id", sa.Integer(), sa.ForeignKey("filings.id"), nullable=False),
        moment("at"),
        sa.Column("actor", sa.String(length=128), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("comment", sa.Text(), nullable=True),
    )
    op.create_index("ix_filing_events_filing_id", "filing_events", ["filing_id"])


def downgrade() -> None:
    op.drop_index("ix_filing_events_filing_id", table_name="filing_events")
    op.drop_table("filing_events")
    op.drop_table("filings")
