"""received incidents and assessments: what enterprises report to their supervision instance

``received_incidents`` holds each enterprise incident's latest escalation (tier, deadlines,
the reports made), one row per (USCC, the enterprise's incident number), with the earliest
deadline of a report not yet made for the overdue-first lists. ``received_assessments`` holds
each annual assessment report's summary, scores and PDF, one row per (USCC, report id), with
the first issue date its one-year validity runs from.

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-07 21:40:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from indsec.store.migrations.columns import enterprise_columns, moment

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "received_incidents",
        *enterprise_columns(),
        sa.Column("source_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=256), nullable=False),
        sa.Column("scenario", sa.String(length=32), nullable=True),
        sa.Column("tier", sa.String(length=32), nullable=False, index=True),
        sa.Column("tier_rank", sa.Integer(), nullable=False),
        sa.Column("tier_zh", sa.String(length=64), nullable=False),
        sa.Column("tier_en", sa.String(length=64), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        moment("detected_at"),
        moment("next_due", nullable=True, index=True),
        sa.Column("deadlines", sa.JSON(), nullable=False),
        sa.Column("document", sa.JSON(), nullable=False),
        sa.Column("digest", sa.String(length=64), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        moment("first_received_at"),
        moment("received_at"),
        sa.UniqueConstraint("uscc", "source_id", name="uq_received_incidents_uscc_source"),
    )
    op.create_table(
        "received_assessments",
        *enterprise_columns(),
        sa.Column("report_id", sa.String(length=64), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("issued_on", sa.Date(), nullable=False),
        sa.Column("first_issued_on", sa.Date(), nullable=False),
        sa.Column("valid_until", sa.Date(), nullable=False, index=True),
        sa.Column("overall", sa.Numeric(6, 4, asdecimal=False), nullable=True),
        sa.Column("domains", sa.JSON(), nullable=False),
        sa.Column("digest", sa.String(length=64), nullable=False),
        sa.Column("pdf", sa.LargeBinary(length=2**26), nullable=False),  # MySQL: LONGBLOB
        sa.Column("pdf_name", sa.String(length=256), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        moment("received_at"),
        sa.UniqueConstraint("uscc", "report_id", name="uq_received_assessments_uscc_report"),
    )


def downgrade() -> None:
    op.drop_table("received_assessments")
    op.drop_table("received_incidents")
