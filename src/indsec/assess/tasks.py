"""Remediation tasks in the store: one row per control, its steps in its events.

A measurement moves a task (:class:`TaskChange`: a failure opens or reopens it, a pass
verifies it with the evidence that closed it); a person assigns, reschedules or moves it
(:class:`TaskEdit`), never to ``verified``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any, cast

from sqlalchemy import select
from sqlalchemy.orm import Session

from indsec.assess.repository import Also
from indsec.model.assessment import RemediationTask, TaskStatus
from indsec.store.database import Store
from indsec.store.moments import aware, optional_aware
from indsec.store.rows import from_row, row_or_missing
from indsec.store.tables import RemediationTaskEventRow, RemediationTaskRow


@dataclass(frozen=True)
class TaskStep:
    """One step of a task's history."""

    at: datetime
    actor: str
    status: str
    detail: str
    evidence_id: int | None


class TaskRepository:
    def __init__(self, store: Store) -> None:
        self.store = store

    def tasks(self, status: str | None = None) -> list[RemediationTask]:
        query = select(RemediationTaskRow).order_by(RemediationTaskRow.id)
        if status is not None:
            query = query.where(RemediationTaskRow.status == status)
        with self.store.session() as session:
            return [_task(r) for r in session.scalars(query)]

    def task(self, task_id: int) -> tuple[RemediationTask, int | None, list[TaskStep]]:
        """A task, the evidence that closed it (if verified) and its history."""
        with self.store.session() as session:
            row = _task_row(session, task_id)
            query = select(RemediationTaskEventRow).where(RemediationTaskEventRow.task_id == row.id)
            steps = [
                TaskStep(aware(e.at), e.actor, e.status, e.detail, e.evidence_id)
                for e in session.scalars(query.order_by(RemediationTaskEventRow.id))
            ]
            return _task(row), row.closed_by_evidence_id, steps

    def sync(self, changes: list[TaskChange], actor: str, now: datetime) -> list[RemediationTask]:
        """Open, reopen or verify tasks from measured outcomes; the tasks touched."""
        keys = [c.control_key for c in changes]
        touched = []
        with self.store.session() as session:
            query = select(RemediationTaskRow).where(RemediationTaskRow.control_key.in_(keys))
            existing = {r.control_key: r for r in session.scalars(query)}
            for change in changes:
                row = _apply(session, existing.get(change.control_key), change, now)
                if row is not None:
                    session.flush()
                    _step(session, row, actor, now, change.detail, change.evidence_id)
                    touched.append(row)
            session.flush()
            return [_task(r) for r in touched]

    def update(
        self, task_id: int, edit: TaskEdit, actor: str, now: datetime, also: Also = None
    ) -> RemediationTask:
        with self.store.session() as session:
            if also is not None:
                also(session)
            row = _task_row(session, task_id)
            said = []
            if edit.owner is not None:
                row.owner = edit.owner
                said.append(f"owner {edit.owner}")
            if edit.due is not None:
                row.due = edit.due
                said.append(f"due {edit.due.isoformat()}")
            if edit.status is not None:
                row.status = edit.status
                said.append(f"status {edit.status}")
            detail = ", ".join(said) + (f": {edit.note}" if edit.note else "")
            _step(session, row, actor, now, detail, None)
            session.flush()
            return _task(row)


@dataclass(frozen=True)
class TaskChange:
    """What a measurement says of a control's task: ``failed`` opens or reopens it, a pass
    (``failed`` False) verifies an open one with ``evidence_id``."""

    control_key: str
    title: str
    failed: bool
    due: date
    detail: str
    evidence_id: int | None = None


@dataclass(frozen=True)
class TaskEdit:
    owner: str | None = None
    due: date | None = None
    status: TaskStatus | None = None
    note: str = ""


OPEN_STATES = ("open", "in_progress", "done")


def _apply(
    session: Session, row: RemediationTaskRow | None, change: TaskChange, now: datetime
) -> RemediationTaskRow | None:
    """The row changed by ``change`` (a new one for a first failure), or None if unchanged."""
    if change.failed:
        if row is None:
            row = RemediationTaskRow(
                control_key=change.control_key,
                title=change.title,
                owner="",
                due=change.due,
                status="open",
                created_at=now.astimezone(UTC),
            )
            session.add(row)
            return row
        if row.status != "verified":
            return None
        row.status, row.closed_at, row.closed_by_evidence_id = "open", None, None
        return row
    if row is None or row.status not in OPEN_STATES:
        return None
    row.status, row.closed_at = "verified", now.astimezone(UTC)
    row.closed_by_evidence_id = change.evidence_id
    return row


def _step(
    session: Session,
    row: RemediationTaskRow,
    actor: str,
    now: datetime,
    detail: str,
    evidence_id: int | None,
) -> None:
    session.add(
        RemediationTaskEventRow(
            task_id=row.id,
            at=now.astimezone(UTC),
            actor=actor,
            status=row.status,
            detail=detail,
            evidence_id=evidence_id,
        )
    )


def _task_row(session: Session, task_id: int) -> RemediationTaskRow:
    return row_or_missing(session, RemediationTaskRow, task_id, f"remediation task {task_id}")


def _task(row: RemediationTaskRow) -> RemediationTask:
    return from_row(
        RemediationTask,
        row,
        id=str(row.id),
        status=cast(Any, row.status),
        created_at=aware(row.created_at),
        closed_at=optional_aware(row.closed_at),
    )
