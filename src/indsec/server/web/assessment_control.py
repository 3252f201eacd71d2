"""One control of the self-examination (enterprise mode): its text, basis and penalty articles,
guidance, its outcome in the newest run, its remediation task, and every piece of evidence kept
for it with its digest (the answers among them are its answer history); the officer answers it
or attaches a file, and the control is measured again at once. Both writes are audited."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any

from fastapi import APIRouter, Depends, File, Form, Request, UploadFile
from fastapi import Path as PathParam
from fastapi.responses import HTMLResponse, Response

from indsec.assess import browse
from indsec.assess import service as assess
from indsec.errors import AssessError
from indsec.server.auth import actor, context
from indsec.server.scopes import TenantAccess, instance_reader, instance_writer
from indsec.server.web.assessment import HOME, latest
from indsec.server.web.render import tenant_page

router = APIRouter(include_in_schema=False)
Reader = Annotated[TenantAccess, Depends(instance_reader)]
Writer = Annotated[TenantAccess, Depends(instance_writer)]
ControlKey = Annotated[str, PathParam(pattern=r"^[a-z0-9_-]{1,64}\.[a-z0-9_.-]{1,64}$")]
Digest = Annotated[str, PathParam(pattern=r"^[0-9a-f]{64}$")]
CONTROL = f"{HOME}/controls/{{control_key}}"


def _values(request: Request, control_key: str) -> dict[str, Any]:
    app = context(request)
    snapshot = latest(request)
    result = next((r for r in snapshot.results if r.key == control_key), None) if snapshot else None
    tasks = [t for t in assess.list_tasks(app=app) if t.control_key == control_key]
    return {
        "detail": browse.control_detail(app=app, control_key=control_key),
        "result": result,
        "task": tasks[0] if tasks else None,
        "answers": assess.ANSWERS,
    }


@router.get(CONTROL)
def control_page(control_key: ControlKey, access: Reader, request: Request) -> HTMLResponse:
    """The control, its evidence and answer history, and the forms to answer or attach."""
    return tenant_page(request, access, "assessment_control.html", **_values(request, control_key))


def _state(
    request: Request,
    access: TenantAccess,
    control_key: str,
    measured: assess.RecheckOutcome | None,
    refusal: str = "",
) -> HTMLResponse:
    """The control's state section after a write: what it measures now, or why it was refused
    (422, shown above the forms)."""
    return tenant_page(
        request,
        access,
        "_assessment_state.html",
        status_code=422 if refusal else 200,
        measured=measured,
        refusal=refusal,
        **_values(request, control_key),
    )


def _measure(
    request: Request,
    access: TenantAccess,
    control_key: str,
    step: Callable[..., assess.RecheckOutcome],
    **values: Any,
) -> HTMLResponse:
    """Take ``step`` on the control as the signed-in user (the service audits it and measures
    the control again), then its state section, or why it was refused."""
    try:
        measured = step(
            app=context(request),
            actor=actor(request, access.principal),
            control_key=control_key,
            **values,
        )
    except AssessError as refused:
        return _state(request, access, control_key, None, str(refused))
    return _state(request, access, control_key, measured)


@router.post(f"{CONTROL}/answer")
def control_answer(
    control_key: ControlKey,
    access: Writer,
    request: Request,
    outcome: Annotated[str, Form(max_length=32)],
    note: Annotated[str, Form(max_length=10_000)] = "",
) -> HTMLResponse:
    """Record the officer's answer and measure the control again."""
    return _measure(request, access, control_key, assess.answer_control, outcome=outcome, note=note)


@router.post(f"{CONTROL}/evidence")
def control_evidence(
    control_key: ControlKey,
    access: Writer,
    request: Request,
    file: Annotated[UploadFile, File()],
) -> HTMLResponse:
    """Keep the uploaded file as evidence (its SHA-256 shown) and measure the control again;
    one byte past the bound is read at most, so an oversized upload is refused unread."""
    data = file.file.read(context(request).settings.assess_evidence_max_bytes + 1)
    name = file.filename or "evidence"
    return _measure(
        request, access, control_key, assess.attach_evidence_bytes, file_name=name, content=data
    )


@router.get(f"{HOME}/evidence/{{digest}}")
def evidence_download(digest: Digest, access: Reader, request: Request) -> Response:
    """A kept evidence file, as a download (never rendered by the browser)."""
    content = browse.evidence_file(app=context(request), digest=digest)
    headers = {
        "Content-Disposition": f'attachment; filename="evidence-{digest[:12]}"',
        "X-Content-Type-Options": "nosniff",
    }
    return Response(content, media_type="application/octet-stream", headers=headers)
