"""The regulator's dashboard pages (supervision mode): its home, one page per region, and the
lists behind every number, each exportable to XLSX.

The page is rendered here with every number as a link to its list; the charts (ECharts, the
province map) are drawn in the browser from ``/api/dashboard/{region_code}``. Clicking a
province or city in a chart opens that region's page: country → province → city → enterprises.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Query, Request, Response
from fastapi.responses import HTMLResponse

from indsec.identity import service as identity
from indsec.model.identity import Principal
from indsec.report import service as report
from indsec.server.auth import context
from indsec.server.scopes import region_reader, regulator
from indsec.server.web.dashboard_tables import (
    STATUS_WORDS,
    Table,
    enterprise_table,
    filing_table,
)
from indsec.server.web.i18n import Lang, pick_lang
from indsec.server.web.regions import region_name, say
from indsec.server.web.render import page
from indsec.supervision import service as supervision

router = APIRouter(include_in_schema=False)
HOME = "/dashboard"
RegionAccess = tuple[Principal, str]
YesNo = Annotated[str, Query(pattern="^(|yes|no)$")]
Status = Annotated[str, Query(pattern="^(|submitted|under_review|accepted|returned|resubmitted)$")]
Age = Annotated[str, Query(pattern=r"^(|0-7|8-30|31-90|91\+)$")]
Division = Annotated[str, Query(pattern="^(|[A-T][0-9]{2}|unknown)$")]
Offset = Annotated[int, Query(ge=0, le=10_000_000)]
WAITING_ROWS = 10
"""Filings shown on the dashboard as waiting longest for review."""


def _flag(value: str) -> bool | None:
    return None if not value else value == "yes"


def _trail(principal: Principal, code: str, lang: Lang) -> list[tuple[str, str]]:
    """The regions above ``code`` the regulator may open, then ``code`` itself (code, name)."""
    chain = [supervision.COUNTRY, f"{code[:2]}0000", f"{code[:4]}00", code]
    seen: list[str] = []
    for step in chain:
        if step not in seen and (step == code or identity.in_jurisdiction(principal, step)):
            seen.append(step)
        if step == code:
            break
    return [(step, region_name(step, lang)) for step in seen]


def _age_table(ages: list[supervision.AgeCount]) -> dict[str, dict[str, int]]:
    """Counts by status, then by age bucket, for the page's status × age table."""
    table: dict[str, dict[str, int]] = {}
    for age in ages:
        table.setdefault(age.status, {})[age.bucket] = age.count
    return table


def _dashboard(request: Request, principal: Principal, code: str) -> HTMLResponse:
    app, lang = context(request), pick_lang(request)
    found = supervision.dashboard_figures(app=app, region_code=code)
    waiting = supervision.longest_waiting(
        app=app, region_code=code, status="submitted", limit=WAITING_ROWS
    )
    enterprises = None
    if found.level == "city":
        enterprises = supervision.list_enterprises(
            app=app,
            region_code=code,
            wanted=supervision.EnterpriseFilter(),
            limit=app.settings.dashboard_page_rows,
        )
    return page(
        request,
        "dashboard.html",
        user=principal.username,
        csrf=request.state.csrf_token,
        code=code,
        trail=_trail(principal, code, lang),
        figures=found,
        names={r.code: region_name(r.code, lang) for r in found.regions},
        buckets=[name for name, _ in supervision.AGE_BUCKETS],
        statuses=STATUS_WORDS,
        ages=_age_table(found.ages),
        waiting_table=filing_table(waiting, lang, datetime.now(UTC)),
        enterprises=enterprises,
        enterprise_rows=enterprise_table(enterprises.rows, lang) if enterprises else None,
    )


@router.get(HOME)
def home(principal: Annotated[Principal, Depends(regulator)], request: Request) -> HTMLResponse:
    """The regulator's home: the dashboard of its whole jurisdiction."""
    return _dashboard(request, principal, principal.region_code or supervision.COUNTRY)


@router.get(f"{HOME}/{{region_code}}")
def region_page(
    access: Annotated[RegionAccess, Depends(region_reader)], request: Request
) -> HTMLResponse:
    """The dashboard of one region of the jurisdiction (100000: the whole country)."""
    return _dashboard(request, *access)


FILTER_WORDS = {
    "mandatory": "Mandatory (top 10 %%)",
    "filed": "Filed",
    "status": "Filing status",
    "age": "Days since submission",
    "division": "Industry division",
}
"""Each list filter's name, to say on the list page what it holds."""


