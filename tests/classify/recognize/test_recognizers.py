"""Every builtin recognizer, table-driven: values, names, file signatures; positive and negative."""

from __future__ import annotations

import pytest

from indsec.classify.recognize.pack import load_recognizer_pack
from indsec.classify.recognize.recognition import ASSET_FIELD, RecognizerEngine
from indsec.model import AssetKind, DiscoveredAsset, SampledColumn

BCRYPT = "$2b$12$" + "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0"
SHA512_CRYPT = "$6$rounds=5000$saltsaltsaltsalt$" + "aB3./" * 17 + "x"
ARGON2 = "$argon2id$v=19$m=65536,t=3,p=4$c29tZXNhbHRzb21l$Rm9vQmFyQmF6UXV4Q29ycmVjdEhvcnNl"
PBKDF2 = "pbkdf2_sha256$600000$c2FsdHNhbHQ$" + "q" * 43 + "="
JWT = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U"

VALUE_CASES: dict[str, tuple[list[str], list[str]]] = {
    # label: (values it must accept, values it must reject) — one value at a time, no names
    "cn.resident_id": (
        ["11010519491231002X", "11010519491231002x", "110105198001012011", "710000195703287192"],
        ["110105194912310021", "11010519491231002", "990105194912310023"],
    ),
    "cn.uscc": (
        ["91110000600037341L", "914403001922038216", "91310000775785552L"],
        ["91110000600037341K", "91110000600037341", "110105194912310021"],
    ),
    "cn.mobile": (
        ["13800138000", "+86 138 0013 8000", "138-0013-8000", "19912345678"],
        ["12345678901", "1380013800", "23800138000", "138001380001"],
    ),
    "cn.landline": (
        ["010-62345678", "(0755)23456789", "021 62345678", "0571-8765432转123"],
        ["010-12345678", "12345678", "13800138000"],
    ),
    "cn.bank_card": (
        ["6222021234567890128", "4111111111111111", "4111 1111 1111 1111"],
        ["4111111111111112", "6222021234567890123", "110105194912310021"],
    ),
    "cn.passport": (["E12345678", "EA1234567", "G12345678"], ["E1234567", "A12345678"]),
    "cn.license_plate": (
        ["京A12345", "沪A-12345", "粤BD12345", "苏E·1234学"],
        ["京I12345", "京A1234", "ABC12345"],
    ),
    "cn.postcode": (["100080", "518000", "010010"], ["990000", "10008", "1000800"]),
    "person.name": (["张三", "欧阳娜娜", "王小明"], ["张", "公司", "张三丰李四王"]),
    "person.account": ([], ["admin", "zhangsan"]),  # only in account-named columns
    "person.gender": ([], ["0", "男"]),  # only in gender-named columns
    "address.cn": (
        [
            "北京市海淀区中关村大街27号",
            "广东省深圳市南山区科技园",
            "江苏省香港县黄浦汕尾街c座 623824",
        ],
        ["北京市", "海淀区", "中关村大街"],
    ),
    "org.name": (
        ["华为技术有限公司", "中国石油化工股份有限公司", "清华大学"],
        ["公司", "技术部", "有限"],
    ),
    "email": (
        ["zhangsan@example.com", "li.si+tag@mail.163.com"],
        ["zhangsan@", "@example.com", "zhangsan.example.com"],
    ),
    "ipv4": (["192.168.1.1", "8.8.8.8"], ["256.1.1.1", "1.2.3", "01.2.3.4"]),
    "ipv6": (["fe80::1", "2001:db8::ff00:42:8329"], ["28:52:3b:e6:55:7b", "12:30:45"]),
    "mac": (
        ["28:52:3b:e6:55:7b", "28-52-3B-E6-55-7B", "2852.3be6.557b"],
        ["28:52:3b:e6:55", "zz:52:3b:e6:55:7b"],
    ),
    "geo.coordinate": (
        ["39.904200,116.407400", "116.4074, 39.9042"],
        ["39.9,116.4", "95.123456,200.123456"],
    ),
    "date": (
        ["2024-01-15", "2024/1/5", "2024年1月15日", "2024-01-15 08:30:00"],
        ["2024-13-15", "15/01/2024", "20240115"],
    ),
    "domain": (["example.com", "www.gov.cn", "mail.163.com"], ["report.pdf", "localhost"]),
    "secret.password_hash": (
        [BCRYPT, SHA512_CRYPT, ARGON2, PBKDF2],
        ["5f4dcc3b5aa765d61d8327deb882cf99", "password", "$2b$12$short"],
    ),
    "secret.password_plaintext": ([], ["hunter2", "Passw0rd!"]),  # only in password columns
    "secret.credential": (
        [
            "password=hunter2",
            "postgresql://app:s3cret@db/erp",
            "密码：abc123",
            "jdbc:mysql://u:p4ss@h:3306/x",
        ],
        ["password", "postgresql://db/erp", "bypass=yes"],
    ),
    "secret.private_key": (
        [
            "-----BEGIN RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEA",
            "-----BEGIN OPENSSH PRIVATE KEY-----",
        ],
        ["-----BEGIN PUBLIC KEY-----", "-----BEGIN CERTIFICATE-----"],
    ),
    "secret.api_token": (
        ["AKIAIOSFODNN7EXAMPLE", "ghp_" + "a1B2" * 9, "api_key=abcd1234efgh5678ijkl", JWT],
        ["AKIA123", "hello world", "ghp_short"],
    ),
    "industrial.process_parameter": (
        ["85.5℃", "1.2 MPa", "1450 r/min", "3.2 m³/h", "180~200℃", "设定值: 85"],
        ["85.5", "MPa", "版本 1.2"],
    ),
    "industrial.plc_address": (
        ["%MW100", "%IX0.1", "DB1.DBX0.0", "DB10.DBW4", "4x0001", "I0.1", "N7:0"],
        ["40001", "%XY100", "MW"],
    ),
    "industrial.opcua_node_id": (
        [
            "ns=2;s=Line1.Temp",
            "ns=3;i=1001",
            "ns=1;g=09087e75-8e5e-499b-954f-f2a9603db28a",
            "nsu=http://opcfoundation.org/UA/;i=2253",
        ],
        ["ns=2", "i=1001", "ns=2;x=1"],
    ),
}


