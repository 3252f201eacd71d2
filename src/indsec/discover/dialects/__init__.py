"""Database engine families, one module each, behind one registry the SQL connector looks up.

:mod:`.base` holds what the families share and the defaults they override; :mod:`.keys` picks
the indexed column a random sample is drawn from.
"""

from __future__ import annotations

from indsec.discover.dialects.base import Columns, Dialect, TableRef, origin, resolve_placeholders
from indsec.discover.dialects.keys import SampleKey
from indsec.discover.dialects.mysql import MysqlDialect
from indsec.discover.dialects.postgresql import PostgresqlDialect
from indsec.discover.dialects.sqlite import SqliteDialect
from indsec.plugins import Registry, instance_of

__all__ = [
    "DIALECTS",
    "Columns",
    "Dialect",
    "SampleKey",
    "TableRef",
    "origin",
    "resolve_placeholders",
]

DIALECTS: Registry[Dialect] = Registry(
    "sql dialects", entry_point_group="indsec.sql_dialects", accepts=instance_of(Dialect)
)
for _dialect in (SqliteDialect(), PostgresqlDialect(), MysqlDialect()):
    DIALECTS.register(_dialect.name, _dialect)
