"""The enterprise profile file: defaults, typed edits and clear errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from indsec.errors import ConfigError
from indsec.profile_config import load_filing_declarations, load_profile, set_profile_value


def test_missing_profile_is_default(tmp_path: Path) -> None:
    assert load_profile(tmp_path / "indsec.toml").is_default is True


def test_set_values_are_typed_and_persisted(tmp_path: Path) -> None:
    path = tmp_path / "indsec.toml"
    set_profile_value(path, "cii_operator", "true")
    set_profile_value(path, "name", "华东精工")
    set_profile_value(path, "general_sublevels", "L1, L2, L3")
    profile = load_profile(path)
    assert (profile.cii_operator, profile.name, profile.is_default) == (True, "华东精工", False)
    assert profile.general_sublevels == ["L1", "L2", "L3"]


@pytest.mark.parametrize(
    ("key", "value", "message"),
    [
        ("colour", "red", "unknown profile key"),
        ("cii_operator", "maybe", "true or false"),
        ("revenue_cny", "-5", "revenue_cny"),
    ],
)
def test_bad_edits_are_refused_and_file_untouched(
    tmp_path: Path, key: str, value: str, message: str
) -> None:
    path = tmp_path / "indsec.toml"
    set_profile_value(path, "name", "甲")
    before = path.read_bytes()
    with pytest.raises(ConfigError, match=message):
        set_profile_value(path, key, value)
    assert path.read_bytes() == before


def test_invalid_toml_is_located(tmp_path: Path) -> None:
    path = tmp_path / "indsec.toml"
    path.write_text("[enterprise\nname=1", encoding="utf-8")
    with pytest.raises(ConfigError, match="invalid TOML"):
        load_profile(path)


def test_filing_declarations(tmp_path: Path) -> None:
    path = tmp_path / "indsec.toml"
    path.write_text(
        '[filing.defaults]\ncross_border = "无"\n[filing.assets."员工"]\n'
        'scope_of_use = "人力资源部"\n',
        encoding="utf-8",
    )
    declared = load_filing_declarations(path)
    assert declared["defaults"] == {"cross_border": "无"}
    assert declared["员工"] == {"scope_of_use": "人力资源部"}
