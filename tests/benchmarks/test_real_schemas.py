"""The real-schema evaluation: its scoring maths, its golden files, and its loader end to end."""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from benchmarks.real_schemas import (
    evaluate,
    load_into_mariadb,
    mariadb_dialect,
    report,
    run_database_name,
)
from benchmarks.real_schemas_score import (
    GOLDEN_DIR,
    Golden,
    golden_problems,
    is_name_only,
    load_golden,
    pack_ids,
    score,
)
from sqlalchemy.engine import make_url

VALUED = frozenset({"email", "cn.mobile", "person.name", "date", "ipv4", "ipv6"})


def _golden(**overrides: Any) -> Golden:
    values: dict[str, Any] = {
        "schema": "fixture",
        "held_out": False,
        "licence": "test",
        "origin": "test",
        "source": {"kind": "shared", "files": ["fixture/dump.sql"]},
        "categories": {
            "users": frozenset({"it.system_management", "personal_information"}),
            "orders": frozenset({"management.supply_chain"}),
        },
        "labels": {
            ("users", "mail"): frozenset({"email"}),
            ("users", "tel"): frozenset({"cn.mobile"}),
        },
    }
    return Golden(**(values | overrides))


def _field(name: str, *labels: tuple[str, int]) -> dict[str, Any]:
    details = [{"label": lab, "matched": n, "sampled": 5, "evidence": []} for lab, n in labels]
    return {"name": name, "labels": [lab for lab, _ in labels], "label_details": details}


def _assets() -> list[dict[str, Any]]:
    users = {
        "name": "users",
        "category": "personal_information",
        "fields": [
            _field("mail", ("email", 5), ("person.name", 2)),  # one right, one false positive
            _field("tel", ("cn.mobile", 0)),  # expected, but from the name alone: missed
            _field("created", ("date", 0)),  # unscored: neither counted nor name-only
            _field("ip", ("ipv6", 0)),  # from the name alone: name-only, not a false positive
            _field("amount", ("biz.finance", 0)),  # no value recognizer: semantic name-only
        ],
    }
    return [users, {"name": "orders", "category": "production.process_parameters", "fields": []}]


def test_score_counts_categories_labels_and_name_only() -> None:
    result = score(_golden(), _assets(), VALUED)
    assert (result.tables, result.tables_right, result.accuracy) == (2, 1, 0.5)
    assert (result.true_pos, result.false_pos, result.false_neg) == (1, 1, 1)
    assert result.precision == pytest.approx(1 / 2)
    assert result.recall == pytest.approx(1 / 2)
    assert (result.name_only, result.name_only_semantic) == (2, 1)
    assert result.mismatches == [
        "category orders: got production.process_parameters, expected management.supply_chain",
        "name-only users.tel cn.mobile",
        "name-only users.ip ipv6",
        "false positive users.mail: person.name",
        "missed users.tel: cn.mobile",
    ]


def test_a_scanned_table_missing_from_the_golden_file_is_listed() -> None:
    extra = {"name": "extra", "category": "unclassified", "fields": []}
    result = score(_golden(), [*_assets(), extra], VALUED)
    assert result.tables == 2
    assert "table extra is not in the golden file" in result.mismatches


def test_unclassified_tables_are_counted_apart_from_wrong_categories() -> None:
    assets = [{**a, "category": "unclassified"} for a in _assets()]
    result = score(_golden(), assets, VALUED)
    assert (result.tables_right, result.unclassified) == (0, 2)
    assert "0 in another category" in report(_golden(), result)
    assert score(_golden(), _assets(), VALUED).unclassified == 0


def test_missing_table_is_a_category_mismatch_and_empty_sets_score_one() -> None:
    result = score(_golden(labels={}), [], VALUED)
    assert result.accuracy == 0.0
    assert "category users: got <missing>" in result.mismatches[1]
    assert (result.precision, result.recall) == (1.0, 1.0)


def test_name_only_reads_matched_or_else_the_evidence() -> None:
    assert is_name_only({"label": "email", "matched": 0, "evidence": ["3/3 sampled values"]})
    assert not is_name_only({"label": "email", "matched": 3})
    assert is_name_only({"label": "email", "evidence": ["column name 'email'"]})
    assert not is_name_only({"label": "email", "evidence": ["3/3 sampled values are e-mails"]})


def test_report_hides_held_out_mismatches_unless_asked() -> None:
    result = score(_golden(), _assets(), VALUED)
    held = _golden(held_out=True)
    assert "missed users.tel" not in report(held, result, details=False)
    assert "HELD OUT" in report(held, result, details=False)
    assert "missed users.tel: cn.mobile" in report(held, result)


def test_golden_problems_name_unknown_ids() -> None:
    golden = _golden(
        categories={"t": frozenset({"no.such_category"})},
        labels={("t", "c"): frozenset({"biz.finance", "nope"})},
    )
    categories, valued = pack_ids()
    assert golden_problems(golden, categories, valued) == [
        "t: unknown category 'no.such_category'",
        "t.c: label 'biz.finance' is not a value-provable recognizer",
        "t.c: label 'nope' is not a value-provable recognizer",
    ]


@pytest.mark.parametrize(
    "source",
    [
        {"kind": "shared", "files": []},
        {"kind": "git", "mirror": "x+y", "files": ["sql/a.sql"]},
        {"kind": "git", "files": [{"commit": "c", "path": "p"}]},
        {"kind": "ftp", "files": ["a.sql"]},
    ],
)
def test_golden_problems_name_an_unreadable_source(source: dict[str, Any]) -> None:
    golden = _golden(source=source, labels={})
    assert golden_problems(golden, *pack_ids()) == [f"source: not readable: {source}"]


