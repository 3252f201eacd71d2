"""Drills (enterprise mode): the ransomware drills run in a sandbox and the tabletop drills, and
one drill's report — what fired and when, what stayed silent, the times to detect and to open
the incident, the controls exercised. Drills are held from the command line only (a ransomware
drill writes files on the host, in a sandbox the operator names), so these pages only read."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse

from indsec.detect import service as detect
from indsec.drill import service as drill
from indsec.server.auth import context
from indsec.server.schemas import RecordId
from indsec.server.scopes import TenantAccess, instance_reader
from indsec.server.web.i18n import pick_lang
from indsec.server.web.render import tenant_page

router = APIRouter(include_in_schema=False)
Reader = Annotated[TenantAccess, Depends(instance_reader)]
HOME = "/drills"


def _scenarios(request: Request) -> dict[str, str]:
    return detect.scenario_names(app=context(request), lang=pick_lang(request))


@router.get(HOME)
def drills_page(access: Reader, request: Request) -> HTMLResponse:
    """Every drill, newest first, with its measured times."""
    return tenant_page(
        request,
        access,
        "drills.html",
        drills=drill.list_drills(app=context(request)),
        scenarios=_scenarios(request),
    )


@router.get(f"{HOME}/{{drill_id}}")
def drill_page(drill_id: RecordId, access: Reader, request: Request) -> HTMLResponse:
    """One drill's report."""
    record = drill.show_drill(app=context(request), drill_id=drill_id)
    return tenant_page(
        request,
        access,
        "drill.html",
        record=record,
        report=record.document,
        scenarios=_scenarios(request),
    )
