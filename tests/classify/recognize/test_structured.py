"""Content inside cells: JSON, XML, key=value and prose, walked within bounds and recognized."""

from __future__ import annotations

import json

import pytest

from indsec.classify.recognize.pack import load_recognizer_pack
from indsec.classify.recognize.recognition import RecognizerEngine
from indsec.classify.recognize.structured import (
    ContentLimits,
    config_pairs,
    extract_content,
    is_prose,
)
from indsec.model import AssetKind, DiscoveredAsset, FieldLabel, SampledColumn

LIMITS = ContentLimits()
BCRYPT = "$2a$10$7JB720yubVSZvUI0rEqK/.VqGOZTH.ulu33dHOiBE8ByOhJIrdAu2"

EXTRACT_CASES = [
    # (cell, key path → leaves, prose pieces)
    (
        '{"user":{"phone":"13800138000","roles":[{"id":1}]},"password":"123456"}',
        {"user.phone": ["13800138000"], "user.roles.id": ["1"], "password": ["123456"]},
        [],
    ),
    (
        '[{"mobile":"13912345678"},{"mobile":"13700001111"}]',
        {"mobile": ["13912345678", "13700001111"]},
        [],
    ),
    (
        "userName=lisi&phonenumber=13800138000&pwd=abc12345",
        {"userName": ["lisi"], "phonenumber": ["13800138000"], "pwd": ["abc12345"]},
        [],
    ),
    ('{"phone":"13800138000","note":"truncated by the conn', {"phone": ["13800138000"]}, []),
    (
        '<req><mobile>13700001111</mobile><user id="7" email="a@b.cn"/></req>',
        {"mobile": ["13700001111"], "id": ["7"], "email": ["a@b.cn"]},
        [],
    ),
    ("请联系张先生，电话13800138000，谢谢", {}, ["请联系张先生，电话13800138000，谢谢"]),
    (
        '{"remark":"客户来电 13912345678 咨询"}',
        {"remark": ["客户来电 13912345678 咨询"]},
        ["客户来电 13912345678 咨询"],
    ),
    ("13800138000", {}, []),  # one token: the column's own patterns judge it
    ("short", {}, []),
    ('{"a": null, "b": "  "}', {}, []),
]


@pytest.mark.parametrize(("cell", "keyed", "text"), EXTRACT_CASES)
def test_cells_are_opened_into_key_paths_and_prose(
    cell: str, keyed: dict[str, list[str]], text: list[str]
) -> None:
    sample = extract_content([cell], LIMITS)
    assert sample.keyed == keyed
    assert sample.text == text


@pytest.mark.parametrize(
    ("value", "prose"),
    [("请联系13800138000", True), ("see the attached file", True), ("ABC-123456789", False)],
)
def test_prose_is_told_from_tokens(value: str, prose: bool) -> None:
    assert is_prose(value) is prose


def test_bounds_cut_values_characters_and_key_paths() -> None:
    huge = json.dumps({"phone": "13800138000", "blob": "x" * (10 << 20)})
    assert len(huge) > 10_000_000
    limits = ContentLimits(max_values=2, max_chars=200, max_keys=3)
    sample = extract_content([huge] * 5, limits)
    assert sample.keyed == {"phone": ["13800138000"] * 2}  # cut: read by pattern, 2 values
    many = json.dumps({f"k{i}": f"v{i}" for i in range(10)})
    wide = extract_content([many], limits)
    assert list(wide.keyed) == ["k0", "k1", "k2"]
    assert wide.dropped_keys == 7


@pytest.mark.parametrize(
    ("depth", "keyed"),
    [
        (3, {"a.a.a": ["13800138000"]}),
        (500, {}),  # parsed, walked 16 levels deep only
        (5000, {"a": ["13800138000"]}),  # too deep for the parser: read by the pair pattern
    ],
)
def test_deep_json_is_bounded(depth: int, keyed: dict[str, list[str]]) -> None:
    cell = '{"a":' * depth + '"13800138000"' + "}" * depth
    assert extract_content([cell], ContentLimits(max_chars=len(cell))).keyed == keyed


def test_configuration_rows_pair_only_when_the_columns_line_up() -> None:
    assert config_pairs(["a.pwd", "b"], ["x1", "y"]) == [("a.pwd", "x1"), ("b", "y")]
    assert config_pairs(["a.pwd", "b"], ["x1"]) == []


@pytest.fixture(scope="module")
def engine() -> RecognizerEngine:
    return RecognizerEngine.from_pack(load_recognizer_pack())


def _column_labels(engine: RecognizerEngine, name: str, values: list[str]) -> dict[str, FieldLabel]:
    asset = DiscoveredAsset(
        source="sqlite:///mes.db",
        name="t",
        kind=AssetKind.TABLE,
        columns=[SampledColumn(name, values=values)],
    )
    result = engine.analyze_asset(asset)[0]
    return {lab.label: lab for lab in result.labels}


