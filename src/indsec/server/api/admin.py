"""The platform administrator's pages of the API: users and the audit log."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request

from indsec.identity import service as identity
from indsec.model.identity import Principal
from indsec.server.auth import actor, context
from indsec.server.schemas import ERRORS, AuditOut, UserIn, UserOut
from indsec.server.scopes import Admin, platform_admin_writer

router = APIRouter(prefix="/api/admin", tags=["admin"], responses=ERRORS)


@router.get("/users")
def users(principal: Admin, request: Request) -> list[UserOut]:
    found = identity.list_users(app=context(request))
    return [UserOut.model_validate(u, from_attributes=True) for u in found]


@router.post("/users", status_code=201)
def add_user(
    body: UserIn,
    principal: Annotated[Principal, Depends(platform_admin_writer)],
    request: Request,
) -> UserOut:
    """A new user; the body's fields are the account's, as the identity service takes them."""
    info = identity.add_user(
        app=context(request), actor=actor(request, principal), **body.model_dump()
    )
    return UserOut.model_validate(info, from_attributes=True)


@router.get("/audit")
def audit(
    principal: Admin,
    request: Request,
    action: Annotated[str | None, Query(max_length=64)] = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
) -> list[AuditOut]:
    """The newest audit entries, newest first; ``action`` keeps one kind (``login.failed``…)."""
    found = identity.audit_entries(app=context(request), limit=limit, action=action)
    return [AuditOut.model_validate(e, from_attributes=True) for e in found]
