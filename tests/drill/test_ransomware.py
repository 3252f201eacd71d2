"""The ransomware drill end to end: it detects its own simulated encryption with the real
readers and Sigma rules, opens a drill incident that never escalates, and restores exactly."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from indsec.app import AppContext
from indsec.catalogue.repository import CatalogueRepository
from indsec.detect import service as detect
from indsec.drill import service
from indsec.drill.decoys import decoy_shapes, synthetic_content
from indsec.drill.report import markdown
from indsec.drill.telemetry import entropy
from indsec.errors import DrillError, IncidentError, NotFoundError
from indsec.incident import service as incident
from indsec.model import ClassifiedAsset, Grade
from tests.drill.conftest import ACTOR, THIRD_PARTY, tree_digest

BURST = "142c485c-d9c8-4049-8b44-fa8f80afca0f"
NOTE = "f6092b85-18ca-4d08-85cf-94b44f064198"
SHADOW_COPIES = "c947b146-0abc-4c87-9c64-b17e9d7274a2"


def test_the_drill_detects_its_own_encryption(app: AppContext, tmp_path: Path) -> None:
    run = service.run_ransomware_drill(
        app=app, actor=ACTOR, sandbox=tmp_path / "sandbox", out_dir=tmp_path / "reports"
    )
    document = run.record.document
    fired = {rule["rule_id"] for rule in document["fired"]}
    assert {BURST, NOTE} <= fired
    if THIRD_PARTY.is_dir():
        assert SHADOW_COPIES in fired
        assert document["silent"] == []
    assert document["time_to_detect_s"] is not None
    assert document["time_to_incident_s"] >= document["time_to_detect_s"]
    burst = next(rule for rule in document["fired"] if rule["rule_id"] == BURST)
    assert burst["after_first_encryption_s"] >= 0
    assert document["shadow_command"]["executed"] is False
    assert "selfcheck_ransomware.ransomware_drill" in document["controls_exercised"]
    assert [p.name for p in run.reports] == ["drill-1.json", "drill-1.zh.md", "drill-1.en.md"]
    assert "Time to detect" in run.reports[2].read_text(encoding="utf-8")


def test_the_files_are_encrypted_only_in_the_sandbox(app: AppContext, tmp_path: Path) -> None:
    sandbox = tmp_path / "sandbox"
    service.run_ransomware_drill(app=app, actor=ACTOR, sandbox=sandbox)
    files = sorted((sandbox / "files").iterdir())
    locked = [p for p in files if p.name.endswith(".locked")]
    assert len(locked) == 24 and (sandbox / "files" / "HOW_TO_DECRYPT.txt").is_file()
    assert all(entropy(p.read_bytes()) >= 7.5 for p in locked)
    assert len(files) == 25


def test_the_drill_incident_never_reaches_the_regulator(app: AppContext, tmp_path: Path) -> None:
    run = service.run_ransomware_drill(app=app, actor=ACTOR, sandbox=tmp_path / "sandbox")
    opened = incident.show_incident(app=app, incident_id=run.record.incident_id or 0)
    assert opened.facts.drill and opened.title.startswith("[演练 DRILL]")
    assert opened.scenario == "ransomware" and opened.alert_id is not None
    with pytest.raises(IncidentError, match="drill"):
        incident.escalation_document(app=app, incident_id=opened.id, now=opened.detected_at)
    year = opened.detected_at.astimezone(app.site_policy.zone).year
    assert incident.annual_summary(app=app, year=year, lang="en")["incidents"] == []


def test_drill_alerts_stay_out_of_the_real_alert_lists(app: AppContext, tmp_path: Path) -> None:
    run = service.run_ransomware_drill(app=app, actor=ACTOR, sandbox=tmp_path / "sandbox")
    with pytest.raises(NotFoundError):
        detect.list_alerts(app=app)  # the newest *complete* run: a drill run is none
    run_id = run.record.document["detection_run"]
    drill_alerts = detect.list_alerts(app=app, run_id=run_id)
    page = detect.alert_page(app=app, kept=detect.AlertFilter(run_id=run_id, state="open"))
    assert drill_alerts and page.total == 0  # each closed with a note naming the drill


def test_restore_is_exact(app: AppContext, tmp_path: Path) -> None:
    sandbox = tmp_path / "sandbox"
    service.run_ransomware_drill(app=app, actor=ACTOR, sandbox=sandbox)
    restored = service.restore_drill(app=app, sandbox=sandbox)
    assert len(restored) == 24 and all(r.before == r.after for r in restored)
    after_first = tree_digest(sandbox / "files")
    shapes = decoy_shapes([], count=24, max_bytes=8192)
    expected = {s.name: hashlib.sha256(synthetic_content(s)).hexdigest() for s in shapes}
    assert after_first == expected  # no .locked file, no note, every byte back

    service.run_ransomware_drill(app=app, actor=ACTOR, sandbox=sandbox)  # the sandbox is ours
    assert tree_digest(sandbox / "files") != after_first
    service.restore_drill(app=app, sandbox=sandbox)
    assert tree_digest(sandbox / "files") == after_first
    kinds = [d.kind for d in service.list_drills(app=app)]
    assert kinds == ["ransomware", "ransomware"]


def test_decoys_are_shaped_like_graded_files_never_their_content() -> None:
    def asset(key: str, name: str, grade: Grade, size: int) -> ClassifiedAsset:
        return ClassifiedAsset(
            source="file:///plant", name=name, kind="file", size_bytes=size,
            file_format="csv", category="industrial.process", grade=grade,
        )  # fmt: skip

    assets = [
        asset("a", "recipes/配方.csv", Grade.IMPORTANT, 50_000),
        asset("b", "core/PLC:prog.csv", Grade.CORE, 10),
        asset("c", "public/notice.csv", Grade.GENERAL, 100),
        asset("d", "归档/" + "长" * 300 + ".csv", Grade.IMPORTANT, 100),
    ]
    shapes = decoy_shapes(assets, count=20, max_bytes=30_000)
    assert [(s.name, s.size, s.grade) for s in shapes[:2]] == [
        ("000_PLC_prog.csv", 4096, "core"),
        ("001_配方.csv", 30_000, "important"),
    ]
    long_name = shapes[2].name
    assert long_name.endswith(".csv") and len(long_name.encode() + b".locked") < 255
    assert all(s.like is None for s in shapes[3:]) and len(shapes) == 20
    assert b"synthetic content" in synthetic_content(shapes[0])


def test_writing_the_decoys_alone_raises_no_alert(app: AppContext, tmp_path: Path) -> None:
    """The rules fire on the encryption, not on the drill's own set-up: the same telemetry
    without the rewrites, renames, note and shadow-copy command stays silent."""
    run = service.run_ransomware_drill(app=app, actor=ACTOR, sandbox=tmp_path / "sandbox")
    folder = Path(run.record.document["telemetry"]["folder"])
    lines = (folder / "file_activity.jsonl").read_text(encoding="utf-8").splitlines()
    created = [line for line in lines if '"create"' in line and "HOW_TO_DECRYPT" not in line]
    assert len(created) == 24
    benign = tmp_path / "benign" / "file_activity.jsonl"
    benign.parent.mkdir()
    benign.write_text("\n".join(created) + "\n", encoding="utf-8")
    outcome = detect.run_detection(app=app, sources=[benign.parent], drill=True)
    assert outcome.events == 24 and outcome.alerts == []


def _catalogue(app: AppContext, plant: Path) -> None:
    """A complete catalogue version scanned from ``plant`` with a core and an important file."""

    def asset(name: str, grade: Grade, size: int) -> ClassifiedAsset:
        return ClassifiedAsset(
            source=f"file://{plant}", name=name, kind="file", size_bytes=size,
            file_format=name.rsplit(".", 1)[-1], category="industrial.process", grade=grade,
        )  # fmt: skip

    repository = CatalogueRepository(app.store())
    number = repository.begin_version(
        trigger="scan", sources=[f"file://{plant}"], rule_packs={}, profile={}
    )
    repository.add_assets(
        number,
        [asset("配方/炉温曲线.csv", Grade.CORE, 6000), asset("客户.xml", Grade.IMPORTANT, 9)],
    )
    repository.finish_version(number, status="complete", report={})


def test_a_drill_on_the_catalogue_shapes(app: AppContext, tmp_path: Path) -> None:
    """Decoys imitate the graded files; the drill incident involves them, so its tier is a real
    attack's; the scanned source itself can never be the sandbox."""
    plant = tmp_path / "plant"
    plant.mkdir()
    _catalogue(app, plant)
    with pytest.raises(DrillError, match="overlaps"):
        service.run_ransomware_drill(app=app, actor=ACTOR, sandbox=plant / "drill")
    run = service.run_ransomware_drill(app=app, actor=ACTOR, sandbox=tmp_path / "sandbox")
    assert run.record.document["decoys"]["like"] == 2
    names = sorted(p.name for p in (tmp_path / "sandbox" / "files").iterdir())[:2]
    assert names == ["000_炉温曲线.csv.locked", "001_客户.xml.locked"]
    opened = incident.show_incident(app=app, incident_id=run.record.incident_id or 0)
    assert {(a.name, a.grade) for a in opened.facts.assets} == {
        ("配方/炉温曲线.csv", Grade.CORE),
        ("客户.xml", Grade.IMPORTANT),
    }
    assert opened.tier == "major"  # important data (or above) under a serious threat


@pytest.mark.parametrize(
    ("lang", "heading"), [("zh", "应触发而未触发的规则"), ("en", "stayed silent")]
)
def test_a_rule_that_stayed_silent_is_listed_without_a_time(lang: str, heading: str) -> None:
    """Without the third-party rules the shadow-copy rule stays silent: the report must list it
    (it once failed on the missing ``event_time`` and took ``indsec demo`` down with it)."""
    silent = {"rule_id": SHADOW_COPIES, "title": "Shadow copies deleted", "controls": []}
    document = {"kind": "ransomware", "id": 1, "fired": [], "silent": [silent]}
    text = markdown(document, lang)
    assert heading in text
    assert f"- Shadow copies deleted (`{SHADOW_COPIES}`)\n" in text
