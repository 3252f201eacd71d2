"""The filing intake and its workflow (supervision mode).

Enterprises post the filing ``indsec filing export`` writes (as JSON, or the file itself as an
upload); a retry of the same content answers the version already received (200) instead of a
new one (201). Regulators of the filer's region list, read and move filings through review.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request, Response, UploadFile

from indsec.model.identity import Principal
from indsec.server.api.filing_schemas import (
    INTAKE_ERRORS,
    WORKFLOW_ERRORS,
    FilingDetailOut,
    FilingIn,
    FilingOut,
    ReceivedOut,
    RecordChangeOut,
    TransitionIn,
    detail_out,
    filing_out,
)
from indsec.server.auth import actor, context
from indsec.server.schemas import ERRORS, MAX_ID, RegionCode
from indsec.server.scopes import (
    FilingAccess,
    enterprise_filer,
    filing_mover,
    filing_reader,
    regulator,
    signed_in,
)
from indsec.supervision import service as supervision

router = APIRouter(prefix="/api/filings", tags=["filings"], responses=ERRORS)
Filer = Annotated[Principal, Depends(enterprise_filer)]
StatusFilter = supervision.FilingStatus | None


def _received(answer: supervision.Received, response: Response) -> ReceivedOut:
    response.status_code = 201 if answer.created else 200
    return ReceivedOut(filing=filing_out(answer.filing), created=answer.created)


@router.post("", status_code=201, responses=INTAKE_ERRORS)
def submit(body: FilingIn, principal: Filer, request: Request, response: Response) -> ReceivedOut:
    """File the important/core catalogue (the JSON ``indsec filing export`` writes)."""
    answer = supervision.receive_filing(
        app=context(request),
        actor=actor(request, principal),
        principal=principal,
        document=body.model_dump(),
    )
    return _received(answer, response)


@router.post("/upload", status_code=201, responses=INTAKE_ERRORS)
async def upload(
    file: UploadFile, principal: Filer, request: Request, response: Response
) -> ReceivedOut:
    """File the catalogue as the exported file itself, JSON or XLSX."""
    app = context(request)
    content = await file.read(app.settings.filing_max_bytes + 1)
    answer = supervision.receive_upload(
        app=app, actor=actor(request, principal), principal=principal, content=content
    )
    return _received(answer, response)


@router.get("")
def list_filings(
    principal: Annotated[Principal, Depends(regulator)],
    request: Request,
    status: StatusFilter = None,
    region: RegionCode | None = None,
    older_than_days: Annotated[int | None, Query(ge=0, le=36_500)] = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 200,
) -> list[FilingOut]:
    """The filings of the caller's jurisdiction, newest first, by status, region and age."""
    where = supervision.FilingFilter(status, region, older_than_days, limit)
    found = supervision.list_filings(app=context(request), principal=principal, where=where)
    return [filing_out(f) for f in found]


@router.get("/own")
def own(principal: Annotated[Principal, Depends(signed_in)], request: Request) -> list[FilingOut]:
    """The caller's enterprise's filing versions with their status and comments, newest first."""
    found = supervision.own_filings(app=context(request), principal=principal)
    return [filing_out(f.summary, f.comment) for f in found]


@router.get("/{filing_id}")
def read(access: Annotated[FilingAccess, Depends(filing_reader)]) -> FilingDetailOut:
    """One filing version: its records, scale per category and history."""
    return detail_out(access.filing)


@router.get("/{filing_id}/versions")
def versions(
    access: Annotated[FilingAccess, Depends(filing_reader)], request: Request
) -> list[FilingOut]:
    """Every version the same enterprise filed, oldest first."""
    found = supervision.versions(
        app=context(request), principal=access.principal, filing_id=access.filing.summary.id
    )
    return [filing_out(f) for f in found]


@router.get("/{filing_id}/diff")
def diff(
    access: Annotated[FilingAccess, Depends(filing_reader)],
    request: Request,
    against: Annotated[int | None, Query(ge=1, le=MAX_ID)] = None,
) -> list[RecordChangeOut]:
    """Records added, removed or changed from version ``against`` (default: the previous one)."""
    changes = supervision.diff(
        app=context(request),
        principal=access.principal,
        filing_id=access.filing.summary.id,
        against=against,
    )
    return [
        RecordChangeOut(
            key=c.key, change=c.change, fields={k: list(v) for k, v in c.fields.items()}
        )
        for c in changes
    ]


def _move(
    access: FilingAccess, request: Request, action: supervision.FilingAction, body: TransitionIn
) -> FilingDetailOut:
    moved = supervision.move(
        app=context(request),
        actor=actor(request, access.principal),
        principal=access.principal,
        filing_id=access.filing.summary.id,
        action=action,
        comment=body.comment,
    )
    return detail_out(moved)


Mover = Annotated[FilingAccess, Depends(filing_mover)]


@router.post("/{filing_id}/review", responses=WORKFLOW_ERRORS)
def start_review(access: Mover, request: Request, body: TransitionIn) -> FilingDetailOut:
    """Start reviewing a submitted (or resubmitted) filing."""
    return _move(access, request, supervision.FilingAction.REVIEW, body)


@router.post("/{filing_id}/accept", responses=WORKFLOW_ERRORS)
def accept(access: Mover, request: Request, body: TransitionIn) -> FilingDetailOut:
    """Accept a filing under review."""
    return _move(access, request, supervision.FilingAction.ACCEPT, body)


@router.post("/{filing_id}/return", responses=WORKFLOW_ERRORS)
def return_filing(access: Mover, request: Request, body: TransitionIn) -> FilingDetailOut:
    """Return a filing under review with comments (required) on what to correct."""
    return _move(access, request, supervision.FilingAction.RETURN, body)
