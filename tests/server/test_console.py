"""The enterprise console as its officer meets it: home, filtered catalogue, asset page with
masked examples only, audited reviews, version diff, runs, and rescans in the background."""

from __future__ import annotations

import re
import sqlite3
import threading
import time
from datetime import UTC, datetime
from io import BytesIO
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from openpyxl import load_workbook

from indsec.catalogue import service as catalogue
from indsec.catalogue.repository import COMPLETE, CatalogueRepository
from indsec.classify.recognize.validators import gb11643_check_character
from indsec.console import service as console
from indsec.console.jobs import JobRepository
from indsec.console.worker import start_worker
from indsec.detect.repository import AlertRepository
from indsec.identity import service as identity
from indsec.model import FieldLabel, FieldResult, Grade, Progress
from indsec.model.alert import Alert, AssetContext
from indsec.model.identity import TokenScope
from indsec.server import create_app
from indsec.store.tables import FilingRow, JobRow
from tests.catalogue.conftest import make_asset
from tests.identity.world import PASSWORD, World, issue
from tests.server.test_pages import _signed_in

KEY = "sqlite:///plant.db::员工档案"


def _ids(count: int) -> list[str]:
    """Valid resident ID numbers (GB 11643), distinct, born 1980-1999 in Beijing."""
    bodies = [f"110105{1980 + i % 20}0{1 + i % 9}1{i % 10}{100 + i:03d}" for i in range(count)]
    return [body + gb11643_check_character(body) for body in bodies]


def _plant(tmp_path: Path) -> tuple[str, list[str]]:
    """A SQLite source whose table holds resident IDs: its URL and the raw values."""
    path = tmp_path / "plant.sqlite"
    raw = _ids(30)
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE employees (id INTEGER PRIMARY KEY, sfzh TEXT, dept TEXT)")
        db.executemany(
            "INSERT INTO employees (sfzh, dept) VALUES (?, ?)", [(r, "车间") for r in raw]
        )
    return f"sqlite:///{path}", raw


def _version(world: World, *assets: Any) -> int:
    repository = CatalogueRepository(world.app.store())
    number = repository.begin_version(trigger="scan", sources=["s"], rule_packs={}, profile={})
    repository.add_assets(number, list(assets))
    repository.finish_version(number, status=COMPLETE, report={})
    return number


def _writer(world: World) -> TestClient:
    """The officer's API client with a writing token (no CSRF needed with a bearer token)."""
    issued = issue(world.app, "officer_a", TokenScope.READ, TokenScope.WRITE)
    client = TestClient(create_app(world.app.settings))
    client.headers["Authorization"] = f"Bearer {issued.secret}"
    return client


def _csrf(client: TestClient) -> dict[str, str]:
    page = client.get("/home").text
    return {"X-CSRF-Token": page.split('"X-CSRF-Token": "')[1].split('"')[0]}


def _finished(client: TestClient, job_id: int) -> dict[str, Any]:
    """Poll the job until it ends (bounded; nothing here asserts on how long it took)."""
    for _ in range(600):
        job: dict[str, Any] = client.get(f"/api/rescan/{job_id}").json()
        if job["status"] != "running":
            return job
        time.sleep(0.1)
    raise AssertionError(f"job {job_id} still running: {job}")


def test_filters_page_and_export(server_world: World) -> None:
    suspect = make_asset("人员名单", Grade.GENERAL, category="management.other", source="file:///x")
    suspect.fields.append(
        FieldResult(name="shenfenzheng", suspicions=[FieldLabel(label="cn.name", confidence=0.3)])
    )
    _version(
        server_world,
        make_asset("员工档案", Grade.IMPORTANT),
        make_asset("工艺参数", Grade.CORE),
        suspect,
    )
    client = _signed_in(server_world)
    cases = {
        "grade=core": {"工艺参数"},
        "category=management.other": {"人员名单"},
        "source=file:///x": {"人员名单"},
        "label=cn.resident_id": {"员工档案", "工艺参数", "人员名单"},
        "review=1": {"人员名单"},
        "q=工艺": {"工艺参数"},
        "grade=core&q=员工": set(),
    }
    names = {"员工档案", "工艺参数", "人员名单"}
    for filters, expected in cases.items():
        rows = client.get(f"/catalogue/rows?{filters}").text
        assert {n for n in names if n in rows} == expected, filters
    workbook = load_workbook(BytesIO(client.get("/catalogue/export.xlsx?grade=core").content))
    assert [row[1] for row in workbook.active.iter_rows(min_row=2, values_only=True)] == [
        "工艺参数"
    ]


