"""``indsec supervision remind``: the daily run raises each overdue clock's reminder once, and a
down SMTP server is a reported problem (exit 1), not a traceback."""

from __future__ import annotations

import json
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from indsec.app import AppContext
from indsec.settings import Settings
from tests.e2e.conftest import Workspace
from tests.identity.world import PASSWORD, USCC_A
from tests.supervision.filings import add_filing
from tests.supervision.smtp_sink import free_port


@pytest.fixture
def regulator_with_overdue_filing(blank: Workspace, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("INDSEC_ARGON2_TIME_COST", "1")
    monkeypatch.setenv("INDSEC_ARGON2_MEMORY_KIB", "64")
    monkeypatch.setenv("INDSEC_USER_PASSWORD", PASSWORD)
    assert blank.run("users", "tenant", USCC_A, "苏州某厂", "--region", "320500")[0] == 0
    assert blank.run("users", "add", "su", "--role", "city_regulator", "--region", "320500")[0] == 0
    code, _, err = blank.run("users", "email", "su", "su at example")
    assert code == 2 and "not an e-mail address" in err
    code, _, err = blank.run("users", "email", "su", "su@example.cn")
    assert code == 0, err
    with AppContext(Settings()) as app:  # review due in February 2026: overdue ever since
        add_filing(app, 1, "submitted", datetime(2026, 1, 5, 10, tzinfo=ZoneInfo("Asia/Shanghai")))


def test_remind_raises_once_and_says_so(
    blank: Workspace, regulator_with_overdue_filing: None
) -> None:
    code, out, err = blank.run("supervision", "remind", "--json")
    assert code == 0, err
    first = json.loads(out)
    assert (first["raised"], first["emailed"], first["problems"]) == (1, 0, [])
    code, out, _ = blank.run("supervision", "remind", "--json")
    assert code == 0 and json.loads(out)["raised"] == 0


def test_a_down_smtp_server_is_a_problem_and_exit_1(
    blank: Workspace, regulator_with_overdue_filing: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    port = free_port()
    monkeypatch.setenv("INDSEC_SMTP_HOST", "127.0.0.1")
    monkeypatch.setenv("INDSEC_SMTP_PORT", str(port))
    monkeypatch.setenv("INDSEC_SMTP_FROM", "indsec@example.cn")
    monkeypatch.setenv("INDSEC_SMTP_STARTTLS", "false")
    code, out, err = blank.run("supervision", "remind")
    assert code == 1
    assert "新提醒 1 条" in out and f"127.0.0.1:{port}" in err and "Traceback" not in err
