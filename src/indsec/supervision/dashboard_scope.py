"""The record sets every dashboard figure and list is counted over, as SQL selectables.

A jurisdiction is a GB/T 2260 code; ``100000`` is the whole country. Its records are those whose
region code starts with the code's subtree prefix (empty for the country), so every figure is
one ``GROUP BY`` over an indexed prefix, never a loop over rows in Python.

Three sets are shared by the figures and the lists so that a number and the list behind it
can never disagree: an enterprise's *current* filing (its highest version), the enterprises
that *have filed* (a filing in any workflow state), and the plan's *mandatory set*.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Select,
    SQLColumnExpression,
    Subquery,
    exists,
    select,
    true,
)

from indsec.store.tables import FilingRow, RegistryEnterpriseRow
from indsec.supervision.filing_types import FilingStatus

COUNTRY = "100000"
"""The code standing for the whole country (the national regulator's jurisdiction)."""
FILED_STATUSES = tuple(status.value for status in FilingStatus)
"""A filing in any state of the workflow (resubmitted too) means the enterprise does classified
protection and filed."""


@dataclass(frozen=True, slots=True)
class Jurisdiction:
    """A region and the leading digits every region code within it shares."""

    code: str

    @property
    def prefix(self) -> str:
        if self.code == COUNTRY:
            return ""
        if self.code.endswith("0000"):
            return self.code[:2]
        if self.code.endswith("00"):
            return self.code[:4]
        return self.code

    @property
    def level(self) -> str:
        """``country``, ``province`` or ``city`` (a county is treated as a city: no children)."""
        if self.code == COUNTRY:
            return "country"
        return "province" if self.code.endswith("0000") else "city"

    def holds(self, column: SQLColumnExpression[str]) -> ColumnElement[bool]:
        """The condition that a region-code ``column`` lies in this jurisdiction."""
        return column.like(f"{self.prefix}%") if self.prefix else true()


def current_filings(where: Jurisdiction) -> Select[Any]:
    """Each enterprise's newest filing version in ``where``: the state the regulator works on.

    Intake marks the newest version ``is_current`` in the transaction that adds it, so the
    set is one indexed filter, not a ``MAX(version)`` over every version on each request.
    A query, for the caller to use as a subquery (a list) or a CTE (the figures)."""
    return select(FilingRow).where(
        FilingRow.is_current.is_(True),
        where.holds(FilingRow.region_code),
        FilingRow.status.in_(FILED_STATUSES),
    )


def has_filed(uscc: SQLColumnExpression[str]) -> ColumnElement[bool]:
    """Whether the enterprise ``uscc`` has filed at all (any version, any workflow state): one
    probe of the filings' USCC index per enterprise asked about."""
    return exists().where(FilingRow.uscc == uscc, FilingRow.status.in_(FILED_STATUSES))


def in_mandatory_set() -> ColumnElement[bool]:
    """Whether a registered enterprise is in its province's top 10 % (``mandatory`` states the
    rule and stores each member's rank when the registry is imported)."""
    return RegistryEnterpriseRow.mandatory_rank.is_not(None)


def mandatory_set(where: Jurisdiction) -> Subquery:
    """The plan's mandatory enterprises in ``where`` (``uscc``, ``region_code``): the stored
    province-wide set, one index range, never a ranking per request. The ranking is always
    over the whole province; a city's share of it is filtered here."""
    registry = RegistryEnterpriseRow
    return (
        select(registry.uscc, registry.region_code)
        .where(in_mandatory_set(), where.holds(registry.region_code))
        .subquery("mandatory")
    )
