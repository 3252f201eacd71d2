"""The self-examination and drill pages of the enterprise console: a control answered and a file
attached on its page (measured again at once, audited, the file's digest shown and downloadable),
a new run started in the background moving the score, the risk heat-map, remediation tasks
edited in place where ``verified`` stays the control's own word, and a drill's report."""

from __future__ import annotations

import hashlib
from pathlib import Path

from fastapi.testclient import TestClient

from indsec.assess import service as assess
from indsec.console import service as console
from indsec.drill import service as drill
from indsec.identity import service as identity
from indsec.model.identity import Actor
from tests.identity.world import World
from tests.server.browsing import csrf_header, signed_in
from tests.server.tenancy import CONTROL_KEY, text_of

CLI = Actor("cli", "test")
CONTROL = f"/assessment/controls/{CONTROL_KEY}"


def _officer(world: World, **settings: object) -> tuple[TestClient, dict[str, str]]:
    client = signed_in(world.app.settings.model_copy(update=settings))
    return client, csrf_header(client, "/assessment")


def test_an_answer_is_audited_and_a_new_run_moves_the_score(server_world: World) -> None:
    before = assess.run_assessment(app=server_world.app, actor=CLI)
    client, csrf = _officer(server_world)
    page = client.get("/assessment")
    assert page.status_code == 200 and 'id="framework-chart"' in page.text
    answer = client.post(
        f"{CONTROL}/answer", data={"outcome": "fail", "note": "预案三年未修订"}, headers=csrf
    )
    assert answer.status_code == 200, answer.text
    assert "已重新评估：不符合" in answer.text and "预案三年未修订" in answer.text
    (entry,) = identity.audit_entries(app=server_world.app, action="assess.answer")
    assert entry.target == f"control:{CONTROL_KEY}" and entry.actor == "officer_a"
    refused = client.post(f"{CONTROL}/answer", data={"outcome": "maybe"}, headers=csrf)
    assert refused.status_code == 422 and "unknown outcome" in refused.text
    started = client.post("/assessment/run", data={"shown": before.id}, headers=csrf)
    assert started.status_code == 200 and "自查任务" in started.text
    console.join_workers(timeout=120)
    after = assess.latest_snapshot(app=server_world.app)
    assert after.id != before.id and after.overall != before.overall
    assert client.get(f"/assessment/job?shown={before.id}").headers.get("HX-Refresh") == "true"
    overall = client.get("/assessment").text.split('id="overall"')[1].split("</p>")[0]
    assert f"{100 * (after.overall or 0):.0f}%" in overall
    unmet = client.get("/assessment/rows?outcome=fail").text
    met = client.get("/assessment/rows?outcome=pass").text
    assert CONTROL_KEY in unmet and CONTROL_KEY not in met
    risks = client.get("/assessment/risks")
    assert 'id="heat-map"' in risks.text and "勒索攻击" in risks.text


def test_an_attached_file_shows_its_digest_and_downloads(server_world: World) -> None:
    client, csrf = _officer(server_world, assess_evidence_max_bytes=64)
    content = "应急预案 第二版".encode()
    files = {"file": ("../../etc/预案.txt", content)}
    answer = client.post(f"{CONTROL}/evidence", files=files, headers=csrf)
    assert answer.status_code == 200, answer.text
    digest = hashlib.sha256(content).hexdigest()
    evidence = answer.text.split('id="evidence"')[1].split("</table>")[0]
    assert digest[:16] in evidence and ">预案.txt</a>" in evidence and "etc" not in evidence
    download = client.get(f"/assessment/evidence/{digest}")
    assert download.content == content
    assert download.headers["content-disposition"].startswith("attachment")
    too_big = client.post(
        f"{CONTROL}/evidence", files={"file": ("big.bin", b"x" * 65)}, headers=csrf
    )
    assert too_big.status_code == 422 and "larger than" in too_big.text
    assert len(identity.audit_entries(app=server_world.app, action="assess.evidence")) == 1


def test_a_task_is_edited_in_its_row_but_never_verified_by_hand(server_world: World) -> None:
    failed = assess.answer_control(
        app=server_world.app, actor=CLI, control_key=CONTROL_KEY, outcome="fail"
    )
    assert failed.task is not None
    client, csrf = _officer(server_world)
    row = f"/assessment/tasks/{failed.task.id}"
    moved = client.post(
        row, data={"owner": "王工", "due": "2027-01-15", "status": "in_progress"}, headers=csrf
    )
    assert moved.status_code == 200, moved.text
    assert "王工" in moved.text and "2027-01-15" in moved.text and "整改中" in moved.text
    refused = client.post(row, data={"status": "verified"}, headers=csrf)
    assert refused.status_code == 422 and "verified only when its control passes" in refused.text
    assert assess.show_task(app=server_world.app, task_id=int(failed.task.id)).task.owner == "王工"
    assert len(identity.audit_entries(app=server_world.app, action="assess.task")) == 1
    assert "王工" in client.get("/assessment/tasks?status=in_progress").text
    exported = text_of(client.get("/assessment/tasks.xlsx?status=in_progress"))
    assert "整改中" in exported and "王工" in exported and CONTROL_KEY in exported
    assert CONTROL_KEY not in text_of(client.get("/assessment/tasks.xlsx?status=open"))


def test_a_ransomware_drill_report_shows_what_fired_and_the_times(
    server_world: World, tmp_path: Path
) -> None:
    run = drill.run_ransomware_drill(app=server_world.app, actor=CLI, sandbox=tmp_path / "sandbox")
    client, _ = _officer(server_world)
    listed = client.get("/drills").text
    assert f'href="/drills/{run.record.id}"' in listed and "命令行" in listed
    report = client.get(f"/drills/{run.record.id}?lang=en").text
    assert "Ransom Note Created" in report and "Every expected rule fired." in report
    detect_s = run.record.document["time_to_detect_s"]
    assert f"{detect_s:.1f} s" in report.split('id="time-to-detect"')[1].split("</dd>")[0]