def _filters(request: Request) -> list[str]:
    """The list's filters in words: "Filing status: Submitted", "Filed: no"…"""
    lang = pick_lang(request)
    values = {**STATUS_WORDS, "yes": "yes", "no": "no"}
    return [
        f"{say(lang, FILTER_WORDS[name])}: {say(lang, values[value]) if value in values else value}"
        for name, value in request.query_params.items()
        if name in FILTER_WORDS and value
    ]


def _list_page(
    request: Request, access: RegionAccess, kind: str, table: Table, total: int, offset: int
) -> HTMLResponse:
    principal, code = access
    rows = context(request).settings.dashboard_page_rows
    kept = {k: v for k, v in request.query_params.items() if k != "offset" and v}
    base = f"{HOME}/{code}/{kind}"
    following = offset + rows
    return page(
        request,
        "dashboard_list.html",
        user=principal.username,
        csrf=request.state.csrf_token,
        code=code,
        kind=kind,
        trail=_trail(principal, code, pick_lang(request)),
        table=table,
        total=total,
        offset=offset,
        filters=_filters(request),
        export_href=f"{base}.xlsx?{urlencode(kept)}",
        next_href=f"{base}?{urlencode({**kept, 'offset': following})}" if following < total else "",
    )


def _xlsx(request: Request, title: str, table: Table) -> Response:
    header, rows = table
    name = say(pick_lang(request), title)
    return Response(
        report.table_workbook(name, header, rows),
        media_type=report.XLSX_MEDIA_TYPE,
        headers={"Content-Disposition": f'attachment; filename="{title.lower()}.xlsx"'},
    )


def _enterprises(
    request: Request, code: str, mandatory: str, filed: str, offset: int, limit: int | None
) -> tuple[Table, int]:
    found = supervision.list_enterprises(
        app=context(request),
        region_code=code,
        wanted=supervision.EnterpriseFilter(mandatory=_flag(mandatory), filed=_flag(filed)),
        offset=offset,
        limit=limit,
    )
    return enterprise_table(found.rows, pick_lang(request)), found.total


@router.get(f"{HOME}/{{region_code}}/enterprises")
def enterprises_page(
    access: Annotated[RegionAccess, Depends(region_reader)],
    request: Request,
    mandatory: YesNo = "",
    filed: YesNo = "",
    offset: Offset = 0,
) -> HTMLResponse:
    """The registered enterprises of the region, filtered as the number that links here."""
    rows = context(request).settings.dashboard_page_rows
    table, total = _enterprises(request, access[1], mandatory, filed, offset, rows)
    return _list_page(request, access, "enterprises", table, total, offset)


@router.get(f"{HOME}/{{region_code}}/enterprises.xlsx")
def enterprises_xlsx(
    access: Annotated[RegionAccess, Depends(region_reader)],
    request: Request,
    mandatory: YesNo = "",
    filed: YesNo = "",
) -> Response:
    """The same list as the page, every row of it, as an XLSX workbook."""
    table, _ = _enterprises(request, access[1], mandatory, filed, 0, None)
    return _xlsx(request, "Enterprises", table)


def _filings(
    request: Request,
    code: str,
    wanted: supervision.DashboardFilingFilter,
    offset: int,
    limit: int | None,
) -> tuple[Table, int]:
    now = datetime.now(UTC)
    found = supervision.dashboard_filings(
        app=context(request), region_code=code, wanted=wanted, offset=offset, limit=limit, now=now
    )
    return filing_table(found.rows, pick_lang(request), now), found.total


def _filing_filter(status: str, age: str, division: str) -> supervision.DashboardFilingFilter:
    return supervision.DashboardFilingFilter(
        status=status or None, age=age or None, division=division or None
    )


@router.get(f"{HOME}/{{region_code}}/filings")
def filings_page(
    access: Annotated[RegionAccess, Depends(region_reader)],
    request: Request,
    status: Status = "",
    age: Age = "",
    division: Division = "",
    offset: Offset = 0,
) -> HTMLResponse:
    """The current filings of the region, filtered as the number that links here."""
    rows = context(request).settings.dashboard_page_rows
    wanted = _filing_filter(status, age, division)
    table, total = _filings(request, access[1], wanted, offset, rows)
    return _list_page(request, access, "filings", table, total, offset)


@router.get(f"{HOME}/{{region_code}}/filings.xlsx")
def filings_xlsx(
    access: Annotated[RegionAccess, Depends(region_reader)],
    request: Request,
    status: Status = "",
    age: Age = "",
    division: Division = "",
) -> Response:
    """The same list as the page, every row of it, as an XLSX workbook."""
    table, _ = _filings(request, access[1], _filing_filter(status, age, division), 0, None)
    return _xlsx(request, "Filings", table)
