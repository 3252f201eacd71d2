"""The risk register and the remediation plan of the self-examination (enterprise mode): the
newest run's risks on a likelihood × impact heat-map and listed by level; the remediation tasks
created from failed controls, filtered by status, each assigned, rescheduled or moved by the
officer in place (audited). A task is verified only by its control passing again."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Depends, Form, Query, Request
from fastapi.responses import HTMLResponse, Response

from indsec.assess import service as assess
from indsec.detect import service as detect
from indsec.errors import AssessError
from indsec.model.assessment import Risk
from indsec.server.auth import actor, context
from indsec.server.schemas import RecordId
from indsec.server.scopes import TenantAccess, instance_reader, instance_writer
from indsec.server.web.assessment import HOME, latest
from indsec.server.web.i18n import pick_lang, translator
from indsec.server.web.render import tenant_page
from indsec.server.web.shown import export_limit, require_exportable, workbook

router = APIRouter(include_in_schema=False)
Reader = Annotated[TenantAccess, Depends(instance_reader)]
Writer = Annotated[TenantAccess, Depends(instance_writer)]
SCALE = range(1, 6)
"""Likelihood and impact, each 1–5."""
Status = Annotated[str, Query(max_length=16, pattern=r"^[a-z_]*$")]
EXPORT_HEADER = ("Task", "Control", "Title", "Status", "Owner", "Due")
STATUS_LABELS = {
    "open": "Open",
    "in_progress": "In progress",
    "done": "Done (to verify)",
    "verified": "Verified",
}
"""The message ids of the task states (the templates' ``task_status_name`` says the same)."""


def heat_map(risks: tuple[Risk, ...]) -> list[list[list[Risk]]]:
    """The risks in a 5 × 5 grid: rows by likelihood (5 at the top), columns by impact."""
    grid: list[list[list[Risk]]] = [[[] for _ in SCALE] for _ in SCALE]
    for risk in risks:
        grid[5 - risk.likelihood][risk.impact - 1].append(risk)
    return grid


@router.get(f"{HOME}/risks")
def risks_page(access: Reader, request: Request) -> HTMLResponse:
    """The newest run's risk register: its heat-map and its risks, highest level first."""
    snapshot = latest(request)
    risks = tuple(sorted(snapshot.risks, key=lambda r: (-r.level, r.id))) if snapshot else ()
    return tenant_page(
        request,
        access,
        "assessment_risks.html",
        snapshot=snapshot,
        risks=risks,
        grid=heat_map(risks),
        scale=SCALE,
        scenarios=_scenarios(request),
    )


def _scenarios(request: Request) -> dict[str, str]:
    return detect.scenario_names(app=context(request), lang=pick_lang(request))


@router.get(f"{HOME}/tasks")
def tasks_page(access: Reader, request: Request, status: Status = "") -> HTMLResponse:
    """The remediation tasks (of one status, or all), each editable in its row."""
    tasks = assess.list_tasks(app=context(request), status=status or None)
    return tenant_page(
        request,
        access,
        "assessment_tasks.html",
        tasks=tasks,
        status=status,
        states=assess.TASK_STATES,
        infos=assess.control_infos(app=context(request)),
    )


@router.get(f"{HOME}/tasks.xlsx")
def tasks_export(access: Reader, request: Request, status: Status = "") -> Response:
    """The remediation tasks (of one status, or all) as an XLSX workbook."""
    tasks = assess.list_tasks(app=context(request), status=status or None)
    require_exportable(len(tasks), export_limit(request), "tasks")
    _ = translator(pick_lang(request)).gettext
    rows = [
        [t.id, t.control_key, t.title, _(STATUS_LABELS[t.status]), t.owner, t.due.isoformat()]
        for t in tasks
    ]
    return workbook(request, "Remediation tasks", EXPORT_HEADER, rows, "remediation-tasks.xlsx")


@router.post(f"{HOME}/tasks/{{task_id}}")
def task_update(
    task_id: RecordId,
    access: Writer,
    request: Request,
    owner: Annotated[str, Form(max_length=128)] = "",
    due: Annotated[date | None, Form()] = None,
    status: Annotated[str, Form(max_length=16)] = "",
    note: Annotated[str, Form(max_length=10_000)] = "",
) -> HTMLResponse:
    """Change a task's owner, due date or status from its row; the row comes back (422 with
    the reason when refused)."""
    app, refusal = context(request), ""
    try:
        assess.update_task(
            app=app,
            actor=actor(request, access.principal),
            task_id=task_id,
            owner=owner.strip() or None,
            due=due,
            status=status or None,
            note=note,
        )
    except AssessError as refused:
        refusal = str(refused)
    return tenant_page(
        request,
        access,
        "_task_row.html",
        status_code=422 if refusal else 200,
        task=assess.show_task(app=app, task_id=task_id).task,
        refusal=refusal,
        states=assess.TASK_STATES,
        infos=assess.control_infos(app=app),
    )
