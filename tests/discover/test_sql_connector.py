"""Behaviour every SQL engine shares, run on SQLite, PostgreSQL and MariaDB."""

from __future__ import annotations

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from indsec.discover.base import ConnectorOptions, open_connector
from indsec.discover.sql import SqlConnector
from indsec.model import AssetKind, DiscoveredAsset, ScanReport

from .helpers import by_name, scan_url
from .plant_db import DEVICE_ROWS, PlantDatabase, dialect_sql

SAMPLE = 100


def _scan_plant(plant: PlantDatabase) -> tuple[dict[str, DiscoveredAsset], ScanReport]:
    assets, report = scan_url(plant.url, ConnectorOptions(sample_size=SAMPLE))
    return by_name(assets), report


def _values(asset: DiscoveredAsset, column: str) -> list[str]:
    return next(c.values for c in asset.columns if c.name == column)


def test_lists_tables_then_views_and_reports_the_unreadable_view(plant: PlantDatabase) -> None:
    assets, report = scan_url(plant.url, ConnectorOptions(sample_size=SAMPLE))

    assert [a.name for a in assets] == ["员工", "设备", "员工视图"]
    assert [f.where for f in report.failures] == ["坏视图"]
    assert (report.assets_seen, report.assets_read) == (4, 3)


def test_reads_table_and_column_comments(plant: PlantDatabase) -> None:
    assets, _ = _scan_plant(plant)

    assert assets["员工"].comment == "员工信息表"
    assert {c.name: c.comment for c in assets["员工"].columns} == {
        "编号": "员工编号",
        "姓名": "员工姓名",
        "身份证号": "居民身份证号码",
        "备注": "",
    }
    assert assets["设备"].comment == ""
    assert [c.comment for c in assets["设备"].columns] == ["", "设备型号"]


def test_reads_column_types_and_object_kinds(plant: PlantDatabase) -> None:
    assets, _ = _scan_plant(plant)
    types = {c.name: c.data_type.upper() for c in assets["员工"].columns}

    assert "INT" in types["编号"]
    assert "VARCHAR(18)" in types["身份证号"]
    assert assets["员工"].metadata["object_type"] == "table"
    assert assets["员工视图"].metadata["object_type"] == "view"
    assert [assets[name].kind for name in ("员工", "设备", "员工视图")] == [
        AssetKind.TABLE,
        AssetKind.TABLE,
        AssetKind.VIEW,
    ]
    assert assets["员工"].metadata["dialect"] == plant.kind


def test_counts_rows_exactly_for_small_tables(plant: PlantDatabase) -> None:
    assets, _ = _scan_plant(plant)

    assert (assets["员工"].rows, assets["员工"].rows_exact) == (3, True)
    assert (assets["设备"].rows, assets["设备"].rows_exact) == (DEVICE_ROWS, True)
    assert (assets["员工视图"].rows, assets["员工视图"].rows_exact) == (3, True)


def test_samples_skip_empty_values_and_stay_within_the_sample_size(plant: PlantDatabase) -> None:
    assets, report = _scan_plant(plant)
    models = _values(assets["设备"], "型号")

    assert sorted(_values(assets["员工"], "身份证号")) == [
        "110101199003071234",
        "11010119900307123X",
        "110101199003077777",
    ]
    assert _values(assets["员工"], "备注") == ["班组长"]  # NULL and "" carry no evidence
    assert len(models) == len(set(models)) == SAMPLE
    assert all(value.startswith("CNC-") for value in models)
    assert report.values_sampled == (3 + 3 + 3 + 1) + 2 * SAMPLE + 3


def test_large_tables_are_sampled_at_random_not_from_the_front(plant: PlantDatabase) -> None:
    assets, _ = _scan_plant(plant)
    first_rows = {f"CNC-{i:05d}" for i in range(1, SAMPLE + 1)}

    assert set(_values(assets["设备"], "型号")) != first_rows


def test_assets_carry_the_source_and_the_system_hint(plant: PlantDatabase) -> None:
    url = f"{plant.url}{'&' if '?' in plant.url else '?'}system=MES"
    connector = open_connector(url, options=ConnectorOptions(sample_size=SAMPLE))
    report = ScanReport()
    assets = list(connector.discover(report))

    assert {a.system_hint for a in assets} == {"MES"}
    assert {a.source for a in assets} == {connector.describe()}
    assert "system=MES" in connector.describe()


def test_progress_names_each_table_before_reading_it(plant: PlantDatabase) -> None:
    seen: list[str] = []
    connector = open_connector(plant.url, options=ConnectorOptions(sample_size=SAMPLE))
    list(connector.discover(ScanReport(), seen.append))

    assert seen == ["员工", "设备", "员工视图", "坏视图"]


@pytest.mark.parametrize(
    "statement",
    [
        'INSERT INTO "员工" ("编号", "姓名") VALUES (9, \'入侵者\')',
        'UPDATE "员工" SET "姓名" = \'篡改\'',
        'DELETE FROM "设备"',
        'CREATE TABLE "写入" (x INTEGER)',
    ],
)
def test_the_connection_refuses_writes(plant: PlantDatabase, statement: str) -> None:
    connector = open_connector(plant.url)
    assert isinstance(connector, SqlConnector)

    with connector.connect() as conn, pytest.raises(DBAPIError):
        conn.execute(text(dialect_sql(plant.kind, statement)))
        conn.commit()

    with plant.admin.connect() as conn:
        names = conn.execute(text(dialect_sql(plant.kind, 'SELECT "姓名" FROM "员工"'))).scalars()
        assert sorted(names) == ["张伟", "李娜", "王芳"]
        devices = conn.execute(text(dialect_sql(plant.kind, 'SELECT count(*) FROM "设备"')))
        assert devices.scalar_one() == DEVICE_ROWS
