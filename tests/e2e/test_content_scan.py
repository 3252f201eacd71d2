"""Identifiers and secrets inside JSON, key=value and free-text columns, scanned end to end.

The tables are shaped like a RuoYi-style MES (an operation log with a JSON request-parameter
column, a ``sys_config`` key/value table with the default password, a login log, a user table
and an empty scheduler table). They are scanned through the CLI from SQLite and MariaDB, and the
catalogue store is then searched for every raw value planted: none may be there.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, text

from indsec.cli.main import main

PASSWORD, CONFIG_PASSWORD = "Plant@2024x", "InitPw#7788"
BCRYPT = "$2a$10$7JB720yubVSZvUI0rEqK/.VqGOZTH.ulu33dHOiBE8ByOhJIrdAu2"
PHONES = ["13800138000", "13912345678", "13700001111", "15011112222"]
EMAIL = "zhang.wei@plant-example.com"


def _oper_param(n: int) -> str:
    phone = PHONES[n % len(PHONES)]
    if n % 3 == 0:
        body = {"user": {"userName": "zhangwei", "phonenumber": phone, "email": EMAIL}}
        return json.dumps(body | {"password": PASSWORD}, ensure_ascii=False)
    if n % 3 == 1:
        return json.dumps({"params": {"pwd": BCRYPT, "mobile": phone}, "deptId": 103})
    return f"userName=lisi&phonenumber={phone}&remark=ok"


TABLES: dict[str, tuple[str, list[dict[str, Any]]]] = {
    "sys_oper_log": (
        "oper_id INTEGER PRIMARY KEY, title VARCHAR(50), oper_name VARCHAR(50), "
        "oper_url VARCHAR(255), oper_ip VARCHAR(128), oper_param TEXT, oper_time VARCHAR(30)",
        [
            {
                "oper_id": n,
                "title": "用户管理",
                "oper_name": "admin",
                "oper_url": "/system/user",
                "oper_ip": f"192.168.1.{n + 10}",
                "oper_param": _oper_param(n),
                "oper_time": f"2024-05-{n % 28 + 1:02d} 10:00:00",
            }
            for n in range(30)
        ],
    ),
    "sys_config": (
        "config_id INTEGER PRIMARY KEY, config_name VARCHAR(100), config_key VARCHAR(100), "
        "config_value VARCHAR(500), remark VARCHAR(500)",
        [
            {
                "config_id": n,
                "config_name": name,
                "config_key": key,
                "config_value": value,
                "remark": note,
            }
            for n, (name, key, value, note) in enumerate(
                [
                    ("主框架页-默认皮肤样式名称", "sys.index.skinName", "skin-blue", "蓝色"),
                    (
                        "用户管理-账号初始密码",
                        "sys.user.initPassword",
                        CONFIG_PASSWORD,
                        "初始化密码",
                    ),
                    ("主框架页-侧边栏主题", "sys.index.sideTheme", "theme-dark", "深色主题"),
                    ("账号自助-是否开启用户注册功能", "sys.account.registerUser", "false", "否"),
                ]
            )
        ],
    ),
    "sys_logininfor": (
        "info_id INTEGER PRIMARY KEY, user_name VARCHAR(50), ipaddr VARCHAR(128), "
        "login_location VARCHAR(255), status CHAR(1), msg VARCHAR(255), login_time VARCHAR(30)",
        [
            {
                "info_id": n,
                "user_name": ["admin", "zhangwei", "lisi", "wang_fang"][n % 4],
                "ipaddr": f"10.20.{n % 5}.{n + 1}",
                "login_location": "内网IP",
                "status": "0",
                "msg": f"登录成功，如有疑问请联系管理员 {PHONES[n % 4]}",
                "login_time": f"2024-06-{n % 28 + 1:02d} 08:00:00",
            }
            for n in range(24)
        ],
    ),
    "sys_user": (
        "user_id INTEGER PRIMARY KEY, user_name VARCHAR(30), nick_name VARCHAR(30), "
        "sex CHAR(1), remark VARCHAR(500)",
        [
            {
                "user_id": n,
                "user_name": ["admin", "zhangwei", "lisi", "wang_fang"][n % 4],
                "nick_name": ["张伟", "李四", "王芳", "赵敏"][n % 4],
                "sex": str(n % 3),
                "remark": "班组长",
            }
            for n in range(12)
        ],
    ),
    "qrtz_triggers": ("trigger_name VARCHAR(200) PRIMARY KEY, job_data TEXT", []),
}

RAW_VALUES = [PASSWORD, CONFIG_PASSWORD, BCRYPT, EMAIL, *PHONES]


def _build(url: str, dialect: str) -> None:
    suffix = " CHARSET utf8mb4" if dialect == "mysql" else ""
    engine = create_engine(url)
    with engine.begin() as conn:
        for name, (columns, rows) in TABLES.items():
            conn.execute(text(f"CREATE TABLE {name} ({columns}){suffix}"))
            if rows:
                names = list(rows[0])
                insert = f"INSERT INTO {name} ({', '.join(names)}) VALUES "
                insert += f"({', '.join(':' + c for c in names)})"
                conn.execute(text(insert), rows)
    engine.dispose()


@pytest.fixture(params=["sqlite", pytest.param("mysql", marks=pytest.mark.mysql)])
def source_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'mes.db'}"
    else:
        url = request.getfixturevalue("mysql_url")
    _build(url, request.param)
    return url


@pytest.fixture
def scanned(
    source_url: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> dict[str, dict[str, Any]]:
    """The exported catalogue's assets by name, scanned into a SQLite store under ``tmp_path``."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("INDSEC_HOME", str(tmp_path / ".indsec"))
    monkeypatch.setenv("INDSEC_DATABASE_URL", f"sqlite:///{tmp_path / 'store.db'}")
    monkeypatch.setenv("INDSEC_CONFIG", str(tmp_path / "indsec.toml"))
    assert main(["scan", source_url]) == 0
    exported = tmp_path / "catalogue.json"
    assert main(["catalogue", "export", "--format", "json", "-o", str(exported)]) == 0
    capsys.readouterr()
    document = json.loads(exported.read_text(encoding="utf-8"))
    return {a["name"].rsplit(".", 1)[-1]: a for a in document["assets"]}


