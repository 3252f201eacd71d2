"""Scans and detection runs, wherever they were started (the CLI, a rescan from this page),
with their reports; the rescan's job panel polls the background worker's progress."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from indsec.catalogue import service as catalogue
from indsec.console import service as console
from indsec.detect import service as detect
from indsec.server.auth import context
from indsec.server.scopes import Reader
from indsec.server.web.render import tenant_page

router = APIRouter(include_in_schema=False)
RUNS = "/runs"


def _newest_job(request: Request) -> console.Job | None:
    jobs = console.recent_jobs(app=context(request), limit=1, kind=console.RESCAN)
    return jobs[0] if jobs else None


@router.get(RUNS)
def runs_page(access: Reader, request: Request) -> HTMLResponse:
    """Every scan (catalogue version) with its problems per source, the detection runs with
    their reports, and the rescan button with the newest job's state."""
    app = context(request)
    scans = [
        (scan, console.problems_by_source(scan.report))
        for scan in reversed(catalogue.list_versions(app=app))
    ]
    return tenant_page(
        request,
        access,
        "runs.html",
        scans=scans,
        runs=detect.detection_runs(app=app),
        job=_newest_job(request),
    )


@router.get(f"{RUNS}/job")
def job_panel(access: Reader, request: Request) -> HTMLResponse:
    """The newest job's state; while it runs, the panel polls this again."""
    return tenant_page(request, access, "_job.html", job=_newest_job(request))
