"""The generic registry: duplicates refused, helpful lookups, broken plugins disabled."""

from __future__ import annotations

import pytest

from indsec.discover.base import CONNECTORS, scheme_of
from indsec.errors import PluginError
from indsec.plugins import Registry


def test_registry_rejects_duplicates_and_names_valid_ids() -> None:
    registry: Registry[int] = Registry("numbers")
    registry.register("one", 1)
    with pytest.raises(PluginError, match="already registered"):
        registry.register("one", 2)
    with pytest.raises(PluginError, match=r"unknown 'two' \(valid: one\)"):
        registry.get("two")


def test_connectors_come_from_entry_points() -> None:
    assert {"sqlite", "postgresql", "mysql", "file"} <= set(CONNECTORS.names())


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
