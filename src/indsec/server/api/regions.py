"""The regulator's registry by region (supervision mode): the enterprises of a jurisdiction."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request

from indsec.identity import service as identity
from indsec.server.auth import actor, context
from indsec.server.schemas import ERRORS, TenantIn, TenantOut
from indsec.server.scopes import RegionAccess, RegionReader, region_writer

router = APIRouter(prefix="/api/regions", tags=["regions"], responses=ERRORS)


@router.get("/{region_code}/tenants")
def region_tenants(access: RegionReader, request: Request) -> list[TenantOut]:
    """The enterprises registered in the region's subtree."""
    found = identity.tenants_in_region(app=context(request), region_code=access[1])
    return [TenantOut.model_validate(t, from_attributes=True) for t in found]


@router.post("/{region_code}/tenants", status_code=201)
def register_tenant(
    body: TenantIn, access: Annotated[RegionAccess, Depends(region_writer)], request: Request
) -> TenantOut:
    """Register an enterprise in the region (USCC check digit verified)."""
    principal, region_code = access
    found = identity.add_tenant(
        app=context(request),
        actor=actor(request, principal),
        uscc=body.uscc,
        name=body.name,
        region_code=region_code,
    )
    return TenantOut.model_validate(found, from_attributes=True)
