"""The enterprise's catalogue list (enterprise mode): searched, filtered and paged in place by
htmx, and exported as the filtered list's XLSX."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response
from fastapi.responses import HTMLResponse

from indsec.console import service as console
from indsec.errors import NoCatalogueError
from indsec.model import Grade
from indsec.report import service as report
from indsec.server.api.catalogue import Filters, PageNumber
from indsec.server.auth import context
from indsec.server.scopes import Reader
from indsec.server.web.render import no_catalogue_yet, tenant_page
from indsec.server.web.shown import download, export_limit, require_exportable

router = APIRouter(include_in_schema=False)
HOME = "/catalogue"


@router.get(HOME)
def catalogue_page(
    access: Reader, request: Request, query: Filters, number: PageNumber
) -> HTMLResponse:
    """The current catalogue version with its filters; htmx swaps the results in place."""
    try:
        found = console.browse_assets(app=context(request), filters=query, page=number)
    except NoCatalogueError:
        return no_catalogue_yet(request, access, "catalogue")
    return tenant_page(
        request, access, "catalogue.html", found=found, query=query, grades=list(Grade)
    )


@router.get(f"{HOME}/rows")
def catalogue_rows(
    access: Reader, request: Request, query: Filters, number: PageNumber
) -> HTMLResponse:
    """The results only (count, rows, pager), for htmx to swap in when a filter changes."""
    app = context(request)
    found = console.browse_assets(app=app, filters=query, page=number, with_facets=False)
    return tenant_page(request, access, "_catalogue_rows.html", found=found, query=query)


EXPORT_HEADER = ["source", "asset", "kind", "category", "grade", "rows", "labels", "reason"]


@router.get(f"{HOME}/export.xlsx")
def catalogue_export(access: Reader, request: Request, query: Filters) -> Response:
    """Every asset the filters match (all pages), as an XLSX workbook; a list longer than
    ``INDSEC_EXPORT_MAX_ROWS`` is refused (narrow the filter), never cut short."""
    total, assets = console.filtered_assets(app=context(request), filters=query)
    require_exportable(total, export_limit(request), "assets")
    rows = [
        [
            a.source,
            a.name,
            a.kind,
            a.category,
            a.grade.value,
            a.rows,
            ", ".join(a.label_ids()),
            a.reason(),
        ]
        for a in assets
    ]
    return download(report.table_workbook("catalogue", EXPORT_HEADER, rows), "catalogue.xlsx")
