"""Columns of real schemas that names pointed at wrongly or values proved too little.

Each case comes from a real open-source system (a code-generated equipment-management system
whose rows are ``<comment><n>`` seed filler, a WMS whose customer contacts are mostly ``1`` and
whose phone columns mix mobiles and landlines, a Nacos configuration centre, a circuit-board
plant whose clerks are 小李 and 小王), written here with made-up values of the same form.
"""

from __future__ import annotations

import pytest

from indsec.classify.recognize.names import NameMatcher
from indsec.classify.recognize.pack import Keywords
from indsec.classify.recognize.recognition import RecognizerEngine
from indsec.model import SampledColumn


def _proven(engine: RecognizerEngine, name: str, values: list[str], comment: str = "") -> set[str]:
    result = engine.analyze_column(SampledColumn(name, values=values, comment=comment))
    return {lab.label for lab in result.labels}


@pytest.mark.parametrize(
    ("name", "comment", "values", "found"),
    [
        ("zhanghao", "账号", ["user01", "zhang.wei", "用户3"], True),  # the comment is the noun
        ("gonghao", "工号", ["E1001", "E1002", "员工3"], True),  # employees sign in with it
        ("account", "银行账号", ["cash", "bank", "petty"], False),  # a bank account, not a login
        ("acct_type", "账号类型", ["admin", "normal", "guest"], False),  # a type of account
        ("src_user", "", ["nacos", "nacos", "ops"], True),  # Nacos change history
    ],
)
def test_account_columns_are_found_by_their_whole_comment(
    engine: RecognizerEngine, name: str, comment: str, values: list[str], found: bool
) -> None:
    assert ("person.account" in _proven(engine, name, values, comment)) is found


@pytest.mark.parametrize(
    ("name", "comment", "values"),
    [
        ("user_name", "用户名", ["用户名1", "用户名2", "用户名3"]),  # comment + sequence number
        ("zhanghao", "账号", ["账号1", "账号2", "账号3", "1"]),
        ("login_name", "", ["login_name1", "login_name2", "login_name3"]),  # name + number
        ("username", "用户名 Search111", ["用户名1", "用户名2", "用户名3"]),  # a generator's tag
    ],
)
def test_generator_filler_proves_nothing(
    engine: RecognizerEngine, name: str, comment: str, values: list[str]
) -> None:
    result = engine.analyze_column(SampledColumn(name, values=values, comment=comment))
    assert "person.account" not in result.label_ids()
    assert [lab.label for lab in result.suspicions] == ["person.account"]


def test_a_lone_value_among_fillers_is_no_column_of_its_shape(engine: RecognizerEngine) -> None:
    values = ["工号1", "工号2", "工号3", "工号4", "7"]
    assert "biz.hr" not in _proven(engine, "gonghao", values, "工号")


@pytest.mark.parametrize(
    ("name", "values", "found"),
    [
        ("CUSTOMER_PERSON", ["刘雅茜", "王建国", "1"], True),  # the head noun is the person
        ("link_person", ["刘雅茜", "1", "1", "1"], True),  # placeholders do not refute the name
        ("contact_person", ["赵敏", "-", "无", "无"], True),
        ("PERSON_JOB", ["经理", "董事", "董事"], False),  # the person's job: a role, no name
        ("material_admin", ["小张", "小刘"], True),  # the material clerk, as the floor calls him
        ("warehouse_keeper", ["小李"], True),
        ("remark", ["刘雅茜", "1", "1", "1"], False),  # nothing points here: every value counts
    ],
)
def test_person_columns_by_head_noun_and_past_placeholders(
    engine: RecognizerEngine, name: str, values: list[str], found: bool
) -> None:
    assert ("person.name" in _proven(engine, name, values)) is found


def test_placeholders_accepted_by_the_recognizer_still_count(engine: RecognizerEngine) -> None:
    """'1' is a gender code, not filler, in a gender column: all four values are genders."""
    result = engine.analyze_column(SampledColumn("sex", values=["1", "1", "0", "2"]))
    gender = next(lab for lab in result.labels if lab.label == "person.gender")
    assert (gender.matched, gender.sampled) == (4, 4)


def test_whole_and_last_keywords_point_only_in_their_place() -> None:
    keywords = [("acct", Keywords(whole=["账号"])), ("who", Keywords(last=["person", "者"]))]
    matcher = NameMatcher(keywords)
    hits = {name: [h.recognizer for h in matcher.match(name)] for name in _NAMES}
    assert hits == {
        "账号": ["acct"],
        "银行账号": [],
        "customer_person": ["who"],
        "linkPerson": ["who"],
        "person_job": [],
        "送检者": ["who"],
        "者的数量": [],
    }


_NAMES = ["账号", "银行账号", "customer_person", "linkPerson", "person_job", "送检者", "者的数量"]


@pytest.mark.parametrize(
    ("comment", "values", "found"),
    [
        ("送检者", ["小李", "小王"], True),  # who sent it for inspection: 小 + surname
        ("发货人", ["小吴"], True),
        ("库管员", ["王建国", "1"], True),
        ("确认者", ["小小", "小屋"], False),  # no surname forms
        ("者", ["小李"], True),
        ("人数", ["小李"], False),  # a head count: 人 is no head noun here
        ("备注", ["小李"], False),  # nothing speaks of people: 小李 alone proves nothing
        ("会员", ["黄金", "白银", "钻石"], False),  # membership tiers, not Mr Huang and Mr Bai
    ],
)
def test_comments_naming_a_person_by_head_noun_point_at_names(
    engine: RecognizerEngine, comment: str, values: list[str], found: bool
) -> None:
    assert ("person.name" in _proven(engine, "f1", values, comment)) is found


@pytest.mark.parametrize(
    ("values", "found"),
    [
        (["admin", "ceo", "123", "999", "1"], True),  # one typed password in five
        (["0", "1", "2", "30", "90"], False),  # password metadata: counts and days
        (["md5", "sha", "md5", "sha", "md5"], False),
    ],
)
def test_a_password_column_with_some_typed_passwords_is_plaintext(
    engine: RecognizerEngine, values: list[str], found: bool
) -> None:
    assert ("secret.password_plaintext" in _proven(engine, "user_password", values)) is found


@pytest.mark.parametrize(
    ("name", "values", "expected"),
    [
        # a customer's phone: one mobile, one local number with an extension, one without
        ("CUSTOMER_TEL", ["17716786888", "85263335-820", "87094196"], {"cn.mobile", "cn.landline"}),
        ("phone", ["13812345678", "13912345678", "0571-88886666"], {"cn.mobile", "cn.landline"}),
        ("phone", ["13812345678", "13912345678", "13712345678"], {"cn.mobile"}),
        ("remark", ["13812345678", "call back", "n/a", "ok"], set()),  # nothing points here
    ],
)
def test_mobiles_and_landlines_in_one_column_are_both_found(
    engine: RecognizerEngine, name: str, values: list[str], expected: set[str]
) -> None:
    assert _proven(engine, name, values) & {"cn.mobile", "cn.landline"} == expected


def test_what_a_companion_explains_is_said_in_the_evidence(engine: RecognizerEngine) -> None:
    column = SampledColumn("phone", values=["13812345678", "0571-88886666", "0571-88886667"])
    mobile = next(lab for lab in engine.analyze_column(column).labels if lab.label == "cn.mobile")
    assert (mobile.matched, mobile.sampled) == (1, 1)
    assert "(2 placeholder or companion values aside)" in " ".join(mobile.evidence)
