"""One assessment run: every applicable framework's controls measured, scored and stored.

Reads the world once (grades present, answers, files, alerts), measures each control through
:class:`~indsec.assess.runner.Runner`, builds the snapshot with its domain scores and risk
register, stores it, then moves the remediation tasks the outcomes call for.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Literal

from indsec.app import AppContext
from indsec.assess.checks.base import CheckContext
from indsec.assess.control_pack import Control, ControlPack
from indsec.assess.repository import AssessmentRepository, Measured
from indsec.assess.risks import SCENARIOS, Exposure, register
from indsec.assess.runner import Runner, Situation
from indsec.assess.tasks import TaskChange, TaskRepository
from indsec.catalogue import service as catalogue
from indsec.detect import service as detect
from indsec.errors import AssessError, NotFoundError
from indsec.model import Grade, Names
from indsec.model.assessment import (
    AssessmentSnapshot,
    ControlResult,
    DomainScore,
    Outcome,
    RiskScenario,
)

FAILED: tuple[Outcome, ...] = ("fail", "partial")
SHOWN_ASSETS = 20


def frameworks(app: AppContext) -> list[ControlPack]:
    """The loaded controls packs, one per framework id (a later pack replaces an earlier), or
    those of INDSEC_ASSESS_FRAMEWORKS where the site chose which frameworks it answers to."""
    by_id = {p.framework.id: p for p in app.packs.all(ControlPack)}
    if not by_id:
        raise AssessError(
            "no controls pack is loaded: add a 'kind: controls' pack to a rules directory "
            "(INDSEC_RULES_PATH)"
        )
    chosen = app.settings.assess_frameworks
    unknown = sorted(set(chosen) - set(by_id))
    if unknown:
        raise AssessError(
            f"INDSEC_ASSESS_FRAMEWORKS names no loaded framework: {', '.join(unknown)} "
            f"(loaded: {', '.join(sorted(by_id))})"
        )
    return [by_id[i] for i in chosen] if chosen else list(by_id.values())


def find_control(app: AppContext, key: str) -> tuple[ControlPack, str, Control]:
    """The pack, domain id and control of ``key`` (``framework.control``)."""
    for pack in frameworks(app):
        for domain in pack.domains:
            for control in domain.controls:
                if pack.key(control) == key:
                    return pack, domain.id, control
    raise AssessError(f"unknown control '{key}' (see 'indsec assess show' for the keys)")


def situation(app: AppContext) -> Situation:
    try:
        _, counts = catalogue.grade_counts(app=app)
    except NotFoundError:
        return Situation(None, app.profile)
    return Situation(frozenset(g for g, n in counts.items() if n), app.profile)


def runner(app: AppContext, repository: AssessmentRepository, now: datetime) -> Runner:
    answers = repository.valid_evidence(now, ("answer",))
    files = repository.valid_evidence(now, ("file",))
    return Runner(CheckContext(app, now), situation(app), answers, files)


def _domains(pack: ControlPack, measured: dict[str, Measured]) -> list[DomainScore]:
    scores = []
    for domain in pack.domains:
        counts = Counter(measured[pack.key(c)].result.outcome for c in domain.controls)
        scores.append(DomainScore(pack.framework.id, domain.id, domain.names, dict(counts)))
    return scores


def _scenarios(
    packs: list[ControlPack], measured: dict[str, Measured]
) -> dict[RiskScenario, list[ControlResult]]:
    found: dict[RiskScenario, list[ControlResult]] = {}
    for pack in packs:
        for control in pack.controls():
            tied: set[RiskScenario] = set(control.scenarios)
            if pack.framework.scenario is not None:
                tied.add(pack.framework.scenario)
            for scenario in tied:
                found.setdefault(scenario, []).append(measured[pack.key(control)].result)
    return found


def exposure(app: AppContext, grades: frozenset[Grade] | None) -> Exposure:
    graded = detect.graded_alert_counts(app=app)
    alerted: dict[str, list[str]] = {}
    for scenario in SCENARIOS if graded.run_id is not None else ():
        try:
            kept = detect.AlertFilter(scenario=scenario, run_id=graded.run_id)
            page = detect.alert_page(app=app, kept=kept, size=SHOWN_ASSETS)
        except NotFoundError:
            continue
        keys = {a.alert.asset.key for a in page.alerts if a.alert.asset is not None}
        alerted[scenario] = sorted(keys)
    zh, en = (detect.scenario_names(app=app, lang=lang) for lang in ("zh", "en"))
    names = {s: Names(zh=zh[s], en=en.get(s, s)) for s in zh}
    return Exposure(graded.counts, alerted, grades or frozenset(), _top_assets(app, grades), names)


def _top_assets(app: AppContext, grades: frozenset[Grade] | None) -> list[str]:
    for grade in (Grade.CORE, Grade.IMPORTANT):
        if grades and grade in grades:
            filters = catalogue.AssetFilter(grade=grade.value)
            found = catalogue.stream_assets(app=app, filters=filters, limit=SHOWN_ASSETS)
            return [a.key for a in found]
    return []


@dataclass(frozen=True)
class Run:
    """One assessment's inputs: who, what kind, when, and where progress goes."""

    run_by: str
    kind: Literal["self_examination", "annual"]
    now: datetime
    progress: Callable[[str], None]


def assess(app: AppContext, run: Run) -> tuple[int, AssessmentSnapshot]:
    """Measure, score, store; then move the tasks. The stored id and the snapshot."""
    repository = AssessmentRepository(app.store())
    packs = frameworks(app)
    measuring = runner(app, repository, run.now)
    measured: dict[str, Measured] = {}
    for pack in packs:
        run.progress(f"framework {pack.framework.id}")
        for domain in pack.domains:
            for control in domain.controls:
                measured[pack.key(control)] = measuring.measure(pack, domain.id, control)
    snapshot = AssessmentSnapshot(
        id="",
        kind=run.kind,
        enterprise=app.profile,
        started_at=run.now,
        finished_at=max(run.now, datetime.now(run.now.tzinfo)),
        frameworks={p.framework.id: p.pack.version for p in packs},
        results=tuple(m.result for m in measured.values()),
        domains=tuple(d for p in packs for d in _domains(p, measured)),
        risks=register(_scenarios(packs, measured), exposure(app, measuring.situation.grades)),
    )
    assessment_id = repository.save(snapshot, list(measured.values()), run.run_by)
    run.progress("remediation tasks")
    evidence = repository.result_evidence(assessment_id)
    titles = {p.key(c): c.names for p in packs for c in p.controls()}
    changes = [
        task_change(app, titles[key], m.result, evidence.get(key, []), run.now)
        for key, m in measured.items()
    ]
    tasks = TaskRepository(app.store())
    tasks.sync([c for c in changes if c is not None], run.run_by, run.now)
    return assessment_id, snapshot


def task_change(
    app: AppContext, names: Names, result: ControlResult, evidence_ids: list[int], now: datetime
) -> TaskChange | None:
    """What ``result`` means for its control's task: failed opens it, a pass verifies it."""
    if result.outcome not in (*FAILED, "pass"):
        return None
    failed = result.outcome in FAILED
    due = now.date() + timedelta(days=app.settings.assess_task_due_days)
    detail = f"{result.outcome}: {result.note}" if result.note else result.outcome
    evidence = None if failed or not evidence_ids else evidence_ids[0]
    title = names.get(app.settings.lang)
    return TaskChange(result.key, title, failed, due, detail, evidence)
