"""The supervision use cases, the one door the server and ``indsec supervision`` go through:
statutory clocks, overdue lists and reminders; the dashboards.

Every function is keyword-only and takes the :class:`~indsec.app.AppContext`; what a regulator
sees is cut to its jurisdiction (the dashboards' callers have proved ``region_code`` is one the
regulator may read).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from indsec.app import AppContext
from indsec.catalogue.service import FilingPack
from indsec.errors import ConfigError, FilingRejectedError, Problem, RemoteError
from indsec.identity import service as identity
from indsec.model.identity import Actor, Principal
from indsec.supervision import dashboard, dashboard_lists, filing_client, notifications
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
    FilingLine,
    Page,
)
from indsec.supervision.dashboard_lists import FilingFilter as DashboardFilingFilter
from indsec.supervision.dashboard_scope import COUNTRY, FILED_STATUSES, Jurisdiction
from indsec.supervision.filing_client import Remote, RemoteFiling
from indsec.supervision.filing_queries import (
    FilingFilter,
    diff,
    filing,
    list_filings,
    own_filings,
    versions,
)
from indsec.supervision.filing_types import (
    FilingAction,
    FilingDetail,
    FilingEvent,
    FilingStatus,
    FilingSummary,
    Received,
    RecordChange,
)
from indsec.supervision.intake import receive
from indsec.supervision.intake_files import read_upload
from indsec.supervision.notifications import Notification
from indsec.supervision.overdue import DueItem, DueLists
from indsec.supervision.overdue import due_lists as _due_lists
from indsec.supervision.reminders import RemindReport
from indsec.supervision.reminders import remind as _remind
from indsec.supervision.workflow import TRANSITIONS, move

__all__ = [
    "AGE_BUCKETS",
    "COUNTRY",
    "FILED_STATUSES",
    "PLAN_TARGET",
    "TRANSITIONS",
    "UNKNOWN_DIVISION",
    "AgeCount",
    "DashboardFilingFilter",
    "DivisionGrades",
    "DueItem",
    "DueLists",
    "EnterpriseFilter",
    "EnterpriseLine",
    "Figures",
    "FilingAction",
    "FilingDetail",
    "FilingEvent",
    "FilingFilter",
    "FilingLine",
    "FilingStatus",
    "FilingSummary",
    "Notification",
    "Page",
    "Received",
    "RecordChange",
    "RegionFigures",
    "RemindReport",
    "Remote",
    "RemoteFiling",
    "dashboard_figures",
    "dashboard_filings",
    "diff",
    "due_lists",
    "filing",
    "filing_statuses",
    "jurisdiction_level",
    "list_enterprises",
    "list_filings",
    "longest_waiting",
    "mark_read",
    "move",
    "my_notifications",
    "own_filings",
    "receive_filing",
    "receive_upload",
    "remind",
    "review_clock",
    "submit_filing",
    "unread_count",
    "versions",
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


def dashboard_filings(
    *,
    app: AppContext,
    region_code: str,
    wanted: DashboardFilingFilter,
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
            session,
            Jurisdiction(region_code),
            DashboardFilingFilter(status=status),
            _now(now),
            limit=limit,
        )


def receive_filing(
    *, app: AppContext, actor: Actor, principal: Principal, document: dict[str, Any]
) -> Received:
    """Take a filing in the JSON shape ``indsec filing export`` writes."""
    return receive(app=app, actor=actor, principal=principal, raw=document)


def receive_upload(
    *, app: AppContext, actor: Actor, principal: Principal, content: bytes
) -> Received:
    """Take an uploaded filing file, JSON or XLSX, at most ``INDSEC_FILING_MAX_BYTES``."""
    limit = app.settings.filing_max_bytes
    if len(content) > limit:
        problem = Problem("file", f"larger than {limit} bytes (INDSEC_FILING_MAX_BYTES)")
        raise FilingRejectedError("the file is too large", [problem])
    archive = app.connector_options.archive
    raw = read_upload(content, app.packs.one(FilingPack), archive)
    return receive(app=app, actor=actor, principal=principal, raw=raw)


def submit_filing(
    *, app: AppContext, actor: Actor, document: dict[str, Any], url: str | None = None
) -> RemoteFiling:
    """Post the enterprise's filing to the supervision instance (``url`` or the setting); the
    attempt and its outcome go to this instance's audit log, refusals included."""
    detail = {
        "url": url or app.settings.supervision_url or "",
        "records": str(len(document["records"])),
    }
    try:
        sent = filing_client.submit(Remote.from_settings(app.settings, url), document)
    except (ConfigError, RemoteError) as exc:
        _audit_send(app, actor, {**detail, "outcome": f"refused: {exc}"[:500]})
        raise
    outcome = f"version {sent.version}, {sent.status}" + ("" if sent.created else " (retry)")
    _audit_send(app, actor, {**detail, "outcome": outcome})
    return sent


def _audit_send(app: AppContext, actor: Actor, detail: dict[str, str]) -> None:
    with app.store().session() as session:
        identity.append_audit(
            session,
            actor=actor,
            action="filing.send",
            target=detail["url"] or "supervision",
            detail=detail,
        )


def filing_statuses(*, app: AppContext, url: str | None = None) -> list[RemoteFiling]:
    """The enterprise's filings as the supervision instance has them, newest first."""
    return filing_client.statuses(Remote.from_settings(app.settings, url))
