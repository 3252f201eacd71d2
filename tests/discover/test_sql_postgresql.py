"""PostgreSQL specifics: schemas, estimates, TABLESAMPLE, privileges, credentials, timeouts."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import pytest
from sqlalchemy import Engine, event, text
from sqlalchemy.engine import make_url

from indsec.discover.base import ConnectorOptions, open_connector
from indsec.discover.dialects import postgresql as pg_dialect
from indsec.discover.sql import SqlConnector
from indsec.errors import ConnectorError
from indsec.model import AssetKind

from .helpers import by_name, scan, scan_url
from .plant_db import DEVICE_ROWS, PlantDatabase

pytestmark = pytest.mark.postgresql
SAMPLE = 100
KEYLESS = 'CREATE TABLE "型号表" AS SELECT "型号" FROM "设备"'


def _execute(plant: PlantDatabase, *statements: str) -> None:
    with plant.admin.begin() as conn:
        for statement in statements:
            conn.execute(text(statement))


@pytest.fixture
def statements() -> Iterator[list[str]]:
    """SQL text of every statement any engine runs while the test runs."""
    seen: list[str] = []

    def record(_conn: object, _cursor: object, statement: str, *_: object) -> None:
        seen.append(statement)

    event.listen(Engine, "before_cursor_execute", record)
    yield seen
    event.remove(Engine, "before_cursor_execute", record)


@pytest.fixture
def scanner_role(postgresql_plant: PlantDatabase) -> Iterator[tuple[str, str]]:
    """A login role that may read 员工 but not 设备; yields (user, password)."""
    user, password = f"scanner_{uuid.uuid4().hex[:8]}", f"Pw-{uuid.uuid4().hex}"
    database = make_url(postgresql_plant.url).database
    _execute(
        postgresql_plant,
        f"CREATE ROLE {user} LOGIN PASSWORD '{password}'",
        f'GRANT CONNECT ON DATABASE "{database}" TO {user}',
        f'GRANT SELECT ON "员工", "员工视图" TO {user}',
    )
    yield user, password
    _execute(postgresql_plant, f"DROP OWNED BY {user}", f"DROP ROLE {user}")


def test_other_schemas_are_scanned_with_qualified_names_and_comments(
    postgresql_plant: PlantDatabase,
) -> None:
    _execute(
        postgresql_plant,
        'CREATE SCHEMA "生产"',
        "COMMENT ON SCHEMA \"生产\" IS '生产执行系统'",
        'CREATE TABLE "生产"."配方" ("温度" NUMERIC(5, 1), "压力" NUMERIC(5, 2))',
        'COMMENT ON TABLE "生产"."配方" IS \'工艺配方\'',
        'INSERT INTO "生产"."配方" VALUES (180.5, 0.85)',
    )

    assets, _ = scan_url(postgresql_plant.url)
    recipe = by_name(assets)["生产.配方"]

    assert recipe.comment == "工艺配方"
    assert recipe.metadata["schema"] == "生产"
    assert recipe.metadata["schema_comment"] == "生产执行系统"
    assert [(c.name, c.data_type, c.values) for c in recipe.columns] == [
        ("温度", "NUMERIC(5, 1)", ["180.5"]),
        ("压力", "NUMERIC(5, 2)", ["0.85"]),
    ]
    assert "员工" in by_name(assets)  # the default schema keeps bare names


def test_materialized_views_are_listed_after_views(postgresql_plant: PlantDatabase) -> None:
    _execute(postgresql_plant, 'CREATE MATERIALIZED VIEW "型号汇总" AS SELECT "型号" FROM "设备"')

    assets, _ = scan_url(postgresql_plant.url, ConnectorOptions(sample_size=SAMPLE))

    assert [a.name for a in assets][-1] == "型号汇总"
    assert assets[-1].metadata["object_type"] == "materialized view"
    assert assets[-1].kind == AssetKind.VIEW
    assert assets[-1].rows == DEVICE_ROWS


def test_a_tablesample_that_finds_no_rows_falls_back_to_a_bounded_reservoir(
    postgresql_plant: PlantDatabase, monkeypatch: pytest.MonkeyPatch, statements: list[str]
) -> None:
    """SYSTEM sampling at a vanishing rate picks no page of a table with rows."""
    monkeypatch.setattr(pg_dialect, "TABLESAMPLE_OVERSAMPLING", 1e-9)
    _execute(postgresql_plant, KEYLESS)

    assets = by_name(scan_url(postgresql_plant.url, ConnectorOptions(sample_size=SAMPLE))[0])

    assert len(assets["型号表"].columns[0].values) == SAMPLE
    models = [s for s in statements if '"型号表"' in s and "LIMIT" in s]
    assert [("system" in s, "UNION ALL" in s) for s in models[-2:]] == [
        (True, False),
        (False, False),
    ]


def test_large_tables_report_the_planner_estimate(postgresql_plant: PlantDatabase) -> None:
    _execute(postgresql_plant, 'ANALYZE "设备"', 'ANALYZE "员工"')
    connector = SqlConnector(postgresql_plant.url, options=ConnectorOptions(max_scan_rows=1000))

    assets = by_name(scan(connector)[0])

    assert assets["设备"].rows_exact is False
    assert 0.5 * DEVICE_ROWS <= (assets["设备"].rows or 0) <= 1.5 * DEVICE_ROWS
    assert (assets["员工"].rows, assets["员工"].rows_exact) == (3, True)


def test_large_tables_use_key_ranges_else_a_seeded_tablesample_and_views_a_reservoir(
    postgresql_plant: PlantDatabase, statements: list[str]
) -> None:
    _execute(postgresql_plant, 'CREATE VIEW "设备视图" AS SELECT "型号" FROM "设备"', KEYLESS)

    assets = by_name(scan_url(postgresql_plant.url, ConnectorOptions(sample_size=SAMPLE))[0])

    for name in ("设备", "设备视图", "型号表"):
        assert len(assets[name].columns[-1].values) == SAMPLE
    assert any("UNION ALL" in s and '"设备"' in s for s in statements)
    assert any("TABLESAMPLE system" in s and "REPEATABLE" in s for s in statements)
    assert not any("TABLESAMPLE" in s and "设备" in s for s in statements)
    assert not any("random()" in s or ("ORDER BY" in s and "设备视图" in s) for s in statements)


def test_a_table_without_privilege_is_reported_and_the_rest_scanned(
    postgresql_plant: PlantDatabase, scanner_role: tuple[str, str]
) -> None:
    user, password = scanner_role
    url = make_url(postgresql_plant.url).set(username=user, password=password)

    assets, report = scan_url(url.render_as_string(hide_password=False))

    assert [a.name for a in assets] == ["员工", "员工视图"]
    failures = {f.where: f.message for f in report.failures}
    assert "permission denied" in failures["设备"]
    assert set(failures) == {"设备", "坏视图"}


def test_password_placeholder_is_resolved_from_the_environment(
    postgresql_plant: PlantDatabase, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = make_url(postgresql_plant.url)
    monkeypatch.setenv("INDSEC_TEST_SCANNER_PASSWORD", str(url.password))
    templated = url.render_as_string(hide_password=False).replace(
        f":{url.password}@", ":${INDSEC_TEST_SCANNER_PASSWORD}@"
    )

    connector = open_connector(templated)
    assets, _ = scan(connector)

    assert len(assets) == 3
    assert str(url.password) not in connector.describe()
    assert {a.source for a in assets} == {connector.describe()}


def test_pgpassword_is_the_fallback_when_the_url_has_no_password(
    postgresql_plant: PlantDatabase, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = make_url(postgresql_plant.url)
    monkeypatch.setenv("PGPASSWORD", str(url.password))

    assets, _ = scan_url(url.set(password=None).render_as_string(hide_password=False))

    assert len(assets) == 3


def test_a_wrong_password_is_a_connector_error_that_does_not_leak_it(
    postgresql_plant: PlantDatabase,
) -> None:
    secret = f"Wrong-{uuid.uuid4().hex}"
    url = make_url(postgresql_plant.url).set(password=secret).render_as_string(hide_password=False)

    with pytest.raises(ConnectorError, match="password authentication failed") as caught:
        scan_url(url)

    assert secret not in str(caught.value)
    assert secret not in repr(caught.value)
    assert ":***@" in str(caught.value)


def test_an_unreachable_server_is_a_connector_error(postgresql_plant: PlantDatabase) -> None:
    url = make_url(postgresql_plant.url).set(host="127.0.0.1", port=1)

    with pytest.raises(ConnectorError, match="cannot connect"):
        scan_url(url.render_as_string(hide_password=False))


def test_a_statement_past_the_timeout_is_cancelled_and_the_scan_goes_on(
    postgresql_plant: PlantDatabase,
) -> None:
    _execute(postgresql_plant, 'CREATE VIEW "慢视图" AS SELECT 1 AS x FROM pg_sleep(5)')

    assets, report = scan_url(postgresql_plant.url, ConnectorOptions(statement_timeout_s=0.3))

    assert [a.name for a in assets] == ["员工", "设备", "员工视图"]
    failures = {f.where: f.message for f in report.failures}
    assert failures["慢视图"] == "statement timeout after 0.3 s"
