"""Overdue lists (supervision mode): reviews and re-filings overdue or due soon, per region."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from pydantic import BaseModel

from indsec.model.identity import Principal
from indsec.server.auth import context
from indsec.server.schemas import ERRORS, Moment
from indsec.server.scopes import regulator
from indsec.supervision import service as supervision

router = APIRouter(prefix="/api/overdue", tags=["clocks"], responses=ERRORS)

WithinDays = Annotated[
    int | None, Query(ge=0, le=366, description="also list what falls due within this many days")
]
RegionFilter = Annotated[
    str | None,
    Query(pattern=r"^([1-9][0-9]{5})?$", description="a GB/T 2260 region inside your jurisdiction"),
]


class DueItemOut(BaseModel):
    rule: str
    clock: str
    uscc: str
    enterprise_name: str
    region_code: str
    version: int
    status: str
    start: Moment
    due: date
    overdue: bool
    categories: list[str]


class DueListsOut(BaseModel):
    today: date
    reviews: list[DueItemOut]
    refilings: list[DueItemOut]
    problems: list[str]


def find_due(
    request: Request, principal: Principal, within_days: int | None, region_code: str | None
) -> supervision.DueLists:
    """The lists for one request (shared by the API, the page and its export)."""
    return supervision.due_lists(
        app=context(request),
        principal=principal,
        within_days=within_days,
        region_code=region_code or None,
    )


def _out(item: supervision.DueItem) -> DueItemOut:
    fields = {name: getattr(item, name) for name in DueItemOut.model_fields}
    return DueItemOut.model_validate({**fields, "categories": list(item.categories)})


@router.get("")
def overdue(
    principal: Annotated[Principal, Depends(regulator)],
    request: Request,
    within_days: WithinDays = None,
    region_code: RegionFilter = None,
) -> DueListsOut:
    """Reviews overdue or due within ``within_days`` (default INDSEC_CLOCK_DUE_SOON_DAYS), and
    enterprises whose re-filing after a major change is overdue or due as soon."""
    found = find_due(request, principal, within_days, region_code)
    return DueListsOut(
        today=found.today,
        reviews=[_out(i) for i in found.reviews],
        refilings=[_out(i) for i in found.refilings],
        problems=found.problems,
    )
