"""The platform administrator's pages (both modes): users and roles, API tokens, the audit log.

Every change goes through the identity service, which writes it and its audit entry in one
transaction. A generated password or a token's secret is shown once, in the answer to the form
that made it, and never again: only its hash or digest is stored. A refused change shows the
section again with the reason (422), which the forms' htmx swaps in.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse

from indsec.errors import IdentityError, NotFoundError
from indsec.identity import service as identity
from indsec.model.identity import Principal, Role, TokenScope
from indsec.server.auth import actor, context
from indsec.server.schemas import RecordId, Username
from indsec.server.scopes import Admin, platform_admin_writer
from indsec.server.web.render import page, signed_page

router = APIRouter(include_in_schema=False)
Writer = Annotated[Principal, Depends(platform_admin_writer)]
OptionalId = Annotated[str, Form(pattern=r"^[0-9]{0,9}$")]
OptionalRegion = Annotated[str, Form(pattern=r"^([1-9][0-9]{5})?$")]
RoleField = Annotated[Role, Form()]


def _users(request: Request, **values: Any) -> dict[str, Any]:
    app = context(request)
    tenants = identity.list_tenants(app=app)
    return {
        "users": identity.list_users(app=app),
        "tenants": {t.id: t for t in tenants},
        "roles": list(Role),
        **values,
    }


def _tokens(request: Request, **values: Any) -> dict[str, Any]:
    app = context(request)
    return {
        "tokens": identity.all_tokens(app=app),
        "users": identity.list_users(app=app),
        "scopes": list(TokenScope),
        "max_days": app.settings.token_max_days,
        **values,
    }


def _changed(
    request: Request,
    template: str,
    values: Callable[..., dict[str, Any]],
    change: Callable[[], dict[str, Any]],
) -> HTMLResponse:
    """Make ``change`` and show the section again with what it returned to show (a password
    or a secret, once); a refused change shows the reason instead."""
    try:
        shown, status = change(), 200
    except (IdentityError, NotFoundError) as refused:
        shown, status = {"error": str(refused)}, 422
    return page(request, template, status_code=status, **values(request, **shown))


@router.get("/admin/users")
def users_page(principal: Admin, request: Request) -> HTMLResponse:
    """Every user with their role and binding; add, disable, re-role, reset a password."""
    return signed_page(request, principal, "admin_users.html", **_users(request))


def _new_password(username: str, give: Callable[[str], None]) -> dict[str, Any]:
    """Generate a password, ``give`` it to the account, and show it (this once)."""
    password = identity.generate_password()
    give(password)
    return {"password_for": username, "password": password}


def _optional_id(text: str) -> int | None:
    return int(text) if text else None


@router.post("/admin/users")
def add_user(
    principal: Writer,
    request: Request,
    username: Annotated[str, Form(max_length=64)],
    role: RoleField,
    tenant_id: OptionalId = "",
    region_code: OptionalRegion = "",
) -> HTMLResponse:
    """A new user with a generated password, shown in this answer only."""

    def give(password: str) -> None:
        identity.add_user(
            app=context(request),
            actor=actor(request, principal),
            username=username,
            password=password,
            role=role,
            tenant_id=_optional_id(tenant_id),
            region_code=region_code or None,
        )

    return _changed(request, "_admin_users.html", _users, lambda: _new_password(username, give))


@router.post("/admin/users/{username}/disable")
def disable_user(username: Username, principal: Writer, request: Request) -> HTMLResponse:
    def change() -> dict[str, Any]:
        identity.disable_user(
            app=context(request), actor=actor(request, principal), username=username
        )
        return {"done": "disabled", "done_for": username}

    return _changed(request, "_admin_users.html", _users, change)


@router.post("/admin/users/{username}/password")
def reset_password(username: Username, principal: Writer, request: Request) -> HTMLResponse:
    """A new generated password for the user, shown once; the lock-out is cleared with it."""

    def give(password: str) -> None:
        identity.set_password(
            app=context(request),
            actor=actor(request, principal),
            username=username,
            password=password,
        )

    return _changed(request, "_admin_users.html", _users, lambda: _new_password(username, give))


@router.post("/admin/users/{username}/role")
def change_role(
    username: Username,
    principal: Writer,
    request: Request,
    role: RoleField,
    tenant_id: OptionalId = "",
    region_code: OptionalRegion = "",
) -> HTMLResponse:
    def change() -> dict[str, Any]:
        identity.change_role(
            app=context(request),
            actor=actor(request, principal),
            username=username,
            role=role,
            tenant_id=_optional_id(tenant_id),
            region_code=region_code or None,
        )
        return {"done": "role", "done_for": username}

    return _changed(request, "_admin_users.html", _users, change)


@router.get("/admin/tokens")
def tokens_page(principal: Admin, request: Request) -> HTMLResponse:
    """Every user's API tokens; issue one for a user, revoke any."""
    return signed_page(request, principal, "admin_tokens.html", **_tokens(request))


@router.post("/admin/tokens")
def issue_token(
    principal: Writer,
    request: Request,
    username: Annotated[str, Form(max_length=64)],
    name: Annotated[str, Form(max_length=128)],
    days: Annotated[int, Form(ge=1, le=100_000)],
    scopes: Annotated[list[TokenScope], Form()],
) -> HTMLResponse:
    """A token for ``username`` with ``scopes`` for ``days``; its secret is in this answer only."""

    def change() -> dict[str, Any]:
        issued = identity.issue_token(
            app=context(request),
            actor=actor(request, principal),
            username=username,
            name=name,
            scopes=frozenset(scopes),
            days=days,
        )
        return {"secret": issued.secret, "secret_for": username}

    return _changed(request, "_admin_tokens.html", _tokens, change)


@router.post("/admin/tokens/{token_id}/revoke")
def revoke_token(token_id: RecordId, principal: Writer, request: Request) -> HTMLResponse:
    def change() -> dict[str, Any]:
        identity.revoke_token(
            app=context(request), actor=actor(request, principal), username=None, token_id=token_id
        )
        return {"revoked": token_id}

    return _changed(request, "_admin_tokens.html", _tokens, change)
