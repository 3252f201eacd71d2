"""notifications: reminders of statutory clocks, in the app and by e-mail

One row per user, clock and day (unique), so a reminder run repeated the same day tells no
one twice; ``read_at`` drives the unread count of the bell, ``emailed_at`` which reminders
still wait for the SMTP server. Users gain an optional e-mail address to be reminded at.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-07 18:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from indsec.store.migrations.columns import moment, row_id

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("users") as batch:
        batch.add_column(sa.Column("email", sa.String(length=254), nullable=True))
    op.create_table(
        "notifications",
        row_id(),
        sa.Column("user_id", sa.Integer(), sa.ForeignKey("users.id"), nullable=False),
        sa.Column("clock", sa.String(length=128), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("due", sa.Date(), nullable=False),
        sa.Column("detail", sa.JSON(), nullable=False),
        moment("created_at"),
        moment("read_at", nullable=True),
        moment("emailed_at", nullable=True),
        sa.UniqueConstraint("user_id", "clock", "day", name="uq_notifications_user_clock_day"),
    )
    op.create_index("ix_notifications_user_id", "notifications", ["user_id"])


def downgrade() -> None:
    op.drop_index("ix_notifications_user_id", table_name="notifications")
    op.drop_table("notifications")
    with op.batch_alter_table("users") as batch:
        batch.drop_column("email")
