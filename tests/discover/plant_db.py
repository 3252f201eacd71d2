"""The plant database, built on SQLite, PostgreSQL or MariaDB for connector tests.

The plant database is built with real DDL on each engine, with Chinese identifiers and comments
the way each engine stores them (SQLite ``--`` comments in the CREATE statement, PostgreSQL
``COMMENT ON``, MariaDB inline ``COMMENT``), so every connector test reads real catalogues.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Column, Integer, MetaData, String, Table, create_engine, insert, text
from sqlalchemy.engine import Engine

DEVICE_ROWS = 2500
STAFF = [
    {"编号": 1, "姓名": "张伟", "身份证号": "110101199003077777", "备注": "班组长"},
    {"编号": 2, "姓名": "王芳", "身份证号": "110101199003071234", "备注": ""},
    {"编号": 3, "姓名": "李娜", "身份证号": "11010119900307123X", "备注": None},
]
SQLITE_DDL = """
CREATE TABLE "员工" ( -- 员工信息表
    "编号" INTEGER PRIMARY KEY, -- 员工编号
    "姓名" VARCHAR(50) NOT NULL, -- 员工姓名
    "身份证号" VARCHAR(18), -- 居民身份证号码
    "备注" VARCHAR(200)
);
CREATE TABLE "设备" (
    "编号" INTEGER PRIMARY KEY,
    "型号" VARCHAR(50) -- 设备型号
);
"""

# a plain view, and a view that fails when read (its table dropped, or a division by zero)
VIEWS = {
    "sqlite": [
        'CREATE VIEW "员工视图" AS SELECT "姓名" FROM "员工"',
        'CREATE TABLE "临时" (x INTEGER)',
        'CREATE VIEW "坏视图" AS SELECT x FROM "临时"',
        'DROP TABLE "临时"',
    ],
    "postgresql": [
        'CREATE VIEW "员工视图" AS SELECT "姓名" FROM "员工"',
        'CREATE VIEW "坏视图" AS SELECT 1 / ("编号" - "编号") AS x FROM "设备"',
    ],
    "mysql": [
        "CREATE VIEW `员工视图` AS SELECT `姓名` FROM `员工`",
        "CREATE TABLE `临时` (x INTEGER)",
        "CREATE VIEW `坏视图` AS SELECT x FROM `临时`",
        "DROP TABLE `临时`",
    ],
}


@dataclass(frozen=True)
class PlantDatabase:
    """A database holding the plant tables, and an engine with write access for the test."""

    kind: str
    url: str
    admin: Engine


def _plant_metadata() -> MetaData:
    metadata = MetaData()
    Table(
        "员工",
        metadata,
        Column("编号", Integer, primary_key=True, autoincrement=False, comment="员工编号"),
        Column("姓名", String(50), nullable=False, comment="员工姓名"),
        Column("身份证号", String(18), comment="居民身份证号码"),
        Column("备注", String(200)),
        comment="员工信息表",
        mysql_charset="utf8mb4",
    )
    Table(
        "设备",
        metadata,
        Column("编号", Integer, primary_key=True, autoincrement=False),
        Column("型号", String(50), comment="设备型号"),
        mysql_charset="utf8mb4",
    )
    return metadata


def _create_tables(engine: Engine, kind: str) -> None:
    with engine.begin() as conn:
        if kind == "sqlite":
            for statement in SQLITE_DDL.split(";"):
                if statement.strip():
                    conn.execute(text(statement))
        else:
            _plant_metadata().create_all(conn)


def _fill(engine: Engine, kind: str) -> None:
    metadata = MetaData()
    staff = Table("员工", metadata, autoload_with=engine)
    devices = Table("设备", metadata, autoload_with=engine)
    with engine.begin() as conn:
        conn.execute(insert(staff), STAFF)
        rows = [{"编号": i, "型号": f"CNC-{i:05d}"} for i in range(1, DEVICE_ROWS + 1)]
        conn.execute(insert(devices), rows)
        for statement in VIEWS[kind]:
            conn.execute(text(statement))


def build_plant(kind: str, url: str) -> PlantDatabase:
    """Create and fill the plant tables in the (empty) database at ``url``."""
    admin = create_engine(url)
    _create_tables(admin, kind)
    _fill(admin, kind)
    return PlantDatabase(kind, url, admin)


def dialect_sql(kind: str, statement: str) -> str:
    """``statement`` written with ANSI double quotes, in the quoting ``kind`` understands."""
    return statement.replace('"', "`") if kind == "mysql" else statement
