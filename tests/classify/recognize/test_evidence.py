"""Evidence before labels: names suggest, values decide; rival labels and lexicon false positives.

Cases come from a real MES and a labelled plant with decoys (issue 13): columns whose names
promise sensitive data their values do not hold, columns two recognizers compete for, and
everyday words a surname pattern reads as people.
"""

from __future__ import annotations

import random

import pytest
from pydantic import ValidationError
from stdnum.cn import ric

from indsec.classify.grade.facts import index_labels
from indsec.classify.recognize.multipattern import hyperscan_available
from indsec.classify.recognize.pack import (
    NegativeLexicon,
    RecognizerPack,
    load_recognizer_pack,
)
from indsec.classify.recognize.recognition import RecognizerEngine
from indsec.model import FieldLabel, FieldResult, SampledColumn


@pytest.fixture(scope="module")
def pack() -> RecognizerPack:
    return load_recognizer_pack()


@pytest.fixture(scope="module", params=["hyperscan", "re"])
def engine(request: pytest.FixtureRequest, pack: RecognizerPack) -> RecognizerEngine:
    """Both matching paths must agree on every case."""
    if request.param == "hyperscan":
        assert hyperscan_available(), "the dev environment installs indsec[hyperscan]"
    return RecognizerEngine.from_pack(pack, use_hyperscan=request.param == "hyperscan")


def _bad_check_digit_ids(n: int) -> list[str]:
    """18-character resident IDs of the right shape whose check digit is wrong (a decoy)."""
    rnd = random.Random(13)
    out = []
    for _ in range(n):
        body = f"110105{rnd.randint(1950, 2005)}{rnd.randint(1, 12):02d}{rnd.randint(1, 28):02d}"
        body += f"{rnd.randint(0, 999):03d}"
        right = ric.calc_check_digit(body + "0")
        out.append(body + ("1" if right == "0" else "0"))
    return out


PLC = ["DB1.DBX0.0", "DB10.DBW4", "%MW100", "%IX0.1"] * 3
URLS = ["http://mes.example.com/system/user", "https://a.example.cn/x"] * 6
IPV4 = [f"192.168.{i // 10}.{i % 250 + 1}" for i in range(20)]

# name, comment, values, the label the name suggests (now only a suspicion)
NAME_ONLY = [
    ("id_card", "身份证号", _bad_check_digit_ids(12), "cn.resident_id"),
    ("post_code", "岗位编码", ["ceo", "se", "hr", "user"] * 3, "cn.postcode"),
    ("location", "库位", [f"A-{i:02d}-{i % 5:02d}" for i in range(12)], "geo.coordinate"),
    ("phone_type", "手机类型", ["0", "1", "2"] * 5, "cn.mobile"),
    ("sjh", "", [], "cn.mobile"),  # an empty column: nothing sampled, nothing proven
    ("email", "", [], "email"),
]


@pytest.mark.parametrize(("name", "comment", "values", "suspected"), NAME_ONLY)
def test_a_name_without_value_evidence_is_only_a_suspicion(
    engine: RecognizerEngine, name: str, comment: str, values: list[str], suspected: str
) -> None:
    result = engine.analyze_column(SampledColumn(name, comment=comment, values=values))
    assert result.labels == []
    assert suspected in result.suspicion_ids()
    suspicion = next(s for s in result.suspicions if s.label == suspected)
    assert suspicion.matched == 0
    assert "the name alone suggests it" in suspicion.evidence[-1]


def test_a_tree_path_column_is_neither_labelled_nor_suspected(engine: RecognizerEngine) -> None:
    values = ["0", "0,100", "0,100,101", "0,100,101,103"] * 3
    result = engine.analyze_column(SampledColumn("ancestors", comment="祖级列表", values=values))
    assert (result.labels, result.suspicions) == ([], [])


