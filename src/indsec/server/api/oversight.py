"""What enterprise instances report to the supervision instance besides filings (supervision
mode): incident escalations and annual assessment reports.

Only an enterprise officer reports, and only for its own enterprise (the token's tenant); a
retry of the same content answers the record already received (200) instead of a new
version (201).
"""

from __future__ import annotations

import json
from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request, Response, UploadFile
from pydantic import BaseModel

from indsec.errors import FilingRejectedError, Problem
from indsec.model.identity import Principal
from indsec.oversight import service as oversight
from indsec.server.api.filing_schemas import INTAKE_ERRORS
from indsec.server.auth import actor, context
from indsec.server.scopes import enterprise_filer

router = APIRouter(prefix="/api", tags=["incidents", "assessments"], responses=INTAKE_ERRORS)
Filer = Annotated[Principal, Depends(enterprise_filer)]


class ReceiptOut(BaseModel):
    id: int
    version: int
    created: bool


def _receipt(receipt: oversight.Receipt, response: Response) -> ReceiptOut:
    response.status_code = 201 if receipt.created else 200
    return ReceiptOut(id=receipt.id, version=receipt.version, created=receipt.created)


@router.post("/incidents", status_code=201)
def receive_incident(
    body: oversight.Escalation, principal: Filer, request: Request, response: Response
) -> ReceiptOut:
    """An incident's escalation document (``indsec incident escalate``): tier, deadlines and
    the reports made so far."""
    receipt = oversight.receive_incident(
        app=context(request),
        actor=actor(request, principal),
        principal=principal,
        document=body.model_dump(mode="json", by_alias=True),
    )
    return _receipt(receipt, response)


@router.post("/assessments", status_code=201)
async def receive_assessment(
    summary: Annotated[str, Form(max_length=1_000_000)],
    report: UploadFile,
    principal: Filer,
    request: Request,
    response: Response,
) -> ReceiptOut:
    """An annual assessment report: its summary (JSON, schema ``indsec.assessment-summary/1``)
    and the report itself as PDF."""
    app = context(request)
    try:
        raw = json.loads(summary)
    except ValueError as exc:
        problem = Problem("summary", f"not JSON: {exc}")
        raise FilingRejectedError("the assessment summary is invalid", [problem]) from exc
    content = await report.read(app.settings.filing_max_bytes + 1)
    receipt = oversight.receive_assessment(
        app=app,
        actor=actor(request, principal),
        principal=principal,
        summary=raw,
        pdf=content,
        pdf_name=report.filename or "report.pdf",
    )
    return _receipt(receipt, response)
