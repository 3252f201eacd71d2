"""The documents built from incidents: report forms, the annual summary and the escalation.

Built once as JSON-ready dicts in one place, so a form shown to the enterprise, the same form in
an escalation and its Markdown/HTML rendering hold the same fields.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from indsec.app import AppContext
from indsec.classify.masking import mask_ends
from indsec.errors import IncidentError
from indsec.incident.clock import timers
from indsec.incident.facts import Incident
from indsec.incident.tier_pack import IncidentTierPack

ESCALATION_SCHEMA = "indsec.incident-escalation/1"


def set_dotted(data: dict[str, Any], key: str, value: str | None) -> None:
    """``data[key] = value`` where ``key`` may be ``ransom.amount``; unknown keys are errors."""
    head, _, rest = key.partition(".")
    if head not in data or (rest and not isinstance(data[head], dict)):
        raise IncidentError(f"unknown incident fact '{key}'")
    if rest:
        set_dotted(data[head], rest, value)
    else:
        data[head] = value


def as_json(document: dict[str, Any]) -> str:
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


@dataclass(frozen=True)
class View:
    """Documents in ``lang`` with times in the plant's zone and clocks read at ``now``."""

    app: AppContext
    pack: IncidentTierPack
    lang: str
    now: datetime

    def _time(self, moment: datetime | None) -> str | None:
        if moment is None:
            return None
        return moment.astimezone(self.app.site_policy.zone).isoformat(timespec="seconds")

    def enterprise(self) -> dict[str, Any]:
        p = self.app.profile
        contact = mask_ends(p.officer_contact, 3, 4) if p.officer_contact else ""
        return {
            "name": p.name,
            "uscc": p.uscc,
            "province": p.province,
            "city": p.city,
            "officer": p.data_security_officer,
            "contact": contact,
        }

    def incident(self, incident: Incident) -> dict[str, Any]:
        tier = self.pack.tier(incident.tier)
        reviewed = [h.needs_review for h in tier.thresholds if h.id in incident.decided_by]
        return {
            "id": incident.id,
            "title": incident.title,
            "scenario": incident.scenario,
            "occurred_at": self._time(incident.occurred_at),
            "detected_at": self._time(incident.detected_at),
            "status": incident.status,
            "tier": tier.names.get(self.lang),
            "decided_by": incident.decided_by,
            "tier_needs_review": any(reviewed),
        }

    def timers(self, incident: Incident) -> list[dict[str, Any]]:
        zone = self.app.site_policy.zone
        tier = self.pack.tier(incident.tier)
        found = timers(incident, tier, zone, self.app.work_calendar, self.now)
        return [
            {**t.as_json(), "due": self._time(t.due), "reported_at": self._time(t.reported_at)}
            for t in found
        ]

    def incident_form(self, incident: Incident, form: str) -> dict[str, Any]:
        """An initial, follow-up or final report: enterprise, incident, facts, ransom, clocks."""
        facts = incident.facts.model_dump(mode="json", exclude={"assets", "ransom"})
        document: dict[str, Any] = {
            "form": form,
            "enterprise": self.enterprise(),
            "incident": self.incident(incident),
            "facts": facts,
            "ransom": incident.facts.ransom.model_dump(mode="json"),
            "assets": [a.model_dump(mode="json") for a in incident.facts.assets],
            "timers": self.timers(incident),
        }
        if form != "initial":
            document["timeline"] = [
                {"at": self._time(e.at), "actor": e.actor, "action": e.action, "detail": e.detail}
                for e in incident.timeline
            ]
        return document

    def annual(self, year: int, incidents: list[Incident]) -> dict[str, Any]:
        """The year's incidents by tier and scenario, each with its late or overdue reports."""
        names = {t.id: t.names.get(self.lang) for t in self.pack.tiers}
        by_tier = Counter(i.tier for i in incidents)
        return {
            "form": "annual",
            "enterprise": self.enterprise(),
            "year": year,
            "due_date": self.pack.annual_summary.due(year).isoformat(),
            "by_tier": {names[t]: by_tier.get(t, 0) for t in names},
            "by_scenario": dict(Counter(i.scenario or "other" for i in incidents)),
            "incidents": [self._annual_row(i) for i in incidents],
        }

    def _annual_row(self, incident: Incident) -> dict[str, Any]:
        late = [t for t in self.timers(incident) if t["state"] in ("late", "overdue")]
        return {
            "id": incident.id,
            "title": incident.title,
            "tier": self.pack.tier(incident.tier).names.get(self.lang),
            "detected_at": self._time(incident.detected_at),
            "status": incident.status,
            "reports_late": len(late),
        }

    def escalation(self, incident: Incident) -> dict[str, Any]:
        """The document a supervision instance receives: who, which tier, clocks, reports."""
        tier = self.pack.tier(incident.tier)
        reports = [
            self.incident_form(incident, form)
            for form in ("initial", "follow_up", "final")
            if incident.reported_at(form) is not None
        ]
        return {
            "schema": ESCALATION_SCHEMA,
            "prepared_at": self._time(self.now),
            "tier_pack": {"id": self.pack.pack.id, "version": self.pack.pack.version},
            "enterprise": self.enterprise(),
            "tier": {
                "id": tier.id,
                "zh": tier.names.zh,
                "en": tier.names.en,
                "rank": self.pack.tiers.index(tier),
            },
            "incident": self.incident(incident),
            "deadlines": self.timers(incident),
            "reports": reports,
        }
