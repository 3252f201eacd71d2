"""generate_demo: determinism, sources, profile and how it treats the target directory."""

from __future__ import annotations

import hashlib
import os
import sqlite3
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from sqlalchemy.engine import make_url
from stdnum.cn import uscc

from indsec.demo import DemoEnterprise, generate_demo
from indsec.errors import ConfigError

SMALL = 5_000
_GENERATE = (
    "import sys; from pathlib import Path; from indsec.demo import generate_demo; "
    "generate_demo(Path(sys.argv[1]), seed=int(sys.argv[2]), sensor_rows=int(sys.argv[3]))"
)


def _file_hashes(root: Path) -> dict[str, str]:
    return {
        path.relative_to(root).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def _table_hashes(database: Path) -> dict[str, str]:
    hashes = {}
    with sqlite3.connect(database) as connection:
        tables = [
            row[0]
            for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        ]
        for table in tables:
            digest = hashlib.sha256()
            for row in connection.execute(f'SELECT * FROM "{table}" ORDER BY rowid'):
                digest.update(repr(row).encode())
            hashes[table] = digest.hexdigest()
    connection.close()
    return hashes


def _generate_elsewhere(target: Path, *, seed: int, hash_seed: str) -> None:
    """Generate in a fresh interpreter, with its own string-hash seed and its own clock."""
    environment = {**os.environ, "PYTHONHASHSEED": hash_seed}
    command = [sys.executable, "-c", _GENERATE, str(target), str(seed), str(SMALL)]
    subprocess.run(command, env=environment, check=True, capture_output=True)


@pytest.fixture(scope="module")
def small_demo(tmp_path_factory: pytest.TempPathFactory) -> DemoEnterprise:
    return generate_demo(tmp_path_factory.mktemp("small") / "demo", seed=1, sensor_rows=SMALL)


def test_same_seed_gives_byte_identical_output(tmp_path: Path) -> None:
    _generate_elsewhere(tmp_path / "a", seed=7, hash_seed="1")
    _generate_elsewhere(tmp_path / "b", seed=7, hash_seed="2")
    files_a, files_b = _file_hashes(tmp_path / "a"), _file_hashes(tmp_path / "b")
    assert len(files_a) > 25
    assert files_a == files_b
    tables_a = _table_hashes(tmp_path / "a" / "mes_erp.db")
    assert len(tables_a) >= 15
    assert tables_a == _table_hashes(tmp_path / "b" / "mes_erp.db")


def test_another_seed_gives_other_content(tmp_path: Path, small_demo: DemoEnterprise) -> None:
    other = generate_demo(tmp_path / "other", seed=2, sensor_rows=SMALL)
    tables, other_tables = _table_hashes(small_demo.database), _table_hashes(other.database)
    assert tables["hr_employee"] != other_tables["hr_employee"]
    assert tables["md_product"] == other_tables["md_product"]  # master data is not random
    roster = "人事/员工花名册_2024.xlsx"
    assert _file_hashes(small_demo.files)[roster] != _file_hashes(other.files)[roster]


def test_sources_point_at_the_database_and_the_share(small_demo: DemoEnterprise) -> None:
    database_url, files_url = small_demo.sources()
    parsed = make_url(database_url)
    assert parsed.drivername == "sqlite"
    assert parsed.database == str(small_demo.database)
    assert dict(parsed.query) == {"system": "MES"}
    assert small_demo.database.is_absolute()
    share = urlsplit(files_url)
    assert (share.scheme, share.path) == ("file", str(small_demo.files))


def test_sensor_rows_sets_the_time_series_volume(small_demo: DemoEnterprise) -> None:
    with sqlite3.connect(small_demo.database) as connection:
        count = connection.execute("SELECT count(*) FROM mes_sensor_ts").fetchone()[0]
    connection.close()
    assert count == SMALL


def test_profile_describes_a_key_above_scale_manufacturer(small_demo: DemoEnterprise) -> None:
    profile = small_demo.profile
    assert profile.name == "华东精工装备制造有限公司"
    assert uscc.is_valid(profile.uscc)
    assert profile.industry_code == "C3670"
    assert (profile.province, profile.city) == ("江苏省", "常州市")
    assert profile.above_scale and profile.key_enterprise
    assert not profile.cii_operator
    assert profile.strategic_product_lines
    assert profile.revenue_cny > 1e9
    assert profile.legal_representative and profile.data_security_officer
    assert profile.officer_contact


def test_refuses_a_directory_holding_other_files(tmp_path: Path) -> None:
    (tmp_path / "keep.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(ConfigError, match="not empty"):
        generate_demo(tmp_path, sensor_rows=0)
    assert [p.name for p in tmp_path.iterdir()] == ["keep.txt"]


def test_refuses_a_file_as_target(tmp_path: Path) -> None:
    target = tmp_path / "demo"
    target.write_text("", encoding="utf-8")
    with pytest.raises(ConfigError, match="is a file"):
        generate_demo(target, sensor_rows=0)


def test_refuses_a_negative_sensor_volume(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="sensor_rows"):
        generate_demo(tmp_path / "demo", sensor_rows=-1)
    assert not (tmp_path / "demo").exists()


def test_replaces_an_earlier_demo_and_only_its_own_files(tmp_path: Path) -> None:
    first = generate_demo(tmp_path / "demo", seed=3, sensor_rows=10)
    (first.files / "stale.txt").write_text("old", encoding="utf-8")
    (first.root / "notes.txt").write_text("someone else's", encoding="utf-8")
    second = generate_demo(tmp_path / "demo", seed=3, sensor_rows=10)
    assert not (second.files / "stale.txt").exists()
    assert (second.root / "notes.txt").exists()
    assert second.database.is_file()