def test_the_list_is_paged(server_world: World) -> None:
    _version(server_world, *(make_asset(f"表{i:02d}", Grade.GENERAL) for i in range(5)))
    settings = server_world.app.settings.model_copy(update={"list_page_size": 2})
    client = TestClient(create_app(settings))
    csrf = {"X-CSRF-Token": client.get("/api/csrf").json()["csrf_token"]}
    client.post("/api/session", json={"username": "officer_a", "password": PASSWORD}, headers=csrf)
    first, last = client.get("/catalogue/rows").text, client.get("/catalogue/rows?page=3").text
    assert (
        "表00" in first and "表01" in first and "表02" not in first and "第 1 页，共 3 页" in first
    )
    assert "表04" in last and "表03" not in last and "下一页" not in last
    assert "表04" in client.get("/catalogue/rows?page=99").text, "a page past the end: the last"


def test_the_asset_page_shows_masked_examples_and_never_a_raw_value(
    server_world: World, tmp_path: Path
) -> None:
    url, raw = _plant(tmp_path)
    catalogue.scan_sources(app=server_world.app, sources=[url])
    _, assets = catalogue.catalogue_view(app=server_world.app)
    (asset,) = [a for a in assets if a.name == "employees"]
    client = _signed_in(server_world)
    page = client.get(f"/catalogue/assets/{asset.key}")
    assert page.status_code == 200 and "cn.resident_id" in page.text
    examples = [e for f in asset.fields for lab in f.labels for e in lab.masked_examples]
    assert examples and all(e in page.text for e in examples)
    assert not [value for value in raw if value in page.text]
    assert "*" in examples[0]


def test_an_override_with_a_reason_changes_the_grade_and_is_audited(server_world: World) -> None:
    client = _signed_in(server_world)
    csrf = _csrf(client)
    before = identity.audit_count(app=server_world.app)
    refused = client.post(
        f"/catalogue/assets/{KEY}", data={"grade": "core", "reason": " "}, headers=csrf
    )
    assert refused.status_code == 422 and "原因" in refused.text
    assert identity.audit_count(app=server_world.app) == before
    answer = client.post(
        f"/catalogue/assets/{KEY}", data={"grade": "core", "reason": "工资数据汇总"}, headers=csrf
    )
    assert answer.status_code == 200 and answer.headers["HX-Refresh"] == "true"
    _, assets = catalogue.catalogue_view(app=server_world.app)
    (asset,) = [a for a in assets if a.key == KEY]
    assert asset.grade is Grade.CORE and asset.computed_grade is Grade.IMPORTANT
    (entry,) = identity.audit_entries(app=server_world.app, limit=1, action="catalogue.review")
    assert (entry.actor, entry.target, entry.detail["reason"]) == (
        "officer_a",
        f"asset:{KEY}",
        "工资数据汇总",
    )
    assert "工资数据汇总" in client.get(f"/catalogue/assets/{KEY}").text


def test_a_viewer_may_not_review(server_world: World) -> None:
    client = _signed_in(server_world, "viewer_a")
    answer = client.post(
        f"/catalogue/assets/{KEY}", data={"grade": "core", "reason": "x"}, headers=_csrf(client)
    )
    assert answer.status_code == 403


def test_the_diff_shows_added_removed_and_regraded(server_world: World) -> None:
    _version(server_world, make_asset("员工档案", Grade.CORE), make_asset("新表", Grade.IMPORTANT))
    page = _signed_in(server_world).get("/catalogue/diff?before=1&after=2").text
    rows = re.findall(r'<tr class="change-(\w+)"><td>([^<]+)</td>', page)
    assert sorted(rows) == [
        ("added", "sqlite:///plant.db::新表"),
        ("grade", "sqlite:///plant.db::员工档案"),
        ("removed", "sqlite:///plant.db::工艺参数"),
    ]
    assert "新增: 1 · 删除: 1 · 定级变化: 1 · 分类变化: 0" in page


def test_home_counts_link_to_their_lists(server_world: World) -> None:
    client = _signed_in(server_world)
    page = client.get("/home").text
    assert '<a href="/catalogue?grade=core">1</a>' in page
    assert '<a href="/catalogue?grade=important">1</a>' in page
    assert "尚未备案" in page


def test_a_rescan_runs_in_the_background_and_reports_completion(
    server_world: World, tmp_path: Path
) -> None:
    url, _ = _plant(tmp_path)
    first = catalogue.scan_sources(app=server_world.app, sources=[url])
    client = _writer(server_world)
    started = client.post("/api/rescan")
    assert started.status_code == 202 and started.json()["status"] == "running"
    job = _finished(client, started.json()["id"])
    assert job["status"] == "complete" and job["error"] == "", job["error"]
    assert job["result"]["version"] == first.version + 1 and job["steps"] >= 1
    assert catalogue.catalogue_summary(app=server_world.app).version.number == first.version + 1
    (entry,) = identity.audit_entries(app=server_world.app, limit=1, action="catalogue.rescan")
    assert entry.target == f"job:{job['id']}"
    runs = _signed_in(server_world).get("/runs").text
    assert f"scan-{first.version + 1}" in runs


