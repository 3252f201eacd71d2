"""Detection runs and their alerts, stored append-only beside the catalogue."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import func, select

from indsec.model.alert import Alert
from indsec.store.database import Store
from indsec.store.processes import fail_abandoned, finish, started_here
from indsec.store.rows import from_row, row_or_missing
from indsec.store.tables import AlertRow, DetectionRunRow

RUNNING = "running"
COMPLETE = "complete"
FAILED = "failed"
DRILL = "drill"
"""A complete run over a drill's own telemetry: listed, but never the run alerts lists show."""


@dataclass(frozen=True)
class RunSummary:
    """A stored detection run as a list shows it: its status, inputs, report and alerts."""

    id: int
    started_at: datetime
    finished_at: datetime | None
    status: str
    sources: list[str]
    catalogue_version: int | None
    report: dict[str, Any]
    error: str
    alerts: int


class AlertRepository:
    """Appends detection runs and alerts; lists and fetches alerts."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def begin_run(self, *, sources: list[str], catalogue_version: int | None) -> int:
        with self.store.session() as session:
            row = DetectionRunRow(
                started_at=datetime.now(UTC),
                status=RUNNING,
                sources=sources,
                catalogue_version=catalogue_version,
                **started_here(),
            )
            session.add(row)
            session.flush()
            return row.id

    def add_alerts(self, run_id: int, alerts: Iterable[Alert]) -> int:
        rows = [
            AlertRow(
                run_id=run_id,
                rule_id=alert.rule_id,
                severity=alert.severity,
                scenario=alert.scenario,
                asset_grade=alert.asset.grade.value if alert.asset else None,
                event_time=alert.event_time,
                document=alert.model_dump(mode="json"),
            )
            for alert in alerts
        ]
        with self.store.session() as session:
            session.add_all(rows)
        return len(rows)

    def finish_run(
        self, run_id: int, *, status: str, report: dict[str, Any], error: str = ""
    ) -> None:
        with self.store.session() as session:
            row = row_or_missing(
                session, DetectionRunRow, run_id, f"detection run {run_id} in {self.store.where}"
            )
            finish(row, status=status, report=report, error=error)

    def fail_abandoned(self, max_age: timedelta) -> list[int]:
        """Mark failed the ``running`` runs whose process abandoned them; their ids."""
        with self.store.session() as session:
            query = select(DetectionRunRow).where(DetectionRunRow.status == RUNNING)
            marked = fail_abandoned(
                session.scalars(query),
                started=lambda row: row.started_at,
                failed=FAILED,
                max_age=max_age,
            )
            return [row.id for row in marked]

    def alerts(
        self,
        *,
        run_id: int | None = None,
        scenario: str | None = None,
        min_severity: list[str] | None = None,
        limit: int = 1000,
    ) -> list[tuple[int, Alert]]:
        """Alerts (newest run first unless ``run_id``), each with its id."""
        query = select(AlertRow.id, AlertRow.document).order_by(AlertRow.run_id.desc(), AlertRow.id)
        if run_id is not None:
            query = query.where(AlertRow.run_id == run_id)
        if scenario is not None:
            query = query.where(AlertRow.scenario == scenario)
        if min_severity is not None:
            query = query.where(AlertRow.severity.in_(min_severity))
        with self.store.session() as session:
            rows = session.execute(query.limit(limit)).all()
            return [(row.id, Alert.model_validate(row.document)) for row in rows]

    def alert(self, alert_id: int) -> Alert:
        with self.store.session() as session:
            row = row_or_missing(
                session, AlertRow, alert_id, f"alert {alert_id} in {self.store.where}"
            )
            return Alert.model_validate(row.document)

    def graded_counts(self, run_id: int) -> list[tuple[str, str, int]]:
        """How many of a run's alerts touch a graded asset, per scenario and grade."""
        query = (
            select(AlertRow.scenario, AlertRow.asset_grade, func.count())
            .where(AlertRow.run_id == run_id, AlertRow.asset_grade.is_not(None))
            .group_by(AlertRow.scenario, AlertRow.asset_grade)
        )
        with self.store.session() as session:
            return [(s or "", g or "", int(n)) for s, g, n in session.execute(query).all()]

    def runs(self, *, limit: int) -> list[RunSummary]:
        """The newest ``limit`` runs, newest first, each with its number of alerts."""
        counts = select(AlertRow.run_id, func.count().label("n")).group_by(AlertRow.run_id)
        counted = counts.subquery()
        query = (
            select(DetectionRunRow, counted.c.n)
            .outerjoin(counted, counted.c.run_id == DetectionRunRow.id)
            .order_by(DetectionRunRow.id.desc())
            .limit(limit)
        )
        with self.store.session() as session:
            return [
                from_row(
                    RunSummary,
                    row,
                    sources=list(row.sources),
                    report=dict(row.report),
                    alerts=int(n or 0),
                )
                for row, n in session.execute(query).all()
            ]

    def run_ids(self) -> list[int]:
        """Every detection run's id, oldest first."""
        with self.store.session() as session:
            return list(session.scalars(select(DetectionRunRow.id).order_by(DetectionRunRow.id)))

    def latest_run(self) -> int | None:
        with self.store.session() as session:
            return session.scalar(
                select(DetectionRunRow.id)
                .where(DetectionRunRow.status == COMPLETE)
                .order_by(DetectionRunRow.id.desc())
                .limit(1)
            )
