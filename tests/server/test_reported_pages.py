"""What enterprises report to the supervision instance besides filings: incident escalations
and assessment reports taken over the API (the officer's token, its own enterprise only,
retries recognised, bad input refused field by field and nothing kept), then shown to the
regulators of the enterprise's region — incidents by tier with their deadlines, overdue first;
assessment reports by validity, one year from first issue — and exported to XLSX."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta
from io import BytesIO
from typing import Any

from fastapi.testclient import TestClient
from openpyxl import load_workbook

from indsec.incident import service as incidents
from indsec.server import create_app
from tests.identity.world import CLI, World
from tests.server.browsing import signed_in
from tests.server.filings import bearer
from tests.server.reported import REPORT_PDF, escalation_of_a, incident_of_a, summary_of_a


def _api(world: World) -> TestClient:
    return TestClient(create_app(world.app.settings, mode="supervision"))


def _send(world: World, document: dict[str, Any], username: str = "officer_a") -> Any:
    return _api(world).post("/api/incidents", json=document, headers=bearer(world, username))


def test_an_escalation_is_kept_once_and_only_from_its_own_officer(server_world: World) -> None:
    document = escalation_of_a(server_world)
    first = _send(server_world, document)
    assert first.status_code == 201, first.text
    assert first.json()["version"] == 1
    again = _send(server_world, {**document, "prepared_at": datetime.now(UTC).isoformat()})
    assert again.status_code == 200 and again.json()["created"] is False
    number = document["incident"]["id"]
    incidents.incident_report(
        app=server_world.app, actor=CLI, incident_id=number, form="initial", lang="zh"
    )
    follow = _send(server_world, escalation_of_a(server_world, number))
    assert (follow.status_code, follow.json()["version"]) == (201, 2), "a report made since"
    assert _send(server_world, document, "officer_b").status_code == 403
    broken = {**document, "tier": {**document["tier"], "rank": -1}}
    assert _send(server_world, broken).status_code == 422
    bad_uscc = {**document, "enterprise": {"uscc": "91320500MA1ABCDE80", "name": "x"}}
    refused = _send(server_world, bad_uscc)
    assert refused.status_code == 422 and "check digit" in refused.text


def test_regulators_see_incidents_overdue_first_in_their_jurisdiction(server_world: World) -> None:
    late = escalation_of_a(server_world, incident_of_a(server_world, title="早发现的事件"))
    for deadline in late["deadlines"]:
        deadline["due"] = (datetime.now(UTC) - timedelta(hours=1)).isoformat()
    late["incident"]["detected_at"] = (datetime.now(UTC) - timedelta(days=3)).isoformat()
    assert _send(server_world, escalation_of_a(server_world)).status_code == 201
    assert _send(server_world, late).status_code == 201
    regulator = signed_in(server_world.app.settings, "prov_js", "supervision")
    page = regulator.get("/reported-incidents?lang=en").text
    assert page.index("早发现的事件") < page.index("勒索软件加密生产数据")
    assert "Overdue by" in page and "general" in page
    assert "企业A" in page  # the registered tenant's name, whatever the sender's profile says
    assert "早发现的事件" not in regulator.get("/reported-incidents?tier=major").text
    outsider = signed_in(server_world.app.settings, "prov_zj", "supervision")
    assert "早发现的事件" not in outsider.get("/reported-incidents").text
    book = load_workbook(BytesIO(regulator.get("/reported-incidents.xlsx?lang=en").content))
    rows = list(book.active.iter_rows(values_only=True))
    assert rows[0][:4] == ("Enterprise", "Unified social credit code", "Region", "Incident")
    assert "早发现的事件" in str(rows[1][3]) and rows[1][8] == "×"
    received = regulator.get("/reported-incidents").text.split('href="/reported-incidents/')[1]
    number = received.split('"')[0]
    detail = regulator.get(f"/reported-incidents/{number}")
    assert detail.status_code == 200 and "Reporting deadlines" in detail.text


def _assessment(world: World, summary: dict[str, Any], pdf: bytes = b"") -> Any:
    return _api(world).post(
        "/api/assessments",
        data={"summary": json.dumps(summary, ensure_ascii=False)},
        files={"report": ("report.pdf", pdf or REPORT_PDF.read_bytes(), "application/pdf")},
        headers=bearer(world, "officer_a"),
    )


def test_an_assessment_report_is_valid_one_year_from_its_first_issue(server_world: World) -> None:
    today = datetime.now(UTC).date()
    summary = summary_of_a(
        server_world, report_id="annual-old", issued_on=today - timedelta(days=370)
    )
    answer = _assessment(server_world, summary)
    assert answer.status_code == 201, answer.text
    assert _assessment(server_world, summary).status_code == 200
    not_pdf = _assessment(server_world, summary_of_a(server_world), b"<html>")
    assert not_pdf.status_code == 422 and "PDF" in not_pdf.text
    regulator = signed_in(server_world.app.settings, "prov_js", "supervision")
    page = regulator.get("/assessments?lang=en").text
    expired = page.split('id="expired"')[1].split("</section>")[0]
    assert "annual-old" in expired
    reissued = {**summary, "issued_on": today.isoformat(), "overall": 0.9}
    assert _assessment(server_world, reissued).json()["version"] == 2
    still = regulator.get("/assessments").text.split('id="expired"')[1].split("</section>")[0]
    assert "annual-old" in still, "re-issuing keeps the first issue date the year runs from"
    fresh = summary_of_a(
        server_world, report_id="annual-new", issued_on=today - timedelta(days=350)
    )
    assert _assessment(server_world, fresh).status_code == 201
    page = regulator.get("/assessments?lang=en").text
    expiring = page.split('id="expiring"')[1].split("</section>")[0]
    assert "annual-new" in expiring and "annual-old" not in page  # the newest report counts
    number = expiring.split('href="/assessments/')[1].split('"')[0]
    pdf = regulator.get(f"/assessments/{number}/report.pdf")
    assert pdf.content == REPORT_PDF.read_bytes()
    assert (
        signed_in(server_world.app.settings, "city_nj", "supervision")
        .get(f"/assessments/{number}")
        .status_code
        == 404
    )


def test_a_received_report_is_valid_on_its_anniversary_and_expired_the_day_after(
    server_world: World,
) -> None:
    from indsec.oversight import service as oversight
    from tests.server.reported import received_assessment

    received_assessment(server_world, report_id="edge", issued_on=date(2025, 3, 10))
    zone = server_world.app.zone

    def state_on(day: date) -> list[str]:
        noon = datetime(day.year, day.month, day.day, 12, tzinfo=zone)
        lists = oversight.assessments_by_validity(app=server_world.app, principal=None, now=noon)
        return [state for state, reports in lists.items() for r in reports if r.report_id == "edge"]

    assert state_on(date(2026, 3, 10)) == ["expiring"]
    assert state_on(date(2026, 3, 11)) == ["expired"]


def test_expired_and_expiring_reports_are_reminded_to_the_enterprise_and_its_regulators(
    server_world: World,
) -> None:
    from indsec.oversight import service as oversight
    from indsec.supervision import service as supervision
    from tests.server.reported import received_assessment
    from tests.supervision.filings import principal

    today = datetime.now(UTC).date()
    received_assessment(server_world, report_id="old", issued_on=today - timedelta(days=400))
    due = oversight.assessment_due_items(app=server_world.app)
    assert [(d.rule, d.overdue) for d in due] == [("assessment.validity", True)]
    report = supervision.remind(app=server_world.app, extra=due)
    assert report.raised >= 3  # officer_a, viewer_a, and A's provincial and city regulators
    for username, told in (("officer_a", True), ("city_sz", True), ("prov_zj", False)):
        found = supervision.my_notifications(
            app=server_world.app, principal=principal(server_world.app, username)
        )
        assert any(n.clock.startswith("assessment:") for n in found) is told, username
    page = signed_in(server_world.app.settings).get("/notifications?lang=en").text
    assert "annual risk assessment report expired on" in page
