"""Masking: the documented shapes, and never more than two thirds of a value shown."""

from __future__ import annotations

import pytest

from indsec.classify.masking import FULL_MASK, MASKERS, mask_value
from indsec.errors import PluginError

CASES = [
    ("110105194912310021", "ends", 4, 4, "1101**********0021"),
    ("13800138000", "ends", 3, 4, "138****8000"),
    ("12345", "ends", 3, 4, "123**"),
    ("x", "ends", 4, 4, "*"),
    ("张三", "name", 0, 0, "张*"),
    ("欧阳娜娜", "name", 0, 0, "欧***"),
    ("张", "name", 0, 0, "*"),
    ("zhangsan@example.com", "email", 0, 0, "z***@example.com"),
    ("not-an-email", "email", 0, 0, "n***********"),
    ("$2b$12$abcdefghijklmnopqrstuv", "full", 0, 0, FULL_MASK),
    ("", "ends", 4, 4, ""),
]


@pytest.mark.parametrize(("value", "style", "head", "tail", "expected"), CASES)
def test_mask_shapes(value: str, style: str, head: int, tail: int, expected: str) -> None:
    assert mask_value(value, style, head=head, tail=tail) == expected


@pytest.mark.parametrize("length", range(1, 40))
@pytest.mark.parametrize(("head", "tail"), [(0, 0), (4, 4), (3, 4), (8, 2), (20, 20)])
def test_ends_always_hides_a_third(length: int, head: int, tail: int) -> None:
    value = "".join(chr(ord("a") + i % 26) for i in range(length))
    masked = mask_value(value, "ends", head=head, tail=tail)
    assert len(masked) == length
    assert masked.count("*") >= max((length + 2) // 3, 1)
    assert masked != value


def test_full_mask_does_not_reveal_length() -> None:
    assert mask_value("a", "full") == mask_value("a" * 500, "full")


def test_unknown_style_is_a_plugin_error() -> None:
    with pytest.raises(PluginError, match="ends"):
        mask_value("x", "no_such_style")


def test_styles_are_registered() -> None:
    assert {"ends", "name", "email", "full"} <= set(MASKERS.names())
