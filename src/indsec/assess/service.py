"""Self-examination use cases: run, answer, attach evidence, tasks, risks, snapshots.

The door of the assessment feature for the CLI, the server, the annual report and other
features. ``now`` is passed in wherever a clock is read (tests, replays); times without a zone
are the plant's. An answer or a file re-measures its control at once, so a remediation task
closes itself (``verified``) the moment the evidence that corrects it is in, and reopens if a
later measurement fails again.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any, Literal

from sqlalchemy.orm import Session

from indsec.app import AppContext
from indsec.assess import measure
from indsec.assess.annual.issue import IssuedReport, issue_report, read_issue
from indsec.assess.checks.base import ASSESS_CHECKS
from indsec.assess.evidence import StoredEvidence, facts_digest, file_digest
from indsec.assess.repository import AssessmentRepository
from indsec.assess.tasks import TaskEdit, TaskRepository, TaskStep
from indsec.assess.wording import label, snapshot_document
from indsec.errors import AssessError, NotFoundError
from indsec.identity import service as identity
from indsec.model import Names
from indsec.model.assessment import (
    AssessmentSnapshot,
    Evidence,
    Outcome,
    RemediationTask,
    Risk,
    TaskStatus,
)
from indsec.model.identity import Actor
from indsec.store.moments import aware
from indsec.supervision import service as supervision

__all__ = [
    "ANSWERS",
    "TASK_STATES",
    "AssessmentSnapshot",
    "AssessmentSummary",
    "ControlInfo",
    "IssuedReport",
    "RecheckOutcome",
    "RemediationTask",
    "StoredEvidence",
    "TaskStep",
    "TaskView",
    "answer_control",
    "attach_evidence",
    "attach_evidence_bytes",
    "check_ids",
    "control_infos",
    "label",
    "latest_snapshot",
    "list_assessments",
    "list_tasks",
    "risk_register",
    "run_assessment",
    "show_assessment",
    "show_task",
    "snapshot_document",
    "submit_annual_report",
    "update_task",
    "write_annual_report",
]

ANSWERS: tuple[Outcome, ...] = ("pass", "partial", "fail", "not_applicable")
TASK_STATES: tuple[TaskStatus, ...] = ("open", "in_progress", "done", "verified")


def _audit(actor: Actor, action: str, target: str, **detail: str) -> Callable[[Session], None]:
    """The audit entry of a write, made in the write's own transaction."""

    def write(session: Session) -> None:
        identity.append_audit(session, actor=actor, action=action, target=target, detail=detail)

    return write


def _repository(app: AppContext, *, existing: bool = False) -> AssessmentRepository:
    return AssessmentRepository(app.store(existing=existing))


def _tasks(app: AppContext, *, existing: bool = False) -> TaskRepository:
    return TaskRepository(app.store(existing=existing))


def _local(app: AppContext, moment: datetime | None) -> datetime:
    if moment is None:
        return datetime.now(app.site_policy.zone)
    return moment if moment.tzinfo else moment.replace(tzinfo=app.site_policy.zone)


def check_ids() -> list[str]:
    """The registered automated checks (built-in and plugins)."""
    return ASSESS_CHECKS.names()


def run_assessment(
    *,
    app: AppContext,
    actor: Actor,
    kind: Literal["self_examination", "annual"] = "self_examination",
    now: datetime | None = None,
    progress: Callable[[str], None] | None = None,
) -> AssessmentSnapshot:
    """Measure every control of every loaded framework, score, store the snapshot (risks
    included) and open, reopen or verify the remediation tasks the outcomes call for."""
    run = measure.Run(actor.name, kind, _local(app, now), progress or (lambda _m: None))
    assessment_id, _ = measure.assess(app, run)
    return show_assessment(app=app, assessment_id=assessment_id)


def show_assessment(*, app: AppContext, assessment_id: int) -> AssessmentSnapshot:
    """A stored assessment as it was measured, with the remediation tasks as they stand now."""
    repository = _repository(app, existing=True)
    return repository.snapshot(assessment_id, tuple(_tasks(app).tasks()))


def latest_snapshot(*, app: AppContext) -> AssessmentSnapshot:
    """The newest assessment (what ``indsec assess report`` writes up); NotFoundError if none."""
    repository = _repository(app, existing=True)
    found = repository.latest_id()
    if found is None:
        raise NotFoundError("no assessment yet (run 'indsec assess run')")
    return repository.snapshot(found, tuple(_tasks(app).tasks()))


