"""jobs: long work started from the web console (a rescan), run by a background worker

One row per job with its progress, outcome and error; ``slot`` is unique while a job runs, so
only one job of a kind runs per instance, whichever server process started it.

Revision ID: 0008
Revises: 0006
Create Date: 2026-12-07 18:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from indsec.store.migrations.columns import moment, row_id

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "jobs",
        row_id(),
        sa.Column("kind", sa.String(length=32), nullable=False, index=True),
        sa.Column("slot", sa.String(length=32), nullable=True, unique=True),
        moment("started_at"),
        sa.Column("requested_by", sa.String(length=128), nullable=False),
        sa.Column("progress", sa.JSON(), nullable=False),
        sa.Column("result", sa.JSON(), nullable=False),
        moment("finished_at", nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("report", sa.JSON(), nullable=False),
        sa.Column("error", sa.Text(), nullable=False),
        sa.Column("host", sa.String(length=255), nullable=True),
        sa.Column("pid", sa.Integer(), nullable=True),
    )


def downgrade() -> None:
    op.drop_table("jobs")
