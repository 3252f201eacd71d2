"""Opening the store to read never creates state, and says where it looked."""

from __future__ import annotations

from pathlib import Path

import pytest

from indsec.errors import NotFoundError, StoreError
from indsec.store.database import Store, describe_url


def test_a_read_of_a_missing_sqlite_file_creates_nothing(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'state' / 'indsec.db'}"
    with pytest.raises(NotFoundError, match=str(tmp_path / "state" / "indsec.db")):
        Store(url, existing=True)
    assert list(tmp_path.iterdir()) == []
    Store(url).close()  # a write creates it
    opened = Store(url, existing=True)
    assert opened.where == str(tmp_path / "state" / "indsec.db")
    opened.close()


def test_an_invalid_url_is_a_store_error_even_for_a_read() -> None:
    with pytest.raises(StoreError, match="invalid database URL"):
        Store("nonsense::", existing=True)


def test_where_hides_a_server_password() -> None:
    shown = describe_url("postgresql://scanner:s3cret@db/erp")
    assert "s3cret" not in shown and "db/erp" in shown
