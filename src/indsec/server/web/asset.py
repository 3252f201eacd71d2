"""One catalogue asset's page: its fields, labels and suspicions apart, masked examples only,
the full grading rationale, and the officer's review form (a reason is required, the review is
audited and applies at once)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request, Response
from fastapi.responses import HTMLResponse

from indsec.catalogue import service as catalogue
from indsec.console import service as console
from indsec.errors import ReviewError
from indsec.model import Grade
from indsec.server.auth import actor, context
from indsec.server.schemas import GRADE_CHOICE
from indsec.server.scopes import Reader, TenantAccess, instance_writer
from indsec.server.web.render import tenant_page

router = APIRouter(include_in_schema=False)
ASSET = "/catalogue/assets/{asset_key:path}"


@router.get(ASSET)
def asset_page(access: Reader, request: Request, asset_key: str) -> HTMLResponse:
    """The asset by its key (``source::name``) in the current catalogue, reviews applied."""
    found, assets = catalogue.catalogue_view(app=context(request))
    asset = catalogue.find_asset(assets, asset_key)
    return tenant_page(
        request,
        access,
        "asset.html",
        asset=asset,
        version=found.number,
        grades=list(Grade),
        categories=sorted({a.category for a in assets}),
        needs_review=console.needs_review(asset),
    )


@router.post(ASSET)
def review_form(
    access: Annotated[TenantAccess, Depends(instance_writer)],
    request: Request,
    asset_key: str,
    reason: Annotated[str, Form(max_length=2000)] = "",
    grade: Annotated[str, Form(pattern=GRADE_CHOICE)] = "",
    category: Annotated[str, Form(max_length=128)] = "",
) -> Response:
    """Record the officer's override; a refusal (no reason, nothing changed, an unknown
    category) shows the form's message with 422 and records nothing."""
    missing = "reason" if not reason.strip() else "change" if not (grade or category) else ""
    if missing:
        return tenant_page(request, access, "_review_error.html", status_code=422, missing=missing)
    try:
        console.review(
            app=context(request),
            actor=actor(request, access.principal),
            asset=asset_key,
            grade=grade or None,
            category=category or None,
            reason=reason,
        )
    except ReviewError as exc:
        return tenant_page(
            request, access, "_review_error.html", status_code=422, missing="", error=str(exc)
        )
    return Response(status_code=200, headers={"HX-Refresh": "true"})
