"""The grading pack: the builtin one is valid and honest, broken ones fail with file:line."""

from __future__ import annotations

from pathlib import Path

import pytest

from indsec.classify.grade.pack import GradingPack, Impact
from indsec.classify.grade.references import check_category_references, check_label_references
from indsec.classify.taxonomy_pack import TaxonomyPack
from indsec.errors import ConfigError
from indsec.model import Grade
from indsec.rules.pack import PACK_KINDS, load_pack_file, load_packs

PACKS = Path(__file__).resolve().parents[2] / "files" / "packs"

# Label ids the recognizers produce (the contract in the task brief).
RECOGNIZER_LABELS = {
    "cn.resident_id",
    "cn.uscc",
    "cn.mobile",
    "cn.landline",
    "cn.bank_card",
    "cn.passport",
    "cn.license_plate",
    "cn.postcode",
    "person.name",
    "person.account",
    "person.gender",
    "address.cn",
    "org.name",
    "email",
    "ipv4",
    "ipv6",
    "mac",
    "geo.coordinate",
    "date",
    "domain",
    "secret.password_hash",
    "secret.password_plaintext",
    "secret.credential",
    "secret.private_key",
    "secret.api_token",
    "industrial.process_recipe",
    "industrial.process_parameter",
    "industrial.plc_address",
    "industrial.opcua_node_id",
    "industrial.equipment_config",
    "industrial.network_topology",
    "industrial.cad_drawing",
    "industrial.plc_program",
    "industrial.nc_program",
    "industrial.firmware",
    "industrial.sensor_timeseries",
    "biz.production_statistics",
    "biz.supply_chain",
    "biz.customer",
    "biz.contract",
    "biz.finance",
    "biz.hr",
}

# GB/T 43697-2024 §6.5 as given in reference/regulation.md §4, written out independently of the
# YAML so a typo in the pack cannot agree with itself.
SPEC_MATRIX = {
    "national_security": ("core", "core", "important"),
    "economic_operation": ("core", "important", "general"),
    "social_order": ("core", "important", "general"),
    "public_interest": ("core", "important", "general"),
    "organisation_rights": ("general", "general", "general"),
    "individual_rights": ("general", "general", "general"),
}
DEGREES = ("especially_serious_harm", "serious_harm", "general_harm")


def test_grading_kind_is_registered() -> None:
    assert PACK_KINDS.get("grading") is GradingPack


@pytest.mark.parametrize(
    ("impact_object", "degree", "expected"),
    [
        (obj, deg, grade)
        for obj, row in SPEC_MATRIX.items()
        for deg, grade in zip(DEGREES, row, strict=True)
    ],
)
def test_matrix_cell(grading: GradingPack, impact_object: str, degree: str, expected: str) -> None:
    assert grading.grade_of(Impact(object=impact_object, degree=degree)) is Grade(expected)


def test_matrix_is_marked_for_review(grading: GradingPack) -> None:
    assert grading.matrix.needs_review is True
    assert "6.5" in grading.matrix.source


def test_every_rule_is_documented_and_flags_unverified_values(grading: GradingPack) -> None:
    for rule in grading.rules:
        assert rule.description.zh and rule.description.en, rule.id
        assert rule.names.zh and rule.names.en, rule.id
        assert rule.source.strip(), rule.id
        if "[R" in rule.source or "[U]" in rule.source:
            assert rule.needs_review, f"{rule.id} cites an [R]/[U] source but is not flagged"


def test_volume_thresholds_are_data_and_flagged(grading: GradingPack) -> None:
    volume_rules = {r.id: r for r in grading.rules if "scale" in r.factors}
    assert {"pi.volume_sensitive", "pi.volume_any"} <= set(volume_rules)
    assert all(r.needs_review for r in volume_rules.values())


@pytest.mark.parametrize(
    ("level", "grade"),
    [("level_1", Grade.GENERAL), ("level_2", Grade.IMPORTANT), ("level_3", Grade.CORE)],
)
def test_2020_levels_crosswalk(grading: GradingPack, level: str, grade: Grade) -> None:
    assert grading.grade_for_2020_level(level) is grade


def test_unknown_2020_level_names_the_valid_ones(grading: GradingPack) -> None:
    with pytest.raises(ConfigError, match="level_1, level_2, level_3"):
        grading.grade_for_2020_level("level_4")


