"""The enterprise's self-examination pages (enterprise mode): results by domain with the
score, a control answered or given an evidence file in place (htmx, CSRF, audited), and the
remediation tasks (exported to XLSX). Running the examination stays ``indsec assess run``."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, File, Form, Request, UploadFile
from fastapi.responses import HTMLResponse, Response

from indsec.assess import service as assess
from indsec.errors import AssessError, NotFoundError
from indsec.identity import service as identity
from indsec.server.auth import actor, context
from indsec.server.scopes import TenantAccess, instance_reader, instance_writer
from indsec.server.web.i18n import pick_lang
from indsec.server.web.render import tenant_page
from indsec.server.web.shown import workbook

router = APIRouter(include_in_schema=False)
HOME = "/assessment"
Reader = Annotated[TenantAccess, Depends(instance_reader)]
Writer = Annotated[TenantAccess, Depends(instance_writer)]
Key = Annotated[str, Form(min_length=3, max_length=256)]
TASK_HEADER = ("Task", "Control", "Title", "Owner", "Due", "Status")


def _snapshot(request: Request) -> assess.AssessmentSnapshot | None:
    try:
        return assess.latest_snapshot(app=context(request))
    except NotFoundError:
        return None


def _controls(request: Request) -> tuple[dict[str, assess.ControlInfo], str]:
    """The loaded controls, or why there are none (no controls pack)."""
    try:
        return assess.control_infos(app=context(request)), ""
    except AssessError as missing:
        return {}, str(missing)


@router.get(HOME)
def assessment_page(access: Reader, request: Request) -> HTMLResponse:
    """The newest self-examination: scores by domain and every control with its outcome."""
    infos, missing = _controls(request)
    snapshot = _snapshot(request)
    outcomes = {r.key: r for r in snapshot.results} if snapshot else {}
    return tenant_page(
        request,
        access,
        "assessment.html",
        snapshot=snapshot,
        infos=infos,
        missing=missing,
        outcomes=outcomes,
        may_write=identity.may_write_tenant(access.principal, access.tenant),
        lang=pick_lang(request),
        answers=assess.ANSWERS,
    )


def _control(
    request: Request,
    access: TenantAccess,
    key: str,
    done: assess.RecheckOutcome | None,
    refusal: str,
) -> HTMLResponse:
    infos, _missing = _controls(request)
    values: dict[str, Any] = {
        "key": key,
        "info": infos.get(key),
        "done": done,
        "refusal": refusal,
        "may_write": True,
        "lang": pick_lang(request),
        "answers": assess.ANSWERS,
        "outcome": done.outcome if done else None,
    }
    return tenant_page(
        request, access, "_assessment_control.html", status_code=422 if refusal else 200, **values
    )


@router.post(f"{HOME}/answer")
def assessment_answer(
    access: Writer,
    request: Request,
    control: Key,
    outcome: Annotated[str, Form(max_length=16)],
    note: Annotated[str, Form(max_length=10_000)] = "",
) -> HTMLResponse:
    """Answer a control; it is measured again at once and its task moves with it."""
    try:
        done = assess.answer_control(
            app=context(request),
            actor=actor(request, access.principal),
            control_key=control,
            outcome=outcome,
            note=note,
        )
    except AssessError as refused:
        return _control(request, access, control, None, str(refused))
    return _control(request, access, control, done, "")


def _expiry(value: str) -> datetime | None:
    if not value.strip():
        return None
    try:
        return datetime.fromisoformat(value)
    except ValueError as exc:
        raise AssessError(f"'{value}' is not a date") from exc


@router.post(f"{HOME}/evidence")
def assessment_evidence(
    access: Writer,
    request: Request,
    control: Key,
    file: Annotated[UploadFile, File()],
    expires: Annotated[str, Form(max_length=32)] = "",
) -> HTMLResponse:
    """Keep an uploaded file as evidence of a control (digest, who, when, expiry)."""
    limit = context(request).settings.assess_evidence_max_bytes
    content = file.file.read(limit + 1)
    try:
        done = assess.attach_evidence_bytes(
            app=context(request),
            actor=actor(request, access.principal),
            control_key=control,
            file_name=file.filename or "evidence",
            content=content,
            expires_at=_expiry(expires),
        )
    except AssessError as refused:
        return _control(request, access, control, None, str(refused))
    return _control(request, access, control, done, "")


@router.get(f"{HOME}/tasks")
def tasks_page(access: Reader, request: Request) -> HTMLResponse:
    """The remediation tasks of failed controls, open ones first."""
    found = assess.list_tasks(app=context(request))
    found.sort(key=lambda t: (t.status == "verified", t.due, t.id))
    return tenant_page(request, access, "assessment_tasks.html", tasks=found)


@router.get(f"{HOME}/tasks.xlsx")
def tasks_export(access: Reader, request: Request) -> Response:
    """The task list as an XLSX workbook."""
    lang = pick_lang(request)
    rows = [
        [
            int(t.id),
            t.control_key,
            t.title,
            t.owner,
            t.due.isoformat(),
            assess.label(t.status, lang),
        ]
        for t in assess.list_tasks(app=context(request))
    ]
    return workbook(request, "Remediation tasks", TASK_HEADER, rows, "remediation-tasks.xlsx")
