"""Tenants and users: who exists, with which role, bound to which tenant or region.

A role fixes what its user is bound to: an enterprise role to one tenant, a provincial
regulator to a province, a city regulator to a prefecture-level city, the national regulator,
service providers and the platform administrator to neither. Anything else is refused here,
before it is stored, so no half-bound user can ever sign in.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from indsec.app import AppContext
from indsec.classify.recognize.validators import is_cn_uscc
from indsec.errors import IdentityError, NotFoundError
from indsec.identity import repository as rows
from indsec.identity.credentials import Hashing, hash_password
from indsec.identity.regions import builtin_regions, subtree_prefix
from indsec.identity.token_memory import forget_tokens
from indsec.model.identity import Actor, Role, Tenant, UserInfo
from indsec.store.tables import TenantRow, UserRow

USERNAME_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9._@-]{1,63}$"


def _hash(app: AppContext, password: str) -> str:
    cost = Hashing.from_settings(app.settings)
    return hash_password(password, cost=cost, min_length=app.settings.password_min_length)


def _known_region(code: str) -> str:
    if builtin_regions().holding(code) is None:
        raise IdentityError(f"unknown region code {code!r} (GB/T 2260, see the regions pack)")
    return code


def add_tenant(*, app: AppContext, actor: Actor, uscc: str, name: str, region_code: str) -> Tenant:
    """Register an enterprise by its unified social credit code (check digit verified)."""
    code = uscc.strip().upper()
    if not is_cn_uscc(code):
        raise IdentityError(f"{uscc!r} is not a valid unified social credit code (GB 32100)")
    if not name.strip():
        raise IdentityError("the enterprise needs a name")
    _known_region(region_code)
    with app.store().session() as session:
        if rows.tenant_by_uscc(session, code) is not None:
            raise IdentityError(f"an enterprise with USCC {code} is already registered")
        row = TenantRow(
            uscc=code, name=name.strip(), region_code=region_code, created_at=datetime.now(UTC)
        )
        rows.add_audited(
            session,
            row,
            actor=actor,
            action="tenant.add",
            target=lambda added: f"tenant:{added.id}",
            detail={"uscc": code, "region": region_code},
        )
        return rows.tenant(row)


def _check_binding(session: Session, role: Role, tenant_id: int | None, region: str | None) -> None:
    """The tenant or region ``role`` needs, and nothing it must not have."""
    if role.is_enterprise:
        if tenant_id is None or session.get(TenantRow, tenant_id) is None:
            raise IdentityError(f"role {role} needs an existing tenant")
    elif tenant_id is not None:
        raise IdentityError(f"role {role} is not bound to a tenant")
    needs_region = {Role.PROVINCIAL_REGULATOR: "0000", Role.CITY_REGULATOR: "00"}
    if role in needs_region:
        if region is None or not _known_region(region).endswith(needs_region[role]):
            raise IdentityError(f"role {role} needs a {role.split('_')[0]}-level region code")
        if role is Role.CITY_REGULATOR and region.endswith("0000"):
            raise IdentityError("a city regulator needs a city's region code, not a province's")
    elif region is not None:
        raise IdentityError(f"role {role} is not bound to a region")


def add_user(
    *,
    app: AppContext,
    actor: Actor,
    username: str,
    password: str,
    role: Role,
    tenant_id: int | None = None,
    region_code: str | None = None,
) -> UserInfo:
    """Create a user; the password is hashed here and never stored or logged in clear."""
    if not re.fullmatch(USERNAME_PATTERN, username):
        raise IdentityError(f"invalid username {username!r}: 2-64 letters, digits, . _ @ -")
    password_hash = _hash(app, password)
    with app.store().session() as session:
        _check_binding(session, role, tenant_id, region_code)
        if rows.user_by_name(session, username) is not None:
            raise IdentityError(f"user {username!r} already exists")
        row = UserRow(
            username=username,
            password_hash=password_hash,
            role=role.value,
            tenant_id=tenant_id,
            region_code=region_code,
            disabled=False,
            failed_logins=0,
            created_at=datetime.now(UTC),
        )
        rows.add_audited(
            session,
            row,
            actor=actor,
            action="user.add",
            target=lambda added: f"user:{added.username}",
            detail={"role": role.value, "tenant": tenant_id or "", "region": region_code or ""},
        )
        return rows.user_info(row)


def set_password(*, app: AppContext, actor: Actor, username: str, password: str) -> None:
    """Replace a user's password; the lock-out and failure count are cleared with it."""
    password_hash = _hash(app, password)
    with app.store().session() as session:
        row = rows.existing_user(session, username)
        row.password_hash = password_hash
        row.failed_logins = 0
        row.locked_until = None
        rows.append_audit(session, actor=actor, action="user.passwd", target=f"user:{username}")