# name, comment, values, the labels the values prove (nothing else, no suspicion left)
RIVALS = [
    ("login_ip", "", IPV4, ["ipv4"]),
    ("ipaddr", "IP地址", IPV4 + ["0:0:0:0:0:0:0:1"] * 3, ["ipv4"]),
    ("ip_address", "", IPV4, ["ipv4"]),
    ("email", "联系人邮箱", [f"user{i}@example.com" for i in range(12)], ["email"]),
    ("address", "PLC地址", PLC, ["industrial.plc_address"]),
    ("mobile", "联系电话", ["010-62345678", "021-58881234", "0571-87651234"] * 4, ["cn.landline"]),
]  # fmt: skip


@pytest.mark.parametrize(("name", "comment", "values", "proven"), RIVALS)
def test_values_decide_between_competing_labels(
    engine: RecognizerEngine, name: str, comment: str, values: list[str], proven: list[str]
) -> None:
    result = engine.analyze_column(SampledColumn(name, comment=comment, values=values))
    assert result.label_ids() == proven
    assert result.suspicions == []


# name, comment, values: no label at all (a name may still be suspected)
NOT_ADDRESSES = [
    ("visit_address", "访问地址", URLS),
    ("file_path", "文件地址", ["/profile/upload/2024/上海市浦东新区张江路88号.png"] * 12),
    ("oper_url", "请求地址", ["/monitor/job/list", "/system/role/edit"] * 6),
]  # fmt: skip


@pytest.mark.parametrize(("name", "comment", "values"), NOT_ADDRESSES)
def test_urls_and_paths_are_not_postal_addresses(
    engine: RecognizerEngine, name: str, comment: str, values: list[str]
) -> None:
    result = engine.analyze_column(SampledColumn(name, comment=comment, values=values))
    assert "address.cn" not in result.label_ids()


# value, recognizer, accepted
LEXICON = [
    ("王伟", "person.name", True),
    ("欧阳娜娜", "person.name", True),
    ("蓝天野", "person.name", True),
    ("蓝色", "person.name", False),
    ("金色", "person.name", False),
    ("管理员", "person.name", False),
    ("超级管理员", "person.name", False),
    ("周一", "person.name", False),
    ("周期", "person.name", False),
    ("车间", "person.name", False),
    ("高温", "person.name", False),
    ("不锈钢", "person.name", False),
    ("万元", "person.name", False),
    ("方太", "person.name", False),
    ("金龙鱼", "person.name", False),
    ("上海华谊机械有限公司", "org.name", True),
    ("分公司", "org.name", False),
    ("研究所", "org.name", False),
    ("上海市浦东新区张江路88号", "address.cn", True),
    ("http://上海市浦东新区张江路88号", "address.cn", False),
    ("/upload/上海市浦东新区张江路88号", "address.cn", False),
    ("张三@上海市浦东新区张江路88号", "address.cn", False),
]


@pytest.mark.parametrize(("value", "recognizer", "accepted"), LEXICON)
def test_negative_lexicons_keep_everyday_words_out(
    engine: RecognizerEngine, value: str, recognizer: str, accepted: bool
) -> None:
    hits = engine.match_values([value]).hits
    assert (recognizer in hits) is accepted


def test_a_colour_column_is_not_people(engine: RecognizerEngine) -> None:
    colours = ["蓝色", "白色", "黄色", "金色", "红色", "黑色"] * 3
    assert engine.analyze_column(SampledColumn("color", values=colours)).labels == []
    names = ["王伟", "李娜", "张秀英", "蓝天野", "金明"] * 3
    labelled = engine.analyze_column(SampledColumn("c", values=names))
    assert labelled.label_ids() == ["person.name"]


def test_negative_lexicons_are_pack_data(pack: RecognizerPack) -> None:
    """Without the pack's negative lexicon the surname pattern reads 蓝色 as a person again."""
    bare = pack.model_copy(
        update={
            "recognizers": [
                r.model_copy(update={"negative": NegativeLexicon()}) for r in pack.recognizers
            ]
        }
    )
    assert "person.name" in RecognizerEngine.from_pack(bare).match_values(["蓝色"]).hits
    assert "person.name" not in RecognizerEngine.from_pack(pack).match_values(["蓝色"]).hits


def test_a_blank_negative_word_is_a_schema_error() -> None:
    with pytest.raises(ValidationError, match="must not be blank"):
        NegativeLexicon(suffixes=["色", " "])


