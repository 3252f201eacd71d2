"""The dashboard's figures as JSON (supervision mode): what the page's ECharts charts draw.

One request per region answers every chart of its page, each figure already aggregated by the
database; region names come in the caller's page language.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool

from indsec.app import AppContext
from indsec.model.identity import Principal
from indsec.server.auth import context
from indsec.server.schemas import ERRORS
from indsec.server.scopes import region_reader
from indsec.server.web.i18n import Lang, pick_lang
from indsec.server.web.regions import region_name
from indsec.supervision import service as supervision

router = APIRouter(prefix="/api/dashboard", tags=["dashboard"], responses=ERRORS)


class RegionFiguresOut(BaseModel):
    """A child region: a province of the country, a city of a province."""

    code: str
    name: str
    filed: int = Field(description="enterprises whose current filing is in any workflow state")
    mandatory: int = Field(description="the plan's mandatory top-10 % enterprises registered here")
    covered: int = Field(description="mandatory enterprises that have filed")


class StatusCountOut(BaseModel):
    status: str
    count: int


class AgeCountOut(BaseModel):
    status: str
    bucket: str = Field(description="days since submission: 0-7, 8-30, 31-90 or 91+")
    count: int


class DivisionGradesOut(BaseModel):
    division: str = Field(description="GB/T 4754 division (section letter and two digits)")
    filings: int
    important: int = Field(description="important data items filed")
    core: int = Field(description="core data items filed")


class DashboardOut(BaseModel):
    code: str
    name: str
    level: str = Field(description="country, province or city")
    filed: int
    target: int = Field(description="the plan's national target of enterprises (45,000)")
    mandatory: int
    covered: int
    regions: list[RegionFiguresOut]
    statuses: list[StatusCountOut]
    ages: list[AgeCountOut]
    grades: list[DivisionGradesOut]


RegionAccess = tuple[Principal, str]


@router.get("/{region_code}")
async def dashboard(
    access: Annotated[RegionAccess, Depends(region_reader)], request: Request
) -> DashboardOut:
    """Every figure of the region's dashboard (100000: the whole country).

    Kept figures are answered on the event loop; only a count goes to a thread, so regulators
    refreshing their dashboards never queue for a thread behind slower requests."""
    code, lang, app = access[1], pick_lang(request), context(request)
    found = supervision.kept_dashboard_figures(app=app, region_code=code)
    if found is None:
        found = await run_in_threadpool(_counted, app, code)
    return _out(found, code, lang)


def _counted(app: AppContext, code: str) -> supervision.Figures:
    return supervision.dashboard_figures(app=app, region_code=code)


def _out(found: supervision.Figures, code: str, lang: Lang) -> DashboardOut:
    return DashboardOut(
        code=found.code,
        name=region_name(code, lang),
        level=found.level,
        filed=found.filed,
        target=found.target,
        mandatory=found.mandatory,
        covered=found.covered,
        regions=[
            RegionFiguresOut(
                code=r.code,
                name=region_name(r.code, lang),
                filed=r.filed,
                mandatory=r.mandatory,
                covered=r.covered,
            )
            for r in found.regions
        ],
        statuses=[StatusCountOut(status=s, count=n) for s, n in found.statuses.items()],
        ages=[AgeCountOut(status=a.status, bucket=a.bucket, count=a.count) for a in found.ages],
        grades=[
            DivisionGradesOut(
                division=g.division, filings=g.filings, important=g.important, core=g.core
            )
            for g in found.grades
        ],
    )
