"""An incident in a browser (Debian's chromium, headless): the officer opens an incident from
a ransomware alert, classifies it with the facts form (an outage of 13 hours makes it major),
records the initial report and escalates it to a served supervision instance, where the
provincial regulator sees it by tier with its deadlines. Screenshots of each page in both
languages go to tests/e2e/screenshots/ (not committed)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from playwright.sync_api import Browser

from indsec.app import AppContext
from indsec.settings import Settings
from indsec.supervision import service as supervision
from tests.e2e.server import serving
from tests.e2e.test_browser import _environment, _shot, _sign_in, browser
from tests.e2e.test_filing_browser import _officer_token
from tests.e2e.test_incident_escalation import _snapshot
from tests.identity.world import CLI, World, settings_for
from tests.server.conftest import add_alerts, sample_alert
from tests.server.reported import REPORT_PDF

__all__ = ["browser"]


def _console_environment(
    tmp_path: Path, supervision_env: dict[str, str], base: str
) -> dict[str, str]:
    environment = _environment(tmp_path)
    app = AppContext(settings_for(environment["INDSEC_DATABASE_URL"], tmp_path))
    add_alerts(World(app), [sample_alert("Mass encryption of recipe files", scenario="ransomware")])
    app.close()
    return {
        **environment,
        "INDSEC_SUPERVISION_URL": base,
        "INDSEC_SUPERVISION_TOKEN": _officer_token(supervision_env),
    }


def test_open_classify_escalate_and_the_regulator_sees_it(browser: Browser, tmp_path: Path) -> None:
    (tmp_path / "s").mkdir()
    (tmp_path / "e").mkdir()
    supervision_env = _environment(tmp_path / "s")
    with serving("supervision", supervision_env, cwd=tmp_path / "s") as regulator_base:
        console_env = _console_environment(tmp_path / "e", supervision_env, regulator_base)
        with serving("enterprise", console_env, cwd=tmp_path / "e") as console_base:
            officer = browser.new_page()
            _sign_in(officer, console_base, "officer_a")
            officer.wait_for_url(f"{console_base}/home")
            officer.goto(f"{console_base}/alerts/1")
            officer.click("#open-incident")
            officer.wait_for_url(f"{console_base}/incidents/1")
            assert "Mass encryption of recipe files" in officer.locator("h1").inner_text()
            officer.fill("input[name=ransom_currency]", "bitcoin")  # Facts' pattern refuses it
            officer.check("input[name=ransom_demanded]")
            officer.click("#save-facts")
            officer.wait_for_selector("#message p.error")
            assert "ransom.currency" in officer.locator("#message").inner_text()
            _shot(officer, "incident-refused-zh")
            officer.fill("input[name=outage_hours]", "13")
            officer.fill("input[name=ransom_amount]", "2.5")
            officer.fill("input[name=ransom_currency]", "BTC")
            officer.fill("textarea[name=cause]", "钓鱼邮件植入勒索软件")
            officer.click("#save-facts")
            officer.wait_for_function("document.querySelector('#tier').innerText === '重大'")
            officer.click("#deadlines button >> nth=0")
            officer.wait_for_function(  # on time or late: the report is recorded either way
                "['按时报送', '逾期报送'].some("
                "s => document.querySelector('#deadlines').innerText.includes(s))"
            )
            officer.click("#escalate")
            officer.wait_for_selector("#escalated p.ok")
            assert "第 1 版" in officer.locator("#escalated").inner_text()
            _shot(officer, "incident-zh")
            officer.goto(f"{console_base}/incidents/1?lang=en")
            _shot(officer, "incident-en")
            officer.goto(f"{console_base}/incidents?lang=en")
            assert "major" in officer.locator("table.incidents").inner_text()
            _shot(officer, "incidents-en")
            officer.goto(f"{console_base}/incidents?lang=zh")
            _shot(officer, "incidents-zh")

            regulator = browser.new_page()
            _sign_in(regulator, regulator_base, "prov_js")
            regulator.wait_for_url(f"{regulator_base}/dashboard")
            regulator.goto(f"{regulator_base}/reported-incidents")
            listed = regulator.locator("table.incidents").inner_text()
            assert "Mass encryption of recipe files" in listed and "重大" in listed
            _shot(regulator, "reported-incidents-zh")
            regulator.click("table.incidents a")
            regulator.wait_for_selector("table.deadlines")
            assert "钓鱼邮件植入勒索软件" in regulator.locator("main").inner_text()
            _shot(regulator, "reported-incident-zh")
            regulator.goto(regulator.url + "?lang=en")
            _shot(regulator, "reported-incident-en")
            regulator.goto(f"{regulator_base}/reported-incidents?lang=en")
            assert "major" in regulator.locator("table.incidents").inner_text()
            _shot(regulator, "reported-incidents-en")

            _send_assessment(console_env)
            regulator.goto(f"{regulator_base}/assessments?lang=en")
            assert "annual-2026" in regulator.locator("#valid").inner_text()
            _shot(regulator, "assessments-en")
            regulator.click("#valid a")
            regulator.wait_for_selector("#pdf")
            _shot(regulator, "assessment-en")
            regulator.goto(regulator.url + "?lang=zh")
            _shot(regulator, "assessment-zh")
            regulator.goto(f"{regulator_base}/assessments?lang=zh")
            _shot(regulator, "assessments-zh")


def _send_assessment(environment: dict[str, str]) -> None:
    """The enterprise sends its annual report (summary and PDF) with the console's settings."""
    settings = Settings.model_validate(
        {
            "database_url": environment["INDSEC_DATABASE_URL"],
            "home": environment["INDSEC_HOME"],
            "config": environment["INDSEC_CONFIG"],
            "supervision_url": environment["INDSEC_SUPERVISION_URL"],
            "supervision_token": environment["INDSEC_SUPERVISION_TOKEN"],
        }
    )
    with AppContext(settings) as app:
        summary = supervision.assessment_summary(_snapshot(), datetime.now(UTC).date())
        sent = supervision.submit_assessment(
            app=app, actor=CLI, snapshot_json=summary, pdf_path=REPORT_PDF
        )
    assert sent["created"]
