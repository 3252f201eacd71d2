"""The engine end to end: field results, confidence and evidence, masking, Hyperscan parity."""

from __future__ import annotations

import logging
import random
from pathlib import Path

import pytest
from faker import Faker
from stdnum.cn import ric

from indsec.classify.recognize.multipattern import hyperscan_available
from indsec.classify.recognize.pack import RecognizerPack, RecognizerSettings, load_recognizer_pack
from indsec.classify.recognize.recognition import ASSET_FIELD, CONTENT_FIELD, RecognizerEngine
from indsec.model import AssetKind, DiscoveredAsset, FieldResult, SampledColumn

PACKS = Path(__file__).resolve().parents[2] / "files" / "packs"


@pytest.fixture(scope="module")
def pack() -> RecognizerPack:
    return load_recognizer_pack()


@pytest.fixture(scope="module")
def engines(pack: RecognizerPack) -> dict[str, RecognizerEngine]:
    assert hyperscan_available(), "the dev environment installs indsec[hyperscan]"
    engines = {
        "hyperscan": RecognizerEngine.from_pack(pack),
        "re": RecognizerEngine.from_pack(pack, use_hyperscan=False),
    }
    assert [e.uses_hyperscan for e in engines.values()] == [True, False]
    return engines


@pytest.fixture(scope="module")
def engine(engines: dict[str, RecognizerEngine]) -> RecognizerEngine:
    return engines["hyperscan"]


def _resident_ids(n: int, seed: int = 1) -> list[str]:
    rnd = random.Random(seed)
    out = []
    while len(out) < n:
        body = f"110105{rnd.randint(1950, 2005)}{rnd.randint(1, 12):02d}{rnd.randint(1, 28):02d}"
        body += f"{rnd.randint(0, 999):03d}"
        out.append(body + ric.calc_check_digit(body + "0"))
    return out


def _faker(seed: int = 3) -> Faker:
    fake = Faker("zh_CN")
    fake.seed_instance(seed)
    return fake


# ------------------------------------------------------------------ field results
def test_table_gives_one_result_per_column_and_an_asset_result(engine: RecognizerEngine) -> None:
    columns = [
        SampledColumn("id", "INTEGER", values=[str(i) for i in range(50)]),
        SampledColumn("sfzh", "VARCHAR(18)", "身份证", values=_resident_ids(50)),
        SampledColumn("lxdh", "VARCHAR(11)", values=[_faker().phone_number() for _ in range(50)]),
        SampledColumn("emp_no", "VARCHAR(8)", values=[f"E{i:05d}" for i in range(50)]),
    ]
    asset = DiscoveredAsset(source="db", name="hr_employee", kind=AssetKind.TABLE, columns=columns)
    results = engine.analyze_asset(asset)
    assert [r.name for r in results] == ["id", "sfzh", "lxdh", "emp_no", ASSET_FIELD]
    assert results[0].labels == []
    assert (results[1].data_type, results[1].comment) == ("VARCHAR(18)", "身份证")
    assert results[1].label_ids() == ["cn.resident_id"]
    assert results[2].label_ids() == ["cn.mobile"]
    assert results[3].label_ids() == ["biz.hr"]
    assert results[4].label_ids() == ["biz.hr"]
    assert "column 'emp_no' is labelled biz.hr" in results[4].labels[0].evidence


def test_file_text_gives_a_content_result(engine: RecognizerEngine) -> None:
    asset = DiscoveredAsset(
        source="file:///",
        name="memo.docx",
        kind=AssetKind.FILE,
        file_format="docx",
        text="请联系王工，手机 13800138000，邮箱 wang@example.com。",
    )
    results = engine.analyze_asset(asset)
    assert [r.name for r in results] == [CONTENT_FIELD]
    assert {"cn.mobile", "email"} <= set(results[0].label_ids())


def test_blank_text_gives_no_content_result(engine: RecognizerEngine) -> None:
    asset = DiscoveredAsset(
        source="file:///",
        name="a.csv",
        kind=AssetKind.FILE,
        text="  \n",
        columns=[SampledColumn("x", values=["1"])],
    )
    assert [r.name for r in engine.analyze_asset(asset)] == ["x"]


# ------------------------------------------------------------------ confidence and evidence
def _column_label(engine: RecognizerEngine, name: str, values: list[str], label: str) -> float:
    result = engine.analyze_column(SampledColumn(name, values=values))
    return next((lab.confidence for lab in result.labels if lab.label == label), 0.0)


def _suspicion(engine: RecognizerEngine, name: str, values: list[str], label: str) -> float:
    result = engine.analyze_column(SampledColumn(name, values=values))
    return next((lab.confidence for lab in result.suspicions if lab.label == label), 0.0)


