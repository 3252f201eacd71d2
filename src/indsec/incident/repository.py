"""Incidents and their timelines in the store; every change appends a timeline action and an
entry in the audit log, in the same transaction."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from indsec.identity import service as identity
from indsec.incident.facts import Facts, Incident, TimelineEntry
from indsec.model.identity import Actor
from indsec.store.database import Store
from indsec.store.moments import aware, optional_aware
from indsec.store.rows import from_row, row_or_missing
from indsec.store.tables import IncidentEventRow, IncidentRow


@dataclass(frozen=True)
class NewIncident:
    """What opening an incident records."""

    title: str
    scenario: str | None
    alert_id: int | None
    occurred_at: datetime | None
    detected_at: datetime
    tier: str
    decided_by: list[str]
    facts: Facts


class IncidentRepository:
    def __init__(self, store: Store) -> None:
        self.store = store

    def add(self, new: NewIncident, actor: Actor, detail: str) -> int:
        """Store a new open incident and its ``opened`` action; its id."""
        row = IncidentRow(
            title=new.title,
            scenario=new.scenario,
            alert_id=new.alert_id,
            occurred_at=new.occurred_at.astimezone(UTC) if new.occurred_at else None,
            detected_at=new.detected_at.astimezone(UTC),
            status="open",
            tier=new.tier,
            decided_by=new.decided_by,
            facts=new.facts.model_dump(mode="json"),
        )
        with self.store.session() as session:
            session.add(row)
            session.flush()
            _event(session, row.id, actor.name, "opened", detail)
            _audit(session, actor, "incident.open", row.id, {"tier": new.tier, "how": detail})
            return row.id

    def one(self, incident_id: int) -> Incident:
        with self.store.session() as session:
            return _incident_of(session, _row(session, incident_id))

    def all(self, *, tier: str | None = None, status: str | None = None) -> list[Incident]:
        """Every incident (optionally of one tier or status), newest detection first.

        Two queries whatever the count: the incidents, then all their timelines (joined on the
        same filter, never a list of ids a database may cap).
        """
        kept = [IncidentRow.tier == tier] if tier is not None else []
        kept += [IncidentRow.status == status] if status is not None else []
        query = select(IncidentRow).where(*kept)
        events_query = (
            select(IncidentEventRow)
            .join(IncidentRow, IncidentRow.id == IncidentEventRow.incident_id)
            .where(*kept)
            .order_by(IncidentEventRow.id)
        )
        with self.store.session() as session:
            rows = list(
                session.scalars(
                    query.order_by(IncidentRow.detected_at.desc(), IncidentRow.id.desc())
                )
            )
            by_incident: dict[int, list[IncidentEventRow]] = {r.id: [] for r in rows}
            for event in session.scalars(events_query):
                by_incident[event.incident_id].append(event)
            return [_incident(row, by_incident[row.id]) for row in rows]

    def change(self, incident_id: int, change: IncidentChange, actor: Actor) -> Incident:
        """Apply ``change`` and append one action per thing that changed."""
        with self.store.session() as session:
            row = _row(session, incident_id)
            _audit(session, actor, f"incident.{change.kind}", incident_id, change.audited())
            if change.facts is not None:
                row.facts = change.facts.model_dump(mode="json")
                _event(session, row.id, actor.name, "facts", change.facts_detail)
            decided = (change.tier, list(change.decided_by))
            if change.tier is not None and decided != (row.tier, row.decided_by):
                row.tier, row.decided_by = change.tier, list(change.decided_by)
                _event(session, row.id, actor.name, "classified", f"{change.tier}: {change.why}")
            if change.action is not None:
                _event(session, row.id, actor.name, change.action, change.note)
            if change.close:
                row.status = "closed"
                _event(session, row.id, actor.name, "closed", change.note)
            session.flush()
            return _incident_of(session, row)


@dataclass(frozen=True)
class IncidentChange:
    """What an update carries: new facts, a new decision, an action or note, closing."""

    facts: Facts | None = None
    facts_detail: str = ""
    tier: str | None = None
    decided_by: tuple[str, ...] = ()
    why: str = ""
    action: str | None = None
    note: str = ""
    close: bool = False

    @property
    def kind(self) -> str:
        """What the audit log calls this change."""
        if self.close:
            return "close"
        return self.action or ("update" if self.facts is not None else "classify")

    def audited(self) -> dict[str, str]:
        detail = {"facts": self.facts_detail, "tier": self.tier or "", "note": self.note[:200]}
        return {k: v for k, v in detail.items() if v}


def _audit(
    session: Session, actor: Actor, action: str, incident_id: int, detail: dict[str, str]
) -> None:
    identity.append_audit(
        session, actor=actor, action=action, target=f"incident:{incident_id}", detail=detail
    )


def _row(session: Session, incident_id: int) -> IncidentRow:
    return row_or_missing(session, IncidentRow, incident_id, f"incident {incident_id}")


def _event(session: Session, incident_id: int, actor: str, action: str, detail: str) -> None:
    session.add(
        IncidentEventRow(
            incident_id=incident_id, at=datetime.now(UTC), actor=actor, action=action, detail=detail
        )
    )


def _incident_of(session: Session, row: IncidentRow) -> Incident:
    events = session.scalars(
        select(IncidentEventRow)
        .where(IncidentEventRow.incident_id == row.id)
        .order_by(IncidentEventRow.id)
    )
    return _incident(row, list(events))


def _incident(row: IncidentRow, events: list[IncidentEventRow]) -> Incident:
    """The incident of ``row`` with ``events`` (its own, oldest first) as its timeline."""
    return from_row(
        Incident,
        row,
        occurred_at=optional_aware(row.occurred_at),
        detected_at=aware(row.detected_at),
        decided_by=list(row.decided_by),
        facts=Facts.model_validate(row.facts),
        timeline=[TimelineEntry(aware(e.at), e.actor, e.action, e.detail) for e in events],
    )
