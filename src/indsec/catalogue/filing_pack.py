"""The filing rule pack: which fields the important/core catalogue filing carries, and its clocks.

The fields and deadlines come from the MIIT Measures (§2.3 of the reference), several of them
recalled rather than verified, so they are data a reviewer can correct without a code change.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from indsec.model import Names
from indsec.rules.base import StrictModel
from indsec.rules.pack import PACK_KINDS, RulePack


class FilingField(StrictModel):
    """One column of the filing form."""

    id: str = Field(pattern=r"^[a-z_]+$")
    names: Names
    source: str = Field(description="where the value comes from: asset, profile or declared")
    needs_review: bool = False


SheetName = Annotated[str, Field(min_length=1, max_length=31, pattern=r"^[^\[\]:*?/\\]+$")]


class SheetNames(Names):
    """A worksheet name in both languages: spreadsheets cut names past 31 characters and refuse
    ``[]:*?/\\``, so a pack that would be cut or refused is invalid instead."""

    zh: SheetName
    en: SheetName


@PACK_KINDS.decorator("filing")
class FilingPack(RulePack):
    """Filing form fields and the statutory clocks around it."""

    title: Names
    sheet_name: SheetNames
    grades_filed: list[str] = Field(min_length=1)
    fields: list[FilingField] = Field(min_length=1)
    review_working_days: int = Field(gt=0)
    refiling_months: int = Field(gt=0)
    refiling_scale_change: float = Field(gt=0, le=1)
    needs_review: list[str] = Field(default_factory=list)

    def check(self) -> list[str]:
        ids = [f.id for f in self.fields]
        dupes = sorted({i for i in ids if ids.count(i) > 1})
        return [f"filing field '{i}' is declared twice" for i in dupes]
