"""Sigma strings with wildcards → the cheapest Python test that decides them.

Most Sigma values are plain equality, prefix, suffix or substring tests in disguise (``*x``,
``x*``, ``*x*``). Recognising those shapes lets the engine use ``str.endswith`` with a tuple or
a set lookup instead of a regular expression; only genuinely complex globs become regexes.
Patterns of one field are merged, so ``Image|endswith: [a, b, c]`` is one ``endswith`` call.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from enum import Enum

from ahocorasick_rs import AhoCorasick
from sigma.types import Placeholder, SigmaString, SpecialChars

from indsec.detect.sigma.unsupported import UnsupportedFeatureError
from indsec.detect.sigma.view import TextTest


class Shape(Enum):
    """What a wildcard pattern reduces to; the value orders merged tests cheapest first."""

    ANY = 0
    EQUAL = 1
    PREFIX = 2
    SUFFIX = 3
    CONTAINS = 4
    GLOB = 9


@dataclass(frozen=True, slots=True)
class TextPattern:
    """One Sigma string reduced to a shape; ``text`` is lower-cased unless ``cased``."""

    shape: Shape
    text: str
    cased: bool
    literal: str | None
    """The longest substring any match must contain, lower-cased (for the literal prefilter)."""


def pattern_of(value: SigmaString, *, cased: bool) -> TextPattern:
    """Reduce a SigmaString (placeholders already expanded) to its cheapest shape."""
    parts = _collapse(value.s)
    texts = [p if cased or not isinstance(p, str) else p.lower() for p in parts]
    literal = max((p.lower() for p in parts if isinstance(p, str)), key=len, default="") or None
    shape, text = _shape_of(texts)
    return TextPattern(shape, text, cased, literal)


def _shape_of(texts: list[object]) -> tuple[Shape, str]:
    multi = SpecialChars.WILDCARD_MULTI
    if not any(isinstance(p, SpecialChars) for p in texts):
        return Shape.EQUAL, "".join(str(p) for p in texts)
    if texts == [multi]:
        return Shape.ANY, ""
    if len(texts) == 3 and texts[0] is multi and texts[2] is multi and isinstance(texts[1], str):
        return Shape.CONTAINS, texts[1]
    if len(texts) == 2 and isinstance(texts[0], str) and texts[1] is multi:
        return Shape.PREFIX, texts[0]
    if len(texts) == 2 and texts[0] is multi and isinstance(texts[1], str):
        return Shape.SUFFIX, texts[1]
    return Shape.GLOB, _glob_regex(texts)


def _collapse(parts: Iterable[object]) -> list[object]:
    """Merge adjacent string parts and runs of ``*``; refuse unexpanded placeholders."""
    out: list[object] = []
    for part in parts:
        if isinstance(part, Placeholder):
            raise UnsupportedFeatureError(f"placeholder: %{part.name}% was not expanded")
        if out and isinstance(part, str) and isinstance(out[-1], str):
            out[-1] = out[-1] + part
        elif not (part is SpecialChars.WILDCARD_MULTI and out and out[-1] is part):
            out.append(part)
    return out


_GLOB_PARTS = {SpecialChars.WILDCARD_MULTI: ".*", SpecialChars.WILDCARD_SINGLE: "."}


def _glob_regex(parts: list[object]) -> str:
    return "".join(
        _GLOB_PARTS[p] if isinstance(p, SpecialChars) else re.escape(str(p)) for p in parts
    )


def merged_test(patterns: list[TextPattern]) -> TextTest:
    """One test that is true when any of ``patterns`` (same field, same case mode) matches."""
    tests: list[TextTest] = []
    by_shape: dict[Shape, list[str]] = {}
    for pattern in patterns:
        by_shape.setdefault(pattern.shape, []).append(pattern.text)
    for shape, texts in sorted(by_shape.items(), key=lambda item: item[0].value):
        tests.append(_SHAPE_TESTS[shape](texts))
    if len(tests) == 1:
        return tests[0]
    return lambda value: any(test(value) for test in tests)


def all_contained(needles: list[str]) -> TextTest:
    """True when every needle occurs in the value (``contains|all``)."""
    frozen = tuple(needles)

    def contains_all(value: str) -> bool:
        for needle in frozen:  # noqa: SIM110  (a plain loop beats all() over a generator)
            if needle not in value:
                return False
        return True

    return contains_all


def _any_test(texts: list[str]) -> TextTest:
    return lambda value: True


def _equal_test(texts: list[str]) -> TextTest:
    if len(texts) == 1:
        only = texts[0]
        return lambda value: value == only
    members = frozenset(texts)
    return members.__contains__


def _prefix_test(texts: list[str]) -> TextTest:
    prefixes = tuple(texts)
    return lambda value: value.startswith(prefixes)


def _suffix_test(texts: list[str]) -> TextTest:
    suffixes = tuple(texts)
    return lambda value: value.endswith(suffixes)


def _contains_test(texts: list[str]) -> TextTest:
    if len(texts) == 1:
        only = texts[0]
        return lambda value: only in value
    if len(texts) > MANY_NEEDLES:
        return _automaton_test(texts)
    needles = tuple(texts)

    def contains_any(value: str) -> bool:
        for needle in needles:  # noqa: SIM110  (a plain loop beats any() over a generator)
            if needle in value:
                return True
        return False

    return contains_any


MANY_NEEDLES = 12
"""Above this many substrings, one Aho-Corasick pass beats testing each with ``in``."""


def _automaton_test(texts: list[str]) -> TextTest:
    if "" in texts:  # the empty string is in every value (and no automaton takes it)
        return _any_test(texts)
    find = AhoCorasick(texts).find_matches_as_indexes
    return lambda value: bool(find(value))


def _glob_test(texts: list[str]) -> TextTest:
    compiled = re.compile("|".join(f"(?:{t})" for t in texts), re.DOTALL)
    return lambda value: compiled.fullmatch(value) is not None


_SHAPE_TESTS = {
    Shape.ANY: _any_test,
    Shape.EQUAL: _equal_test,
    Shape.PREFIX: _prefix_test,
    Shape.SUFFIX: _suffix_test,
    Shape.CONTAINS: _contains_test,
    Shape.GLOB: _glob_test,
}

SHAPE_COST = {
    Shape.ANY: 0,
    Shape.EQUAL: 1,
    Shape.PREFIX: 2,
    Shape.SUFFIX: 2,
    Shape.CONTAINS: 3,
    Shape.GLOB: 8,
}
