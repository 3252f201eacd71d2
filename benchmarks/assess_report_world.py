"""A demo-like enterprise's assessment and report context, at any scale, deterministic.

Shaped like the demo's plant (MES, ERP, PLM, SCADA, WMS and SRM systems; important and core
data in production and R&D; alerts of the four key scenarios on graded assets), so the report
benchmark and the report's tests render the same kind of content; ``assets`` and ``alerts``
set the scale. Control packs are built through the ``controls`` pack model itself, so the
texts, legal basis and penalty articles are what a real pack would give.
"""

from __future__ import annotations

import hashlib
import json
import random
from collections import Counter
from datetime import UTC, date, datetime, timedelta

from indsec.assess.annual import Member, ReportContext
from indsec.assess.control_pack import ControlPack
from indsec.detect.service import RunSummary, StoredAlert
from indsec.incident.service import AffectedAsset, Facts, Incident
from indsec.model import ClassifiedAsset, EnterpriseProfile, Grade, Names
from indsec.model.alert import Alert, AssetContext
from indsec.model.assessment import (
    AssessmentSnapshot,
    ControlResult,
    DomainScore,
    Evidence,
    Outcome,
    RemediationTask,
    Risk,
    RiskScenario,
)
from indsec.model.catalogue import CatalogueVersion

START = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)
ISSUED = date(2026, 12, 7)
SYSTEMS = ("MES", "ERP", "PLM", "SCADA", "WMS", "SRM")
CATEGORIES = {
    "rd": Names(zh="研发数据", en="R&D data"),
    "production_operation": Names(zh="生产运行数据", en="Production and operation data"),
    "management": Names(zh="管理数据", en="Management data"),
    "om": Names(zh="运维数据", en="Operation and maintenance data"),
    "business_service": Names(zh="业务服务数据", en="Business service data"),
    "personal_information": Names(zh="个人信息", en="Personal information"),
}
SCENARIOS: tuple[RiskScenario, ...] = ("ransomware", "backdoor", "personnel", "remote_om")
MEASURES = Names(zh="工业和信息化领域数据安全管理办法（试行）", en="MIIT Measures (Trial)")
LAW = Names(zh="中华人民共和国数据安全法", en="Data Security Law")
DOMAINS = (
    ("organisation", "组织与责任", "organisation and responsibility"),
    ("classification", "分类分级与备案", "classification, grading and filing"),
    ("lifecycle", "全生命周期保护", "lifecycle protection"),
    ("logs", "日志留存", "log retention"),
    ("backup", "备份与恢复", "backup and recovery"),
    ("incident", "风险评估与事件处置", "risk assessment and incidents"),
)
OUTCOME_WEIGHTS: dict[Outcome, int] = {
    "pass": 60,
    "partial": 12,
    "fail": 12,
    "not_applicable": 6,
    "not_assessed": 10,
}
TIERS = {
    "general": Names(zh="一般", en="general"),
    "large": Names(zh="较大", en="large"),
    "major": Names(zh="重大", en="major"),
}


def _pack(framework: str, kind: str, scenario: str | None, per_domain: int) -> ControlPack:
    domains = []
    for n, (domain, zh, en) in enumerate(DOMAINS):
        controls = [
            {
                "id": f"{domain}_{i}",
                "names": {
                    "zh": f"{zh}：第{i}项要求已落实并有记录",
                    "en": f"{en}: item {i} in place",
                },
                "basis": [
                    {"law": MEASURES.model_dump(), "article": f"第{n * 4 + i}条", "confidence": "F"}
                ],
                "penalty": {"law": LAW.model_dump(), "article": "第四十五条", "confidence": "F"},
                "evidence": ["record", "check"],
                "confidence": "F",
            }
            for i in range(1, per_domain + 1)
        ]
        domains.append({"id": domain, "names": {"zh": zh, "en": en}, "controls": controls})
    names = {"zh": f"{framework} 控制项", "en": f"{framework} controls"}
    body = {"id": framework, "names": names, "kind": kind, "scenario": scenario}
    return ControlPack.model_validate(
        {
            "pack": {"id": f"indsec.controls.{framework}", "kind": "controls", "version": "2026.1"},
            "framework": body,
            "domains": domains,
        }
    )


