"""assessments: self-examination runs, evidence, answers, risks and remediation tasks

``assessments`` with their domain scores, control results and risk register are append-only
measurements; ``assessment_evidence`` holds what each result rests on (a check's facts, an
answer, an attached file's metadata) with its SHA-256 digest; file bytes are kept once per
digest in ``assessment_files``; ``remediation_tasks`` is one row per failed control with its
steps in ``remediation_task_events``.

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-07 21:30:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def _id() -> sa.Column[int]:
    return sa.Column("id", sa.Integer(), primary_key=True)


def _assessment(nullable: bool = False) -> sa.Column[int]:
    return sa.Column(
        "assessment_id",
        sa.Integer(),
        sa.ForeignKey("assessments.id", ondelete="CASCADE"),
        nullable=nullable,
        index=True,
    )


def _moment(name: str, nullable: bool = False, index: bool = False) -> sa.Column[object]:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable, index=index)


def upgrade() -> None:
    op.create_table(
        "assessments",
        _id(),
        sa.Column("kind", sa.String(length=32), nullable=False),
        _moment("started_at", index=True),
        _moment("finished_at"),
        sa.Column("run_by", sa.String(length=128), nullable=False),
        sa.Column("enterprise", sa.JSON(), nullable=False),
        sa.Column("frameworks", sa.JSON(), nullable=False),
        sa.Column("overall", sa.Float(), nullable=True),
    )
    op.create_table(
        "assessment_domains",
        _id(),
        _assessment(),
        sa.Column("framework_id", sa.String(length=128), nullable=False),
        sa.Column("domain_id", sa.String(length=128), nullable=False),
        sa.Column("names", sa.JSON(), nullable=False),
        sa.Column("counts", sa.JSON(), nullable=False),
    )
    op.create_table(
        "assessment_results",
        _id(),
        _assessment(),
        sa.Column("framework_id", sa.String(length=128), nullable=False),
        sa.Column("domain_id", sa.String(length=128), nullable=False),
        sa.Column("control_id", sa.String(length=128), nullable=False),
        sa.Column("control_key", sa.String(length=256), nullable=False, index=True),
        sa.Column("outcome", sa.String(length=16), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("evidence_ids", sa.JSON(), nullable=False),
    )
    op.create_table(
        "assessment_evidence",
        _id(),
        sa.Column("control_key", sa.String(length=256), nullable=False, index=True),
        _assessment(nullable=True),
        sa.Column("origin", sa.String(length=16), nullable=False),
        sa.Column("outcome", sa.String(length=16), nullable=True),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("digest", sa.String(length=64), nullable=False),
        sa.Column("facts", sa.JSON(), nullable=False),
        _moment("collected_at"),
        sa.Column("collected_by", sa.String(length=128), nullable=False),
        _moment("expires_at", nullable=True),
        sa.Column("file_name", sa.String(length=255), nullable=True),
        sa.Column("file_size", sa.Integer(), nullable=True),
    )
    op.create_table(
        "assessment_files",
        sa.Column("digest", sa.String(length=64), primary_key=True),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=False),
    )
    op.create_table(
        "assessment_answers",
        _id(),
        sa.Column("control_key", sa.String(length=256), nullable=False, index=True),
        sa.Column("outcome", sa.String(length=16), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("answered_by", sa.String(length=128), nullable=False),
        _moment("answered_at"),
        _moment("expires_at", nullable=True),
        sa.Column(
            "evidence_id", sa.Integer(), sa.ForeignKey("assessment_evidence.id"), nullable=False
        ),
    )
    op.create_table(
        "assessment_risks",
        _id(),
        _assessment(),
        sa.Column("risk_id", sa.String(length=64), nullable=False),
        sa.Column("scenario", sa.String(length=32), nullable=False),
        sa.Column("title", sa.JSON(), nullable=False),
        sa.Column("likelihood", sa.Integer(), nullable=False),
        sa.Column("impact", sa.Integer(), nullable=False),
        sa.Column("asset_ids", sa.JSON(), nullable=False),
        sa.Column("control_keys", sa.JSON(), nullable=False),
        sa.Column("treatment", sa.Text(), nullable=False),
    )
    op.create_table(
        "remediation_tasks",
        _id(),
        sa.Column("control_key", sa.String(length=256), nullable=False, unique=True),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("owner", sa.String(length=128), nullable=False),
        sa.Column("due", sa.Date(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False, index=True),
        _moment("created_at"),
        _moment("closed_at", nullable=True),
        sa.Column("closed_by_evidence_id", sa.Integer(), nullable=True),
    )
    op.create_table(
        "remediation_task_events",
        _id(),
        sa.Column(
            "task_id",
            sa.Integer(),
            sa.ForeignKey("remediation_tasks.id", ondelete="CASCADE"),
            nullable=False,
            index=True,
        ),
        _moment("at"),
        sa.Column("actor", sa.String(length=128), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("detail", sa.Text(), nullable=False),
        sa.Column("evidence_id", sa.Integer(), nullable=True),
    )


def downgrade() -> None:
    for table in (
        "remediation_task_events",
        "remediation_tasks",
        "assessment_risks",
        "assessment_answers",
        "assessment_files",
        "assessment_evidence",
        "assessment_results",
        "assessment_domains",
        "assessments",
    ):
        op.drop_table(table)
