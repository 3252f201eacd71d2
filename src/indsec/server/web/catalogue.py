"""The enterprise's catalogue list (enterprise mode): searched, filtered and paged in place by
htmx, and exported as the filtered list's XLSX."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request, Response
from fastapi.responses import HTMLResponse

from indsec.console import service as console
from indsec.model import Grade
from indsec.report import service as report
from indsec.server.auth import context
from indsec.server.scopes import TenantAccess, instance_reader
from indsec.server.web.render import tenant_page

router = APIRouter(include_in_schema=False)
HOME = "/catalogue"
Reader = Annotated[TenantAccess, Depends(instance_reader)]
Short = Query(max_length=256)


def asset_query(
    q: Annotated[str, Short] = "",
    grade: Annotated[str, Query(pattern="^(|general|important|core)$")] = "",
    category: Annotated[str, Short] = "",
    source: Annotated[str, Short] = "",
    label: Annotated[str, Short] = "",
    review: Annotated[str, Query(pattern="^(|1)$")] = "",
    page: Annotated[int, Query(ge=1, le=1_000_000)] = 1,
) -> console.AssetQuery:
    """The list's filters from the query string (empty: no filter); ``review=1``: only assets
    that need a human review."""
    return console.AssetQuery(q, grade, category, source, label, review == "1", page)


Filters = Annotated[console.AssetQuery, Depends(asset_query)]


@router.get(HOME)
def catalogue_page(access: Reader, request: Request, query: Filters) -> HTMLResponse:
    """The current catalogue version with its filters; htmx swaps the results in place."""
    found = console.browse_assets(app=context(request), query=query)
    return tenant_page(
        request, access, "catalogue.html", found=found, query=query, grades=list(Grade)
    )


@router.get(f"{HOME}/rows")
def catalogue_rows(access: Reader, request: Request, query: Filters) -> HTMLResponse:
    """The results only (count, rows, pager), for htmx to swap in when a filter changes."""
    found = console.browse_assets(app=context(request), query=query)
    return tenant_page(request, access, "_catalogue_rows.html", found=found, query=query)


EXPORT_HEADER = ["source", "asset", "kind", "category", "grade", "rows", "labels", "reason"]


@router.get(f"{HOME}/export.xlsx")
def catalogue_export(access: Reader, request: Request, query: Filters) -> Response:
    """Every asset the filters match (all pages), as an XLSX workbook."""
    assets = console.filtered_assets(app=context(request), query=query)
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
    body = report.table_workbook("catalogue", EXPORT_HEADER, rows)
    disposition = 'attachment; filename="catalogue.xlsx"'
    return Response(
        body, media_type=report.XLSX_MEDIA_TYPE, headers={"Content-Disposition": disposition}
    )
