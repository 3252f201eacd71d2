"""Classifying assets into MIIT categories with the builtin taxonomy pack."""

from __future__ import annotations

import pytest

from indsec.classify.classifier import DECISION_RULE, CategoryDecision, classify_asset
from indsec.classify.taxonomy_pack import TaxonomyPack
from indsec.model import AssetKind, DiscoveredAsset, FieldLabel, FieldResult


def _asset(
    name: str, *, comment: str = "", hint: str = "", kind: AssetKind = AssetKind.TABLE
) -> DiscoveredAsset:
    return DiscoveredAsset(
        source="sqlite:///plant.db", name=name, kind=kind, comment=comment, system_hint=hint
    )


def _fields(labels: dict[str, float]) -> list[FieldResult]:
    return [
        FieldResult(name=label.replace(".", "_"), labels=[FieldLabel(label=label, confidence=c)])
        for label, c in labels.items()
    ]


CASES = [
    (
        "recipes",
        _asset("mes.recipe_master", hint="MES"),
        {"industrial.process_recipe": 0.95},
        "production.process_parameters",
    ),
    (
        "recipe label only",
        _asset("t_0042"),
        {"industrial.process_recipe": 0.9},
        "production.process_parameters",
    ),
    (
        "sensor history",
        _asset("tag_history"),
        {"industrial.sensor_timeseries": 0.9, "date": 0.99},
        "production.operating_conditions",
    ),
    ("historian hint alone", _asset("t1", hint="Historian"), {}, "unclassified"),
    (
        "historian hint and a reading",
        _asset("t1", hint="Historian"),
        {"industrial.sensor_timeseries": 0.2},
        "production.operating_conditions",
    ),
    (
        "plc points",
        _asset("点表", comment="PLC 点位"),
        {"industrial.plc_address": 0.9},
        "production.control_info",
    ),
    ("alarm log", _asset("alarm_log"), {"date": 0.99}, "production.system_logs"),
    (
        "drawing file",
        _asset("/plm/drawings/pump_housing.dxf", kind=AssetKind.FILE),
        {"industrial.cad_drawing": 0.8},
        "rd.design",
    ),
    ("firmware test", _asset("fw_test_results"), {"industrial.firmware": 0.7}, "rd.dev_test"),
    (
        "shipments",
        _asset("wms_shipment", hint="WMS"),
        {"address.cn": 0.8, "cn.mobile": 0.9},
        "om.logistics",
    ),
    ("repairs", _asset("售后维修工单"), {"person.name": 0.7}, "om.after_sales"),
    (
        "topology",
        _asset("ot_network_topology"),
        {"industrial.network_topology": 0.9, "ipv4": 0.95},
        "management.assets",
    ),
    (
        "customers",
        _asset("crm_customer", hint="CRM"),
        {"biz.customer": 0.9, "cn.mobile": 0.9},
        "management.customer_product",
    ),
    (
        "suppliers",
        _asset("srm_vendor"),
        {"biz.supply_chain": 0.9, "cn.uscc": 0.99},
        "management.supply_chain",
    ),
    (
        "output report",
        _asset("monthly_output_report"),
        {"biz.production_statistics": 0.9},
        "management.business_statistics",
    ),
    (
        "payroll",
        _asset("payroll_2024", hint="HR"),
        {"cn.bank_card": 0.97, "person.name": 0.9},
        "management.hr_finance",
    ),
    ("shared with partner", _asset("partner_exchange_orders"), {}, "external.shared"),
    (
        "visitors",
        _asset("visitor_register"),
        {"person.name": 0.9, "cn.resident_id": 0.98},
        "personal_information",
    ),
    ("nothing", _asset("tmp_x1"), {}, "unclassified"),
    ("too weak", _asset("tmp_x2"), {"domain": 0.9}, "unclassified"),
]


