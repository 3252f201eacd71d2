"""MariaDB specifics: estimates, least-privilege users, credentials, statement time limits."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import pytest
from sqlalchemy import text
from sqlalchemy.engine import URL, make_url

from indsec.discover.base import ConnectorOptions, open_connector
from indsec.discover.sql import SqlConnector
from indsec.errors import ConnectorError

from .helpers import by_name, scan, scan_url
from .plant_db import DEVICE_ROWS, PlantDatabase

pytestmark = pytest.mark.mysql


def _execute(plant: PlantDatabase, *statements: str) -> None:
    with plant.admin.begin() as conn:
        for statement in statements:
            conn.execute(text(statement))


@pytest.fixture
def scanner_user(mysql_plant: PlantDatabase) -> Iterator[tuple[str, str]]:
    """A user granted SELECT on 员工 only; yields (user, password)."""
    user, password = f"scanner_{uuid.uuid4().hex[:8]}", f"Pw-{uuid.uuid4().hex}"
    database = make_url(mysql_plant.url).database
    accounts = [f"'{user}'@'{host}'" for host in ("localhost", "127.0.0.1")]
    for account in accounts:
        _execute(
            mysql_plant,
            f"CREATE USER {account} IDENTIFIED BY '{password}'",
            f"GRANT SELECT ON `{database}`.`员工` TO {account}",
        )
    yield user, password
    _execute(mysql_plant, *(f"DROP USER {account}" for account in accounts))


def test_large_tables_report_the_table_statistics_estimate(mysql_plant: PlantDatabase) -> None:
    _execute(mysql_plant, "ANALYZE TABLE `设备`, `员工`")
    connector = SqlConnector(mysql_plant.url, options=ConnectorOptions(max_scan_rows=1000))

    assets = by_name(scan(connector)[0])

    assert assets["设备"].rows_exact is False
    assert 0.5 * DEVICE_ROWS <= (assets["设备"].rows or 0) <= 1.5 * DEVICE_ROWS
    assert (assets["员工"].rows, assets["员工"].rows_exact) == (3, True)
    assert assets["员工视图"].rows_exact is True  # views have no statistics


def test_a_least_privilege_user_scans_what_it_may_read(
    mysql_plant: PlantDatabase, scanner_user: tuple[str, str]
) -> None:
    user, password = scanner_user
    url = make_url(mysql_plant.url).set(username=user, password=password)

    assets, report = scan_url(url.render_as_string(hide_password=False))

    assert [a.name for a in assets] == ["员工"]
    assert report.failures == []


def test_without_a_database_every_user_schema_is_scanned_with_qualified_names(
    mysql_plant: PlantDatabase,
) -> None:
    plant_url = make_url(mysql_plant.url)
    database = plant_url.database
    url = URL.create(
        plant_url.drivername,
        username=plant_url.username,
        password=plant_url.password,
        host=plant_url.host,
        port=plant_url.port,
    ).render_as_string(hide_password=False)

    assets, _ = scan_url(url, ConnectorOptions(sample_size=10))
    names = {a.name for a in assets}

    assert {f"{database}.员工", f"{database}.设备"} <= names
    assert not any(name.split(".")[0] in {"mysql", "information_schema"} for name in names)


def test_password_placeholder_is_resolved_from_the_environment(
    mysql_plant: PlantDatabase, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = make_url(mysql_plant.url)
    monkeypatch.setenv("INDSEC_TEST_MES_PASSWORD", str(url.password))
    templated = url.render_as_string(hide_password=False).replace(
        f":{url.password}@", ":${INDSEC_TEST_MES_PASSWORD}@"
    )

    connector = open_connector(templated)
    assets, _ = scan(connector)

    assert len(assets) == 3
    assert str(url.password) not in connector.describe()


def test_mysql_pwd_is_the_fallback_when_the_url_has_no_password(
    mysql_plant: PlantDatabase, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = make_url(mysql_plant.url)
    monkeypatch.setenv("MYSQL_PWD", str(url.password))

    assets, _ = scan_url(url.set(password=None).render_as_string(hide_password=False))

    assert len(assets) == 3


def test_a_wrong_password_is_a_connector_error_that_does_not_leak_it(
    mysql_plant: PlantDatabase,
) -> None:
    secret = f"Wrong-{uuid.uuid4().hex}"
    url = make_url(mysql_plant.url).set(password=secret).render_as_string(hide_password=False)

    with pytest.raises(ConnectorError, match="Access denied") as caught:
        scan_url(url)

    assert secret not in str(caught.value)
    assert secret not in repr(caught.value)


def test_an_unreachable_server_is_a_connector_error(mysql_plant: PlantDatabase) -> None:
    url = make_url(mysql_plant.url).set(host="127.0.0.1", port=1)

    with pytest.raises(ConnectorError, match="cannot connect"):
        scan_url(url.render_as_string(hide_password=False))


def test_a_statement_past_the_time_limit_is_killed_and_the_scan_goes_on(
    mysql_plant: PlantDatabase,
) -> None:
    _execute(mysql_plant, "CREATE VIEW `慢视图` AS SELECT SLEEP(5) AS x")

    assets, report = scan_url(mysql_plant.url, ConnectorOptions(statement_timeout_s=0.3))

    assert [a.name for a in assets] == ["员工", "设备", "员工视图"]
    failures = {f.where: f.message for f in report.failures}
    assert failures["慢视图"] == "statement timeout after 0.3 s"
