"""Incidents and assessment reports reach the regulator for real: ``indsec incident escalate``
and ``submit_assessment`` post over the platform's one client to a supervision instance served
by uvicorn on a loopback port (no mocks); retries are recognised; the regulator's pages show the
incident by tier with its deadlines and the report with its validity, and hand the PDF back."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import httpx2 as httpx

from indsec.app import AppContext
from indsec.incident import service as incidents
from indsec.model import EnterpriseProfile
from indsec.model.assessment import AssessmentSnapshot, DomainScore
from indsec.model.names import Names
from indsec.supervision import service as supervision
from tests.e2e.conftest import Workspace
from tests.e2e.test_filing_submit import enterprise, server_world
from tests.e2e.test_filing_submit import supervision as served
from tests.identity.world import CLI, USCC_A, World
from tests.server.filings import bearer
from tests.server.reported import REPORT_PDF

__all__ = ["enterprise", "served", "server_world"]


def test_an_escalated_incident_reaches_the_regulator_by_tier(
    served: str, enterprise: Workspace, server_world: World
) -> None:
    code, out, err = enterprise.run(
        "incident",
        "open",
        "--title",
        "勒索软件加密MES",
        "--scenario",
        "ransomware",
        "--set",
        "outage_hours=13",
        "--lang",
        "en",
    )
    assert code == 0 and "major" in out, err
    assert enterprise.run("incident", "report", "1", "--form", "initial")[0] == 0
    code, out, err = enterprise.run("incident", "escalate", "1", "--to", served)
    assert code == 0 and "escalated: incident 1, version 1" in out, err
    code, out, _ = enterprise.run("incident", "escalate", "1", "--to", served)
    assert code == 0 and "already received" in out
    regulator = bearer(server_world, "prov_js")
    page = httpx.get(f"{served}/reported-incidents?lang=en", headers=regulator)
    assert page.status_code == 200 and "勒索软件加密MES" in page.text and "major" in page.text
    outsider = httpx.get(f"{served}/reported-incidents", headers=bearer(server_world, "prov_zj"))
    assert "勒索软件加密MES" not in outsider.text
    from indsec.settings import load_settings

    with AppContext(load_settings()) as app:
        timeline = incidents.show_incident(app=app, incident_id=1).timeline
    assert [e.action for e in timeline][-1] == "escalated"


def _snapshot() -> AssessmentSnapshot:
    now = datetime.now(UTC)
    return AssessmentSnapshot(
        id="annual-2026",
        kind="annual",
        enterprise=EnterpriseProfile(name="企业A", uscc=USCC_A),
        started_at=now - timedelta(minutes=5),
        finished_at=now,
        frameworks={"miit": "2026.1"},
        results=(),
        domains=(
            DomainScore("miit", "backup", Names(zh="备份", en="Backup"), {"pass": 1, "fail": 1}),
        ),
    )


def test_an_assessment_report_reaches_the_regulator_with_its_validity(
    served: str, enterprise: Workspace, server_world: World
) -> None:
    from indsec.settings import load_settings

    summary = supervision.assessment_summary(_snapshot(), datetime.now(UTC).date())
    with AppContext(load_settings()) as app:
        sent = supervision.submit_assessment(
            app=app, actor=CLI, snapshot_json=summary, pdf_path=REPORT_PDF, url=served
        )
        again = supervision.submit_assessment(
            app=app, actor=CLI, snapshot_json=summary, pdf_path=REPORT_PDF, url=served
        )
    assert (sent["created"], again["created"], again["version"]) == (True, False, 1)
    regulator = bearer(server_world, "prov_js")
    page = httpx.get(f"{served}/assessments/{sent['id']}?lang=en", headers=regulator)
    assert page.status_code == 200 and "Valid until" in page.text and "50.0" in page.text
    pdf = httpx.get(f"{served}/assessments/{sent['id']}/report.pdf", headers=regulator)
    assert pdf.content == REPORT_PDF.read_bytes()


def test_the_issued_annual_report_is_submitted_from_the_command_line(
    served: str, enterprise: Workspace, server_world: World
) -> None:
    out = enterprise.root / "report"
    assert enterprise.run("assess", "submit", "-o", str(out), "--to", served)[0] != 0
    assert enterprise.run("assess", "run")[0] == 0
    code, printed, err = enterprise.run("assess", "report", "-o", str(out), "--lang", "en")
    assert code == 0, err
    assert "report.pdf" in printed and "valid until" in printed
    code, printed, err = enterprise.run("assess", "submit", "-o", str(out), "--to", served)
    assert code == 0 and printed.startswith("submitted: version 1"), err
    regulator = bearer(server_world, "prov_js")
    listed = httpx.get(f"{served}/assessments?lang=en", headers=regulator)
    assert listed.status_code == 200 and server_world.tenants["A"].name in listed.text
