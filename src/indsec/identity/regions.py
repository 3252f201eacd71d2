"""The regions pack: administrative divisions by GB/T 2260 code, and what lies within what.

A regulator's jurisdiction is its region's subtree, which the six digits of the code encode:
``XX0000`` is a province-level division, ``XXYY00`` a prefecture-level city in it, any other
code a county in that city. The pack is a versioned YAML document validated like every rule
pack (located errors, ``extra="forbid"``, semantic checks), so a reviewer corrects names and
adds cities without touching code.
"""

from __future__ import annotations

from functools import cache, cached_property
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

from indsec.model import Names
from indsec.rules.pack import RulePack, read_pack

REGIONS_PACK = Path(__file__).parent / "packs" / "regions.yaml"

RegionCode = str
CODE_PATTERN = r"^[1-9][0-9]{5}$"
DIRECT_GROUPS = frozenset({"01", "02", "90"})
"""Middle digits of county codes that sit under no listed city: a municipality's districts (01)
and counties (02), and a province's directly administered county-level cities (90)."""


class Region(BaseModel):
    """One administrative division: its code and its names."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    code: RegionCode = Field(pattern=CODE_PATTERN)
    names: Names


def parent_code(code: RegionCode) -> RegionCode | None:
    """The code of the division directly above ``code`` (None for a province)."""
    if code.endswith("0000"):
        return None
    if code.endswith("00"):
        return f"{code[:2]}0000"
    return f"{code[:4]}00"


def subtree_prefix(code: RegionCode) -> str:
    """The leading digits every code in ``code``'s subtree shares."""
    if code.endswith("0000"):
        return code[:2]
    if code.endswith("00"):
        return code[:4]
    return code


def within(code: RegionCode, ancestor: RegionCode) -> bool:
    """Whether ``code`` is ``ancestor`` or lies in its subtree."""
    return code.startswith(subtree_prefix(ancestor))


class RegionPack(RulePack):
    """Every region the platform knows; a code whose parent is missing is refused."""

    regions: list[Region] = Field(min_length=1)

    def check(self) -> list[str]:
        codes = [region.code for region in self.regions]
        known = set(codes)
        problems = [f"region {c} is listed twice" for c in sorted(known) if codes.count(c) > 1]
        for code in codes:
            parent = parent_code(code)
            if parent is not None and parent not in known:
                problems.append(f"region {code} lies in {parent}, which is not listed")
        return problems

    @cached_property
    def _by_code(self) -> dict[RegionCode, Region]:
        """An index, built once: a registry import asks for a region on every row."""
        return {region.code: region for region in self.regions}

    def get(self, code: RegionCode) -> Region | None:
        """The division listed under exactly ``code``."""
        return self._by_code.get(code)

    def holding(self, code: RegionCode) -> Region | None:
        """The listed division ``code`` is or lies in: counties are not listed, so a county
        resolves to its city, and one of a municipality's district groups or a province's
        directly administered counties (middle digits 01, 02 or 90, no city listed) to its
        province. ``None`` when neither the code nor its city or province is known."""
        found = self.get(code)
        if found is None and not code.endswith("00"):
            found = self.get(f"{code[:4]}00")
            if found is None and code[2:4] in DIRECT_GROUPS:
                found = self.get(f"{code[:2]}0000")
        return found


def read_region_pack(path: Path) -> RegionPack:
    """Load and validate the pack at ``path``; every problem is raised at once, located."""
    return read_pack(path, RegionPack)


@cache
def builtin_regions() -> RegionPack:
    """The regions shipped with indsec, read once per process."""
    return read_region_pack(REGIONS_PACK)
