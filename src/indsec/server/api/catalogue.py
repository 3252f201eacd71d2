"""The enterprise's catalogue (enterprise mode), read through the catalogue service.

The list's filters (:func:`asset_filter`, the catalogue's ``AssetFilter``) and its page number
serve the API, the console's page and its export; the database filters, counts and pages, so an
answer costs one page, whatever the version holds.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request

from indsec.catalogue import service as catalogue
from indsec.server.auth import context
from indsec.server.schemas import (
    ERRORS,
    GRADE_CHOICE,
    MAX_ID,
    MAX_PAGE_SIZE,
    AssetOut,
    CatalogueOut,
)
from indsec.server.scopes import Reader

router = APIRouter(prefix="/api/catalogue", tags=["catalogue"], responses=ERRORS)
Short = Query(max_length=256)


def asset_filter(
    q: Annotated[str, Short] = "",
    grade: Annotated[str, Query(pattern=GRADE_CHOICE)] = "",
    category: Annotated[str, Short] = "",
    source: Annotated[str, Short] = "",
    label: Annotated[str, Short] = "",
    review: Annotated[str, Query(pattern="^(|1)$")] = "",
) -> catalogue.AssetFilter:
    """The list's filters from the query string (empty: no filter; grade and category as
    reviewed); ``review=1``: only assets that need a human review."""
    return catalogue.AssetFilter(q, grade, category, source, label, review == "1")


Filters = Annotated[catalogue.AssetFilter, Depends(asset_filter)]


def page_number(page: Annotated[int, Query(ge=1, le=1_000_000)] = 1) -> int:
    """Which page of the filtered list (a dependency, so the API lists it after the filters)."""
    return page


PageNumber = Annotated[int, Depends(page_number)]


@router.get("")
def catalogue_version(
    access: Reader,
    request: Request,
    query: Filters,
    number: PageNumber,
    version: Annotated[int | None, Query(ge=1, le=MAX_ID)] = None,
    size: Annotated[int | None, Query(ge=1, le=MAX_PAGE_SIZE)] = None,
) -> CatalogueOut:
    """One page of a catalogue version (the newest complete by default), human reviews
    applied, filtered as the console's list is; ``size`` assets a page (the platform's page
    size by default), ``total`` how many match on all pages."""
    app = context(request)
    shown = size or app.settings.list_page_size
    found = catalogue.list_assets(
        app=app,
        filters=query,
        page=number,
        size=shown,
        version=version,
        with_facets=False,
        as_lines=True,
    )
    return CatalogueOut(
        version=found.version.number,
        created_at=found.version.created_at,
        total=found.total,
        page=found.page,
        pages=found.pages,
        size=shown,
        assets=[AssetOut.model_validate(a, from_attributes=True) for a in found.lines],
    )
