"""catalogue list columns: what the console's filters need, out of the asset document

The catalogue list filtered, counted and paged by parsing every asset document of a version in
Python. This adds the asset's source, its name and comment case-folded (text search), whether
any field carries a suspicion (needs review) and a side table of its labels, with per-version
indexes, and fills them for the rows already stored (a batch at a time, so a large catalogue
costs one batch of memory). The document stays the record; these columns only index it.

Revision ID: 0013
Revises: 0010
Create Date: 2026-12-07 19:10:00
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None

BATCH = 2000
ASSETS = sa.table(
    "catalogue_assets",
    sa.column("id", sa.Integer()),
    sa.column("scan_id", sa.Integer()),
    sa.column("document", sa.JSON()),
    sa.column("source", sa.String()),
    sa.column("name_folded", sa.String()),
    sa.column("comment_folded", sa.Text()),
    sa.column("suspected", sa.Boolean()),
)
LABELS = sa.table(
    "catalogue_asset_labels",
    sa.column("asset_id", sa.Integer()),
    sa.column("label", sa.String()),
    sa.column("scan_id", sa.Integer()),
)


def upgrade() -> None:
    with op.batch_alter_table("catalogue_assets") as batch:
        batch.add_column(sa.Column("source", sa.String(512), nullable=False, server_default=""))
        batch.add_column(
            sa.Column("name_folded", sa.String(1024), nullable=False, server_default="")
        )
        batch.add_column(sa.Column("comment_folded", sa.Text(), nullable=False, server_default=""))
        batch.add_column(
            sa.Column("suspected", sa.Boolean(), nullable=False, server_default=sa.false())
        )
    op.create_table(
        "catalogue_asset_labels",
        sa.Column(
            "asset_id",
            sa.Integer(),
            sa.ForeignKey("catalogue_assets.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("label", sa.String(128), primary_key=True),
        sa.Column("scan_id", sa.Integer(), nullable=False),
    )
    _backfill()
    op.create_index(
        "ix_catalogue_asset_labels_scan_label", "catalogue_asset_labels", ["scan_id", "label"]
    )
    op.create_index(
        "ix_catalogue_assets_scan_grade", "catalogue_assets", ["scan_id", "grade", "asset_key"]
    )
    op.create_index(
        "ix_catalogue_assets_scan_category",
        "catalogue_assets",
        ["scan_id", "category", "asset_key"],
    )
    op.create_index(
        "ix_catalogue_assets_scan_source", "catalogue_assets", ["scan_id", "source", "asset_key"]
    )


def _columns(document: dict[str, Any]) -> dict[str, Any]:
    """The indexed columns of one stored document (frozen here, as the migration found them)."""
    fields = document.get("fields") or []
    return {
        "source": str(document.get("source", "")),
        "name_folded": str(document.get("name", "")).lower(),
        "comment_folded": str(document.get("comment", "")).lower(),
        "suspected": any(f.get("suspicions") for f in fields),
    }


def _labels(document: dict[str, Any]) -> set[str]:
    return {lab["label"] for f in document.get("fields") or [] for lab in f.get("labels") or []}


def _backfill() -> None:
    """Fill the new columns and labels from the documents, ``BATCH`` rows at a time by id."""
    bind = op.get_bind()
    last = 0
    while True:
        rows = bind.execute(
            sa.select(ASSETS.c.id, ASSETS.c.scan_id, ASSETS.c.document)
            .where(ASSETS.c.id > last)
            .order_by(ASSETS.c.id)
            .limit(BATCH)
        ).all()
        if not rows:
            return
        _fill(bind, rows)
        last = rows[-1].id


def _fill(bind: Any, rows: Sequence[Any]) -> None:
    update = (
        ASSETS.update()
        .where(ASSETS.c.id == sa.bindparam("row_id"))
        .values(
            source=sa.bindparam("source"),
            name_folded=sa.bindparam("name_folded"),
            comment_folded=sa.bindparam("comment_folded"),
            suspected=sa.bindparam("suspected"),
        )
    )
    bind.execute(update, [{"row_id": r.id, **_columns(r.document)} for r in rows])
    labels = [
        {"asset_id": r.id, "label": label, "scan_id": r.scan_id}
        for r in rows
        for label in sorted(_labels(r.document))
    ]
    if labels:
        bind.execute(LABELS.insert(), labels)


def downgrade() -> None:
    op.drop_index("ix_catalogue_assets_scan_source", table_name="catalogue_assets")
    op.drop_index("ix_catalogue_assets_scan_category", table_name="catalogue_assets")
    op.drop_index("ix_catalogue_assets_scan_grade", table_name="catalogue_assets")
    op.drop_index("ix_catalogue_asset_labels_scan_label", table_name="catalogue_asset_labels")
    op.drop_table("catalogue_asset_labels")
    with op.batch_alter_table("catalogue_assets") as batch:
        batch.drop_column("suspected")
        batch.drop_column("comment_folded")
        batch.drop_column("name_folded")
        batch.drop_column("source")
