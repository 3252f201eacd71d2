"""The regions pack: administrative divisions by GB/T 2260 code, and what lies within what.

A regulator's jurisdiction is its region's subtree, which the six digits of the code encode:
``XX0000`` is a province-level division, ``XXYY00`` a prefecture-level city in it, any other
code a county in that city. The pack is a versioned YAML document validated like every rule
pack (located errors, ``extra="forbid"``, semantic checks), so a reviewer corrects names and
adds cities without touching code.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

from indsec.model import Names
from indsec.rules.pack import RulePack, read_pack

REGIONS_PACK = Path(__file__).parent / "packs" / "regions.yaml"

RegionCode = str
CODE_PATTERN = r"^[1-9][0-9]{5}$"


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

    def get(self, code: RegionCode) -> Region | None:
        return next((region for region in self.regions if region.code == code), None)


def read_region_pack(path: Path) -> RegionPack:
    """Load and validate the pack at ``path``; every problem is raised at once, located."""
    return read_pack(path, RegionPack)


@cache
def builtin_regions() -> RegionPack:
    """The regions shipped with indsec, read once per process."""
    return read_region_pack(REGIONS_PACK)
