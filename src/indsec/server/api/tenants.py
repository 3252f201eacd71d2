"""Tenants (enterprises): a tenant's record, and its officer adding the enterprise's users."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Request

from indsec.identity import service as identity
from indsec.model.identity import Role
from indsec.server.auth import actor, context
from indsec.server.schemas import ERRORS, Input, Password, TenantOut, Text64, UserOut
from indsec.server.scopes import TenantAccess, tenant_reader, tenant_writer

router = APIRouter(prefix="/api/tenants", tags=["tenants"], responses=ERRORS)


class TenantUserIn(Input):
    """A user the enterprise's officer adds to their own enterprise."""

    username: Text64
    password: Password
    role: Literal[Role.ENTERPRISE_OFFICER, Role.ENTERPRISE_VIEWER]


@router.get("/{tenant_id}")
def tenant(access: Annotated[TenantAccess, Depends(tenant_reader)]) -> TenantOut:
    return TenantOut.model_validate(access.tenant, from_attributes=True)


@router.post("/{tenant_id}/users", status_code=201)
def add_tenant_user(
    body: TenantUserIn,
    access: Annotated[TenantAccess, Depends(tenant_writer)],
    request: Request,
) -> UserOut:
    """A user of the caller's own enterprise (the body's fields as the identity service takes
    them); its tenant is the one in the path, never the body's."""
    info = identity.add_user(
        app=context(request),
        actor=actor(request, access.principal),
        tenant_id=access.tenant.id,
        **body.model_dump(),
    )
    return UserOut.model_validate(info, from_attributes=True)
