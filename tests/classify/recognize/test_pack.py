"""The recognizer pack: the builtin pack is valid and complete; broken packs report everything."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from indsec.classify.recognize.pack import (
    BUILTIN_RECOGNIZERS,
    FileSignatures,
    PatternSpec,
    Recognizer,
    RecognizerPack,
    ShapeSpec,
    ValueShape,
    load_recognizer_pack,
    regex_problem,
)
from indsec.errors import RulePackError
from indsec.model import Names
from indsec.rules.pack import PACK_KINDS, PackHeader, load_pack_file, load_packs

PACKS = Path(__file__).resolve().parents[2] / "files" / "packs"

REQUIRED_LABELS = [
    *("cn.resident_id", "cn.uscc", "cn.mobile", "cn.landline", "cn.bank_card", "cn.passport"),
    *("cn.license_plate", "cn.postcode", "person.name", "address.cn", "org.name", "email"),
    *("ipv4", "ipv6", "mac", "geo.coordinate", "date", "domain", "secret.password_hash"),
    *("secret.password_plaintext", "secret.credential", "secret.private_key"),
    *("secret.api_token", "industrial.process_recipe", "person.account", "person.gender"),
    *("industrial.process_parameter", "industrial.plc_address", "industrial.opcua_node_id"),
    *("industrial.equipment_config", "industrial.network_topology", "industrial.cad_drawing"),
    *("industrial.plc_program", "industrial.nc_program", "industrial.firmware"),
    *("industrial.sensor_timeseries", "biz.production_statistics", "biz.supply_chain"),
    *("biz.customer", "biz.contract", "biz.finance", "biz.hr"),
]


@pytest.fixture(scope="module")
def builtin() -> RecognizerPack:
    return load_recognizer_pack()


def test_kind_is_registered() -> None:
    assert PACK_KINDS.get("recognizers") is RecognizerPack


def test_builtin_pack_loads_through_the_generic_loader() -> None:
    loaded = load_packs()
    assert not [p for p in loaded.problems if "recognizers.yaml" in p.where]
    pack = loaded.one(RecognizerPack)
    assert isinstance(pack, RecognizerPack)
    assert pack.pack.id == "indsec.recognizers"
    assert pack.pack.version == "2026.11"


def test_builtin_pack_has_every_required_label(builtin: RecognizerPack) -> None:
    ids = [r.id for r in builtin.recognizers]
    assert sorted(ids) == sorted(REQUIRED_LABELS)
    assert builtin.check() == []


def test_every_recognizer_has_some_evidence(builtin: RecognizerPack) -> None:
    for rec in builtin.recognizers:
        has_names = rec.column_names.all_words() or rec.table_names.all_words()
        signatures = rec.file_signatures
        has_files = signatures.extensions or signatures.formats or signatures.content
        assert rec.patterns or has_names or has_files, rec.id
        assert rec.names.zh and rec.names.en


def test_every_pattern_cites_a_standard(builtin: RecognizerPack) -> None:
    for rec in builtin.recognizers:
        for spec in [*rec.patterns, *rec.file_signatures.content]:
            assert len(spec.source) > 3, rec.id


def test_pinyin_keywords_are_initials(builtin: RecognizerPack) -> None:
    for rec in builtin.recognizers:
        for word in [*rec.column_names.pinyin, *rec.table_names.pinyin]:
            assert re.fullmatch(r"[a-z]{2,10}", word), (rec.id, word)


def test_broken_pack_reports_every_problem_with_its_line() -> None:
    path = PACKS / "recognizers_broken.yaml"
    pack, problems = load_pack_file(path)
    assert pack is None
    shown = [str(p) for p in problems]
    expected = {
        11: "invalid regex",
        16: "unknown validator 'no_such_check'",
        20: "duplicate key 'sensitive'",
        24: "Extra inputs are not permitted",
        28: "unknown masking style 'sparkle'",
        33: "regex matches the empty string",
    }
    for line, message in expected.items():
        assert any(s.startswith(f"{path}:{line}:") and message in s for s in shown), (line, shown)
    assert len(problems) == len(expected)


def test_load_recognizer_pack_raises_all_problems() -> None:
    with pytest.raises(RulePackError) as caught:
        load_recognizer_pack(PACKS / "recognizers_broken.yaml")
    assert len(caught.value.problems) == 6


def test_load_recognizer_pack_refuses_another_kind() -> None:
    with pytest.raises(RulePackError, match="expected a recognizers pack"):
        load_recognizer_pack(PACKS / "grading_minimal.yaml")


def _unchecked(regex: str, validator: str | None = None) -> RecognizerPack:
    """A pack built without validation, as code (not YAML) might build one."""
    pattern = PatternSpec.model_construct(regex=regex, source="test")
    rec = Recognizer.model_construct(
        id="cn.mobile",
        names=Names(zh="手机", en="Mobile"),
        sensitive=True,
        validator=validator,
        patterns=[PatternSpec(regex="1\\d{10}", source="test"), pattern],
    )
    rec2 = Recognizer(id="cn.mobile", names=Names(zh="手机", en="Mobile"), sensitive=True)
    header = PackHeader(id="test", kind="recognizers", version="1")
    return RecognizerPack.model_construct(pack=header, recognizers=[rec, rec2])


def test_check_messages_name_recognizer_and_pattern() -> None:
    problems = _unchecked("(", validator="nope").check()
    assert "recognizer cn.mobile: duplicate id" in problems
    assert any(p.startswith("recognizer cn.mobile pattern 2: invalid regex") for p in problems)
    assert "recognizer cn.mobile: unknown validator 'nope'" in problems


def test_excluding_an_unknown_recognizer_is_a_problem() -> None:
    rec = Recognizer(
        id="secret.pin",
        names=Names(zh="口令", en="PIN"),
        sensitive=True,
        excludes=["no.such"],
        patterns=[PatternSpec(regex=r"\d{6}", source="six digits")],
    )
    header = PackHeader(id="test", kind="recognizers", version="1")

    problems = RecognizerPack(pack=header, recognizers=[rec]).check()

    assert problems == ["recognizer secret.pin: excludes unknown recognizer 'no.such'"]


@pytest.mark.parametrize(
    ("shape", "patterns", "extensions", "problem"),
    [
        (None, False, [], "no value patterns and no shape: only names could label it"),
        (ShapeSpec(values=["nope"]), False, [], "unknown value shape 'nope'"),
        (ShapeSpec(extensions=True), False, [], "shape counts file extensions but declares none"),
        (ShapeSpec(values=["number"]), True, [], "has value patterns, so a shape adds nothing"),
    ],
)
def test_a_recognizer_names_alone_cannot_prove_is_a_problem(
    shape: ShapeSpec | None, patterns: bool, extensions: list[str], problem: str
) -> None:
    """Every recognizer says what besides its names proves it (evidence before labels)."""
    rec = Recognizer(
        id="biz.deal",
        names=Names(zh="交易", en="Deal"),
        sensitive=False,
        shape=shape,
        patterns=[PatternSpec(regex=r"\d+", source="digits")] if patterns else [],
        file_signatures=FileSignatures(extensions=extensions),
    )
    header = PackHeader(id="test", kind="recognizers", version="1")
    shapes = {"number": ValueShape(regex=r"\d+", says="are numbers", source="digits")}

    problems = RecognizerPack(pack=header, recognizers=[rec], value_shapes=shapes).check()

    assert problems == [f"recognizer biz.deal: {problem}"]


@pytest.mark.parametrize(
    ("regex", "problem"),
    [
        ("1[3-9]\\d{9}", None),
        ("(", "invalid regex"),
        ("x?", "empty string"),
        ("[[:a:]]", "nested set"),
    ],
)
def test_regex_problem(regex: str, problem: str | None) -> None:
    found = regex_problem(regex)
    assert (found is None) if problem is None else (found is not None and problem in found)


def test_builtin_path_is_inside_the_package() -> None:
    assert BUILTIN_RECOGNIZERS.is_file()
    assert BUILTIN_RECOGNIZERS.parent.name == "packs"


def test_an_unknown_companion_is_a_problem() -> None:
    rec = Recognizer(
        id="cn.mobile",
        names=Names(zh="手机", en="Mobile"),
        sensitive=True,
        companions=["cn.fax"],
        patterns=[PatternSpec(regex=r"1\d{10}", source="eleven digits")],
    )
    header = PackHeader(id="test", kind="recognizers", version="1")

    problems = RecognizerPack(pack=header, recognizers=[rec]).check()

    assert problems == ["recognizer cn.mobile: companions unknown recognizer 'cn.fax'"]
