"""Alert triage: an alert is open until a person acknowledges or closes it, with a note.

The steps are open → acknowledged → closed, or open → closed; closed is final, so a closed
alert is never acknowledged again. Every step needs a note saying why, is kept in the
alert's history, and is written to the audit log in the same transaction as the state.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from indsec.detect.repository import DRILL
from indsec.errors import AlertStateError
from indsec.identity.service import append_audit
from indsec.model import ClassifiedAsset
from indsec.model.alert import Alert
from indsec.model.identity import Actor
from indsec.store.database import Store
from indsec.store.moments import aware
from indsec.store.rows import row_or_missing
from indsec.store.tables import AlertRow, AlertStateEventRow, AlertStateRow, DetectionRunRow

OPEN, ACKNOWLEDGED, CLOSED = "open", "acknowledged", "closed"
STATES = (OPEN, ACKNOWLEDGED, CLOSED)
NEXT = {OPEN: (ACKNOWLEDGED, CLOSED), ACKNOWLEDGED: (CLOSED,), CLOSED: ()}
"""The steps each state allows."""
MAX_NOTE = 2000


@dataclass(frozen=True, slots=True)
class AlertFilter:
    """What a list of alerts keeps; ``None`` keeps all."""

    scenario: str | None = None
    severity: str | None = None
    grade: str | None = None
    state: str | None = None
    run_id: int | None = None


@dataclass(frozen=True, slots=True)
class StoredAlert:
    """An alert with its id, its run and its triage state."""

    id: int
    run_id: int
    state: str
    alert: Alert


@dataclass(frozen=True, slots=True)
class StateStep:
    """One triage step: the state entered, who, when, and the note."""

    at: datetime
    actor: str
    state: str
    note: str


@dataclass(frozen=True)
class AlertPage:
    """One page of a filtered alert list, and how many alerts match in all."""

    alerts: list[StoredAlert]
    total: int
    page: int
    size: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.size))


@dataclass(frozen=True)
class AlertView:
    """An alert as a screen shows it: event fields masked where sensitive, its triage history,
    and the catalogue asset it touched with the grade's rationale (None when the asset is no
    longer in the current catalogue, or the alert touched none)."""

    stored: StoredAlert
    details: dict[str, object]
    history: list[StateStep]
    asset: ClassifiedAsset | None


def _current(state: str | None) -> str:
    return state or OPEN


def _filtered(query: Select[Any], kept: AlertFilter) -> Select[Any]:
    query = query.outerjoin(AlertStateRow, AlertStateRow.alert_id == AlertRow.id)
    if kept.run_id is None:  # a drill's alerts are shown only when its run is asked for
        drills = select(DetectionRunRow.id).where(DetectionRunRow.status == DRILL)
        query = query.where(AlertRow.run_id.not_in(drills))
    for column, value in (
        (AlertRow.scenario, kept.scenario),
        (AlertRow.severity, kept.severity),
        (AlertRow.asset_grade, kept.grade),
        (AlertRow.run_id, kept.run_id),
    ):
        if value is not None:
            query = query.where(column == value)
    if kept.state == OPEN:
        query = query.where(AlertStateRow.state.is_(None))
    elif kept.state is not None:
        query = query.where(AlertStateRow.state == kept.state)
    return query


class TriageRepository:
    """Alerts with their states: filtered and paged lists, history, and the steps."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def page(self, kept: AlertFilter, *, offset: int, limit: int) -> tuple[list[StoredAlert], int]:
        """``limit`` alerts from ``offset``, newest first, and how many match in all."""
        columns = select(AlertRow.id, AlertRow.run_id, AlertStateRow.state, AlertRow.document)
        query = _filtered(columns, kept).order_by(AlertRow.id.desc())
        counted = _filtered(select(func.count(AlertRow.id)), kept)
        with self.store.session() as session:
            total = int(session.scalar(counted) or 0)
            rows = session.execute(query.offset(offset).limit(limit)).all()
            found = [
                StoredAlert(
                    row.id, row.run_id, _current(row.state), Alert.model_validate(row.document)
                )
                for row in rows
            ]
            return found, total

    def one(self, alert_id: int) -> tuple[StoredAlert, list[StateStep]]:
        """An alert and its triage history, oldest step first."""
        with self.store.session() as session:
            row = self._alert(session, alert_id)
            state = session.get(AlertStateRow, alert_id)
            steps = session.scalars(
                select(AlertStateEventRow)
                .where(AlertStateEventRow.alert_id == alert_id)
                .order_by(AlertStateEventRow.id)
            )
            history = [StateStep(aware(s.at), s.actor, s.state, s.note) for s in steps]
            stored = StoredAlert(
                row.id,
                row.run_id,
                _current(state.state if state else None),
                Alert.model_validate(row.document),
            )
            return stored, history

    def _alert(self, session: Session, alert_id: int) -> AlertRow:
        return row_or_missing(
            session, AlertRow, alert_id, f"alert {alert_id} in {self.store.where}"
        )

    def move(self, alert_id: int, *, to: str, note: str, actor: Actor) -> StateStep:
        """Take one triage step; refused with the reason when the state does not allow it."""
        text = _checked_note(note)
        with self.store.session() as session:
            self._alert(session, alert_id)
            state = session.get(AlertStateRow, alert_id)
            now, current = datetime.now(UTC), _current(state.state if state else None)
            if to not in NEXT[current]:
                raise AlertStateError(_refusal(alert_id, current, to))
            if state is None:
                state = AlertStateRow(alert_id=alert_id)
                session.add(state)
            state.state, state.changed_at, state.changed_by = to, now, actor.name[:128]
            session.add(
                AlertStateEventRow(
                    alert_id=alert_id, at=now, actor=actor.name[:128], state=to, note=text
                )
            )
            append_audit(
                session,
                actor=actor,
                action=f"alert.{to}",
                target=f"alert:{alert_id}",
                detail={"from": current, "note": text[:200]},
            )
            return StateStep(now, actor.name, to, text)


def _checked_note(note: str) -> str:
    text = note.strip()
    if not text:
        raise AlertStateError("a note is required: say why the alert is acknowledged or closed")
    if len(text) > MAX_NOTE:
        raise AlertStateError(f"the note is too long ({len(text)} characters, at most {MAX_NOTE})")
    return text


def _refusal(alert_id: int, current: str, to: str) -> str:
    if current == CLOSED:
        return f"alert {alert_id} is closed; a closed alert cannot be {to} again"
    if to not in STATES or to == OPEN:
        return f"an alert can be acknowledged or closed, not set to {to!r}"
    return f"alert {alert_id} is already {current}"
