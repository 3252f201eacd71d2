"""The regulator's enterprise registry (supervision mode): import, list, the plan's top-10 %.

Every route serves a regulator its jurisdiction: what it imports outside is refused row by
row, what it lists is filtered to it. The upload is read up to the registry's size bound and
no further.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated

from fastapi import APIRouter, Depends, File, Query, Request, UploadFile
from pydantic import BaseModel

from indsec.errors import NotFoundError, RegistryFileError
from indsec.model.identity import Principal
from indsec.model.registry import RegistryFilter
from indsec.server.auth import actor, context
from indsec.server.schemas import ERRORS
from indsec.server.scopes import Regulator
from indsec.supervision import service as supervision

router = APIRouter(prefix="/api/registry", tags=["registry"], responses=ERRORS)
Province = Annotated[
    str | None, Query(pattern=r"^([1-9][0-9])?$", description="GB/T 2260, 2 digits; empty: all")
]
City = Annotated[
    str | None, Query(pattern=r"^([1-9][0-9]{3}00)?$", description="GB/T 2260 city; empty: all")
]
Industry = Annotated[
    str | None, Query(pattern=r"^[A-Ta-t]?([0-9]{2}|[0-9]{4})?$", description="GB/T 4754")
]
Search = Annotated[str | None, Query(max_length=64)]
Flag = Annotated[str, Query(pattern="^(|true|false)$", description="above scale; empty: all")]
MAX_PAGE_SIZE = 500


class RowErrorOut(BaseModel):
    row: int
    column: str
    value: str
    reason: str


class ImportOut(BaseModel):
    added: int
    updated: int
    unchanged: int
    refused: int
    errors: list[RowErrorOut]


class EnterpriseOut(BaseModel):
    uscc: str
    name: str
    industry_code: str
    region_code: str
    annual_revenue: Decimal
    above_scale: bool


class EnterprisePageOut(BaseModel):
    total: int
    page: int
    size: int
    items: list[EnterpriseOut]


class MandatoryOut(BaseModel):
    enterprise: EnterpriseOut
    rank: int
    filed: bool


class CoverageOut(BaseModel):
    province_code: str
    mandatory: int
    filed: int
    share: float


class MandatorySetOut(BaseModel):
    province_code: str
    coverage: list[CoverageOut]
    total: int
    page: int
    size: int
    enterprises: list[MandatoryOut]


def upload_bytes(request: Request, file: UploadFile) -> bytes:
    """The uploaded file, refused whole when larger than the registry's bound (read in the
    route's worker thread, like the import itself, never on the event loop)."""
    limit = context(request).settings.registry_max_file_bytes
    data = file.file.read(limit + 1)
    if len(data) > limit:
        raise RegistryFileError(f"the file is larger than {limit} bytes")
    return data


@router.post("/imports")
def import_registry(
    principal: Regulator, request: Request, file: Annotated[UploadFile, File()]
) -> ImportOut:
    """Import a CSV or XLSX registry: counts, and every refused row with its reason."""
    data = upload_bytes(request, file)
    result = supervision.import_registry(
        app=context(request),
        actor=actor(request, principal),
        principal=principal,
        name=file.filename or "upload.csv",
        data=data,
    )
    return ImportOut.model_validate(result, from_attributes=True)


def registry_filter(
    province: Province = None,
    city: City = None,
    industry: Industry = None,
    above_scale: Flag = "",
    search: Search = None,
) -> RegistryFilter:
    """The list's filters from the query; an empty field (a form sends them all) is no filter."""
    flag = {"true": True, "false": False}.get(above_scale)
    return RegistryFilter(province or None, city or None, industry or None, flag, search or None)


Filters = Annotated[RegistryFilter, Depends(registry_filter)]
PageNumber = Annotated[int, Query(ge=1, le=1_000_000)]


@router.get("/enterprises")
def enterprises(
    principal: Regulator,
    request: Request,
    where: Filters,
    page: PageNumber = 1,
    size: Annotated[int, Query(ge=1, le=MAX_PAGE_SIZE)] = 50,
) -> EnterprisePageOut:
    """The enterprises of the caller's jurisdiction the filters match, one page of them."""
    found = supervision.enterprise_page(
        app=context(request), principal=principal, where=where, page=page, size=size
    )
    return EnterprisePageOut.model_validate(found, from_attributes=True)


def default_province(principal: Principal, province: str | None) -> str:
    """The province asked for, else the regulator's own (the national one must name one)."""
    if province:
        return province
    if principal.region_code is None:
        raise NotFoundError("name a province (?province=32)")
    return principal.region_code[:2]


@router.get("/mandatory")
def mandatory(
    principal: Regulator,
    request: Request,
    province: Province = None,
    industry: Industry = None,
    per_division: bool = False,
    page: PageNumber = 1,
    size: Annotated[int, Query(ge=1, le=MAX_PAGE_SIZE)] = 50,
) -> MandatorySetOut:
    """One page of the plan's top-10 % set of a province (by division with ``per_division``),
    each with whether it has filed, the set's size, and the coverage of every province of the
    jurisdiction."""
    app, code = context(request), default_province(principal, province)
    chosen, total = supervision.mandatory_set(
        app=app,
        principal=principal,
        province=code,
        industry=industry,
        per_division=per_division,
        offset=(page - 1) * size,
        limit=size,
    )
    covered = supervision.coverage(app=app, principal=principal, per_division=per_division)
    return MandatorySetOut(
        province_code=code,
        coverage=[CoverageOut.model_validate(c, from_attributes=True) for c in covered],
        total=total,
        page=page,
        size=size,
        enterprises=[MandatoryOut.model_validate(m, from_attributes=True) for m in chosen],
    )