def test_a_failed_rescan_says_why(server_world: World) -> None:
    client = _writer(server_world)
    job = _finished(client, client.post("/api/rescan").json()["id"])
    assert job["status"] == "failed" and "no source could be scanned" in job["error"]
    panel = _signed_in(server_world).get("/runs/job").text
    assert 'role="alert"' in panel and "no source could be scanned" in panel


def test_one_rescan_at_a_time(server_world: World) -> None:
    JobRepository(server_world.app.store()).claim(
        "rescan", requested_by="other", audit=lambda _session, _id: None
    )
    answer = _writer(server_world).post("/api/rescan")
    assert answer.status_code == 409 and "already running" in answer.json()["detail"]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_console_page_renders(server_world: World, lang: str) -> None:
    client = _signed_in(server_world)
    for path in [
        "/home",
        "/catalogue",
        f"/catalogue/assets/{KEY}",
        "/catalogue/versions",
        "/catalogue/diff",
        "/runs",
    ]:
        answer = client.get(f"{path}?lang={lang}")
        assert answer.status_code == 200, path


def test_home_shows_the_last_scans_problems_per_source(server_world: World, tmp_path: Path) -> None:
    url, _ = _plant(tmp_path)
    missing = f"sqlite:///{tmp_path / 'gone' / 'missing.db'}"
    catalogue.scan_sources(app=server_world.app, sources=[url, missing])
    home = console.home(app=server_world.app, uscc=server_world.tenants["A"].uscc)
    problems = {p.source: (len(p.failures), len(p.warnings)) for p in home.problems}
    assert problems[url] == (0, 0) and problems[missing][0] == 1
    page = _signed_in(server_world).get("/home?lang=en").text
    assert missing in page and "/runs#scan-2" in page


def test_the_worker_reports_progress_while_the_server_answers(server_world: World) -> None:
    """A job whose work is held mid-way: its progress line is polled while other pages are
    served, and it completes once released."""
    jobs = JobRepository(server_world.app.store())
    job = jobs.claim("rescan", requested_by="officer_a", audit=lambda _session, _id: None)
    release = threading.Event()

    def work(progress: Progress) -> dict[str, object]:
        progress("table employees")
        release.wait(timeout=120)
        return {"version": 7}

    start_worker(jobs, job.id, work)
    client = _writer(server_world)
    for _ in range(600):
        polled = client.get(f"/api/rescan/{job.id}").json()
        if polled["message"]:
            break
        time.sleep(0.1)
    assert (polled["status"], polled["message"], polled["steps"]) == (
        "running",
        "table employees",
        1,
    )
    assert client.get("/home").status_code == 200
    assert client.post("/api/rescan").status_code == 409
    release.set()
    assert _finished(client, job.id)["result"] == {"version": 7}


def test_a_job_whose_process_died_is_failed_and_frees_the_slot(server_world: World) -> None:
    jobs = JobRepository(server_world.app.store())
    job = jobs.claim("rescan", requested_by="officer_a", audit=lambda _session, _id: None)
    with server_world.app.store().session() as session:
        row = session.get(JobRow, job.id)
        assert row is not None
        row.pid = 2**22 + 1  # above Linux's pid_max: no such process
    client = _writer(server_world)
    started = client.post("/api/rescan")
    assert started.status_code == 202
    assert "abandoned" in jobs.job(job.id).error and jobs.job(job.id).status == "failed"
    _finished(client, started.json()["id"])


def _detection_run(world: World) -> int:
    """A complete detection run (as ``indsec detect run`` stores one): two alerts on a core
    asset, one on an important one, one on no catalogue asset."""
    repository = AlertRepository(world.app.store())
    run = repository.begin_run(sources=["/var/log/plant.log"], catalogue_version=1)

    def alert(scenario: str, grade: Grade | None) -> Alert:
        asset = None
        if grade is not None:
            asset = AssetContext(key="k", name="n", grade=grade, category="c", matched_on="path")
        return Alert(
            rule_id="r",
            rule_title="t",
            level="high",
            severity="high",
            scenario=scenario,
            asset=asset,
        )

    alerts = [alert("data_leak", Grade.CORE), alert("data_leak", Grade.CORE)]
    alerts += [alert("ransomware", Grade.IMPORTANT), alert("ransomware", None)]
    repository.add_alerts(run, alerts)
    repository.finish_run(run, status="complete", report={"events": 40, "warnings": []})
    return run


