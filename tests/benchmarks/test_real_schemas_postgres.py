"""The PostgreSQL copy of a MariaDB-loaded schema, and the engine comparison of the evaluation."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from benchmarks.real_schemas import scan_to_assets
from benchmarks.real_schemas_postgres import asset_differences, copy_to_postgresql
from sqlalchemy import create_engine, inspect, text
from sqlalchemy.engine import make_url

pytestmark = [pytest.mark.mysql, pytest.mark.postgresql]

SCHEMA = [
    "CREATE TABLE sys_dept (dept_id INT UNSIGNED NOT NULL PRIMARY KEY,"
    " dept_name VARCHAR(30) COLLATE utf8mb4_bin COMMENT '部门名称') COMMENT='部门表'",
    "CREATE TABLE sys_user (user_id BIGINT NOT NULL PRIMARY KEY, dept_id INT UNSIGNED,"
    " email VARCHAR(50) COMMENT '用户邮箱', phonenumber VARCHAR(11) COMMENT '手机号码',"
    " sex ENUM('0','1','2'), status TINYINT(1), login_date DATETIME, avatar LONGBLOB,"
    " remark LONGTEXT, FOREIGN KEY (dept_id) REFERENCES sys_dept (dept_id))"
    " COMMENT='用户信息表'",
    "CREATE TABLE sys_oper_log (oper_id BIGINT, oper_param TEXT, KEY ix_oper (oper_id))",
    "INSERT INTO sys_dept VALUES (4000000000, '研发部')",
    "INSERT INTO sys_user VALUES (1, 4000000000, 'zhang.wei@example.com', '13812345678', '0', 1,"
    " '2024-05-01 08:00:00', x'89504e47', 'a\\0b'), (2, 7, 'li.na@example.cn', '13987654321',"
    " '1', 0, NULL, NULL, NULL)",
    'INSERT INTO sys_oper_log VALUES (1, \'{"phone":"13812345678","password":"123456"}\')',
]


@pytest.fixture
def loaded(mysql_url: str) -> str:
    engine = create_engine(mysql_url)
    with engine.begin() as conn:
        conn.execute(text("SET FOREIGN_KEY_CHECKS = 0"))  # as dumps load: user 2's dept is absent
        for statement in SCHEMA:
            conn.execute(text(statement))
    engine.dispose()
    return mysql_url


def test_the_copy_keeps_comments_keys_and_rows_and_scans_alike(
    loaded: str, postgresql_url: str, tmp_path: Path
) -> None:
    database = make_url(postgresql_url).database or ""
    server = os.environ["INDSEC_TEST_POSTGRESQL_URL"]

    pg_url, note = copy_to_postgresql(loaded, server, database)

    assert note == "3 tables, 4 rows, 1 foreign keys (0 refused)"
    engine = create_engine(pg_url)
    schema = inspect(engine)
    assert schema.get_table_comment("sys_user")["text"] == "用户信息表"
    comments = {c["name"]: c.get("comment") for c in schema.get_columns("sys_dept")}
    assert comments["dept_name"] == "部门名称"
    assert schema.get_pk_constraint("sys_user")["constrained_columns"] == ["user_id"]
    [key] = schema.get_foreign_keys("sys_user")
    assert (key["referred_table"], key["constrained_columns"]) == ("sys_dept", ["dept_id"])
    with engine.connect() as conn:
        assert conn.execute(text("SELECT dept_id FROM sys_dept")).scalar() == 4_000_000_000
        assert conn.execute(text("SELECT remark FROM sys_user WHERE user_id = 1")).scalar() == "ab"
    engine.dispose()
    (tmp_path / "m").mkdir()
    (tmp_path / "p").mkdir()
    on_mariadb = scan_to_assets(loaded, tmp_path / "m")
    on_postgresql = scan_to_assets(pg_url, tmp_path / "p")
    assert asset_differences(on_mariadb, on_postgresql) == []
    assert len(on_mariadb) == 3


def test_differences_name_the_asset_and_what_differs() -> None:
    first = [{"name": "t", "category": "a", "fields": [{"name": "c", "labels": ["email"]}]}]
    second = [
        {"name": "t", "category": "b", "fields": [{"name": "c", "labels": []}]},
        {"name": "u", "category": "a", "fields": []},
    ]

    assert asset_differences(first, second) == [
        "u: only on PostgreSQL",
        "t category: a vs b",
        "t c labels: ['email'] vs []",
    ]
