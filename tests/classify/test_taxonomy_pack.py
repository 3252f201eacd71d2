"""The taxonomy pack: MIIT domains and categories as data, checked with located errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from indsec.classify.taxonomy_pack import TaxonomyPack
from indsec.rules.pack import BUILTIN_PACKS, PACK_KINDS, load_pack_file

SOURCE = BUILTIN_PACKS / "taxonomy.yaml"

# 工信厅信发〔2020〕6号 domains and sub-categories, plus 人事财务 from the 2024 compliance guide.
SPEC_DOMAINS = {
    "rd": ("研发数据域", {"rd.design", "rd.dev_test"}),
    "production": (
        "生产数据域",
        {
            "production.control_info",
            "production.operating_conditions",
            "production.process_parameters",
            "production.system_logs",
        },
    ),
    "om": ("运维数据域", {"om.logistics", "om.after_sales"}),
    "management": (
        "管理数据域",
        {
            "management.assets",
            "management.customer_product",
            "management.supply_chain",
            "management.business_statistics",
            "management.hr_finance",
        },
    ),
    "external": ("外部数据域", {"external.shared"}),
}
SPEC_MEASURES = {"研发数据", "生产运行数据", "管理数据", "运维数据", "业务服务数据", "个人信息"}


@pytest.fixture(scope="module")
def taxonomy() -> TaxonomyPack:
    pack, problems = load_pack_file(SOURCE)
    assert problems == []
    assert isinstance(pack, TaxonomyPack)
    return pack


def test_taxonomy_kind_is_registered() -> None:
    assert PACK_KINDS.get("taxonomy") is TaxonomyPack


@pytest.mark.parametrize(("domain", "zh", "categories"), [(d, *v) for d, v in SPEC_DOMAINS.items()])
def test_domain_and_its_categories(
    taxonomy: TaxonomyPack, domain: str, zh: str, categories: set[str]
) -> None:
    assert {d.id: d.names.zh for d in taxonomy.domains}[domain] == zh
    assert {c.id for c in taxonomy.categories if c.domain == domain} == categories


def test_personal_information_cuts_across_domains(taxonomy: TaxonomyPack) -> None:
    category = taxonomy.category("personal_information")
    assert category.cross_cutting
    assert category.domain is None
    assert category.names.zh == "个人信息"
    assert [c.id for c in taxonomy.categories if c.cross_cutting] == ["personal_information"]


def test_every_category_has_bilingual_names(taxonomy: TaxonomyPack) -> None:
    for category in taxonomy.categories:
        assert category.names.zh and category.names.en, category.id


def test_crosswalk_files_every_real_category_under_a_measures_category(
    taxonomy: TaxonomyPack,
) -> None:
    assert {m.names.zh for m in taxonomy.measures_categories} == SPEC_MEASURES
    assert taxonomy.measures_crosswalk.needs_review
    for category in taxonomy.category_ids() - {"unclassified"}:
        assert taxonomy.measures_category(category) is not None, category
    assert taxonomy.measures_category("unclassified") is None
    target = taxonomy.measures_category("production.process_parameters")
    assert target is not None
    assert target.names.zh == "生产运行数据"


def test_unknown_category_lookup_raises_key_error(taxonomy: TaxonomyPack) -> None:
    with pytest.raises(KeyError):
        taxonomy.category("rd.nonsense")


def test_hint_targets_expand_domains(taxonomy: TaxonomyPack) -> None:
    assert taxonomy.targets_of("om") == ["om.logistics", "om.after_sales"]
    assert taxonomy.targets_of("rd.design") == ["rd.design"]


BROKEN = [
    (
        "  cn.resident_id: {personal_information: 1.0}",
        "  cn.resident_id: {personal_informaton: 1.0}",
        "label_weights.cn.resident_id.personal_informaton: unknown category 'personal_informaton'",
    ),
    (
        "- id: om.logistics\n    domain: om\n",
        "- id: om.logistics\n    domain: ops\n",
        "categories.6.domain: unknown domain 'ops'",
    ),
    (
        "  MES: {production: 0.3}",
        "  MES: {producton: 0.3}",
        "hint_priors.MES.producton: unknown domain or category 'producton'",
    ),
    (
        "    category: om.after_sales\n",
        "    category: om.aftersales\n",
        "keywords.25.category: unknown category 'om.aftersales'",
    ),
    (
        "    rd.dev_test: rd\n",
        "    rd.dev_test: research\n",
        "measures_crosswalk.map.rd.dev_test: unknown Measures category 'research'",
    ),
    (
        "  - external.shared\n",
        "  - production.control_info\n",
        "tie_order.14: 'production.control_info' listed twice",
    ),
    (
        "    within: management\n",
        "    within: managment\n",
        "domains.5.within: unknown domain 'managment'",
    ),
    (
        "    category: production.control_info\n    scope: column\n",
        "    category: production.control_info\n    scope: columns\n",
        "keywords.15.scope: Input should be 'table' or 'column'",
    ),
    (
        "    prefixes: [sys_,",
        "    prefixes: [SYS_,",
        "keywords.0.prefixes.0: String should match pattern",
    ),
    (
        "  min_score: 0.3",
        "  min_score: 0.3\n  max_score: 9",
        "scoring.max_score: Extra inputs are not permitted",
    ),
    (
        "    words: [recipe,",
        "    words: [Recipe,",
        "ASCII keywords must be single lowercase tokens: Recipe",
    ),
    (
        "  cn.passport: {personal_information: 1.0}",
        "  cn.passport: {personal_information: 1.0}\n  cn.passport: {rd.design: 1.0}",
        "duplicate key 'cn.passport'",
    ),
]


@pytest.mark.parametrize(("old", "new", "message"), BROKEN, ids=[b[2][:40] for b in BROKEN])
def test_broken_taxonomy_is_reported_with_file_and_line(
    tmp_path: Path, old: str, new: str, message: str
) -> None:
    """The error sits on the last changed line (the one that holds the defect)."""
    marker = new.rstrip("\n").rsplit("\n", 1)[-1]
    text = SOURCE.read_text(encoding="utf-8")
    assert text.count(old) == 1
    broken = text.replace(old, new)
    path = tmp_path / "taxonomy.yaml"
    path.write_text(broken, encoding="utf-8")
    start = text.index(old)
    defect_line = broken[: start + new.index(marker)].count("\n") + 1
    pack, problems = load_pack_file(path)
    assert pack is None
    found = [p for p in problems if message in p.message]
    assert [p.where for p in found] == [f"{path}:{defect_line}"], problems


def test_a_keyword_rule_without_words_or_prefixes_is_reported_at_the_rule(
    tmp_path: Path,
) -> None:
    text = SOURCE.read_text(encoding="utf-8")
    start = text.index("    prefixes: [sys_,")  # the framework tables' list, whatever it holds
    prefixes = text[start : text.index("]\n", start) + 2]
    path = tmp_path / "taxonomy.yaml"
    path.write_text(text.replace(prefixes, "    prefixes: []\n"), encoding="utf-8")
    rule_line = text[: text.index("  - id: framework_tables")].count("\n") + 1
    _, problems = load_pack_file(path)
    assert [(p.where, p.message) for p in problems] == [
        (f"{path}:{rule_line}", "keywords.0: Value error, a keyword rule needs words or prefixes")
    ]


def test_missing_tie_order_entry_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "taxonomy.yaml"
    path.write_text(
        SOURCE.read_text(encoding="utf-8").replace("  - om.after_sales\n", ""), encoding="utf-8"
    )
    _, problems = load_pack_file(path)
    assert [p.message for p in problems] == ["tie_order: missing categories: om.after_sales"]


def test_check_reports_references_broken_after_loading(taxonomy: TaxonomyPack) -> None:
    pack = taxonomy.model_copy(deep=True)
    assert pack.check() == []
    pack.categories[0].domain = "lab"
    pack.scoring.fallback = "misc"
    messages = pack.check()
    valid = "external, it, management, om, production, rd"
    assert f"categories.0.domain: unknown domain 'lab' (valid: {valid})" in messages
    assert "categories.0.id: id 'rd.design' must start with its domain 'lab.'" in messages
    assert any(m.startswith("scoring.fallback: unknown category 'misc'") for m in messages)


def test_cross_cutting_category_may_not_have_a_domain(taxonomy: TaxonomyPack) -> None:
    pack = taxonomy.model_copy(deep=True)
    pack.category("personal_information").domain = "management"
    messages = pack.check()
    assert any(m.endswith("a cross-cutting category has no domain") for m in messages)


def test_a_look_alike_that_guards_no_word_is_reported(tmp_path: Path) -> None:
    """A look-alike must contain one of its rule's words (a typo would silently guard nothing)."""
    text = SOURCE.read_text(encoding="utf-8")
    guard = "    look_alikes: [客户端]\n"
    assert guard in text
    path = tmp_path / "taxonomy.yaml"
    path.write_text(text.replace(guard, "    look_alikes: [客服端]\n", 1), encoding="utf-8")
    _, problems = load_pack_file(path)
    assert any(
        "look-alikes contain none of the rule's words: 客服端" in p.message for p in problems
    )
