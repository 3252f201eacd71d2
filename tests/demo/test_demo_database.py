"""The demo MES/ERP database: schema, comments, volumes, integrity and valid identifiers."""

from __future__ import annotations

import ipaddress
import re
import sqlite3

import pytest
from stdnum import luhn
from stdnum.cn import ric, uscc

from indsec.demo import DemoEnterprise
from indsec.demo.database import demo_schema
from indsec.demo.tables import TABLE_BUILDERS

REQUIRED_TABLES = {
    "hr_employee",
    "crm_customer",
    "srm_gys",
    "sd_contract",
    "pp_work_order",
    "pp_recipe",
    "pp_recipe_param",
    "pp_bom",
    "eam_equipment",
    "ot_plc_tag",
    "ot_network_asset",
    "qm_inspection",
    "mes_daily_output",
    "ems_energy",
    "eam_maintenance",
    "sys_user",
    "mes_sensor_ts",
    "wms_inventory",
    "tms_shipment",
    "md_site",
    "hr_salary",
    "aq_visitor",
}


def _tables(db: sqlite3.Connection) -> dict[str, str]:
    rows = db.execute("SELECT name, sql FROM sqlite_master WHERE type = 'table'").fetchall()
    return dict(rows)


def _column(db: sqlite3.Connection, table: str, column: str) -> list[object]:
    return [row[0] for row in db.execute(f'SELECT "{column}" FROM "{table}"')]


def test_schema_has_the_required_tables(demo_db: sqlite3.Connection) -> None:
    tables = _tables(demo_db)
    assert len(tables) >= 15
    assert tables.keys() >= REQUIRED_TABLES


def test_every_table_has_a_builder_and_rows(demo_db: sqlite3.Connection) -> None:
    tables = _tables(demo_db)
    assert set(TABLE_BUILDERS) == set(tables)
    for table in tables:
        assert demo_db.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0] > 0, table


def test_every_table_and_column_carries_a_comment(demo_db: sqlite3.Connection) -> None:
    for table, sql in _tables(demo_db).items():
        lines = sql.splitlines()
        assert re.search(r"\(\s*--\s*\S", lines[0]), f"{table}: no table comment"
        for _, column, *_ in demo_db.execute(f'PRAGMA table_info("{table}")'):
            line = next(x for x in lines[1:] if x.strip().startswith(f"{column} "))
            assert re.search(r"--\s*\S", line), f"{table}.{column}: no column comment"


def test_column_names_mix_chinese_pinyin_and_english(demo_db: sqlite3.Connection) -> None:
    columns = {c[1] for t in _tables(demo_db) for c in demo_db.execute(f'PRAGMA table_info("{t}")')}
    assert {"姓名", "身份证号", "手机", "银行卡号", "家庭住址", "部门", "岗位"} <= columns
    assert {"xm", "sfzh", "lxdh", "yhkh", "gysmc", "tyshxydm", "yhzh", "gdh", "sbbh"} <= columns
    assert {"customer_name", "contact_phone", "password_hash", "opcua_node_id"} <= columns


def test_schema_file_is_the_database_schema(demo_db: sqlite3.Connection) -> None:
    for sql in _tables(demo_db).values():
        assert sql in demo_schema()


def test_foreign_keys_hold(demo_db: sqlite3.Connection) -> None:
    assert demo_db.execute("PRAGMA foreign_key_check").fetchall() == []


def test_sensor_series_has_the_requested_volume(demo_db: sqlite3.Connection) -> None:
    assert demo_db.execute("SELECT count(*) FROM mes_sensor_ts").fetchone()[0] == 200_000
    tags = set(_column(demo_db, "mes_sensor_ts", "tag"))
    assert tags <= set(_column(demo_db, "ot_plc_tag", "tag_name"))


def test_resident_ids_and_bank_cards_are_valid(demo_db: sqlite3.Connection) -> None:
    rows = demo_db.execute("SELECT 身份证号, 银行卡号, 性别 FROM hr_employee").fetchall()
    assert len(rows) >= 500
    for resident_id, card, sex in rows:
        assert ric.is_valid(resident_id), resident_id
        assert luhn.is_valid(card), card
        assert (int(resident_id[16]) % 2 == 1) == (sex == "男")


