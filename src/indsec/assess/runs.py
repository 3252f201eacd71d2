"""Assessment runs and what they measured: run, show, list, the risk register, the controls.

Behind the feature's door (:mod:`indsec.assess.service`). A run measures every control of every
loaded framework; a snapshot shows it as it was measured, with the remediation tasks as they
stand now.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from indsec.app import AppContext
from indsec.assess import measure
from indsec.assess.access import assessments, local, tasks
from indsec.assess.checks.base import ASSESS_CHECKS
from indsec.errors import NotFoundError
from indsec.model import Names
from indsec.model.assessment import AssessmentSnapshot, Risk
from indsec.model.identity import Actor
from indsec.store.moments import aware


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
    run = measure.Run(actor.name, kind, local(app, now), progress or (lambda _m: None))
    assessment_id, _ = measure.assess(app, run)
    return show_assessment(app=app, assessment_id=assessment_id)


def show_assessment(*, app: AppContext, assessment_id: int) -> AssessmentSnapshot:
    """A stored assessment as it was measured, with the remediation tasks as they stand now."""
    repository = assessments(app, existing=True)
    return repository.snapshot(assessment_id, tuple(tasks(app).tasks()))


def latest_snapshot(*, app: AppContext) -> AssessmentSnapshot:
    """The newest assessment (what ``indsec assess report`` writes up); NotFoundError if none."""
    repository = assessments(app, existing=True)
    found = repository.latest_id()
    if found is None:
        raise NotFoundError("no assessment yet (run 'indsec assess run')")
    return repository.snapshot(found, tuple(tasks(app).tasks()))


def snapshot_of(*, app: AppContext, assessment_id: int | None) -> AssessmentSnapshot:
    """The assessment ``assessment_id``, or the newest if None."""
    if assessment_id is None:
        return latest_snapshot(app=app)
    return show_assessment(app=app, assessment_id=assessment_id)


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
    rows = assessments(app, existing=True).summaries(limit)
    return [
        AssessmentSummary(
            r.id, r.kind, aware(r.started_at), r.run_by, r.overall, dict(r.frameworks)
        )
        for r in rows
    ]


def risk_register(*, app: AppContext, assessment_id: int | None = None) -> tuple[Risk, ...]:
    """The risk register of an assessment (the newest by default), highest level first."""
    snapshot = snapshot_of(app=app, assessment_id=assessment_id)
    return snapshot.risks_by_level


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