@pytest.mark.parametrize(
    ("asset", "labels", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_category(
    taxonomy: TaxonomyPack, asset: DiscoveredAsset, labels: dict[str, float], expected: str
) -> None:
    assert classify_asset(asset, _fields(labels), taxonomy=taxonomy).category == expected


def test_employee_table_is_hr_data_that_contains_personal_information(
    taxonomy: TaxonomyPack,
) -> None:
    labels = {"cn.resident_id": 0.98, "cn.bank_card": 0.97, "person.name": 0.9}
    decision = classify_asset(
        _asset("t_employee", comment="员工信息表"), _fields(labels), taxonomy=taxonomy
    )
    assert decision.category == "management.hr_finance"
    assert decision.cross_cutting == ("personal_information",)
    cross = next(s for s in decision.rationale if s.rule == "taxonomy.cross_cutting")
    assert "cn.resident_id (0.98) in cn_resident_id" in cross.evidence
    same_without_name = classify_asset(_asset("t_0001"), _fields(labels), taxonomy=taxonomy)
    assert (same_without_name.category, same_without_name.cross_cutting) == (
        "personal_information",
        (),
    )


def test_rationale_explains_the_winning_signals(taxonomy: TaxonomyPack) -> None:
    decision = classify_asset(
        _asset("mes.recipe_master", hint="MES"),
        [
            FieldResult(
                name="peifang",
                labels=[FieldLabel(label="industrial.process_recipe", confidence=0.95)],
            )
        ],
        taxonomy=taxonomy,
    )
    by_rule = {s.rule: s for s in decision.rationale}
    label = by_rule["taxonomy.label.industrial.process_recipe"]
    assert label.effect == "+0.95 → production.process_parameters (weight 1.00 × confidence 0.95)"
    assert label.evidence == ["industrial.process_recipe (0.95) in peifang"]
    assert by_rule["taxonomy.hint.MES"].evidence == ["system_hint=MES"]
    assert by_rule["taxonomy.keyword.process_parameters"].evidence == [
        "name/comment 'mes.recipe_master' contains recipe"
    ]
    assert by_rule[DECISION_RULE].evidence == ["score 1.85"]
    assert decision.score == pytest.approx(1.85)
    assert all(s.evidence for s in decision.rationale)


def test_rationale_omits_signals_for_other_categories(taxonomy: TaxonomyPack) -> None:
    decision = classify_asset(
        _asset("t"), _fields({"industrial.process_recipe": 0.95, "ipv4": 0.9}), taxonomy=taxonomy
    )
    assert not any("ipv4" in s.rule for s in decision.rationale)


@pytest.mark.parametrize(
    ("name", "matches"),
    [
        ("three_phase_power", False),
        ("t_hr_roster", True),
        ("HRStaffList", True),
        ("chr_values", False),
    ],
)
def test_ascii_keywords_match_whole_tokens(
    taxonomy: TaxonomyPack, name: str, matches: bool
) -> None:
    decision = classify_asset(_asset(name), [], taxonomy=taxonomy)
    assert (decision.category == "management.hr_finance") is matches


def test_chinese_keywords_match_in_comments(taxonomy: TaxonomyPack) -> None:
    decision = classify_asset(_asset("t_0007", comment="配方主数据"), [], taxonomy=taxonomy)
    assert decision.category == "production.process_parameters"


def test_fallback_is_flagged_for_review(taxonomy: TaxonomyPack) -> None:
    decision = classify_asset(_asset("tmp_x1"), [], taxonomy=taxonomy)
    assert decision == CategoryDecision("unclassified", 0.0, (), decision.rationale)
    assert [s.rule for s in decision.rationale] == ["taxonomy.fallback"]
    assert decision.rationale[0].needs_review


def test_an_unclassified_table_shows_the_evidence_below_the_threshold(
    taxonomy: TaxonomyPack,
) -> None:
    """A reviewer deciding an unclassified table starts from what pointed somewhere."""
    fields = [FieldResult(name=f"c{i}") for i in range(9)] + [FieldResult(name="库位号")]
    decision = classify_asset(_asset("t_0070"), fields, taxonomy=taxonomy)
    assert decision.category == "unclassified"
    (step,) = decision.rationale
    assert step.evidence[-1].startswith("below 0.30: om.logistics 0.")


def test_a_system_hint_alone_is_not_evidence(taxonomy: TaxonomyPack) -> None:
    """``system=ERP`` scores every management category equally: no tie-break, a review."""
    decision = classify_asset(_asset("t_0009", hint="ERP"), [], taxonomy=taxonomy)
    assert decision.category == "unclassified"
    (step,) = decision.rationale
    assert step.needs_review
    assert "the system hint alone scores" in step.evidence[1]
    assert "management.assets" in step.evidence[1]


def test_ties_follow_the_pack_tie_order_and_ask_for_review(taxonomy: TaxonomyPack) -> None:
    fields = _fields({"cn.uscc": 1.0})  # the same weight for supply chain and customers
    decision = classify_asset(_asset("t_0009"), fields, taxonomy=taxonomy)
    assert decision.category == "management.supply_chain"
    step = decision.rationale[-1]
    assert step.rule == DECISION_RULE
    assert step.needs_review
    assert "scores within 0.05: tie broken by the pack's tie_order, needs review" in step.evidence
    reordered = taxonomy.model_copy(update={"tie_order": list(reversed(taxonomy.tie_order))})
    assert classify_asset(_asset("t_0009"), fields, taxonomy=reordered).category == (
        "management.customer_product"
    )


def test_a_clear_winner_needs_no_review(taxonomy: TaxonomyPack) -> None:
    decision = classify_asset(_asset("srm_vendor"), _fields({"cn.uscc": 1.0}), taxonomy=taxonomy)
    assert decision.category == "management.supply_chain"
    assert not any(s.needs_review for s in decision.rationale)


def test_field_order_does_not_change_the_decision(taxonomy: TaxonomyPack) -> None:
    fields = _fields(
        {"industrial.plc_address": 0.9, "industrial.equipment_config": 0.8, "ipv4": 0.7, "mac": 0.9}
    )
    forward = classify_asset(_asset("t"), fields, taxonomy=taxonomy)
    backward = classify_asset(_asset("t"), list(reversed(fields)), taxonomy=taxonomy)
    assert (forward.category, forward.score) == (backward.category, backward.score)


def test_a_label_counts_once_at_its_best_confidence(taxonomy: TaxonomyPack) -> None:
    fields = [
        FieldResult(
            name=f"p{i}", labels=[FieldLabel(label="industrial.sensor_timeseries", confidence=c)]
        )
        for i, c in enumerate([0.5, 0.9, 0.7])
    ]
    decision = classify_asset(_asset("t"), fields, taxonomy=taxonomy)
    assert decision.score == pytest.approx(0.9)
    step = decision.rationale[0]
    assert step.evidence == ["industrial.sensor_timeseries (0.90) in p0, p1, p2"]


def test_scores_within_the_tie_margin_are_a_tie(taxonomy: TaxonomyPack) -> None:
    """An NC program in an R&D folder: the folder word and the program's label score within a
    hair of each other; the pack's tie order decides and a person is asked, not the decimals."""
    program = _asset("研发/数控程序/O1001_输出轴粗车.nc", kind=AssetKind.FILE)
    fields = [
        FieldResult(
            name="(content)", labels=[FieldLabel(label="industrial.nc_program", confidence=0.95)]
        )
    ]
    decision = classify_asset(program, fields, taxonomy=taxonomy)
    assert decision.category == "production.control_info"
    step = decision.rationale[-1]
    assert step.needs_review
    assert "scores within 0.05: tie broken by the pack's tie_order, needs review" in step.evidence
    exact = taxonomy.scoring.model_copy(update={"tie_margin": 0.0})
    strict = taxonomy.model_copy(update={"scoring": exact})
    decision = classify_asset(program, fields, taxonomy=strict)
    assert decision.category == "rd.dev_test"
    assert not decision.rationale[-1].needs_review


def test_one_clerk_name_does_not_make_a_record_personal_information(
    taxonomy: TaxonomyPack,
) -> None:
    """A material-receipt record naming its clerk contains personal information; it is not
    about people, so with nothing else it is unclassified for review, PI reported beside."""
    columns = ["order_id", "material_come", "material_volume", "material_type", "material_okng"]
    fields = [FieldResult(name=c) for c in columns]
    fields.append(
        FieldResult(name="material_admin", labels=[FieldLabel(label="person.name", confidence=0.9)])
    )
    decision = classify_asset(_asset("material"), fields, taxonomy=taxonomy)
    assert (decision.category, decision.cross_cutting) == (
        "unclassified",
        ("personal_information",),
    )
    assert decision.rationale[0].needs_review
    contact = [f for f in fields if f.labels] + [
        FieldResult(name="phone", labels=[FieldLabel(label="cn.mobile", confidence=0.9)]),
        FieldResult(name="card", labels=[FieldLabel(label="cn.resident_id", confidence=0.9)]),
    ]
    assert classify_asset(_asset("t_0002"), contact, taxonomy=taxonomy).category == (
        "personal_information"
    )
