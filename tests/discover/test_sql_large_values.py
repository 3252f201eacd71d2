"""Large values are cut by the database, not after fetching, on every engine.

A view of many-megabyte texts and blobs once cost its whole size in memory (10 GB for a
thousand 10 MB rows); the sample query now fetches at most ``MAX_VALUE_CHARS`` characters of
text and no bytes of binary. Traced Python memory measures what was fetched.
"""

from __future__ import annotations

import tracemalloc

import pytest
from sqlalchemy import text

from indsec.discover.base import ConnectorOptions
from indsec.discover.formats.values import MAX_VALUE_CHARS

from .helpers import by_name, scan_url
from .plant_db import PlantDatabase

ROWS, SIZE = 20, 2_000_000
FETCHED_BUDGET = 20 * 1024 * 1024  # the uncut values alone would take 2 x ROWS x SIZE bytes
BIG_VIEW = {
    "sqlite": f"""CREATE VIEW "大值" AS SELECT "编号",
        replace(hex(zeroblob({SIZE // 2})), '0', 'x') || "型号" AS "说明",
        zeroblob({SIZE}) AS "图片" FROM "设备" WHERE "编号" <= {ROWS}""",
    "postgresql": f"""CREATE VIEW "大值" AS SELECT "编号",
        repeat('x', {SIZE}) || "型号" AS "说明",
        convert_to(repeat('y', {SIZE}), 'UTF8') AS "图片" FROM "设备" WHERE "编号" <= {ROWS}""",
    "mysql": f"""CREATE VIEW `大值` AS SELECT `编号`,
        CONCAT(REPEAT('x', {SIZE}), `型号`) AS `说明`,
        CAST(REPEAT('y', {SIZE}) AS BINARY) AS `图片` FROM `设备` WHERE `编号` <= {ROWS}""",
}


def test_long_text_is_cut_and_binary_not_fetched_by_the_query(plant: PlantDatabase) -> None:
    with plant.admin.begin() as conn:
        conn.execute(text(BIG_VIEW[plant.kind]))

    tracemalloc.start()
    try:
        assets, report = scan_url(plant.url, ConnectorOptions(sample_size=100))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    columns = {c.name: c.values for c in by_name(assets)["大值"].columns}

    assert not report.failures or [f.where for f in report.failures] == ["坏视图"]
    assert peak < FETCHED_BUDGET
    assert len(columns["编号"]) == ROWS
    assert [len(v) for v in columns["说明"]] == [MAX_VALUE_CHARS] * ROWS
    assert columns["图片"] == []  # opaque bytes are no text evidence: not even fetched


@pytest.mark.mysql
@pytest.mark.filterwarnings("ignore:Did not recognize type 'geometry'")
def test_a_type_mariadb_cannot_cast_is_fetched_as_it_is(mysql_plant: PlantDatabase) -> None:
    with mysql_plant.admin.begin() as conn:
        conn.execute(
            text("CREATE TABLE `位置` (`名称` TEXT, `坐标` GEOMETRY, `属性` JSON) CHARSET utf8mb4")
        )
        conn.execute(text("INSERT INTO `位置` VALUES ('一号线', POINT(1, 2), '{\"k\": \"v\"}')"))

    assets, report = scan_url(mysql_plant.url)
    columns = {c.name: c.values for c in by_name(assets)["位置"].columns}

    assert [f.where for f in report.failures] == ["坏视图"]
    assert columns["名称"] == ["一号线"]
    assert columns["属性"] == ['{"k": "v"}']
