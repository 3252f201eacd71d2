"""The regulator's overdue page (supervision mode): reviews and re-filings overdue or due soon
in its jurisdiction, filtered by region and horizon in place by htmx, exported to XLSX."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from indsec.identity import service as identity
from indsec.model.identity import Principal
from indsec.server.api.overdue import Filters, find_due
from indsec.server.auth import context
from indsec.server.scopes import Regulator
from indsec.server.web.i18n import pick_lang, translator
from indsec.server.web.render import page, signed_page
from indsec.server.web.shown import workbook
from indsec.supervision import service as supervision

router = APIRouter(include_in_schema=False)
PAGE = "/overdue"
RULES = {"filing.review": "Filing review", "filing.refiling": "Re-filing after a major change"}
STATUSES = {
    "submitted": "Submitted",
    "under_review": "Under review",
    "returned": "Returned with comments",
    "resubmitted": "Resubmitted",
    "accepted": "Accepted",
}
COLUMNS = (
    "Clock",
    "Enterprise",
    "Unified social credit code",
    "Region",
    "Version",
    "Status",
    "Since",
    "Due",
    "Overdue",
    "Categories",
)


def _region_names(request: Request, principal: Principal) -> dict[str, str]:
    lang = pick_lang(request)
    regions = identity.regions_in_jurisdiction(principal=principal)
    return {r.code: r.names.get(lang) for r in regions}


def _values(request: Request, principal: Principal, found: supervision.DueLists) -> dict[str, Any]:
    return {
        "found": found,
        "zone": context(request).zone,
        "region_names": _region_names(request, principal),
        "rules": RULES,
        "statuses": STATUSES,
        "query": str(request.url.query),
    }


@router.get(PAGE)
def overdue_page(
    principal: Regulator,
    request: Request,
    filters: Filters,
) -> HTMLResponse:
    """The lists, with the region and horizon filters htmx applies in place."""
    found = find_due(request, principal, filters)
    days = filters.within_days
    if days is None:
        days = context(request).settings.clock_due_soon_days
    return signed_page(
        request,
        principal,
        "overdue.html",
        within_days=days,
        region_code=filters.region_code or "",
        **_values(request, principal, found),
    )


@router.get(f"{PAGE}/rows")
def overdue_rows(
    principal: Regulator,
    request: Request,
    filters: Filters,
) -> HTMLResponse:
    """The two tables and the export link only, for htmx to swap in when a filter changes."""
    found = find_due(request, principal, filters)
    return page(request, "_overdue_rows.html", **_values(request, principal, found))


@router.get(f"{PAGE}.xlsx")
def overdue_workbook(
    principal: Regulator,
    request: Request,
    filters: Filters,
) -> Response:
    """Both lists as one XLSX sheet, in the page's language (regulators work in Excel)."""
    found = find_due(request, principal, filters)
    words = translator(pick_lang(request)).gettext
    zone = context(request).zone
    names = _region_names(request, principal)
    rows = [
        [
            words(RULES[item.rule]),
            item.enterprise_name,
            item.uscc,
            f"{names.get(item.region_code, '')} ({item.region_code})",
            item.version,
            words(STATUSES.get(item.status, item.status)),
            item.start.astimezone(zone).strftime("%Y-%m-%d %H:%M"),
            item.due.isoformat(),
            words("Yes") if item.overdue else words("No"),
            ", ".join(item.categories),
        ]
        for item in [*found.reviews, *found.refilings]
    ]
    filename = f"overdue-{found.today.isoformat()}.xlsx"
    return workbook(request, "Statutory clocks", COLUMNS, rows, filename)
