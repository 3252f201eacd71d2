"""The officer at a browser goes through the console: home, the catalogue, an asset with its
masked examples, a review with its reason, a rescan whose progress the page polls until it
completes, versions and their diff. Screenshots of each page in Chinese and English go to
tests/e2e/screenshots/ (not committed)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser

from indsec.app import AppContext
from indsec.catalogue import service as catalogue
from tests.e2e.server import serving
from tests.e2e.test_browser import _environment, _shot, _sign_in, browser
from tests.identity.world import settings_for
from tests.server.test_console import _plant

__all__ = ["browser"]


@pytest.fixture
def plant_console(tmp_path: Path) -> Iterator[str]:
    """An enterprise instance with a synthetic version and a real scan of a plant database."""
    environment = _environment(tmp_path)
    url, _ = _plant(tmp_path)
    with AppContext(settings_for(environment["INDSEC_DATABASE_URL"], tmp_path)) as app:
        catalogue.scan_sources(app=app, sources=[url])
    with serving("enterprise", environment, cwd=tmp_path) as base:
        yield base


def test_the_officer_goes_through_the_console(browser: Browser, plant_console: str) -> None:
    base, page = plant_console, browser.new_page(viewport={"width": 1280, "height": 900})
    _sign_in(page, base, "officer_a")
    page.wait_for_url(f"{base}/home")
    assert "级别分布" in page.inner_text("main")
    _shot(page, "console-home-zh")
    page.goto(f"{base}/catalogue")
    page.fill("input[name=q]", "employees")
    page.wait_for_function("document.querySelectorAll('#rows tr').length === 1")
    _shot(page, "console-catalogue-zh")
    page.click("#rows a")
    page.wait_for_selector("table.labels code")
    asset = page.url
    assert "*" in page.inner_text("table.labels code")
    page.select_option("form.review select[name=grade]", "core")
    page.fill("textarea[name=reason]", "含全部员工身份证号")
    page.click("form.review button")
    page.wait_for_selector("dd.grade-core")
    _shot(page, "console-asset-zh")
    page.goto(f"{base}/runs")
    page.click("section.rescan button")
    page.wait_for_selector(".job-complete", timeout=120_000)
    _shot(page, "console-runs-zh")
    page.goto(f"{base}/catalogue/versions")
    _shot(page, "console-versions-zh")
    page.goto(f"{base}/catalogue/diff?before=1&after=3")
    assert "新增" in page.inner_text("main")
    _shot(page, "console-diff-zh")
    english = {
        "home": f"{base}/home?lang=en",
        "catalogue": f"{base}/catalogue?lang=en",
        "asset": f"{asset}?lang=en",
        "runs": f"{base}/runs?lang=en",
        "versions": f"{base}/catalogue/versions?lang=en",
        "diff": f"{base}/catalogue/diff?before=1&after=3&lang=en",
    }
    for name, url in english.items():
        page.goto(url)
        assert page.locator("html").get_attribute("lang") == "en"
        _shot(page, f"console-{name}-en")
