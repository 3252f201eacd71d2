"""The important/core filing: the right assets, the pack's fields, metadata only."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from openpyxl import load_workbook

from indsec.catalogue.filing_pack import FilingPack
from indsec.classify.grade.pack import GradingPack
from indsec.classify.taxonomy_pack import TaxonomyPack
from indsec.model import AssetKind, EnterpriseProfile, Grade
from indsec.report.filing import FILING_WRITERS, build_filing
from indsec.report.filing_wording import CARRIERS, BasisWording, storage_size
from indsec.rules.pack import load_packs
from tests.catalogue.conftest import make_asset


def _filing(lang: str):  # type: ignore[no-untyped-def]
    packs = load_packs()
    pack = packs.one(FilingPack)
    assets = [
        make_asset("员工", Grade.IMPORTANT, rows=5000),
        make_asset("配方", Grade.CORE),
        make_asset("日志", Grade.GENERAL),
    ]
    profile = EnterpriseProfile(
        name="华东精工",
        uscc="91310000MA1FL8L97Q",
        data_security_officer="王强",
        officer_contact="021-5555",
    )
    declared = {"defaults": {"cross_border": "无"}, "配方": {"scope_of_use": "工艺部"}}
    return build_filing(
        assets=assets,
        version=3,
        profile=profile,
        pack=pack,
        declarations=declared,
        category_names=lambda c, lang: f"<{c}:{lang}>",
        terms=packs.one(GradingPack).term_names(),
        systems=list(packs.one(TaxonomyPack).hint_priors),
        lang=lang,
    )


def test_only_important_and_core_are_filed_with_declarations() -> None:
    filing = _filing("zh")
    names = [r["data_name"] for r in filing.records]
    assert names == ["员工", "配方"]
    recipe = filing.records[1]
    assert recipe["grade"] == "核心数据"
    assert recipe["scope_of_use"] == "工艺部"
    assert recipe["cross_border"] == "无"
    assert filing.records[0]["scope_of_use"] == "待填写"
    assert recipe["security_officer"] == "王强 021-5555"
    assert recipe["category"] == "<management.hr_finance:zh>"


@pytest.mark.parametrize("fmt", ["json", "xlsx"])
def test_exports_carry_no_data_content(tmp_path: Path, fmt: str) -> None:
    filing = _filing("en")
    path = tmp_path / f"filing.{fmt}"
    FILING_WRITERS.get(fmt)(filing, path)
    if fmt == "json":
        text = path.read_text(encoding="utf-8")
        assert json.loads(text)["records"][0]["grade"] == "important"
    else:
        sheet = load_workbook(path).active
        assert sheet is not None
        text = "\n".join(str(c.value) for row in sheet.iter_rows() for c in row)
        assert "Data name" in text
    assert "1101" not in text  # masked examples never reach a filing
    assert "to be completed" in text


def test_every_asset_kind_is_named_as_a_carrier_in_both_languages() -> None:
    assert set(CARRIERS) == {kind.value for kind in AssetKind}
    assert all(names.zh and names.en for names in CARRIERS.values())


@pytest.mark.parametrize(
    ("size", "lang", "shown"),
    [
        (None, "zh", ""),
        (434, "zh", "434 字节"),
        (42211, "zh", "42,211 字节（41.2 KiB）"),
        (42211, "en", "42,211 bytes (41.2 KiB)"),
        (5 * 1024**3, "en", "5,368,709,120 bytes (5.0 GiB)"),
    ],
)
def test_storage_size_always_has_a_unit(size: int | None, lang: str, shown: str) -> None:
    assert storage_size(size, lang) == shown


def test_basis_of_a_catalogue_stored_before_rules_had_names_falls_back_to_ids() -> None:
    asset = make_asset("旧表", Grade.IMPORTANT)  # its step has a rule id, no name, no impact
    assert BasisWording("zh", {}).basis(asset) == "test.rule：不低于重要数据"
    assert asset.reason("zh") == "grade important"
