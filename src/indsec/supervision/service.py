"""The supervision use cases, the one door the server and ``indsec supervision`` go through:
the enterprise registry and the plan's top-10 % set, filing intake and its workflow,
statutory clocks, overdue lists and reminders; the dashboards.

Every function is keyword-only and takes the :class:`~indsec.app.AppContext`; what a regulator
sees is cut to its jurisdiction (the dashboards' callers have proved ``region_code`` is one the
regulator may read).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from indsec.app import AppContext
from indsec.catalogue.service import FilingPack
from indsec.errors import (
    FilingRejectedError,
    NotFoundError,
    PermissionDeniedError,
    Problem,
)
from indsec.identity import service as identity
from indsec.model.identity import Actor, Principal, Tenant
from indsec.model.progress import Progress
from indsec.model.registry import (
    EnterprisePage,
    ImportResult,
    MandatoryEnterprise,
    ProvinceCoverage,
    RegistryEnterprise,
    RegistryFilter,
)
from indsec.store.kept import Kept
from indsec.supervision import (
    dashboard,
    dashboard_lists,
    exchange,
    filing_client,
    intake,
    mandatory_lists,
    notifications,
    registry,
    workflow,
)
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
from indsec.supervision.dashboard_cache import figures as kept_figures
from indsec.supervision.dashboard_cache import figures_kept, kept_only
from indsec.supervision.dashboard_lists import (
    EnterpriseFilter,
    EnterpriseLine,
    FilingLine,
    Page,
)
from indsec.supervision.dashboard_lists import FilingFilter as DashboardFilingFilter
from indsec.supervision.dashboard_scope import COUNTRY, FILED_STATUSES, Jurisdiction
from indsec.supervision.exchange import assessment_summary
from indsec.supervision.filing_client import RemoteFiling
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
from indsec.supervision.industries import IndustryPack, builtin_industries, normalise_industry
from indsec.supervision.intake import receive
from indsec.supervision.intake_files import read_upload
from indsec.supervision.notifications import Notification
from indsec.supervision.overdue import DueItem, DueLists
from indsec.supervision.overdue import due_lists as _due_lists
from indsec.supervision.reminders import RemindReport
from indsec.supervision.reminders import remind as _remind
from indsec.supervision.remote import Remote
from indsec.supervision.synthetic import HEADER as SYNTHETIC_HEADER
from indsec.supervision.synthetic import synthetic_registry
from indsec.supervision.workflow import TRANSITIONS

__all__ = [
    "AGE_BUCKETS",
    "COUNTRY",
    "FILED_STATUSES",
    "PLAN_TARGET",
    "SYNTHETIC_HEADER",
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
    "assessment_summary",
    "coverage",
    "dashboard_figures",
    "dashboard_filings",
    "diff",
    "due_lists",
    "enterprise_page",
    "filer_tenant",
    "filing",
    "filing_statuses",
    "import_registry",
    "industries",
    "jurisdiction_level",
    "kept_dashboard_figures",
    "list_enterprises",
    "list_filings",
    "longest_waiting",
    "mandatory_set",
    "mark_read",
    "move",
    "my_notifications",
    "own_filings",
    "provinces",
    "receive_filing",
    "receive_upload",
    "registry_enterprises",
    "remind",
    "review_clock",
    "send_incident",
    "sent_catalogue_version",
    "submit_assessment",
    "submit_filing",
    "synthetic_registry",
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


def remind(
    *, app: AppContext, now: datetime | None = None, extra: Sequence[DueItem] = ()
) -> RemindReport:
    """Today's reminders of every clock overdue or due soon, the ``extra`` ones included (run
    daily; repeating is harmless)."""
    return _remind(app=app, now=now or datetime.now(UTC), extra=extra)


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


def _figures_cache(app: AppContext) -> Kept[str, Figures]:
    return figures_kept(app.store(), app.settings.dashboard_cache_s)


def dashboard_figures(*, app: AppContext, region_code: str, now: datetime | None = None) -> Figures:
    """Every figure of the dashboard of ``region_code`` (100000: the whole country): as of
    ``now``, or as of at most ``INDSEC_DASHBOARD_CACHE_S`` ago (``dashboard_cache``)."""
    where = Jurisdiction(region_code)
    count = _counter(app, where, now)
    return count() if now is not None else kept_figures(_figures_cache(app), where.code, count)


def kept_dashboard_figures(*, app: AppContext, region_code: str) -> Figures | None:
    """The figures :func:`dashboard_figures` answers when it needs no count in the caller
    (kept ones, young or being recounted in the background), None when it would count: a
    server answers the first without a thread, and hands only the count to one."""
    where = Jurisdiction(region_code)
    return kept_only(_figures_cache(app), where.code, _counter(app, where, None))


def _counter(app: AppContext, where: Jurisdiction, now: datetime | None) -> Callable[[], Figures]:
    def count() -> Figures:
        with app.store().session() as session:
            return dashboard.figures(session, where, _now(now))

    return count


def move(
    *,
    app: AppContext,
    actor: Actor,
    principal: Principal,
    filing_id: int,
    action: FilingAction,
    comment: str | None = None,
) -> FilingDetail:
    """Take ``action`` on the filing (``workflow`` has the rules); the dashboards move at once."""
    moved = workflow.move(
        app=app,
        actor=actor,
        principal=principal,
        filing_id=filing_id,
        action=action,
        comment=comment,
    )
    _figures_cache(app).forget()
    return moved


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
        "records": str(len(document["records"])),
        "catalogue_version": str(document.get("catalogue_version", "")),
    }

    def outcome(sent: RemoteFiling) -> str:
        return f"version {sent.version}, {sent.status}" + ("" if sent.created else " (retry)")

    return exchange.audited_send(
        app,
        actor,
        "filing.send",
        detail,
        lambda remote: filing_client.submit(remote, document),
        outcome,
        url,
    )


def send_incident(
    *, app: AppContext, actor: Actor, document: dict[str, Any], url: str | None = None
) -> dict[str, Any]:
    """Post an incident's escalation document to the supervision instance (audited)."""
    return exchange.send_incident(app, actor, document, url)


