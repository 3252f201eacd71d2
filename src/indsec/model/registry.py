"""The regulator's enterprise registry as the supervision service hands it to the faces.

An enterprise is keyed by its unified social credit code; an import reports what it changed
and, row by row, what it refused and why, so a regulator can fix the file and import it again.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal


@dataclass(frozen=True, slots=True)
class RegistryEnterprise:
    """One enterprise of the registry: who, which industry (GB/T 4754), where (GB/T 2260)."""

    uscc: str
    name: str
    industry_code: str
    region_code: str
    annual_revenue: Decimal
    above_scale: bool

    @property
    def province_code(self) -> str:
        return self.region_code[:2]

    @property
    def division(self) -> str:
        """The two-digit industry division (大类), e.g. ``35`` for ``C3511``."""
        return self.industry_code[1:3]

    def cells(self) -> list[object]:
        """The enterprise as a table row, in the order of :data:`ENTERPRISE_COLUMNS`."""
        flag = "是" if self.above_scale else "否"
        return [
            self.uscc,
            self.name,
            self.industry_code,
            self.region_code,
            self.annual_revenue,
            flag,
        ]


ENTERPRISE_COLUMNS = ("uscc", "name", "industry", "region", "revenue", "above_scale")
"""The registry's columns: an exported list imports again as it is."""
ROW_ERROR_COLUMNS = ("row", "column", "value", "reason")


@dataclass(frozen=True, slots=True)
class RowError:
    """One refused cell or row of an imported file: where, the (shortened) value, and why.

    ``reason_id`` is an English message id whose ``%(name)s`` places ``values`` fill, so a page
    translates it; :attr:`reason` is it filled in."""

    row: int
    column: str
    value: str
    reason_id: str
    values: dict[str, str] = field(default_factory=dict)

    @property
    def reason(self) -> str:
        return self.reason_id % self.values

    def cells(self) -> list[object]:
        return [self.row, self.column, self.value, self.reason]


@dataclass
class ImportResult:
    """What one import did: rows added, updated, unchanged and refused, and each refusal."""

    added: int = 0
    updated: int = 0
    unchanged: int = 0
    refused: int = 0
    errors: list[RowError] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class RegistryFilter:
    """What a list of the registry is narrowed to; ``None`` leaves a criterion out.

    ``industry`` is a section letter or a division; ``search`` matches the name or the USCC."""

    province: str | None = None
    city: str | None = None
    industry: str | None = None
    above_scale: bool | None = None
    search: str | None = None


@dataclass(frozen=True, slots=True)
class EnterprisePage:
    """One page of a filtered list, and how many enterprises the whole filter matches."""

    total: int
    page: int
    size: int
    items: list[RegistryEnterprise]


@dataclass(frozen=True, slots=True)
class MandatoryEnterprise:
    """An enterprise of the plan's mandatory set, its rank in its group, and whether it filed."""

    enterprise: RegistryEnterprise
    rank: int
    filed: bool


@dataclass(frozen=True, slots=True)
class ProvinceCoverage:
    """How much of a province's mandatory set has done classified protection and filed."""

    province_code: str
    mandatory: int
    filed: int

    @property
    def share(self) -> float:
        return self.filed / self.mandatory if self.mandatory else 0.0
