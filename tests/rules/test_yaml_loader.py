"""Strict located YAML: duplicate keys and schema errors come with file:line."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from indsec.rules import yaml_loader
from indsec.rules.pack import load_pack_file, load_packs
from indsec.rules.yaml_loader import load_located


def test_duplicate_keys_are_reported_with_both_lines(tmp_path: Path) -> None:
    path = tmp_path / "dup.yaml"
    path.write_text("a: 1\nb:\n  c: 2\n  c: 3\n", encoding="utf-8")
    doc, problems = load_located(path)
    assert doc is not None
    assert [str(p) for p in problems] == [f"{path}:4: duplicate key 'c' (first on line 3)"]


def test_syntax_error_is_located(tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text("a: [1, 2\nb: 3\n", encoding="utf-8")
    doc, problems = load_located(path)
    assert doc is None
    assert problems[0].where.startswith(f"{path}:")
    assert "invalid YAML" in problems[0].message


def test_a_control_character_is_a_located_problem_not_a_crash(tmp_path: Path) -> None:
    path = tmp_path / "site.yaml"
    path.write_text("pack:\n  id: site\x1f\n", encoding="utf-8")

    pack, problems = load_pack_file(path)

    assert pack is None
    assert [str(p) for p in problems] == [
        f"{path}:2: invalid YAML: character #x001f: special characters are not allowed"
    ]


def test_schema_errors_carry_the_line_of_the_bad_value(tmp_path: Path) -> None:
    path = tmp_path / "filing.yaml"
    path.write_text(
        "pack: {id: t.filing, kind: filing, version: '1'}\n"
        "grades_filed: [important]\n"
        "review_working_days: -1\n"
        "refiling_months: 3\n"
        "refiling_scale_change: 0.3\n"
        "fields:\n"
        "  - {id: data_name, names: {zh: 名称, en: Name}, source: asset}\n"
        "  - {id: data_name, names: {zh: 名称}, source: asset, colour: red}\n",
        encoding="utf-8",
    )
    pack, problems = load_pack_file(path)
    assert pack is None
    text = "\n".join(map(str, problems))
    assert f"{path}:3: review_working_days" in text
    assert f"{path}:8: fields.1.names.en: Field required" in text
    assert f"{path}:8: fields.1.colour: Extra inputs are not permitted" in text


def test_unknown_kind_and_every_builtin_pack_valid(tmp_path: Path) -> None:
    path = tmp_path / "x.yaml"
    path.write_text("pack: {id: x, kind: martian, version: '1'}\n", encoding="utf-8")
    _, problems = load_pack_file(path)
    assert "unknown kind 'martian'" in problems[0].message
    builtin = load_packs()
    assert builtin.problems == []
    assert "filing" in builtin.by_kind


@pytest.mark.skipif(not yaml.__with_libyaml__, reason="PyYAML built without libyaml")
def test_packs_are_parsed_by_libyaml_where_pyyaml_has_it() -> None:
    """The pure-Python scanner made loading the builtin packs take seconds per command."""
    assert issubclass(yaml_loader._StrictLoader, yaml.CSafeLoader)


def test_a_control_character_after_an_alias_is_still_located(tmp_path: Path) -> None:
    path = tmp_path / "site.yaml"
    path.write_text("a: &x {b: 1}\nc: *x\nd: e\x07\n", encoding="utf-8")

    doc, problems = load_located(path)

    assert doc is None
    assert [p.where for p in problems] == [f"{path}:3"]
