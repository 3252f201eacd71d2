"""The supervision use cases, the one door the server and ``indsec registry`` go through.

Every function is keyword-only and takes the :class:`~indsec.app.AppContext`. Each takes the
``principal`` it serves: a regulator sees and changes its jurisdiction only; ``None`` is the
platform's own bootstrap from the command line (``indsec registry import``), which sees all.
"""

from __future__ import annotations

from indsec.app import AppContext
from indsec.errors import NotFoundError, PermissionDeniedError
from indsec.identity import service as identity
from indsec.model.identity import Actor, Principal
from indsec.model.progress import Progress
from indsec.model.registry import (
    EnterprisePage,
    ImportResult,
    MandatoryEnterprise,
    ProvinceCoverage,
    RegistryEnterprise,
    RegistryFilter,
)
from indsec.supervision import mandatory as plan
from indsec.supervision import registry
from indsec.supervision.industries import IndustryPack, builtin_industries, normalise_industry
from indsec.supervision.synthetic import HEADER as SYNTHETIC_HEADER
from indsec.supervision.synthetic import synthetic_registry

__all__ = [
    "SYNTHETIC_HEADER",
    "coverage",
    "enterprise_page",
    "filed_usccs",
    "import_registry",
    "industries",
    "mandatory_set",
    "provinces",
    "registry_enterprises",
    "synthetic_registry",
]


def _allowed(principal: Principal | None) -> str:
    return "" if principal is None else identity.jurisdiction_prefix(principal)


def industries() -> IndustryPack:
    """GB/T 4754-2017's sections and divisions, with the industrial ones marked."""
    return builtin_industries()


def import_registry(
    *,
    app: AppContext,
    actor: Actor,
    principal: Principal | None,
    name: str,
    data: bytes,
    progress: Progress = lambda _: None,
) -> ImportResult:
    """Import a CSV or XLSX registry file: good rows added or updated by USCC, bad rows
    reported; a caller's rows outside its jurisdiction are refused."""
    if principal is not None and not principal.can_write:
        raise PermissionDeniedError("this account or token may only read")
    return registry.import_registry(
        app=app, actor=actor, allowed=_allowed(principal), name=name, data=data, progress=progress
    )


def _industry(code: str) -> str:
    try:
        return normalise_industry(code)
    except ValueError as exc:
        raise NotFoundError(f"industry {code!r}: {exc}") from exc


def _checked(where: RegistryFilter) -> RegistryFilter:
    """The filter with its industry in stored form (a section letter alone stays)."""
    code = (where.industry or "").strip().upper()
    if not code or (len(code) == 1 and code.isalpha()):
        return where
    industry = _industry(code)
    return RegistryFilter(where.province, where.city, industry, where.above_scale, where.search)


def enterprise_page(
    *, app: AppContext, principal: Principal | None, where: RegistryFilter, page: int, size: int
) -> EnterprisePage:
    """One page (1-based) of the enterprises the filter matches in the caller's jurisdiction."""
    allowed, where = _allowed(principal), _checked(where)
    items = registry.listed(app, allowed, where, offset=(page - 1) * size, limit=size)
    return EnterprisePage(registry.count(app, allowed, where), page, size, items)


def registry_enterprises(
    *, app: AppContext, principal: Principal | None, where: RegistryFilter
) -> list[RegistryEnterprise]:
    """Every enterprise the filter matches in the caller's jurisdiction (for an export)."""
    return registry.listed(app, _allowed(principal), _checked(where))


def filed_usccs(*, app: AppContext) -> set[str]:
    """USCCs of enterprises that have filed (a filing submitted, under review, accepted or
    returned): "done classified protection and filed" for the plan."""
    return plan.filed_usccs(app)


def _province(principal: Principal | None, province: str) -> str:
    """``province`` if the caller oversees it or a city in it; else refused."""
    if not (len(province) == 2 and province.isdigit()):
        raise NotFoundError(f"a province is two digits of GB/T 2260, not {province!r}")
    allowed = _allowed(principal)
    if not (allowed.startswith(province) or province.startswith(allowed)):
        raise PermissionDeniedError(f"province {province} is outside your jurisdiction")
    return province


def mandatory_set(
    *,
    app: AppContext,
    principal: Principal | None,
    province: str,
    industry: str | None = None,
    per_division: bool = False,
) -> list[MandatoryEnterprise]:
    """The plan's top-10 % set of a province (``mandatory`` states the rule), each with whether
    it has filed; a city regulator sees the part of it in its city."""
    province = _province(principal, province)
    division = _industry(industry)[:3] if industry else None
    chosen = plan.mandatory(app, province, industry=division, per_division=per_division)
    allowed = _allowed(principal)
    mine = [(rank, found) for rank, found in chosen if found.region_code.startswith(allowed)]
    return plan.with_filing(mine, plan.filed_usccs(app))


def coverage(
    *,
    app: AppContext,
    principal: Principal | None,
    filed: set[str] | None = None,
    per_division: bool = False,
) -> list[ProvinceCoverage]:
    """Per province of the caller's jurisdiction: the mandatory set's size, and how many of it
    are in ``filed`` (by default, those with a filing)."""
    allowed = _allowed(principal)
    done = plan.filed_usccs(app) if filed is None else filed
    provinces = registry.provinces(app, allowed)
    return plan.coverage(app, provinces, done, allowed=allowed, per_division=per_division)


def provinces(*, app: AppContext, principal: Principal | None) -> list[str]:
    """The provinces (two digits) the registry holds enterprises of, in the jurisdiction."""
    return registry.provinces(app, _allowed(principal))
