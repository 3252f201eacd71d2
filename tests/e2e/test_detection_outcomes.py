"""What a detection run tells and stores: a run that read nothing, and times in plant time."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from indsec.model import SitePolicy
from indsec.profile_config import save_site_policy
from tests.conftest import FILES
from tests.e2e.conftest import Workspace

SIGMA = FILES / "sigma" / "valid"
BRUTE_FORCE = ["--rules", str(SIGMA / "sshd_brute_force.yml")]
BRUTE_FORCE += ["--rules", str(SIGMA / "sshd_failed_password.yml")]
ACCEPTED = """title: SSH Password Accepted
id: 6c1f4d2e-8d9b-4a47-9f3e-3e5d7b0c4f14
status: test
logsource:
    product: linux
    service: sshd
detection:
    keywords:
        - 'Accepted password'
    condition: keywords
level: low
"""


def _auth_log(path: Path) -> Path:
    """Five failed passwords (one brute-force correlation), then one accepted login."""
    lines = [
        f"Feb 26 02:10:0{i} plc-gw sshd[81{i}]: Failed password for root from 203.0.113.9 "
        f"port 5151{i} ssh2"
        for i in range(1, 6)
    ]
    lines.append(
        "Feb 26 02:10:07 plc-gw sshd[817]: Accepted password for root from 203.0.113.9 "
        "port 51517 ssh2"
    )
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def berlin(workspace: Workspace) -> ZoneInfo:
    """The plant's site policy names a zone other than the default, and other than UTC."""
    save_site_policy(workspace.root / "indsec.toml", SitePolicy(timezone="Europe/Berlin"))
    return ZoneInfo("Europe/Berlin")


def _rules(workspace: Workspace) -> list[str]:
    accepted = workspace.root / "ssh_accepted.yml"
    accepted.write_text(ACCEPTED, encoding="utf-8")
    return [*BRUTE_FORCE, "--rules", str(accepted)]


def test_a_run_that_reads_nothing_fails_and_keeps_the_last_alerts_listed(
    workspace: Workspace,
) -> None:
    log = _auth_log(workspace.root / "auth.log")
    real = workspace.run_json("detect", "run", *_rules(workspace), str(log))
    assert real["run"] == 1 and len(real["alerts"]) == 2
    unreadable = workspace.root / "hostname"
    unreadable.write_text("plc-gw\n", encoding="utf-8")

    code, _, err = workspace.run("detect", "run", str(unreadable))
    assert code == 2
    assert (
        "no event could be read; recorded as failed run 2, 'alerts list' still shows run 1" in err
    )
    assert f"{unreadable}: " in err and "unknown log format" in err
    code, out, err = workspace.run("detect", "run", "--json", str(unreadable))
    assert code == 2 and "failed run 3" in err
    document = json.loads(out)
    assert document["status"] == "failed" and "unknown log format" in document["failures"][0]

    code, out, err = workspace.run("alerts", "list", "--json")
    assert code == 0, err
    assert sorted(a["rule"] for a in json.loads(out)) == [
        "SSH Brute Force",
        "SSH Password Accepted",
    ]


def test_alert_times_are_plant_times_whether_correlated_or_not(
    workspace: Workspace, berlin: ZoneInfo
) -> None:
    log = _auth_log(workspace.root / "auth.log")
    run = workspace.run_json("detect", "run", *_rules(workspace), str(log))
    times = {a["rule_title"]: a["event_time"] for a in run["alerts"]}
    assert times == {
        "SSH Brute Force": "2026-02-26T02:10:05+01:00",  # the fifth failure's time
        "SSH Password Accepted": "2026-02-26T02:10:07+01:00",
    }
    code, out, err = workspace.run("alerts", "list", "--json")
    assert code == 0, err
    listed = {a["rule"]: (a["id"], a["time"]) for a in json.loads(out)}
    assert listed["SSH Brute Force"][1] == "2026-02-26 02:10:05+01:00"
    assert listed["SSH Password Accepted"][1] == "2026-02-26 02:10:07+01:00"
    code, out, err = workspace.run("alerts", "show", str(listed["SSH Brute Force"][0]))
    assert code == 0, err
    assert "at 2026-02-26 02:10:05+01:00" in out


def test_catalogue_version_times_are_plant_times(workspace: Workspace, berlin: ZoneInfo) -> None:
    files = workspace.root / "share"
    files.mkdir()
    (files / "readme.txt").write_text("设备维护记录\n", encoding="utf-8")
    workspace.run_json("scan", str(files))
    stored = workspace.run_json("catalogue", "versions")[0]["created_at"]
    created = datetime.fromisoformat(stored)
    created = created if created.tzinfo else created.replace(tzinfo=ZoneInfo("UTC"))
    shown = created.astimezone(berlin).isoformat(sep=" ", timespec="seconds")

    code, out, err = workspace.run("catalogue", "show")
    assert code == 0, err
    assert f"Catalogue version 1 ({shown})" in out
    code, out, err = workspace.run("catalogue", "versions")
    assert code == 0, err
    assert shown in out
