"""The platform benchmark's harness reads CPU and memory from /proc, and its report states each
target with its figure and ratio, and what the CPU per request was, for a reader who has only
the printout (the final run is made by someone else, on another machine)."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from benchmarks.platform_load import (
    LocustRun,
    RequestFigures,
    cpu_seconds,
    parent_pid,
    peak_rss_mib,
)
from benchmarks.platform_report import Phase, Usage, print_report

BURN = "sum(range(20_000_000)); print('burnt', flush=True); input()"
"""A child that spends CPU, says so, then waits (alive) until its input closes."""


def test_cpu_and_memory_are_read_per_process_tree() -> None:
    child = subprocess.Popen(
        [sys.executable, "-c", BURN], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    try:
        assert child.stdout is not None and child.stdout.readline() == "burnt\n"
        assert parent_pid(child.pid) == os.getpid()
        assert cpu_seconds(child.pid) > 0
        assert cpu_seconds(os.getpid()) >= cpu_seconds(child.pid)  # the tree holds the child
        sizes = peak_rss_mib(os.getpid())
        assert len(sizes) >= 2 and all(size > 0 for size in sizes)  # this process, then child
    finally:
        child.communicate("")
    assert cpu_seconds(None) == 0.0
    assert parent_pid(2**22 + 1) is None  # beyond the kernel's pid range: no such process


def _row(name: str, requests: int, failures: int, p95: float, rate: float) -> RequestFigures:
    return RequestFigures(name, requests, failures, p95 / 2, p95, p95 * 1.5, rate)


def _phase(name: str, rows: list[RequestFigures], cpu: Usage, load: float) -> Phase:
    run = LocustRun(name, ("Filer",) if name == "intake" else ("Regulator",), 50, 30)
    return Phase(run, rows, cpu, ((load, load, load), (load, load, load)))


def test_the_report_states_every_target_with_its_ratio(capsys: pytest.CaptureFixture[str]) -> None:
    mixed = [
        _row("dashboard (national)", 100, 0, 240, 3.0),
        _row("dashboard (provincial)", 300, 0, 450, 10.0),
        _row("console /api/catalogue", 50, 1, 900, 2.0),
        _row("Aggregated", 450, 1, 450, 15.0),
    ]
    phases = [
        _phase("mixed", mixed, Usage(8.0, 1.0, 4.0, 1.0), 0.2),
        _phase("intake", [_row("intake", 5000, 0, 300, 250.0)], Usage(20.0, 0, 10.0, 2.0), 3.0),
        _phase("dashboards", [_row("dashboard (national)", 900, 0, 50, 30.0)], Usage(), 0.1),
    ]
    print_report(phases, {"supervision": [200.0, 220.5, 230.0]}, workers=2)
    out = capsys.readouterr().out
    assert "dashboard p95 450 ms, dashboard (provincial) in the mixed phase" in out
    assert "(target < 300 ms): ratio 1.50" in out
    assert "filing intake 250.0 filings/s in the intake phase (target >= 200): ratio 1.25" in out
    assert "server CPU 4.0 ms per filing, database 2.0 ms" in out
    assert "errors 1 over every phase (target 0)" in out
    cores = os.cpu_count() or 1
    assert f"{cores} cores / 6.4 ms of CPU per filing" in out  # (20 + 10 + 2) s / 5000
    assert f"= {cores * 5000 / 32:.0f} filings/s with nothing else running" in out
    assert "supervision server 8.0 s (20.0 ms per request)" in out  # 400 supervision requests
    assert "console 1.0 s (20.0 ms)" in out  # 50 console requests
    assert "peak RSS supervision (supervisor, then each worker): 200, 220, 230 MiB" in out
    assert "busy before intake" in out and "CISO Assistant" in out
