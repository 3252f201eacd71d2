"""The filing loop in a browser (Debian's chromium, headless): the officer submits the filing
from the console to a served supervision instance, a city regulator reviews it and returns it
with a comment, and the console shows it returned with that comment. Screenshots of each page
in both languages go to tests/e2e/screenshots/ (not committed)."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Browser

from indsec.app import AppContext
from indsec.settings import Settings
from tests.e2e.server import serving
from tests.e2e.test_browser import _environment, _shot, _sign_in, browser
from tests.identity.world import issue

__all__ = ["browser"]  # the browser fixture of the catalogue's browser test


def _officer_token(environment: dict[str, str]) -> str:
    settings = Settings.model_validate(
        {"database_url": environment["INDSEC_DATABASE_URL"], "home": environment["INDSEC_HOME"]}
    )
    with AppContext(settings) as app:
        return issue(app, "officer_a").secret


def test_submit_review_return_in_the_browser(browser: Browser, tmp_path: Path) -> None:
    (tmp_path / "s").mkdir()
    (tmp_path / "e").mkdir()
    supervision_env = _environment(tmp_path / "s")
    with serving("supervision", supervision_env, cwd=tmp_path / "s") as regulator_base:
        console_env = {
            **_environment(tmp_path / "e"),
            "INDSEC_SUPERVISION_URL": regulator_base,
            "INDSEC_SUPERVISION_TOKEN": _officer_token(supervision_env),
        }
        with serving("enterprise", console_env, cwd=tmp_path / "e") as console_base:
            officer = browser.new_page()
            _sign_in(officer, console_base, "officer_a")
            officer.wait_for_url(f"{console_base}/home")
            officer.goto(f"{console_base}/catalogue")
            officer.goto(f"{console_base}/filing")
            officer.wait_for_function("!document.querySelector('#remote').innerText.includes('…')")
            _shot(officer, "filing-console-zh")
            officer.click("#submit-filing")
            officer.wait_for_selector("#remote-status")
            assert "已接收" in officer.locator("#remote").inner_text()

            regulator = browser.new_page()
            _sign_in(regulator, regulator_base, "city_sz")
            regulator.wait_for_url(f"{regulator_base}/dashboard")
            regulator.goto(f"{regulator_base}/registry")
            regulator.goto(f"{regulator_base}/filings")
            assert regulator.locator("#rows tr").count() == 1
            _shot(regulator, "filings-zh")
            regulator.click("#rows a")
            regulator.click("text=开始审查")
            regulator.wait_for_selector("textarea[name=comment]")
            regulator.fill("textarea[name=comment]", "请补充安全保护措施")
            regulator.click("text=附意见退回")
            regulator.wait_for_function(
                "document.querySelector('#status').innerText.includes('退回修改')"
            )
            _shot(regulator, "filing-zh")
            regulator.goto(regulator.url.split("?")[0] + "?lang=en")
            assert "Returned with comments" in regulator.locator("#status").inner_text()
            _shot(regulator, "filing-en")
            regulator.goto(f"{regulator_base}/filings?lang=en")
            _shot(regulator, "filings-en")

            officer.goto(f"{console_base}/filing?lang=en")
            officer.wait_for_selector("#remote-status")
            remote = officer.locator("#remote").inner_text()
            assert "Returned with comments" in remote and "请补充安全保护措施" in remote
            _shot(officer, "filing-console-en")