CONTENT_CASES = [
    # (column, values, labels found with masked examples, labels absent)
    (
        "oper_param",
        ['{"password":"123456"}'] * 3,
        {"secret.password_plaintext": ["******"]},
        ["cn.postcode"],
    ),
    ("oper_param", ['{"user":{"phone":"13800138000"}}'], {"cn.mobile": ["138****8000"]}, []),
    ("oper_param", [f'{{"pwd":"{BCRYPT}"}}'], {"secret.password_hash": ["******"]}, []),
    (
        "request",
        ["phone=13912345678&email=zhang@example.com"],
        {"cn.mobile": ["139****5678"], "email": ["z***@example.com"]},
        [],
    ),
    ("payload", ["<req><mobile>13700001111</mobile></req>"], {"cn.mobile": ["137****1111"]}, []),
    ("remark", ["请联系张先生，电话13800138000，谢谢"], {"cn.mobile": ["138****8000"]}, []),
    ("remark", ["设备运行正常，温度稳定，无异常"] * 4, {}, ["cn.mobile", "person.name"]),
    (
        "oper_param",
        ['{"phone":"n/a","password":""}'],
        {},
        ["cn.mobile", "secret.password_plaintext"],
    ),
    (
        "oper_param",
        ['{"pageNum":1,"pageSize":10,"status":"0"}'],
        {},
        ["cn.mobile", "person.gender"],
    ),
]


@pytest.mark.parametrize(("column", "values", "found", "absent"), CONTENT_CASES)
def test_content_labels_carry_masked_examples_and_key_paths(
    engine: RecognizerEngine,
    column: str,
    values: list[str],
    found: dict[str, list[str]],
    absent: list[str],
) -> None:
    labels = _column_labels(engine, column, values)
    for label, examples in found.items():
        assert labels[label].masked_examples == examples
        assert labels[label].matched >= 1
        assert any("key '" in e or "free text" in e for e in labels[label].evidence)
    assert not set(absent) & set(labels)
    raw = "\n".join(values)
    for label in labels.values():
        assert not any(len(x) > 6 and x in raw for x in label.masked_examples)


def test_content_reading_can_be_switched_off() -> None:
    off = RecognizerEngine.from_pack(load_recognizer_pack(), content=ContentLimits(max_values=0))
    assert _column_labels(off, "oper_param", ['{"user":{"phone":"13800138000"}}']) == {}


def test_configuration_table_default_password_is_found_under_its_key(
    engine: RecognizerEngine,
) -> None:
    asset = DiscoveredAsset(
        source="sqlite:///mes.db",
        name="sys_config",
        kind=AssetKind.TABLE,
        columns=[
            SampledColumn("config_key", values=["sys.user.initPassword", "sys.index.skinName"]),
            SampledColumn("config_value", values=["123456", "skin-blue"]),
        ],
    )
    value = next(r for r in engine.analyze_asset(asset) if r.name == "config_value")
    plaintext = next(lab for lab in value.labels if lab.label == "secret.password_plaintext")
    assert (plaintext.matched, plaintext.masked_examples) == (1, ["******"])
    assert "configuration key 'sys.user.initPassword'" in plaintext.evidence[0]


PEOPLE_CASES = [
    ("user_name", ["admin", "zhangwei", "li.si"], "person.account", True),
    ("login_name", ["ry", "wang_fang"], "person.account", True),
    ("user_name", ["12", "34"], "person.account", False),
    ("remark", ["admin", "zhangwei", "li.si"], "person.account", False),
    ("银行账号", ["6222021234567890128"], "person.account", False),
    ("bank_account", ["cash", "bank"], "person.account", False),
    ("sex", ["0", "1", "2", "1"], "person.gender", True),
    ("gender", ["男", "女", "女"], "person.gender", True),
    ("sex", ["5", "7", "8", "3"], "person.gender", False),
    ("status", ["0", "1", "2", "1"], "person.gender", False),
    ("operator_name", ["张伟", "李娜", "王芳"], "person.name", True),
    ("检验员", ["赵敏", "刘洋"], "person.name", True),
    ("operator_name", ["admin", "ry"], "person.name", False),
]


@pytest.mark.parametrize(("column", "values", "label", "found"), PEOPLE_CASES)
def test_accounts_gender_and_operator_names_need_their_values(
    engine: RecognizerEngine, column: str, values: list[str], label: str, found: bool
) -> None:
    result = engine.analyze_column(SampledColumn(column, values=values))
    proven = {lab.label for lab in result.labels if lab.matched}
    assert (label in proven) is found
    if column in ("银行账号", "bank_account"):
        assert label not in result.label_ids()  # not even from the name
