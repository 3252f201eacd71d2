"""The audit log's page (platform administrator, both modes): searched by who, what, on what
and when, paged, and exported to XLSX exactly as filtered."""

from __future__ import annotations

from dataclasses import asdict
from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, Response

from indsec.errors import IdentityError
from indsec.identity import service as identity
from indsec.server.api.alerts import Page
from indsec.server.auth import context
from indsec.server.scopes import Admin
from indsec.server.web.render import page, signed_page
from indsec.server.web.shown import (
    export_limit,
    moment,
    page_count,
    query_string,
    require_exportable,
    workbook,
)

router = APIRouter(include_in_schema=False)
HOME = "/admin/audit"
Text = Annotated[str, Query(max_length=128)]
Day = Annotated[str, Query(pattern=r"^(|[0-9]{4}-[0-9]{2}-[0-9]{2})$")]
EXPORT_HEADER = ("Time", "Actor", "Address", "Action", "Target", "Detail")


def _day(text: str) -> date | None:
    try:
        return date.fromisoformat(text) if text else None
    except ValueError as exc:
        raise IdentityError(f"{text!r} is not a date (YYYY-MM-DD)") from exc


def audit_query(
    actor: Text = "", action: Text = "", target: Text = "", start: Day = "", end: Day = ""
) -> identity.AuditQuery:
    """The search from the query; empty fields keep everything."""
    return identity.AuditQuery(
        actor=actor.strip(),
        action=action.strip(),
        target=target.strip(),
        start=_day(start),
        end=_day(end),
    )


Search = Annotated[identity.AuditQuery, Depends(audit_query)]


def _found(request: Request, query: identity.AuditQuery, number: int) -> dict[str, Any]:
    app = context(request)
    size = app.settings.list_page_size
    entries, total = identity.search_audit(
        app=app, query=query, offset=(number - 1) * size, limit=size
    )
    return {
        "entries": entries,
        "total": total,
        "page": number,
        "pages": page_count(total, size),
        "kept": query,
        "query": query_string(asdict(query)),
        "when": moment(app.site_policy.zone),
    }


@router.get(HOME)
def audit_page(principal: Admin, request: Request, query: Search, number: Page = 1) -> HTMLResponse:
    return signed_page(
        request,
        principal,
        "admin_audit.html",
        **_found(request, query, number),
    )


@router.get(f"{HOME}/rows")
def audit_rows(principal: Admin, request: Request, query: Search, number: Page = 1) -> HTMLResponse:
    return page(request, "_audit_rows.html", **_found(request, query, number))


@router.get(f"{HOME}.xlsx")
def audit_export(principal: Admin, request: Request, query: Search) -> Response:
    """Every entry the search keeps, newest first, as an XLSX workbook."""
    app, limit = context(request), export_limit(request)
    entries, total = identity.search_audit(app=app, query=query, limit=limit)
    require_exportable(total, limit, "audit entries")
    when = moment(app.site_policy.zone)
    rows = [[when(e.at), e.actor, e.origin, e.action, e.target, _detail(e.detail)] for e in entries]
    return workbook(request, "Audit log", EXPORT_HEADER, rows, "audit-log.xlsx")


def _detail(detail: dict[str, str]) -> str:
    return ", ".join(f"{k}={v}" for k, v in sorted(detail.items()))
