"""Overdue lists (supervision mode): reviews and re-filings overdue or due soon, per region."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from pydantic import BaseModel

from indsec.model.identity import Principal
from indsec.server.auth import context
from indsec.server.schemas import ERRORS
from indsec.server.scopes import Regulator
from indsec.supervision import service as supervision

router = APIRouter(prefix="/api/overdue", tags=["clocks"], responses=ERRORS)

WithinDays = Annotated[
    int | None, Query(ge=0, le=366, description="also list what falls due within this many days")
]
RegionFilter = Annotated[
    str | None,
    Query(pattern=r"^([1-9][0-9]{5})?$", description="a GB/T 2260 region inside your jurisdiction"),
]


class DueListsOut(BaseModel):
    today: date
    reviews: list[supervision.DueItem]
    refilings: list[supervision.DueItem]
    problems: list[str]


@dataclass(frozen=True, slots=True)
class DueFilter:
    """A request's filters: the horizon in days (None: the setting's) and a region (or all)."""

    within_days: int | None
    region_code: str | None


def due_filter(within_days: WithinDays = None, region_code: RegionFilter = None) -> DueFilter:
    return DueFilter(within_days, region_code or None)


Filters = Annotated[DueFilter, Depends(due_filter)]


def find_due(request: Request, principal: Principal, filters: DueFilter) -> supervision.DueLists:
    """The lists for one request (shared by the API, the page and its export)."""
    return supervision.due_lists(
        app=context(request),
        principal=principal,
        within_days=filters.within_days,
        region_code=filters.region_code,
    )


@router.get("")
def overdue(
    principal: Regulator,
    request: Request,
    filters: Filters,
) -> DueListsOut:
    """Reviews overdue or due within ``within_days`` (default INDSEC_CLOCK_DUE_SOON_DAYS), and
    enterprises whose re-filing after a major change is overdue or due as soon."""
    found = find_due(request, principal, filters)
    return DueListsOut(
        today=found.today,
        reviews=found.reviews,
        refilings=found.refilings,
        problems=found.problems,
    )
