"""The regulator's dashboard in Debian's chromium: ECharts draws every chart on a canvas from
the JSON API, the province map is registered from the packaged GeoJSON, the page logs no error,
and the regions table drills down. Screenshots in zh and en go to tests/e2e/screenshots/."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page

from indsec.app import AppContext
from tests.e2e.server import serving
from tests.e2e.test_browser import _environment, _shot, _sign_in, browser
from tests.identity.world import settings_for
from tests.supervision.records import add_supervision_world

__all__ = ["browser"]  # the fixture, shared with the other browser tests


@pytest.fixture
def supervision_url(tmp_path: Path) -> Iterator[str]:
    """A supervision instance on SQLite holding the dashboards' two-province world."""
    environment = _environment(tmp_path)
    app = AppContext(settings_for(environment["INDSEC_DATABASE_URL"], tmp_path))
    add_supervision_world(app)
    app.close()
    with serving("supervision", environment, cwd=tmp_path) as base:
        yield base


def _watch(page: Page) -> list[str]:
    """Every console error, uncaught exception and failed request of ``page``, as it happens."""
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.on("requestfailed", lambda request: problems.append(f"failed: {request.url}"))
    page.on(
        "response",
        lambda answer: (
            problems.append(f"{answer.status}: {answer.url}") if answer.status >= 400 else None
        ),
    )
    return problems


def _drawn(page: Page, map_code: str | None) -> None:
    page.wait_for_selector("#charts[data-drawn=true]", timeout=30_000)
    canvases = page.locator("#charts .chart canvas").count()
    assert canvases == page.locator("#charts .chart").count() >= 2
    if map_code is not None:
        assert page.evaluate(f"echarts.getMap('region-{map_code}') !== undefined")


def test_the_provincial_dashboard_draws_its_charts_and_map(
    browser: Browser, supervision_url: str
) -> None:
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    problems = _watch(page)
    _sign_in(page, supervision_url, "prov_js")
    page.wait_for_url(f"{supervision_url}/dashboard")
    _drawn(page, "320000")
    assert page.locator("h1").inner_text() == "监管驾驶舱 · 江苏省"
    _shot(page, "dashboard-province-zh")
    page.goto(f"{supervision_url}/dashboard?lang=en")
    _drawn(page, "320000")
    _shot(page, "dashboard-province-en")
    page.click("#regions a:text('Suzhou')")
    page.wait_for_url(f"{supervision_url}/dashboard/320500")
    _drawn(page, None)
    # the two-province world's 100 Suzhou enterprises, and the identity world's tenant A
    assert page.locator("#enterprise-rows tbody tr").count() == 101
    _shot(page, "dashboard-city-en")
    assert problems == []


def test_the_national_dashboard_draws_the_country(browser: Browser, supervision_url: str) -> None:
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    problems = _watch(page)
    _sign_in(page, supervision_url, "national")
    page.wait_for_url(f"{supervision_url}/dashboard")
    _drawn(page, "100000")
    _shot(page, "dashboard-country-zh")
    page.goto(f"{supervision_url}/dashboard?lang=en")
    _drawn(page, "100000")
    _shot(page, "dashboard-country-en")
    page.goto(f"{supervision_url}/dashboard/320000/filings?status=submitted")
    _shot(page, "dashboard-filings-en")
    assert problems == []
