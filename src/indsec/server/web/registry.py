"""The regulator's registry page (supervision mode): its jurisdiction's enterprises, filtered
in place by htmx, a registry upload with its bad rows, and the plan's top-10 % set.

Lists export to XLSX with the filters on screen; the bad rows of an upload come back with the
result as a workbook link of their own (a data URL), so nothing of an import is kept on the
server besides what it stored.
"""

from __future__ import annotations

import base64
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, File, Query, Request, UploadFile
from fastapi.responses import HTMLResponse, Response

from indsec.identity import service as identity
from indsec.model.identity import Principal
from indsec.model.registry import (
    ENTERPRISE_COLUMNS,
    ROW_ERROR_COLUMNS,
    ImportResult,
    RegistryFilter,
)
from indsec.report.service import XLSX_MEDIA_TYPE, table_workbook
from indsec.server.api.registry import Filters, Province, upload_bytes
from indsec.server.auth import actor, context
from indsec.server.scopes import Regulator
from indsec.server.web.i18n import pick_lang
from indsec.server.web.render import page, signed_page
from indsec.server.web.shown import download, page_count
from indsec.supervision import service as supervision

router = APIRouter(include_in_schema=False)
HOME = "/registry"
PAGE_SIZE = 50
MANDATORY_COLUMNS = ("rank", *ENTERPRISE_COLUMNS, "filed")


def _names(request: Request) -> dict[str, Any]:
    """Region and industry names for the templates, in the page's language."""
    lang, industries = pick_lang(request), supervision.industries()

    def industry_name(code: str) -> str:
        division = industries.division(code[1:3])
        return division.names.get(lang) if division is not None else ""

    return {
        "region_name": lambda code: identity.region(code=code).names.get(lang),
        "industry_name": industry_name,
        "sections": industries.sections,
    }


def _list(
    request: Request, principal: Principal, where: RegistryFilter, number: int
) -> dict[str, Any]:
    found = supervision.enterprise_page(
        app=context(request), principal=principal, where=where, page=number, size=PAGE_SIZE
    )
    query = {k: v for k, v in request.query_params.items() if k not in {"page", "lang"}}
    return {
        "found": found,
        "query": urlencode(query),
        "pages": page_count(found.total, PAGE_SIZE),
    }


def _places(request: Request, principal: Principal) -> tuple[list[str], list[str]]:
    """The provinces the registry holds in the jurisdiction, and their cities the caller sees
    (six-digit codes both)."""
    allowed = identity.jurisdiction_prefix(principal)
    provinces = supervision.provinces(app=context(request), principal=principal)
    cities = [
        r.code
        for p in provinces
        for r in identity.regions_within(code=f"{p}0000")
        if r.code.endswith("00") and not r.code.endswith("0000") and r.code.startswith(allowed)
    ]
    return [f"{p}0000" for p in provinces], cities


def _mandatory(request: Request, principal: Principal, province: str | None) -> dict[str, Any]:
    app = context(request)
    covered = supervision.coverage(app=app, principal=principal)
    chosen = province or (covered[0].province_code if covered else None)
    members = (
        supervision.mandatory_set(app=app, principal=principal, province=chosen)[0]
        if chosen
        else []
    )
    return {"coverage": covered, "set_province": chosen, "members": members}


@router.get(HOME)
def registry_page(
    principal: Regulator,
    request: Request,
    set_province: Province = None,
) -> HTMLResponse:
    """The registry of the regulator's jurisdiction: filters, list, upload, top-10 % set."""
    provinces, cities = _places(request, principal)
    return signed_page(
        request,
        principal,
        "registry.html",
        provinces=provinces,
        cities=cities,
        **_names(request),
        **_list(request, principal, RegistryFilter(), 1),
        **_mandatory(request, principal, set_province),
    )


@router.get(f"{HOME}/rows")
def registry_rows(
    principal: Regulator,
    request: Request,
    where: Filters,
    page_number: Annotated[int, Query(alias="page", ge=1, le=1_000_000)] = 1,
) -> HTMLResponse:
    """The list alone, for htmx to swap in when a filter or the page changes."""
    values = _list(request, principal, where, page_number)
    return page(request, "_registry_list.html", **_names(request), **values)


@router.post(f"{HOME}/import")
def registry_import(
    principal: Regulator, request: Request, file: Annotated[UploadFile, File()]
) -> HTMLResponse:
    """Import an uploaded registry; the answer is the counts and the bad rows' table."""
    result = supervision.import_registry(
        app=context(request),
        actor=actor(request, principal),
        principal=principal,
        name=file.filename or "upload.csv",
        data=upload_bytes(request, file),
    )
    answer = page(request, "_registry_import.html", result=result, errors_xlsx=_errors_link(result))
    answer.headers["HX-Trigger"] = "registry-changed"  # the list below reloads itself
    return answer


def _errors_link(result: ImportResult) -> str:
    """The bad rows as a workbook the browser downloads from the answer itself."""
    if not result.errors:
        return ""
    book = table_workbook("errors", ROW_ERROR_COLUMNS, [e.cells() for e in result.errors])
    return f"data:{XLSX_MEDIA_TYPE};base64,{base64.b64encode(book).decode('ascii')}"


@router.get(f"{HOME}/export.xlsx")
def registry_export(principal: Regulator, request: Request, where: Filters) -> Response:
    """Every enterprise the filters match in the jurisdiction, as a workbook that imports
    again as it is."""
    found = supervision.registry_enterprises(app=context(request), principal=principal, where=where)
    rows = [e.cells() for e in found]
    return download(table_workbook("registry", ENTERPRISE_COLUMNS, rows), "registry.xlsx")


@router.get(f"{HOME}/mandatory.xlsx")
def mandatory_export(
    principal: Regulator, request: Request, set_province: Province = None
) -> Response:
    """The plan's top-10 % set of a province, with rank and whether each has filed."""
    members = _mandatory(request, principal, set_province)["members"]
    rows = [[m.rank, *m.enterprise.cells(), "是" if m.filed else "否"] for m in members]
    return download(table_workbook("mandatory", MANDATORY_COLUMNS, rows), "mandatory.xlsx")
