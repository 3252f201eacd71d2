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

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "incidents",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("title", sa.String(length=256), nullable=False),
        sa.Column("scenario", sa.String(length=32), nullable=True, index=True),
        sa.Column("alert_id", sa.Integer(), nullable=True, index=True),
        sa.Column("occurred_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("detected_at", sa.DateTime(timezone=True), nullable=False, index=True),
        sa.Column("status", sa.String(length=16), nullable=False, index=True),
        sa.Column("tier", sa.String(length=32), nullable=False, index=True),
        sa.Column("decided_by", sa.JSON(), nullable=False),
        sa.Column("facts", sa.JSON(), nullable=False),
    )
    op.create_table(
        "incident_events",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "incident_id",
            sa.Integer(),
            sa.ForeignKey("incidents.id", ondelete="CASCADE"),
            nullable=False,
            index=True,
        ),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor", sa.String(length=128), nullable=False),
        sa.Column("action", sa.String(length=32), nullable=False),
        sa.Column("detail", sa.Text(), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("incident_events")
    op.drop_table("incidents")