def control_packs() -> list[ControlPack]:
    """The obligations, one checklist per key scenario, and the assessment items."""
    packs = [_pack("miit_measures", "obligations", None, 8)]
    packs += [_pack(f"checklist_{s}", "scenario_checklist", s, 2) for s in SCENARIOS]
    return [*packs, _pack("assessment_items", "assessment_items", None, 4)]


def assets(count: int, rng: random.Random) -> list[ClassifiedAsset]:
    """``count`` catalogue assets: about 2 % core, 10 % important, the rest general."""
    made = []
    for i in range(count):
        system = SYSTEMS[i % len(SYSTEMS)]
        roll = rng.random()
        grade = Grade.CORE if roll < 0.02 else Grade.IMPORTANT if roll < 0.12 else Grade.GENERAL
        made.append(
            ClassifiedAsset(
                source=f"postgresql://{system.lower()}-db/{system.lower()}",
                name=f"{system.lower()}.table_{i:05d}",
                kind="table",
                rows=rng.randint(100, 5_000_000),
                size_bytes=rng.randint(10_000, 5_000_000_000),
                system_hint=system,
                category=rng.choice(list(CATEGORIES)),
                grade=grade,
            )
        )
    return made


def _evidence(key: str, outcome: Outcome, at: datetime) -> tuple[Evidence, ...]:
    if outcome == "not_assessed":
        return ()
    facts = {"control": key, "outcome": outcome}
    digest = hashlib.sha256(json.dumps(facts, sort_keys=True).encode()).hexdigest()
    return (Evidence(key, "check", f"{key}: {outcome}", digest, at, "indsec", facts),)


def results(packs: list[ControlPack], rng: random.Random) -> list[ControlResult]:
    outcomes, weights = list(OUTCOME_WEIGHTS), list(OUTCOME_WEIGHTS.values())
    made = []
    for pack in packs:
        for control in pack.controls():
            outcome = rng.choices(outcomes, weights)[0]
            key = pack.key(control)
            evidence = _evidence(key, outcome, START + timedelta(hours=1))
            made.append(ControlResult(pack.framework.id, control.id, outcome, evidence))
    return made


def domains(packs: list[ControlPack], found: list[ControlResult]) -> list[DomainScore]:
    by_key = {r.key: r.outcome for r in found}
    made = []
    for pack in packs:
        for domain in pack.domains:
            counts = Counter(by_key[pack.key(c)] for c in domain.controls)
            made.append(DomainScore(pack.framework.id, domain.id, domain.names, dict(counts)))
    return made


def risks(graded: list[ClassifiedAsset], rng: random.Random) -> list[Risk]:
    made = []
    for n, scenario in enumerate(SCENARIOS * 3):
        chosen = rng.sample(graded, min(5, len(graded)))
        made.append(
            Risk(
                f"R{n + 1:02d}",
                scenario,
                Names(zh=f"重要数据遭受{scenario}类风险", en=f"{scenario} risk on important data"),
                rng.randint(1, 5),
                rng.randint(2, 5),
                tuple(a.key for a in chosen),
                treatment=Names(zh="整改并复查", en="remediate and check again"),
            )
        )
    return made


def tasks(found: list[ControlResult]) -> list[RemediationTask]:
    failed = [r for r in found if r.outcome == "fail"]
    owners = ("张伟", "李娜", "王强")
    return [
        RemediationTask(
            f"T{n + 1:03d}",
            r.key,
            f"整改 {r.key}",
            owners[n % 3],
            ISSUED + timedelta(days=30 + n),
            "open",
            START,
        )
        for n, r in enumerate(failed)
    ]


