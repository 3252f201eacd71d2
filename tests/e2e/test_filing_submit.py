"""The enterprise files with the regulator for real: ``indsec filing submit`` posts the filing
to a supervision instance served by uvicorn on a loopback port (no mocks), a retry is
recognised, the regulator returns it with comments, and ``indsec filing status`` reads them
back; on SQLite and PostgreSQL (the supervision instance's store)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import httpx2 as httpx
import pytest

from indsec.app import AppContext
from indsec.identity import service as identity
from indsec.server import create_app
from tests.e2e.conftest import Workspace
from tests.e2e.server import serving
from tests.identity.world import USCC_A, World, build_world, settings_for
from tests.server.conftest import add_catalogue_version, server_world
from tests.server.filings import bearer, sign_in

__all__ = ["server_world"]  # the server tests' fixture, used here too


@pytest.fixture
def supervision(server_world: World, tmp_path: Path) -> Iterator[str]:
    """A supervision instance on the server world's store, served by ``indsec serve``."""
    settings = server_world.app.settings
    environment = {
        "INDSEC_DATABASE_URL": settings.resolved_database_url(),
        "INDSEC_HOME": str(tmp_path / "supervision"),
        "INDSEC_CONFIG": str(tmp_path / "supervision.toml"),
    }
    with serving("supervision", environment, cwd=tmp_path) as base:
        yield base


@pytest.fixture
def enterprise(
    server_world: World,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> Workspace:
    """Tenant A's own instance: its SQLite store, profile and catalogue, and its officer's
    token on the supervision instance in the environment."""
    root = tmp_path / "plant"
    root.mkdir()
    environment = {
        "INDSEC_DATABASE_URL": f"sqlite:///{root / 'indsec.db'}",
        "INDSEC_HOME": str(root / ".indsec"),
        "INDSEC_CONFIG": str(root / "indsec.toml"),
        "INDSEC_SUPERVISION_TOKEN": bearer(server_world, "officer_a")["Authorization"][7:],
    }
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    from indsec.settings import load_settings

    app = AppContext(load_settings())
    app.set_profile_value("uscc", USCC_A)
    app.set_profile_value("name", server_world.tenants["A"].name)
    add_catalogue_version(World(app))
    app.close()
    return Workspace(root, capsys)


def test_submit_retry_return_and_status_round_trip(
    supervision: str, enterprise: Workspace, server_world: World
) -> None:
    regulator = bearer(server_world, "prov_js")
    before = httpx.get(f"{supervision}/api/filings", headers=regulator).json()
    new = 1 + max((f["version"] for f in before if f["uscc"] == USCC_A), default=0)
    code, out, err = enterprise.run("filing", "submit", "--to", supervision)
    assert code == 0, err
    assert f"submitted: version {new}, status submitted" in out
    code, out, _ = enterprise.run("filing", "submit", "--to", supervision)
    assert code == 0 and f"already received: version {new}" in out

    filings = httpx.get(f"{supervision}/api/filings", headers=regulator).json()
    added = [f for f in filings if f not in before]
    assert [(f["uscc"], f["version"]) for f in added] == [(USCC_A, new)]
    for step, body in (("review", {}), ("return", {"comment": "请补充安全保护措施"})):
        answer = httpx.post(
            f"{supervision}/api/filings/{added[0]['id']}/{step}", json=body, headers=regulator
        )
        assert answer.status_code == 200, answer.text

    code, out, err = enterprise.run("filing", "status", "--to", supervision)
    assert code == 0, err
    assert f"version {new}: returned" in out and "请补充安全保护措施" in out


def test_a_refused_submission_says_why_and_is_audited(
    supervision: str, enterprise: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("INDSEC_SUPERVISION_TOKEN", "not-a-token")
    code, _, err = enterprise.run("filing", "submit", "--to", supervision)
    assert code == 2 and "answered 401" in err and "Traceback" not in err
    monkeypatch.delenv("INDSEC_SUPERVISION_TOKEN")
    code, _, err = enterprise.run("filing", "status", "--to", supervision)
    assert code == 2 and "INDSEC_SUPERVISION_TOKEN" in err
    from indsec.settings import load_settings

    with AppContext(load_settings()) as app:
        sent = identity.audit_entries(app=app, action="filing.send")
    assert len(sent) == 1 and sent[0].detail["outcome"].startswith("refused: ")


def test_the_console_submits_and_shows_the_status_coming_back(
    supervision: str, server_world: World, tmp_path: Path
) -> None:
    """The enterprise console (its own instance and store) posts to the served supervision
    instance with the configured URL and token, and shows received, then returned."""
    plant = settings_for(
        f"sqlite:///{tmp_path / 'console.db'}",
        tmp_path / "console",
        supervision_url=supervision,
        supervision_token=bearer(server_world, "officer_a")["Authorization"][7:],
    )
    console_world = build_world(plant)
    add_catalogue_version(console_world)
    client, csrf = sign_in(create_app(plant), "officer_a")
    sent = client.post("/filing/submit", headers=csrf)
    assert sent.status_code == 200 and re.search(r"已报送：第 \d+ 版", sent.text)
    assert "已接收" in sent.text
    regulator = bearer(server_world, "city_sz")
    filing_id = httpx.get(f"{supervision}/api/filings", headers=regulator).json()[0]["id"]
    for step, body in (("review", {}), ("return", {"comment": "请补充安全保护措施"})):
        httpx.post(f"{supervision}/api/filings/{filing_id}/{step}", json=body, headers=regulator)
    status = client.get("/filing/status?lang=en")
    assert "Returned with comments" in status.text and "请补充安全保护措施" in status.text
    console_world.app.close()
