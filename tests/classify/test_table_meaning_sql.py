"""A RuoYi-style MES schema scanned for real on SQLite and MariaDB: what each table is.

The source says ``system=MES``, which alone used to put every framework table in production;
the tables' own comments, names and conventions decide now.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from indsec.classify.service import AssetClassifier
from indsec.discover.base import ConnectorOptions, open_connector
from indsec.model import ClassifiedAsset, EnterpriseProfile, ScanReport
from indsec.rules.pack import load_packs

from .ruoyi_schema import TABLES, build_schema


def _classified(url: str) -> dict[str, ClassifiedAsset]:
    classifier = AssetClassifier.from_packs(load_packs())
    connector = open_connector(f"{url}?system=MES", options=ConnectorOptions(sample_size=50))
    report = ScanReport()
    assets = [classifier.classify(a, EnterpriseProfile()) for a in connector.discover(report)]
    assert report.failures == []
    return {asset.name: asset for asset in assets}


def _check(assets: dict[str, ClassifiedAsset]) -> None:
    got = {t.name: assets[t.name].category for t in TABLES}
    assert got == {t.name: t.category for t in TABLES}
    for table in TABLES:
        assert set(table.cross_cutting) <= set(assets[table.name].cross_cutting), table.name
    assert assets["t_0101"].metadata["references"] == "wm_warehouse"
    unclassified = assets["t_tmp_0001"]
    assert any(s.needs_review for s in unclassified.rationale if s.rule == "taxonomy.fallback")


def test_ruoyi_schema_on_sqlite(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'mes.db'}"
    build_schema("sqlite", url)
    _check(_classified(url))


@pytest.mark.mysql
def test_ruoyi_schema_on_mariadb(mysql_url: str) -> None:
    build_schema("mysql", mysql_url)
    _check(_classified(mysql_url))