@pytest.fixture(scope="module")
def engine() -> RecognizerEngine:
    return RecognizerEngine.from_pack(load_recognizer_pack())


def _labels(engine: RecognizerEngine, value: str) -> set[str]:
    return set(engine.match_values([value]).hits)


def _value_cases(positive: bool) -> list[tuple[str, str]]:
    return [(label, v) for label, cases in VALUE_CASES.items() for v in cases[0 if positive else 1]]


@pytest.mark.parametrize(("label", "value"), _value_cases(True))
def test_value_is_recognized(engine: RecognizerEngine, label: str, value: str) -> None:
    assert label in _labels(engine, value)


@pytest.mark.parametrize(("label", "value"), _value_cases(False))
def test_value_is_not_recognized(engine: RecognizerEngine, label: str, value: str) -> None:
    assert label not in _labels(engine, value)


def test_every_value_recognizer_has_cases(engine: RecognizerEngine) -> None:
    with_patterns = {r.id for r in engine.pack.recognizers if r.patterns}
    assert with_patterns == set(VALUE_CASES)


# Recognizers with value patterns: a name alone is a suspicion (evidence before labels).
SUSPECTED_BY_NAME = [
    ("sfzh", "cn.resident_id"),
    ("身份证号", "cn.resident_id"),
    ("userIdCard", "cn.resident_id"),
    ("lxdh", "cn.mobile"),
    ("lxdh2", "cn.mobile"),
    ("mobilePhone", "cn.mobile"),
    ("xm", "person.name"),
    ("yhkh", "cn.bank_card"),
    ("EMAIL_ADDRESS", "email"),
    ("emails", "email"),
    ("tyshxydm", "cn.uscc"),
    ("plc_address", "industrial.plc_address"),
    ("node_id", "industrial.opcua_node_id"),
]

