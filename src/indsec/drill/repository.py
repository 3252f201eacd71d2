"""Drills in the store: appended once, listed newest first."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select

from indsec.store.database import Store
from indsec.store.moments import aware
from indsec.store.rows import from_row, row_or_missing
from indsec.store.tables import DrillRow


@dataclass(frozen=True)
class DrillRecord:
    """A stored drill and its report document."""

    id: int
    kind: str
    scenario: str
    held_at: datetime
    actor: str
    sandbox: str | None
    incident_id: int | None
    document: dict[str, Any]


class DrillRepository:
    def __init__(self, store: Store) -> None:
        self.store = store

    def add(self, record: DrillRecord) -> int:
        row = DrillRow(
            kind=record.kind,
            scenario=record.scenario,
            held_at=record.held_at.astimezone(UTC),
            actor=record.actor,
            sandbox=record.sandbox,
            incident_id=record.incident_id,
            document=record.document,
        )
        with self.store.session() as session:
            session.add(row)
            session.flush()
            return row.id

    def one(self, drill_id: int) -> DrillRecord:
        with self.store.session() as session:
            row = row_or_missing(
                session, DrillRow, drill_id, f"drill {drill_id} in {self.store.where}"
            )
            return _record(row)

    def all(self, *, kind: str | None = None) -> list[DrillRecord]:
        query = select(DrillRow).order_by(DrillRow.held_at.desc(), DrillRow.id.desc())
        if kind is not None:
            query = query.where(DrillRow.kind == kind)
        with self.store.session() as session:
            return [_record(row) for row in session.scalars(query)]


def _record(row: DrillRow) -> DrillRecord:
    return from_row(
        DrillRecord, row, held_at=aware(row.held_at), document={**row.document, "id": row.id}
    )
