"""Remediation tasks by hand: list, show, assign, reschedule, move.

Behind the feature's door (:mod:`indsec.assess.service`). Runs and answers open, reopen and
verify tasks themselves; a person assigns, reschedules and moves them, but never sets
``verified``: only a control passing again does.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from indsec.app import AppContext
from indsec.assess.access import audit, local, tasks
from indsec.assess.tasks import TaskEdit, TaskStep
from indsec.errors import AssessError
from indsec.model.assessment import RemediationTask, TaskStatus
from indsec.model.identity import Actor

TASK_STATES: tuple[TaskStatus, ...] = ("open", "in_progress", "done", "verified")


def list_tasks(*, app: AppContext, status: str | None = None) -> list[RemediationTask]:
    if status is not None and status not in TASK_STATES:
        raise AssessError(f"unknown status '{status}' (one of: {', '.join(TASK_STATES)})")
    return tasks(app, existing=True).tasks(status)


@dataclass(frozen=True)
class TaskView:
    task: RemediationTask
    closed_by: int | None
    history: list[TaskStep]


def show_task(*, app: AppContext, task_id: int) -> TaskView:
    return TaskView(*tasks(app, existing=True).task(task_id))


def update_task(
    *,
    app: AppContext,
    actor: Actor,
    task_id: int,
    owner: str | None = None,
    due: date | None = None,
    status: str | None = None,
    note: str = "",
    now: datetime | None = None,
) -> RemediationTask:
    """Assign, reschedule or move a task by hand; ``verified`` is not a person's to set."""
    if status == "verified":
        raise AssessError("a task is verified only when its control passes again")
    if status is not None and status not in TASK_STATES:
        raise AssessError(f"unknown status '{status}' (one of: {', '.join(TASK_STATES[:-1])})")
    if owner is None and due is None and status is None:
        raise AssessError("nothing to change: give --owner, --due or --status")
    edit = TaskEdit(owner, due, status, note)
    write = audit(actor, "assess.task", f"task:{task_id}", status=status or "", owner=owner or "")
    return tasks(app).update(task_id, edit, actor.name, local(app, now), write)
