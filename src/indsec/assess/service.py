"""Self-examination use cases: run, answer, attach evidence, tasks, risks, the annual report.

The door of the assessment feature for the CLI, the server, the annual report and other
features: the use cases live by concept in :mod:`~indsec.assess.runs` (runs, snapshots, risks,
controls), :mod:`~indsec.assess.answers` (answers and evidence files) and
:mod:`~indsec.assess.remediation` (tasks); the annual report's are here. ``now`` is passed in
wherever a clock is read (tests, replays); times without a zone are the plant's.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from indsec.app import AppContext
from indsec.assess.access import local
from indsec.assess.annual.issue import IssuedReport, issue_report, read_issue
from indsec.assess.answers import (
    ANSWERS,
    RecheckOutcome,
    answer_control,
    attach_evidence,
    attach_evidence_bytes,
)
from indsec.assess.evidence import StoredEvidence
from indsec.assess.remediation import TASK_STATES, TaskView, list_tasks, show_task, update_task
from indsec.assess.runs import (
    AssessmentSummary,
    ControlInfo,
    check_ids,
    control_infos,
    latest_snapshot,
    list_assessments,
    risk_register,
    run_assessment,
    show_assessment,
    snapshot_of,
)
from indsec.assess.tasks import TaskStep
from indsec.assess.wording import label, risk_document, snapshot_document, task_document
from indsec.model.assessment import AssessmentSnapshot, RemediationTask
from indsec.model.identity import Actor
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
    "risk_document",
    "risk_register",
    "run_assessment",
    "show_assessment",
    "show_task",
    "snapshot_document",
    "submit_annual_report",
    "task_document",
    "update_task",
    "write_annual_report",
]


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
    snapshot = snapshot_of(app=app, assessment_id=assessment_id)
    day = issued_on or local(app, None).date()
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
