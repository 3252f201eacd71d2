"""The self-examination from the console: a run in the background worker, and answers, evidence
files and remediation-task changes made by a person, each recorded in the audit log.

The assessment feature measures and stores; this module adds what a web write needs around it
(the job slot, the audit entry), as the rescan does for the catalogue.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from indsec.app import AppContext
from indsec.assess import service as assess
from indsec.console.jobs import Job, JobRepository
from indsec.console.worker import start_worker
from indsec.identity import service as identity
from indsec.model import Progress
from indsec.model.assessment import RemediationTask
from indsec.model.identity import Actor

ASSESSMENT = "assessment"
"""The job kind (and slot) of a self-examination started from the console."""


def _audit(app: AppContext, actor: Actor, action: str, target: str, detail: dict[str, Any]) -> None:
    with app.store().session() as session:
        identity.append_audit(session, actor=actor, action=action, target=target, detail=detail)


def start_assessment(*, app: AppContext, actor: Actor) -> Job:
    """Claim the one self-examination slot and run every loaded framework in a background
    worker; returns the running job at once (refused if one runs)."""
    jobs = JobRepository(app.store())
    jobs.fail_abandoned(timedelta(seconds=app.settings.run_abandoned_after_s))

    def audit(session: Session, job_id: int) -> None:
        identity.append_audit(
            session, actor=actor, action="assess.run", target=f"job:{job_id}", detail={}
        )

    claimed = jobs.claim(ASSESSMENT, requested_by=actor.name, audit=audit)

    def work(progress: Progress) -> dict[str, object]:
        snapshot = assess.run_assessment(app=app, actor=actor, progress=progress)
        return {"assessment": snapshot.id, "overall": snapshot.overall}

    start_worker(jobs, claimed.id, work)
    return claimed


def answer_control(
    *, app: AppContext, actor: Actor, control_key: str, outcome: str, note: str
) -> assess.RecheckOutcome:
    """A person's answer to a control (measured again at once), audited."""
    done = assess.answer_control(
        app=app, actor=actor, control_key=control_key, outcome=outcome, note=note
    )
    detail = {"outcome": outcome, "note": note.strip(), "evidence": done.evidence.id}
    _audit(app, actor, "assess.answer", f"control:{control_key}", detail)
    return done


def attach_evidence(
    *, app: AppContext, actor: Actor, control_key: str, path: Path
) -> assess.RecheckOutcome:
    """A file kept as evidence of a control (measured again at once), audited with its digest."""
    done = assess.attach_evidence(app=app, actor=actor, control_key=control_key, path=path)
    detail = {"file": path.name, "digest": done.evidence.evidence.digest}
    _audit(app, actor, "assess.evidence", f"control:{control_key}", detail)
    return done


def update_task(
    *,
    app: AppContext,
    actor: Actor,
    task_id: int,
    owner: str | None,
    due: date | None,
    status: str | None,
    note: str,
) -> RemediationTask:
    """Assign, reschedule or move a remediation task by hand, audited."""
    task = assess.update_task(
        app=app, actor=actor, task_id=task_id, owner=owner, due=due, status=status, note=note
    )
    detail = {"owner": owner or "", "due": due.isoformat() if due else "", "status": status or ""}
    _audit(app, actor, "assess.task", f"task:{task_id}", {**detail, "note": note.strip()})
    return task
