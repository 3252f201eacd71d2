"""The supervision use cases, the one door the server and ``indsec supervision`` go through:
statutory clocks, overdue lists and reminders; the dashboards.

Every function is keyword-only and takes the :class:`~indsec.app.AppContext`; what a regulator
sees is cut to its jurisdiction (the dashboards' callers have proved ``region_code`` is one the
regulator may read).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime

from indsec.app import AppContext
from indsec.identity import service as identity
from indsec.model.identity import Actor, Principal
from indsec.supervision import dashboard, dashboard_lists, notifications
from indsec.supervision.clocks import review_clock
from indsec.supervision.dashboard import (
    AGE_BUCKETS,
    PLAN_TARGET,
    UNKNOWN_DIVISION,
    AgeCount,
    DivisionGrades,
    Figures,
    RegionFigures,
)
from indsec.supervision.dashboard_lists import (
    EnterpriseFilter,
    EnterpriseLine,
    FilingFilter,
    FilingLine,
    Page,
)
from indsec.supervision.dashboard_scope import COUNTRY, FILED_STATUSES, Jurisdiction
from indsec.supervision.notifications import Notification
from indsec.supervision.overdue import DueItem, DueLists
from indsec.supervision.overdue import due_lists as _due_lists
from indsec.supervision.reminders import RemindReport
from indsec.supervision.reminders import remind as _remind

__all__ = [
    "AGE_BUCKETS",
    "COUNTRY",
    "FILED_STATUSES",
    "PLAN_TARGET",
    "UNKNOWN_DIVISION",
    "AgeCount",
    "DivisionGrades",
    "DueItem",
    "DueLists",
    "EnterpriseFilter",
    "EnterpriseLine",
    "Figures",
    "FilingFilter",
    "FilingLine",
    "Notification",
    "Page",
    "RegionFigures",
    "RemindReport",
    "dashboard_figures",
    "due_lists",
    "jurisdiction_level",
    "list_enterprises",
    "list_filings",
    "longest_waiting",
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


def _now(now: datetime | None) -> datetime:
    return now if now is not None else datetime.now(UTC)


def jurisdiction_level(*, region_code: str) -> str:
    """``country`` (code 100000), ``province`` or ``city``: what the region's page drills to."""
    return Jurisdiction(region_code).level


def dashboard_figures(*, app: AppContext, region_code: str, now: datetime | None = None) -> Figures:
    """Every figure of the dashboard of ``region_code`` (100000: the whole country)."""
    with app.store().session() as session:
        return dashboard.figures(session, Jurisdiction(region_code), _now(now))


def list_enterprises(
    *,
    app: AppContext,
    region_code: str,
    wanted: EnterpriseFilter,
    offset: int = 0,
    limit: int | None = None,
) -> Page[EnterpriseLine]:
    """The registered enterprises of ``region_code`` that ``wanted`` selects (one page)."""
    with app.store().session() as session:
        return dashboard_lists.enterprises(
            session, Jurisdiction(region_code), wanted, offset=offset, limit=limit
        )


def list_filings(
    *,
    app: AppContext,
    region_code: str,
    wanted: FilingFilter,
    offset: int = 0,
    limit: int | None = None,
    now: datetime | None = None,
) -> Page[FilingLine]:
    """The current filings of ``region_code`` that ``wanted`` selects (one page)."""
    where, moment = Jurisdiction(region_code), _now(now)
    with app.store().session() as session:
        rows = dashboard_lists.filing_rows(
            session, where, wanted, moment, offset=offset, limit=limit
        )
        return Page(rows, dashboard_lists.count_filings(session, where, wanted, moment))


def longest_waiting(
    *, app: AppContext, region_code: str, status: str, limit: int, now: datetime | None = None
) -> list[FilingLine]:
    """The current filings of ``region_code`` in ``status`` that have waited longest (no count:
    the dashboard has it already)."""
    with app.store().session() as session:
        return dashboard_lists.filing_rows(
            session, Jurisdiction(region_code), FilingFilter(status=status), _now(now), limit=limit
        )