@pytest.mark.parametrize("path", sorted(GOLDEN_DIR.glob("*.yaml")), ids=lambda p: p.stem)
def test_golden_files_use_only_known_ids(path: Path) -> None:
    golden = load_golden(path)
    assert golden.schema == path.stem
    assert golden.categories, "a golden file labels every table"
    assert golden_problems(golden, *pack_ids()) == []


def test_at_least_one_schema_is_held_out() -> None:
    goldens = [load_golden(p) for p in GOLDEN_DIR.glob("*.yaml")]
    assert any(g.held_out for g in goldens) and not all(g.held_out for g in goldens)


def test_mariadb_dialect_renames_mysql8_collations() -> None:
    sql = "CREATE TABLE t (a varchar(5) COLLATE utf8mb4_0900_ai_ci) COLLATE=utf8mb4_0900_ai_ci"
    assert "0900" not in mariadb_dialect(sql)
    assert mariadb_dialect(sql).count("utf8mb4_general_ci") == 2


def test_mariadb_dialect_drops_the_dumps_own_databases() -> None:
    """wms-cloud's dump creates and enters `wms-config` and `wms-cloud`; its tables must load
    into the run's database instead (and `wms-config` is no valid bare name anyway)."""
    sql = "create database if not exists wms-config;\n\nuse wms-config;\nCREATE TABLE t (a int);\n"
    sql += "DROP DATABASE IF EXISTS `t097`;\n"
    loaded = mariadb_dialect(sql)
    assert "database" not in loaded.lower() and "use " not in loaded.lower()
    assert "CREATE TABLE t (a int);" in loaded
    assert mariadb_dialect("INSERT INTO t VALUES ('use x; create database y');") == (
        "INSERT INTO t VALUES ('use x; create database y');"
    )


def test_mariadb_dialect_drops_the_source_schema_from_view_definitions() -> None:
    """mls's dump (Source Schema: yk_ai) defines views over `yk_ai`.`t_bom`: loaded into the
    run's database, they must name its own tables."""
    sql = "/*\n Source Schema         : yk_ai\n*/\nCREATE TABLE `t_bom` (a int);\n"
    sql += "CREATE VIEW `v` AS select `yk_ai`.`t_bom`.`a` AS `a` from `yk_ai`.`t_bom`;\n"
    loaded = mariadb_dialect(sql)
    assert "yk_ai`." not in loaded
    assert "select `t_bom`.`a` AS `a` from `t_bom`;" in loaded


DUMP = """/* a Navicat-style header */
SET NAMES utf8mb4;
SET FOREIGN_KEY_CHECKS = 0;
-- ----------------------------
CREATE TABLE `sys_user` (
  `user_id` bigint NOT NULL COMMENT '用户ID',
  `email` varchar(50) COLLATE utf8mb4_0900_ai_ci COMMENT '用户邮箱',
  `phonenumber` varchar(11) COMMENT '手机号码',
  PRIMARY KEY (`user_id`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COMMENT='用户信息表';
INSERT INTO `sys_user` VALUES (1,'zhang.wei@example.com','13812345678'),
  (2,'li.na@example.cn','13987654321'),(3,'wang.fang@example.com','15011112222');
DELIMITER ;;
CREATE PROCEDURE noop() BEGIN SELECT 1; END;;
DELIMITER ;
SET FOREIGN_KEY_CHECKS = 1;
"""


@pytest.mark.mysql
def test_evaluate_loads_a_dump_scans_and_scores(mysql_url: str, tmp_path: Path) -> None:
    if shutil.which("mariadb") is None:
        pytest.skip("the mariadb client is not installed")
    (tmp_path / "fixture").mkdir()
    (tmp_path / "fixture" / "dump.sql").write_text(DUMP, encoding="utf-8")
    golden = _golden(
        source={"kind": "shared", "files": ["fixture/dump.sql"]},
        categories={"sys_user": frozenset({"it.system_management", "personal_information"})},
        labels={
            ("sys_user", "email"): frozenset({"email"}),
            ("sys_user", "phonenumber"): frozenset({"cn.mobile"}),
        },
    )
    args = argparse.Namespace(shared_dir=tmp_path, mirror_root=tmp_path)
    database = make_url(mysql_url).database
    result = evaluate(golden, args, pack_ids()[1], server_url=mysql_url, database=database)
    assert result.tables == 1
    assert (result.true_pos, result.false_neg) == (2, 0), result.mismatches


@pytest.mark.mysql
def test_a_broken_dump_raises_with_the_clients_message(mysql_url: str) -> None:
    if shutil.which("mariadb") is None:
        pytest.skip("the mariadb client is not installed")
    database = make_url(mysql_url).database or ""
    with pytest.raises(subprocess.CalledProcessError) as caught:
        load_into_mariadb(mysql_url, database, "CREATE TABLE (;")
    assert b"syntax" in caught.value.stderr


def test_each_run_loads_into_its_own_database() -> None:
    """Two concurrent runs (two processes) never load a schema into the same database."""
    mine, theirs = run_database_name("ktg-mes", 101), run_database_name("ktg-mes", 202)
    assert mine != theirs
    assert mine == "indsec_eval_ktg_mes_101"
    assert re.fullmatch(r"\w+", run_database_name("a b;`c")) is not None
