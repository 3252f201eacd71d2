"""Stored jobs: long work started from the web, its progress, outcome and failure.

A job is claimed in the database before its worker starts (:meth:`JobRepository.claim`), so two
requests, or two server processes, cannot both start a rescan: the second is refused with
:class:`~indsec.errors.BusyError`. A job whose process died is marked failed like an abandoned
scan (:mod:`indsec.store.processes`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from indsec.errors import BusyError, NotFoundError
from indsec.store.database import Store
from indsec.store.processes import fail_abandoned, finish, started_here
from indsec.store.rows import from_row
from indsec.store.tables import JobRow

RUNNING = "running"
COMPLETE = "complete"
FAILED = "failed"


@dataclass(frozen=True)
class Job:
    """A job as its pages show it (SQLite hands its moments back without their zone, UTC)."""

    id: int
    kind: str
    status: str
    started_at: datetime
    requested_by: str
    finished_at: datetime | None = None
    message: str = ""
    steps: int = 0
    error: str = ""
    result: dict[str, Any] = field(default_factory=dict)

    @property
    def running(self) -> bool:
        return self.status == RUNNING


def _job(row: JobRow) -> Job:
    return from_row(
        Job,
        row,
        message=str(row.progress.get("message", "")),
        steps=int(row.progress.get("steps", 0)),
        result=dict(row.result),
    )


class JobRepository:
    """Claims, advances, finishes and lists jobs."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def claim(self, kind: str, *, requested_by: str, audit: Callable[[Session, int], None]) -> Job:
        """A new running job of ``kind``, unless one runs; ``audit`` records it in the same
        transaction (given the session and the new job's id)."""
        with self.store.session() as session:
            row = JobRow(
                kind=kind,
                slot=kind,
                status=RUNNING,
                started_at=datetime.now(UTC),
                requested_by=requested_by,
                progress={},
                result={},
                **started_here(),
            )
            session.add(row)
            try:
                session.flush()
            except IntegrityError as exc:
                raise BusyError(f"a {kind} is already running; wait for it to end") from exc
            audit(session, row.id)
            return _job(row)

    def advance(self, job_id: int, *, message: str, steps: int) -> None:
        with self.store.session() as session:
            row = self._row(session, job_id)
            row.progress = {"message": message, "steps": steps}

    def finish(
        self, job_id: int, *, status: str, result: dict[str, Any] | None = None, error: str = ""
    ) -> None:
        """End the job and free its kind's slot for the next one."""
        with self.store.session() as session:
            row = self._row(session, job_id)
            finish(row, status=status, report={}, error=error)
            row.slot, row.result = None, result or {}

    def fail_abandoned(self, max_age: timedelta) -> None:
        """Mark failed (and free) the running jobs whose process is gone or too old."""
        with self.store.session() as session:
            running = session.scalars(select(JobRow).where(JobRow.status == RUNNING))
            for row in fail_abandoned(
                running, started=lambda r: r.started_at, failed=FAILED, max_age=max_age
            ):
                row.slot = None

    def job(self, job_id: int) -> Job:
        with self.store.session() as session:
            return _job(self._row(session, job_id))

    def jobs(self, *, limit: int, kind: str | None = None) -> list[Job]:
        """The newest ``limit`` jobs (of ``kind``, or of any), newest first."""
        query = select(JobRow).order_by(JobRow.id.desc()).limit(limit)
        if kind is not None:
            query = query.where(JobRow.kind == kind)
        with self.store.session() as session:
            rows = session.scalars(query)
            return [_job(row) for row in rows]

    def _row(self, session: Session, job_id: int) -> JobRow:
        row = session.get(JobRow, job_id)
        if row is None:
            raise NotFoundError(f"no job {job_id} in {self.store.where}")
        return row
