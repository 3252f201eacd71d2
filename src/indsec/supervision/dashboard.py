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
from typing import Any

from sqlalchemy import (
    CTE,
    ColumnElement,
    Select,
    case,
    func,
    literal,
    literal_column,
    select,
    union_all,
)
from sqlalchemy.orm import Session

from indsec.store.tables import FilingRow
from indsec.supervision.dashboard_scope import (
    Jurisdiction,
    current_filings,
    has_filed,
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
Grouped = Select[*tuple[Any, ...]]
"""One branch of the figures' statement: seven columns of a grouped count."""
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
class FilingGroup:
    """A count of current filings by child region, workflow state and age bucket."""

    child: str
    status: str
    bucket: str
    count: int


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


def child_code(where: Jurisdiction, column: ColumnElement[str]) -> ColumnElement[str]:
    """The code of the child region a region-code ``column`` falls in: a province of the
    country, a city of a province; below a province, the jurisdiction itself."""
    if where.level == "country":
        return func.substr(column, 1, 2).concat(literal("0000"))
    if where.level == "province":
        return func.substr(column, 1, 4).concat(literal("00"))
    return literal(where.code)


def age_bucket(submitted: ColumnElement[datetime], now: datetime) -> ColumnElement[str]:
    """The age bucket of a submission moment, as a SQL ``CASE`` against cut-offs from ``now``."""
    whens = [
        (submitted > now - timedelta(days=last + 1), name)
        for name, last in AGE_BUCKETS
        if last is not None
    ]
    return case(*whens, else_=AGE_BUCKETS[-1][0])


def _group_counts(current: CTE, where: Jurisdiction, now: datetime) -> Grouped:
    """Current filings counted by child region, workflow state and age bucket."""
    child = child_code(where, current.c.region_code)
    bucket = age_bucket(current.c.submitted_at, now)
    return select(
        literal_column("'group'"),
        child,
        current.c.status,
        bucket,
        func.count(),
        literal_column("0"),
        literal_column("0"),
    ).group_by(child, current.c.status, bucket)


def _division_sums(current: CTE) -> Grouped:
    """Current filings, and their important and core data, by industry division."""
    division = division_of(current.c.industry_code)
    return select(
        literal_column("'division'"),
        division,
        literal_column("''"),
        literal_column("''"),
        func.count(),
        func.sum(current.c.important_count),
        func.sum(current.c.core_count),
    ).group_by(division)


def _filing_figures(
    session: Session, where: Jurisdiction, now: datetime
) -> tuple[list[FilingGroup], list[DivisionGrades]]:
    """Both groupings of the current filings in one statement, so the database finds each
    enterprise's newest version once (a CTE referenced twice is computed once); the CTE keeps
    only the counted columns, not the stored documents, so it stays small."""
    counted = (
        FilingRow.region_code,
        FilingRow.status,
        FilingRow.submitted_at,
        FilingRow.industry_code,
        FilingRow.important_count,
        FilingRow.core_count,
    )
    current = current_filings(where).with_only_columns(*counted).cte("current")
    rows = session.execute(union_all(_group_counts(current, where, now), _division_sums(current)))
    groups, grades = [], []
    for kind, key, status, bucket, count, important, core in rows:
        if kind == "group":
            groups.append(FilingGroup(key, status, bucket, count))
        else:
            grades.append(DivisionGrades(key, count, int(important or 0), int(core or 0)))
    return groups, sorted(grades, key=lambda grade: grade.division)


def _mandatory_groups(session: Session, where: Jurisdiction) -> dict[str, tuple[int, int]]:
    """Per child region: its mandatory enterprises, and how many of them have filed."""
    mandatory = mandatory_set(where)
    child = child_code(where, mandatory.c.region_code).label("child")
    filed = case((has_filed(mandatory.c.uscc), 1), else_=0)
    rows = session.execute(
        select(child, func.count(), func.sum(filed)).select_from(mandatory).group_by(child)
    )
    return {code: (count, int(covered or 0)) for code, count, covered in rows}


def _regions(
    where: Jurisdiction, groups: list[FilingGroup], required: dict[str, tuple[int, int]]
) -> list[RegionFigures]:
    if where.level == "city":
        return []
    filed: dict[str, int] = {}
    for group in groups:
        filed[group.child] = filed.get(group.child, 0) + group.count
    codes = sorted(set(filed) | set(required))
    return [RegionFigures(c, filed.get(c, 0), *required.get(c, (0, 0))) for c in codes]


def division_of(industry_code: ColumnElement[str | None]) -> ColumnElement[str]:
    """The GB/T 4754 division of an industry class (``C3511`` → ``C35``)."""
    return func.coalesce(func.substr(industry_code, 1, 3), UNKNOWN_DIVISION)


def figures(session: Session, where: Jurisdiction, now: datetime) -> Figures:
    """The dashboard of ``where`` as of ``now``: two statements in all."""
    groups, grades = _filing_figures(session, where, now)
    required = _mandatory_groups(session, where)
    statuses: dict[str, int] = {}
    ages: dict[tuple[str, str], int] = {}
    for group in groups:
        statuses[group.status] = statuses.get(group.status, 0) + group.count
        key = (group.status, group.bucket)
        ages[key] = ages.get(key, 0) + group.count
    return Figures(
        code=where.code,
        level=where.level,
        filed=sum(statuses.values()),
        target=PLAN_TARGET,
        mandatory=sum(count for count, _ in required.values()),
        covered=sum(covered for _, covered in required.values()),
        regions=_regions(where, groups, required),
        statuses=statuses,
        ages=[AgeCount(status, bucket, n) for (status, bucket), n in sorted(ages.items())],
        grades=grades,
    )
