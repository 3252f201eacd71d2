"""``indsec incident`` end to end: from a detected alert to reports and the escalation."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.cli.conftest import ALERTING_LOG
from tests.e2e.conftest import Workspace

WALLET = "bc1qxy2kgdygjrsqtzq2n0yrf2493p83kkfjhx0wlh"


def _ok(shell: Workspace, *args: str) -> str:
    code, out, err = shell.run(*args)
    assert code == 0, err
    return out


def test_alert_to_incident_to_reports(shell: Workspace, tmp_path: Path) -> None:
    _ok(shell, "detect", "run", str(ALERTING_LOG))
    alerts = json.loads(_ok(shell, "alerts", "list", "--json"))
    alert = alerts[0]
    opened = json.loads(_ok(shell, "incident", "open", "--from-alert", str(alert["id"]), "--json"))
    assert opened["incident"]["scenario"] == alert["scenario"] == "personnel"
    assert opened["incident"]["title"] == alert["rule"]
    assert opened["incident"]["occurred_at"] is not None
    assert [e["detail"] for e in opened["timeline"]] == [f"from alert {alert['id']}"]

    changed = _ok(
        shell, "incident", "update", "1", "--set", "outage_hours=8",
        "--set", "ransom.demanded=true", "--set", f"ransom.wallet={WALLET}",
        "--asset", "db.hr:HR:important", "--note", "断开外网", "--lang", "en",
    )  # fmt: skip
    assert "large (outage_8h)" in changed and WALLET not in changed
    decision = json.loads(_ok(shell, "incident", "classify", "1", "--json", "--lang", "zh"))
    assert decision == {
        "tier": "large",
        "name": "较大",
        "rules": [{"id": "outage_8h", "kind": "outage_hours", "needs_review": False}],
    }
    initial = _ok(shell, "incident", "report", "1", "--form", "initial", "--lang", "en")
    assert "# Data security incident: initial report" in initial
    assert "| Ransom demanded | yes |" in initial and WALLET not in initial
    page = tmp_path / "follow-up.html"
    _ok(shell, "incident", "report", "1", "--form", "follow_up", "-f", "html", "-o", str(page))
    html = page.read_text(encoding="utf-8")
    assert "数据安全事件续报" in html and "断开外网" in html

    shown = json.loads(_ok(shell, "incident", "show", "1", "--json"))
    states = {t["kind"]: t["reported_at"] is not None for t in shown["timers"]}
    assert states == {"initial": True, "follow_up": True, "final": False}
    listed = json.loads(_ok(shell, "incident", "list", "--json", "--tier", "large"))
    assert [(i["id"], i["tier"], i["status"]) for i in listed] == [(1, "large", "open")]
    escalation = tmp_path / "escalation.json"
    _ok(shell, "incident", "escalate", "1", "-o", str(escalation))
    document = json.loads(escalation.read_text(encoding="utf-8"))
    assert document["tier"]["id"] == "large"
    assert [r["form"] for r in document["reports"]] == ["initial", "follow_up"]
    assert WALLET not in escalation.read_text(encoding="utf-8")
    _ok(shell, "incident", "update", "1", "--close", "--note", "恢复生产")
    annual = json.loads(_ok(shell, "incident", "report", "--annual", "2026", "-f", "json"))
    assert annual["form"] == "annual" and annual["due_date"] == "2027-01-31"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("open", "--from-alert", "999"), "no alert 999"),
        (("open", "--title", ""), "needs a title"),
        (("open", "--title", "x", "--detected-at", "yesterday"), "not an ISO date"),
        (("open", "--title", "x", "--set", "outage_hours"), "expected key=value"),
        (("open", "--title", "x", "--set", "outage_hours=-1"), "outage_hours"),
        (("open", "--from-alert", "1", "--set", "threat=dire"), "no alert 1"),
        (("open", "--title", "x", "--asset", "db:HR:secret"), "KEY:NAME:GRADE"),
        (("update", "1", "--set", "personal_info=-3"), "personal_info"),
        (("update", "1", "--set", "ransom.wallet=abc"), "ransom.demanded is false"),
        (("update", "7", "--note", "x"), "no incident 7"),
        (("report", "1", "--form", "weekly"), "unknown report form 'weekly'"),
        (("report", "1", "--format", "pdf"), "unknown format 'pdf'"),
        (("report",), "--annual YEAR"),
        (("list", "--tier", "huge"), "unknown tier 'huge'"),
        (("escalate", "1"), "INDSEC_SUPERVISION_URL"),
    ],
)
def test_bad_input_is_one_clear_line(shell: Workspace, args: tuple[str, ...], message: str) -> None:
    _ok(shell, "incident", "open", "--title", "手工登记", "--scenario", "remote_om")
    code, out, err = shell.run("incident", *args)
    assert code == 2 and message in err, err
    assert "Traceback" not in err + out
    listed = json.loads(_ok(shell, "incident", "list", "--json"))
    assert [(i["id"], i["tier"]) for i in listed] == [(1, "general")]
