"""Drill use cases: the ransomware drill in a sandbox, its restore, tabletop drills, the list.

The door of the drill feature for the CLI, the server and other features (the demo).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from indsec.app import AppContext
from indsec.catalogue.service import catalogue_view
from indsec.drill import report
from indsec.drill.decoys import decoy_shapes
from indsec.drill.exercise import Exercise, detect_and_respond, findings
from indsec.drill.plan_pack import DrillPlanPack, RansomwarePlan
from indsec.drill.repository import DrillRecord, DrillRepository
from indsec.drill.sandbox import Sandbox, forbidden_places
from indsec.drill.simulate import Restored, Simulation, encrypt, restore
from indsec.drill.tabletop import TabletopInput, tabletop_file, tabletop_input
from indsec.errors import DrillError, NotFoundError
from indsec.model import ClassifiedAsset
from indsec.model.identity import Actor

__all__ = [
    "DrillRecord",
    "DrillRun",
    "Restored",
    "TabletopInput",
    "drill_markdown",
    "label",
    "list_drills",
    "record_tabletop",
    "restore_drill",
    "run_ransomware_drill",
    "show_drill",
    "tabletop_file",
    "tabletop_input",
    "write_drill_report",
]

KINDS = ("ransomware", "tabletop")


@dataclass(frozen=True)
class DrillRun:
    """A stored ransomware drill and the report files written for it."""

    record: DrillRecord
    reports: list[Path]


def _plan(app: AppContext) -> DrillPlanPack:
    return app.packs.one(DrillPlanPack)


def _catalogue(app: AppContext) -> tuple[list[ClassifiedAsset], list[str]]:
    """The current catalogue's assets and the sources it was scanned from (none yet: empty)."""
    try:
        version, assets = catalogue_view(app=app)
    except NotFoundError:
        return [], []
    return assets, version.sources


def _sandbox(app: AppContext, given: Path, sources: list[str], *, new: bool) -> Sandbox:
    forbidden = forbidden_places(data_dir=app.settings.home, sources=sources)
    return Sandbox.claim(given, forbidden) if new else Sandbox.existing(given, forbidden)


def run_ransomware_drill(
    *, app: AppContext, actor: Actor, sandbox: Path, out_dir: Path | None = None
) -> DrillRun:
    """Decoys shaped like the graded files, a simulated encryption of them in ``sandbox``,
    detection through the real engine, a drill incident, a stored report (written to
    ``out_dir`` as JSON and Markdown when given). Nothing outside the sandbox is touched."""
    plan = _plan(app).ransomware
    assets, sources = _catalogue(app)
    place = _sandbox(app, sandbox, sources, new=True)
    shapes = decoy_shapes(
        assets, count=plan.decoy_count, max_bytes=app.settings.drill_max_decoy_bytes
    )
    simulation = encrypt(
        place,
        shapes,
        suffix=plan.locked_suffix,
        note_name=plan.note_name,
        command=plan.shadow_command,
    )
    telemetry = place.path(simulation.telemetry)
    exercise = detect_and_respond(
        app=app,
        actor=actor,
        simulation=simulation,
        logs=[place.regular_file(log) for log in simulation.logs],
        threat=plan.incident_threat,
    )
    document = _ransomware_document(plan, place, simulation, exercise, telemetry)
    record = _store(app, actor, "ransomware", simulation.started_at, document, place.root)
    written = report.write_reports(record.document, out_dir) if out_dir else []
    return DrillRun(record, written)


def _ransomware_document(
    plan: RansomwarePlan,
    place: Sandbox,
    simulation: Simulation,
    exercise: Exercise,
    telemetry: Path,
) -> dict[str, Any]:
    """The drill's report: what was simulated, what fired and when, and the two times."""
    return {
        "kind": "ransomware",
        "scenario": "ransomware",
        "drill": simulation.drill,
        "sandbox": str(place.root),
        "held_at": simulation.started_at.isoformat(),
        "first_encryption": simulation.first_encryption.isoformat(),
        "decoys": _decoys(simulation),
        "telemetry": {"folder": str(telemetry), "events": exercise.events},
        "shadow_command": {"command_line": plan.shadow_command, "executed": False},
        "detection_run": exercise.run_id,
        "incident": exercise.incident_id,
        **findings(plan, simulation, exercise),
        "controls_exercised": plan.controls,
        "warnings": exercise.warnings,
    }


def _decoys(simulation: Simulation) -> dict[str, Any]:
    like = sum(1 for d in simulation.decoys if d.like is not None)
    return {"count": len(simulation.decoys), "like": like, "note": simulation.note}


def _store(
    app: AppContext,
    actor: Actor,
    kind: str,
    held_at: datetime,
    document: dict[str, Any],
    sandbox: Path | None = None,
) -> DrillRecord:
    incident = document.get("incident")
    new = DrillRecord(
        id=0,
        kind=kind,
        scenario=str(document["scenario"]),
        held_at=held_at,
        actor=actor.name,
        sandbox=None if sandbox is None else str(sandbox),
        incident_id=incident if isinstance(incident, int) else None,
        document=document,
    )
    repository = DrillRepository(app.store())
    return repository.one(repository.add(new))


def restore_drill(*, app: AppContext, sandbox: Path) -> list[Restored]:
    """Undo the last drill in ``sandbox``: every decoy back, checked by digest; note removed."""
    _assets, sources = _catalogue(app)
    return restore(_sandbox(app, sandbox, sources, new=False))


def record_tabletop(*, app: AppContext, actor: Actor, drill: TabletopInput) -> DrillRecord:
    """Store a tabletop drill of one of the pack's scenarios, with its injects and controls."""
    pack = _plan(app)
    plan = pack.tabletop_plan(drill.scenario)
    if plan is None:
        known = ", ".join(t.scenario for t in pack.tabletop)
        raise DrillError(f"no tabletop drill for scenario '{drill.scenario}' (one of: {known})")
    held_at = drill.held_at or datetime.now(app.site_policy.zone)
    if held_at.tzinfo is None:
        held_at = held_at.replace(tzinfo=app.site_policy.zone)
    document: dict[str, Any] = {
        "kind": "tabletop",
        "scenario": drill.scenario,
        "held_at": held_at.isoformat(),
        "participants": drill.participants,
        "injects": [i.model_dump() for i in plan.injects],
        "findings": drill.findings,
        "notes": drill.notes,
        "controls_exercised": plan.controls,
    }
    return _store(app, actor, "tabletop", held_at, document)


def list_drills(*, app: AppContext, kind: str | None = None) -> list[DrillRecord]:
    """Drills of both kinds (or one), newest first."""
    if kind is not None and kind not in KINDS:
        raise DrillError(f"unknown drill kind '{kind}' (one of: {', '.join(KINDS)})")
    return DrillRepository(app.store()).all(kind=kind)


def show_drill(*, app: AppContext, drill_id: int) -> DrillRecord:
    return DrillRepository(app.store(existing=True)).one(drill_id)


def label(key: str, lang: str) -> str:
    """A drill heading (``id``, ``kind``, ``held_at``, ``time_to_detect_s``…) in ``lang``."""
    return report.label(key, lang)


def drill_markdown(*, record: DrillRecord, lang: str) -> str:
    return report.markdown(record.document, lang)


def write_drill_report(*, record: DrillRecord, out_dir: Path) -> list[Path]:
    return report.write_reports(record.document, out_dir)
