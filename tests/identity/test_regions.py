"""The regions pack: valid as shipped, every problem of a broken one located; jurisdictions."""

from __future__ import annotations

from pathlib import Path

import pytest

from indsec.errors import RulePackError
from indsec.identity.regions import builtin_regions, parent_code, read_region_pack, within

HEADER = "pack: {id: test.regions, kind: regions, version: '1'}\nregions:\n"


def test_the_shipped_pack_has_every_province_level_division() -> None:
    pack = builtin_regions()
    provinces = [r for r in pack.regions if r.code.endswith("0000")]
    assert len(provinces) == 34
    assert pack.get("320000") is not None and pack.get("320000").names.en == "Jiangsu"  # type: ignore[union-attr]


def test_a_broken_pack_reports_every_problem_with_its_place(tmp_path: Path) -> None:
    path = tmp_path / "regions.yaml"
    path.write_text(
        HEADER
        + "  - {code: '320000', names: {zh: 江苏省, en: Jiangsu}}\n"
        + "  - {code: '320000', names: {zh: 江苏省, en: Jiangsu}}\n"
        + "  - {code: '330100', names: {zh: 杭州市, en: Hangzhou}}\n",
        encoding="utf-8",
    )
    with pytest.raises(RulePackError) as raised:
        read_region_pack(path)
    messages = [p.message for p in raised.value.problems]
    assert "region 320000 is listed twice" in messages
    assert "region 330100 lies in 330000, which is not listed" in messages


def test_a_malformed_code_is_located(tmp_path: Path) -> None:
    path = tmp_path / "regions.yaml"
    path.write_text(
        HEADER + "  - {code: '32000', names: {zh: x, en: x}, extra: 1}\n", encoding="utf-8"
    )
    with pytest.raises(RulePackError) as raised:
        read_region_pack(path)
    wheres = {str(p) for p in raised.value.problems}
    assert any("regions.yaml:3:" in w and "regions.0.code" in w for w in wheres), wheres
    assert any("regions.0.extra" in w for w in wheres), wheres


@pytest.mark.parametrize(
    ("code", "ancestor", "inside"),
    [
        ("320505", "320000", True),
        ("320505", "320500", True),
        ("320505", "320505", True),
        ("320105", "320500", False),
        ("330100", "320000", False),
        ("320000", "320500", False),
    ],
)
def test_within_follows_the_code_digits(code: str, ancestor: str, inside: bool) -> None:
    assert within(code, ancestor) is inside


def test_parents() -> None:
    assert [parent_code(c) for c in ("320000", "320500", "320505")] == [None, "320000", "320500"]


@pytest.mark.parametrize(
    ("code", "holder"),
    [
        ("320412", "320400"),  # a county of Changzhou: counties are not listed, their city is
        ("320400", "320400"),  # a listed city is itself
        ("110101", "110000"),  # Beijing's Dongcheng district: a municipality's district group
        ("419001", "410000"),  # Jiyuan, a county-level city Henan administers directly
        ("500230", "500000"),  # a county of Chongqing
    ],
)
def test_a_code_resolves_to_the_listed_division_it_lies_in(code: str, holder: str) -> None:
    found = builtin_regions().holding(code)
    assert found is not None and found.code == holder


@pytest.mark.parametrize("code", ["999999", "329912", "339912"])
def test_a_code_under_no_listed_city_or_province_is_unknown(code: str) -> None:
    assert builtin_regions().holding(code) is None and builtin_regions().get("320412") is None
