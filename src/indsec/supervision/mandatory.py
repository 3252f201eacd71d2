"""The plan's mandatory set: the top 10 % by annual revenue of each province's above-scale
industrial enterprises, and how many of them have done classified protection and filed.

The rule, stated once (regulation.md §1.4, T2), and implemented once, in SQL (:func:`ranked`):

* the group is a province's above-scale enterprises of the industrial sections (B, C, D in
  the industries pack) — or, asked per industry, those of one division (大类) of it;
* its size is ``ceil(10 % × n)`` for ``n`` enterprises in the group, so any non-empty group
  has at least one (10 enterprises → 1, 11 → 2, 1 → 1, 0 → 0);
* ranks are by revenue, highest first; an enterprise whose revenue equals the last one's
  within that size is in the set too (a tie cannot be split by the measure that ranks), so
  the set may be larger than the size, never smaller. ``RANK()`` gives equal revenues the
  better rank, so "rank × 10 ≤ n + 9" is exactly "within the size, or tied with its last".

The province-wide set is what every dashboard counts, so it is stored: the registry import
ranks the provinces it touched (:func:`refresh`) in the import's transaction and keeps each
member's rank in ``registry_enterprises.mandatory_rank``; a dashboard reads it by index instead
of ranking 45,000 enterprises per request. The per-division sets are ranked when asked.

An enterprise has "done classified protection and filed" when it has a filing whose status is
submitted, under review, accepted or returned (returned is filed and being corrected).
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from sqlalchemy import ColumnElement, Subquery, func, select, update
from sqlalchemy.orm import Session

from indsec.store.tables import RegistryEnterpriseRow as Row
from indsec.supervision.industries import builtin_industries

SHARE_DIVISOR = 10
"""The plan's top 10 %: one in ten (rounded up) of each group."""
REFRESH_CHUNK = 500


def set_size(count: int) -> int:
    """``ceil(10 % × count)``, in integers (what :func:`ranked`'s condition amounts to)."""
    return (count + SHARE_DIVISOR - 1) // SHARE_DIVISOR


def ranked(
    *,
    provinces: Collection[str] | None,
    division: str | None = None,
    per_division: bool = False,
) -> Subquery:
    """The members of the set (``id``, ``uscc``, ``region_code``, ``rank``) of ``provinces``
    (all when None): per province, or per division of a province with ``per_division``, or
    within the one ``division`` (e.g. ``C35``) asked for."""
    groups: list[ColumnElement[Any]] = [Row.province_code.expression]
    if per_division:
        groups.append(func.substr(Row.industry_code, 1, 3))
    letters = sorted(builtin_industries().industrial_letters())
    query = select(
        Row.id,
        Row.uscc,
        Row.region_code,
        func.rank().over(partition_by=groups, order_by=Row.annual_revenue.desc()).label("rank"),
        func.count().over(partition_by=groups).label("eligible"),
    ).where(Row.above_scale.is_(True), func.substr(Row.industry_code, 1, 1).in_(letters))
    if provinces is not None:
        query = query.where(Row.province_code.in_(sorted(provinces)))
    if division:
        query = query.where(Row.industry_code.startswith(division, autoescape=True))
    inner = query.subquery("ranked")
    return (
        select(inner.c.id, inner.c.uscc, inner.c.region_code, inner.c.rank)
        .where(inner.c.rank * SHARE_DIVISOR <= inner.c.eligible + SHARE_DIVISOR - 1)
        .subquery("members")
    )


def refresh(session: Session, provinces: Collection[str]) -> int:
    """Rank ``provinces`` anew and store each member's rank (others: none), in the caller's
    transaction, so the stored set changes with the registry that decides it; how many."""
    if not provinces:
        return 0
    chosen = ranked(provinces=provinces)
    found = [
        {"id": i, "mandatory_rank": r}
        for i, r in session.execute(select(chosen.c.id, chosen.c.rank))
    ]
    session.execute(
        update(Row)
        .where(Row.province_code.in_(sorted(provinces)), Row.mandatory_rank.is_not(None))
        .values(mandatory_rank=None)
    )
    for start in range(0, len(found), REFRESH_CHUNK):
        session.execute(update(Row), found[start : start + REFRESH_CHUNK])
    return len(found)
