"""The loop as people meet it, in Debian's chromium against two real servers: the enterprise's
console and the regulator's supervision instance, each ``indsec serve`` on its own SQLite store.

The officer reviews a grade (an override with its reason) and submits the filing; a provincial
regulator imports a registry file with bad rows and sees them reported row by row, starts the
review and returns the filing with a comment; the officer sees the return and the comment,
answers with another review and resubmits; the regulator's dashboard counts move. Every main
page is photographed in both languages under tests/e2e/screenshots/ (not committed).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page

from indsec.catalogue.repository import COMPLETE, CatalogueRepository
from indsec.cli.main import main
from indsec.model import Grade
from tests.catalogue.conftest import make_asset
from tests.e2e.server import serving
from tests.e2e.test_browser import _shot, _sign_in, browser
from tests.identity.world import World, build_world, settings_for
from tests.server.conftest import add_alerts, sample_alert
from tests.server.filings import bearer

__all__ = ["browser"]

BAD_ROWS = 3
VIEWPORT = {"width": 1280, "height": 900}
COMMENT = "请补充员工档案的安全保护措施"
DASHBOARD_RELOADS = 10
"""Reloads of the dashboard, a second apart: five times the default figures bound (2 s)."""


@dataclass(frozen=True)
class Platform:
    console: str
    supervision: str
    registry_file: Path


def _instance(root: Path) -> tuple[dict[str, str], World]:
    """An instance's environment on its own SQLite store, with the test world's users."""
    root.mkdir()
    environment = {
        "INDSEC_DATABASE_URL": f"sqlite:///{root / 'indsec.db'}",
        "INDSEC_HOME": str(root / ".indsec"),
        "INDSEC_CONFIG": str(root / "indsec.toml"),
        "INDSEC_ARGON2_TIME_COST": "1",
        "INDSEC_ARGON2_MEMORY_KIB": "64",
    }
    return environment, build_world(settings_for(environment["INDSEC_DATABASE_URL"], root))


def _scanned(world: World) -> None:
    """The plant's catalogue: a scan found an important, a core and a general table; a
    detection run raised two alerts."""
    repository = CatalogueRepository(world.app.store())
    number = repository.begin_version(trigger="scan", sources=["s"], rule_packs={}, profile={})
    assets = [
        make_asset("员工档案", Grade.IMPORTANT),
        make_asset("工艺参数", Grade.CORE),
        make_asset("设备台账", Grade.GENERAL),
    ]
    repository.add_assets(number, assets)
    repository.finish_version(number, status=COMPLETE, report={})
    world.app.set_profile_value("name", world.tenants["A"].name)
    backup_deleted = sample_alert(
        "Backup deleted", scenario="ransomware", severity="critical", asset=None
    )
    add_alerts(world, [sample_alert("Bulk export of process parameters"), backup_deleted])


@pytest.fixture
def platform(tmp_path: Path) -> Iterator[Platform]:
    """Both servers; the console holds the officer's token on the supervision instance."""
    watching, regulators = _instance(tmp_path / "supervision")
    token = bearer(regulators, "officer_a")["Authorization"].removeprefix("Bearer ")
    regulators.app.close()
    plant, enterprise = _instance(tmp_path / "plant")
    _scanned(enterprise)
    enterprise.app.close()
    registry_file = tmp_path / "jiangsu.csv"
    synth = ["registry", "synth", "--province", "32", "--count", "200", "--bad", str(BAD_ROWS)]
    assert main([*synth, "--output", str(registry_file)]) == 0
    with serving("supervision", watching, cwd=tmp_path) as supervision:
        plant |= {"INDSEC_SUPERVISION_URL": supervision, "INDSEC_SUPERVISION_TOKEN": token}
        with serving("enterprise", plant, cwd=tmp_path) as console:
            yield Platform(console, supervision, registry_file)


def _review(page: Page, console: str, asset: str, grade: str, reason: str) -> None:
    """The officer finds ``asset`` in the catalogue and overrides its grade with a reason."""
    page.goto(f"{console}/catalogue")
    page.fill("input[name=q]", asset)
    page.wait_for_function("document.querySelectorAll('#rows tr').length === 1")
    page.click("#rows a")
    page.select_option("form.review select[name=grade]", grade)
    page.fill("textarea[name=reason]", reason)
    page.click("form.review button")
    page.wait_for_selector(f"dd.grade-{grade}")


def _submit(page: Page, console: str, version: int) -> str:
    """The officer submits the filing; the status the supervision instance gives back."""
    page.goto(f"{console}/filing")
    page.click("#submit-filing")
    page.wait_for_selector("#remote .notice")
    assert f"已报送：第 {version} 版" in page.inner_text("#remote .notice")
    return page.inner_text("#remote-status tbody tr:first-child")


def _filings_by_status(page: Page, supervision: str) -> dict[str, str]:
    """The dashboard's filings by status (the totals column), as the regulator reads it."""
    page.goto(f"{supervision}/dashboard")
    rows = page.locator("#ages tbody tr")
    return {
        rows.nth(i).get_attribute("data-status") or "": rows.nth(i).locator("td").last.inner_text()
        for i in range(rows.count())
    }


def _moved(page: Page, supervision: str, expected: dict[str, str]) -> dict[str, str]:
    """The dashboard's filings by status once they show ``expected``: a filing arriving (not a
    regulator's own action) shows within INDSEC_DASHBOARD_CACHE_S, so the regulator reloads,
    as one would, for at most a few times that bound."""
    for _ in range(DASHBOARD_RELOADS):
        seen = _filings_by_status(page, supervision)
        if all(seen.get(status) == count for status, count in expected.items()):
            return seen
        page.wait_for_timeout(1000)
    return seen


