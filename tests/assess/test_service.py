"""Answers, evidence files, scores, the risk register and stored snapshots."""

from __future__ import annotations

import hashlib
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from indsec.assess import service
from indsec.assess.repository import AssessmentRepository
from indsec.errors import AssessError, NotFoundError
from indsec.identity import service as identity
from indsec.model import Grade
from tests.assess.conftest import ACTOR, NOW, SHANGHAI, World, alert, asset, touch


def test_an_expired_answer_no_longer_counts(world: World) -> None:
    service.answer_control(
        app=world.app,
        actor=ACTOR,
        control_key="t_obl.officer",
        outcome="pass",
        expires_at=NOW + timedelta(days=1),
        now=NOW,
    )
    today = service.run_assessment(app=world.app, actor=ACTOR, now=NOW)
    later = service.run_assessment(app=world.app, actor=ACTOR, now=NOW + timedelta(days=2))
    assert {r.key: r.outcome for r in today.results}["t_obl.officer"] == "pass"
    assert {r.key: r.outcome for r in later.results}["t_obl.officer"] == "not_assessed"
    with pytest.raises(AssessError, match="not in the future"):
        service.answer_control(
            app=world.app,
            actor=ACTOR,
            control_key="t_obl.officer",
            outcome="pass",
            expires_at=NOW - timedelta(days=1),
            now=NOW,
        )


def test_an_evidence_file_is_kept_with_digest_who_when_and_bytes(world: World) -> None:
    pdf = touch(world.root / "任命书.pdf", age_days=0, content=b"%PDF-1.7 officer")
    kept = service.attach_evidence(
        app=world.app, actor=ACTOR, control_key="t_obl.officer", path=pdf, now=NOW
    )
    assert kept.evidence.evidence.digest == hashlib.sha256(b"%PDF-1.7 officer").hexdigest()
    assert kept.evidence.evidence.collected_by == "cli:li"
    assert kept.evidence.evidence.file_name == "任命书.pdf"
    assert kept.evidence.file_size == 16
    assert kept.outcome == "not_assessed"  # a file alone decides nothing
    repository = AssessmentRepository(world.app.store())
    assert repository.file_content(kept.evidence.evidence.digest) == b"%PDF-1.7 officer"
    snapshot = service.run_assessment(app=world.app, actor=ACTOR, now=NOW)
    [officer] = [r for r in snapshot.results if r.key == "t_obl.officer"]
    assert officer.note == "files attached, no answer yet"
    assert [e.file_name for e in officer.evidence] == ["任命书.pdf"]


def test_a_too_large_or_missing_file_is_refused_and_nothing_is_stored(
    world: World, tmp_path: Path
) -> None:
    world.app.settings.assess_evidence_max_bytes = 4
    big = touch(tmp_path / "big.bin", age_days=0, content=b"12345")
    with pytest.raises(AssessError, match="larger than INDSEC_ASSESS_EVIDENCE_MAX_BYTES"):
        service.attach_evidence(app=world.app, actor=ACTOR, control_key="t_obl.officer", path=big)
    with pytest.raises(AssessError, match="no such file"):
        service.attach_evidence(
            app=world.app, actor=ACTOR, control_key="t_obl.officer", path=tmp_path / "nope"
        )
    assert AssessmentRepository(world.app.store()).evidence_of("t_obl.officer") == []


def test_scores_per_domain_and_overall_leave_out_the_unknown(world: World) -> None:
    for key, outcome in (("t_obl.officer", "pass"), ("t_obl.cii_plan", "fail")):
        service.answer_control(
            app=world.app, actor=ACTOR, control_key=key, outcome=outcome, now=NOW
        )
    snapshot = service.run_assessment(app=world.app, actor=ACTOR, now=NOW)
    [org] = [d for d in snapshot.domains if d.domain_id == "org"]
    assert org.counts == {"pass": 1, "not_applicable": 1}  # cii_plan applies to CII only
    assert org.score == 1.0
    assert snapshot.overall == 1.0
    assert snapshot.frameworks == {"t_obl": "1", "t_rom": "2"}
    stored = service.latest_snapshot(app=world.app)
    assert stored.results == snapshot.results and stored.domains == snapshot.domains
    assert [s.overall for s in service.list_assessments(app=world.app)] == [1.0]


