"""The alerts of the enterprise console: filtered lists (API, page, XLSX export), one alert with
its asset's grade and why and its event fields masked, and triage with a required note, where a
closed alert is final, every step is kept and audited."""

from __future__ import annotations

from io import BytesIO

from fastapi.testclient import TestClient
from openpyxl import load_workbook

from indsec.identity import service as identity
from indsec.model import Grade
from tests.identity.world import World
from tests.server.browsing import csrf_header, signed_in
from tests.server.conftest import add_alerts, sample_alert


def _alerts(world: World) -> dict[str, int]:
    """Two runs: run 1 holds a core personnel alert and a low one on no asset; run 2 an
    important ransomware alert. Names → alert ids."""
    _, first = add_alerts(
        world,
        [
            sample_alert("core export"),
            sample_alert("no asset", severity="low", asset=None),
        ],
    )
    _, second = add_alerts(
        world,
        [
            sample_alert(
                "wipe",
                scenario="ransomware",
                severity="critical",
                asset="员工档案",
                grade=Grade.IMPORTANT,
            )
        ],
    )
    return {"core export": first[0], "no asset": first[1], "wipe": second[0]}


def _ids(client: TestClient, query: str) -> list[int]:
    answer = client.get(f"/api/alerts?{query}")
    assert answer.status_code == 200, answer.text
    return [a["id"] for a in answer.json()["alerts"]]


def _officer(world: World, **settings: object) -> tuple[TestClient, dict[str, str]]:
    client = signed_in(world.app.settings.model_copy(update=settings))
    return client, csrf_header(client, "/alerts")


def test_the_list_filters_by_scenario_severity_grade_state_and_run(server_world: World) -> None:
    ids = _alerts(server_world)
    client, csrf = _officer(server_world)
    assert _ids(client, "") == sorted(ids.values(), reverse=True), "newest first, every run"
    assert _ids(client, "scenario=ransomware") == [ids["wipe"]]
    assert _ids(client, "severity=low") == [ids["no asset"]]
    assert _ids(client, "grade=core") == [ids["core export"]]
    assert _ids(client, "run=1") == [ids["no asset"], ids["core export"]]
    assert _ids(client, "run=1&grade=important") == []
    step = {"state": "acknowledged", "note": "checking with the DBA"}
    assert client.post(f"/api/alerts/{ids['wipe']}/transitions", json=step, headers=csrf).is_success
    assert _ids(client, "state=acknowledged") == [ids["wipe"]]
    assert _ids(client, "state=open") == [ids["no asset"], ids["core export"]]
    assert client.get("/api/alerts?scenario=nonsense").status_code == 404
    assert client.get("/api/alerts?grade=secret").status_code == 422
    rows = client.get("/alerts/rows?grade=core").text
    assert "core export" in rows and "wipe" not in rows and "<html" not in rows


def test_a_drill_s_alerts_are_listed_only_when_its_run_is_asked_for(server_world: World) -> None:
    """A drill's run is kept apart from real monitoring: the list, its rows and its export leave
    its alerts out, as the CLI's ``alerts list`` does, unless that run is filtered for."""
    ids = _alerts(server_world)
    drill_run, (drilled,) = add_alerts(server_world, [sample_alert("drill wipe")], status="drill")
    client, _ = _officer(server_world)
    assert _ids(client, "") == sorted(ids.values(), reverse=True)
    assert "drill wipe" not in client.get("/alerts/rows").text
    assert _ids(client, f"run={drill_run}") == [drilled]


def test_the_list_is_paged(server_world: World) -> None:
    ids = _alerts(server_world)
    client, _ = _officer(server_world, list_page_size=2)
    first = client.get("/api/alerts").json()
    assert (first["total"], first["pages"]) == (3, 2)
    assert [a["id"] for a in first["alerts"]] == [ids["wipe"], ids["no asset"]]
    assert _ids(client, "page=2") == [ids["core export"]]
    page = client.get("/alerts?page=2").text
    assert "第 2 页，共 2 页" in page and "core export" in page and "wipe" not in page


