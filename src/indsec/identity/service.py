"""The identity use cases, the one door the server and ``indsec users`` go through.

Every function is keyword-only and takes the :class:`~indsec.app.AppContext`; every write
takes the :class:`~indsec.model.identity.Actor` it records in the audit log, in the same
transaction as the write itself.
"""

from __future__ import annotations

import secrets

from indsec.app import AppContext
from indsec.errors import ConfigError, NotFoundError, PermissionDeniedError
from indsec.identity.accounts import (
    add_tenant,
    add_user,
    change_role,
    disable_user,
    list_tenants,
    list_users,
    set_password,
    tenant_by_id,
    tenant_by_uscc,
    tenant_in,
    tenants_in_region,
)
from indsec.identity.audit import AuditQuery, audit_count, audit_entries, search_audit
from indsec.identity.contacts import enterprise_users, responsible_regulators, set_email
from indsec.identity.credentials import new_secret, same_secret
from indsec.identity.regions import Region, builtin_regions, subtree_prefix, within
from indsec.identity.repository import append_audit
from indsec.identity.scope import (
    in_jurisdiction,
    jurisdiction_prefix,
    may_read_tenant,
    may_write_tenant,
    require_admin,
    require_region,
    require_write,
)
from indsec.identity.signin import (
    kept_token_principal,
    session_principal,
    sign_in,
    sign_out,
    token_principal,
)
from indsec.identity.tokens import all_tokens, issue_token, list_tokens, revoke_token
from indsec.model.identity import Principal, Role, Tenant

__all__ = [
    "AuditQuery",
    "add_tenant",
    "add_user",
    "all_tokens",
    "append_audit",
    "audit_count",
    "audit_entries",
    "change_role",
    "disable_user",
    "enterprise_users",
    "generate_password",
    "in_jurisdiction",
    "instance_tenant",
    "issue_token",
    "jurisdiction_prefix",
    "kept_token_principal",
    "list_tenants",
    "list_tokens",
    "list_users",
    "may_read_tenant",
    "may_write_tenant",
    "new_secret",
    "region",
    "region_prefix",
    "regions_in_jurisdiction",
    "regions_within",
    "require_admin",
    "require_region",
    "require_write",
    "responsible_regulators",
    "revoke_token",
    "same_secret",
    "search_audit",
    "session_principal",
    "set_email",
    "set_password",
    "sign_in",
    "sign_out",
    "subtree_prefix",
    "tenant_by_id",
    "tenant_by_uscc",
    "tenant_in",
    "tenants_in_jurisdiction",
    "tenants_in_region",
    "token_principal",
]


def generate_password() -> str:
    """A new random password (120 bits) for an administrator to hand over once; only its
    hash is stored."""
    return secrets.token_urlsafe(15)


def tenants_in_jurisdiction(*, app: AppContext, principal: Principal) -> list[Tenant]:
    """The tenants a regulator oversees: all for the national regulator, else its region's
    subtree; anyone who is no regulator is refused."""
    if not principal.role.is_regulator:
        raise PermissionDeniedError("only regulators have a jurisdiction")
    if principal.role is Role.NATIONAL_REGULATOR:
        return list_tenants(app=app)
    if principal.region_code is None:  # add_user never binds a regional regulator so
        return []
    return tenants_in_region(app=app, region_code=principal.region_code)


def region(*, code: str) -> Region:
    """The division of the builtin regions pack a GB/T 2260 code is or lies in (a county's
    city: counties are not listed)."""
    found = builtin_regions().holding(code)
    if found is None:
        raise NotFoundError(f"unknown region code {code!r}")
    return found


def regions_in_jurisdiction(*, principal: Principal) -> list[Region]:
    """The regions of the builtin pack a regulator oversees (its own first, then by code)."""
    prefix = jurisdiction_prefix(principal)
    return [r for r in builtin_regions().regions if r.code.startswith(prefix)]


def region_prefix(*, code: str) -> str:
    """The leading digits every region code in ``code``'s subtree shares."""
    return subtree_prefix(code)


def instance_tenant(*, app: AppContext) -> Tenant:
    """The enterprise an enterprise instance serves: the tenant with the profile's USCC."""
    uscc = app.profile.uscc
    found = tenant_by_uscc(app=app, uscc=uscc) if uscc else None
    if found is None:
        raise ConfigError(
            "this enterprise instance has no tenant: set the profile's USCC "
            "('indsec profile set uscc …') and register it ('indsec users tenant …')"
        )
    return found


def regions_within(*, code: str) -> list[Region]:
    """Every region of the builtin pack in ``code``'s subtree, ``code`` itself first."""
    region(code=code)
    return sorted(
        (r for r in builtin_regions().regions if within(r.code, code)), key=lambda r: r.code
    )
