"""The plan's mandatory set: the top 10 % by annual revenue of each province's above-scale
industrial enterprises, and how many of them have done classified protection and filed.

The rule, stated once (regulation.md §1.4, T2):

* the group is a province's above-scale enterprises of the industrial sections (B, C, D in
  the industries pack) — or, asked per industry, those of one division (大类) of it;
* its size is ``ceil(10 % × n)`` for ``n`` enterprises in the group, so any non-empty group
  has at least one (10 enterprises → 1, 11 → 2, 1 → 1, 0 → 0);
* ranks are by revenue, highest first; an enterprise whose revenue equals the last one's
  within that size is in the set too (a tie cannot be split by the measure that ranks), so
  the set may be larger than the size, never smaller.

An enterprise has "done classified protection and filed" when it has a filing whose status is
submitted, under review, accepted or returned (returned is filed and being corrected).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from sqlalchemy import select

from indsec.app import AppContext
from indsec.model.registry import MandatoryEnterprise, ProvinceCoverage, RegistryEnterprise
from indsec.store.tables import FilingRow
from indsec.supervision import registry
from indsec.supervision.dashboard_scope import FILED_STATUSES
from indsec.supervision.industries import builtin_industries

SHARE_PERCENT = 10


def set_size(count: int) -> int:
    """``ceil(10 % × count)``, in integers so no float ever rounds 10 % of 30 to 3.0000001."""
    return (count * SHARE_PERCENT + 99) // 100


def top_share(ranked: list[RegistryEnterprise]) -> list[tuple[int, RegistryEnterprise]]:
    """The top of ``ranked`` (richest first) with its ties at the boundary, each with its rank
    (1-based; equal revenues share the better rank)."""
    size = set_size(len(ranked))
    chosen: list[tuple[int, RegistryEnterprise]] = []
    for index, found in enumerate(ranked):
        tied = bool(chosen) and found.annual_revenue == chosen[-1][1].annual_revenue
        if index >= size and not tied:
            break
        chosen.append((chosen[-1][0] if tied else index + 1, found))
    return chosen


def _by_division(ranked: list[RegistryEnterprise]) -> Iterable[list[RegistryEnterprise]]:
    groups: dict[str, list[RegistryEnterprise]] = defaultdict(list)
    for found in ranked:
        groups[found.division].append(found)
    return groups.values()


def filed_usccs(app: AppContext) -> set[str]:
    """The USCCs with a filing in any state of the workflow."""
    query = select(FilingRow.uscc).where(FilingRow.status.in_(FILED_STATUSES)).distinct()
    with app.store().session() as session:
        return set(session.scalars(query))


def mandatory(
    app: AppContext, province: str, *, industry: str | None, per_division: bool
) -> list[tuple[int, RegistryEnterprise]]:
    """The mandatory set of one province (of one division when ``industry`` names it)."""
    letters = builtin_industries().industrial_letters()
    ranked = registry.above_scale_industrial(app, province, letters, industry)
    if not per_division:
        return top_share(ranked)
    chosen = [pair for group in _by_division(ranked) for pair in top_share(group)]
    return sorted(chosen, key=lambda pair: (-pair[1].annual_revenue, pair[1].uscc))


def with_filing(
    chosen: list[tuple[int, RegistryEnterprise]], filed: set[str]
) -> list[MandatoryEnterprise]:
    return [MandatoryEnterprise(found, rank, found.uscc in filed) for rank, found in chosen]


def coverage(
    app: AppContext, provinces: list[str], filed: set[str], *, allowed: str, per_division: bool
) -> list[ProvinceCoverage]:
    """Per province: the size of the mandatory set's part whose region starts with
    ``allowed``, and how many of that part have filed."""
    result = []
    for province in provinces:
        ranked = mandatory(app, province, industry=None, per_division=per_division)
        chosen = [found for _, found in ranked if found.region_code.startswith(allowed)]
        done = sum(1 for found in chosen if found.uscc in filed)
        result.append(ProvinceCoverage(province, len(chosen), done))
    return result
