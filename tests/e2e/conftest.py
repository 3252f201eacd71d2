"""End-to-end fixtures: one small demo enterprise, an isolated indsec workspace per test, and
Debian's chromium for the browser tests."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.sync_api import Browser, sync_playwright

from indsec.cli.main import main
from indsec.demo import DemoEnterprise, generate_demo
from indsec.profile_config import save_profile


@pytest.fixture(scope="session")
def small_demo(tmp_path_factory: pytest.TempPathFactory) -> DemoEnterprise:
    """The demo enterprise with a short sensor table (generated once per test session)."""
    return generate_demo(tmp_path_factory.mktemp("demo") / "plant", sensor_rows=2_000)


CHROMIUM = "/usr/bin/chromium"


@pytest.fixture(scope="session")
def chromium() -> Iterator[Browser]:
    """Debian's chromium, headless, launched once per test session (so once per xdist worker):
    a launch costs seconds on a busy machine. Tests take it through ``browser``, which closes
    what they opened."""
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=["--headless", "--no-sandbox", "--disable-gpu"],
        )
        try:
            yield launched
        finally:
            launched.close()


@dataclass
class Workspace:
    """An isolated indsec working directory; ``run`` calls the CLI in-process."""

    root: Path
    capsys: pytest.CaptureFixture[str]

    def run(self, *args: str) -> tuple[int, str, str]:
        self.capsys.readouterr()
        code = main(list(args))
        out, err = self.capsys.readouterr()
        return code, out, err

    def run_json(self, *args: str) -> object:
        code, out, err = self.run(*args, "--json")
        assert code == 0, err
        return json.loads(out)


@pytest.fixture
def workspace(
    tmp_path: Path,
    store_url: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    small_demo: DemoEnterprise,
) -> Workspace:
    """A workspace whose catalogue lives on SQLite or PostgreSQL, with the demo's profile."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("INDSEC_HOME", str(tmp_path / ".indsec"))
    monkeypatch.setenv("INDSEC_DATABASE_URL", store_url)
    monkeypatch.setenv("INDSEC_CONFIG", str(tmp_path / "indsec.toml"))
    monkeypatch.setenv("INDSEC_REVIEWER", "王工")
    save_profile(tmp_path / "indsec.toml", small_demo.profile)
    return Workspace(tmp_path, capsys)
