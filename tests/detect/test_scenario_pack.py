"""The ``scenarios`` pack: scenarios, risk types, severity raise, our rules and the manifest."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from tests.conftest import THIRD_PARTY, needs_third_party

from indsec.detect.enrich import raised_severity
from indsec.detect.scenario_pack import ScenarioPack
from indsec.model import Grade, SitePolicy
from indsec.rules.pack import BUILTIN_PACKS, load_pack_file
from indsec.rules.yaml_loader import load_located
from indsec.sigma import RuleRef, SigmaEngine

PACK_FILE = BUILTIN_PACKS / "scenarios.yaml"


@pytest.fixture(scope="module")
def pack() -> ScenarioPack:
    loaded, problems = load_pack_file(PACK_FILE)
    assert not problems, problems
    assert isinstance(loaded, ScenarioPack)
    return loaded


def _raw_pack() -> dict[str, Any]:
    document, problems = load_located(PACK_FILE)
    assert document is not None and not problems
    data: dict[str, Any] = document.data
    return data


def _write(tmp_path: Path, data: dict[str, Any]) -> Path:
    path = tmp_path / "scenarios.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def test_four_scenarios_with_their_names(pack: ScenarioPack) -> None:
    names = {s.id: (s.names.zh, s.names.en) for s in pack.scenarios}
    assert {k: v[0] for k, v in names.items()} == {
        "ransomware": "勒索攻击",
        "backdoor": "漏洞后门",
        "personnel": "人员违规操作",
        "remote_om": "远程运维失控",
    }
    assert all(en for _, en in names.values())


def test_six_miit_risk_types(pack: ScenarioPack) -> None:
    assert {r.id: r.names.zh for r in pack.risk_types} == {
        "leakage": "数据泄露",
        "tampering": "数据篡改",
        "abuse": "数据滥用",
        "unauthorised_transmission": "违规传输",
        "unauthorised_access": "非法访问",
        "abnormal_traffic": "流量异常",
    }


@pytest.mark.parametrize(
    ("level", "grade", "severity"),
    [
        ("medium", None, "medium"),
        ("medium", Grade.GENERAL, "medium"),
        ("medium", Grade.IMPORTANT, "high"),
        ("medium", Grade.CORE, "critical"),
        ("high", Grade.CORE, "critical"),
        ("informational", Grade.IMPORTANT, "low"),
    ],
)
def test_grade_raises_severity(
    pack: ScenarioPack, level: str, grade: Grade | None, severity: str
) -> None:
    assert pack.severity.levels == ["informational", "low", "medium", "high", "critical"]
    assert raised_severity(level, grade, steps=pack.grade_steps()) == severity


def _ref(rule_id: str, *tags: str) -> RuleRef:
    return RuleRef(id=rule_id, title="t", level="high", tags=tags, where="x.yml:1")


@pytest.mark.parametrize(
    ("rule", "expected"),
    [
        (
            _ref("x", "attack.t1486", "indsec.scenario.ransomware", "indsec.risk.tampering"),
            ("ransomware", ["tampering"]),
        ),
        (
            _ref("x", "indsec.scenario.personnel", "indsec.risk.leakage", "indsec.risk.abuse"),
            ("personnel", ["leakage", "abuse"]),
        ),
        (_ref("x", "indsec.scenario.nonsense", "indsec.risk.nonsense"), (None, [])),
        (_ref("x", "attack.t1219"), (None, [])),
        (
            _ref("e3facbfa-0474-406e-a800-91a4ddf1b08e", "attack.t1219"),
            ("remote_om", ["unauthorised_access"]),
        ),
        (
            _ref("c947b146-0abc-4c87-9c64-b17e9d7274a2", "attack.t1490"),
            ("ransomware", ["tampering"]),
        ),
    ],
)
def test_classify(
    pack: ScenarioPack, rule: RuleRef, expected: tuple[str | None, list[str]]
) -> None:
    assert pack.classify(rule) == expected


def test_every_own_rule_classifies_to_its_folder(pack: ScenarioPack) -> None:
    engine = SigmaEngine.from_paths([pack.own_rules_dir()], policy=SitePolicy().placeholders())
    files = list(pack.own_rules_dir().rglob("*.yml"))
    assert len(engine.rules) == len(files) >= 40
    assert not engine.problems and not engine.unsupported
    for rule in engine.rules:
        scenario, risks = pack.classify(rule)
        assert scenario == Path(rule.where).parent.name, rule.where
        assert risks, rule.where


def test_manifest_covers_the_brief(pack: ScenarioPack) -> None:
    curated = {rule.id[:8]: rule for u in pack.third_party.upstreams for rule in u.rules}
    by_scenario = {
        "ransomware": "c947b146 21ff4ca9 639c9081 1444443e db1c21e4 e3f673b3 9703792d 4c6ca276",
        "backdoor": "8202070f 39f1f9f2 7ff9db12 818f7b24 1070db9a baca5663 300bac00",
        "personnel": "e37db05d faa48cae 9fbf5927 e328cc73 7d1aaf3d fdeebdf0 1a4bd6e3 0f63e1ef",
        "remote_om": "b52e84a3 ab70c354 57bff678 1a31b18a c8b00925 259a9cdf 5bed80b6 f7d7ebd5 "
        "509e84b9 4d07b1f4",
    }
    for scenario, prefixes in by_scenario.items():
        for prefix in prefixes.split():
            assert curated[prefix].scenario == scenario, prefix
    remote_tools = [r for r in curated.values() if "remote_access_tools" in r.path]
    assert len(remote_tools) >= 10
    lolrmm = {
        r.path.rsplit("/", 1)[-1]
        for r in next(u for u in pack.third_party.upstreams if u.id == "lolrmm").rules
    }
    for tool in ("sunlogin", "todesk", "aweray"):
        assert any(name.startswith(tool) for name in lolrmm), tool


def test_manifest_attribution(pack: ScenarioPack) -> None:
    licences = {u.id: (u.licence, u.commit) for u in pack.third_party.upstreams}
    assert licences == {"sigmahq": ("DRL 1.1", "8eaafff1"), "lolrmm": ("Apache-2.0", "3c75cf09")}
    for upstream in pack.third_party.upstreams:
        assert upstream.repository.startswith("https://github.com/")
        assert all(rule.author and rule.title for rule in upstream.rules)


@needs_third_party
def test_manifest_matches_the_upstream_files(pack: ScenarioPack) -> None:
    sources = pack.rule_sources(THIRD_PARTY)
    assert not sources.problems and not sources.warnings
    assert sources.curated == sum(len(u.rules) for u in pack.third_party.upstreams)
    for upstream in pack.third_party.upstreams:
        assert (THIRD_PARTY / upstream.folder / upstream.licence_file).is_file()
        for rule in upstream.rules:
            document = yaml.safe_load(
                (THIRD_PARTY / upstream.folder / rule.path).read_text("utf-8")
            )
            assert (document["title"], document["author"]) == (rule.title, rule.author), rule.id


@needs_third_party
def test_curated_rules_load_in_the_engine(pack: ScenarioPack) -> None:
    sources = pack.rule_sources(THIRD_PARTY)
    engine = SigmaEngine.from_paths(sources.paths, policy=SitePolicy().placeholders())
    assert not engine.problems
    # e3f673b3 (file_rename) has no event-log route; it runs on Windows file-activity records.
    assert not engine.unsupported and "e3f673b3" in {rule.id[:8] for rule in engine.rules}
    classified = [pack.classify(rule) for rule in engine.rules]
    assert all(scenario is not None and risks for scenario, risks in classified)


def test_missing_root_runs_our_rules_only(pack: ScenarioPack, tmp_path: Path) -> None:
    sources = pack.rule_sources(tmp_path / "nowhere")
    assert sources.paths == [pack.own_rules_dir()]
    assert sources.curated == 0 and not sources.problems
    assert "only indsec's own rules will run" in sources.warnings[0]


def _one_upstream(rule_path: str, rule_id: str) -> dict[str, Any]:
    data = _raw_pack()
    upstream = data["third_party"]["upstreams"][1]
    upstream["rules"] = [{**upstream["rules"][0], "id": rule_id, "path": rule_path}]
    data["third_party"]["upstreams"] = [upstream]
    return data


def test_missing_or_changed_curated_files_are_problems(tmp_path: Path) -> None:
    rule_id = "e3facbfa-0474-406e-a800-91a4ddf1b08e"
    root = tmp_path / "root"
    folder = root / "lolrmm" / "detections"
    folder.mkdir(parents=True)
    (folder / "renamed.yml").write_text("title: x\nid: 00000000-0000-0000-0000-000000000000\n")
    for path, expected in [
        ("detections/absent.yml", "cannot be read"),
        ("detections/renamed.yml", "no longer has id"),
    ]:
        loaded, problems = load_pack_file(_write(tmp_path, _one_upstream(path, rule_id)))
        assert isinstance(loaded, ScenarioPack) and not problems
        sources = loaded.rule_sources(root)
        assert sources.curated == 0
        assert expected in sources.problems[0].message
        assert sources.problems[0].where.endswith(path)


def test_found_curated_file_is_loaded(tmp_path: Path) -> None:
    rule_id = "e3facbfa-0474-406e-a800-91a4ddf1b08e"
    root = tmp_path / "root"
    (root / "lolrmm").mkdir(parents=True)
    (root / "lolrmm" / "rule.yml").write_text(f"title: x\nid: {rule_id}\n")
    loaded, _ = load_pack_file(_write(tmp_path, _one_upstream("rule.yml", rule_id)))
    assert isinstance(loaded, ScenarioPack)
    sources = loaded.rule_sources(root)
    assert sources.paths[1:] == [root / "lolrmm" / "rule.yml"]
    assert sources.curated == 1


def _break(data: dict[str, Any], how: str) -> None:
    upstream = data["third_party"]["upstreams"][0]
    if how == "duplicate scenario":
        data["scenarios"].append(data["scenarios"][0])
    elif how == "unknown risk on a scenario":
        data["scenarios"][0]["risk_types"] = ["theft"]
    elif how == "unknown scenario on a rule":
        upstream["rules"][0]["scenario"] = "sabotage"
    elif how == "unknown risk on a rule":
        upstream["rules"][0]["risk_types"] = ["theft"]
    elif how == "escaping path":
        upstream["rules"][0]["path"] = "../../etc/passwd"
    elif how == "absolute folder":
        upstream["folder"] = "/srv/sigma"
    elif how == "duplicate rule":
        upstream["rules"].append(upstream["rules"][0])
    elif how == "own rules elsewhere":
        data["own_rules"]["path"] = "rules/no_such_folder"


@pytest.mark.parametrize(
    ("how", "message"),
    [
        ("duplicate scenario", "scenarios: duplicate id 'ransomware'"),
        ("unknown risk on a scenario", "unknown risk type 'theft'"),
        ("unknown scenario on a rule", "unknown scenario 'sabotage'"),
        ("unknown risk on a rule", "unknown risk type 'theft'"),
        ("escaping path", "must be a relative path without '..'"),
        ("absolute folder", "must be a relative path without '..'"),
        ("duplicate rule", "third_party rule ids: duplicate id"),
        ("own rules elsewhere", "is not a directory"),
    ],
)
def test_semantic_problems(tmp_path: Path, how: str, message: str) -> None:
    data = _raw_pack()
    _break(data, how)
    loaded, problems = load_pack_file(_write(tmp_path, data))
    assert loaded is None
    assert any(message in p.message for p in problems), problems


@pytest.mark.parametrize(
    ("change", "where"),
    [
        (lambda d: d["scenarios"][0].update(colour="red"), "scenarios.0.colour"),
        (
            lambda d: d["third_party"]["upstreams"][0]["rules"][0].update(id="c947b146"),
            "third_party.upstreams.0.rules.0.id",
        ),
        (lambda d: d["severity"]["by_grade"].update(secret=3), "severity.by_grade.secret"),
        (lambda d: d["scenarios"][0].pop("names"), "scenarios.0.names"),
    ],
)
def test_schema_problems_are_located(tmp_path: Path, change: Any, where: str) -> None:
    data = _raw_pack()
    change(data)
    loaded, problems = load_pack_file(_write(tmp_path, data))
    assert loaded is None
    assert any(where in p.message and ":" in p.where for p in problems), problems
