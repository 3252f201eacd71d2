"""Supervision use cases, the one door the server goes through: the dashboards.

Every function is keyword-only and takes the :class:`~indsec.app.AppContext`; the caller has
already proved the jurisdiction is the regulator's (``region_code`` is one it may read).
"""

from __future__ import annotations

from datetime import UTC, datetime

from indsec.app import AppContext
from indsec.supervision import dashboard, dashboard_lists
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

__all__ = [
    "AGE_BUCKETS",
    "COUNTRY",
    "FILED_STATUSES",
    "PLAN_TARGET",
    "UNKNOWN_DIVISION",
    "AgeCount",
    "DivisionGrades",
    "EnterpriseFilter",
    "EnterpriseLine",
    "Figures",
    "FilingFilter",
    "FilingLine",
    "Page",
    "RegionFigures",
    "dashboard_figures",
    "jurisdiction_level",
    "list_enterprises",
    "list_filings",
    "longest_waiting",
]


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
