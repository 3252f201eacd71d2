"""Structured content inside cells: JSON, XML, ``key=value`` strings and free text.

An operation log's request-parameter column holds ``{"phone":"13800138000","password":"123456"}``;
a remark holds "请联系13800138000". Column-level patterns match whole cells, so neither is found
unless the cell is opened. This module opens it: every leaf value is paired with its key path
(``params.password``), which later plays the part of a column name, and prose goes to the text
recognizers.

Cells arrive cut by the connector (a JSON document of 10 MB is sampled as its first kilobyte), so
well-formed JSON is walked with its full paths and anything else — truncated JSON, XML, query
strings — is read with one linear-time pair regex. No XML parser runs on scanned data (entity
expansion), and every walk is bounded by :class:`ContentLimits`.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

_PAIR = re.compile(
    r"""["']?([A-Za-z_][\w.\-]{0,63})["']?\s*[:=]\s*(?:"([^"\n]{0,512})"|'([^'\n]{0,512})'|([^\s"',;&<>{}\[\]]{1,512}))"""
)
"""``"key": "value"``, ``key=value``, ``key: value`` — JSON, query strings, logs, properties."""

_ELEMENT = re.compile(r"<([A-Za-z_][\w.\-]{0,63})(?:\s[^<>]{0,512})?>([^<>]{1,512})</\1\s*>")
"""``<phone>13800138000</phone>``: an XML element holding only text."""

_ATTRIBUTE = re.compile(r"""\s([A-Za-z_][\w.\-]{0,63})\s*=\s*"([^"<>]{1,512})\"""")
"""``phone="13800138000"`` inside an XML tag."""

_PROSE = re.compile(r"[\s,;:，；：。、!?！？()（）]|[^\x00-\x7f]")
"""What free text has and a code, hash or identifier does not: spaces, punctuation, CJK."""

MAX_DEPTH = 16
"""JSON nested deeper is not walked: request parameters nest a few levels, not hundreds."""

MIN_TEXT_CHARS = 8
"""Shorter cells are codes and names, which the column-level patterns already judge."""


@dataclass(frozen=True, slots=True)
class ContentLimits:
    """How much of a column's sample is opened: values, characters per value, key paths."""

    max_values: int = 200
    max_chars: int = 4096
    max_keys: int = 128


@dataclass
class ContentSample:
    """What a column's cells hold inside: leaf values by key path, and free-text pieces.

    ``kinds`` says how each path was found (``JSON``, ``XML``, ``key=value``), for evidence.
    """

    keyed: dict[str, list[str]] = field(default_factory=dict)
    kinds: dict[str, str] = field(default_factory=dict)
    text: list[str] = field(default_factory=list)
    dropped_keys: int = 0

    def add(self, path: str, value: str, kind: str, limits: ContentLimits) -> None:
        """Keep ``value`` under ``path`` unless the column already has too many paths."""
        if path not in self.keyed and len(self.keyed) >= limits.max_keys:
            self.dropped_keys += 1
            return
        self.keyed.setdefault(path, []).append(value)
        self.kinds.setdefault(path, kind)

    def __bool__(self) -> bool:
        return bool(self.keyed or self.text)


def is_prose(value: str) -> bool:
    """Whether a leaf or cell reads like a sentence rather than one token."""
    return len(value) >= MIN_TEXT_CHARS and _PROSE.search(value) is not None


def extract_content(values: Sequence[str], limits: ContentLimits) -> ContentSample:
    """Open at most ``limits.max_values`` cells, each cut at ``limits.max_chars`` characters."""
    sample = ContentSample()
    for raw in values[: limits.max_values]:
        cell = raw[: limits.max_chars].strip()
        if len(cell) < MIN_TEXT_CHARS:
            continue
        _read_cell(cell, sample, limits)
    return sample


def _read_cell(cell: str, sample: ContentSample, limits: ContentLimits) -> None:
    """Leaves under their paths (prose leaves also as text); a cell without pairs as text."""
    if cell[0] not in "{[<" and "=" not in cell and ":" not in cell:
        if is_prose(cell):  # no pair can be in it: a code, a name, or a sentence
            sample.text.append(cell)
        return
    leaves = _json_leaves(cell)
    kind = "JSON"
    if leaves is None:
        leaves, kind = _pattern_leaves(cell)
        if not leaves and is_prose(cell):
            sample.text.append(cell)
    for path, value in leaves:
        sample.add(path, value, kind, limits)
        if is_prose(value):
            sample.text.append(value)


def _json_leaves(cell: str) -> list[tuple[str, str]] | None:
    """Leaves of a well-formed JSON object or array, or None when the cell is not one."""
    if cell[0] not in "{[":
        return None
    try:
        document = json.loads(cell)
    except (ValueError, RecursionError):
        return None
    return list(_walk(document, ""))


def _walk(node: object, path: str, depth: int = 0) -> Iterator[tuple[str, str]]:
    """Depth-first ``(key path, scalar as text)``; list items share their parent's path."""
    if depth > MAX_DEPTH:
        return
    if isinstance(node, dict):
        for key, child in node.items():
            yield from _walk(child, f"{path}.{key}" if path else str(key), depth + 1)
    elif isinstance(node, list):
        for child in node:
            yield from _walk(child, path, depth + 1)
    elif node is not None and path:
        text = node if isinstance(node, str) else json.dumps(node)
        if text.strip():
            yield path, text.strip()


def _pattern_leaves(cell: str) -> tuple[list[tuple[str, str]], str]:
    """Pairs read by pattern: XML elements and attributes, else ``key=value``/``"key":value``."""
    if cell.startswith("<"):
        pairs = [(m[1], m[2]) for m in _ELEMENT.finditer(cell)]
        pairs += [(m[1], m[2]) for m in _ATTRIBUTE.finditer(cell)]
        return [(k, v.strip()) for k, v in pairs if v.strip()], "XML"
    pairs = [(m[1], m[2] or m[3] or m[4] or "") for m in _PAIR.finditer(cell)]
    return [(k, v.strip()) for k, v in pairs if v.strip()], "key=value"


def config_pairs(keys: Sequence[str], values: Sequence[str]) -> list[tuple[str, str]]:
    """Rows of a key/value configuration table, when the two sampled columns line up.

    Connectors drop empty cells, so the columns are paired only when both kept every row.
    """
    if len(keys) != len(values):
        return []
    return [(k.strip(), v.strip()) for k, v in zip(keys, values, strict=True) if k.strip()]
