"""Cross-rule literal prefilter: evaluate only the rules whose necessary literals occur.

A naive matcher evaluates ~74 rules per Sysmon event, nearly all of which fail on their first
literal. Each compiled rule knows a set of (field, literal) pairs of which at least one must
occur for it to match. For a routed group of rules, the literals of each field go into one
Aho-Corasick automaton (pyahocorasick); one pass over each lower-cased field value finds every
candidate rule at once, and only candidates (plus rules with no necessary literal) are
evaluated.
"""

from __future__ import annotations

from collections import defaultdict

import ahocorasick

from indsec.detect.sigma.anchors import anchors_of, holds_anchor
from indsec.detect.sigma.nodes import Node
from indsec.detect.sigma.view import KEYWORDS, EventView, Predicate

SMALL_GROUP = 6
"""Below this many rules, scanning automata costs more than evaluating every rule."""


class RuleGroup:
    """The compiled rules routed to one kind of event, with their per-field automata."""

    def __init__(self, members: list[tuple[int, Node]]) -> None:
        self.slots = tuple(slot for slot, _ in members)
        self.tests: tuple[Predicate, ...] = tuple(node.predicate() for _, node in members)
        indexed = len(members) >= SMALL_GROUP
        self.always = frozenset(
            i for i, (_, node) in enumerate(members) if not indexed or not node.need
        )
        automata, self.hits = _automata(members) if indexed else ((), ())
        keywords = next((a for f, a in automata if f == KEYWORDS), None)
        self.keyword_scan = keywords.iter if keywords is not None else None
        self.keyword_anchors = anchors_of(keywords.keys()) if keywords is not None else None
        self.field_scans = {f: a.iter for f, a in automata if f != KEYWORDS}

    def __len__(self) -> int:
        return len(self.slots)

    def candidates(self, view: EventView) -> list[int]:
        """Indexes of the rules worth evaluating on ``view``, in rule order."""
        found = set(self.always)
        hits = self.hits
        blob = view.blob(lower=True)  # converts every field: absent from ``low`` is absent
        if self.keyword_scan is not None and self._may_hold_keyword(blob):
            for _, literal_id in self.keyword_scan(blob):
                found.update(hits[literal_id])
        low, scans = view.low, self.field_scans
        for field in scans.keys() & low.keys():  # only the fields this event has
            value, scan = low[field], scans[field]
            if type(value) is str:
                for _, literal_id in scan(value):
                    found.update(hits[literal_id])
            elif value is not None:
                for text in value:
                    for _, literal_id in scan(text):
                        found.update(hits[literal_id])
        return sorted(found)

    def _may_hold_keyword(self, blob: str) -> bool:
        anchors = self.keyword_anchors
        return anchors is None or holds_anchor(blob, anchors)

    def matching(self, view: EventView) -> list[int]:
        """Slots of the rules that match ``view``."""
        tests, slots = self.tests, self.slots
        return [slots[i] for i in self.candidates(view) if tests[i](view)]


def _automata(
    members: list[tuple[int, Node]],
) -> tuple[tuple[tuple[str, ahocorasick.Automaton], ...], tuple[tuple[int, ...], ...]]:
    """One automaton per field; each literal maps to the rules that need it."""
    by_field: dict[str, dict[str, list[int]]] = defaultdict(lambda: defaultdict(list))
    for i, (_, node) in enumerate(members):
        for field, literal in node.need or ():
            by_field[field][literal].append(i)
    automata: list[tuple[str, ahocorasick.Automaton]] = []
    hits: list[tuple[int, ...]] = []
    for field, literals in by_field.items():
        automaton = ahocorasick.Automaton()
        for literal, rules in literals.items():
            automaton.add_word(literal, len(hits))
            hits.append(tuple(rules))
        automaton.make_automaton()
        automata.append((field, automaton))
    return tuple(automata), tuple(hits)
