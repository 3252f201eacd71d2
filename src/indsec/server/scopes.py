"""Every route's scope: one dependency per kind of access, and nothing served without one.

A route declares what it serves by depending on exactly one of these; the tenancy test reads
that dependency from the route (:data:`SCOPE_KINDS`) and proves the route refuses the
anonymous caller and the caller of another tenant or region. A route with none fails it.

Resources of another tenant answer 404, not 403, so an outsider cannot tell which exist.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import Depends, Path, Request

from indsec.errors import NotFoundError, PermissionDeniedError
from indsec.identity import service as identity
from indsec.model.identity import Principal, Role, Tenant
from indsec.oversight import service as oversight
from indsec.server.auth import authenticated, context
from indsec.server.schemas import RecordId
from indsec.supervision import service as supervision

Caller = Annotated[Principal, Depends(authenticated)]
"""The scopes that only check the caller against the route are ``async``: FastAPI runs them on
the event loop instead of handing each to a thread; those that read the store stay plain."""
REGION_CODE = Path(pattern=r"^[1-9][0-9]{5}$", description="GB/T 2260 region code")


@dataclass(frozen=True, slots=True)
class TenantAccess:
    principal: Principal
    tenant: Tenant


RegionAccess = tuple[Principal, str]
"""A regulator and a region code of its jurisdiction."""


def public() -> None:
    """Served to anyone: only signing in (and what it needs) may use it."""


async def signed_in(principal: Caller) -> Principal:
    """Any signed-in user, about their own things (their session, tokens)."""
    return principal


async def signed_in_writer(principal: Caller) -> Principal:
    """A signed-in user changing their own things: not with a read-only token."""
    identity.require_write(principal)
    return principal


async def platform_admin(principal: Caller) -> Principal:
    identity.require_admin(principal)
    return principal


async def platform_admin_writer(principal: Caller) -> Principal:
    identity.require_admin(principal, write=True)
    return principal


def _tenant(request: Request, principal: Principal, tenant_id: int) -> Tenant:
    try:
        tenant = identity.tenant_by_id(app=context(request), tenant_id=tenant_id)
    except NotFoundError:
        tenant = None
    if tenant is None or not identity.may_read_tenant(principal, tenant):
        raise NotFoundError(f"no tenant {tenant_id} you may see")
    return tenant


def tenant_reader(request: Request, principal: Caller, tenant_id: RecordId) -> TenantAccess:
    """The tenant's own people, and regulators whose jurisdiction holds it."""
    return TenantAccess(principal, _tenant(request, principal, tenant_id))


def tenant_writer(request: Request, principal: Caller, tenant_id: RecordId) -> TenantAccess:
    """The tenant's officer only (with a writing session or token)."""
    tenant = _tenant(request, principal, tenant_id)
    if not identity.may_write_tenant(principal, tenant):
        raise PermissionDeniedError("only this enterprise's officer may change it")
    return TenantAccess(principal, tenant)


async def region_reader(
    principal: Caller, region_code: Annotated[str, REGION_CODE]
) -> RegionAccess:
    """Regulators whose jurisdiction holds the region."""
    identity.require_region(principal, region_code)
    return principal, region_code


async def region_writer(
    principal: Caller, region_code: Annotated[str, REGION_CODE]
) -> RegionAccess:
    identity.require_region(principal, region_code, write=True)
    return principal, region_code


async def regulator(principal: Caller) -> Principal:
    """Any regulator, about its own jurisdiction (what it sees is filtered by it)."""
    if not principal.role.is_regulator:
        raise PermissionDeniedError("only regulators may see this")
    return principal


def instance_reader(request: Request, principal: Caller) -> TenantAccess:
    """The enterprise this instance serves: its people, and regulators of its region."""
    tenant = identity.instance_tenant(app=context(request))
    if not identity.may_read_tenant(principal, tenant):
        raise PermissionDeniedError("this enterprise instance is not yours to see")
    return TenantAccess(principal, tenant)


