"""run owner process: host and pid of scans and detection runs, detection run errors

A scan or detection run whose process is killed stays ``running``; recording which process owns
it lets a later start mark it failed once that process is gone.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-07 12:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

RUN_TABLES = ("scans", "detection_runs")


def upgrade() -> None:
    for table in RUN_TABLES:
        op.add_column(table, sa.Column("host", sa.String(length=255), nullable=True))
        op.add_column(table, sa.Column("pid", sa.Integer(), nullable=True))
    op.add_column(
        "detection_runs", sa.Column("error", sa.Text(), nullable=False, server_default="")
    )


def downgrade() -> None:
    with op.batch_alter_table("detection_runs") as batch_op:
        batch_op.drop_column("error")
    for table in RUN_TABLES:
        with op.batch_alter_table(table) as batch_op:
            batch_op.drop_column("pid")
            batch_op.drop_column("host")
