"""The officer at a browser examines the enterprise: the self-examination's scores, a control
answered on its page, a new run started from the page moving the overall score, the risk
heat-map, the remediation tasks, and a ransomware drill's report. Screenshots of each page in
Chinese and English go to tests/e2e/screenshots/ (not committed)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page

from indsec.app import AppContext
from indsec.assess import service as assess
from indsec.drill import service as drill
from indsec.model.identity import Actor
from tests.e2e.server import serving
from tests.e2e.test_browser import _environment, _shot, _sign_in, browser
from tests.identity.world import settings_for
from tests.server.tenancy import CONTROL_KEY

__all__ = ["browser"]
CLI = Actor("cli", "test")


@pytest.fixture
def examined_console(tmp_path: Path) -> Iterator[tuple[str, int]]:
    """An enterprise instance with one self-examination and one ransomware drill held."""
    environment = _environment(tmp_path)
    with AppContext(settings_for(environment["INDSEC_DATABASE_URL"], tmp_path)) as app:
        assess.run_assessment(app=app, actor=CLI)
        held = drill.run_ransomware_drill(app=app, actor=CLI, sandbox=tmp_path / "sandbox")
    with serving("enterprise", environment, cwd=tmp_path) as base:
        yield base, held.record.id


def _overall(page: Page) -> str:
    return page.inner_text("#overall .big")


def test_the_officer_answers_a_control_and_reads_the_drill_report(
    browser: Browser, examined_console: tuple[str, int]
) -> None:
    (base, drill_id), page = (
        examined_console,
        browser.new_page(viewport={"width": 1280, "height": 900}),
    )
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    _sign_in(page, base, "officer_a")
    page.wait_for_url(f"{base}/home")
    page.click("nav.areas a[data-area=assessment]")
    page.wait_for_selector("#framework-chart canvas")
    assert problems == [], "the page's htmx attributes parse"
    before = _overall(page)
    _shot(page, "assessment-zh")
    page.goto(f"{base}/assessment/controls/{CONTROL_KEY}")
    page.select_option("form.answer select[name=outcome]", "fail")
    page.fill("form.answer textarea[name=note]", "应急预案三年未修订")
    page.click("form.answer button")
    page.wait_for_selector("#measured")
    assert "应急预案三年未修订" in page.inner_text("#answers")
    _shot(page, "assessment-control-zh")
    page.goto(f"{base}/assessment")
    page.click("section.run button")
    page.wait_for_function(
        "b => document.querySelector('#overall .big').innerText !== b", arg=before, timeout=120_000
    )
    assert _overall(page) != before
    page.goto(f"{base}/assessment/risks")
    assert page.locator("#heat-map td div").count() > 0
    _shot(page, "assessment-risks-zh")
    page.goto(f"{base}/assessment/tasks")
    assert CONTROL_KEY in page.inner_text("#tasks")
    _shot(page, "assessment-tasks-zh")
    page.goto(f"{base}/drills")
    page.click(f"#drills a[href='/drills/{drill_id}']")
    assert (
        "s" in page.inner_text("#time-to-detect") and page.locator("#fired tbody tr").count() >= 3
    )
    _shot(page, "drill-zh")
    english = {
        "assessment": "/assessment",
        "assessment-control": f"/assessment/controls/{CONTROL_KEY}",
        "assessment-risks": "/assessment/risks",
        "assessment-tasks": "/assessment/tasks",
        "drills": "/drills",
        "drill": f"/drills/{drill_id}",
    }
    for name, path in english.items():
        page.goto(f"{base}{path}?lang=en")
        assert page.locator("html").get_attribute("lang") == "en"
        _shot(page, f"{name}-en")
