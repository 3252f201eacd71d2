"""The clocks in a browser: a provincial regulator sees tenant A's overdue review and re-filing,
narrows the list to another city in place (htmx), reads it in English, and clears the bell;
the enterprise's officer is reminded of the re-filing it owes. Screenshots as test_browser's."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser

from indsec.app import AppContext
from tests.e2e.server import serving
from tests.e2e.test_browser import _environment, _shot, _sign_in, browser
from tests.identity.world import World, settings_for
from tests.server.conftest import add_due_clocks

__all__ = ["browser"]  # the chromium fixture of test_browser, used here too


def _platform(tmp_path: Path) -> dict[str, str]:
    """test_browser's platform, plus tenant A's overdue clocks and their reminders."""
    environment = _environment(tmp_path)
    with AppContext(settings_for(environment["INDSEC_DATABASE_URL"], tmp_path)) as app:
        add_due_clocks(World(app))
    return environment


@pytest.fixture
def platform(tmp_path: Path) -> dict[str, str]:
    return _platform(tmp_path)


@pytest.fixture
def supervision(platform: dict[str, str], tmp_path: Path) -> Iterator[str]:
    with serving("supervision", platform, cwd=tmp_path) as base:
        yield base


@pytest.fixture
def console(platform: dict[str, str], tmp_path: Path) -> Iterator[str]:
    with serving("enterprise", platform, cwd=tmp_path) as base:
        yield base


def test_a_provincial_regulator_works_through_its_overdue_list(
    browser: Browser, supervision: str
) -> None:
    page = browser.new_page()
    _sign_in(page, supervision, "prov_js")
    page.wait_for_url(f"{supervision}/dashboard")
    page.goto(f"{supervision}/registry")
    page.goto(f"{supervision}/overdue")
    assert page.locator("h1").inner_text() == "法定时限"
    assert page.locator("#due tbody tr.overdue").count() == 2
    page.wait_for_selector("#bell .badge")
    assert page.locator("#bell .badge").inner_text() == "2"
    _shot(page, "overdue-zh")

    page.select_option("select[name=region_code]", "320100")
    page.wait_for_function("document.querySelectorAll('#due tbody tr.overdue').length === 0")
    assert "没有逾期或即将到期的审核" in page.locator("#due").inner_text()

    page.goto(f"{supervision}/overdue?lang=en")
    assert page.locator("h1").inner_text() == "Statutory clocks"
    _shot(page, "overdue-en")

    page.goto(f"{supervision}/notifications?lang=zh")
    assert page.locator("ul.notifications li.unread").count() == 2
    _shot(page, "notifications-zh")
    page.click("button[hx-post='/notifications/read']")
    page.wait_for_function("document.querySelectorAll('li.unread').length === 0")
    page.wait_for_function("!document.querySelector('#bell .badge')")


def test_the_officer_is_reminded_of_the_re_filing(browser: Browser, console: str) -> None:
    page = browser.new_page()
    _sign_in(page, console, "officer_a")
    page.wait_for_url(f"{console}/home")
    page.goto(f"{console}/catalogue")
    page.wait_for_selector("#bell .badge")
    page.click("#bell")
    page.wait_for_url(f"{console}/notifications")
    assert "重大变化变更备案" in page.locator("ul.notifications").inner_text()
    _shot(page, "notifications-officer-zh")
    page.goto(f"{console}/notifications?lang=en")
    assert "major change" in page.locator("ul.notifications").inner_text()
    _shot(page, "notifications-officer-en")
