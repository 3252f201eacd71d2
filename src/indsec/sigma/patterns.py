"""Sigma strings with wildcards → the cheapest Python test that decides them.

Most Sigma values are plain equality, prefix, suffix or substring tests in disguise (``*x``,
``x*``, ``*x*``). Recognising those shapes lets the engine use ``str.endswith`` with a tuple or
a set lookup instead of a regular expression; only genuinely complex globs become regexes.
Patterns of one field are merged, so ``Image|endswith: [a, b, c]`` is one ``endswith`` call.
Tests are expressions over ``v`` (see :mod:`.codegen`), written into each rule's function.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from enum import Enum

from ahocorasick_rs import AhoCorasick
from sigma.types import Placeholder, SigmaString, SpecialChars

from indsec.sigma.codegen import TextExpr, bind
from indsec.sigma.unsupported import UnsupportedFeatureError


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


def merged_test(patterns: list[TextPattern]) -> TextExpr:
    """One test that is true when any of ``patterns`` (same field, same case mode) matches."""
    by_shape: dict[Shape, list[str]] = {}
    for pattern in patterns:
        by_shape.setdefault(pattern.shape, []).append(pattern.text)
    ordered = sorted(by_shape.items(), key=lambda item: item[0].value)
    return TextExpr.any_of([_SHAPE_TESTS[shape](texts) for shape, texts in ordered])


def all_contained(needles: list[str]) -> TextExpr:
    """True when every needle occurs in the value (``contains|all``)."""
    return _joined(needles, "{} in v", " and ")


def _joined(texts: list[str], template: str, operator: str) -> TextExpr:
    """``template`` (over one bound name) for each text, joined by ``operator``."""
    parts: list[str] = []
    names: dict[str, object] = {}
    for text in texts:
        name, bound = bind(text)
        parts.append(template.format(name))
        names.update(bound)
    source = parts[0] if len(parts) == 1 else "(" + operator.join(parts) + ")"
    return TextExpr(source, names)


def _any_test(texts: list[str]) -> TextExpr:
    return TextExpr("True")


def _equal_test(texts: list[str]) -> TextExpr:
    if len(texts) == 1:
        return TextExpr.over(texts[0], "v == {}")
    return TextExpr.over(frozenset(texts), "v in {}")


def _prefix_test(texts: list[str]) -> TextExpr:
    return TextExpr.over(tuple(texts), "v.startswith({})")


def _suffix_test(texts: list[str]) -> TextExpr:
    return TextExpr.over(tuple(texts), "v.endswith({})")


def _contains_test(texts: list[str]) -> TextExpr:
    if len(texts) > MANY_NEEDLES:
        return _automaton_test(texts)
    return _joined(texts, "{} in v", " or ")


MANY_NEEDLES = 12
"""Above this many substrings, one Aho-Corasick pass beats testing each with ``in``."""


def _automaton_test(texts: list[str]) -> TextExpr:
    if "" in texts:  # the empty string is in every value (and no automaton takes it)
        return _any_test(texts)
    return TextExpr.over(AhoCorasick(texts).find_matches_as_indexes, "bool({}(v))")


def _glob_test(texts: list[str]) -> TextExpr:
    compiled = re.compile("|".join(f"(?:{t})" for t in texts), re.DOTALL)
    return TextExpr.over(compiled.fullmatch, "{}(v) is not None")


_SHAPE_TESTS: dict[Shape, Callable[[list[str]], TextExpr]] = {
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
