"""A value read back from a row: same-named columns copied, the rest given explicitly."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from types import SimpleNamespace

import pytest

from indsec.errors import NotFoundError
from indsec.store.database import Store
from indsec.store.moments import aware
from indsec.store.rows import from_row, row_or_missing
from indsec.store.tables import DrillRow


@dataclass(frozen=True, slots=True)
class Shown:
    id: int
    name: str
    at: datetime


def test_same_named_columns_are_copied_and_converted_ones_given() -> None:
    row = SimpleNamespace(id=7, name="甲", at=datetime(2026, 1, 5), unrelated="x")
    shown = from_row(Shown, row, at=aware(row.at))
    assert shown == Shown(7, "甲", datetime(2026, 1, 5, tzinfo=UTC))


def test_a_field_the_row_lacks_and_nobody_gives_is_an_error() -> None:
    with pytest.raises(AttributeError, match="at"):
        from_row(Shown, SimpleNamespace(id=7, name="甲"))


def test_a_missing_row_is_a_not_found_error_naming_what_was_asked(tmp_path: Path) -> None:
    store = Store(f"sqlite:///{tmp_path / 'store.db'}")
    try:
        with store.session() as session, pytest.raises(NotFoundError, match=r"^no drill 9$"):
            row_or_missing(session, DrillRow, 9, "drill 9")
    finally:
        store.close()
