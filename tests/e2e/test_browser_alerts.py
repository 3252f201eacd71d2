"""A person at a browser on the alert and admin pages: the officer filters the alerts, opens
one and closes it with a note (htmx swaps the triage in place); the platform administrator adds
a user and sees the one-time password, then searches the audit log. Screenshots of every page in
both languages go to tests/e2e/screenshots/ (not committed)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser

from indsec.app import AppContext
from tests.e2e.server import serving
from tests.e2e.test_browser import _environment, _shot, _sign_in, browser
from tests.identity.world import World, settings_for
from tests.server.conftest import add_alerts, sample_alert

__all__ = ["browser"]


@pytest.fixture
def console_with_alerts(tmp_path: Path) -> Iterator[str]:
    environment = _environment(tmp_path)
    app = AppContext(settings_for(environment["INDSEC_DATABASE_URL"], tmp_path))
    add_alerts(
        World(app),
        [
            sample_alert("Bulk export of process parameters"),
            sample_alert("Backup deleted", scenario="ransomware", severity="critical", asset=None),
        ],
    )
    app.close()
    with serving("enterprise", environment, cwd=tmp_path) as base:
        yield base


def test_the_officer_closes_an_alert_with_a_note(
    browser: Browser, console_with_alerts: str
) -> None:
    base = console_with_alerts
    page = browser.new_page()
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    _sign_in(page, base, "officer_a")
    page.wait_for_url(f"{base}/home")
    page.goto(f"{base}/catalogue")
    page.goto(f"{base}/alerts")
    assert page.locator("h1").inner_text() == "告警"
    assert problems == [], "the page's htmx attributes parse"
    assert page.locator("#alert-rows tr").count() == 2
    _shot(page, "alerts-zh")
    assert page.evaluate("typeof htmx") == "object", "htmx is served from the package"
    page.select_option("select[name=grade]", "core")
    page.wait_for_function("document.querySelectorAll('#alert-rows tr').length === 1")
    page.click("#alert-rows a >> nth=1")
    page.wait_for_url(f"{base}/alerts/1")
    assert "核心数据" in page.locator("#asset").inner_text()
    _shot(page, "alert-zh")
    page.click("button[value=closed]")
    page.wait_for_selector("#triage .error")
    assert "必须填写说明" in page.locator("#triage").inner_text()
    page.fill("textarea[name=note]", "核实为计划内备份，已关闭")
    page.click("button[value=closed]")
    page.wait_for_selector("#triage .history strong")
    assert page.locator("#state").inner_text() == "已关闭"
    _shot(page, "alert-closed-zh")
    page.goto(f"{base}/alerts?lang=en")
    assert page.locator("h1").inner_text() == "Alerts"
    _shot(page, "alerts-en")
    page.goto(f"{base}/alerts/1")
    _shot(page, "alert-closed-en")


def test_the_administrator_adds_a_user_and_searches_the_audit_log(
    browser: Browser, console_with_alerts: str
) -> None:
    base = console_with_alerts
    page = browser.new_page()
    _sign_in(page, base, "admin")
    page.wait_for_url(f"{base}/admin/users")
    assert page.locator("h1").inner_text() == "用户与角色"
    page.fill("#admin-users form.inline input[name=username] >> nth=0", "clerk")
    page.select_option("#admin-users form.inline select[name=role] >> nth=0", "service_provider")
    page.click("#admin-users form.inline button[type=submit] >> nth=0")
    page.wait_for_selector("#one-time-password")
    _shot(page, "admin-users-zh")
    page.goto(f"{base}/admin/tokens?lang=en")
    _shot(page, "admin-tokens-en")
    page.goto(f"{base}/admin/audit")
    page.fill("input[name=target]", "clerk")
    page.click("#audit-search button[type=submit]")
    page.wait_for_function("document.querySelectorAll('#audit-rows tr.entry').length === 1")
    _shot(page, "admin-audit-en")
    page.goto(f"{base}/admin/audit?lang=zh")
    _shot(page, "admin-audit-zh")
    page.goto(f"{base}/admin/users")
    _shot(page, "admin-users-zh-list")
    page.goto(f"{base}/admin/tokens")
    _shot(page, "admin-tokens-zh")
