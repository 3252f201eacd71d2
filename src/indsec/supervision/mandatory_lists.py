"""The plan's mandatory set read for the registry's pages and API: one page of a province's
set with whether each member filed, and the coverage per province; counted in SQL over the set
``mandatory`` keeps (or ranks when a per-division set is asked for), never loaded whole."""

from __future__ import annotations

from sqlalchemy import Subquery, case, func, select
from sqlalchemy.orm import Session

from indsec.model.registry import MandatoryEnterprise, ProvinceCoverage
from indsec.store.tables import RegistryEnterpriseRow as Row
from indsec.supervision.dashboard_scope import has_filed
from indsec.supervision.mandatory import ranked
from indsec.supervision.registry import enterprise as registry_enterprise


def _members(province: str | None, division: str | None, per_division: bool) -> Subquery:
    """The set asked for as (``id``, ``rank``): the stored province-wide one, or ranked now."""
    if division or per_division:
        live = ranked(
            provinces=None if province is None else [province],
            division=division,
            per_division=per_division,
        )
        return select(live.c.id, live.c.rank).subquery("chosen")
    query = select(Row.id, Row.mandatory_rank.label("rank")).where(Row.mandatory_rank.is_not(None))
    if province is not None:
        query = query.where(Row.province_code == province)
    return query.subquery("chosen")


def members(
    session: Session,
    province: str,
    allowed: str,
    *,
    division: str | None = None,
    per_division: bool = False,
    offset: int = 0,
    limit: int | None = None,
) -> tuple[list[MandatoryEnterprise], int]:
    """One page of a province's set (richest first) in the jurisdiction ``allowed``, each
    with whether it has filed; and how many the whole set has there."""
    chosen = _members(province, division, per_division)
    mine = Row.region_code.startswith(allowed, autoescape=True)
    joined = select(Row, chosen.c.rank, has_filed(Row.uscc)).join(chosen, chosen.c.id == Row.id)
    query = joined.where(mine).order_by(Row.annual_revenue.desc(), Row.uscc)
    page = [
        MandatoryEnterprise(registry_enterprise(row), int(rank), bool(filed))
        for row, rank, filed in session.execute(query.offset(offset).limit(limit))
    ]
    total = session.scalar(
        select(func.count()).select_from(chosen).join(Row, chosen.c.id == Row.id).where(mine)
    )
    return page, int(total or 0)


def coverage(
    session: Session, provinces: list[str], allowed: str, *, per_division: bool
) -> list[ProvinceCoverage]:
    """Per province: the size of the set's part in the jurisdiction ``allowed``, and how many
    of that part have filed (one grouped count)."""
    chosen = _members(None, None, per_division)
    filed = case((has_filed(Row.uscc), 1), else_=0)
    query = (
        select(Row.province_code, func.count(), func.sum(filed))
        .join(chosen, chosen.c.id == Row.id)
        .where(
            Row.province_code.in_(provinces), Row.region_code.startswith(allowed, autoescape=True)
        )
        .group_by(Row.province_code)
    )
    counted = {p: (n, int(done or 0)) for p, n, done in session.execute(query)}
    return [ProvinceCoverage(p, *counted.get(p, (0, 0))) for p in provinces]