def test_builtin_packs_load_together() -> None:
    loaded = load_packs()
    mine = [p for p in loaded.problems if "grading" in p.where or "taxonomy" in p.where]
    assert mine == []
    assert loaded.one(GradingPack).pack.kind == "grading"
    assert loaded.one(TaxonomyPack).pack.kind == "taxonomy"


def test_minimal_fixture_is_valid() -> None:
    pack, problems = load_pack_file(PACKS / "grading_minimal.yaml")
    assert problems == []
    assert isinstance(pack, GradingPack)


def test_a_rule_without_a_human_name_is_refused_with_its_line(tmp_path: Path) -> None:
    text = (PACKS / "grading_minimal.yaml").read_text(encoding="utf-8")
    path = tmp_path / "grading.yaml"
    path.write_text(text.replace("    names: {zh: 大表, en: big table}\n", ""), encoding="utf-8")
    pack, problems = load_pack_file(path)
    assert pack is None
    line = text.splitlines().index("  - id: big.table") + 1
    assert [(p.where, p.message) for p in problems] == [
        (f"{path}:{line}", "rules.0.names: Field required")
    ]


def _defect_line(path: Path) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(n for n, line in enumerate(lines, 1) if line.rstrip().endswith("# defect"))


@pytest.mark.parametrize(
    ("fixture", "message"),
    [
        ("grading_unknown_category.yaml", "unknown category 'nowhere.at_all'"),
        ("grading_unknown_condition_key.yaml", "rows_at_most: Extra inputs are not permitted"),
        ("grading_duplicate_key.yaml", "duplicate key 'source'"),
        ("grading_unknown_impact_object.yaml", "unknown impact object 'planetary_safety'"),
        ("grading_missing_matrix_cell.yaml", "no cell for general_harm"),
    ],
)
def test_malformed_pack_is_reported_with_file_and_line(fixture: str, message: str) -> None:
    path = PACKS / fixture
    pack, problems = load_pack_file(path)
    assert pack is None
    assert [p.where for p in problems] == [f"{path}:{_defect_line(path)}"]
    assert message in problems[0].message


def test_check_reports_references_broken_after_loading() -> None:
    pack, _ = load_pack_file(PACKS / "grading_minimal.yaml")
    assert isinstance(pack, GradingPack)
    assert pack.check() == []
    pack.rules[0].when.all[1].category_in = ["warehouse"]  # type: ignore[index]
    pack.rules[0].factors = ["colour"]
    pack.category_baselines.impacts["unclassified"] = Impact(object="planet", degree="general_harm")
    messages = pack.check()
    assert any(
        m.startswith("rules.0.when.all.1.category_in.0: unknown category 'warehouse'")
        for m in messages
    )
    assert any(m.startswith("rules.0.factors.0: unknown grading factor 'colour'") for m in messages)
    assert any("impacts.unclassified.object: unknown impact object 'planet'" in m for m in messages)


def test_builtin_packs_use_only_recognizer_labels(
    taxonomy: TaxonomyPack, grading: GradingPack
) -> None:
    assert check_label_references(taxonomy, grading, RECOGNIZER_LABELS) == []


def test_label_check_names_pack_location_and_label(
    taxonomy: TaxonomyPack, grading: GradingPack
) -> None:
    known = RECOGNIZER_LABELS - {"industrial.firmware", "email"}
    messages = check_label_references(taxonomy, grading, known)
    assert "miit.taxonomy: label_weights.email: unknown label 'email'" in messages
    assert any(
        m.startswith("gbt43697.grading: rules.") and "'industrial.firmware'" in m for m in messages
    )
    assert all("firmware" in m or "email" in m for m in messages)


def test_builtin_baselines_cover_the_taxonomy(taxonomy: TaxonomyPack, grading: GradingPack) -> None:
    assert check_category_references(taxonomy, grading) == []


def test_category_check_reports_missing_and_extra_baselines(taxonomy: TaxonomyPack) -> None:
    pack, _ = load_pack_file(PACKS / "grading_minimal.yaml")
    assert isinstance(pack, GradingPack)
    messages = check_category_references(taxonomy, pack)
    assert any("no baseline for category 'rd.design'" in m for m in messages)
    assert not any("production.process_parameters" in m for m in messages)
    reduced = taxonomy.model_copy(
        update={"categories": [c for c in taxonomy.categories if c.id != "unclassified"]}
    )
    assert any(
        "impacts.unclassified: category not in taxonomy" in m
        for m in check_category_references(reduced, pack)
    )
