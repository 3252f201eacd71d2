"""stored mandatory rank: the plan's top-10 % set kept on the registry, not ranked per request

Every dashboard counted the plan's mandatory set by ranking every above-scale industrial
enterprise of each province with a window function (60–90 ms of each national dashboard at
45,000 enterprises, on every request). The set changes only when the registry does, so the
registry import now ranks the provinces it touched and stores each member's rank here; readers
take the set by index. Existing registries are ranked here once, with the rule as it stands at
this revision (``supervision.mandatory`` keeps it from then on).

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-07 21:20:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None

BATCH = 500
RANKED = """
SELECT id, rnk FROM (
    SELECT id,
           RANK() OVER (PARTITION BY province_code ORDER BY annual_revenue DESC) AS rnk,
           COUNT(*) OVER (PARTITION BY province_code) AS eligible
    FROM registry_enterprises
    WHERE above_scale = :yes AND substr(industry_code, 1, 1) IN ('B', 'C', 'D')
) AS ranked
WHERE rnk * 10 <= eligible + 9
"""
"""Per province, the top 10 % (rounded up, ties at the boundary in) of above-scale enterprises
of the industrial sections B, C and D, frozen as this revision found the rule."""
REGISTRY = sa.table(
    "registry_enterprises", sa.column("id", sa.Integer()), sa.column("mandatory_rank", sa.Integer())
)


def upgrade() -> None:
    with op.batch_alter_table("registry_enterprises") as batch:
        batch.add_column(sa.Column("mandatory_rank", sa.Integer(), nullable=True))
    op.create_index(
        "ix_registry_enterprises_mandatory_rank", "registry_enterprises", ["mandatory_rank"]
    )
    connection = op.get_bind()
    found = connection.execute(sa.text(RANKED).bindparams(yes=True)).all()
    update = (
        sa.update(REGISTRY)
        .where(REGISTRY.c.id == sa.bindparam("member"))
        .values(mandatory_rank=sa.bindparam("rank"))
    )
    for start in range(0, len(found), BATCH):
        chunk = found[start : start + BATCH]
        connection.execute(update, [{"member": i, "rank": r} for i, r in chunk])


def downgrade() -> None:
    op.drop_index("ix_registry_enterprises_mandatory_rank", table_name="registry_enterprises")
    with op.batch_alter_table("registry_enterprises") as batch:
        batch.drop_column("mandatory_rank")
