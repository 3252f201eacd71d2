"""drills: ransomware drills run in a sandbox and tabletop drills, each with its report

One row per drill: its kind (ransomware or tabletop), scenario, when it was held, who recorded
it, the sandbox and the drill-marked incident of a ransomware drill, and the whole report as a
JSON document (rules fired and silent, times to detect and to incident, findings, controls).

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-07 21:20:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from indsec.store.migrations.columns import moment, row_id

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "drills",
        row_id(),
        sa.Column("kind", sa.String(length=16), nullable=False, index=True),
        sa.Column("scenario", sa.String(length=32), nullable=False, index=True),
        moment("held_at", index=True),
        sa.Column("actor", sa.String(length=128), nullable=False),
        sa.Column("sandbox", sa.String(length=1024), nullable=True),
        sa.Column("incident_id", sa.Integer(), nullable=True),
        sa.Column("document", sa.JSON(), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("drills")