# Recognizers without value patterns: a name labels only with values of the declared shape.
NAME_CASES = [
    ("gyph", ["GP-20CrMnTi-01", "GP-40Cr-02"], "industrial.process_recipe"),
    ("set_point_formula", ["860.0", "45 min", "0.8 MPa"], "industrial.process_recipe"),
    ("htbh", ["HT-2024-0036", "HT-2024-0037"], "biz.contract"),
    ("salary", ["8500.00", "¥9,200", "12000"], "biz.hr"),
    ("gateway", ["10.10.0.1", "10.10.1.1"], "industrial.network_topology"),
    ("drawing", ["/cad/rg-3050.dwg", "rg-3051.step"], "industrial.cad_drawing"),
    ("firmware_file", ["gw-3000_v2.9.4.bin"], "industrial.firmware"),
    ("firmware_version", ["V2.9.4", "V3.1.8-rc1"], "industrial.firmware"),
    ("tag_name", ["TT-101", "L1.FURN.TEMP"], "industrial.sensor_timeseries"),
]

# ... and stays a suspicion where the values have another shape.
SHAPE_NEGATIVES = [
    ("gateway", ["alipay", "wxpay", "unionpay"], "industrial.network_topology"),
    ("tag", ["热销", "新品", "促销"], "industrial.sensor_timeseries"),
    ("firmware", ["已升级", "待升级", "已升级"], "industrial.firmware"),  # an upgrade status
    ("配方名称", ["输出轴渗碳淬火配方", "中间轴齿轮多用炉渗碳配方"], "industrial.process_recipe"),
    ("vendor", ["常州炉业", "苏州精工"], "biz.supply_chain"),  # no legal-form ending
]

NAME_NEGATIVES = [
    ("xml_data", "person.name"),
    ("valid_cardinality", "cn.bank_card"),
    ("name", "person.name"),
    ("telephone", "cn.mobile"),
    ("status", "industrial.sensor_timeseries"),
]


@pytest.mark.parametrize(("name", "label"), SUSPECTED_BY_NAME)
def test_column_name_alone_gives_a_suspicion_not_a_label(
    engine: RecognizerEngine, name: str, label: str
) -> None:
    result = engine.analyze_column(SampledColumn(name))
    assert result.labels == []
    found = next(lab for lab in result.suspicions if lab.label == label)
    assert found.evidence[0] == f"column name '{name}' matches {label}"
    assert found.evidence[-1] == "no values sampled: the name alone suggests it"
    assert found.matched == 0


@pytest.mark.parametrize(("name", "values", "label"), NAME_CASES)
def test_a_name_with_values_of_its_shape_gives_a_label(
    engine: RecognizerEngine, name: str, values: list[str], label: str
) -> None:
    assert label in engine.analyze_column(SampledColumn(name)).suspicion_ids()
    result = engine.analyze_column(SampledColumn(name, values=values))
    found = next(lab for lab in result.labels if lab.label == label)
    assert found.evidence[0] == f"column name '{name}' matches {label}"
    assert found.evidence[-1].endswith("the values corroborate the name")
    assert (found.matched, found.sampled) == (len(values), len(values))
    assert found.confidence == engine.analyze_column(SampledColumn(name)).suspicions[0].confidence


@pytest.mark.parametrize(("name", "values", "label"), SHAPE_NEGATIVES)
def test_a_name_with_values_of_another_shape_stays_a_suspicion(
    engine: RecognizerEngine, name: str, values: list[str], label: str
) -> None:
    result = engine.analyze_column(SampledColumn(name, values=values))
    assert label not in result.label_ids()
    found = next(lab for lab in result.suspicions if lab.label == label)
    assert found.evidence[-1].endswith("the name alone suggests it")


@pytest.mark.parametrize(("name", "label"), NAME_NEGATIVES)
def test_column_name_does_not_give_a_label(engine: RecognizerEngine, name: str, label: str) -> None:
    assert label not in engine.analyze_column(SampledColumn(name)).label_ids()


