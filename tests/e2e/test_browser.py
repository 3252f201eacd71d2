"""A person at a browser: Debian's chromium (headless, by Playwright) signs in as the
enterprise's officer, sees the catalogue in Chinese, filters it by grade through htmx, switches
to English and signs out; a city regulator sees the registry of its jurisdiction. Screenshots
go to tests/e2e/screenshots/ (not committed)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page

from indsec.supervision import service as supervision
from tests.conftest import REPO
from tests.e2e.server import serving
from tests.identity.world import PASSWORD, build_world, settings_for
from tests.server.conftest import add_catalogue_version, add_registry
from tests.supervision.files import registry_csv

SCREENSHOTS = REPO / "tests" / "e2e" / "screenshots"


@pytest.fixture
def browser(chromium: Browser) -> Iterator[Browser]:
    """The worker's chromium (launched once, see conftest); the pages a test opens each have
    their own context (no shared cookies), and all are closed when the test ends."""
    yield chromium
    for context in chromium.contexts:
        context.close()


def _environment(tmp_path: Path) -> dict[str, str]:
    """A platform on SQLite: the test world's tenants and users, and a catalogue version."""
    environment = {
        "INDSEC_DATABASE_URL": f"sqlite:///{tmp_path / 'platform.db'}",
        "INDSEC_HOME": str(tmp_path / ".indsec"),
        "INDSEC_CONFIG": str(tmp_path / "indsec.toml"),
        "INDSEC_ARGON2_TIME_COST": "1",
        "INDSEC_ARGON2_MEMORY_KIB": "64",
    }
    world = build_world(settings_for(environment["INDSEC_DATABASE_URL"], tmp_path))
    add_catalogue_version(world)
    add_registry(world)
    world.app.close()
    return environment


@pytest.fixture
def console_url(tmp_path: Path) -> Iterator[str]:
    """An enterprise instance serving tenant A."""
    with serving("enterprise", _environment(tmp_path), cwd=tmp_path) as base:
        yield base


@pytest.fixture
def supervision_url(tmp_path: Path) -> Iterator[str]:
    with serving("supervision", _environment(tmp_path), cwd=tmp_path) as base:
        yield base


def _sign_in(page: Page, base: str, username: str) -> None:
    page.goto(f"{base}/login")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")


def _shot(page: Page, name: str) -> None:
    """``name``.png in the shared screenshots folder, written beside its name and moved in place:
    the suite's parallel workers (pytest-xdist) never leave a torn picture there."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    partial = SCREENSHOTS / f".{name}.{os.getpid()}.png"
    partial.write_bytes(page.screenshot(full_page=True))
    partial.replace(SCREENSHOTS / f"{name}.png")


def test_the_officer_signs_in_and_reads_the_catalogue(browser: Browser, console_url: str) -> None:
    page = browser.new_page()
    page.goto(f"{console_url}/catalogue")
    page.wait_for_url(f"{console_url}/login")
    _shot(page, "login-zh")
    _sign_in(page, console_url, "officer_a")
    page.wait_for_url(f"{console_url}/home")
    page.goto(f"{console_url}/catalogue")
    assert page.evaluate("typeof htmx") == "object", "htmx is served from the package"
    assert page.locator("h1").inner_text() == "数据目录"
    assert page.locator("#rows tr").count() == 2
    _shot(page, "catalogue-zh")

    page.select_option("select[name=grade]", "core")
    page.wait_for_function("document.querySelectorAll('#rows tr').length === 1")
    assert "工艺参数" in page.locator("#rows").inner_text()
    assert "员工档案" not in page.locator("#rows").inner_text()

    page.goto(f"{console_url}/catalogue?lang=en")
    assert page.locator("h1").inner_text() == "Data catalogue"
    assert "Core" in page.locator("#rows").inner_text()
    _shot(page, "catalogue-en")

    page.click("#logout")
    page.wait_for_url(f"{console_url}/login")
    page.goto(f"{console_url}/catalogue")
    page.wait_for_url(f"{console_url}/login")


def test_a_city_regulator_sees_its_registry(browser: Browser, supervision_url: str) -> None:
    page = browser.new_page()
    _sign_in(page, supervision_url, "city_sz")
    page.wait_for_url(f"{supervision_url}/dashboard")
    page.goto(f"{supervision_url}/registry")
    assert page.locator("h1").inner_text() == "企业名录"
    listed = page.locator("#registry-list tbody")
    assert listed.locator("tr").count() == 1 and "苏州市" in listed.inner_text()
    page.goto(f"{supervision_url}/registry?lang=en")
    assert "Suzhou" in page.locator("#registry-list tbody").inner_text()


def test_a_provincial_regulator_imports_a_registry_with_bad_rows(
    browser: Browser, supervision_url: str, tmp_path: Path
) -> None:
    """The province's registry uploaded through the page: counts and the bad rows' table come
    back in place, the list filters by city through htmx, the top-10 % set shows who filed."""
    rows = supervision.synthetic_registry(province="32", count=300, seed=7, bad=4)
    upload = tmp_path / "江苏名录.csv"
    upload.write_bytes(registry_csv(rows))
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    _sign_in(page, supervision_url, "prov_js")
    page.wait_for_url(f"{supervision_url}/dashboard")
    page.goto(f"{supervision_url}/registry")
    page.set_input_files("input[name=file]", str(upload))
    page.click("#import button[type=submit]")
    page.wait_for_selector("table.row-errors")
    assert "新增 300 行" in page.locator(".import-counts").inner_text()
    assert page.locator("table.row-errors tbody tr").count() == 4
    _shot(page, "registry-import-zh")
    page.goto(f"{supervision_url}/registry")
    page.select_option("select[name=city]", "320200")
    page.wait_for_function(
        "[...document.querySelectorAll('#registry-list tbody tr td:nth-child(4)')]"
        ".every(td => td.textContent === '无锡市')"
    )
    assert page.locator("#mandatory table.mandatory tbody tr").count() >= 7
    _shot(page, "registry-zh")
    page.goto(f"{supervision_url}/registry?lang=en")
    assert page.locator("#mandatory h2").inner_text() == "The plan's top 10 %"
    _shot(page, "registry-en")
