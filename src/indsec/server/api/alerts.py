"""The enterprise's alerts (enterprise mode): filtered lists, one alert in full, triage steps.

Lists filter by scenario, severity, the touched asset's grade, triage state and run; the same
filter (:func:`alert_filter`) serves the API, the page and its XLSX export.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request

from indsec.detect import service as detect
from indsec.model import ClassifiedAsset
from indsec.server.auth import actor, context
from indsec.server.schemas import (
    ERRORS,
    GRADE_CHOICE,
    MAX_ID,
    AlertAssetOut,
    AlertListOut,
    AlertOut,
    AlertSummaryOut,
    RationaleStepOut,
    RecordId,
    StateStepOut,
    TransitionIn,
    choice,
)
from indsec.server.scopes import Reader, TenantAccess, instance_writer
from indsec.server.web.i18n import pick_lang

router = APIRouter(prefix="/api/alerts", tags=["alerts"], responses=ERRORS)


def alert_filter(
    scenario: Annotated[str, Query(pattern=r"^[a-z0-9_]{0,32}$")] = "",
    severity: Annotated[str, Query(pattern=choice(*detect.SEVERITIES))] = "",
    grade: Annotated[str, Query(pattern=GRADE_CHOICE)] = "",
    state: Annotated[str, Query(pattern=choice(*detect.STATES))] = "",
    run: Annotated[str, Query(pattern=r"^([1-9][0-9]{0,8})?$")] = "",
) -> detect.AlertFilter:
    """The list filter from the query; an empty value keeps everything."""
    return detect.AlertFilter(
        scenario=scenario or None,
        severity=severity or None,
        grade=grade or None,
        state=state or None,
        run_id=int(run) if run else None,
    )


Filter = Annotated[detect.AlertFilter, Depends(alert_filter)]
Page = Annotated[int, Query(alias="page", ge=1, le=MAX_ID)]
"""The page of a list, counted from 1."""


def summary_out(stored: detect.StoredAlert) -> AlertSummaryOut:
    alert = stored.alert
    return AlertSummaryOut(
        id=stored.id,
        run_id=stored.run_id,
        state=stored.state,  # type: ignore[arg-type]  # one of STATES
        rule_title=alert.rule_title,
        severity=alert.severity,
        scenario=alert.scenario,
        asset=alert.asset.name if alert.asset else None,
        asset_grade=alert.asset.grade.value if alert.asset else None,
        event_time=alert.event_time,
    )


def _asset_out(view: detect.AlertView, lang: str) -> AlertAssetOut | None:
    touched = view.stored.alert.asset
    if touched is None:
        return None
    graded: ClassifiedAsset | None = view.asset
    steps = graded.rationale if graded is not None else []
    return AlertAssetOut(
        key=touched.key,
        name=touched.name,
        grade=(graded.grade if graded is not None else touched.grade).value,
        category=graded.category if graded is not None else touched.category,
        matched_on=touched.matched_on,
        reason=touched.reason,
        rationale=[
            RationaleStepOut(rule=s.rule, title=s.title(lang), effect=s.effect, evidence=s.evidence)
            for s in steps
        ],
    )


@router.get("")
def alerts(access: Reader, request: Request, kept: Filter, number: Page = 1) -> AlertListOut:
    """Alerts of every run, newest first, one page at a time."""
    app = context(request)
    found = detect.alert_page(app=app, kept=kept, page=number, size=app.settings.list_page_size)
    return AlertListOut(
        total=found.total,
        page=found.page,
        pages=found.pages,
        alerts=[summary_out(s) for s in found.alerts],
    )


@router.get("/{alert_id}")
def alert(alert_id: RecordId, access: Reader, request: Request) -> AlertOut:
    """One alert: the rule, the event's fields (masked), the asset with its grade and why, and
    the triage history."""
    view = detect.alert_view(app=context(request), alert_id=alert_id)
    shown = view.stored.alert
    return AlertOut(
        **summary_out(view.stored).model_dump(),
        rule_id=shown.rule_id,
        level=shown.level,
        tags=shown.tags,
        risk_types=shown.risk_types,
        origin=shown.origin,
        details=view.details,
        asset_detail=_asset_out(view, pick_lang(request)),
        history=[StateStepOut.model_validate(s, from_attributes=True) for s in view.history],
    )


@router.post("/{alert_id}/transitions", status_code=201)
def transition(
    alert_id: RecordId,
    body: TransitionIn,
    access: Annotated[TenantAccess, Depends(instance_writer)],
    request: Request,
) -> StateStepOut:
    """Acknowledge or close the alert with a note (a closed alert is final)."""
    step = detect.move_alert(
        app=context(request),
        actor=actor(request, access.principal),
        alert_id=alert_id,
        to=body.state,
        note=body.note,
    )
    return StateStepOut.model_validate(step, from_attributes=True)
