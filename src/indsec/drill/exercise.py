"""The ransomware drill end to end: simulate, detect with the real engine, open an incident,
and measure how long each took from the first simulated encryption.

Detection reads the drill's telemetry through the same readers, pipelines and Sigma rules as
``indsec detect run``, in a run stored as a drill (never the run alert lists show). The first
ransomware alert opens an incident through the incident service, marked as a drill so it is
never escalated or counted for the regulator; the drill's alerts are then closed with a note
naming the drill, so no open-alert check counts them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from indsec.app import AppContext
from indsec.detect import service as detect
from indsec.drill.plan_pack import RansomwarePlan
from indsec.drill.simulate import Simulation
from indsec.incident import service as incident
from indsec.model.alert import Alert
from indsec.model.identity import Actor

DRILL_TITLE = "[演练 DRILL] "


@dataclass(frozen=True)
class Exercise:
    """What detection and response made of one simulation."""

    run_id: int
    events: int
    alerts: list[tuple[int, Alert]]
    detected_at: datetime | None
    incident_id: int | None
    incident_at: datetime | None
    warnings: list[str]


def detect_and_respond(
    *, app: AppContext, actor: Actor, simulation: Simulation, logs: list[Path], threat: str
) -> Exercise:
    """Run detection over the drill's telemetry and open the drill incident from its first
    ransomware alert."""
    outcome = detect.run_detection(app=app, sources=logs, drill=True)
    detected_at = datetime.now(UTC) if outcome.alerts else None
    stored = detect.list_alerts(app=app, run_id=outcome.run_id)
    opened = _drill_incident(app, actor, simulation, stored, threat)
    for alert_id, _alert in stored:
        note = f"ransomware drill {simulation.drill}"
        detect.move_alert(app=app, actor=actor, alert_id=alert_id, to="closed", note=note)
    warnings = [f"{w.where}: {w.message}" for w in outcome.report.warnings]
    return Exercise(
        run_id=outcome.run_id,
        events=outcome.events,
        alerts=stored,
        detected_at=detected_at,
        incident_id=None if opened is None else opened.id,
        incident_at=None if opened is None else opened.detected_at,
        warnings=warnings,
    )


def _drill_incident(
    app: AppContext,
    actor: Actor,
    simulation: Simulation,
    stored: list[tuple[int, Alert]],
    threat: str,
) -> incident.Incident | None:
    """The drill-marked incident opened from the first ransomware alert (by event time), with
    the graded assets its decoys imitated as the assets involved, so the tier and its report
    clocks are those a real attack on them would get."""
    ransomware = sorted((p for p in stored if p[1].scenario == "ransomware"), key=_event_order)
    if not ransomware:
        return None
    alert_id, first = ransomware[0]
    imitated = [
        {"key": d.like, "name": d.like_name or d.like, "grade": d.grade}
        for d in simulation.decoys
        if d.like is not None
    ]
    facts = {
        "drill": True,
        "cause": f"drill {simulation.drill}",
        "assets": imitated,
        "threat": threat,
    }
    return incident.open_from_alert(
        app=app,
        actor=actor,
        alert_id=alert_id,
        title=DRILL_TITLE + first.rule_title,
        facts=incident.parse_facts(facts),
    )


def _event_order(pair: tuple[int, Alert]) -> tuple[datetime, int]:
    moment = pair[1].event_time or datetime.max.replace(tzinfo=UTC)
    return moment, pair[0]


def seconds(start: datetime, end: datetime | None) -> float | None:
    """Seconds from ``start`` to ``end`` to the millisecond (never ``-0.0``)."""
    return None if end is None else round((end - start).total_seconds(), 3) + 0.0


def findings(plan: RansomwarePlan, simulation: Simulation, exercise: Exercise) -> dict[str, Any]:
    """Each expected rule fired (when, how long after the first encryption) or stayed silent;
    every other alert the run raised; the two measured times."""
    start = simulation.first_encryption
    first_by_rule: dict[str, Alert] = {}
    for _id, alert in sorted(exercise.alerts, key=_event_order):
        first_by_rule.setdefault(alert.rule_id, alert)
    expected = {rule.id for rule in plan.expected_rules}
    fired = [
        _fired(rule.id, rule.title, first_by_rule[rule.id], start, rule.controls)
        for rule in plan.expected_rules
        if rule.id in first_by_rule
    ]
    silent = [
        {"rule_id": r.id, "title": r.title, "what": r.what.model_dump(), "controls": r.controls}
        for r in plan.expected_rules
        if r.id not in first_by_rule
    ]
    others = [
        _fired(rule_id, alert.rule_title, alert, start, [])
        for rule_id, alert in first_by_rule.items()
        if rule_id not in expected
    ]
    return {
        "fired": fired,
        "silent": silent,
        "other_alerts": others,
        "time_to_detect_s": seconds(start, exercise.detected_at),
        "time_to_incident_s": seconds(start, exercise.incident_at),
    }


def _fired(
    rule_id: str, title: str, alert: Alert, start: datetime, controls: list[str]
) -> dict[str, Any]:
    return {
        "rule_id": rule_id,
        "title": title,
        "severity": alert.severity,
        "event_time": alert.event_time.isoformat() if alert.event_time else None,
        "after_first_encryption_s": seconds(start, alert.event_time),
        "controls": controls,
    }
