"""The generic registry: built-ins declared in code, third-party plugins from real installed
entry points, and a broken plugin refused with one line while the rest loads."""

from __future__ import annotations

import ast
import importlib
import json
import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest

from indsec.discover.base import CONNECTORS, Connector, scheme_of
from indsec.errors import PluginError
from indsec.extensions import EXTENSION_POINTS, plugin_statuses
from indsec.plugins import BUILTIN, Registry, subclass_of
from tests.distributions import write_distribution

SRC = Path(__file__).parents[1] / "src"
GROUP = "indsec_tests.connectors"

PLUGIN_MODULE = """
from indsec.discover.base import Connector

class AcmeConnector(Connector):
    def discover(self, report, progress=None):
        return iter(())

class Other(Connector):
    def discover(self, report, progress=None):
        return iter(())

NOT_A_CONNECTOR = 42
"""


def test_registry_rejects_duplicates_and_names_valid_ids() -> None:
    registry: Registry[int] = Registry("numbers", entry_point_group=GROUP, accepts=_any)
    registry.register("one", 1)
    with pytest.raises(PluginError, match="already registered by builtins"):
        registry.register("one", 2)
    with pytest.raises(PluginError, match=r"unknown 'two' \(valid: one\)"):
        registry.get("two")


def _any(name: str, item: object) -> None:
    return None


def test_a_builtin_module_that_fails_to_import_fails_every_lookup() -> None:
    registry: Registry[int] = Registry(
        "numbers", entry_point_group=GROUP, accepts=_any, builtin_modules=["indsec.no_such"]
    )
    for _ in range(2):  # not a silently partial registry on the second lookup
        with pytest.raises(
            PluginError, match=r"numbers: built-in module indsec.no_such: No module"
        ):
            registry.names()


def test_builtin_connectors_need_no_entry_points() -> None:
    assert {"sqlite", "postgresql", "mysql", "file"} <= set(CONNECTORS.names())
    assert {s.origin for s in CONNECTORS.statuses()} == {BUILTIN}


def test_every_registry_in_the_source_is_an_extension_point() -> None:
    """``indsec plugins`` lists every registry: each ``= Registry(...)`` in src is listed."""
    found = []
    for path in sorted(SRC.rglob("*.py")):
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            if isinstance(node, ast.AnnAssign) and _calls_registry(node.value):
                parts = path.relative_to(SRC).with_suffix("").parts
                module = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
                found.append(getattr(importlib.import_module(module), ast.unparse(node.target)))
    assert len(found) == 15
    assert {id(r) for r in found} == {id(r) for r in EXTENSION_POINTS}


def _calls_registry(value: ast.expr | None) -> bool:
    return isinstance(value, ast.Call) and ast.unparse(value.func) == "Registry"


def test_every_extension_point_lists_its_builtins() -> None:
    statuses = plugin_statuses()
    assert {s.group for s in statuses} == {r.group for r in EXTENSION_POINTS}
    assert all(s.enabled and s.origin == BUILTIN for s in statuses), statuses


@pytest.fixture
def acme(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Two installed distributions with good and broken plugins in one entry-point group."""
    write_distribution(
        tmp_path,
        "acme-connectors",
        {
            GROUP: {
                "acme": "acme_connectors:AcmeConnector",
                "missing": "acme_missing:Connector",
                "wrong": "acme_connectors:NOT_A_CONNECTOR",
                "taken": "acme_connectors:Other",
            }
        },
        {"acme_connectors": PLUGIN_MODULE},
    )
    write_distribution(tmp_path, "copycat", {GROUP: {"acme": "acme_connectors:Other"}}, {})
    monkeypatch.syspath_prepend(str(tmp_path))


@pytest.mark.usefixtures("acme")
def test_broken_plugins_are_refused_one_line_each_and_the_rest_loads(
    caplog: pytest.LogCaptureFixture,
) -> None:
    registry: Registry[type[Connector]] = Registry(
        "test connectors", entry_point_group=GROUP, accepts=subclass_of(Connector)
    )
    registry.register("taken", CONNECTORS.get("file"))
    with caplog.at_level(logging.WARNING, logger="indsec.plugins"):
        assert registry.names() == ["acme", "taken"]
    origins = {(s.name, s.origin, s.enabled) for s in registry.statuses()}
    assert ("acme", "acme-connectors 1.0", True) in origins
    reasons = {s.name: s.detail for s in registry.statuses() if not s.enabled}
    assert reasons["missing"].startswith("cannot be loaded: ModuleNotFoundError")
    assert reasons["wrong"] == "expected a subclass of Connector, got int"
    assert "already taken by built-in" in reasons["taken"]
    assert "already taken by acme-connectors 1.0" in reasons["acme"]  # the copycat's
    lines = [r.getMessage() for r in caplog.records]
    assert len(lines) == 4 and all("\n" not in line for line in lines)
    assert any("plugin 'missing' from acme-connectors 1.0" in line for line in lines)
    with pytest.raises(PluginError, match="'missing' is disabled: cannot be loaded"):
        registry.get("missing")


def test_indsec_plugins_names_a_third_party_distribution_and_warns_of_a_broken_one(
    tmp_path: Path,
) -> None:
    write_distribution(
        tmp_path,
        "acme-connectors",
        {"indsec.connectors": {"acme": "acme_connectors:AcmeConnector", "bad": "nowhere:X"}},
        {"acme_connectors": PLUGIN_MODULE},
    )
    path = f"{tmp_path}:{SRC}"
    code = "from indsec.cli.main import run; run()"
    done = subprocess.run(
        [sys.executable, "-c", code, "plugins", "--json"],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": path},
        cwd=tmp_path,
        timeout=120,
        check=True,
    )
    rows = {(r["group"], r["name"]): r for r in json.loads(done.stdout)}
    assert rows["connectors", "acme"]["origin"] == "acme-connectors 1.0"
    assert rows["connectors", "sqlite"]["origin"] == BUILTIN
    assert not rows["connectors", "bad"]["enabled"]
    warning = [line for line in done.stderr.splitlines() if "'bad'" in line]
    assert len(warning) == 1 and "acme-connectors 1.0" in warning[0], done.stderr


@pytest.mark.parametrize(
    ("url", "scheme"),
    [
        ("sqlite:///a.db", "sqlite"),
        ("postgresql+psycopg://h/db", "postgresql"),
        ("/srv/share", "file"),
        ("file:///srv", "file"),
        ("C:/share", "file"),
    ],
)
def test_scheme_of(url: str, scheme: str) -> None:
    assert scheme_of(url) == scheme