def test_name_and_values_together_beat_either_alone(engine: RecognizerEngine) -> None:
    ids = _resident_ids(40)
    both = _column_label(engine, "sfzh", ids, "cn.resident_id")
    values_only = _column_label(engine, "c1", ids, "cn.resident_id")
    assert both > values_only > 0
    assert _column_label(engine, "sfzh", [], "cn.resident_id") == 0.0
    assert 0 < _suspicion(engine, "sfzh", [], "cn.resident_id") < values_only


def test_values_below_the_threshold_give_no_label_without_a_name(engine: RecognizerEngine) -> None:
    values = _resident_ids(4) + [f"N{i:05d}" for i in range(6)]
    assert _column_label(engine, "c1", values, "cn.resident_id") == 0.0
    named_column = engine.analyze_column(SampledColumn("sfzh", values=values))
    assert named_column.labels == []
    named = named_column.suspicions[0]
    assert named.matched == 4 and named.sampled == 10
    assert "4/10 sampled values pass" in named.evidence[1]
    assert "below the 50% threshold" in named.evidence[1]


def test_threshold_comes_from_the_pack(pack: RecognizerPack) -> None:
    strict = pack.model_copy(update={"settings": RecognizerSettings(min_match_ratio=0.9)})
    engine = RecognizerEngine.from_pack(strict, use_hyperscan=False)
    values = [*_resident_ids(8), "x", "y"]
    assert _column_label(engine, "c1", values, "cn.resident_id") == 0.0
    assert _column_label(engine, "c1", _resident_ids(10), "cn.resident_id") > 0.9


def test_values_contradicting_the_name_halve_it(engine: RecognizerEngine) -> None:
    alone = _suspicion(engine, "sfzh", [], "cn.resident_id")
    refuted = engine.analyze_column(SampledColumn("sfzh", values=[f"w{i}" for i in range(20)]))
    assert refuted.labels == []
    assert refuted.suspicions[0].confidence == pytest.approx(alone / 2, abs=0.001)
    assert "0/20 sampled values match" in refuted.suspicions[0].evidence[-1]


def test_repeated_values_are_weighted_and_examples_bounded(engine: RecognizerEngine) -> None:
    fake = _faker(9)
    phones = [fake.phone_number() for _ in range(10)]
    values = phones * 90 + ["", "  "] * 5 + ["n/a"] * 90
    label = engine.analyze_column(SampledColumn("c", values=values)).labels[0]
    assert (label.label, label.matched, label.sampled) == ("cn.mobile", 900, 990)
    assert label.evidence == ["900/990 sampled values match the pattern"]
    assert len(label.masked_examples) == 3


def test_context_words_support_but_never_decide(engine: RecognizerEngine) -> None:
    supported = engine.analyze_column(
        SampledColumn("c", values=_resident_ids(10)), asset_name="身份证登记"
    )
    plain = engine.analyze_column(SampledColumn("c", values=_resident_ids(10)))
    assert supported.labels[0].confidence > plain.labels[0].confidence
    assert "context word '身份证' in the table name" in supported.labels[0].evidence
    assert engine.analyze_column(SampledColumn("c", values=["x"]), asset_name="身份证").labels == []


# ------------------------------------------------------------------ masking never leaks
def _sensitive_asset() -> tuple[DiscoveredAsset, list[str]]:
    fake = _faker(42)
    raw = {
        "sfzh": _resident_ids(20, seed=5),
        "sjhm": [fake.phone_number() for _ in range(20)],
        "xm": [fake.name() for _ in range(20)],
        "email": [fake.email() for _ in range(20)],
        "dz": [fake.address() for _ in range(20)],
        "pwd": ["$2b$12$" + fake.pystr(53, 53) for _ in range(20)],
        "yhkh": ["6222021234567890128", "4111111111111111"] * 10,
    }
    text = "；".join(
        f"姓名：{n}，身份证{i}，电话{p}"
        for n, i, p in zip(raw["xm"], raw["sfzh"], raw["sjhm"], strict=True)
    )
    text += "\npassword=Sup3rS3cret! -----BEGIN RSA PRIVATE KEY-----"
    columns = [SampledColumn(name, values=values) for name, values in raw.items()]
    asset = DiscoveredAsset(
        source="f", name="dump.xlsx", kind=AssetKind.FILE, columns=columns, text=text
    )
    secrets = [v for values in raw.values() for v in values] + ["Sup3rS3cret!"]
    return asset, secrets


@pytest.mark.parametrize("which", ["hyperscan", "re"])
def test_no_raw_value_survives_serialisation(
    engines: dict[str, RecognizerEngine], which: str
) -> None:
    asset, secrets = _sensitive_asset()
    results = engines[which].analyze_asset(asset)
    dumped = "\n".join(r.model_dump_json() for r in results)
    dumped_lower = dumped.lower()
    assert {lab for r in results for lab in r.label_ids()} >= {
        "cn.resident_id",
        "cn.mobile",
        "person.name",
        "email",
        "address.cn",
        "secret.password_hash",
        "cn.bank_card",
        "secret.credential",
        "secret.private_key",
    }
    leaked = [s for s in secrets if s in dumped or s.lower() in dumped_lower]
    assert leaked == []
    assert "*" in dumped


