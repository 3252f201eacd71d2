"""The self-examination pages: controls with their outcomes, answered and given evidence in
place (CSRF, audited), the remediation tasks and their XLSX export, in zh-CN and English."""

from __future__ import annotations

from io import BytesIO

from openpyxl import load_workbook

from indsec.assess import service as assess
from indsec.identity import service as identity
from tests.identity.world import CLI, World
from tests.server.browsing import csrf_header, signed_in


def test_the_page_lists_controls_before_any_run_in_both_languages(server_world: World) -> None:
    client = signed_in(server_world.app.settings)
    page = client.get("/assessment")
    assert page.status_code == 200
    assert "风险自查" in page.text and "明确数据安全负责人" in page.text
    assert "尚未开展自查" in page.text and 'hx-post="/assessment/answer"' in page.text
    english = client.get("/assessment?lang=en").text
    assert "a data security officer is named" in english and "Not assessed" in english


def test_an_answer_in_place_moves_the_task_and_is_audited(server_world: World) -> None:
    client = signed_in(server_world.app.settings)
    headers = csrf_header(client, "/assessment")
    refused = client.post(
        "/assessment/answer", data={"control": "t_obl.officer", "outcome": "fail"}
    )
    assert refused.status_code == 403, "no CSRF token, no write"
    before = identity.audit_count(app=server_world.app)
    failed = client.post(
        "/assessment/answer",
        data={"control": "t_obl.officer", "outcome": "fail", "note": "未任命"},
        headers=headers,
    )
    assert (
        failed.status_code == 200 and "<td>不符合</td>" in failed.text and "待整改" in failed.text
    )
    assert 'id="control-t_obl-officer"' in failed.text
    assert identity.audit_count(app=server_world.app) == before + 1
    tasks = client.get("/assessment/tasks").text
    assert "t_obl.officer" in tasks and "待整改" in tasks
    proof = client.post(
        "/assessment/evidence",
        data={"control": "t_obl.officer", "expires": "2099-12-31"},
        files={"file": ("任命书.pdf", b"%PDF officer", "application/pdf")},
        headers=headers,
    )
    assert proof.status_code == 200 and "SHA-256" in proof.text
    passed = client.post(
        "/assessment/answer",
        data={"control": "t_obl.officer", "outcome": "pass"},
        headers=headers,
    )
    assert "已验证关闭" in passed.text
    book = load_workbook(BytesIO(client.get("/assessment/tasks.xlsx").content), read_only=True)
    rows = [r for r in book.worksheets[0].iter_rows(values_only=True)]
    assert rows[0][:2] == ("任务", "控制项") and rows[1][1] == "t_obl.officer"
    assert rows[1][5] == "已验证关闭"


def test_a_refused_answer_says_why_in_the_row(server_world: World) -> None:
    client = signed_in(server_world.app.settings)
    headers = csrf_header(client, "/assessment")
    answer = client.post(
        "/assessment/answer", data={"control": "t_obl.nope", "outcome": "pass"}, headers=headers
    )
    assert answer.status_code == 422 and "unknown control" in answer.text
    late = client.post(
        "/assessment/evidence",
        data={"control": "t_obl.officer", "expires": "2000-01-01"},
        files={"file": ("old.pdf", b"x", "application/pdf")},
        headers=headers,
    )
    assert late.status_code == 422 and "not in the future" in late.text


def test_the_page_shows_the_newest_run_by_domain(server_world: World) -> None:
    assess.answer_control(
        app=server_world.app, actor=CLI, control_key="t_obl.officer", outcome="pass"
    )
    assess.run_assessment(app=server_world.app, actor=CLI)
    page = signed_in(server_world.app.settings).get("/assessment?lang=en").text
    assert "Overall score" in page and "organisation" in page and "100%" in page


def test_a_regulator_reads_without_forms(server_world: World) -> None:
    page = signed_in(server_world.app.settings, "city_sz", home="/home").get("/assessment")
    assert page.status_code == 200 and 'hx-post="/assessment/answer"' not in page.text
