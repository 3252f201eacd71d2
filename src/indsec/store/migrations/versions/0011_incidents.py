"""incidents: data security incidents, their tier and the timeline of actions on them

``incidents`` holds each incident's masked facts, its tier under the emergency plan and the
thresholds that decided it; ``incident_events`` is the timeline (opened, facts changed,
classified, reports made, notes), one row per action with who and when. Report due times are
computed from ``detected_at`` and the tier pack, never stored, so an edited pack applies.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-07 18:50:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from indsec.store.migrations.columns import moment, row_id, step_of

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "incidents",
        row_id(),
        sa.Column("title", sa.String(length=256), nullable=False),
        sa.Column("scenario", sa.String(length=32), nullable=True, index=True),
        sa.Column("alert_id", sa.Integer(), nullable=True, index=True),
        moment("occurred_at", nullable=True),
        moment("detected_at", index=True),
        sa.Column("status", sa.String(length=16), nullable=False, index=True),
        sa.Column("tier", sa.String(length=32), nullable=False, index=True),
        sa.Column("decided_by", sa.JSON(), nullable=False),
        sa.Column("facts", sa.JSON(), nullable=False),
    )
    op.create_table(
        "incident_events",
        *step_of("incident_id", "incidents"),
        sa.Column("action", sa.String(length=32), nullable=False),
        sa.Column("detail", sa.Text(), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("incident_events")
    op.drop_table("incidents")
