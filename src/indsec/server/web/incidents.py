"""The enterprise's incident pages (enterprise mode): the list with each incident's tier and
its next report deadline (time left or overdue), opening one by hand or from an alert, and an
incident's page — the facts form whose answers the tier pack classifies, notes on the
timeline, the report forms (initial, follow-up, final summary) and the escalation to the
supervision instance. Every write is audited; a refused one is shown above its form (422).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Query, Request
from fastapi.responses import HTMLResponse, Response
from pydantic import BaseModel, Field

from indsec.detect import service as detect
from indsec.errors import ConfigError, IncidentError, RemoteError
from indsec.incident import service as incidents
from indsec.server.auth import actor, context
from indsec.server.schemas import RecordId
from indsec.server.scopes import TenantAccess, instance_reader, instance_writer
from indsec.server.web.i18n import pick_lang
from indsec.server.web.render import go_to, page, tenant_page
from indsec.server.web.time_left import time_left

router = APIRouter(include_in_schema=False)
HOME = "/incidents"
Reader = Annotated[TenantAccess, Depends(instance_reader)]
Writer = Annotated[TenantAccess, Depends(instance_writer)]
Note = Annotated[str, Form(max_length=4000)]
RefusedErrors = (IncidentError, ConfigError)


def _refused(request: Request, error: Exception) -> HTMLResponse:
    return page(request, "_incident_message.html", status_code=422, message=str(error))


def _clocks(request: Request) -> dict[str, Any]:
    now = datetime.now(UTC)
    return {"now": now, "left": lambda due: time_left(due, now)}


@router.get(HOME)
def incidents_page(
    access: Reader, request: Request, tier: Annotated[str, Query(pattern=r"^[a-z_]{0,32}$")] = ""
) -> HTMLResponse:
    """Incidents, newest first, each with its tier and its next report due."""
    app, lang, clocks = context(request), pick_lang(request), _clocks(request)
    names = incidents.tier_names(app=app, lang=lang)
    found = incidents.list_incidents(app=app, tier=tier if tier in names else None)
    rows = [(i, _next_timer(app, i, clocks["now"])) for i in found]
    return tenant_page(
        request,
        access,
        "incidents.html",
        rows=rows,
        tiers=names,
        tier=tier,
        scenarios=detect.scenario_names(app=app, lang=lang),
        threats=incidents.threat_names(app=app, lang=lang),
        year=clocks["now"].year,
        **clocks,
    )


def _next_timer(app: Any, incident: incidents.Incident, now: datetime) -> incidents.Timer | None:
    """The first report not yet made (None: every one made)."""
    timers = incidents.incident_timers(app=app, incident=incident, now=now)
    return next((t for t in timers if t.reported_at is None), None)


class Opening(BaseModel):
    """The open-by-hand form."""

    title: str = Field(min_length=1, max_length=256)
    scenario: str = Field(default="", max_length=32)
    threat: str = Field(default="minor", max_length=32)


@router.post(HOME)
def open_by_hand(access: Writer, request: Request, form: Annotated[Opening, Form()]) -> Response:
    """Open an incident by hand; it is classified at once and its clocks start now."""
    try:
        opened = incidents.open_incident(
            app=context(request),
            actor=actor(request, access.principal),
            title=form.title,
            scenario=form.scenario or None,
            facts=incidents.parse_facts({"threat": form.threat}),
        )
    except RefusedErrors as refused:
        return _refused(request, refused)
    return go_to(f"{HOME}/{opened.id}")


@router.post("/alerts/{alert_id}/incident")
def open_from_alert(alert_id: RecordId, access: Writer, request: Request) -> Response:
    """Open an incident from the alert: its asset and grade, scenario and event time."""
    try:
        opened = incidents.open_from_alert(
            app=context(request), actor=actor(request, access.principal), alert_id=alert_id
        )
    except RefusedErrors as refused:
        return _refused(request, refused)
    return go_to(f"{HOME}/{opened.id}")


@router.get(f"{HOME}/annual")
def annual_page(
    access: Reader,
    request: Request,
    year: Annotated[int | None, Query(ge=2000, le=2100)] = None,
    fmt: Annotated[str, Query(alias="format", pattern="^(html|md|json)$")] = "html",
) -> Response:
    """The annual incident summary of ``year`` (this year), as HTML (to print) or a file."""
    lang, app = pick_lang(request), context(request)
    chosen = year or datetime.now(app.site_policy.zone).year
    document = incidents.annual_summary(app=app, year=chosen, lang=lang)
    return _document(document, fmt, lang, f"incidents-{chosen}")


MEDIA = {"html": "text/html; charset=utf-8", "md": "text/markdown; charset=utf-8"}


def _document(document: dict[str, Any], fmt: str, lang: str, name: str) -> Response:
    text = incidents.render_report(document, fmt=fmt, lang=lang)
    media = MEDIA.get(fmt, "application/json")
    headers = (
        {} if fmt == "html" else {"Content-Disposition": f'attachment; filename="{name}.{fmt}"'}
    )
    return Response(text, media_type=media, headers=headers)


def _detail(request: Request, incident_id: int) -> dict[str, Any]:
    app, lang, clocks = context(request), pick_lang(request), _clocks(request)
    incident = incidents.show_incident(app=app, incident_id=incident_id)
    return {
        "incident": incident,
        "timers": incidents.incident_timers(app=app, incident=incident, now=clocks["now"]),
        "tiers": incidents.tier_names(app=app, lang=lang),
        "threats": incidents.threat_names(app=app, lang=lang),
        "scenarios": detect.scenario_names(app=app, lang=lang),
        "configured": bool(app.settings.supervision_url),
        **clocks,
    }


@router.get(f"{HOME}/{{incident_id}}")
def incident_page(incident_id: RecordId, access: Reader, request: Request) -> HTMLResponse:
    """One incident: tier and why, report clocks, facts form, timeline, reports, escalation."""
    return tenant_page(request, access, "incident.html", **_detail(request, incident_id))


@router.get(f"{HOME}/{{incident_id}}/report")
def report_form(
    incident_id: RecordId,
    access: Reader,
    request: Request,
    form: Annotated[str, Query(pattern="^(initial|follow_up|final)$")] = "initial",
    fmt: Annotated[str, Query(alias="format", pattern="^(html|md|json)$")] = "html",
) -> Response:
    """A report form as it stands (a draft: viewing it records nothing)."""
    lang = pick_lang(request)
    document = incidents.incident_report(
        app=context(request),
        actor=actor(request, access.principal),
        incident_id=incident_id,
        form=form,
        lang=lang,
        record=False,
    )
    return _document(document, fmt, lang, f"incident-{incident_id}-{form}")


class FactsForm(BaseModel):
    """The facts the page edits, as the browser sends them (text, and the ransom box).

    The form sets no limits of its own: the values are validated whole by ``Facts`` itself (in
    the service, before anything is stored), so its lengths, ranges and patterns are the only
    ones, and a refusal names the fact and why. A field left out keeps the fact as stored.
    """

    threat: str | None = None
    outage_hours: str | None = None
    direct_loss_cny: str | None = None
    personal_info: str | None = None
    sensitive_personal_info: str | None = None
    ransom_demanded: bool = False
    ransom_amount: str | None = None
    ransom_currency: str | None = None
    ransom_wallet: str | None = None
    cause: str | None = None
    impact: str | None = None
    measures: str | None = None
    follow_up_plan: str | None = None
    support_requested: str | None = None
    contact: str | None = None

    def values(self) -> dict[str, str | None]:
        """The facts to set; the ransom's details only when a ransom was demanded."""
        ransom = {
            "amount": self.ransom_amount,
            "currency": self.ransom_currency,
            "wallet": self.ransom_wallet,
        }
        plain = self.model_dump(exclude_none=True, exclude={f"ransom_{k}" for k in ransom})
        demanded = plain.pop("ransom_demanded")
        details = {f"ransom.{k}": (v or None) if demanded else None for k, v in ransom.items()}
        return {**plain, "ransom.demanded": "true" if demanded else "false", **details}


