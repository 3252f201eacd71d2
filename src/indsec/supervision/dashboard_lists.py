"""The records behind the dashboard's numbers: enterprises and filings of a jurisdiction.

Each list is filtered in SQL by exactly the conditions its number was counted with, paged
(``offset``, ``limit``), and counted whole, so the page says "rows 1–200 of 4,512" and the
XLSX export (no limit) holds every row the number counts.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import date, datetime
from decimal import Decimal
from typing import Generic, TypeVar

from sqlalchemy import ColumnElement, RowMapping, Select, func, select
from sqlalchemy.orm import Session

from indsec.store.tables import FilingRow, RegistryEnterpriseRow
from indsec.supervision.dashboard import UNKNOWN_DIVISION, age_bucket, division_of
from indsec.supervision.dashboard_scope import (
    Jurisdiction,
    current_filings,
    has_filed,
    in_mandatory_set,
)


@dataclass(frozen=True, slots=True)
class EnterpriseFilter:
    """Which registered enterprises: all, or only those (not) mandatory, (not) filed."""

    mandatory: bool | None = None
    filed: bool | None = None


@dataclass(frozen=True, slots=True)
class FilingFilter:
    """Which current filings: of one workflow state, age bucket or industry division."""

    status: str | None = None
    age: str | None = None
    division: str | None = None


@dataclass(frozen=True, slots=True)
class EnterpriseLine:
    uscc: str
    name: str
    region_code: str
    industry_code: str
    annual_revenue: Decimal
    above_scale: bool
    mandatory: bool
    status: str | None
    """The workflow state of its newest filing; None when it has never filed."""


@dataclass(frozen=True, slots=True)
class FilingLine:
    uscc: str
    enterprise_name: str
    region_code: str
    industry_code: str | None
    version: int
    status: str
    submitted_at: datetime
    review_due: date
    important_count: int
    core_count: int


T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Page(Generic[T]):
    """One page of a list and how many rows the whole list has."""

    rows: list[T]
    total: int


def _enterprise_conditions(
    where: Jurisdiction, wanted: EnterpriseFilter
) -> tuple[list[ColumnElement[bool]], ColumnElement[bool]]:
    registry = RegistryEnterpriseRow
    mandatory = in_mandatory_set()
    conditions = [where.holds(registry.region_code)]
    if wanted.mandatory is not None:
        conditions.append(mandatory if wanted.mandatory else ~mandatory)
    if wanted.filed is not None:
        filed = has_filed(registry.uscc)
        conditions.append(filed if wanted.filed else ~filed)
    return conditions, mandatory


def _newest_status() -> ColumnElement[str | None]:
    """The state of the enterprise's newest filing version, one indexed look-up per row shown."""
    newest = FilingRow.__table__.alias("newest")
    return (
        select(newest.c.status)
        .where(newest.c.uscc == RegistryEnterpriseRow.uscc)
        .order_by(newest.c.version.desc())
        .limit(1)
        .scalar_subquery()
    )


def enterprises(
    session: Session,
    where: Jurisdiction,
    wanted: EnterpriseFilter,
    *,
    offset: int = 0,
    limit: int | None = None,
) -> Page[EnterpriseLine]:
    """The registered enterprises of ``where`` that ``wanted`` selects, largest revenue first."""
    registry = RegistryEnterpriseRow
    conditions, mandatory = _enterprise_conditions(where, wanted)
    total = session.scalar(select(func.count()).select_from(registry).where(*conditions)) or 0
    query = (
        select(
            registry.uscc,
            registry.name,
            registry.region_code,
            registry.industry_code,
            registry.annual_revenue,
            registry.above_scale,
            mandatory,
            _newest_status(),
        )
        .where(*conditions)
        .order_by(registry.annual_revenue.desc(), registry.uscc)
        .offset(offset)
        .limit(limit)
    )
    lines = [EnterpriseLine(*row[:6], bool(row[6]), row[7]) for row in session.execute(query)]
    return Page(lines, total)


def _filing_query(where: Jurisdiction, wanted: FilingFilter, now: datetime) -> Select[tuple[int]]:
    current = current_filings(where).subquery("current")
    query = select(current).select_from(current)
    if wanted.status is not None:
        query = query.where(current.c.status == wanted.status)
    if wanted.age is not None:
        query = query.where(age_bucket(current.c.submitted_at, now) == wanted.age)
    if wanted.division == UNKNOWN_DIVISION:
        query = query.where(current.c.industry_code.is_(None))
    elif wanted.division is not None:
        query = query.where(division_of(current.c.industry_code) == wanted.division)
    return query


def filing_rows(
    session: Session,
    where: Jurisdiction,
    wanted: FilingFilter,
    now: datetime,
    *,
    offset: int = 0,
    limit: int | None = None,
) -> list[FilingLine]:
    """The current filings of ``where`` that ``wanted`` selects, longest waiting first."""
    query = _filing_query(where, wanted, now).subquery("listed")
    rows = session.execute(
        select(query).order_by(query.c.submitted_at, query.c.uscc).offset(offset).limit(limit)
    ).mappings()
    return [_filing_line(row) for row in rows]


def count_filings(
    session: Session, where: Jurisdiction, wanted: FilingFilter, now: datetime
) -> int:
    """How many rows the whole list of :func:`filing_rows` has."""
    query = _filing_query(where, wanted, now).subquery("listed")
    return session.scalar(select(func.count()).select_from(query)) or 0


def _filing_line(row: RowMapping) -> FilingLine:
    return FilingLine(**{column.name: row[column.name] for column in fields(FilingLine)})
