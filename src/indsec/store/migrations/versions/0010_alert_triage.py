"""alert triage: each alert's state (open, acknowledged, closed) and the history of its steps

An alert without an ``alert_states`` row is open; acknowledging or closing it writes (or
updates) that row and appends an ``alert_state_events`` row with who, when and the required
note, so the state is one join away for lists and the history is never lost.

Revision ID: 0010
Revises: 0006
Create Date: 2026-12-07 18:05:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from indsec.store.migrations.columns import moment, step_of

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "alert_states",
        sa.Column(
            "alert_id",
            sa.Integer(),
            sa.ForeignKey("alerts.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("state", sa.String(length=16), nullable=False),
        moment("changed_at"),
        sa.Column("changed_by", sa.String(length=128), nullable=False),
    )
    op.create_index("ix_alert_states_state", "alert_states", ["state"])
    op.create_table(
        "alert_state_events",
        *step_of("alert_id", "alerts"),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
    )


def downgrade() -> None:
    op.drop_index("ix_alert_state_events_alert_id", table_name="alert_state_events")
    op.drop_table("alert_state_events")
    op.drop_index("ix_alert_states_state", table_name="alert_states")
    op.drop_table("alert_states")