def _not_oneself(actor: Actor, row: UserRow, what: str) -> None:
    """An administrator never changes their own role or disables themselves: the platform
    would be left without the account that can undo it."""
    if actor.user_id is not None and actor.user_id == row.id:
        raise IdentityError(f"you cannot {what} your own account; ask another administrator")


def disable_user(*, app: AppContext, actor: Actor, username: str) -> None:
    """Disable a user: sign-ins, sessions and tokens stop working at once (tokens in other
    server processes within ``INDSEC_TOKEN_CACHE_S``); history stays."""
    with app.store().session() as session:
        row = rows.existing_user(session, username)
        _not_oneself(actor, row, "disable")
        row.disabled = True
        rows.append_audit(session, actor=actor, action="user.disable", target=f"user:{username}")
    forget_tokens(app)


def change_role(
    *,
    app: AppContext,
    actor: Actor,
    username: str,
    role: Role,
    tenant_id: int | None = None,
    region_code: str | None = None,
) -> UserInfo:
    """Give a user another role, bound as that role needs (the rules of :func:`add_user`)."""
    with app.store().session() as session:
        row = rows.existing_user(session, username)
        _not_oneself(actor, row, "change the role of")
        _check_binding(session, role, tenant_id, region_code)
        before = row.role
        row.role, row.tenant_id, row.region_code = role.value, tenant_id, region_code
        detail = {"from": before, "role": role.value, "tenant": tenant_id or ""}
        detail["region"] = region_code or ""
        rows.append_audit(
            session, actor=actor, action="user.role", target=f"user:{username}", detail=detail
        )
        changed = rows.user_info(row)
    forget_tokens(app)
    return changed


def list_users(*, app: AppContext) -> list[UserInfo]:
    with app.store().session() as session:
        return [rows.user_info(r) for r in session.query(UserRow).order_by(UserRow.id)]


def tenant_by_id(*, app: AppContext, tenant_id: int) -> Tenant:
    with app.store().session() as session:
        return tenant_in(session, tenant_id)


def tenant_in(session: Session, tenant_id: int) -> Tenant:
    """The tenant ``tenant_id``, read in the caller's transaction (one statement of its work,
    not a transaction of its own), as a plain row: every filing received reads its filer, and
    the ORM's identity map would only add its CPU to a value handed straight out."""
    columns = (TenantRow.id, TenantRow.uscc, TenantRow.name, TenantRow.region_code)
    row = session.execute(select(*columns).where(TenantRow.id == tenant_id)).first()
    if row is None:
        raise NotFoundError(f"no tenant {tenant_id}")
    return rows.tenant(row)


def tenant_by_uscc(*, app: AppContext, uscc: str) -> Tenant | None:
    with app.store().session() as session:
        row = rows.tenant_by_uscc(session, uscc.strip().upper())
        return None if row is None else rows.tenant(row)


def list_tenants(*, app: AppContext) -> list[Tenant]:
    """Every registered tenant (the national regulator's jurisdiction)."""
    with app.store().session() as session:
        return [rows.tenant(r) for r in rows.tenants_in_prefix(session, "")]


def tenants_in_region(*, app: AppContext, region_code: str) -> list[Tenant]:
    """The tenants registered in ``region_code``'s subtree."""
    with app.store().session() as session:
        found = rows.tenants_in_prefix(session, subtree_prefix(region_code))
        return [rows.tenant(r) for r in found]
