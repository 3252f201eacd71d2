"""Recall on real schemas without giving up precision (issue 13).

Cases come from the tuning schemas (jshERP, ktg-mes): local telephone numbers without an area
code, a password stated in a remark, and menu codes that look like postcodes. Names written the
way colleagues write them are accepted only in the familiar form 小/老 + surname (小李, 老王),
and only in a column whose name or comment speaks of people: a rule taking *any* short Chinese
word in a person-named column reached full recall on the tuning schemas but added false
positives on the held-out one, so it was dropped; its negative cases stay (晓丽, 若依 alone are
not names, nor are 小于, 小计 or 小孔 in a person-named column).
Each rule has its negative cases beside it: the same values where no column name points at the
label, and prose that only looks like it.
"""

from __future__ import annotations

import pytest

from indsec.classify.recognize.recognition import RecognizerEngine
from indsec.model import AssetKind, DiscoveredAsset, SampledColumn

NICKNAMES = ["小李", "小军", "晓丽", "小曹", "老王", "若依"] * 2
ROLES = ["管理员", "销售员", "财务部", "测试部门", "仓管员", "默认"] * 2
MENU_CODES = ["0001", "000102", "0101", "010101", "010102", "0102", "01020101", "010202"]
MENU_CODES += ["050201", "060303", "080107", "030101", "070402", "0301", "040102", "030102"]
LOCAL_NUMBERS = ["12345678", "77779999", "6228901", "82345678"] * 3

# name, comment, values, label expected (True) or not (False)
COLUMNS = [
    ("contacts", "联系人", NICKNAMES, "person.name", True),
    ("name", "姓名", ["小李", "小军", "小夏", "小曹"], "person.name", True),
    ("contacts", "联系人", ["晓丽", "若依", "晓丽", "若依"] * 2, "person.name", False),
    (
        "contacts",
        "联系人",
        ["小于", "小孔", "小计", "小时", "小米", "小组"] * 2,
        "person.name",
        False,
    ),
    ("dept", "部门", ["小李", "小军", "小夏", "小曹"], "person.name", False),
    ("contacts", "联系人", ROLES, "person.name", False),
    ("operator", "操作人", ["系统", "自动", "未知", "测试用户", "暂无"] * 3, "person.name", False),
    ("remark", "备注", NICKNAMES, "person.name", False),
    ("c", "", NICKNAMES, "person.name", False),
    ("phone_num", "联系电话", LOCAL_NUMBERS, "cn.landline", True),
    ("company_tel", "公司电话", LOCAL_NUMBERS, "cn.landline", True),
    ("qty", "数量", LOCAL_NUMBERS, "cn.landline", False),
    ("phone_num", "联系电话", ["123456", "1234567890"] * 6, "cn.landline", False),
    ("number", "编号", MENU_CODES, "cn.postcode", False),
    ("zip", "", ["100080", "200030", "518000", "610041"] * 3, "cn.postcode", True),
    ("c", "", ["100080", "200030", "518000", "610041"] * 3, "cn.postcode", True),
]


@pytest.mark.parametrize(("name", "comment", "values", "label", "expected"), COLUMNS)
def test_column_labels(
    engine: RecognizerEngine,
    name: str,
    comment: str,
    values: list[str],
    label: str,
    expected: bool,
) -> None:
    result = engine.analyze_column(SampledColumn(name, comment=comment, values=values))
    assert (label in result.label_ids()) is expected


# text, recognizer, found in the text
TEXTS = [
    ("初始化密码 123456", "secret.password_plaintext", True),
    ("默认口令为admin@123，请及时修改", "secret.password_plaintext", True),
    ("密码长度不少于 8 位", "secret.password_plaintext", False),
    ("修改密码请联系管理员", "secret.password_plaintext", False),
    ("密码 true", "secret.password_plaintext", False),
    ("联系人：张伟，电话 010-62345678", "person.name", True),
    ("由客户或其单位员工签字生效，并承担法律责任。", "person.name", False),
    ("负责人：管理员", "person.name", False),
    ("员工 测试用户 已停用", "person.name", False),
]


@pytest.mark.parametrize(("text", "label", "expected"), TEXTS)
def test_free_text(engine: RecognizerEngine, text: str, label: str, expected: bool) -> None:
    assert (label in {lab.label for lab in engine.analyze_text(text)}) is expected


def test_a_remark_column_stating_a_password_is_labelled(engine: RecognizerEngine) -> None:
    """ktg-mes sys_config.remark: one configuration remark in five states the default password."""
    remarks = [
        "蓝色 skin-blue、绿色 skin-green、紫色 skin-purple",
        "初始化密码 123456",
        "深色主题theme-dark，浅色主题theme-light",
        "是否开启验证码功能（true开启，false关闭）",
        "是否开启注册用户功能（true开启，false关闭）",
    ]
    column = SampledColumn("remark", comment="备注", values=remarks)
    asset = DiscoveredAsset("db", "sys_config", AssetKind.TABLE, columns=[column])
    remark = next(r for r in engine.analyze_asset(asset) if r.name == "remark")
    assert "secret.password_plaintext" in remark.label_ids()
    assert "person.name" not in remark.label_ids()
