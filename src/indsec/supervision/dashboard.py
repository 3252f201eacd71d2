"""The dashboard's figures for one jurisdiction, each one ``GROUP BY`` in the database.

What a regulator watches (issue 15, the plan's targets of regulation.md §1.4): how many
enterprises do classified protection and have filed, against the national 45,000; the coverage
of the plan's mandatory top 10 % per province (or per city of a province); the filings by
workflow state and by age; the important and core data filed, by industry division. Every
figure is counted over the same sets as the lists behind it (``dashboard_scope``), so each
number can link to exactly its records.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import ColumnElement, Subquery, case, func, literal, select
from sqlalchemy.orm import Session

from indsec.supervision.dashboard_scope import (
    Jurisdiction,
    current_filings,
    filed_usccs,
    mandatory_set,
)

PLAN_TARGET = 45_000
"""Enterprises carrying out classified and graded data protection by the end of 2026 (T2)."""
AGE_BUCKETS: tuple[tuple[str, int | None], ...] = (
    ("0-7", 7),
    ("8-30", 30),
    ("31-90", 90),
    ("91+", None),
)
"""Days since submission: each bucket's name and its last day (the last is open-ended)."""
UNKNOWN_DIVISION = "unknown"
"""The division of filings that name no industry code."""


@dataclass(frozen=True, slots=True)
class RegionFigures:
    """One child region (a province of the country, a city of a province)."""

    code: str
    filed: int
    mandatory: int
    covered: int


@dataclass(frozen=True, slots=True)
class AgeCount:
    status: str
    bucket: str
    count: int


@dataclass(frozen=True, slots=True)
class DivisionGrades:
    """The filings of one GB/T 4754 division (section letter and two digits, e.g. C35)."""

    division: str
    filings: int
    important: int
    core: int


@dataclass(frozen=True, slots=True)
class Figures:
    """Everything the dashboard of one jurisdiction shows."""

    code: str
    level: str
    filed: int
    target: int
    mandatory: int
    covered: int
    regions: list[RegionFigures]
    statuses: dict[str, int]
    ages: list[AgeCount]
    grades: list[DivisionGrades]


def child_code(where: Jurisdiction, column: ColumnElement[str]) -> ColumnElement[str] | None:
    """The code of the child region a region-code ``column`` falls in (None below a province)."""
    if where.level == "country":
        return func.substr(column, 1, 2).concat(literal("0000"))
    if where.level == "province":
        return func.substr(column, 1, 4).concat(literal("00"))
    return None


def age_bucket(submitted: ColumnElement[datetime], now: datetime) -> ColumnElement[str]:
    """The age bucket of a submission moment, as a SQL ``CASE`` against cut-offs from ``now``."""
    whens = [
        (submitted > now - timedelta(days=last + 1), name)
        for name, last in AGE_BUCKETS
        if last is not None
    ]
    return case(*whens, else_=AGE_BUCKETS[-1][0])


def _counts_by(session: Session, key: ColumnElement[str], source: Subquery) -> dict[str, int]:
    rows = session.execute(select(key, func.count()).select_from(source).group_by(key))
    return {code: count for code, count in rows}


def _regions(session: Session, where: Jurisdiction) -> list[RegionFigures]:
    current, mandatory = current_filings(where), mandatory_set(where)
    filed_key = child_code(where, current.c.region_code)
    mandatory_key = child_code(where, mandatory.c.region_code)
    if filed_key is None or mandatory_key is None:
        return []
    filed = _counts_by(session, filed_key, current)
    required = _counts_by(session, mandatory_key, mandatory)
    covered_rows = session.execute(
        select(mandatory_key, func.count())
        .where(mandatory.c.uscc.in_(filed_usccs()))
        .group_by(mandatory_key)
    )
    covered = {code: count for code, count in covered_rows}
    codes = sorted(set(filed) | set(required))
    return [RegionFigures(c, filed.get(c, 0), required.get(c, 0), covered.get(c, 0)) for c in codes]


def _ages(session: Session, where: Jurisdiction, now: datetime) -> list[AgeCount]:
    current = current_filings(where)
    bucket = age_bucket(current.c.submitted_at, now).label("bucket")
    rows = session.execute(
        select(current.c.status, bucket, func.count()).group_by(current.c.status, bucket)
    )
    return [AgeCount(status, name, count) for status, name, count in rows]


def division_of(industry_code: ColumnElement[str | None]) -> ColumnElement[str]:
    """The GB/T 4754 division of an industry class (``C3511`` → ``C35``)."""
    return func.coalesce(func.substr(industry_code, 1, 3), UNKNOWN_DIVISION)


def _grades(session: Session, where: Jurisdiction) -> list[DivisionGrades]:
    current = current_filings(where)
    division = division_of(current.c.industry_code).label("division")
    rows = session.execute(
        select(
            division,
            func.count(),
            func.sum(current.c.important_count),
            func.sum(current.c.core_count),
        )
        .group_by(division)
        .order_by(division)
    )
    return [DivisionGrades(d, n, int(i or 0), int(c or 0)) for d, n, i, c in rows]


def _coverage(session: Session, where: Jurisdiction) -> tuple[int, int]:
    mandatory = mandatory_set(where)
    required = session.scalar(select(func.count()).select_from(mandatory)) or 0
    covered = session.scalar(
        select(func.count()).select_from(mandatory).where(mandatory.c.uscc.in_(filed_usccs()))
    )
    return required, covered or 0


def figures(session: Session, where: Jurisdiction, now: datetime) -> Figures:
    """The dashboard of ``where`` as of ``now``."""
    ages = _ages(session, where, now)
    statuses: dict[str, int] = {}
    for age in ages:
        statuses[age.status] = statuses.get(age.status, 0) + age.count
    required, covered = _coverage(session, where)
    return Figures(
        code=where.code,
        level=where.level,
        filed=sum(statuses.values()),
        target=PLAN_TARGET,
        mandatory=required,
        covered=covered,
        regions=_regions(session, where),
        statuses=statuses,
        ages=ages,
        grades=_grades(session, where),
    )