def test_comment_counts_like_a_name(engine: RecognizerEngine) -> None:
    result = engine.analyze_column(SampledColumn("c7", comment="身份证号码"))
    assert result.label_ids() == []
    assert result.suspicion_ids() == ["cn.resident_id"]
    assert "column comment" in result.suspicions[0].evidence[0]


def test_requires_context_patterns_need_a_name(engine: RecognizerEngine) -> None:
    digests = ["5f4dcc3b5aa765d61d8327deb882cf99", "e10adc3949ba59abbe56e057f20f883e"]
    assert engine.analyze_column(SampledColumn("checksum", values=digests)).labels == []
    named = engine.analyze_column(SampledColumn("pwd", values=digests))
    assert named.labels[0].label == "secret.password_hash"
    assert named.labels[0].matched == 2


PLAIN = ["hunter2", "Passw0rd!", "123456", "qwerty", "admin@123", "letmein", "plant2024"]
MD5 = ["5f4dcc3b5aa765d61d8327deb882cf99", "e10adc3949ba59abbe56e057f20f883e"]
HASH, PLAINTEXT = "secret.password_hash", "secret.password_plaintext"
PASSWORD_COLUMNS = [
    # (column name, values, labels with value evidence by confidence, labels absent altogether)
    ("password", PLAIN * 2, [PLAINTEXT], [HASH]),
    ("密码", PLAIN, [PLAINTEXT], [HASH]),
    ("password_hash", PLAIN * 2, [PLAINTEXT], [HASH]),  # named a hash, is not one
    ("password", [BCRYPT, SHA512_CRYPT, ARGON2, PBKDF2] * 3, [HASH], [PLAINTEXT]),
    ("pwd", MD5 * 6, [HASH], [PLAINTEXT]),
    ("password", [BCRYPT] * 6 + PLAIN[:6], [HASH, PLAINTEXT], []),
    ("pwd_changed_at", ["2024-01-05", "2024-03-01"] * 6, ["date"], []),
    ("password_expired", ["true", "false"] * 6, [], []),
    ("pwd_errors", [str(n) for n in range(12)], [], []),
    ("remark", PLAIN * 2, [], [PLAINTEXT]),  # no password name: words are not passwords
]


@pytest.mark.parametrize(("name", "values", "labels", "absent"), PASSWORD_COLUMNS)
def test_plaintext_passwords_are_told_from_hashes_and_metadata(
    engine: RecognizerEngine, name: str, values: list[str], labels: list[str], absent: list[str]
) -> None:
    result = engine.analyze_column(SampledColumn(name, values=values))

    assert [lab.label for lab in result.labels if lab.matched] == labels
    assert not set(absent) & set(result.label_ids())


TABLE_CASES = [
    ("hr_employee", "", SampledColumn("工号", values=["E0001", "E0002"]), "biz.hr"),
    ("客户信息", "", SampledColumn("customer_no", values=["C-001", "C-002"]), "biz.customer"),
    (
        "mes.recipe_master",
        "",
        SampledColumn("recipe", values=["HT-CARB-02", "MC-TURN-11"]),
        "industrial.process_recipe",
    ),
    ("t_7", "采购订单", SampledColumn("supplier_id", values=["S01", "S02"]), "biz.supply_chain"),
    (
        "tag_history",
        "",
        SampledColumn("tag", values=["TT-101", "PT-102"]),
        "industrial.sensor_timeseries",
    ),
]


@pytest.mark.parametrize(("name", "comment", "column", "label"), TABLE_CASES)
def test_a_table_name_labels_the_asset_where_a_column_corroborates_it(
    engine: RecognizerEngine, name: str, comment: str, column: SampledColumn, label: str
) -> None:
    empty = DiscoveredAsset(source="db", name=name, kind=AssetKind.TABLE, comment=comment)
    whole = engine.analyze_asset(empty)[-1]
    assert (whole.name, whole.label_ids()) == (ASSET_FIELD, [])
    assert label in whole.suspicion_ids()

    asset = DiscoveredAsset(
        source="db", name=name, kind=AssetKind.TABLE, comment=comment, columns=[column]
    )
    whole = engine.analyze_asset(asset)[-1]
    assert label in whole.label_ids()
    found = next(lab for lab in whole.labels if lab.label == label)
    assert found.evidence[-1] == f"column '{column.name}' is labelled {label}"