def alerts(graded: list[ClassifiedAsset], count: int, rng: random.Random) -> list[StoredAlert]:
    made = []
    for i in range(count):
        asset = rng.choice(graded)
        scenario = SCENARIOS[i % len(SCENARIOS)]
        context = AssetContext(
            key=asset.key,
            name=asset.name,
            grade=asset.grade,
            category=asset.category,
            matched_on="table",
        )
        alert = Alert(
            rule_id=f"indsec.{scenario}.{i % 7}",
            rule_title=f"{scenario} rule",
            level="high",
            severity="high",
            scenario=scenario,
            asset=context,
        )
        made.append(
            StoredAlert(i + 1, 1 + i % 3, rng.choice(("open", "acknowledged", "closed")), alert)
        )
    return made


def incidents(graded: list[ClassifiedAsset]) -> list[Incident]:
    made = []
    kinds = (("ransomware", "major"), ("remote_om", "general"))
    for n, ((scenario, tier), asset) in enumerate(zip(kinds, graded, strict=False)):
        facts = Facts(assets=[AffectedAsset(key=asset.key, name=asset.name, grade=asset.grade)])
        at = START + timedelta(days=3 + n)
        made.append(
            Incident(n + 1, f"{scenario} 事件", scenario, None, at, at, "open", tier, [], facts, [])
        )
    return made


def _runs() -> list[RunSummary]:
    return [
        RunSummary(
            n,
            START + timedelta(days=n),
            START + timedelta(days=n, minutes=5),
            "complete",
            ["/var/log/plant"],
            3,
            {},
            "",
            0,
        )
        for n in (1, 2, 3)
    ]


def _scans(total: int) -> list[CatalogueVersion]:
    sources = [f"postgresql://{s.lower()}-db/{s.lower()}" for s in SYSTEMS]
    return [
        CatalogueVersion(
            number=n,
            created_at=START + timedelta(days=n),
            status="complete",
            sources=sources,
            rule_pack_versions={"indsec.grading": "2026.2"},
            asset_count=total,
        )
        for n in (1, 2, 3)
    ]


def build_world(
    *, asset_count: int = 300, alert_count: int = 120, seed: int = 7
) -> tuple[AssessmentSnapshot, ReportContext]:
    """A snapshot and its report context for a demo-like enterprise at the given scale."""
    rng = random.Random(seed)
    packs = control_packs()
    catalogue = assets(asset_count, rng)
    graded = [a for a in catalogue if a.grade is not Grade.GENERAL]
    found = results(packs, rng)
    profile = EnterpriseProfile(
        name="苏州恒锐精密机械有限公司",
        uscc="91320505MA1MXXXX5K",
        industry_code="C3484",
        industry_name="机械零部件加工",
        province="江苏省",
        city="苏州市",
        legal_representative="陈建国",
        data_security_officer="周敏",
        officer_contact="138****5678",
        key_enterprise=True,
    )
    snapshot = AssessmentSnapshot(
        "A-2026-01",
        "annual",
        profile,
        START,
        START + timedelta(hours=2),
        {p.framework.id: p.pack.version for p in packs},
        tuple(found),
        tuple(domains(packs, found)),
        tuple(risks(graded, rng)),
        tuple(tasks(found)),
    )
    scans = _scans(asset_count)
    context = ReportContext(
        issued_on=ISSUED,
        team=(
            Member("周敏", "组长（数据安全负责人）", "苏州恒锐"),
            Member("吴磊", "技术评估", "苏州恒锐"),
            Member("郑丽", "合规评估", "江苏某测评中心"),
        ),
        catalogue=scans[-1],
        assets=catalogue,
        category_names=CATEGORIES,
        scans=scans,
        detection_runs=_runs(),
        alerts=alerts(graded, alert_count, rng),
        incidents=incidents(graded),
        tier_names=TIERS,
        control_packs=packs,
        declarations={"defaults": {"purpose_method": "生产经营管理", "cross_border": "无跨境传输"}},
        tools={"WeasyPrint": "PDF"},
    )
    return snapshot, context
