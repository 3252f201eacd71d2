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

from indsec.store.migrations.columns import moment, part_of, row_id, step_of

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "assessments",
        row_id(),
        sa.Column("kind", sa.String(length=32), nullable=False),
        moment("started_at", index=True),
        moment("finished_at"),
        sa.Column("run_by", sa.String(length=128), nullable=False),
        sa.Column("enterprise", sa.JSON(), nullable=False),
        sa.Column("frameworks", sa.JSON(), nullable=False),
        sa.Column("overall", sa.Float(), nullable=True),
    )
    op.create_table(
        "assessment_domains",
        row_id(),
        part_of("assessment_id", "assessments"),
        sa.Column("framework_id", sa.String(length=128), nullable=False),
        sa.Column("domain_id", sa.String(length=128), nullable=False),
        sa.Column("names", sa.JSON(), nullable=False),
        sa.Column("counts", sa.JSON(), nullable=False),
    )
    op.create_table(
        "assessment_results",
        row_id(),
        part_of("assessment_id", "assessments"),
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
        row_id(),
        sa.Column("control_key", sa.String(length=256), nullable=False, index=True),
        part_of("assessment_id", "assessments", nullable=True),
        sa.Column("origin", sa.String(length=16), nullable=False),
        sa.Column("outcome", sa.String(length=16), nullable=True),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("digest", sa.String(length=64), nullable=False),
        sa.Column("facts", sa.JSON(), nullable=False),
        moment("collected_at"),
        sa.Column("collected_by", sa.String(length=128), nullable=False),
        moment("expires_at", nullable=True),
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
        row_id(),
        sa.Column("control_key", sa.String(length=256), nullable=False, index=True),
        sa.Column("outcome", sa.String(length=16), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("answered_by", sa.String(length=128), nullable=False),
        moment("answered_at"),
        moment("expires_at", nullable=True),
        sa.Column(
            "evidence_id", sa.Integer(), sa.ForeignKey("assessment_evidence.id"), nullable=False
        ),
    )
    op.create_table(
        "assessment_risks",
        row_id(),
        part_of("assessment_id", "assessments"),
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
        row_id(),
        sa.Column("control_key", sa.String(length=256), nullable=False, unique=True),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("owner", sa.String(length=128), nullable=False),
        sa.Column("due", sa.Date(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False, index=True),
        moment("created_at"),
        moment("closed_at", nullable=True),
        sa.Column("closed_by_evidence_id", sa.Integer(), nullable=True),
    )
    op.create_table(
        "remediation_task_events",
        *step_of("task_id", "remediation_tasks"),
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
