"""In-app reminders: raised once per user, clock and day; listed, counted and marked read.

Raising is idempotent by the table's unique (user, clock, day): a reminder run repeated the
same day, or two workers running it at once, adds nothing the second time (the insert of a
row that exists is skipped, or refused by the database and rolled back alone).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any, cast

from sqlalchemy import CursorResult, func, select, update
from sqlalchemy.exc import IntegrityError

from indsec.app import AppContext
from indsec.errors import StoreError
from indsec.identity import service as identity
from indsec.model.identity import Actor
from indsec.store.moments import aware
from indsec.store.tables import NotificationRow


@dataclass(frozen=True, slots=True)
class Notification:
    """One reminder as its reader sees it."""

    id: int
    clock: str
    day: date
    kind: str
    due: date
    detail: dict[str, Any]
    created_at: datetime
    read: bool


def _notification(row: NotificationRow) -> Notification:
    return Notification(
        row.id,
        row.clock,
        row.day,
        row.kind,
        row.due,
        dict(row.detail),
        aware(row.created_at),
        row.read_at is not None,
    )


def raise_notification(
    *,
    app: AppContext,
    user_id: int,
    clock: str,
    day: date,
    kind: str,
    due: date,
    detail: dict[str, Any],
) -> int | None:
    """Add the reminder unless the user already has one for this clock and day; its id, or
    None when it was there already."""
    row = NotificationRow(
        user_id=user_id,
        clock=clock,
        day=day,
        kind=kind,
        due=due,
        detail=detail,
        created_at=datetime.now(UTC),
    )
    exists = select(NotificationRow.id).where(
        NotificationRow.user_id == user_id,
        NotificationRow.clock == clock,
        NotificationRow.day == day,
    )
    try:
        with app.store().session() as session:
            if session.scalars(exists).first() is not None:
                return None
            session.add(row)
            session.flush()
            return row.id
    except StoreError as exc:
        if isinstance(exc.__cause__, IntegrityError):  # a concurrent run added it in between
            return None
        raise


def notifications_of(*, app: AppContext, user_id: int, limit: int) -> list[Notification]:
    """The user's newest reminders, unread first."""
    query = (
        select(NotificationRow)
        .where(NotificationRow.user_id == user_id)
        .order_by(NotificationRow.read_at.is_not(None), NotificationRow.id.desc())
        .limit(limit)
    )
    with app.store().session() as session:
        return [_notification(row) for row in session.scalars(query)]


def unread_count(*, app: AppContext, user_id: int) -> int:
    query = select(func.count(NotificationRow.id)).where(
        NotificationRow.user_id == user_id, NotificationRow.read_at.is_(None)
    )
    with app.store().session() as session:
        return int(session.scalar(query) or 0)


def mark_read(*, app: AppContext, actor: Actor, user_id: int, ids: Sequence[int] | None) -> int:
    """Mark the user's reminders ``ids`` (all when None) read; another user's ids are ignored.
    How many changed; the request is audited either way."""
    query = update(NotificationRow).where(
        NotificationRow.user_id == user_id, NotificationRow.read_at.is_(None)
    )
    if ids is not None:
        query = query.where(NotificationRow.id.in_(list(ids)))
    with app.store().session() as session:
        result = session.execute(query.values(read_at=datetime.now(UTC)))
        changed = cast(CursorResult[Any], result).rowcount
        identity.append_audit(
            session,
            actor=actor,
            action="notifications.read",
            target=f"user:{user_id}",
            detail={"marked": changed},
        )
    return int(changed)