def _charts_drawn(page: Page) -> None:
    """ECharts has drawn every chart of the dashboard (a canvas in each box)."""
    page.wait_for_function(
        "[...document.querySelectorAll('#charts .chart')].every(c => c.querySelector('canvas'))"
    )


def test_the_filing_loop_as_people_meet_it(browser: Browser, platform: Platform) -> None:
    console, supervision = platform.console, platform.supervision
    officer = browser.new_context(viewport=VIEWPORT, locale="zh-CN").new_page()
    regulator = browser.new_context(viewport=VIEWPORT, locale="zh-CN").new_page()

    _sign_in(officer, console, "officer_a")
    officer.wait_for_url(f"{console}/home")
    _review(officer, console, "设备台账", "important", "台账含关键设备位置，提级为重要数据")
    _shot(officer, "story-01-console-asset-zh")
    status = _submit(officer, console, 1)
    assert "已接收" in status
    assert "设备台账" in officer.inner_text("table.records")
    _shot(officer, "story-02-console-filing-submitted-zh")
    officer.goto(f"{console}/home")
    assert "最近一次备案基于第 1 版" in officer.inner_text("#filing-title + p")
    assert "人员违规操作" in officer.inner_text("#alerts-title ~ table"), "scenarios by name"

    _sign_in(regulator, supervision, "prov_js")
    regulator.wait_for_url(f"{supervision}/dashboard")
    before = _filings_by_status(regulator, supervision)
    assert before["submitted"] == "1" and before["returned"] == "0"

    regulator.goto(f"{supervision}/registry")
    regulator.set_input_files("#import input[name=file]", platform.registry_file)
    regulator.click("#import button[type=submit]")
    regulator.wait_for_selector("#import-result .import-counts")
    counts = regulator.inner_text("#import-result .import-counts")
    assert f"拒绝 {BAD_ROWS} 行" in counts and "新增 200 行" in counts
    assert regulator.locator("table.row-errors tbody tr").count() >= BAD_ROWS
    regulator.wait_for_selector("#mandatory table.coverage tbody a:has-text('江苏省')")
    _shot(regulator, "story-03-supervision-registry-import-zh")

    regulator.goto(f"{supervision}/filings")
    regulator.click("#rows a")
    assert regulator.inner_text("#status") == "已接收"
    regulator.click("#actions button:has-text('开始审查')")
    regulator.wait_for_function("document.querySelector('#status').innerText === '审核中'")
    regulator.fill("#actions textarea[name=comment]", COMMENT)
    regulator.click("#actions button:has-text('附意见退回')")
    regulator.wait_for_function("document.querySelector('#status').innerText === '退回修改'")
    assert COMMENT in regulator.inner_text("#history")
    _shot(regulator, "story-04-supervision-filing-returned-zh")
    returned = _filings_by_status(regulator, supervision)
    assert (returned["submitted"], returned["returned"]) == ("0", "1"), "the dashboard moved"

    officer.goto(f"{console}/filing")
    officer.wait_for_selector("#remote-status")
    seen = officer.inner_text("#remote-status tbody tr:first-child")
    assert "退回修改" in seen and COMMENT in seen
    _shot(officer, "story-05-console-filing-returned-zh")
    _review(officer, console, "员工档案", "core", "按监管意见补充：含全部员工身份证号")
    status = _submit(officer, console, 2)
    assert "已重新提交" in status

    after = _moved(regulator, supervision, {"returned": "0", "resubmitted": "1"})
    assert (after["returned"], after["resubmitted"]) == ("0", "1"), "and moved again"
    assert regulator.inner_text("#filed") == "1", "the enterprise still counts as filed"
    _charts_drawn(regulator)
    _shot(regulator, "story-06-supervision-dashboard-after-zh")
    _photograph_everything(browser, officer, regulator, platform)


CONSOLE_PAGES = ("home", "catalogue", "catalogue/versions", "alerts", "filing", "runs")
SUPERVISION_PAGES = ("dashboard", "registry", "filings", "overdue", "notifications")
ADMIN_PAGES = ("admin/users", "admin/tokens", "admin/audit")


def _photograph(page: Page, base: str, paths: tuple[str, ...], prefix: str) -> None:
    """Every page of ``paths`` in Chinese and in English, each checked to be in its language
    and to mark its own area (if it is one) in the header navigation."""
    for lang, html_lang in (("zh", "zh-CN"), ("en", "en")):
        for path in paths:
            page.goto(f"{base}/{path}?lang={lang}")
            assert page.locator("html").get_attribute("lang") == html_lang
            hrefs = page.eval_on_selector_all("nav.areas a", "as => as.map(a => a.pathname)")
            current = page.eval_on_selector_all(
                "nav.areas a[aria-current=page]", "as => as.map(a => a.pathname)"
            )
            here = f"/{path}"
            assert current == [h for h in hrefs if here == h or here.startswith(h + "/")]
            if path == "dashboard":
                _charts_drawn(page)
            _shot(page, f"{prefix}-{path.replace('/', '-')}-{lang}")


def _photograph_everything(
    browser: Browser, officer: Page, regulator: Page, platform: Platform
) -> None:
    _photograph(officer, platform.console, CONSOLE_PAGES, "console")
    _photograph(regulator, platform.supervision, SUPERVISION_PAGES, "supervision")
    admin = browser.new_context(viewport=VIEWPORT, locale="zh-CN").new_page()
    _sign_in(admin, platform.supervision, "admin")
    admin.wait_for_url(f"{platform.supervision}/admin/users")
    _photograph(admin, platform.supervision, ADMIN_PAGES, "admin")
    audited = admin.inner_text("#audit-rows")
    assert "filing.return" in audited and "registry.import" in audited
