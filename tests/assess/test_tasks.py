"""Self-correction: a failed control opens one task, which verifies itself when the evidence
that corrects it appears (real files with set modification times) and reopens if it fails."""

from __future__ import annotations

import shutil
from datetime import timedelta

import pytest

from indsec.assess import service
from indsec.assess.repository import AssessmentRepository
from indsec.errors import AssessError
from indsec.model import Grade
from tests.assess.conftest import ACTOR, NOW, World, asset, touch


def _result(snapshot: service.AssessmentSnapshot, key: str) -> str:
    return next(r.outcome for r in snapshot.results if r.key == key)


def _task(world: World, key: str) -> service.TaskView:
    [task] = [t for t in service.list_tasks(app=world.app) if t.control_key == key]
    return service.show_task(app=world.app, task_id=int(task.id))


def test_a_backup_copied_to_the_second_location_verifies_its_task(world: World) -> None:
    world.catalogue(asset("recipes", Grade.CORE))
    primary, second = world.root / "backup", world.root / "offsite"
    touch(primary / "mes-20261206.dump", age_days=1, content=b"dump")
    second.mkdir()
    world.inputs({"backups": [{"name": "mes", "path": "backup", "second_location": "offsite"}]})

    first = service.run_assessment(app=world.app, actor=ACTOR, now=NOW)
    assert _result(first, "t_obl.backup") == "fail"
    opened = _task(world, "t_obl.backup")
    assert opened.task.status == "open"
    assert opened.task.due == NOW.date() + timedelta(days=30)

    shutil.copy2(primary / "mes-20261206.dump", second / "mes-20261206.dump")
    again = service.run_assessment(app=world.app, actor=ACTOR, now=NOW + timedelta(hours=1))
    assert _result(again, "t_obl.backup") == "pass"
    closed = _task(world, "t_obl.backup")
    assert closed.task.status == "verified" and closed.task.closed_at is not None
    [proof] = [e for e in _evidence(world, "t_obl.backup") if e.id == closed.closed_by]
    assert "'status': 'ok'" in str(proof.evidence.facts["backups"])
    assert [s.status for s in closed.history] == ["open", "verified"]

    (second / "mes-20261206.dump").unlink()
    service.run_assessment(app=world.app, actor=ACTOR, now=NOW + timedelta(hours=2))
    reopened = _task(world, "t_obl.backup")
    assert reopened.task.status == "open" and reopened.task.closed_at is None
    assert len(service.list_tasks(app=world.app, status="open")) == len(
        {t.control_key for t in service.list_tasks(app=world.app, status="open")}
    )


def _evidence(world: World, key: str) -> list[service.StoredEvidence]:
    return AssessmentRepository(world.app.store()).evidence_of(key)


def test_a_log_directory_reaching_180_days_closes_its_task(world: World) -> None:
    logs = world.root / "logs"
    touch(logs / "scada-1.log", age_days=100)
    world.inputs({"logs": [{"name": "scada", "path": str(logs)}]})
    service.run_assessment(app=world.app, actor=ACTOR, now=NOW)
    assert _task(world, "t_obl.logs").task.status == "open"

    touch(logs / "archive" / "scada-0.log", age_days=181)
    snapshot = service.run_assessment(app=world.app, actor=ACTOR, now=NOW)
    assert _result(snapshot, "t_obl.logs") == "pass"
    assert _task(world, "t_obl.logs").task.status == "verified"
    tasks = service.list_tasks(app=world.app)
    assert len([t for t in tasks if t.control_key == "t_obl.logs"]) == 1


def test_an_answer_remeasures_its_control_at_once(world: World) -> None:
    failed = service.answer_control(
        app=world.app, actor=ACTOR, control_key="t_obl.officer", outcome="fail", now=NOW
    )
    assert failed.outcome == "fail" and failed.task is not None
    assert failed.task.status == "open"
    service.update_task(
        app=world.app, actor=ACTOR, task_id=int(failed.task.id), owner="王工", status="done"
    )
    passed = service.answer_control(
        app=world.app,
        actor=ACTOR,
        control_key="t_obl.officer",
        outcome="pass",
        note="任命文件已签发",
        now=NOW + timedelta(minutes=5),
    )
    assert passed.task is not None and passed.task.status == "verified"
    view = _task(world, "t_obl.officer")
    assert view.closed_by == passed.evidence.id
    assert view.task.owner == "王工"
    assert [s.status for s in view.history] == ["open", "done", "verified"]


def test_verified_is_not_a_persons_word_and_bad_answers_store_nothing(world: World) -> None:
    failed = service.answer_control(
        app=world.app, actor=ACTOR, control_key="t_obl.officer", outcome="fail", now=NOW
    )
    assert failed.task is not None
    with pytest.raises(AssessError, match="verified only when"):
        service.update_task(
            app=world.app, actor=ACTOR, task_id=int(failed.task.id), status="verified"
        )
    with pytest.raises(AssessError, match=r"unknown control 't_obl\.nope'"):
        service.answer_control(app=world.app, actor=ACTOR, control_key="t_obl.nope", outcome="pass")
    with pytest.raises(AssessError, match="unknown outcome 'maybe'"):
        service.answer_control(
            app=world.app, actor=ACTOR, control_key="t_obl.officer", outcome="maybe"
        )
    assert len(_evidence(world, "t_obl.officer")) == 1
