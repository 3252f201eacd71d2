"""Grading assets with the builtin GB/T 43697 pack: rules, profiles, 就高从严 and rationale."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pytest

from indsec.classify.grade.grader import (
    DECISION_RULE,
    DEFAULT_PROFILE_RULE,
    GradeDecision,
    grade_asset,
)
from indsec.classify.grade.pack import GradingPack
from indsec.errors import ConfigError
from indsec.model import (
    AssetKind,
    DiscoveredAsset,
    EnterpriseProfile,
    FieldLabel,
    FieldResult,
    Grade,
    RationaleStep,
)


@dataclass
class Case:
    """An asset reduced to what grading reads; each label sits on its own field."""

    labels: dict[str, float] = field(default_factory=dict)
    rows: int | None = None
    category: str = "unclassified"
    profile: dict[str, Any] = field(default_factory=dict)
    system_hint: str = ""
    file_format: str = ""

    def grade(self, grading: GradingPack) -> GradeDecision:
        asset = DiscoveredAsset(
            source="sqlite:///plant.db",
            name="t",
            kind=AssetKind.TABLE,
            rows=self.rows,
            system_hint=self.system_hint,
            file_format=self.file_format,
        )
        fields = [
            FieldResult(
                name=label.replace(".", "_"), labels=[FieldLabel(label=label, confidence=c)]
            )
            for label, c in self.labels.items()
        ]
        profile = EnterpriseProfile(**self.profile)
        return grade_asset(asset, fields, category=self.category, profile=profile, grading=grading)


def _step(decision: GradeDecision, rule: str) -> RationaleStep | None:
    return next((s for s in decision.rationale if s.rule == rule), None)


def _decision(decision: GradeDecision) -> RationaleStep:
    step = _step(decision, DECISION_RULE)
    assert step is not None
    return step


CII = {"cii_operator": True}
KEY = {"key_enterprise": True}
STRATEGIC = {"strategic_product_lines": True}
EXPORT = {"export_controlled": True}
RECIPE = {"industrial.process_recipe": 0.9}
SENSITIVE_PI = {"cn.resident_id": 0.98, "cn.bank_card": 0.97}

# rule id, a case where it fires (and the grade it gives), a close case where it must not fire.
RULE_CASES: list[tuple[str, Case, Grade, Case]] = [
    ("pi.ordinary", Case({"person.name": 0.9}), Grade.GENERAL, Case({"person.name": 0.5})),
    ("pi.sensitive", Case({"cn.resident_id": 0.98}), Grade.GENERAL, Case({"cn.resident_id": 0.65})),
    (
        "pi.aggregation",
        Case({"person.name": 0.9, "cn.mobile": 0.9, "email": 0.9}),
        Grade.GENERAL,
        Case({"person.name": 0.9, "cn.mobile": 0.9, "ipv4": 0.9}),
    ),
    (
        "pi.volume_sensitive",
        Case({"cn.bank_card": 0.97}, rows=1_000_000),
        Grade.IMPORTANT,
        Case({"cn.bank_card": 0.97}, rows=999_999),
    ),
    (
        "pi.volume_any",
        Case({"email": 0.9}, rows=10_000_000),
        Grade.IMPORTANT,
        Case({"email": 0.9}, rows=9_999_999),
    ),
    ("secret.credentials", Case({"secret.private_key": 0.9}), Grade.GENERAL, Case({"ipv4": 0.9})),
    (
        "pi.online_trace",
        Case({"person.account": 0.9, "ipv4": 0.95}),
        Grade.GENERAL,
        Case({"person.account": 0.9, "date": 0.95}),
    ),
    (
        "secret.ics_credentials_cii",
        Case({"secret.credential": 0.9}, system_hint="SCADA", profile=CII),
        Grade.IMPORTANT,
        Case({"secret.credential": 0.9}, system_hint="SCADA"),
    ),
    (
        "tech.process_know_how",
        Case(RECIPE),
        Grade.GENERAL,
        Case({"industrial.process_recipe": 0.65}),
    ),
    (
        "tech.process_critical",
        Case(RECIPE, profile=STRATEGIC),
        Grade.IMPORTANT,
        Case(RECIPE, profile=KEY),
    ),
    (
        "tech.strategic_export_core",
        Case({"industrial.cad_drawing": 0.9}, profile=STRATEGIC | EXPORT),
        Grade.CORE,
        Case({"industrial.cad_drawing": 0.9}, profile=STRATEGIC),
    ),
    (
        "tech.export_controlled",
        Case({"industrial.firmware": 0.9}, profile=EXPORT),
        Grade.IMPORTANT,
        Case({"industrial.firmware": 0.9}),
    ),
    (
        "tech.design_ip",
        Case({"industrial.nc_program": 0.9}),
        Grade.GENERAL,
        Case({"industrial.plc_program": 0.9}),
    ),
    (
        "tech.design_strategic",
        Case(file_format="DWG", profile=STRATEGIC),
        Grade.IMPORTANT,
        Case(file_format="pdf", profile=STRATEGIC),
    ),
    (
        "ics.control_details",
        Case({"industrial.opcua_node_id": 0.9}),
        Grade.GENERAL,
        Case({"industrial.sensor_timeseries": 0.9}),
    ),
    (
        "ics.topology_key",
        Case({"industrial.network_topology": 0.9}, profile=KEY),
        Grade.IMPORTANT,
        Case({"industrial.network_topology": 0.9}),
    ),
    (
        "ics.control_config_key",
        Case({"industrial.plc_address": 0.95, "ipv4": 0.99}, profile=CII),
        Grade.IMPORTANT,
        Case({"industrial.plc_address": 0.95, "ipv4": 0.99}),
    ),
    (
        "ics.attack_surface_key",
        Case(
            {
                "industrial.network_topology": 0.9,
                "industrial.firmware": 0.9,
                "industrial.plc_address": 0.9,
            },
            profile=KEY,
        ),
        Grade.IMPORTANT,
        Case({"industrial.network_topology": 0.9, "industrial.firmware": 0.9}, profile=KEY),
    ),
    (
        "ics.attack_surface_cii",
        Case({"industrial.network_topology": 0.9, "industrial.firmware": 0.9}, profile=CII),
        Grade.CORE,
        Case({"industrial.plc_address": 0.9, "industrial.firmware": 0.9}, profile=CII),
    ),
    (
        "ics.hazardous_process",
        Case({"industrial.process_parameter": 0.9}, profile=KEY | {"industry_code": "C2614"}),
        Grade.IMPORTANT,
        Case({"industrial.process_parameter": 0.9}, profile=KEY | {"industry_code": "C3670"}),
    ),
    (
        "ics.operating_conditions_cii",
        Case({"industrial.sensor_timeseries": 0.9}, system_hint="SCADA", profile=CII),
        Grade.IMPORTANT,
        Case({"industrial.sensor_timeseries": 0.9}, system_hint="MES", profile=CII),
    ),
    (
        "geo.facility_location",
        Case({"geo.coordinate": 0.9}, category="management.assets", profile=KEY),
        Grade.IMPORTANT,
        Case({"geo.coordinate": 0.9}, category="om.logistics", profile=KEY),
    ),
    (
        "biz.commercial_secrets",
        Case({"biz.contract": 0.9}),
        Grade.GENERAL,
        Case({"biz.production_statistics": 0.9}),
    ),
    (
        "biz.supply_chain_strategic",
        Case({"biz.supply_chain": 0.9}, profile=STRATEGIC),
        Grade.IMPORTANT,
        Case({"biz.supply_chain": 0.9}),
    ),
]


def test_every_builtin_rule_has_a_case(grading: GradingPack) -> None:
    assert sorted(r.id for r in grading.rules) == sorted(case[0] for case in RULE_CASES)


@pytest.mark.parametrize(
    ("rule", "positive", "grade", "negative"), RULE_CASES, ids=[c[0] for c in RULE_CASES]
)
def test_rule_fires_only_when_its_condition_holds(
    grading: GradingPack, rule: str, positive: Case, grade: Grade, negative: Case
) -> None:
    step = _step(positive.grade(grading), rule)
    assert step is not None
    assert step.grade is grade
    assert step.evidence
    assert step.needs_review
    assert _step(negative.grade(grading), rule) is None


@pytest.mark.parametrize(
    ("labels", "category"),
    [
        ({"industrial.network_topology": 0.9, "ipv4": 0.99}, "management.assets"),
        ({"industrial.plc_address": 0.95, "ipv4": 0.99}, "production.control_info"),
        ({"industrial.opcua_node_id": 0.9}, "production.control_info"),
        ({"industrial.equipment_config": 0.9, "ipv4": 0.99}, "management.assets"),
        ({"industrial.plc_program": 0.9}, "production.control_info"),
    ],
)
def test_control_configuration_of_a_cii_operator_is_judged_like_topology(
    grading: GradingPack, labels: dict[str, float], category: str
) -> None:
    """A PLC tag table (tag addresses, controller IPs) of a CII operator used to stay general
    while its network topology was raised to important."""
    assert Case(labels, category=category, profile=CII).grade(grading).grade is Grade.IMPORTANT
    assert Case(labels, category=category).grade(grading).grade is Grade.GENERAL


@pytest.mark.parametrize(
    ("profile", "grade"),
    [
        ({}, Grade.GENERAL),
        (KEY, Grade.GENERAL),
        (CII, Grade.IMPORTANT),
        (STRATEGIC, Grade.IMPORTANT),
        (STRATEGIC | EXPORT, Grade.CORE),
    ],
)
def test_the_same_recipe_table_grades_by_enterprise(
    grading: GradingPack, profile: dict[str, Any], grade: Grade
) -> None:
    recipes = Case(RECIPE, rows=3_000, category="production.process_parameters", profile=profile)
    assert recipes.grade(grading).grade is grade


def test_control_topology_with_plc_firmware_of_a_cii_operator_is_core(grading: GradingPack) -> None:
    labels = {"industrial.network_topology": 0.92, "industrial.firmware": 0.88}
    ordinary = Case(labels, category="management.assets")
    cii = Case(labels, category="management.assets", profile=CII)
    assert ordinary.grade(grading).grade is Grade.GENERAL
    decision = cii.grade(grading)
    assert decision.grade is Grade.CORE
    assert _decision(decision).evidence[0].startswith("decided by ics.attack_surface_cii on ")


@pytest.mark.parametrize(
    ("rows", "grade", "sublevel"),
    [(5_000, Grade.GENERAL, "sensitive"), (1_200_000, Grade.IMPORTANT, None)],
)
def test_employee_table_with_resident_ids_and_bank_cards(
    grading: GradingPack, rows: int, grade: Grade, sublevel: str | None
) -> None:
    employees = Case(
        SENSITIVE_PI | {"person.name": 0.9}, rows=rows, category="management.hr_finance"
    )
    decision = employees.grade(grading)
    assert (decision.grade, decision.general_sublevel) == (grade, sublevel)


@pytest.mark.parametrize("system_hint", ["", "SCADA", "Historian"])
def test_plain_sensor_time_series_is_routine_general(
    grading: GradingPack, system_hint: str
) -> None:
    sensors = Case(
        {"industrial.sensor_timeseries": 0.95, "date": 0.99},
        rows=50_000_000,
        category="production.operating_conditions",
        system_hint=system_hint,
    )
    decision = sensors.grade(grading)
    assert (decision.grade, decision.general_sublevel) == (Grade.GENERAL, "routine")


def test_asset_takes_the_highest_grade_of_its_findings(grading: GradingPack) -> None:
    mixed = Case(
        SENSITIVE_PI | {"industrial.network_topology": 0.9, "industrial.firmware": 0.9},
        rows=2_000_000,
        category="management.assets",
        profile=CII,
    )
    decision = mixed.grade(grading)
    graded = [
        s.grade for s in decision.rationale if s.grade is not None and s.rule != DECISION_RULE
    ]
    assert {Grade.GENERAL, Grade.IMPORTANT, Grade.CORE} <= set(graded)
    assert decision.grade is Grade.CORE is Grade.highest(graded)
    summary = _decision(decision)
    assert summary.grade is Grade.CORE
    assert "就高从严" in summary.effect
    assert summary.evidence[0] == (
        "decided by ics.attack_surface_cii on industrial_network_topology, industrial_firmware"
    )


def test_decision_lists_other_rules_at_the_same_grade(grading: GradingPack) -> None:
    decision = Case(RECIPE | {"industrial.network_topology": 0.9}, profile=CII).grade(grading)
    assert decision.grade is Grade.IMPORTANT
    summary = _decision(decision)
    assert summary.evidence[0] == "decided by tech.process_critical on industrial_process_recipe"
    assert summary.evidence[1] == "also important: ics.topology_key"
    assert decision.rationale[-1] is summary


def test_baseline_decides_when_no_rule_fires(grading: GradingPack) -> None:
    decision = Case(category="rd.design").grade(grading)
    assert (decision.grade, decision.general_sublevel) == (Grade.GENERAL, "sensitive")
    assert _decision(decision).evidence[0] == "decided by baseline.rd.design"
    baseline = _step(decision, "baseline.rd.design")
    assert baseline is not None
    assert baseline.evidence == ["category rd.design"]


@pytest.mark.parametrize(
    "case",
    [Case(), Case(RECIPE, profile=CII), Case(SENSITIVE_PI, rows=5_000_000)],
    ids=["nothing", "recipe", "pi"],
)
def test_default_profile_is_stated_in_every_rationale(grading: GradingPack, case: Case) -> None:
    assumed = Case(case.labels, case.rows, case.category, case.profile | {"is_default": True})
    note = _step(assumed.grade(grading), DEFAULT_PROFILE_RULE)
    assert note is not None
    assert note.needs_review
    assert "ordinary above-scale" in note.effect
    assert "profile.is_default = true" in note.evidence
    assert _decision(assumed.grade(grading)).needs_review
    assert _step(case.grade(grading), DEFAULT_PROFILE_RULE) is None


def test_rationale_carries_the_evidence_used(grading: GradingPack) -> None:
    decision = Case(SENSITIVE_PI, rows=1_200_000, profile=CII).grade(grading)
    evidence = [e for step in decision.rationale for e in step.evidence]
    assert "rows=1,200,000 ≥ 1,000,000" in evidence
    assert "labels cn.resident_id (0.98), cn.bank_card (0.97)" in evidence
    topology = Case({"industrial.network_topology": 0.9}, profile=CII).grade(grading)
    assert "profile.cii_operator = true" in [e for s in topology.rationale for e in s.evidence]


@pytest.mark.parametrize(
    ("labels", "sublevels", "expected"),
    [
        ({}, ["sensitive", "routine"], "routine"),
        (SENSITIVE_PI, ["sensitive", "routine"], "sensitive"),
        (SENSITIVE_PI, ["routine"], "routine"),
        ({}, ["sensitive"], "sensitive"),
        (SENSITIVE_PI, [], None),
    ],
)
def test_general_sublevel_follows_the_profile(
    grading: GradingPack, labels: dict[str, float], sublevels: list[str], expected: str | None
) -> None:
    case = Case(
        labels, category="production.operating_conditions", profile={"general_sublevels": sublevels}
    )
    decision = case.grade(grading)
    assert decision.grade is Grade.GENERAL
    assert decision.general_sublevel == expected


def test_unknown_profile_sublevel_is_a_config_error(grading: GradingPack) -> None:
    with pytest.raises(ConfigError, match=r"unknown level_1 .*defines sensitive, routine"):
        Case(profile={"general_sublevels": ["level_1"]}).grade(grading)


def test_unknown_category_is_a_config_error(grading: GradingPack) -> None:
    with pytest.raises(ConfigError, match=r"category 'rd\.nonsense' has no baseline"):
        Case(category="rd.nonsense").grade(grading)


def test_grading_is_deterministic(grading: GradingPack) -> None:
    case = Case(SENSITIVE_PI | RECIPE | {"industrial.network_topology": 0.9}, rows=10, profile=CII)
    assert case.grade(grading) == case.grade(grading)


@pytest.mark.parametrize(
    ("labels", "sublevel"),
    [
        ({"person.account": 0.92, "ipv4": 0.95, "date": 0.9}, "sensitive"),
        ({"person.account": 0.92, "secret.password_plaintext": 0.97}, "sensitive"),
        ({"ipv4": 0.95, "date": 0.9}, "routine"),
    ],
    ids=["login log", "operation log with passwords", "IPs alone"],
)
def test_logs_with_accounts_and_ips_or_passwords_are_sensitive_general(
    grading: GradingPack, labels: dict[str, float], sublevel: str
) -> None:
    log = Case(labels, rows=20_000, category="production.system_logs")
    decision = log.grade(grading)
    assert (decision.grade, decision.general_sublevel) == (Grade.GENERAL, sublevel)


@pytest.mark.parametrize(
    ("rows", "labels", "sublevel"),
    [
        (0, {}, "routine"),
        (None, {}, "sensitive"),
        (12, {}, "sensitive"),
        (0, {"secret.password_hash": 0.97}, "sensitive"),
    ],
    ids=["empty", "rows unknown", "holds rows", "empty but a rule finds secrets"],
)
def test_an_empty_table_is_not_raised_by_its_category_baseline(
    grading: GradingPack, rows: int | None, labels: dict[str, float], sublevel: str
) -> None:
    table = Case(labels, rows=rows, category="production.process_parameters")
    decision = table.grade(grading)
    assert (decision.grade, decision.general_sublevel) == (Grade.GENERAL, sublevel)
    baseline = _step(decision, "baseline.production.process_parameters")
    assert baseline is not None
    assert any("holds no rows" in e for e in baseline.evidence) is (rows == 0)