def instance_writer(request: Request, principal: Caller) -> TenantAccess:
    """The officer of the enterprise this instance serves (with a writing session or token)."""
    access = instance_reader(request, principal)
    if not identity.may_write_tenant(principal, access.tenant):
        raise PermissionDeniedError("only this enterprise's officer may do this")
    return access


async def enterprise_filer(principal: Caller) -> Principal:
    """An enterprise officer filing its own enterprise's catalogue (the service checks that the
    filing's USCC is the officer's enterprise)."""
    if principal.role is not Role.ENTERPRISE_OFFICER:
        raise PermissionDeniedError("only an enterprise officer files a catalogue")
    identity.require_write(principal)
    return principal


@dataclass(frozen=True, slots=True)
class FilingAccess:
    principal: Principal
    filing: supervision.FilingDetail


def filing_reader(request: Request, principal: Caller, filing_id: RecordId) -> FilingAccess:
    """The filer's own people, and regulators whose jurisdiction holds the filer."""
    found = supervision.filing(app=context(request), principal=principal, filing_id=filing_id)
    return FilingAccess(principal, found)


def filing_regulator(request: Request, principal: Caller, filing_id: RecordId) -> FilingAccess:
    """Regulators whose jurisdiction holds the filer (the enterprise's people are refused)."""
    access = filing_reader(request, principal, filing_id)
    identity.require_region(principal, access.filing.summary.region_code)
    return access


def filing_mover(request: Request, principal: Caller, filing_id: RecordId) -> FilingAccess:
    """A regulator of the filer's region moving the filing on (with writing rights)."""
    access = filing_reader(request, principal, filing_id)
    identity.require_region(principal, access.filing.summary.region_code, write=True)
    return access


@dataclass(frozen=True, slots=True)
class IncidentAccess:
    """A regulator and an incident an enterprise of its jurisdiction escalated."""

    principal: Principal
    incident: oversight.ReceivedIncident


@dataclass(frozen=True, slots=True)
class AssessmentAccess:
    """A regulator and an assessment report an enterprise of its jurisdiction sent."""

    principal: Principal
    assessment: oversight.ReceivedAssessment


def received_incident_regulator(
    request: Request, principal: Caller, received_id: RecordId
) -> IncidentAccess:
    """Regulators whose jurisdiction holds the enterprise that escalated the incident."""
    found = oversight.received_incident(
        app=context(request), principal=principal, received_id=received_id
    )
    return IncidentAccess(principal, found)


def assessment_regulator(
    request: Request, principal: Caller, assessment_id: RecordId
) -> AssessmentAccess:
    """Regulators whose jurisdiction holds the enterprise that sent the assessment report."""
    found = oversight.assessment(
        app=context(request), principal=principal, assessment_id=assessment_id
    )
    return AssessmentAccess(principal, found)


SCOPE_KINDS: dict[Callable[..., Any], str] = {
    public: "public",
    signed_in: "self",
    signed_in_writer: "self",
    platform_admin: "admin",
    platform_admin_writer: "admin",
    tenant_reader: "tenant",
    tenant_writer: "tenant",
    region_reader: "region",
    region_writer: "region",
    instance_reader: "instance",
    instance_writer: "instance",
    regulator: "jurisdiction",
    enterprise_filer: "tenant",
    filing_reader: "tenant",
    filing_regulator: "region",
    filing_mover: "region",
    received_incident_regulator: "region",
    assessment_regulator: "region",
}
"""Scope dependency → the kind of caller it admits; the tenancy test reads routes with it."""


Regulator = Annotated[Principal, Depends(regulator)]
Admin = Annotated[Principal, Depends(platform_admin)]
Reader = Annotated[TenantAccess, Depends(instance_reader)]
RegionReader = Annotated[RegionAccess, Depends(region_reader)]
"""The scopes routes most often take, as parameter types."""
