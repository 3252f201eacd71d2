"""The regulator's filing pages (supervision mode): the list of its jurisdiction's filings
(filtered in place by htmx, exported to XLSX) and a filing's page with its records, versions,
the diff between two versions, its history and the review buttons."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Depends, Form, Query, Request
from fastapi.responses import HTMLResponse, Response

from indsec.errors import ReviewError, WorkflowError
from indsec.model.identity import Principal
from indsec.server.auth import actor, context
from indsec.server.schemas import MAX_ID, STATUS_CHOICE
from indsec.server.scopes import FilingAccess, Regulator, filing_mover, filing_regulator
from indsec.server.web.render import go_to, page, signed_page
from indsec.server.web.shown import export_limit, moment, require_within, workbook
from indsec.supervision import service as supervision

router = APIRouter(include_in_schema=False)
LIST = "/filings"
AGES = (7, 20, 30, 90)
"""The age filter's choices, in days since submission."""


def _filter(
    status: Annotated[str, Query(pattern=STATUS_CHOICE)] = "",
    region: Annotated[str, Query(pattern=r"^(|[1-9][0-9]{5})$")] = "",
    older_than_days: Annotated[str, Query(pattern="^(|[0-9]{1,5})$")] = "",
) -> supervision.FilingFilter:
    """The list's filters from the query (empty: no filter)."""
    return supervision.FilingFilter(
        status=supervision.FilingStatus(status) if status else None,
        region_code=region or None,
        older_than_days=int(older_than_days) if older_than_days else None,
    )


Filter = Annotated[supervision.FilingFilter, Depends(_filter)]


def _found(
    request: Request, principal: Principal, where: supervision.FilingFilter
) -> list[supervision.FilingSummary]:
    return supervision.list_filings(app=context(request), principal=principal, where=where)


def _when(request: Request) -> Callable[[datetime | None], str]:
    """Moments as the regulator reads them, in ``INDSEC_TIMEZONE``."""
    return moment(context(request).zone)


@router.get(LIST)
def filings_page(principal: Regulator, request: Request, where: Filter) -> HTMLResponse:
    """The jurisdiction's filings, newest first, with filters htmx applies in place."""
    return signed_page(
        request,
        principal,
        "filings.html",
        filings=_found(request, principal, where),
        when=_when(request),
        where=where,
        statuses=list(supervision.FilingStatus),
        ages=AGES,
        query=request.url.query,
    )


@router.get(f"{LIST}/rows")
def filings_rows(principal: Regulator, request: Request, where: Filter) -> HTMLResponse:
    """The results only (the table and the export link for the same filters), for htmx."""
    return page(
        request,
        "_filing_rows.html",
        filings=_found(request, principal, where),
        when=_when(request),
        query=request.url.query,
    )


EXPORT_HEADER = (
    "Enterprise",
    "Unified social credit code",
    "Region",
    "Version",
    "Status",
    "Important",
    "Core",
    "Submitted on",
    "Review due",
)


@router.get(f"{LIST}/export.xlsx")
def filings_export(principal: Regulator, request: Request, where: Filter) -> Response:
    """The list as filtered, as an XLSX workbook (regulators work in Excel); one that would
    hold more than ``INDSEC_EXPORT_MAX_ROWS`` filings is refused, never cut short."""
    limit = export_limit(request)
    probe = replace(where, limit=limit + 1)
    found = _found(request, principal, probe)
    require_within(found, limit, "filings")
    rows = [
        [
            f.enterprise_name,
            f.uscc,
            f.region_code,
            f.version,
            str(f.status),
            f.important_count,
            f.core_count,
            f.submitted_at.isoformat(),
            f.review_due.isoformat(),
        ]
        for f in found
    ]
    return workbook(request, "Catalogue filings", EXPORT_HEADER, rows, "filings.xlsx")


def _filing_page(request: Request, access: FilingAccess, against: int | None) -> HTMLResponse:
    app, found = context(request), access.filing
    versions = supervision.versions(app=app, principal=access.principal, filing_id=found.summary.id)
    changes = supervision.diff(
        app=app, principal=access.principal, filing_id=found.summary.id, against=against
    )
    return signed_page(
        request,
        access.principal,
        "filing.html",
        filing=found,
        versions=versions,
        changes=changes,
        against=against,
        when=_when(request),
        columns=dict(found.columns),
        actions={
            a.value
            for a, (sources, _) in supervision.TRANSITIONS.items()
            if found.summary.status in sources
        },
    )


@router.get(f"{LIST}/{{filing_id}}")
def filing_page(
    access: Annotated[FilingAccess, Depends(filing_regulator)],
    request: Request,
    against: Annotated[int | None, Query(ge=1, le=MAX_ID)] = None,
) -> HTMLResponse:
    """One filing: review due date, buttons, records, versions and diff, history."""
    return _filing_page(request, access, against)


def _step(
    request: Request, access: FilingAccess, action: supervision.FilingAction, comment: str | None
) -> Response:
    """Take the step, then send the browser back to the filing's page; a refused step is
    shown on the message line (htmx swaps only successful answers, so it is a 200)."""
    try:
        supervision.move(
            app=context(request),
            actor=actor(request, access.principal),
            principal=access.principal,
            filing_id=access.filing.summary.id,
            action=action,
            comment=comment,
        )
    except (WorkflowError, ReviewError) as refused:
        return page(request, "_filing_message.html", message=str(refused))
    return go_to(f"{LIST}/{access.filing.summary.id}")


Mover = Annotated[FilingAccess, Depends(filing_mover)]
Comment = Annotated[str | None, Form(max_length=4000)]


@router.post(f"{LIST}/{{filing_id}}/review")
def review_step(access: Mover, request: Request, comment: Comment = None) -> Response:
    return _step(request, access, supervision.FilingAction.REVIEW, comment)


@router.post(f"{LIST}/{{filing_id}}/accept")
def accept_step(access: Mover, request: Request, comment: Comment = None) -> Response:
    return _step(request, access, supervision.FilingAction.ACCEPT, comment)


@router.post(f"{LIST}/{{filing_id}}/return")
def return_step(access: Mover, request: Request, comment: Comment = None) -> Response:
    return _step(request, access, supervision.FilingAction.RETURN, comment)
