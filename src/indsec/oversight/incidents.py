"""Incidents escalated to the supervision instance: received, kept, listed by tier with their
deadlines for the regulators whose jurisdiction holds the enterprise.

One row per (enterprise, its incident number): a re-escalation (a follow-up or final report
made since) replaces the document and counts a version; the same content again is recognised
by its digest and changes nothing, so a retried send never duplicates.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from indsec.app import AppContext
from indsec.errors import NotFoundError
from indsec.identity import service as identity
from indsec.model.identity import Actor, Principal
from indsec.oversight.documents import Escalation, validated
from indsec.oversight.receipts import Receipt, keep, sender, sent_before
from indsec.store.moments import aware, optional_aware
from indsec.store.rows import from_row
from indsec.store.tables import ReceivedIncidentRow
from indsec.supervision import service as supervision


@dataclass(frozen=True, slots=True)
class Deadline:
    kind: str
    due: datetime
    reported_at: datetime | None
    needs_review: bool

    def overdue(self, now: datetime) -> bool:
        return self.reported_at is None and now > self.due


@dataclass(frozen=True, slots=True)
class ReceivedIncident:
    """An escalated incident as a regulator sees it."""

    id: int
    uscc: str
    enterprise_name: str
    region_code: str
    source_id: int
    title: str
    scenario: str | None
    tier: str
    tier_rank: int
    tier_names: dict[str, str]
    status: str
    detected_at: datetime
    next_due: datetime | None
    deadlines: list[Deadline]
    version: int
    received_at: datetime
    document: dict[str, Any]

    def overdue(self, now: datetime) -> bool:
        return any(d.overdue(now) for d in self.deadlines)


def digest(document: dict[str, Any]) -> str:
    """SHA-256 of the document's content, without when it was prepared."""
    content = {k: v for k, v in document.items() if k != "prepared_at"}
    text = json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _next_due(escalation: Escalation) -> datetime | None:
    pending = [d.due for d in escalation.deadlines if d.reported_at is None]
    return min(pending).astimezone(UTC) if pending else None


def _fill(
    row: ReceivedIncidentRow, escalation: Escalation, raw: dict[str, Any], now: datetime
) -> None:
    incident, tier = escalation.incident, escalation.tier
    row.received_at = now
    row.title, row.scenario, row.status = incident.title, incident.scenario, incident.status
    row.tier, row.tier_rank, row.tier_zh, row.tier_en = tier.id, tier.rank, tier.zh, tier.en
    row.detected_at = incident.detected_at.astimezone(UTC)
    row.next_due = _next_due(escalation)
    row.deadlines = [d.model_dump(mode="json") for d in escalation.deadlines]
    row.document = raw


def receive(*, app: AppContext, actor: Actor, principal: Principal, raw: dict[str, Any]) -> Receipt:
    """Keep an escalation from the enterprise officer ``principal`` (its own enterprise only)."""
    escalation = validated(Escalation, raw, "incident escalation")
    tenant = supervision.filer_tenant(app=app, principal=principal, uscc=escalation.enterprise.uscc)
    content = digest(raw)
    now = datetime.now(UTC)
    with app.store().session() as session:
        found = sent_before(session, ReceivedIncidentRow, tenant, source_id=escalation.incident.id)
        return keep(
            session,
            found,
            content,
            new=lambda: ReceivedIncidentRow(
                **sender(tenant),
                source_id=escalation.incident.id,
                version=0,
                first_received_at=now,
            ),
            fill=lambda row: _fill(row, escalation, raw, now),
            audit=lambda session, row: _audit(session, actor, row),
        )


def _audit(session: Session, actor: Actor, row: ReceivedIncidentRow) -> None:
    identity.append_audit(
        session,
        actor=actor,
        action="incident.receive",
        target=f"received_incident:{row.id}",
        detail={
            "uscc": row.uscc,
            "incident": str(row.source_id),
            "tier": row.tier,
            "version": str(row.version),
        },
    )


def _shown(row: ReceivedIncidentRow) -> ReceivedIncident:
    deadlines = [
        Deadline(
            d["kind"],
            datetime.fromisoformat(d["due"]),
            datetime.fromisoformat(d["reported_at"]) if d.get("reported_at") else None,
            bool(d.get("needs_review")),
        )
        for d in row.deadlines
    ]
    return from_row(
        ReceivedIncident,
        row,
        tier_names={"zh": row.tier_zh, "en": row.tier_en},
        detected_at=aware(row.detected_at),
        next_due=optional_aware(row.next_due),
        deadlines=deadlines,
        received_at=aware(row.received_at),
    )


def listed(
    *, app: AppContext, principal: Principal, tier: str | None = None, limit: int = 1000
) -> list[ReceivedIncident]:
    """The jurisdiction's incidents, the earliest deadline still open first (so the overdue
    lead), then those with every report made, most severe tier first."""
    prefix = identity.jurisdiction_prefix(principal)
    query = select(ReceivedIncidentRow).where(ReceivedIncidentRow.region_code.startswith(prefix))
    if tier:
        query = query.where(ReceivedIncidentRow.tier == tier)
    query = query.order_by(
        ReceivedIncidentRow.next_due.is_(None),
        ReceivedIncidentRow.next_due,
        ReceivedIncidentRow.tier_rank,
        ReceivedIncidentRow.id.desc(),
    ).limit(limit)
    with app.store().session() as session:
        return [_shown(row) for row in session.scalars(query)]


def one(*, app: AppContext, principal: Principal, received_id: int) -> ReceivedIncident:
    """One escalated incident, if the regulator's jurisdiction holds the enterprise."""
    with app.store().session() as session:
        row = session.get(ReceivedIncidentRow, received_id)
        if row is None or not (
            principal.role.is_regulator and identity.in_jurisdiction(principal, row.region_code)
        ):
            raise NotFoundError(f"no incident {received_id} you may see")
        return _shown(row)