def test_the_risk_register_rises_with_failed_controls_alerts_and_core_data(world: World) -> None:
    world.catalogue(asset("recipes", Grade.CORE))
    world.alerts(alert("remote_om", Grade.CORE))
    (world.root / "a.csv").write_text("account,mfa\nops,no\n", encoding="utf-8")
    world.inputs({"accounts": {"file": "a.csv"}})
    service.run_assessment(app=world.app, actor=ACTOR, now=datetime.now(SHANGHAI))
    risks = {r.scenario: r for r in service.risk_register(app=world.app)}
    remote = risks["remote_om"]
    assert (remote.likelihood, remote.impact, remote.level) == (5, 5, 25)
    assert remote.asset_ids == ("postgresql://mes-db/mes::recipes",)
    assert set(remote.control_keys) == {"t_rom.no_rmm", "t_rom.mfa"}
    assert remote.treatment.en.startswith("remediate") and "t_rom.mfa" in remote.treatment.en
    assert remote.treatment.zh.startswith("整改") and "t_rom.mfa" in remote.treatment.zh
    unmeasured = risks["personnel"]
    assert unmeasured.likelihood == 3 and "no control" in unmeasured.treatment.en
    assert "尚无已测量的控制项" in unmeasured.treatment.zh
    assert risks["ransomware"].impact == 5  # core data in the catalogue
    levels = [r.level for r in service.risk_register(app=world.app)]
    assert levels == sorted(levels, reverse=True) and levels[0] == 25


def test_no_assessment_yet_and_an_unknown_chosen_framework_are_clear_errors(
    world: World,
) -> None:
    world.app.store()
    with pytest.raises(NotFoundError, match="indsec assess run"):
        service.latest_snapshot(app=world.app)
    world.app.settings.assess_frameworks = ["t_obl", "iso27001"]
    with pytest.raises(AssessError, match="names no loaded framework: iso27001"):
        service.run_assessment(app=world.app, actor=ACTOR)
    world.app.settings.assess_frameworks = []
    every = service.run_assessment(app=world.app, actor=ACTOR)
    assert {"t_obl", "miit_measures", "selfcheck_ransomware"} <= set(every.frameworks)


def test_answers_files_and_task_steps_are_audited(world: World) -> None:
    failed = service.answer_control(
        app=world.app, actor=ACTOR, control_key="t_obl.officer", outcome="fail", now=NOW
    )
    service.attach_evidence_bytes(
        app=world.app, actor=ACTOR, control_key="t_obl.officer", file_name="../x.pdf", content=b"x"
    )
    assert failed.task is not None
    service.update_task(app=world.app, actor=ACTOR, task_id=int(failed.task.id), owner="王工")
    actions = [e.action for e in identity.audit_entries(app=world.app)]
    assert sorted(a for a in actions if a.startswith("assess.")) == [
        "assess.answer",
        "assess.evidence",
        "assess.task",
    ]
    [kept] = [
        e
        for e in AssessmentRepository(world.app.store()).evidence_of("t_obl.officer")
        if e.evidence.origin == "file"
    ]
    assert kept.evidence.file_name == "x.pdf"  # a path in an uploaded name is dropped


def test_a_reissued_report_keeps_its_first_issue_and_another_assessment_starts_a_year(
    world: World, tmp_path: Path
) -> None:
    world.catalogue(asset("recipes", Grade.CORE), asset("staff", Grade.GENERAL))
    world.alerts(alert("ransomware", Grade.CORE))
    first = service.run_assessment(app=world.app, actor=ACTOR, now=NOW)
    out = tmp_path / "report"
    with pytest.raises(AssessError, match="no issued report here"):
        service.submit_annual_report(app=world.app, actor=ACTOR, out_dir=out)
    issued = service.write_annual_report(app=world.app, out_dir=out, issued_on=date(2026, 12, 1))
    assert {p.name for p in issued.files} >= {"report.pdf", "appendix.xlsx", "issue.json"}
    again = service.write_annual_report(app=world.app, out_dir=out, issued_on=date(2027, 1, 10))
    assert (again.issue.first_issued_on, again.issue.expires) == (
        date(2026, 12, 1),
        date(2027, 12, 1),
    )
    assert again.issue.assessment_id == first.id
    service.run_assessment(app=world.app, actor=ACTOR, now=NOW + timedelta(days=40))
    newer = service.write_annual_report(app=world.app, out_dir=out, issued_on=date(2027, 1, 12))
    assert newer.issue.first_issued_on == date(2027, 1, 12)
