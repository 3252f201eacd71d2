"""The automated checks: facts gathered from the store and real files, never a guess."""

from __future__ import annotations

import hashlib
import json
from datetime import datetime, timedelta

from openpyxl import Workbook

from indsec.assess import service
from indsec.assess.checks.base import ASSESS_CHECKS
from indsec.model import Grade
from indsec.model.assessment import ControlResult
from tests.assess.conftest import ACTOR, NOW, SHANGHAI, World, alert, asset, touch

CONTRACT = {
    "scans.recent",
    "filing.complete",
    "alerts.core_open",
    "detect.remote_access",
    "logs.retention",
    "backup.core",
    "sources.tls",
    "accounts.remote_mfa",
}


def _results(world: World, now: datetime = NOW) -> dict[str, ControlResult]:
    snapshot = service.run_assessment(app=world.app, actor=ACTOR, now=now)
    return {r.key: r for r in snapshot.results}


def test_exactly_the_contract_checks_are_registered() -> None:
    assert set(ASSESS_CHECKS.names()) == CONTRACT


def test_nothing_to_look_at_is_not_assessed_with_its_reason(world: World) -> None:
    results = _results(world)
    assert {k: r.outcome for k, r in results.items()} == {
        "t_obl.officer": "not_assessed",
        "t_obl.cii_plan": "not_applicable",
        "t_obl.logs": "not_assessed",
        "t_obl.backup": "not_assessed",
        "t_obl.tls": "not_assessed",
        "t_obl.scanned": "not_assessed",
        "t_obl.filed": "not_assessed",
        "t_obl.alerts": "not_assessed",
        "t_rom.no_rmm": "not_assessed",
        "t_rom.mfa": "not_assessed",
    }
    assert "no assessment inputs file" in results["t_obl.logs"].note
    assert "no catalogue yet" in results["t_obl.backup"].note
    assert "no detection run" in results["t_obl.alerts"].note
    assert service.latest_snapshot(app=world.app).overall is None
    assert service.list_tasks(app=world.app) == []


def test_an_invalid_inputs_file_is_located_and_the_run_goes_on(world: World) -> None:
    (world.root / "assess-inputs.yaml").write_text("logs:\n  - name: x\n    colour: red\n")
    world.catalogue(asset("recipes", Grade.CORE, source="postgresql://db/mes?sslmode=require"))
    results = _results(world, datetime.now(SHANGHAI))
    note = results["t_obl.logs"].note
    assert "invalid assessment inputs" in note and "assess-inputs.yaml:" in note
    assert results["t_obl.tls"].outcome == "pass"
    assert results["t_obl.scanned"].outcome == "pass"


def test_evidence_carries_the_digest_of_its_canonical_facts(world: World) -> None:
    world.catalogue(asset("recipes", Grade.CORE, source="postgresql://db/mes"))
    snapshot = service.run_assessment(app=world.app, actor=ACTOR, now=NOW)
    [tls] = [r for r in snapshot.results if r.key == "t_obl.tls"]
    assert tls.outcome == "fail"
    [evidence] = tls.evidence
    assert evidence.facts["without_tls"] == ["postgresql://db/mes"]
    canonical = json.dumps(
        evidence.facts, sort_keys=True, separators=(",", ":"), ensure_ascii=False
    )
    assert evidence.digest == hashlib.sha256(canonical.encode()).hexdigest()
    assert evidence.collected_by == "indsec:check:sources.tls"


def test_tls_is_read_from_the_declared_dsn_over_the_catalogue_source(world: World) -> None:
    world.catalogue(asset("recipes", Grade.IMPORTANT, source="mysql://db/mes"))
    world.inputs({"databases": {"mysql://db/mes": "mysql+pymysql://db/mes?ssl_ca=/etc/ca.pem"}})
    assert _results(world)["t_obl.tls"].outcome == "pass"


def test_sources_not_scanned_within_the_policy_fail(world: World) -> None:
    world.catalogue(asset("recipes", Grade.GENERAL, source="file:///data"))
    later = datetime.now(SHANGHAI) + timedelta(days=31)
    result = _results(world, later)["t_obl.scanned"]
    assert result.outcome == "fail"
    [evidence] = result.evidence
    assert evidence.facts["stale"] == ["file:///data"]


def test_open_alerts_on_core_assets_and_remote_access_fail(world: World) -> None:
    world.catalogue(asset("recipes", Grade.CORE))
    world.alerts(alert("remote_om", Grade.CORE), alert("ransomware", None))
    results = _results(world, datetime.now(SHANGHAI))
    assert results["t_obl.alerts"].outcome == "fail"
    assert results["t_rom.no_rmm"].outcome == "fail"
    [evidence] = results["t_rom.no_rmm"].evidence
    assert evidence.facts["remote_om_alerts"] == 1


def test_a_quiet_detection_run_passes_remote_access(world: World) -> None:
    world.alerts(alert("personnel", None))
    results = _results(world, datetime.now(SHANGHAI))
    assert results["t_rom.no_rmm"].outcome == "pass"
    assert results["t_obl.alerts"].outcome == "pass"


def test_remote_accounts_without_mfa_counted_by_row_never_named(world: World) -> None:
    csv = world.root / "accounts.csv"
    csv.write_text("account,mfa\nzhangsan,是\nlisi,否\nwangwu,yes\n", encoding="utf-8")
    world.inputs({"accounts": {"file": "accounts.csv"}})
    result = _results(world)["t_rom.mfa"]
    assert result.outcome == "fail"
    [evidence] = result.evidence
    assert evidence.facts["rows_without_mfa"] == [3]
    assert "lisi" not in str(evidence.facts)


def test_an_xlsx_account_list_with_every_account_on_mfa_passes(world: World) -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for row in (("账号", "多因素"), ("ops1", "启用"), ("ops2", "启用")):
        sheet.append(row)
    book.save(world.root / "vpn.xlsx")
    world.inputs(
        {"accounts": {"file": "vpn.xlsx", "account_column": "账号", "mfa_column": "多因素"}}
    )
    assert _results(world)["t_rom.mfa"].outcome == "pass"


def test_an_account_list_without_the_mfa_column_is_not_assessed(world: World) -> None:
    (world.root / "a.csv").write_text("account,enabled\nops1,yes\n", encoding="utf-8")
    world.inputs({"accounts": {"file": "a.csv"}})
    result = _results(world)["t_rom.mfa"]
    assert result.outcome == "not_assessed"
    assert "no column 'mfa'" in result.note


def test_a_stale_backup_fails_however_many_copies(world: World) -> None:
    world.catalogue(asset("recipes", Grade.CORE))
    touch(world.root / "b" / "old.dump", age_days=8)
    touch(world.root / "c" / "old.dump", age_days=8)
    world.inputs({"backups": [{"name": "m", "path": "b", "second_location": "c"}]})
    result = _results(world)["t_obl.backup"]
    assert result.outcome == "fail"
    assert result.evidence[0].facts["backups"][0]["status"] == "stale"


def test_an_answer_does_not_override_a_check_that_gathered_evidence(world: World) -> None:
    world.catalogue(asset("recipes", Grade.CORE, source="postgresql://db/mes?sslmode=require"))
    done = service.answer_control(
        app=world.app, actor=ACTOR, control_key="t_obl.tls", outcome="fail", now=NOW
    )
    assert (done.outcome, done.by_check, done.task) == ("pass", True, None)
    officer = service.answer_control(
        app=world.app, actor=ACTOR, control_key="t_obl.officer", outcome="fail", now=NOW
    )
    assert (officer.outcome, officer.by_check) == ("fail", False)
