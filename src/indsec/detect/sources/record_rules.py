"""Compiled match rules and extractions of a pipeline: how a raw record is recognised.

Matching runs on every record, so rules compile once into tuples of keys, value sets and
patterns, and each keeps an *anchor* — a key the record must have — so that the usual case, a
rule that does not apply, is rejected with one dictionary lookup.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from indsec.detect.sources.pipeline_pack import Extraction, MatchRule

MEMO_ENTRIES = 256
"""Texts each match regex remembers its verdict on; when full, it forgets them all.

A recognising regex usually reads a field whose few values repeat on every record (a
``Channel``, a program name), so after the first records a verdict is one dictionary lookup."""

MEMO_TEXT_CHARS = 256
"""Longer texts (messages, which rarely repeat) are matched every time, not remembered."""

Captured = tuple[tuple[str, Any], ...]
"""A regex's named groups that matched, as (name, text) pairs."""

RegexMemo = dict[str, Captured | None]
"""Text → its captures, or None when the regex does not match it."""

_UNSEEN: Any = object()


def _matches_any(value: Any, allowed: frozenset[str]) -> bool:
    if isinstance(value, list):
        return any(str(item) in allowed for item in value)
    return str(value) in allowed


@dataclass(frozen=True, slots=True)
class Condition:
    """A match rule with its file glob already decided; ``anchor`` is one key it requires."""

    equals: tuple[tuple[str, frozenset[str]], ...]
    present: tuple[str, ...]
    regex: tuple[tuple[str, re.Pattern[str], RegexMemo], ...]
    anchor: str | None

    @classmethod
    def compile(cls, rule: MatchRule) -> Condition:
        equals = tuple(
            (key, frozenset(str(v) for v in (want if isinstance(want, list) else [want])))
            for key, want in rule.equals.items()
        )
        regex = tuple(
            (key, re.compile(pattern), RegexMemo()) for key, pattern in rule.regex.items()
        )
        required = [*rule.equals, *rule.present, *rule.regex]
        return cls(equals, tuple(rule.present), regex, required[0] if required else None)

    def captures(self, raw: dict[str, Any]) -> dict[str, Any] | None:
        """Named groups of the regexes when the record matches (maybe empty); else None."""
        for key, allowed in self.equals:
            value = raw.get(key)
            if value is None or not _matches_any(value, allowed):
                return None
        for key in self.present:
            if key not in raw:
                return None
        groups: dict[str, Any] = {}
        for key, pattern, memo in self.regex:
            value = raw.get(key)
            if value is None:
                return None
            text = value if type(value) is str else str(value)
            found = memo.get(text, _UNSEEN)
            if found is _UNSEEN:
                found = _groups(pattern, text)
                if len(text) <= MEMO_TEXT_CHARS:
                    if len(memo) >= MEMO_ENTRIES:
                        memo.clear()
                    memo[text] = found
            if found is None:
                return None
            groups.update(found)
        return groups


def _groups(pattern: re.Pattern[str], text: str) -> Captured | None:
    found = pattern.search(text)
    if found is None:
        return None
    if not pattern.groupindex:  # most recognising regexes capture nothing
        return ()
    return tuple((k, v) for k, v in found.groupdict().items() if v is not None)


@dataclass(frozen=True, slots=True)
class Extractor:
    """Regexes over one field; the first that matches adds its named groups to the record."""

    field: str
    patterns: tuple[re.Pattern[str], ...]

    @classmethod
    def compile(cls, extraction: Extraction) -> Extractor:
        return cls(extraction.field, tuple(re.compile(p) for p in extraction.patterns))

    def apply(self, raw: dict[str, Any]) -> None:
        value = raw.get(self.field)
        if value is None:
            return
        text = str(value)
        for pattern in self.patterns:
            found = pattern.search(text)
            if found is not None:
                raw.update((k, v) for k, v in found.groupdict().items() if v is not None)
                return
