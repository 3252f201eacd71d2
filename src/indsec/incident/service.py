"""Incident use cases: open (by hand or from an alert), classify, update, report, escalate.

The door of the incident feature for the CLI, the server and other features. Times a caller
gives without a zone are the plant's (``[site] timezone``); ``now`` is passed in wherever a clock
is read, so the timers' states are the same for a test as for a regulator.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import ValidationError

from indsec.app import AppContext
from indsec.detect import service as detect
from indsec.errors import IncidentError
from indsec.incident import documents
from indsec.incident.clock import Timer, timers
from indsec.incident.facts import AffectedAsset, Facts, Incident, TimelineEntry
from indsec.incident.forms import FORMATS, FORMS, check_choice, label, render
from indsec.incident.repository import IncidentChange, IncidentRepository, NewIncident
from indsec.incident.tier_pack import Decision, IncidentTierPack
from indsec.model.identity import Actor

__all__ = [
    "FORMATS",
    "FORMS",
    "AffectedAsset",
    "Decision",
    "Facts",
    "Incident",
    "TimelineEntry",
    "Timer",
    "annual_summary",
    "classify_incident",
    "escalation_document",
    "facts_with",
    "incident_report",
    "incident_timers",
    "label",
    "list_incidents",
    "open_from_alert",
    "open_incident",
    "parse_facts",
    "render_report",
    "show_incident",
    "tier_name",
    "update_incident",
]


def _pack(app: AppContext) -> IncidentTierPack:
    return app.packs.one(IncidentTierPack)


def _repository(app: AppContext, *, existing: bool = False) -> IncidentRepository:
    return IncidentRepository(app.store(existing=existing))


def parse_facts(data: dict[str, Any]) -> Facts:
    """Facts from a mapping, every invalid field named with why (masked as they validate)."""
    try:
        return Facts.model_validate(data)
    except ValidationError as exc:
        reasons = "; ".join(
            f"{'.'.join(str(p) for p in e['loc']) or 'facts'}: {e['msg']}" for e in exc.errors()
        )
        raise IncidentError(f"invalid incident facts: {reasons}") from exc


def facts_with(
    base: Facts, values: dict[str, str] | None = None, assets: list[AffectedAsset] | None = None
) -> Facts:
    """``base`` with ``values`` set (``key=value``, dotted for ``ransom.*``) and ``assets``
    added, validated whole: nothing is stored until the result is valid."""
    data = base.model_dump(mode="json")
    for key, value in (values or {}).items():
        documents.set_dotted(data, key, value)
    data["assets"] = [*data["assets"], *(a.model_dump(mode="json") for a in assets or [])]
    return parse_facts(data)


def _decide(app: AppContext, facts: Facts) -> Decision:
    pack = _pack(app)
    threats = [t.id for t in pack.threat_levels]
    if facts.threat not in threats:
        raise IncidentError(f"unknown threat '{facts.threat}' (one of: {', '.join(threats)})")
    return pack.classify(facts.tier_facts())


def _local(app: AppContext, moment: datetime | None) -> datetime:
    """``moment`` with the plant's zone when it has none; now when not given."""
    if moment is None:
        return datetime.now(app.site_policy.zone)
    return moment if moment.tzinfo else moment.replace(tzinfo=app.site_policy.zone)


def _require_scenario(app: AppContext, scenario: str | None) -> None:
    known = detect.scenario_names(app=app, lang="en")
    if scenario is not None and scenario not in known:
        raise IncidentError(f"unknown scenario '{scenario}' (one of: {', '.join(known)})")


def open_incident(
    *,
    app: AppContext,
    actor: Actor,
    title: str,
    facts: Facts,
    scenario: str | None = None,
    detected_at: datetime | None = None,
    occurred_at: datetime | None = None,
    alert_id: int | None = None,
) -> Incident:
    """Open an incident, classified at once so its report clocks start at detection."""
    if not title.strip():
        raise IncidentError("an incident needs a title")
    _require_scenario(app, scenario)
    decision = _decide(app, facts)
    new = NewIncident(
        title=title.strip(),
        scenario=scenario,
        alert_id=alert_id,
        occurred_at=None if occurred_at is None else _local(app, occurred_at),
        detected_at=_local(app, detected_at),
        tier=decision.tier.id,
        decided_by=[h.id for h in decision.rules],
        facts=facts,
    )
    detail = f"from alert {alert_id}" if alert_id is not None else "by hand"
    incident_id = _repository(app).add(new, actor.name, detail)
    return _repository(app).one(incident_id)


