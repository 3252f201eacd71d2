"""The enterprise's catalogue (enterprise mode), read through the catalogue service."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request

from indsec.catalogue import service as catalogue
from indsec.server.auth import context
from indsec.server.schemas import ERRORS, MAX_ID, AssetOut, CatalogueOut
from indsec.server.scopes import TenantAccess, instance_reader

router = APIRouter(prefix="/api/catalogue", tags=["catalogue"], responses=ERRORS)


@router.get("")
def catalogue_version(
    access: Annotated[TenantAccess, Depends(instance_reader)],
    request: Request,
    version: Annotated[int | None, Query(ge=1, le=MAX_ID)] = None,
) -> CatalogueOut:
    """A catalogue version (the newest complete by default), human reviews applied."""
    found, assets = catalogue.catalogue_view(app=context(request), version=version)
    return CatalogueOut(
        version=found.number,
        created_at=found.created_at,
        assets=[
            AssetOut(
                source=a.source,
                name=a.name,
                kind=a.kind,
                category=a.category,
                grade=a.grade.value,
                rows=a.rows,
            )
            for a in assets
        ],
    )