def test_a_table_name_is_not_corroborated_by_any_column_of_some_shape(
    engine: RecognizerEngine,
) -> None:
    """Every table has numbers and codes; only a column labelled for it corroborates its name."""
    column = SampledColumn("asset_value", values=["3951000.0", "5515000.0"])
    asset = DiscoveredAsset(
        source="db",
        name="eam_equipment",
        kind=AssetKind.TABLE,
        comment="设备配置",
        columns=[column],
    )
    whole = engine.analyze_asset(asset)[-1]
    assert whole.label_ids() == []
    assert "industrial.equipment_config" in whole.suspicion_ids()


def test_plain_table_has_no_asset_result(engine: RecognizerEngine) -> None:
    asset = DiscoveredAsset(source="db", name="t_order_line", kind=AssetKind.TABLE)
    assert engine.analyze_asset(asset) == []


GCODE = "O1001\n" + "".join(f"N{10 * i} G01 X{i}.5 Y{2 * i} F120\n" for i in range(1, 8)) + "M30\n"
FILE_CASES = [
    ("/cad/part.dxf", "dxf", "减速器输出轴", "industrial.cad_drawing"),
    ("model.bin", "", "ISO-10303-21;\nHEADER;\n", "industrial.cad_drawing"),
    ("drawing.txt", "", "  0\nSECTION\n  2\nHEADER\n  9\n$ACADVER\n", "industrial.cad_drawing"),
    (
        "main.txt",
        "",
        "FUNCTION_BLOCK FB1\nVAR_INPUT x : BOOL; END_VAR\nEND_FUNCTION_BLOCK\n",
        "industrial.plc_program",
    ),
    (
        "project.xml",
        "xml",
        '<project xmlns="http://www.plcopen.org/xml/tc6_0201">',
        "industrial.plc_program",
    ),
    ("C:\\progs\\part.txt", "", GCODE, "industrial.nc_program"),
    (
        "image.txt",
        "",
        "".join(f":10{i:04X}000102030405060708090A0B0C0D0E0F00\n" for i in range(6)),
        "industrial.firmware",
    ),
    (
        "sw1.txt",
        "",
        "hostname sw1\ninterface GigabitEthernet0/1\n switchport access vlan 10\n"
        "interface GigabitEthernet0/2\n",
        "industrial.network_topology",
    ),
    (
        "工艺规程/GY-017.docx",
        "docx",
        "预热 860℃ 保温 45 min，渗碳 930℃，淬火油温 60℃，回火 180℃",
        "industrial.process_recipe",
    ),
]


@pytest.mark.parametrize(("name", "fmt", "text", "label"), FILE_CASES)
def test_file_signature_gives_an_asset_label(
    engine: RecognizerEngine, name: str, fmt: str, text: str, label: str
) -> None:
    asset = DiscoveredAsset(
        source="file:///", name=name, kind=AssetKind.FILE, file_format=fmt, text=text
    )
    results = engine.analyze_asset(asset)
    assert results[-1].name == ASSET_FIELD
    assert label in results[-1].label_ids()


@pytest.mark.parametrize(
    ("name", "fmt", "text", "label"),
    [
        ("/cad/part.dxf", "dxf", "", "industrial.cad_drawing"),  # unread: format from its name
        ("配方表.xlsx", "xlsx", "", "industrial.process_recipe"),
        ("工艺规程/GY-017.docx", "docx", "本规程适用于输出轴。", "industrial.process_recipe"),
        ("采购/合同/CG-2024-0036.pdf", "pdf", "", "biz.contract"),
        ("固件/GW-3000_V2.9.4.bin", "binary", "", "industrial.firmware"),
    ],
)
def test_a_file_name_alone_is_a_suspicion(
    engine: RecognizerEngine, name: str, fmt: str, text: str, label: str
) -> None:
    asset = DiscoveredAsset(
        source="file:///", name=name, kind=AssetKind.FILE, file_format=fmt, text=text
    )
    whole = engine.analyze_asset(asset)[-1]
    assert (whole.name, whole.label_ids()) == (ASSET_FIELD, [])
    assert label in whole.suspicion_ids()