def submit_assessment(
    *,
    app: AppContext,
    actor: Actor,
    snapshot_json: dict[str, Any],
    pdf_path: Path,
    url: str | None = None,
) -> dict[str, Any]:
    """Post an annual assessment report — its summary (:func:`assessment_summary`) and its
    PDF — to the supervision instance; the receipt (id, version, created, valid_until)."""
    return exchange.send_assessment(app, actor, snapshot_json, pdf_path, url)


def filer_tenant(*, app: AppContext, principal: Principal, uscc: str) -> Tenant:
    """The enterprise an officer reports for: its own, and only if ``uscc`` is its USCC (the
    check every intake of filings, incidents and assessment reports makes)."""
    with app.store(existing=True).session() as session:
        return intake.filer_tenant(session, principal, uscc)


def sent_catalogue_version(*, app: AppContext) -> int | None:
    """The catalogue version of the newest filing this instance sent and the supervision
    instance received (its audit log of sends): what the console's re-filing check compares
    with when the filings themselves live on another instance."""
    for entry in identity.audit_entries(app=app, action="filing.send"):
        number = entry.detail.get("catalogue_version", "")
        if not entry.detail.get("outcome", "").startswith("refused") and number.isdigit():
            return int(number)
    return None


def filing_statuses(*, app: AppContext, url: str | None = None) -> list[RemoteFiling]:
    """The enterprise's filings as the supervision instance has them, newest first."""
    return filing_client.statuses(Remote.from_settings(app.settings, url))


def _allowed(principal: Principal | None) -> str:
    return "" if principal is None else identity.jurisdiction_prefix(principal)


def industries() -> IndustryPack:
    """GB/T 4754-2017's sections and divisions, with the industrial ones marked."""
    return builtin_industries()


def import_registry(
    *,
    app: AppContext,
    actor: Actor,
    principal: Principal | None,
    name: str,
    data: bytes,
    progress: Progress = lambda _: None,
) -> ImportResult:
    """Import a CSV or XLSX registry file: good rows added or updated by USCC, bad rows
    reported; a caller's rows outside its jurisdiction are refused."""
    if principal is not None and not principal.can_write:
        raise PermissionDeniedError("this account or token may only read")
    result = registry.import_registry(
        app=app, actor=actor, allowed=_allowed(principal), name=name, data=data, progress=progress
    )
    _figures_cache(app).forget()
    return result


def _industry(code: str) -> str:
    try:
        return normalise_industry(code)
    except ValueError as exc:
        raise NotFoundError(f"industry {code!r}: {exc}") from exc


def _checked(where: RegistryFilter) -> RegistryFilter:
    """The filter with its industry in stored form (a section letter alone stays)."""
    code = (where.industry or "").strip().upper()
    if not code or (len(code) == 1 and code.isalpha()):
        return where
    industry = _industry(code)
    return RegistryFilter(where.province, where.city, industry, where.above_scale, where.search)


def enterprise_page(
    *, app: AppContext, principal: Principal | None, where: RegistryFilter, page: int, size: int
) -> EnterprisePage:
    """One page (1-based) of the enterprises the filter matches in the caller's jurisdiction."""
    allowed, where = _allowed(principal), _checked(where)
    items = registry.listed(app, allowed, where, offset=(page - 1) * size, limit=size)
    return EnterprisePage(registry.count(app, allowed, where), page, size, items)


def registry_enterprises(
    *, app: AppContext, principal: Principal | None, where: RegistryFilter
) -> list[RegistryEnterprise]:
    """Every enterprise the filter matches in the caller's jurisdiction (for an export)."""
    return registry.listed(app, _allowed(principal), _checked(where))


def _province(principal: Principal | None, province: str) -> str:
    """``province`` if the caller oversees it or a city in it; else refused."""
    if not (len(province) == 2 and province.isdigit()):
        raise NotFoundError(f"a province is two digits of GB/T 2260, not {province!r}")
    allowed = _allowed(principal)
    if not (allowed.startswith(province) or province.startswith(allowed)):
        raise PermissionDeniedError(f"province {province} is outside your jurisdiction")
    return province


def mandatory_set(
    *,
    app: AppContext,
    principal: Principal | None,
    province: str,
    industry: str | None = None,
    per_division: bool = False,
    offset: int = 0,
    limit: int | None = None,
) -> tuple[list[MandatoryEnterprise], int]:
    """One page of the plan's top-10 % set of a province (``mandatory`` states the rule), each
    with whether it has filed, and the set's size; a city regulator sees its city's part."""
    province = _province(principal, province)
    division = _industry(industry)[:3] if industry else None
    with app.store().session() as session:
        return mandatory_lists.members(
            session,
            province,
            _allowed(principal),
            division=division,
            per_division=per_division,
            offset=offset,
            limit=limit,
        )


def coverage(
    *, app: AppContext, principal: Principal | None, per_division: bool = False
) -> list[ProvinceCoverage]:
    """Per province of the caller's jurisdiction: the mandatory set's size, and how many of it
    have a filing."""
    allowed = _allowed(principal)
    provinces = registry.provinces(app, allowed)
    with app.store().session() as session:
        return mandatory_lists.coverage(session, provinces, allowed, per_division=per_division)


def provinces(*, app: AppContext, principal: Principal | None) -> list[str]:
    """The provinces (two digits) the registry holds enterprises of, in the jurisdiction."""
    return registry.provinces(app, _allowed(principal))