def open_from_alert(
    *,
    app: AppContext,
    actor: Actor,
    alert_id: int,
    title: str | None = None,
    detected_at: datetime | None = None,
    facts: Facts | None = None,
) -> Incident:
    """An incident from a stored alert: its asset and grade, scenario and event time, plus
    what ``facts`` already says."""
    alert = detect.show_alert(app=app, alert_id=alert_id)
    found = []
    if alert.asset is not None:
        asset = alert.asset
        found.append(AffectedAsset(key=asset.key, name=asset.name, grade=asset.grade))
    return open_incident(
        app=app,
        actor=actor,
        title=title or alert.rule_title,
        facts=facts_with(facts or Facts(), assets=found),
        scenario=alert.scenario,
        detected_at=detected_at,
        occurred_at=alert.event_time,
        alert_id=alert_id,
    )


def show_incident(*, app: AppContext, incident_id: int) -> Incident:
    return _repository(app, existing=True).one(incident_id)


def tier_name(*, app: AppContext, tier: str, lang: str) -> str:
    return _pack(app).tier(tier).names.get(lang)


def list_incidents(
    *, app: AppContext, tier: str | None = None, status: str | None = None
) -> list[Incident]:
    """Incidents, newest first; ``tier`` must be one of the pack's."""
    if tier is not None:
        check_choice(tier, tuple(t.id for t in _pack(app).tiers), "tier")
    return _repository(app, existing=True).all(tier=tier, status=status)


def classify_incident(*, app: AppContext, actor: Actor, incident_id: int) -> Decision:
    """Re-apply the tier pack (it may have been edited); a changed tier goes on the timeline."""
    incident = show_incident(app=app, incident_id=incident_id)
    decision = _decide(app, incident.facts)
    _repository(app).change(incident_id, _decided(decision), actor.name)
    return decision


def _decided(decision: Decision, **fields: Any) -> IncidentChange:
    rules = tuple(h.id for h in decision.rules)
    why = ", ".join(rules) or "no threshold reached"
    return IncidentChange(tier=decision.tier.id, decided_by=rules, why=why, **fields)


def update_incident(
    *,
    app: AppContext,
    actor: Actor,
    incident_id: int,
    values: dict[str, str] | None = None,
    assets: list[AffectedAsset] | None = None,
    note: str = "",
    close: bool = False,
) -> Incident:
    """Change facts (``key=value``, dotted for ``ransom.*``), add assets, note, or close.

    The facts are validated whole before anything is stored and the tier re-decided with them.
    """
    incident = show_incident(app=app, incident_id=incident_id)
    if incident.status == "closed":
        raise IncidentError(f"incident {incident_id} is closed")
    facts = facts_with(incident.facts, values, assets)
    decision = _decide(app, facts)
    changed = sorted({*(values or {}), *(["assets"] if assets else [])})
    change = _decided(
        decision,
        facts=facts if changed else None,
        facts_detail=", ".join(changed),
        action="note" if note and not close else None,
        note=note,
        close=close,
    )
    return _repository(app).change(incident_id, change, actor.name)


def incident_timers(*, app: AppContext, incident: Incident, now: datetime) -> list[Timer]:
    """The initial, follow-up and final report clocks of ``incident`` at ``now``."""
    return timers(incident, _pack(app).tier(incident.tier), app.site_policy.zone, now)


def incident_report(
    *,
    app: AppContext,
    actor: Actor,
    incident_id: int,
    form: str,
    lang: str,
    record: bool = True,
    now: datetime | None = None,
) -> dict[str, Any]:
    """The ``form`` report on an incident, clocks read at ``now``; recording it stops that
    report's clock."""
    check_choice(form, FORMS[:-1], "report form")
    incident = show_incident(app=app, incident_id=incident_id)
    if record and incident.reported_at(form) is None:
        change = IncidentChange(action=f"report:{form}", note=f"{form} report made")
        incident = _repository(app).change(incident_id, change, actor.name)
    view = documents.View(app, _pack(app), lang, _local(app, now))
    return view.incident_form(incident, form)


def annual_summary(
    *, app: AppContext, year: int, lang: str, now: datetime | None = None
) -> dict[str, Any]:
    """The annual incident summary of ``year`` for the local regulator (drills left out)."""
    incidents = [
        i
        for i in list_incidents(app=app)
        if i.detected_at.astimezone(app.site_policy.zone).year == year and not i.facts.drill
    ]
    view = documents.View(app, _pack(app), lang, _local(app, now))
    return view.annual(year, incidents)


def render_report(document: dict[str, Any], *, fmt: str, lang: str) -> str:
    """A report document as JSON, Markdown or HTML."""
    check_choice(fmt, FORMATS, "format")
    if fmt == "json":
        return documents.as_json(document)
    return render(document, fmt, lang)


def escalation_document(*, app: AppContext, incident_id: int, now: datetime) -> dict[str, Any]:
    """What a supervision instance receives about an incident: enterprise, tier, clocks, reports.

    Submitting it over HTTP is the filing-submission client's job; this prepares the document.
    """
    incident = show_incident(app=app, incident_id=incident_id)
    if incident.facts.drill:
        raise IncidentError(f"incident {incident_id} was opened by a drill; drills never escalate")
    view = documents.View(app, _pack(app), "zh", now)
    return view.escalation(incident)