def test_suspicions_never_reach_grading_facts() -> None:
    suspected = FieldLabel(label="cn.resident_id", confidence=0.7)
    field = FieldResult(name="id_card", suspicions=[suspected])
    assert index_labels([field]) == {}


def test_lexicon_values_need_more_where_nothing_points_at_people(engine: RecognizerEngine) -> None:
    """Six surname-shaped words in ten label a column only if its name or table speaks of people."""
    values = ["王伟", "李娜", "张秀英", "刘洋", "陈静", "杨帆", "A-01", "B-02", "C-03", "D-04"]
    assert engine.analyze_column(SampledColumn("c", values=values)).labels == []
    named = engine.analyze_column(SampledColumn("xm", values=values))
    assert named.label_ids() == ["person.name"]
    in_context = engine.analyze_column(SampledColumn("c", values=values), asset_name="员工")
    assert in_context.label_ids() == ["person.name"]
    most = values[:6] * 2 + values[6:7]
    assert engine.analyze_column(SampledColumn("c", values=most)).label_ids() == ["person.name"]


# a row's audit stamp: the account that created or changed it (refers to the user table)
AUDIT_STAMPS = [
    ("create_username", "创建人用户名"),
    ("update_username", "更新人"),
    ("F_CreatorUserName", "创建人"),
    ("lastModifyUserName", ""),
]


@pytest.mark.parametrize(("name", "comment"), AUDIT_STAMPS)
def test_a_rows_audit_stamp_is_no_account_column(
    engine: RecognizerEngine, name: str, comment: str
) -> None:
    values = ["admin", "iamsongpeng", "monkey"] * 4
    result = engine.analyze_column(SampledColumn(name, comment=comment, values=values))
    assert (result.labels, result.suspicions) == ([], [])


def test_the_account_column_itself_is_still_labelled(engine: RecognizerEngine) -> None:
    values = ["admin", "iamsongpeng", "monkey"] * 4
    result = engine.analyze_column(SampledColumn("username", comment="用户名", values=values))
    assert result.label_ids() == ["person.account"]


def test_two_six_digit_values_are_no_postcode_column(engine: RecognizerEngine) -> None:
    """Junk digits in an address column (a WMS's roster): too few to be a column of postcodes."""
    result = engine.analyze_column(SampledColumn("PERSON_ADDRESS", values=["254541", "121212"]))
    assert "cn.postcode" not in result.label_ids()
    three = engine.analyze_column(SampledColumn("c", values=["100080", "200030", "518000"]))
    assert "cn.postcode" in three.label_ids()


def test_a_campus_address_is_an_address(engine: RecognizerEngine) -> None:
    values = ["广西北海市桂电北海校区", "江苏省苏州市独墅湖校区"] * 3
    result = engine.analyze_column(SampledColumn("CUSTOMER_ADDRESS", values=values))
    assert result.label_ids() == ["address.cn"]


# names of small businesses (个体工商户) carry no 有限公司: 字号 + 行业 or the kind of shop
BUSINESSES = ["张氏实业", "浩浩便利店", "东方商行", "红星经营部", "好又多超市", "小李工作室"]


def test_small_business_names_are_organisation_names(engine: RecognizerEngine) -> None:
    result = engine.analyze_column(SampledColumn("SHOP_NAME", values=BUSINESSES * 2))
    assert "org.name" in result.label_ids()
    kinds = ["超市", "便利店", "商行", "工作室"] * 3  # the kind alone names no business
    assert "org.name" not in engine.analyze_column(SampledColumn("kind", values=kinds)).label_ids()


def test_generated_chinese_logins_are_account_names(engine: RecognizerEngine) -> None:
    """A code-generated system seeds 用户1, 用户2 … as the logins of its users."""
    values = ["用户1", "用户2", "用户3", "abo"] * 3
    result = engine.analyze_column(SampledColumn("username", comment="用户名", values=values))
    assert result.label_ids() == ["person.account"]
    names = engine.analyze_column(SampledColumn("username", values=["张伟", "王芳", "李娜"] * 4))
    assert "person.account" not in names.label_ids()
