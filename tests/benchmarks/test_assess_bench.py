"""The assessment benchmark at a small scale: it seeds, assesses and prints its anchor."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from benchmarks.assess_bench import CHECKS, main, write_packs

from indsec.assess.control_pack import ControlPack
from indsec.rules.pack import load_packs


def test_the_generated_packs_name_every_contract_check(tmp_path: Path) -> None:
    manual = write_packs(tmp_path)
    named = {
        c["check"]["id"]
        for f in tmp_path.glob("*.yaml")
        for d in yaml.safe_load(f.read_text())["domains"]
        for c in d["controls"]
        if "check" in c
    }
    assert named == {check for check, _ in CHECKS}
    assert len(manual) == 4 * 8 * 5


def test_a_small_run_prints_time_memory_and_anchor(capsys: pytest.CaptureFixture[str]) -> None:
    main(["--assets", "300", "--alerts", "40"])
    out = capsys.readouterr().out
    shipped = sum(len(p.controls()) for p in load_packs().all(ControlPack))
    assert f"300 assets, 40 alerts, {256 + shipped} controls" in out  # generated + shipped
    assert "peak memory: Python heap" in out and "CISO Assistant" in out
    assert "'fail'" in out and "'pass'" in out
