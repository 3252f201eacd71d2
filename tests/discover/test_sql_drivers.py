"""Engine families: driver shims, URL completion from the environment, error hygiene."""

from __future__ import annotations

import sys

import pytest
from sqlalchemy.engine import make_url

from indsec.discover.base import open_connector
from indsec.discover.dialects import DIALECTS, resolve_placeholders
from indsec.discover.sql import describe_error
from indsec.errors import ConnectorError, MissingDriverError, PluginError
from indsec.model import ScanReport

ENV = {"DB_USER": "scanner", "DB_PASS": "s3cr3t/@:?", "DB_HOST": "mes.plant.local"}


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("${DB_PASS}", "s3cr3t/@:?"),
        ("pre-${DB_USER}-post", "pre-scanner-post"),
        ("${DB_USER}${DB_USER}", "scannerscanner"),
        ("no placeholder", "no placeholder"),
        ("$DB_USER {DB_USER}", "$DB_USER {DB_USER}"),
        (None, None),
    ],
)
def test_placeholders_are_replaced_by_environment_values(
    value: str | None, expected: str | None
) -> None:
    assert resolve_placeholders(value, ENV) == expected


def test_an_unset_placeholder_names_the_variable() -> None:
    with pytest.raises(ConnectorError, match="MISSING_VAR"):
        resolve_placeholders("${MISSING_VAR}", ENV)


@pytest.mark.parametrize(
    ("url", "environ", "expected"),
    [
        (
            "postgresql://${DB_USER}:${DB_PASS}@${DB_HOST}/mes",
            ENV,
            ("postgresql+psycopg", "scanner", "s3cr3t/@:?", "mes.plant.local", "mes"),
        ),
        (
            "postgresql://scanner@db/mes",
            {"PGPASSWORD": "from-pg-env"},
            ("postgresql+psycopg", "scanner", "from-pg-env", "db", "mes"),
        ),
        (
            "postgresql://scanner:given@db/mes",
            {"PGPASSWORD": "ignored"},
            ("postgresql+psycopg", "scanner", "given", "db", "mes"),
        ),
        (
            "mysql://scanner@db/erp",
            {"MYSQL_PWD": "from-mysql-env"},
            ("mysql+pymysql", "scanner", "from-mysql-env", "db", "erp"),
        ),
        ("mysql+mysqldb://u:p@db/erp", {}, ("mysql+mysqldb", "u", "p", "db", "erp")),
        ("sqlite:///plant.db", {}, ("sqlite+pysqlite", None, None, None, "plant.db")),
    ],
)
def test_connection_urls_are_completed_from_the_environment(
    url: str, environ: dict[str, str], expected: tuple[str | None, ...]
) -> None:
    parsed = make_url(url)
    completed = DIALECTS.get(parsed.get_backend_name()).connection_url(parsed, environ)

    assert (
        completed.drivername,
        completed.username,
        completed.password,
        completed.host,
        completed.database,
    ) == expected


@pytest.mark.parametrize(
    ("dialect", "module", "extra"),
    [("postgresql", "psycopg", "postgresql"), ("mysql", "pymysql", "mysql")],
)
def test_a_missing_driver_names_the_pip_extra(
    monkeypatch: pytest.MonkeyPatch, dialect: str, module: str, extra: str
) -> None:
    monkeypatch.setitem(sys.modules, module, None)  # makes the import fail as if uninstalled

    with pytest.raises(MissingDriverError, match=rf"pip install 'indsec\[{extra}\]'"):
        DIALECTS.get(dialect).import_driver()


def test_a_missing_driver_stops_the_scan_with_a_connector_error(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setitem(sys.modules, "pymysql", None)
    connector = open_connector("mysql://scanner:pw@127.0.0.1:1/erp")

    with pytest.raises(ConnectorError, match=r"indsec\[mysql\]"):
        next(connector.discover(ScanReport()))


def test_a_driver_indsec_does_not_ship_is_a_connector_error() -> None:
    connector = open_connector("mysql+mysqldb://scanner:pw@127.0.0.1:1/erp")

    with pytest.raises(ConnectorError, match="cannot open"), connector.connect():
        pass


def test_the_installed_drivers_import() -> None:
    assert {name: DIALECTS.get(name).import_driver().__name__ for name in DIALECTS.names()} == {
        "mysql": "pymysql",
        "postgresql": "psycopg",
        "sqlite": "sqlite3",
    }


def test_an_unknown_dialect_lists_the_known_ones() -> None:
    with pytest.raises(PluginError, match="mysql, postgresql, sqlite"):
        DIALECTS.get("oracle")


@pytest.mark.parametrize(
    "url", ["postgresql://scanner:TopSecret@host:notaport/db", "postgresql://u:TopSecret@[::1:1/x"]
)
def test_an_unparsable_url_does_not_echo_its_password(url: str) -> None:
    pattern = r"not a valid database URL: postgresql://\w+:\*\*\*@"
    with pytest.raises(ConnectorError, match=pattern) as caught:
        open_connector(url)

    assert "TopSecret" not in str(caught.value)
    assert caught.value.__cause__ is None


def test_error_descriptions_are_one_bounded_line_without_the_secret() -> None:
    exc = RuntimeError("login failed\n  for password TopSecret\n" + "x" * 1000)

    described = describe_error(exc, ["TopSecret"])

    assert "\n" not in described
    assert "TopSecret" not in described
    assert described.startswith("login failed for password ***")
    assert len(described) == 300
