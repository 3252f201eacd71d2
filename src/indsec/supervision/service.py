"""The supervision use cases, the one door the server and ``indsec supervision`` go through.

Every function is keyword-only and takes the :class:`~indsec.app.AppContext`; what a regulator
sees is cut to its jurisdiction here, never by the caller.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime

from indsec.app import AppContext
from indsec.identity import service as identity
from indsec.model.identity import Actor, Principal
from indsec.supervision import notifications
from indsec.supervision.clocks import review_clock
from indsec.supervision.notifications import Notification
from indsec.supervision.overdue import DueItem, DueLists
from indsec.supervision.overdue import due_lists as _due_lists
from indsec.supervision.reminders import RemindReport
from indsec.supervision.reminders import remind as _remind

__all__ = [
    "DueItem",
    "DueLists",
    "Notification",
    "RemindReport",
    "due_lists",
    "mark_read",
    "my_notifications",
    "remind",
    "review_clock",
    "unread_count",
]


def due_lists(
    *,
    app: AppContext,
    principal: Principal,
    within_days: int | None = None,
    region_code: str | None = None,
    now: datetime | None = None,
) -> DueLists:
    """Reviews and re-filings overdue or due within ``within_days`` (the setting's default) in
    the regulator's jurisdiction, or in ``region_code`` inside it."""
    prefix = identity.jurisdiction_prefix(principal)
    if region_code:
        identity.require_region(principal, region_code)
        prefix = identity.region_prefix(code=region_code)
    days = app.settings.clock_due_soon_days if within_days is None else within_days
    return _due_lists(app=app, prefix=prefix, now=now or datetime.now(UTC), within_days=days)


def remind(*, app: AppContext, now: datetime | None = None) -> RemindReport:
    """Today's reminders of every clock overdue or due soon (run daily; repeating is harmless)."""
    return _remind(app=app, now=now or datetime.now(UTC))


def my_notifications(
    *, app: AppContext, principal: Principal, limit: int = 50
) -> list[Notification]:
    return notifications.notifications_of(app=app, user_id=principal.user_id, limit=limit)


def unread_count(*, app: AppContext, principal: Principal) -> int:
    return notifications.unread_count(app=app, user_id=principal.user_id)


def mark_read(
    *, app: AppContext, actor: Actor, principal: Principal, ids: Sequence[int] | None = None
) -> int:
    """Mark the caller's reminders read (``ids``, or all); how many changed."""
    return notifications.mark_read(app=app, actor=actor, user_id=principal.user_id, ids=ids)