def test_visitor_ids_and_salary_cards_are_valid(demo_db: sqlite3.Connection) -> None:
    visitor_ids = _column(demo_db, "aq_visitor", "sfzh")
    assert visitor_ids
    assert all(ric.is_valid(str(number)) for number in visitor_ids)
    rows = demo_db.execute(
        "SELECT h.yhkh, e.银行卡号, h.yfgz, h.sbgjj, h.gs, h.sfgz FROM hr_salary h "
        "JOIN hr_employee e ON e.工号 = h.gh"
    ).fetchall()
    assert len(rows) >= 1500
    for card, roster_card, gross, contributions, tax, net in rows:
        assert card == roster_card
        assert luhn.is_valid(str(card))
        assert net == pytest.approx(gross - contributions - tax)


@pytest.mark.parametrize(("table", "column"), [("crm_customer", "uscc"), ("srm_gys", "tyshxydm")])
def test_partner_credit_codes_are_valid(
    demo_db: sqlite3.Connection, table: str, column: str
) -> None:
    codes = _column(demo_db, table, column)
    assert codes
    assert all(uscc.is_valid(str(code)) for code in codes)
    assert len(set(codes)) == len(codes)


def test_profile_credit_code_is_valid(demo: DemoEnterprise) -> None:
    assert uscc.is_valid(demo.profile.uscc)


def test_password_hashes_are_bcrypt_or_pbkdf2(demo_db: sqlite3.Connection) -> None:
    hashes = [str(h) for h in _column(demo_db, "sys_user", "password_hash")]
    bcrypt = [h for h in hashes if re.fullmatch(r"\$2b\$12\$[./A-Za-z0-9]{53}", h)]
    pbkdf2 = [
        h for h in hashes if re.fullmatch(r"pbkdf2_sha256\$\d+\$\w{22}\$[A-Za-z0-9+/=]{44}", h)
    ]
    assert bcrypt
    assert pbkdf2
    assert len(bcrypt) + len(pbkdf2) == len(hashes)


@pytest.mark.parametrize(
    "pattern",
    [r"%MW\d+", r"%MD\d+", r"DB\d+\.DBX\d+\.\d", r"DB\d+\.DBD\d+", r"4\d{4}"],
)
def test_plc_addresses_cover_s7_and_modbus_styles(
    demo_db: sqlite3.Connection, pattern: str
) -> None:
    addresses = [str(a) for a in _column(demo_db, "ot_plc_tag", "address")]
    assert any(re.fullmatch(pattern, a) for a in addresses)


def test_opcua_node_ids_follow_the_tag_names(demo_db: sqlite3.Connection) -> None:
    for name, node in demo_db.execute("SELECT tag_name, opcua_node_id FROM ot_plc_tag"):
        assert node == f"ns=2;s={name}"


def test_network_assets_have_valid_addresses(demo_db: sqlite3.Connection) -> None:
    rows = demo_db.execute("SELECT ipv4, mac, device_model FROM ot_network_asset").fetchall()
    assert any("S7-1500" in model for _, _, model in rows)
    for ipv4, mac, _ in rows:
        assert ipaddress.IPv4Address(ipv4).is_private
        assert re.fullmatch(r"[0-9A-F]{2}(:[0-9A-F]{2}){5}", mac)


def test_recipes_carry_units_and_tolerances(demo_db: sqlite3.Connection) -> None:
    query = "SELECT set_point, unit, tol_lower, tol_upper FROM pp_recipe_param"
    rows = demo_db.execute(query).fetchall()
    assert {"℃", "MPa", "rpm", "mm/s"} <= {unit for _, unit, _, _ in rows}
    assert all(low < point < high for point, _, low, high in rows)


def test_sites_have_plausible_coordinates(demo_db: sqlite3.Connection) -> None:
    for longitude, latitude in demo_db.execute("SELECT longitude, latitude FROM md_site"):
        assert 73 < longitude < 135
        assert 18 < latitude < 54


def test_shipments_carry_plates_and_postcodes(demo_db: sqlite3.Connection) -> None:
    for plate, postcode in demo_db.execute("SELECT 车牌号, 邮编 FROM tms_shipment"):
        assert re.fullmatch(r"[\u4e00-\u9fff][A-Z][A-HJ-NP-Z0-9]{5}", plate)
        assert re.fullmatch(r"\d{6}", postcode)


def test_inspections_fail_only_with_a_defect(demo_db: sqlite3.Connection) -> None:
    rows = demo_db.execute("SELECT measured, lsl, usl, result, defect FROM qm_inspection")
    results = set()
    for measured, lower, upper, result, defect in rows:
        within = lower <= measured <= upper
        assert result == ("合格" if within else "不合格")
        assert (defect is None) == within
        results.add(result)
    assert results == {"合格", "不合格"}
