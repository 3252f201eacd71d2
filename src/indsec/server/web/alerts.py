"""The enterprise's alert pages (enterprise mode): the filtered list (htmx, paged, exported
to XLSX) and one alert with its asset's grade and why, acknowledged or closed with a note."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, Response

from indsec.detect import service as detect
from indsec.errors import AlertStateError
from indsec.server.api.alerts import Filter, Page
from indsec.server.auth import actor, context
from indsec.server.schemas import RecordId
from indsec.server.scopes import Reader, TenantAccess, instance_writer
from indsec.server.web.i18n import pick_lang, translator
from indsec.server.web.render import page, signed_page
from indsec.server.web.shown import (
    export_limit,
    moment,
    query_string,
    require_exportable,
    workbook,
)

router = APIRouter(include_in_schema=False)
HOME = "/alerts"
EXPORT_HEADER = (
    "Alert",
    "Run",
    "State",
    "Severity",
    "Scenario",
    "Rule",
    "Asset",
    "Grade",
    "Event time",
)


def _list_values(request: Request, kept: detect.AlertFilter, number: int) -> dict[str, Any]:
    app = context(request)
    return {
        "found": detect.alert_page(
            app=app, kept=kept, page=number, size=app.settings.list_page_size
        ),
        "kept": kept,
        "scenarios": detect.scenario_names(app=app, lang=pick_lang(request)),
        "when": moment(detect.plant_timezone(app=app)),
        "query": _query(kept),
    }


def _query(kept: detect.AlertFilter) -> str:
    return query_string(
        {
            "scenario": kept.scenario,
            "severity": kept.severity,
            "grade": kept.grade,
            "state": kept.state,
            "run": kept.run_id,
        }
    )


@router.get(HOME)
def alerts_page(access: Reader, request: Request, kept: Filter, number: Page = 1) -> HTMLResponse:
    """Alerts of every run with filters that htmx applies in place."""
    return signed_page(
        request,
        access.principal,
        "alerts.html",
        tenant=access.tenant,
        runs=detect.detection_run_ids(app=context(request)),
        severities=detect.SEVERITIES,
        states=detect.STATES,
        **_list_values(request, kept, number),
    )


@router.get(f"{HOME}/rows")
def alert_rows(access: Reader, request: Request, kept: Filter, number: Page = 1) -> HTMLResponse:
    """The list and its pager only, for htmx to swap in."""
    return page(request, "_alert_rows.html", **_list_values(request, kept, number))


@router.get(f"{HOME}.xlsx")
def alerts_export(access: Reader, request: Request, kept: Filter) -> Response:
    """The filtered list, every page, as an XLSX workbook."""
    app, limit = context(request), export_limit(request)
    found = detect.alert_page(app=app, kept=kept, page=1, size=limit)
    require_exportable(found.total, limit, "alerts")
    _ = translator(pick_lang(request)).gettext
    when = moment(detect.plant_timezone(app=app))
    rows = [
        [
            s.id,
            s.run_id,
            _(s.state.capitalize()),
            s.alert.severity,
            s.alert.scenario or "",
            s.alert.rule_title,
            s.alert.asset.name if s.alert.asset else "",
            s.alert.asset.grade.value if s.alert.asset else "",
            when(s.alert.event_time),
        ]
        for s in found.alerts
    ]
    return workbook(request, "Alerts", EXPORT_HEADER, rows, "alerts.xlsx")


def _detail_values(request: Request, alert_id: int) -> dict[str, Any]:
    app = context(request)
    lang = pick_lang(request)
    return {
        "view": detect.alert_view(app=app, alert_id=alert_id),
        "scenarios": detect.scenario_names(app=app, lang=lang),
        "when": moment(detect.plant_timezone(app=app)),
        "next_states": detect.NEXT,
    }


@router.get(f"{HOME}/{{alert_id}}")
def alert_page(alert_id: RecordId, access: Reader, request: Request) -> HTMLResponse:
    """One alert: rule, masked event fields, the asset with its grade and why, its triage."""
    return signed_page(
        request,
        access.principal,
        "alert.html",
        may_write=access.principal.can_write,
        **_detail_values(request, alert_id),
    )


@router.post(f"{HOME}/{{alert_id}}/state")
def alert_state(
    alert_id: RecordId,
    access: Annotated[TenantAccess, Depends(instance_writer)],
    request: Request,
    state: Annotated[str, Form(max_length=16)],
    note: Annotated[str, Form(max_length=10_000)] = "",
) -> HTMLResponse:
    """Acknowledge or close from the form; a refused step shows why, above the form (422)."""
    refusal, status = "", 200
    try:
        detect.move_alert(
            app=context(request),
            actor=actor(request, access.principal),
            alert_id=alert_id,
            to=state,
            note=note,
        )
    except AlertStateError as refused:
        refusal, status = str(refused), 422
    values = _detail_values(request, alert_id)
    return page(
        request,
        "_alert_triage.html",
        status_code=status,
        refusal=refusal,
        note_missing=not note.strip(),
        may_write=True,
        oob=True,
        **values,
    )
