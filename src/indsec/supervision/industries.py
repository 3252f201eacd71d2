"""The industries pack: GB/T 4754-2017 sections (门类) and divisions (大类), and code parsing.

Registries spell industry codes several ways — ``C3511``, ``3511``, ``C35``, ``35`` — and
all of them name a division by their first two digits, which also fix the section. One
normal form is stored (the section letter, then the digits given), so a ranking per division
is a prefix, and an unknown division is refused at the boundary instead of ranked somewhere.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from pydantic import Field, PrivateAttr

from indsec.model import Names
from indsec.rules.base import FrozenModel
from indsec.rules.pack import RulePack, read_pack

INDUSTRIES_PACK = Path(__file__).parent / "packs" / "industries.yaml"
CODE = re.compile(r"^([A-T])?([0-9]{2}|[0-9]{4})$")
"""An optional section letter, then a division (two digits) or a class (four digits)."""


class RefusalError(ValueError):
    """Why a cell is refused: a message id with its values, so a page can say it in Chinese
    (``template`` is the English message id, ``values`` fill its ``%(name)s`` places)."""

    def __init__(self, template: str, **values: str) -> None:
        super().__init__(template % values)
        self.template, self.values = template, values


class Division(FrozenModel):
    code: str = Field(pattern=r"^[0-9]{2}$")
    names: Names


class Section(FrozenModel):
    letter: str = Field(pattern=r"^[A-T]$")
    names: Names
    industrial: bool
    """Counted as industry (规模以上工业) for the plan's top-10 % set."""
    divisions: list[Division] = Field(min_length=1)


class IndustryPack(RulePack):
    """Every section and division; a division listed twice, or in two sections, is refused."""

    sections: list[Section] = Field(min_length=1)
    _index: dict[str, tuple[Section, Division]] = PrivateAttr(default_factory=dict)
    """Division code → its section and itself, built on first use (every imported row asks)."""

    def check(self) -> list[str]:
        letters = [s.letter for s in self.sections]
        codes = [d.code for s in self.sections for d in s.divisions]
        return [
            f"section {x} is listed twice" for x in sorted(set(letters)) if letters.count(x) > 1
        ] + [f"division {x} is listed twice" for x in sorted(set(codes)) if codes.count(x) > 1]

    def section_of(self, division: str) -> Section | None:
        return next(
            (s for s in self.sections if any(d.code == division for d in s.divisions)), None
        )

    def division(self, code: str) -> Division | None:
        found = (d for s in self.sections for d in s.divisions if d.code == code)
        return next(found, None)

    def industrial_letters(self) -> frozenset[str]:
        return frozenset(s.letter for s in self.sections if s.industrial)


@cache
def builtin_industries() -> IndustryPack:
    """The industries shipped with indsec, read once per process."""
    return read_pack(INDUSTRIES_PACK, IndustryPack)


def normalise_industry(raw: str) -> str:
    """``raw`` in the stored form (section letter + 2 or 4 digits); :class:`RefusalError` says why
    not."""
    found = CODE.match(raw.strip().upper())
    if found is None:
        raise RefusalError("not a GB/T 4754 code (a section letter, then 2 or 4 digits)")
    letter, digits = found.groups()
    section = builtin_industries().section_of(digits[:2])
    if section is None:
        raise RefusalError("division %(division)s is not in GB/T 4754-2017", division=digits[:2])
    if letter is not None and letter != section.letter:
        raise RefusalError(
            "division %(division)s lies in section %(section)s, not %(given)s",
            division=digits[:2],
            section=section.letter,
            given=letter,
        )
    return section.letter + digits
