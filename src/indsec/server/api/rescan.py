"""Rescans started from the web: the request only starts the background worker; callers poll
the job for its progress, outcome or failure."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request, Response

from indsec.console import service as console
from indsec.server.auth import actor, context
from indsec.server.schemas import ERRORS, JobOut, RecordId
from indsec.server.scopes import Reader, TenantAccess, instance_writer

router = APIRouter(prefix="/api/rescan", tags=["rescan"], responses=ERRORS)


def job_out(job: console.Job) -> JobOut:
    return JobOut.model_validate(job, from_attributes=True)


@router.post("", status_code=202)
def start_rescan(
    access: Annotated[TenantAccess, Depends(instance_writer)], request: Request, response: Response
) -> JobOut:
    """Scan the current catalogue's sources again in the background (one rescan at a time:
    409 while one runs). The answer tells htmx pages to refresh their job panel."""
    job = console.start_rescan(app=context(request), actor=actor(request, access.principal))
    response.headers["HX-Trigger"] = "rescan"
    return job_out(job)


@router.get("/{job_id}")
def rescan_job(access: Reader, request: Request, job_id: RecordId) -> JobOut:
    """A rescan's progress (its newest line and how many), outcome or failure."""
    return job_out(console.job(app=context(request), job_id=job_id))