def test_the_export_holds_exactly_the_filtered_list(server_world: World) -> None:
    ids = _alerts(server_world)
    client, _ = _officer(server_world, list_page_size=1)
    answer = client.get("/alerts.xlsx?run=1&lang=en")
    assert answer.status_code == 200
    sheet = load_workbook(BytesIO(answer.content)).active
    assert sheet is not None
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("Alert", "Run", "State")
    assert [r[0] for r in rows[1:]] == _ids(client, "run=1&page=1") + _ids(client, "run=1&page=2")
    assert [r[0] for r in rows[1:]] == [ids["no asset"], ids["core export"]]
    bounded, _ = _officer(server_world, export_max_rows=2)
    refused = bounded.get("/alerts.xlsx")
    assert refused.status_code == 400
    assert refused.json()["detail"] == "3 alerts match, more than 2: narrow the filter"


def test_the_detail_shows_the_asset_grade_and_why_with_sensitive_fields_masked(
    server_world: World,
) -> None:
    ids = _alerts(server_world)
    client, _ = _officer(server_world)
    page = client.get(f"/alerts/{ids['core export']}").text
    assert "工艺参数" in page and "核心数据" in page and "定级依据" in page
    assert "test.rule" in page and "grade core" in page, "the catalogue's grading rationale"
    assert "attack.exfiltration" in page and "core export" in page, "the rule's title and tags"
    assert "zhangsan" not in page and "S3cretPw" not in page and "10.20.30.40" not in page
    assert "-p******" in page and "z******n" in page
    detail = client.get(f"/api/alerts/{ids['core export']}").json()
    assert detail["asset_detail"]["grade"] == "core"
    assert detail["asset_detail"]["rationale"][0]["effect"] == "grade core"
    assert "S3cretPw" not in str(detail["details"])
    assert "该告警未涉及目录中的数据资产" in client.get(f"/alerts/{ids['no asset']}").text
    assert client.get("/alerts/999999").status_code == 404


def test_steps_need_a_note_and_a_closed_alert_is_final(server_world: World) -> None:
    alert = _alerts(server_world)["core export"]
    client, csrf = _officer(server_world)
    url = f"/api/alerts/{alert}/transitions"
    blank = client.post(url, json={"state": "acknowledged", "note": "   "}, headers=csrf)
    assert blank.status_code == 400 and "a note is required" in blank.json()["detail"]
    assert client.post(url, json={"state": "closed"}, headers=csrf).status_code == 422
    page = client.post(f"/alerts/{alert}/state", data={"state": "closed"}, headers=csrf)
    assert page.status_code == 422 and "必须填写说明" in page.text
    assert client.post(url, json={"state": "acknowledged", "note": "seen"}, headers=csrf).is_success
    closed = client.post(
        f"/alerts/{alert}/state", data={"state": "closed", "note": "DBA's backup"}, headers=csrf
    )
    assert (
        closed.status_code == 200 and "已关闭" in closed.text and "DBA&#39;s backup" in closed.text
    )
    again = client.post(url, json={"state": "acknowledged", "note": "again"}, headers=csrf)
    assert again.status_code == 400
    assert again.json()["detail"] == (
        f"alert {alert} is closed; a closed alert cannot be acknowledged again"
    )
    history = client.get(f"/api/alerts/{alert}").json()["history"]
    assert [(h["state"], h["note"], h["actor"]) for h in history] == [
        ("acknowledged", "seen", "officer_a"),
        ("closed", "DBA's backup", "officer_a"),
    ]
    audited = identity.audit_entries(app=server_world.app, limit=10)
    steps = [(e.action, e.target, e.actor) for e in audited if e.action.startswith("alert.")]
    assert steps == [
        ("alert.closed", f"alert:{alert}", "officer_a"),
        ("alert.acknowledged", f"alert:{alert}", "officer_a"),
    ]


def test_only_the_officer_may_triage(server_world: World) -> None:
    alert = _alerts(server_world)["core export"]
    viewer = signed_in(server_world.app.settings, "viewer_a")
    csrf = csrf_header(viewer, "/alerts")
    step = {"state": "closed", "note": "not mine to close"}
    assert viewer.get(f"/alerts/{alert}").status_code == 200
    assert "<textarea" not in viewer.get(f"/alerts/{alert}").text
    assert (
        viewer.post(f"/api/alerts/{alert}/transitions", json=step, headers=csrf).status_code == 403
    )
    assert viewer.post(f"/alerts/{alert}/state", data=step, headers=csrf).status_code == 403
