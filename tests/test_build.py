"""Which build the tests run: the sources, or the compiled build (``make test-compiled``).

The compiled build's extension modules shadow the sources they came from, so a stray one left
in ``src/`` would make the editable install run stale code without a sign. These tests make
each run say which build it checked, and fail when it is not the one expected.
"""

from __future__ import annotations

import importlib
import os
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _compiled_modules() -> list[str]:
    """The modules ``pyproject.toml`` names for the compiled build."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    hook = config["tool"]["hatch"]["build"]["targets"]["wheel"]["hooks"]["mypyc"]
    paths = [entry.removeprefix("/src/").removesuffix(".py") for entry in hook["include"]]
    return [path.replace("/", ".") for path in paths]


@pytest.mark.parametrize("module", _compiled_modules())
def test_runs_the_expected_build(module: str) -> None:
    expect_compiled = os.environ.get("INDSEC_EXPECT_COMPILED") == "1"
    origin = Path(importlib.import_module(module).__file__ or "")
    assert (origin.suffix == ".so") is expect_compiled, origin