def _labels(asset: dict[str, Any], column: str) -> dict[str, dict[str, Any]]:
    field = next(f for f in asset["fields"] if f["name"] == column)
    return {lab["label"]: lab for lab in field["label_details"]}


def test_operation_log_json_parameters_hold_phones_emails_hashes_and_passwords(
    scanned: dict[str, dict[str, Any]],
) -> None:
    found = _labels(scanned["sys_oper_log"], "oper_param")
    expected = {"cn.mobile", "email", "secret.password_hash", "secret.password_plaintext"}
    assert expected <= set(found)
    mobile = found["cn.mobile"]
    assert mobile["matched"] == 30
    assert "138****8000" in mobile["masked_examples"]
    assert any("key 'user.phonenumber'" in e for e in mobile["evidence"])
    assert found["secret.password_plaintext"]["masked_examples"] == ["******"]
    assert found["email"]["masked_examples"] == ["z***@plant-example.com"]
    assert scanned["sys_oper_log"]["general_sublevel"] == "sensitive"


def test_configuration_table_default_password_is_a_secret(
    scanned: dict[str, dict[str, Any]],
) -> None:
    found = _labels(scanned["sys_config"], "config_value")
    plaintext = found["secret.password_plaintext"]
    assert plaintext["matched"] == 1
    assert plaintext["masked_examples"] == ["******"]
    assert any("'sys.user.initPassword'" in e for e in plaintext["evidence"])
    assert scanned["sys_config"]["general_sublevel"] == "sensitive"


def test_login_log_is_personal_information_and_raised(
    scanned: dict[str, dict[str, Any]],
) -> None:
    log = scanned["sys_logininfor"]
    assert "person.account" in _labels(log, "user_name")
    assert "ipv4" in _labels(log, "ipaddr")
    phones = _labels(log, "msg")["cn.mobile"]
    assert phones["matched"] >= 4 and phones["masked_examples"]
    assert any(step["rule"] == "pi.online_trace" for step in log["rationale"])
    assert log["general_sublevel"] == "sensitive"


def test_user_table_accounts_and_gender_and_empty_table_not_raised(
    scanned: dict[str, dict[str, Any]],
) -> None:
    users = scanned["sys_user"]
    assert _labels(users, "user_name")["person.account"]["matched"] == 12
    assert _labels(users, "sex")["person.gender"]["matched"] == 12
    assert "person.account" not in _labels(users, "remark")
    assert scanned["qrtz_triggers"]["general_sublevel"] == "routine"


def test_nothing_raw_is_stored(scanned: dict[str, dict[str, Any]], tmp_path: Path) -> None:
    stored = (tmp_path / "store.db").read_bytes()
    assert b"sys_oper_log" in stored
    leaked = [v for v in RAW_VALUES if v.encode() in stored]
    assert leaked == []
    everything = json.dumps(scanned, ensure_ascii=False)
    assert [v for v in RAW_VALUES if v in everything] == []
