"""The grading condition language: each test key, positive and negative, with its evidence."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import ValidationError

from indsec.classify.grade.conditions import MODIFIERS, Condition
from indsec.classify.grade.evaluators import CONDITIONS, Match, evaluate_condition
from indsec.classify.grade.facts import AssetFacts
from indsec.model import AssetKind, DiscoveredAsset, EnterpriseProfile, FieldLabel, FieldResult


def _facts(
    labels: dict[str, float] | None = None,
    *,
    rows: int | None = None,
    rows_exact: bool = True,
    category: str = "production.process_parameters",
    system_hint: str = "",
    file_format: str = "",
    **profile: Any,
) -> AssetFacts:
    asset = DiscoveredAsset(
        source="sqlite:///plant.db",
        name="t",
        kind=AssetKind.TABLE,
        rows=rows,
        rows_exact=rows_exact,
        system_hint=system_hint,
        file_format=file_format,
    )
    fields = [
        FieldResult(name=label.replace(".", "_"), labels=[FieldLabel(label=label, confidence=c)])
        for label, c in (labels or {}).items()
    ]
    return AssetFacts.gather(asset, fields, category=category, profile=EnterpriseProfile(**profile))


def _evaluate(condition: dict[str, Any], facts: AssetFacts) -> Match | None:
    return evaluate_condition(Condition.model_validate(condition), facts, min_confidence=0.6)


def test_every_test_key_has_a_registered_evaluator() -> None:
    keys = set(Condition.model_fields) - MODIFIERS
    assert keys == set(CONDITIONS.names())


CASES: list[tuple[str, dict[str, Any], AssetFacts, AssetFacts, str]] = [
    (
        "labels_any",
        {"labels_any": ["cn.resident_id", "cn.passport"]},
        _facts({"cn.resident_id": 0.98}),
        _facts({"cn.mobile": 0.98}),
        "labels cn.resident_id (0.98)",
    ),
    (
        "labels_all",
        {"labels_all": ["cn.resident_id", "cn.bank_card"]},
        _facts({"cn.resident_id": 0.98, "cn.bank_card": 0.97}),
        _facts({"cn.resident_id": 0.98}),
        "labels cn.resident_id (0.98), cn.bank_card (0.97)",
    ),
    (
        "labels_at_least",
        {"labels_at_least": {"labels": ["person.name", "email", "cn.mobile"], "count": 2}},
        _facts({"person.name": 0.9, "email": 0.8}),
        _facts({"person.name": 0.9, "address.cn": 0.8}),
        "2 of 3 listed labels (≥ 2): person.name (0.90), email (0.80)",
    ),
    (
        "category_in (domain prefix)",
        {"category_in": ["production"]},
        _facts(category="production.control_info"),
        _facts(category="productionline.other"),
        "category production.control_info in [production]",
    ),
    (
        "category_in (exact)",
        {"category_in": ["om.logistics"]},
        _facts(category="om.logistics"),
        _facts(category="om.after_sales"),
        "category om.logistics in [om.logistics]",
    ),
    (
        "rows_at_least",
        {"rows_at_least": 1_000_000},
        _facts(rows=1_200_000),
        _facts(rows=999_999),
        "rows=1,200,000 ≥ 1,000,000",
    ),
    (
        "rows_at_least (estimate)",
        {"rows_at_least": 1_000_000},
        _facts(rows=1_200_000, rows_exact=False),
        _facts(rows=None),
        "rows≈1,200,000 (estimate) ≥ 1,000,000",
    ),
    (
        "profile",
        {"profile": {"cii_operator": True}},
        _facts(cii_operator=True),
        _facts(cii_operator=False),
        "profile.cii_operator = true",
    ),
    (
        "profile (false required)",
        {"profile": {"key_enterprise": False, "above_scale": True}},
        _facts(),
        _facts(key_enterprise=True),
        "profile.above_scale = true",
    ),
    (
        "industry_code_prefix",
        {"industry_code_prefix": ["C25", "c26"]},
        _facts(industry_code="C2614"),
        _facts(industry_code="C3670"),
        "profile.industry_code C2614 starts with c26",
    ),
    (
        "system_hint_in",
        {"system_hint_in": ["SCADA", "DCS"]},
        _facts(system_hint="scada"),
        _facts(system_hint="MES"),
        "system_hint scada in [SCADA, DCS]",
    ),
    (
        "file_format_in",
        {"file_format_in": ["dwg", ".dxf"]},
        _facts(file_format=".DXF"),
        _facts(file_format="pdf"),
        "file_format dxf in [dwg, .dxf]",
    ),
    (
        "all",
        {"all": [{"labels_any": ["industrial.firmware"]}, {"profile": {"cii_operator": True}}]},
        _facts({"industrial.firmware": 0.9}, cii_operator=True),
        _facts({"industrial.firmware": 0.9}),
        "profile.cii_operator = true",
    ),
    (
        "any",
        {"any": [{"rows_at_least": 10}, {"system_hint_in": ["PLC"]}]},
        _facts(system_hint="PLC"),
        _facts(rows=9, system_hint="MES"),
        "system_hint PLC in [PLC]",
    ),
]


@pytest.mark.parametrize(
    ("condition", "positive", "negative", "evidence"),
    [case[1:] for case in CASES],
    ids=[case[0] for case in CASES],
)
def test_condition(
    condition: dict[str, Any], positive: AssetFacts, negative: AssetFacts, evidence: str
) -> None:
    match = _evaluate(condition, positive)
    assert match is not None
    assert evidence in match.evidence
    assert _evaluate(condition, negative) is None


def test_tests_in_one_block_must_all_hold() -> None:
    condition = {"labels_any": ["cn.resident_id"], "rows_at_least": 100}
    assert _evaluate(condition, _facts({"cn.resident_id": 0.9}, rows=100)) is not None
    assert _evaluate(condition, _facts({"cn.resident_id": 0.9}, rows=99)) is None
    assert _evaluate(condition, _facts(rows=100)) is None


@pytest.mark.parametrize(
    ("condition", "confidence", "holds"),
    [
        ({"labels_any": ["email"]}, 0.6, True),
        ({"labels_any": ["email"]}, 0.59, False),
        ({"labels_any": ["email"], "min_confidence": 0.9}, 0.85, False),
        ({"labels_any": ["email"], "min_confidence": 0.3}, 0.35, True),
        ({"min_confidence": 0.9, "all": [{"labels_any": ["email"]}]}, 0.85, False),
        (
            {"min_confidence": 0.9, "all": [{"labels_any": ["email"], "min_confidence": 0.5}]},
            0.85,
            True,
        ),
    ],
)
def test_min_confidence_applies_to_its_block_and_nested_blocks(
    condition: dict[str, Any], confidence: float, holds: bool
) -> None:
    assert (_evaluate(condition, _facts({"email": confidence})) is not None) is holds


def test_any_keeps_evidence_of_every_alternative_that_holds() -> None:
    condition = {
        "any": [{"profile": {"cii_operator": True}}, {"profile": {"key_enterprise": True}}]
    }
    match = _evaluate(condition, _facts(cii_operator=True, key_enterprise=True))
    assert match is not None
    assert match.evidence == ("profile.cii_operator = true", "profile.key_enterprise = true")


def test_match_names_the_parts_that_carried_confident_labels() -> None:
    asset = DiscoveredAsset(source="s", name="t", kind=AssetKind.TABLE)
    fields = [
        FieldResult(name="sfzh", labels=[FieldLabel(label="cn.resident_id", confidence=0.98)]),
        FieldResult(name="remark", labels=[FieldLabel(label="cn.resident_id", confidence=0.4)]),
        FieldResult(name="(asset)", labels=[FieldLabel(label="cn.resident_id", confidence=0.7)]),
    ]
    facts = AssetFacts.gather(asset, fields, category="unclassified", profile=EnterpriseProfile())
    match = _evaluate({"labels_any": ["cn.resident_id"]}, facts)
    assert match is not None
    assert match.parts == ("sfzh", "(asset)")
    assert match.evidence == ("labels cn.resident_id (0.98)",)


@pytest.mark.parametrize(
    ("condition", "message"),
    [
        ({}, "at least one test"),
        ({"min_confidence": 0.5}, "at least one test"),
        ({"labels_any": []}, "at least 1 item"),
        ({"labels_at_least": {"labels": ["a", "a", "b"], "count": 3}}, "exceeds the 2 labels"),
        ({"profile": {}}, "at least one profile flag"),
        ({"profile": {"revenue_cny": True}}, "Extra inputs are not permitted"),
        ({"rows_over": 5}, "Extra inputs are not permitted"),
        ({"any": [{"labels_any": ["a"], "python": "1 + 1"}]}, "Extra inputs are not permitted"),
        ({"min_confidence": 1.5, "rows_at_least": 1}, "less than or equal to 1"),
    ],
)
def test_invalid_conditions_are_rejected(condition: dict[str, Any], message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        Condition.model_validate(condition)
