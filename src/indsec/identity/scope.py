"""Who may see and change what: the tenancy and jurisdiction rules, in one place.

An enterprise's own people see their tenant; a regulator sees the tenants and regions of its
jurisdiction (the national regulator all of them, a provincial or city one its region's
subtree); a service provider and the platform administrator see no tenant's data. Writing
needs, besides that, a writing role and a token scope that allows it.
"""

from __future__ import annotations

from indsec.errors import PermissionDeniedError
from indsec.identity.regions import subtree_prefix, within
from indsec.model.identity import Principal, Role, Tenant


def in_jurisdiction(principal: Principal, region_code: str) -> bool:
    """Whether ``region_code`` lies in the regulator ``principal``'s jurisdiction."""
    if principal.role is Role.NATIONAL_REGULATOR:
        return True
    if principal.role.is_regulator and principal.region_code is not None:
        return within(region_code, principal.region_code)
    return False


def jurisdiction_prefix(principal: Principal) -> str:
    """The leading region-code digits of everything a regulator oversees ("" for all)."""
    if not principal.role.is_regulator:
        raise PermissionDeniedError("only regulators have a jurisdiction")
    if principal.role is Role.NATIONAL_REGULATOR:
        return ""
    if principal.region_code is None:  # add_user never binds a regional regulator so
        raise PermissionDeniedError("this regulator is bound to no region")
    return subtree_prefix(principal.region_code)


def may_read_tenant(principal: Principal, tenant: Tenant) -> bool:
    if principal.role.is_enterprise:
        return principal.tenant_id == tenant.id
    return in_jurisdiction(principal, tenant.region_code)


def may_write_tenant(principal: Principal, tenant: Tenant) -> bool:
    """Only the enterprise's officer changes its own records."""
    return (
        principal.can_write
        and principal.role is Role.ENTERPRISE_OFFICER
        and principal.tenant_id == tenant.id
    )


def require_region(principal: Principal, region_code: str, *, write: bool = False) -> None:
    """Refuse a caller outside the region's jurisdiction (or without write rights)."""
    if not in_jurisdiction(principal, region_code) or (write and not principal.can_write):
        raise PermissionDeniedError(f"region {region_code} is outside your jurisdiction")


def require_admin(principal: Principal, *, write: bool = False) -> None:
    if principal.role is not Role.PLATFORM_ADMIN or (write and not principal.can_write):
        raise PermissionDeniedError("only the platform administrator may do this")


def require_write(principal: Principal) -> None:
    """A read-only token or a viewer cannot change even its own things."""
    if not principal.can_write:
        raise PermissionDeniedError("this account or token may only read")
