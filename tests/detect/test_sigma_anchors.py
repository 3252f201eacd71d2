"""Keyword anchors and the event view's keyword blob: fast paths with unchanged answers."""

from __future__ import annotations

from typing import Any

import pytest

from indsec.detect.sigma.anchors import MOST_ANCHORS, anchors_of, holds_anchor
from indsec.detect.sigma.view import SEPARATOR, EventView, OriginalTexts
from indsec.model.event import Event, LogSource

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