def test_a_firmware_image_signature_proves_the_file() -> None:
    """A U-Boot image header in the first bytes is firmware, whatever the file is called."""
    engine = RecognizerEngine.from_pack(load_recognizer_pack())
    asset = DiscoveredAsset(
        source="file:///",
        name="GW-3000_V2.9.4.bin",
        kind=AssetKind.FILE,
        file_format="binary",
        metadata={"signature": "uimage"},
    )
    found = engine.analyze_asset(asset)[-1].labels[0]
    assert found.label == "industrial.firmware"
    assert "binary signature 'uimage' in the first bytes matches industrial.firmware" in (
        found.evidence
    )


def test_an_extension_alone_is_a_suspicion_where_content_could_prove_it(
    engine: RecognizerEngine,
) -> None:
    """A ``.pem`` name is a clue; the PEM header in the file is the evidence."""
    asset = DiscoveredAsset(source="file:///", name="key.pem", kind=AssetKind.FILE)
    (whole,) = engine.analyze_asset(asset)
    assert whole.label_ids() == []
    assert whole.suspicion_ids() == ["secret.private_key"]
    asset.text = "-----BEGIN PRIVATE KEY-----\nMIIE\n"
    content = engine.analyze_asset(asset)[0]
    assert content.label_ids() == ["secret.private_key"]


@pytest.mark.parametrize(
    ("name", "text"),
    [("notes.txt", "hello world\nnothing to see\n"), ("report.txt", "G01 once is not a program\n")],
)
def test_ordinary_file_has_no_asset_label(engine: RecognizerEngine, name: str, text: str) -> None:
    asset = DiscoveredAsset(source="file:///", name=name, kind=AssetKind.FILE, text=text)
    assert all(r.name != ASSET_FIELD for r in engine.analyze_asset(asset))


@pytest.mark.parametrize("name", ["recipe_id", "配方编号", "customer_code"])
def test_reference_keys_weigh_their_name_less(engine: RecognizerEngine, name: str) -> None:
    """A key pointing at recipes or customers is not itself recipe or customer data."""
    plain = {"recipe_id": "recipe", "配方编号": "配方", "customer_code": "customer"}[name]
    codes = ["R-001", "R-002", "R-003"]
    keyed = engine.analyze_column(SampledColumn(name, values=codes)).labels[0]
    named = engine.analyze_column(SampledColumn(plain, values=codes)).labels[0]
    assert keyed.label == named.label
    assert keyed.confidence == pytest.approx(named.confidence / 2, abs=0.01)
    assert "a reference key" in keyed.evidence[0]


def test_keys_inside_json_are_corroborated_by_their_values(engine: RecognizerEngine) -> None:
    """A ``vlan`` key holding VLAN numbers is topology; a ``vlan`` key holding words is not."""
    zones = [f'{{"zone": "L{i}", "vlan": {10 * i}, "gateway": "10.10.{i}.1"}}' for i in range(1, 6)]
    words = [f'{{"zone": "L{i}", "vlan": "待定"}}' for i in range(1, 6)]
    proven = engine.analyze_asset(
        DiscoveredAsset(
            source="db", name="t", kind=AssetKind.TABLE, columns=[SampledColumn("c", values=zones)]
        )
    )[0]
    assert "industrial.network_topology" in proven.label_ids()
    found = next(lab for lab in proven.labels if lab.label == "industrial.network_topology")
    assert found.matched > 0
    unproven = engine.analyze_asset(
        DiscoveredAsset(
            source="db", name="t", kind=AssetKind.TABLE, columns=[SampledColumn("c", values=words)]
        )
    )
    assert all("industrial.network_topology" not in r.label_ids() for r in unproven)