@dataclass(frozen=True)
class AssessmentSummary:
    id: int
    kind: str
    started_at: datetime
    run_by: str
    overall: float | None
    frameworks: dict[str, str]


def list_assessments(*, app: AppContext, limit: int = 100) -> list[AssessmentSummary]:
    """The newest assessments first."""
    rows = _repository(app, existing=True).summaries(limit)
    return [
        AssessmentSummary(
            r.id, r.kind, aware(r.started_at), r.run_by, r.overall, dict(r.frameworks)
        )
        for r in rows
    ]


def risk_register(*, app: AppContext, assessment_id: int | None = None) -> tuple[Risk, ...]:
    """The risk register of an assessment (the newest by default), highest level first."""
    snapshot = (
        latest_snapshot(app=app)
        if assessment_id is None
        else show_assessment(app=app, assessment_id=assessment_id)
    )
    return tuple(sorted(snapshot.risks, key=lambda r: (-r.level, r.id)))


@dataclass(frozen=True)
class ControlInfo:
    """A control as lists show it: its key, names, domain, check and flags."""

    key: str
    framework: Names
    domain: Names
    names: Names
    check: str | None
    needs_review: bool


def control_infos(*, app: AppContext) -> dict[str, ControlInfo]:
    """Every loaded control by key, in pack order."""
    found = {}
    for pack in measure.frameworks(app):
        for domain in pack.domains:
            for control in domain.controls:
                check = control.check.id if control.check else None
                found[pack.key(control)] = ControlInfo(
                    pack.key(control),
                    pack.framework.names,
                    domain.names,
                    control.names,
                    check,
                    control.needs_review,
                )
    return found


@dataclass(frozen=True)
class RecheckOutcome:
    """What an answer or a file did: the evidence stored, the control's outcome measured again,
    and its task as it now stands (None if the control has none)."""

    evidence: StoredEvidence
    outcome: Outcome
    task: RemediationTask | None
    by_check: bool = False
    """The control's automated check gathered evidence and decided (an answer is then kept
    but does not override it)."""


def _recheck(
    app: AppContext, key: str, by: str, now: datetime
) -> tuple[Outcome, RemediationTask | None, bool]:
    """Measure one control again and move its task."""
    pack, domain_id, control = measure.find_control(app, key)
    repository = _repository(app)
    measured = measure.runner(app, repository, now).measure(pack, domain_id, control)
    ids = list(measured.kept_evidence)
    for evidence, outcome in measured.new_evidence:
        ids.insert(0, repository.add_evidence(evidence, outcome))
    change = measure.task_change(app, control.names, measured.result, ids, now)
    touched = _tasks(app).sync([change], by, now) if change is not None else []
    task = next(iter(touched), None) or next(
        (t for t in _tasks(app).tasks() if t.control_key == key), None
    )
    by_check = any(o not in (None, "not_assessed") for _, o in measured.new_evidence)
    return measured.result.outcome, task, by_check


def _expiry(app: AppContext, expires_at: datetime | None, now: datetime) -> datetime | None:
    if expires_at is None:
        return None
    expires = _local(app, expires_at)
    if expires <= now:
        raise AssessError(f"--expires {expires.isoformat()} is not in the future")
    return expires


def answer_control(
    *,
    app: AppContext,
    actor: Actor,
    control_key: str,
    outcome: str,
    note: str = "",
    expires_at: datetime | None = None,
    now: datetime | None = None,
) -> RecheckOutcome:
    """Record a person's answer to a control, then measure the control again."""
    moment = _local(app, now)
    measure.find_control(app, control_key)
    if outcome not in ANSWERS:
        raise AssessError(f"unknown outcome '{outcome}' (one of: {', '.join(ANSWERS)})")
    answer: Outcome = outcome
    facts = {"outcome": answer, "note": note.strip()}
    evidence = Evidence(
        control_id=control_key,
        origin="answer",
        summary=note.strip() or answer,
        digest=facts_digest(facts),
        collected_at=moment,
        collected_by=actor.name,
        facts=facts,
        expires_at=_expiry(app, expires_at, moment),
    )
    audit = _audit(actor, "assess.answer", f"control:{control_key}", outcome=answer)
    evidence_id = _repository(app).add_answer(evidence, answer, note.strip(), audit)
    measured, task, by_check = _recheck(app, control_key, actor.name, moment)
    stored = StoredEvidence(evidence_id, evidence, answer)
    return RecheckOutcome(stored, measured, task, by_check)


