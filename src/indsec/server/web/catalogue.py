"""The enterprise's catalogue page (enterprise mode), filtered by grade in place by htmx."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse

from indsec.catalogue import service as catalogue
from indsec.model import ClassifiedAsset, Grade
from indsec.server.auth import context
from indsec.server.scopes import TenantAccess, instance_reader
from indsec.server.web.render import page

router = APIRouter(include_in_schema=False)
HOME = "/catalogue"


GradeFilter = Annotated[str, Query(pattern="^(|general|important|core)$")]
"""A grade, or empty for all (the filter's first option)."""


def _assets(request: Request, grade: str) -> tuple[int, list[ClassifiedAsset]]:
    found, assets = catalogue.catalogue_view(app=context(request))
    return found.number, [a for a in assets if not grade or a.grade is Grade(grade)]


@router.get(HOME)
def catalogue_page(
    access: Annotated[TenantAccess, Depends(instance_reader)],
    request: Request,
    grade: GradeFilter = "",
) -> HTMLResponse:
    """The newest catalogue version, with a grade filter that htmx applies in place."""
    version, assets = _assets(request, grade)
    return page(
        request,
        "catalogue.html",
        user=access.principal.username,
        tenant=access.tenant,
        csrf=request.state.csrf_token,
        version=version,
        assets=assets,
        grade=grade,
        grades=list(Grade),
    )


@router.get(f"{HOME}/rows")
def catalogue_rows(
    access: Annotated[TenantAccess, Depends(instance_reader)],
    request: Request,
    grade: GradeFilter = "",
) -> HTMLResponse:
    """The table rows only, for htmx to swap in when the filter changes."""
    _, assets = _assets(request, grade)
    return page(request, "_catalogue_rows.html", assets=assets)