def _write(
    request: Request,
    access: TenantAccess,
    incident_id: int,
    step: Callable[..., object],
    **values: Any,
) -> Response:
    """Take ``step`` on the incident as the signed-in user (the service audits it), then back to
    the incident's page, or why not (422)."""
    try:
        step(
            app=context(request),
            actor=actor(request, access.principal),
            incident_id=incident_id,
            **values,
        )
    except RefusedErrors as refused:
        return _refused(request, refused)
    return go_to(f"{HOME}/{incident_id}")


@router.post(f"{HOME}/{{incident_id}}/facts")
def facts_form(
    incident_id: RecordId, access: Writer, request: Request, form: Annotated[FactsForm, Form()]
) -> Response:
    """Change the facts; the tier pack decides the tier again from them."""
    return _write(request, access, incident_id, incidents.update_incident, values=form.values())


@router.post(f"{HOME}/{{incident_id}}/classify")
def classify(incident_id: RecordId, access: Writer, request: Request) -> Response:
    """Apply the tier pack again (a site may have edited its thresholds)."""
    return _write(request, access, incident_id, incidents.classify_incident)


@router.post(f"{HOME}/{{incident_id}}/note")
def add_note(
    incident_id: RecordId,
    access: Writer,
    request: Request,
    note: Note = "",
    close: Annotated[bool, Form()] = False,
) -> Response:
    """An action on the timeline, or closing the incident (with a note saying why)."""
    if not note.strip():
        return _refused(request, IncidentError("a note is required"))
    return _write(
        request, access, incident_id, incidents.update_incident, note=note.strip(), close=close
    )


@router.post(f"{HOME}/{{incident_id}}/report")
def make_report(
    incident_id: RecordId,
    access: Writer,
    request: Request,
    form: Annotated[str, Form(pattern="^(initial|follow_up|final)$")],
) -> Response:
    """Record that the ``form`` report is made: its clock stops (on time or late)."""
    return _write(
        request, access, incident_id, incidents.incident_report, form=form, lang=pick_lang(request)
    )


@router.post(f"{HOME}/{{incident_id}}/escalate")
def escalate(incident_id: RecordId, access: Writer, request: Request) -> HTMLResponse:
    """Send the incident's reports to the supervision instance; the answer, or why not."""
    app = context(request)
    try:
        receipt = incidents.escalate(
            app=app,
            actor=actor(request, access.principal),
            incident_id=incident_id,
            now=datetime.now(UTC),
        )
    except (ConfigError, RemoteError) as refused:
        return page(request, "_incident_escalation.html", message=str(refused), receipt=None)
    return page(request, "_incident_escalation.html", message=None, receipt=receipt)