def attach_evidence(
    *,
    app: AppContext,
    actor: Actor,
    control_key: str,
    path: Path,
    expires_at: datetime | None = None,
    now: datetime | None = None,
) -> RecheckOutcome:
    """Keep the file at ``path`` as evidence of a control (see :func:`attach_evidence_bytes`)."""
    measure.find_control(app, control_key)
    content = _read_evidence(app, path)
    return attach_evidence_bytes(
        app=app,
        actor=actor,
        control_key=control_key,
        file_name=path.name,
        content=content,
        expires_at=expires_at,
        now=now,
    )


def attach_evidence_bytes(
    *,
    app: AppContext,
    actor: Actor,
    control_key: str,
    file_name: str,
    content: bytes,
    expires_at: datetime | None = None,
    now: datetime | None = None,
) -> RecheckOutcome:
    """Keep a file as evidence of a control (bytes in the database, SHA-256, who, when,
    expiry; audited), then measure the control again."""
    moment = _local(app, now)
    measure.find_control(app, control_key)
    limit = app.settings.assess_evidence_max_bytes
    if len(content) > limit:
        raise AssessError(f"{file_name}: larger than INDSEC_ASSESS_EVIDENCE_MAX_BYTES ({limit})")
    name = Path(file_name).name.strip() or "evidence"
    evidence = Evidence(
        control_id=control_key,
        origin="file",
        summary=name,
        digest=file_digest(content),
        collected_at=moment,
        collected_by=actor.name,
        facts={"file_name": name, "size": len(content)},
        file_name=name,
        expires_at=_expiry(app, expires_at, moment),
    )
    audit = _audit(actor, "assess.evidence", f"control:{control_key}", file=name)
    evidence_id = _repository(app).add_file(evidence, content, audit)
    measured, task, by_check = _recheck(app, control_key, actor.name, moment)
    stored = StoredEvidence(evidence_id, evidence, None, len(content))
    return RecheckOutcome(stored, measured, task, by_check)


def _read_evidence(app: AppContext, path: Path) -> bytes:
    limit = app.settings.assess_evidence_max_bytes
    if not path.is_file():
        raise AssessError(f"{path}: no such file")
    if path.stat().st_size > limit:
        raise AssessError(f"{path}: larger than INDSEC_ASSESS_EVIDENCE_MAX_BYTES ({limit} bytes)")
    try:
        return path.read_bytes()
    except OSError as exc:
        raise AssessError(f"{path}: cannot read: {exc.strerror or exc}") from exc


def list_tasks(*, app: AppContext, status: str | None = None) -> list[RemediationTask]:
    if status is not None and status not in TASK_STATES:
        raise AssessError(f"unknown status '{status}' (one of: {', '.join(TASK_STATES)})")
    return _tasks(app, existing=True).tasks(status)


@dataclass(frozen=True)
class TaskView:
    task: RemediationTask
    closed_by: int | None
    history: list[TaskStep]


def show_task(*, app: AppContext, task_id: int) -> TaskView:
    return TaskView(*_tasks(app, existing=True).task(task_id))


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
    audit = _audit(actor, "assess.task", f"task:{task_id}", status=status or "", owner=owner or "")
    return _tasks(app).update(task_id, edit, actor.name, _local(app, now), audit)


def write_annual_report(
    *,
    app: AppContext,
    out_dir: Path,
    lang: str = "zh-CN",
    issued_on: date | None = None,
    assessment_id: int | None = None,
) -> IssuedReport:
    """Write the annual report (HTML, PDF, XLSX appendix) of the newest assessment (or
    ``assessment_id``) into ``out_dir``, issued today in the plant's zone unless ``issued_on``;
    a reissue of the same assessment keeps its first issue date, so its year of validity."""
    snapshot = (
        latest_snapshot(app=app)
        if assessment_id is None
        else show_assessment(app=app, assessment_id=assessment_id)
    )
    day = issued_on or _local(app, None).date()
    return issue_report(app, snapshot, out_dir, lang, day)


def submit_annual_report(
    *, app: AppContext, actor: Actor, out_dir: Path, url: str | None = None
) -> dict[str, Any]:
    """Send the report issued in ``out_dir`` (its summary and PDF) to the supervision instance;
    the receipt (id, version, created, valid_until)."""
    issue = read_issue(out_dir)
    snapshot = show_assessment(app=app, assessment_id=int(issue.assessment_id))
    summary = supervision.assessment_summary(snapshot, issue.issued_on)
    return supervision.submit_assessment(
        app=app, actor=actor, snapshot_json=summary, pdf_path=out_dir / "report.pdf", url=url
    )
