"""The ``drill_plans`` pack: the shipped one is valid, names rules that exist and controls of
the checklists; a wrong control key or a scenario declared twice is refused."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from indsec.assess.control_pack import ControlPack
from indsec.detect.scenario_pack import ScenarioPack
from indsec.drill.plan_pack import DrillPlanPack
from indsec.rules.pack import BUILTIN_PACKS, BUILTIN_SIGMA_RULES, load_pack_file, load_packs

PACK = BUILTIN_PACKS / "drill_plans.yaml"


def _shipped() -> DrillPlanPack:
    pack, problems = load_pack_file(PACK)
    assert problems == [] and isinstance(pack, DrillPlanPack)
    return pack


def test_the_shipped_plan_names_rules_that_exist() -> None:
    plan = _shipped()
    assert [t.scenario for t in plan.tabletop] == ["backdoor", "personnel", "remote_om"]
    own = "\n".join(p.read_text(encoding="utf-8") for p in BUILTIN_SIGMA_RULES.rglob("*.yml"))
    scenarios = load_packs().one(ScenarioPack)
    curated = {r.id for u in scenarios.third_party.upstreams for r in u.rules}
    for rule in plan.ransomware.expected_rules:
        assert f"id: {rule.id}" in own or rule.id in curated, rule.title


def test_the_plan_refers_to_checklist_controls() -> None:
    """Every control key is one of a shipped controls pack (once those packs are present)."""
    packs = load_packs().all(ControlPack)
    if not packs:
        pytest.skip("no controls pack in this tree yet")
    known = {pack.key(control) for pack in packs for control in pack.controls()}
    plan = _shipped()
    keys = {*plan.ransomware.controls, *(c for t in plan.tabletop for c in t.controls)}
    keys |= {c for r in plan.ransomware.expected_rules for c in r.controls}
    assert keys - known == set()


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        (lambda d: d["tabletop"][0].update(controls=["no key"]), "is not <framework>.<control>"),
        (lambda d: d["tabletop"].append(d["tabletop"][0]), "declared 2 times"),
        (lambda d: d["ransomware"].update(decoy_count=5), "greater than or equal to 20"),
    ],
)
def test_a_wrong_plan_is_refused(change: object, problem: str, tmp_path: Path) -> None:
    document = yaml.safe_load(PACK.read_text(encoding="utf-8"))
    change(document)  # type: ignore[operator]
    path = tmp_path / "drill_plans.yaml"
    path.write_text(yaml.safe_dump(document, allow_unicode=True), encoding="utf-8")
    _pack, problems = load_pack_file(path)
    assert any(problem in p.message for p in problems), problems