# ------------------------------------------------------------------ Hyperscan and re agree
def _mixed_values(n: int) -> list[str]:
    fake, rnd = _faker(77), random.Random(77)
    makers = [
        fake.phone_number,
        fake.email,
        fake.ipv4,
        fake.ipv6,
        fake.mac_address,
        fake.name,
        fake.address,
        fake.company,
        fake.license_plate,
        fake.credit_card_number,
        fake.domain_name,
        fake.word,
        fake.date,
        lambda: str(rnd.randint(0, 10 ** rnd.randint(1, 19))),
        lambda: f"%MW{rnd.randint(0, 999)}",
        lambda: f"ns={rnd.randint(1, 9)};s=L{rnd.randint(1, 9)}.T",
        lambda: f"{rnd.uniform(0, 500):.1f}℃",
        lambda: f"password={fake.pystr()}",
        lambda: fake.sentence() + " 13800138000 " + fake.email(),
    ]
    return [rnd.choice(makers)() for _ in range(n)] + _resident_ids(50, seed=rnd.randint(0, 99))


def test_value_matches_are_identical_on_both_paths(engines: dict[str, RecognizerEngine]) -> None:
    mixed = _mixed_values(3000)
    columns = [mixed, *(mixed[i::7] for i in range(7)), _resident_ids(300), ["x\ny", "a\nb"] * 3]
    for values in columns:
        fast = engines["hyperscan"].match_values(values)
        slow = engines["re"].match_values(values)
        assert fast == slow
    assert len(engines["re"].match_values(mixed).hits) >= 15


def test_assets_and_text_are_identical_on_both_paths(engines: dict[str, RecognizerEngine]) -> None:
    asset, _ = _sensitive_asset()
    asset.text += "\n" + "\n".join(_mixed_values(1500))
    fast: list[FieldResult] = engines["hyperscan"].analyze_asset(asset)
    slow: list[FieldResult] = engines["re"].analyze_asset(asset)
    assert fast == slow


# ------------------------------------------------------------------ free text
TEXT_CASES = [
    ("姓名：张三，电话 13800138000", {"person.name", "cn.mobile"}),
    ("张三去了工厂", set()),
    ("我们去了公司，这个城市的区别在于道路", set()),
    ("甲方：华为技术有限公司", {"org.name"}),
    ("住址：北京市海淀区中关村大街27号", {"address.cn"}),
    ("订单号 113800138000123", set()),
    ("金额 3.13800138000", set()),
    ("mail: zhang@example.com", {"email"}),
    ("温度设定 85.5℃，压力 1.2MPa", {"industrial.process_parameter"}),
    ("邮编：100080", {"cn.postcode"}),
    ("100080", set()),
]


@pytest.mark.parametrize(("text", "labels"), TEXT_CASES)
def test_text_labels(engine: RecognizerEngine, text: str, labels: set[str]) -> None:
    assert {lab.label for lab in engine.analyze_text(text)} == labels


def test_text_counts_across_chunks_and_stops_at_the_cap(pack: RecognizerPack) -> None:
    settings = RecognizerSettings(text_chunk_chars=1024, max_text_matches=50)
    engine = RecognizerEngine.from_pack(pack.model_copy(update={"settings": settings}))
    text = "".join(f"第{i}行 手机 139{i:08d}\n" for i in range(40))
    mobile = {lab.label: lab for lab in engine.analyze_text(text)}["cn.mobile"]
    assert (mobile.matched, mobile.sampled) == (40, 40)
    capped = {lab.label: lab for lab in engine.analyze_text(text * 3)}["cn.mobile"]
    assert capped.matched == 50
    assert capped.evidence[0].startswith("50+/50+ matches")


# ------------------------------------------------------------------ patterns Hyperscan refuses
def test_refused_patterns_are_reported_and_still_match(caplog: pytest.LogCaptureFixture) -> None:
    minimal = load_recognizer_pack(PACKS / "recognizers_minimal.yaml")
    with caplog.at_level(logging.WARNING, logger="indsec.classify.recognize.recognition"):
        fast = RecognizerEngine.from_pack(minimal)
    assert any("recognizer test.han_word pattern 1" in p for p in fast.re_only_patterns)
    assert "test.han_word" in caplog.text
    slow = RecognizerEngine.from_pack(minimal, use_hyperscan=False)
    assert slow.re_only_patterns == []
    values = ["张三", "工厂车间", "PO-123456", "ref: po-654321", "x"]
    assert fast.match_values(values) == slow.match_values(values)
    assert set(fast.match_values(values).hits) == {"test.han_word", "test.order_no"}
