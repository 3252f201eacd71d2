"""identity and audit: tenants, users, API tokens, web sessions and the append-only audit log

The web platform (issue 15) signs users in and scopes every route to a tenant or region; every
write is recorded in ``audit_log``, which triggers keep append-only on SQLite, PostgreSQL and
MariaDB (an UPDATE or DELETE of a row fails).

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-07 15:30:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from indsec.store.migrations.columns import moment, row_id

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

REFUSAL = "audit_log is append-only"


def _create_identity_tables() -> None:
    op.create_table(
        "tenants",
        row_id(),
        sa.Column("uscc", sa.String(length=18), nullable=False, unique=True),
        sa.Column("name", sa.String(length=256), nullable=False),
        sa.Column("region_code", sa.String(length=6), nullable=False, index=True),
        moment("created_at"),
    )
    op.create_table(
        "users",
        row_id(),
        sa.Column("username", sa.String(length=64), nullable=False, unique=True),
        sa.Column("password_hash", sa.String(length=256), nullable=False),
        sa.Column("role", sa.String(length=32), nullable=False),
        sa.Column("tenant_id", sa.Integer(), sa.ForeignKey("tenants.id"), nullable=True),
        sa.Column("region_code", sa.String(length=6), nullable=True),
        sa.Column("disabled", sa.Boolean(), nullable=False),
        sa.Column("failed_logins", sa.Integer(), nullable=False),
        moment("locked_until", nullable=True),
        moment("created_at"),
    )
    op.create_table(
        "api_tokens",
        row_id(),
        sa.Column("user_id", sa.Integer(), sa.ForeignKey("users.id"), nullable=False, index=True),
        sa.Column("name", sa.String(length=128), nullable=False),
        sa.Column("digest", sa.String(length=64), nullable=False, unique=True),
        sa.Column("scopes", sa.JSON(), nullable=False),
        moment("created_at"),
        moment("expires_at"),
        moment("revoked_at", nullable=True),
    )
    op.create_table(
        "web_sessions",
        row_id(),
        sa.Column("user_id", sa.Integer(), sa.ForeignKey("users.id"), nullable=False, index=True),
        sa.Column("digest", sa.String(length=64), nullable=False, unique=True),
        sa.Column("csrf_token", sa.String(length=64), nullable=False),
        moment("created_at"),
        moment("expires_at"),
    )


def _create_audit_log() -> None:
    op.create_table(
        "audit_log",
        row_id(),
        moment("at", index=True),
        sa.Column("actor", sa.String(length=128), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("origin", sa.String(length=128), nullable=False),
        sa.Column("action", sa.String(length=64), nullable=False, index=True),
        sa.Column("target", sa.Text(), nullable=False),
        sa.Column("detail", sa.JSON(), nullable=False),
    )


def _append_only_sqlite() -> None:
    for event in ("UPDATE", "DELETE"):
        op.execute(
            f"CREATE TRIGGER audit_log_no_{event.lower()} BEFORE {event} ON audit_log "
            f"BEGIN SELECT RAISE(ABORT, '{REFUSAL}'); END"
        )


def _append_only_postgresql() -> None:
    op.execute(
        "CREATE FUNCTION audit_log_refuse() RETURNS trigger LANGUAGE plpgsql AS "
        f"$$ BEGIN RAISE EXCEPTION '{REFUSAL}'; END $$"
    )
    op.execute(
        "CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE OR TRUNCATE "
        "ON audit_log FOR EACH STATEMENT EXECUTE FUNCTION audit_log_refuse()"
    )


def _append_only_mysql() -> None:
    for event in ("UPDATE", "DELETE"):
        op.execute(
            f"CREATE TRIGGER audit_log_no_{event.lower()} BEFORE {event} ON audit_log "
            f"FOR EACH ROW SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = '{REFUSAL}'"
        )


APPEND_ONLY = {
    "sqlite": _append_only_sqlite,
    "postgresql": _append_only_postgresql,
    "mysql": _append_only_mysql,
}


def upgrade() -> None:
    _create_identity_tables()
    _create_audit_log()
    APPEND_ONLY[op.get_bind().dialect.name]()


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TABLE audit_log")
        op.execute("DROP FUNCTION audit_log_refuse()")
    else:
        op.drop_table("audit_log")
    for table in ("web_sessions", "api_tokens", "users", "tenants"):
        op.drop_table(table)
