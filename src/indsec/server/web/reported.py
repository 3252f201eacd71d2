"""The regulator's pages of what enterprises reported besides filings (supervision mode):
escalated incidents by tier with their deadlines (overdue first), one incident with its
reports; assessment reports by validity (expired, expiring, valid) with their PDF. Lists
export to XLSX."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, Response

from indsec.model.identity import Principal
from indsec.oversight import service as oversight
from indsec.server.auth import context
from indsec.server.scopes import (
    AssessmentAccess,
    IncidentAccess,
    assessment_regulator,
    received_incident_regulator,
    regulator,
)
from indsec.server.web.i18n import pick_lang
from indsec.server.web.render import page
from indsec.server.web.shown import moment, workbook
from indsec.server.web.time_left import time_left

router = APIRouter(include_in_schema=False)
INCIDENTS = "/reported-incidents"
ASSESSMENTS = "/assessments"
Regulator = Annotated[Principal, Depends(regulator)]
TierFilter = Annotated[str, Query(pattern=r"^[a-z_]{0,32}$")]
INCIDENT_HEADER = (
    "Enterprise",
    "Unified social credit code",
    "Region",
    "Incident",
    "Tier",
    "Status",
    "Detected at",
    "Next report due",
    "Overdue",
    "Received",
)
ASSESSMENT_HEADER = (
    "Enterprise",
    "Unified social credit code",
    "Region",
    "Report",
    "Issued on",
    "Valid until",
    "Validity",
    "Overall score",
)


def _common(request: Request, principal: Principal) -> dict[str, Any]:
    now = datetime.now(UTC)
    return {
        "user": principal.username,
        "csrf": getattr(request.state, "csrf_token", None),
        "when": moment(context(request).zone),
        "now": now,
        "left": lambda due: time_left(due, now),
    }


@router.get(INCIDENTS)
def incidents_page(principal: Regulator, request: Request, tier: TierFilter = "") -> HTMLResponse:
    """The jurisdiction's escalated incidents, the earliest open deadline (overdue) first."""
    app = context(request)
    every = oversight.received_incidents(app=app, principal=principal)
    tiers = sorted({(i.tier_rank, i.tier): i.tier_names for i in every}.items())
    counts = {t: sum(1 for i in every if i.tier == t) for (_, t), _names in tiers}
    shown = [i for i in every if not tier or i.tier == tier]
    return page(
        request,
        "reported_incidents.html",
        incidents=shown,
        tiers=tiers,
        counts=counts,
        tier=tier,
        **_common(request, principal),
    )


@router.get(f"{INCIDENTS}.xlsx")
def incidents_export(principal: Regulator, request: Request, tier: TierFilter = "") -> Response:
    """The list as filtered, as an XLSX workbook."""
    app, lang, now = context(request), pick_lang(request), datetime.now(UTC)
    when = moment(app.zone)
    rows = [
        [
            i.enterprise_name,
            i.uscc,
            i.region_code,
            f"#{i.source_id} {i.title}",
            i.tier_names[lang],
            i.status,
            when(i.detected_at),
            when(i.next_due),
            "×" if i.overdue(now) else "",
            when(i.received_at),
        ]
        for i in oversight.received_incidents(app=app, principal=principal, tier=tier or None)
    ]
    return workbook(request, "Reported incidents", INCIDENT_HEADER, rows, "incidents.xlsx")


@router.get(f"{INCIDENTS}/{{received_id}}")
def incident_page(
    access: Annotated[IncidentAccess, Depends(received_incident_regulator)], request: Request
) -> HTMLResponse:
    """One escalated incident: tier, deadlines, the facts and the reports made."""
    values = _common(request, access.principal)
    return page(request, "reported_incident.html", incident=access.incident, **values)


@router.get(ASSESSMENTS)
def assessments_page(principal: Regulator, request: Request) -> HTMLResponse:
    """Each enterprise's newest assessment report: expired, expiring soon, valid."""
    app = context(request)
    lists = oversight.assessments_by_validity(app=app, principal=principal)
    return page(
        request,
        "received_assessments.html",
        lists=lists,
        soon=app.settings.assessment_reminder_days,
        **_common(request, principal),
    )


@router.get(f"{ASSESSMENTS}.xlsx")
def assessments_export(principal: Regulator, request: Request) -> Response:
    lists = oversight.assessments_by_validity(app=context(request), principal=principal)
    rows = [
        [
            a.enterprise_name,
            a.uscc,
            a.region_code,
            a.report_id,
            a.first_issued_on.isoformat(),
            a.valid_until.isoformat(),
            state,
            "" if a.overall is None else round(a.overall * 100, 1),
        ]
        for state, found in lists.items()
        for a in found
    ]
    return workbook(request, "Assessment reports", ASSESSMENT_HEADER, rows, "assessments.xlsx")


Assessment = Annotated[AssessmentAccess, Depends(assessment_regulator)]


@router.get(f"{ASSESSMENTS}/{{assessment_id}}")
def assessment_page(access: Assessment, request: Request) -> HTMLResponse:
    """One assessment report: scores by domain, its validity, the PDF."""
    app, report = context(request), access.assessment
    today = datetime.now(UTC).astimezone(app.zone).date()
    state = report.state(today, app.settings.assessment_reminder_days)
    values = _common(request, access.principal)
    return page(request, "received_assessment.html", report=report, state=state, **values)


@router.get(f"{ASSESSMENTS}/{{assessment_id}}/report.pdf")
def assessment_pdf(access: Assessment, request: Request) -> Response:
    """The report itself, the PDF the enterprise sent."""
    report_id = access.assessment.id
    _, content = oversight.assessment_pdf(
        app=context(request), principal=access.principal, assessment_id=report_id
    )
    disposition = f'attachment; filename="assessment-{report_id}.pdf"'
    return Response(
        content, media_type="application/pdf", headers={"Content-Disposition": disposition}
    )
