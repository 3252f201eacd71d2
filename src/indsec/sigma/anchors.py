"""Anchors: a few short strings of which every literal of a set contains one.

Scanning a whole event for keyword literals with an automaton costs microseconds per event,
and SigmaHQ's Windows keywords (``sekurlsa::``, ``kerberos::ptt``, ...) almost never occur. If
every literal contains one of a handful of two-character anchors (``::``, ``ki``), an event
containing none of them cannot contain any literal, and a few ``in`` tests, which run in C at
memory speed, rule the scan out. The anchors are a necessary condition only: when one occurs,
the automaton still decides.

Lower-casing the event's text costs as much as the test itself, and nine events in ten are
ruled out by it, so the test reads the text as written: it looks for every spelling that
lower-cases to an anchor (``iwi``, ``IWI``, ``IwI``, ...), all at once with one automaton.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from functools import partial
from itertools import product

from ahocorasick_rs import AhoCorasick

ANCHOR_WIDTHS = (2, 3)
"""Two characters cover many literals (``::``); three are rarer in ordinary text."""

MOST_ANCHORS = 4
"""More anchors than this cost about as much as the scan they are meant to avoid."""


def anchors_of(literals: Iterable[str]) -> tuple[str, ...] | None:
    """Anchors covering ``literals`` (greedy set cover), or None when too many are needed."""
    remaining = set(literals)
    chosen: list[str] = []
    while remaining:
        if len(chosen) == MOST_ANCHORS:
            return None
        anchor = _best_anchor(remaining)
        chosen.append(anchor)
        remaining = {literal for literal in remaining if anchor not in literal}
    return tuple(chosen) if chosen else None


def _best_anchor(literals: set[str]) -> str:
    """The gram in most literals; among equals, with punctuation, then longer (both rarer)."""
    counts: Counter[str] = Counter()
    for literal in literals:
        counts.update(_grams(literal))
    return max(sorted(counts), key=lambda gram: (counts[gram], not gram.isalnum(), len(gram)))


def _grams(literal: str) -> set[str]:
    """Every substring of an anchor width, or the literal itself when it is that short."""
    if len(literal) <= ANCHOR_WIDTHS[0]:
        return {literal}
    return {
        literal[i : i + width] for width in ANCHOR_WIDTHS for i in range(len(literal) - width + 1)
    }


def anchor_test(literals: Iterable[str]) -> Callable[[str], bool] | None:
    """Whether a text, as written, holds an anchor of ``literals`` (lower-cased), or None
    when they have too few anchors to be worth testing."""
    anchors = anchors_of(literals)
    if anchors is None:
        return None
    if not all(anchor.isascii() for anchor in anchors):
        return partial(_holds_anchor_lowered, anchors=anchors)
    spellings = sorted({spelling for anchor in anchors for spelling in _spellings(anchor)})
    return partial(_found, AhoCorasick(spellings).find_matches_as_indexes)


KELVIN_SIGN = "\u212a"
"""Lower-cases to ``k``: the one character outside ASCII that lower-cases to an ASCII one."""

DOTTED_CAPITAL_I = "\u0130"
"""Lower-cases to ``i`` followed by a combining dot, the one character that lower-cases to two:
it spells an anchor's ``i`` only as its last character (the dot falls outside)."""


def _spellings(anchor: str) -> list[str]:
    """Every text whose lower-case form contains the ASCII ``anchor`` at its start."""
    choices = [{char, char.upper()} | ({KELVIN_SIGN} if char == "k" else set()) for char in anchor]
    if anchor.endswith("i"):
        choices[-1].add(DOTTED_CAPITAL_I)
    return ["".join(chars) for chars in product(*choices)]


def _found(search: Callable[[str], list[tuple[int, int, int]]], text: str) -> bool:
    return bool(search(text))


def _holds_anchor_lowered(text: str, anchors: tuple[str, ...]) -> bool:
    return holds_anchor(text.lower(), anchors)


def holds_anchor(text: str, anchors: tuple[str, ...]) -> bool:
    """Whether ``text`` contains one of ``anchors``."""
    for anchor in anchors:  # noqa: SIM110  (a plain loop beats any() over a generator)
        if anchor in text:
            return True
    return False
