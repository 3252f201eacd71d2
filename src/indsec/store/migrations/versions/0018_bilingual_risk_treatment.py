"""bilingual risk treatment: what to do about a risk in zh-CN and English, like its title

The risk register's treatment was kept in English only, so a Chinese report or command showed
it untranslated. It is now a pair of names (JSON ``{"zh": …, "en": …}``) like the risk's
title. Existing rows are translated here as the register wrote them at this revision (three
sentences, frozen here: ``assess.risks`` keeps them from then on); any other text is kept as it
was in both languages.

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-08 00:30:00
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "0018"
down_revision = "0017"
branch_labels = None
depends_on = None

RISKS = sa.table(
    "assessment_risks",
    sa.column("id", sa.Integer()),
    sa.column("treatment", sa.Text()),
    sa.column("treatment_names", sa.JSON()),
)
SENTENCES = {
    "keep the controls in place": "保持现有控制措施",
    "no control of this scenario measured: answer its checklist": (
        "本场景尚无已测量的控制项：请回答其检查清单"
    ),
}
REMEDIATE = "remediate "


def _names(text: str) -> dict[str, str]:
    if text in SENTENCES:
        return {"zh": SENTENCES[text], "en": text}
    if text.startswith(REMEDIATE):
        keys = text.removeprefix(REMEDIATE).split(", ")
        return {"zh": f"整改 {'、'.join(keys)}", "en": text}
    return {"zh": text, "en": text}


def _copy(column: str, values: list[dict[str, Any]]) -> None:
    update = sa.update(RISKS).where(RISKS.c.id == sa.bindparam("risk"))
    if values:
        op.get_bind().execute(update.values({column: sa.bindparam("value")}), values)


def upgrade() -> None:
    with op.batch_alter_table("assessment_risks") as batch:
        batch.add_column(sa.Column("treatment_names", sa.JSON(), nullable=True))
    found = op.get_bind().execute(sa.select(RISKS.c.id, RISKS.c.treatment)).all()
    _copy("treatment_names", [{"risk": i, "value": _names(t or "")} for i, t in found])
    with op.batch_alter_table("assessment_risks") as batch:
        batch.drop_column("treatment")
        batch.alter_column(
            "treatment_names", new_column_name="treatment", existing_type=sa.JSON(), nullable=False
        )


def downgrade() -> None:
    with op.batch_alter_table("assessment_risks") as batch:
        batch.alter_column(
            "treatment", new_column_name="treatment_names", existing_type=sa.JSON(), nullable=True
        )
    with op.batch_alter_table("assessment_risks") as batch:
        batch.add_column(sa.Column("treatment", sa.Text(), nullable=True))
    found = op.get_bind().execute(sa.select(RISKS.c.id, RISKS.c.treatment_names)).all()
    _copy("treatment", [{"risk": i, "value": (n or {}).get("en", "")} for i, n in found])
    with op.batch_alter_table("assessment_risks") as batch:
        batch.drop_column("treatment_names")
        batch.alter_column("treatment", existing_type=sa.Text(), nullable=False)
