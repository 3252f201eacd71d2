"""The regulator's dashboard pages (supervision mode): its home, one page per region, and the
lists behind every number, each exportable to XLSX.

The page is rendered here with every number as a link to its list; the charts (ECharts, the
province map) are drawn in the browser from ``/api/dashboard/{region_code}``. Clicking a
province or city in a chart opens that region's page: country → province → city → enterprises.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Query, Request, Response
from fastapi.responses import HTMLResponse

from indsec.identity import service as identity
from indsec.model.identity import Principal
from indsec.report import service as report
from indsec.server.auth import context
from indsec.server.schemas import STATUS_CHOICE
from indsec.server.scopes import RegionAccess, RegionReader, Regulator
from indsec.server.web.dashboard_tables import (
    STATUS_WORDS,
    Table,
    enterprise_table,
    filing_table,
)
from indsec.server.web.i18n import Lang, pick_lang
from indsec.server.web.regions import region_name, say
from indsec.server.web.render import signed_page
from indsec.server.web.shown import download
from indsec.supervision import service as supervision

router = APIRouter(include_in_schema=False)
HOME = "/dashboard"
YesNo = Annotated[str, Query(pattern="^(|yes|no)$")]
Status = Annotated[str, Query(pattern=STATUS_CHOICE)]
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
    return signed_page(
        request,
        principal,
        "dashboard.html",
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
def home(principal: Regulator, request: Request) -> HTMLResponse:
    """The regulator's home: the dashboard of its whole jurisdiction."""
    return _dashboard(request, principal, principal.region_code or supervision.COUNTRY)


@router.get(f"{HOME}/{{region_code}}")
def region_page(access: RegionReader, request: Request) -> HTMLResponse:
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
    return signed_page(
        request,
        principal,
        "dashboard_list.html",
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


Lister = Callable[[int, int | None], tuple[Table, int]]
"""A dashboard list as its filters chose it: (offset, limit or None for all) → the table of
that part and how many rows the list holds."""


def _list_routes(kind: str, title: str, listing: Callable[..., Lister]) -> None:
    """A dashboard list's page and its XLSX export (every row), both filtered by ``listing``,
    the dependency that reads the list's filters from the query and scopes it to the region."""
    path = f"{HOME}/{{region_code}}/{kind}"
    # ``listing`` is a local name, so it goes in a default: FastAPI resolves the (postponed,
    # string) annotations in the module's globals, where an Annotated alias of it cannot be.

    def list_page(
        access: RegionReader,
        request: Request,
        offset: Offset = 0,
        read: Lister = Depends(listing),  # noqa: B008
    ) -> HTMLResponse:
        table, total = read(offset, context(request).settings.dashboard_page_rows)
        return _list_page(request, access, kind, table, total, offset)

    def list_xlsx(
        request: Request,
        read: Lister = Depends(listing),  # noqa: B008
    ) -> Response:
        (header, rows), _ = read(0, None)
        book = report.table_workbook(say(pick_lang(request), title), header, rows)
        return download(book, f"{title.lower()}.xlsx")

    router.add_api_route(path, list_page, methods=["GET"], name=f"{kind}_page")
    router.add_api_route(f"{path}.xlsx", list_xlsx, methods=["GET"], name=f"{kind}_xlsx")


def _enterprises(
    request: Request, access: RegionReader, mandatory: YesNo = "", filed: YesNo = ""
) -> Lister:
    """The registered enterprises of the region, filtered as the dashboard's numbers are."""
    wanted = supervision.EnterpriseFilter(mandatory=_flag(mandatory), filed=_flag(filed))

    def read(offset: int, limit: int | None) -> tuple[Table, int]:
        found = supervision.list_enterprises(
            app=context(request), region_code=access[1], wanted=wanted, offset=offset, limit=limit
        )
        return enterprise_table(found.rows, pick_lang(request)), found.total

    return read


def _filings(
    request: Request,
    access: RegionReader,
    status: Status = "",
    age: Age = "",
    division: Division = "",
) -> Lister:
    """The current filings of the region, filtered as the dashboard's numbers are."""
    wanted = supervision.DashboardFilingFilter(
        status=status or None, age=age or None, division=division or None
    )

    def read(offset: int, limit: int | None) -> tuple[Table, int]:
        now = datetime.now(UTC)
        found = supervision.dashboard_filings(
            app=context(request),
            region_code=access[1],
            wanted=wanted,
            offset=offset,
            limit=limit,
            now=now,
        )
        return filing_table(found.rows, pick_lang(request), now), found.total

    return read


_list_routes("enterprises", "Enterprises", _enterprises)
_list_routes("filings", "Filings", _filings)
