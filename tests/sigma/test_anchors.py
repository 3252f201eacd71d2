"""Keyword anchors and the event view's keyword blob: fast paths with unchanged answers."""

from __future__ import annotations

import sys
from typing import Any

import pytest

from indsec.model.event import Event, LogSource
from indsec.sigma.anchors import (
    DOTTED_CAPITAL_I,
    KELVIN_SIGN,
    MOST_ANCHORS,
    anchor_test,
    anchors_of,
    holds_anchor,
)
from indsec.sigma.view import SEPARATOR, EventView, OriginalTexts

MIMIKATZ = ["sekurlsa::", "kerberos::ptt", "lsadump::", "gentilkiwi.com", "mimidrv.sys"]


@pytest.mark.parametrize(
    ("literals", "expected"),
    [
        (["sekurlsa::", "kerberos::ptt", "lsadump::"], ("::",)),
        (["ab", "xyz"], ("xyz", "ab")),  # a longer anchor first among equals
        (["a", "b"], ("a", "b")),
        ([], None),
        ([f"{chr(0x4E00 + i)}{chr(0x5000 + i)}" for i in range(MOST_ANCHORS + 1)], None),
    ],
)
def test_anchors_cover_every_literal(literals: list[str], expected: tuple[str, ...] | None) -> None:
    assert anchors_of(literals) == expected


def test_every_literal_contains_an_anchor() -> None:
    anchors = anchors_of(MIMIKATZ)
    assert anchors is not None and len(anchors) <= MOST_ANCHORS
    assert all(holds_anchor(literal, anchors) for literal in MIMIKATZ)


@pytest.mark.parametrize(
    ("text", "expected"),
    [("run sekurlsa::logonpasswords", True), ("c:\\windows\\notepad.exe", False), ("", False)],
)
def test_holds_anchor(text: str, expected: bool) -> None:
    anchors = anchors_of(MIMIKATZ)
    assert anchors is not None
    assert holds_anchor(text, anchors) is expected


TRICKY_TEXTS = [
    "run SEKURLSA::LogonPasswords",
    "GentilKiwi.com",
    "gentil\u212aiwi",  # the Kelvin sign lower-cases to k
    "M\u0130",  # the dotted capital I lower-cases to i + a combining dot
    "M\u0130mi",
    "mimi\u0130",
    "c:\\windows\\notepad.exe",
    "ΟΔΟΣ ΣΑ Ki",
    "张伟::",
    "x\x00y",
    "",
]


@pytest.mark.parametrize(
    "literals",
    [
        MIMIKATZ,
        ["ki", "mi"],
        ["sekurlsa::", "ki"],
        ["向日葵", "todesk"],
        ["οδος"],
        ["ki\u0307x", "ab"],
    ],
)
@pytest.mark.parametrize("text", TRICKY_TEXTS)
def test_anchor_test_reads_text_as_written_as_if_lower_cased(
    literals: list[str], text: str
) -> None:
    anchors = anchors_of(literals)
    test = anchor_test(literals)
    assert anchors is not None and test is not None
    assert test(text) is holds_anchor(text.lower(), anchors)
    assert test(text.upper()) is holds_anchor(text.upper().lower(), anchors)


def test_only_two_characters_outside_ascii_lower_case_into_it() -> None:
    """The premise of searching spellings: no other character lower-cases to ASCII text."""
    into_ascii = {
        char
        for char in map(chr, range(0x80, sys.maxunicode + 1))
        if any(c.isascii() for c in char.lower())
    }
    assert into_ascii == {KELVIN_SIGN, DOTTED_CAPITAL_I}
    assert KELVIN_SIGN.lower() == "k" and DOTTED_CAPITAL_I.lower()[0] == "i"


def test_too_many_anchors_mean_no_test() -> None:
    assert (
        anchor_test([f"{chr(0x4E00 + i)}{chr(0x5000 + i)}" for i in range(MOST_ANCHORS + 1)])
        is None
    )


FIELDS: list[dict[str, Any]] = [
    {"Image": "C:\\Windows\\CMD.exe", "EventID": 1, "Flag": True, "Empty": None},
    {"Tags": ["A", "B"], "One": ("X",), "None": [], "Image": "Foo"},
    {"Odd": f"a{SEPARATOR}B", "Image": "Foo"},
    {"Greek": "ΟΔΟΣ", "After": "ΣΑ", "Ratio": 1.5, "Dotted": "İstanbul"},
    {},
]


@pytest.mark.parametrize("fields", FIELDS)
def test_blob_joins_every_value_as_sigma_reads_it(fields: dict[str, Any]) -> None:
    view = EventView(Event(fields=fields, logsource=LogSource(product="windows")))
    texts = OriginalTexts.of(fields)
    joined = SEPARATOR.join(_joined(texts[name]) for name in fields)
    assert view.blob(lower=False) == joined
    assert view.blob(lower=True) == joined.lower()
    assert dict(view.low) == {}, "the blob converts no field: tests convert what they read"


def _joined(text: str | tuple[str, ...] | None) -> str:
    return text if isinstance(text, str) else SEPARATOR.join(text or ())