def test_home_counts_alerts_on_graded_assets_and_runs_lists_the_run(server_world: World) -> None:
    run = _detection_run(server_world)
    client = _signed_in(server_world)
    home = client.get("/home").text
    assert '<a href="/alerts?scenario=data_leak&amp;grade=core">2</a>' in home
    assert '<a href="/alerts?scenario=ransomware&amp;grade=important">1</a>' in home
    assert "scenario=ransomware&amp;grade=general" not in home, "the alert on no asset"
    runs = client.get("/runs").text
    row = runs.split(f'<tr id="run-{run}">')[1].split("</tr>")[0]
    assert "/var/log/plant.log" in row and "<td>40</td><td>4</td>" in row


def test_home_lists_what_changed_since_the_last_filing(server_world: World) -> None:
    now = datetime.now(UTC)
    with server_world.app.store().session() as session:
        session.add(
            FilingRow(
                uscc=server_world.tenants["A"].uscc,
                enterprise_name="企业A",
                region_code="320500",
                industry_code=None,
                version=99,  # newer than the world's own filings of tenant A
                digest="0" * 64,
                status="accepted",
                catalogue_version=1,
                important_count=1,
                core_count=1,
                scale={},
                document={},
                submitted_at=now,
                review_due=now.date(),
                status_at=now,
                is_current=True,
            )
        )
    _version(
        server_world,
        make_asset("员工档案", Grade.IMPORTANT),  # unchanged
        make_asset("工艺参数", Grade.CORE, rows=1000),  # ten times the rows: re-file
        make_asset("日志", Grade.GENERAL),  # a general asset is never filed
    )
    home = console.home(app=server_world.app, uscc=server_world.tenants["A"].uscc)
    assert home.filing.filed == 1
    assert [(c.key, c.change.value) for c in home.filing.changes] == [
        ("sqlite:///plant.db::工艺参数", "scale")
    ]
    page = _signed_in(server_world).get("/home").text
    assert '<a href="/catalogue/diff?before=1&amp;after=2">1 项变更需要重新备案</a>' in page


def test_the_api_pages_and_filters_with_totals_and_reviewed_grades(server_world: World) -> None:
    _version(server_world, *(make_asset(f"表{i:02d}", Grade.GENERAL) for i in range(7)))
    catalogue.review_asset(
        app=server_world.app, asset="表05", grade="core", category=None, reason="plant says so"
    )
    client = _writer(server_world)
    first = client.get("/api/catalogue?size=3").json()
    assert (first["total"], first["page"], first["pages"], first["size"]) == (7, 1, 3, 3)
    assert [a["name"] for a in first["assets"]] == ["表00", "表01", "表02"]
    assert set(first["assets"][0]) == {"source", "name", "kind", "category", "grade", "rows"}
    last = client.get("/api/catalogue?size=3&page=9").json()
    assert (last["page"], [a["name"] for a in last["assets"]]) == (3, ["表06"])
    core = client.get("/api/catalogue?grade=core").json()
    assert (core["total"], [(a["name"], a["grade"]) for a in core["assets"]]) == (
        1,
        [("表05", "core")],
    )
    assert client.get("/api/catalogue?grade=general").json()["total"] == 6
    assert client.get("/api/catalogue?size=1001").status_code == 422
    page = _signed_in(server_world).get("/catalogue/rows?grade=core").text
    assert "表05" in page and "表04" not in page and "1 项数据符合条件" in page


def test_both_job_panels_poll_while_running_then_say_what_the_job_gave(
    server_world: World,
) -> None:
    """The rescan's and the self-examination's panels share one status box: polled (at their
    own address) while the job runs, then its outcome and no more polling."""
    jobs = JobRepository(server_world.app.store())
    client = _signed_in(server_world)
    for kind, panel, polled, done in (
        ("rescan", "/runs/job", 'hx-get="/runs/job"', "New catalogue version 7"),
        ("assessment", "/assessment/job", 'hx-get="/assessment/job?shown=-"', "Stored as run 7"),
    ):
        job = jobs.claim(kind, requested_by="officer_a", audit=lambda _session, _id: None)
        running = client.get(f"{panel}?lang=en").text
        assert polled in running and "<progress" in running and "by officer_a" in running
        jobs.finish(job.id, status="complete", result={"version": 7, "assessment": 7})
        complete = client.get(f"{panel}?lang=en").text
        assert "job-complete" in complete and done in complete and "hx-get" not in complete
