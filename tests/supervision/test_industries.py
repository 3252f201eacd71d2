"""The GB/T 4754-2017 pack: every division of the industrial sections, and code parsing."""

from __future__ import annotations

from pathlib import Path

import pytest

from indsec.errors import RulePackError
from indsec.rules.pack import read_pack
from indsec.supervision.industries import (
    INDUSTRIES_PACK,
    IndustryPack,
    builtin_industries,
    normalise_industry,
)


def test_the_pack_holds_every_division_and_marks_b_c_d_industrial() -> None:
    pack = builtin_industries()
    assert pack.industrial_letters() == {"B", "C", "D"}
    by_letter = {s.letter: [d.code for d in s.divisions] for s in pack.sections}
    assert by_letter["B"] == [f"{n:02d}" for n in range(6, 13)]
    assert by_letter["C"] == [f"{n:02d}" for n in range(13, 44)]
    assert by_letter["D"] == ["44", "45", "46"]
    assert sum(len(codes) for codes in by_letter.values()) == 97
    assert pack.division("39") is not None and "电子" in pack.division("39").names.zh  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("raw", "stored"),
    [("C3511", "C3511"), ("3511", "C3511"), ("35", "C35"), (" c35 ", "C35"), ("B0610", "B0610")],
)
def test_codes_are_normalised(raw: str, stored: str) -> None:
    assert normalise_industry(raw) == stored


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        ("C9912", "division 99 is not in GB/T 4754-2017"),
        ("B3511", "division 35 lies in section C, not B"),
        ("351", "not a GB/T 4754 code"),
        ("Z35", "not a GB/T 4754 code"),
        ("", "not a GB/T 4754 code"),
    ],
)
def test_an_unknown_division_is_refused_with_its_reason(raw: str, reason: str) -> None:
    with pytest.raises(ValueError, match=reason):
        normalise_industry(raw)


def test_a_division_listed_twice_is_refused(tmp_path: Path) -> None:
    text = INDUSTRIES_PACK.read_text(encoding="utf-8")
    doubled = text.replace('- {code: "45",', '- {code: "44",')
    path = tmp_path / "industries.yaml"
    path.write_text(doubled, encoding="utf-8")
    with pytest.raises(RulePackError, match="division 44 is listed twice"):
        read_pack(path, IndustryPack)
