"""The regulator's registry page (supervision mode): the enterprises of its jurisdiction."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse

from indsec.identity import service as identity
from indsec.model.identity import Principal
from indsec.server.auth import context
from indsec.server.scopes import regulator
from indsec.server.web.i18n import pick_lang
from indsec.server.web.render import page

router = APIRouter(include_in_schema=False)
HOME = "/registry"


@router.get(HOME)
def registry_page(
    principal: Annotated[Principal, Depends(regulator)], request: Request
) -> HTMLResponse:
    """Every registered enterprise in the regulator's jurisdiction, with its region's name."""
    tenants = identity.tenants_in_jurisdiction(app=context(request), principal=principal)
    lang = pick_lang(request)
    regions = {t.region_code: identity.region(code=t.region_code).names.get(lang) for t in tenants}
    return page(
        request,
        "registry.html",
        user=principal.username,
        csrf=request.state.csrf_token,
        tenants=tenants,
        regions=regions,
    )
