"""Cross-rule literal prefilter: evaluate only the rules whose necessary literals occur.

A naive matcher evaluates ~74 rules per Sysmon event, nearly all of which fail on their first
literal. Each compiled rule knows sets of (field, literal) pairs of which at least one must
occur for it to match (its needs). For a routed group of rules, the literals of each field go
into one Aho-Corasick automaton (pyahocorasick); one pass over each lower-cased field value
finds every candidate rule at once, and only candidates (plus rules with no necessary literal)
are evaluated.

A rule with several needs (``Image`` ends with ``\\powershell.exe`` *and* ``CommandLine``
contains `` -enc``) is filtered best by the one that occurs least, which only the data can
tell. So each group first learns: over its first :data:`LEARNING_EVENTS` events it scans for
every need's literals, counts how often each occurs, and then keeps, per rule, the need with
the fewest observed hits. Any need is necessary, so the choice changes speed, never results.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterator

import ahocorasick

from indsec.detect.sigma.anchors import anchors_of, holds_anchor
from indsec.detect.sigma.nodes import PRESENT, Need, Node
from indsec.detect.sigma.view import KEYWORDS, EventView, Predicate

SMALL_GROUP = 6
"""Below this many rules, scanning automata costs more than evaluating every rule."""

LEARNING_EVENTS = 1000
"""Events a group observes before choosing each rule's need; few enough to cost nothing."""

Literal = tuple[str, str]
"""A (field, lower-cased literal) pair; the field is :data:`KEYWORDS` for any value."""

Scan = Callable[[str], Iterator[tuple[int, int]]]
"""An automaton's ``iter``: (end offset, literal id) of every literal occurring in a text."""

FieldScan = tuple[Scan | None, int | None]
"""A field's scan, and the id of its presence literal when some rule needs only presence."""


class RuleGroup:
    """The compiled rules routed to one kind of event, with their per-field automata."""

    def __init__(
        self, members: list[tuple[int, Node]], *, learning_events: int | None = None
    ) -> None:
        self.slots = tuple(slot for slot, _ in members)
        self.nodes = tuple(node for _, node in members)
        self.tests: tuple[Predicate, ...] = tuple(node.predicate() for _, node in members)
        indexed = len(members) >= SMALL_GROUP
        self._options = tuple(node.needs if indexed else () for _, node in members)
        self.always = frozenset(i for i, options in enumerate(self._options) if not options)
        learning = LEARNING_EVENTS if learning_events is None else learning_events
        self._learning_left = learning if any(len(options) > 1 for options in self._options) else 0
        self._observed: Counter[Literal] = Counter()
        self._use([options[0] if options else None for options in self._options])

    def __len__(self) -> int:
        return len(self.slots)

    @property
    def chosen_needs(self) -> tuple[Need | None, ...]:
        """The need the prefilter tests for each rule (None: evaluated on every event)."""
        return self._chosen

    def _use(self, chosen: list[Need | None]) -> None:
        """Build the automata for ``chosen``, plus every alternative's literals while learning.

        Learning literals map to no rule: they are scanned only to be counted.
        """
        self._chosen = tuple(chosen)
        learning = bool(self._learning_left)
        by_field: dict[str, dict[str, list[int]]] = defaultdict(dict)
        for i, need in enumerate(chosen):
            for field, literal in need or ():
                by_field[field].setdefault(literal, []).append(i)
        if learning:
            for options in self._options:
                for field, literal in (pair for need in options for pair in need):
                    by_field[field].setdefault(literal, [])
        self.literals: list[Literal] = []
        hits: list[tuple[int, ...]] = []
        self.field_scans: dict[str, FieldScan] = {}
        self.keyword_scan: Scan | None = None
        self.keyword_anchors: tuple[str, ...] | None = None
        for field, literals in by_field.items():
            presence = None
            automaton = ahocorasick.Automaton()
            for literal, rules in literals.items():
                literal_id = len(hits)
                if literal == PRESENT:
                    presence = literal_id
                else:
                    automaton.add_word(literal, literal_id)
                hits.append((*rules, -1 - literal_id) if learning else tuple(rules))
                self.literals.append((field, literal))
            automaton.make_automaton()
            scan = automaton.iter if len(automaton) else None
            if field == KEYWORDS:
                self.keyword_scan = scan
                self.keyword_anchors = anchors_of(literals)
            else:
                self.field_scans[field] = (scan, presence)
        self.hits = tuple(hits)

    def candidates(self, view: EventView) -> list[int]:
        """Indexes of the rules worth evaluating on ``view``, in rule order."""
        found = self._found(view)
        if self._learning_left:
            return self._learn(found)
        return sorted(found)

    def _found(self, view: EventView) -> set[int]:
        """The rules whose need a literal of ``view`` meets, and those that need none.

        While learning, each literal's entry also holds its own id, encoded negative, so that
        one scan serves both purposes.
        """
        found = set(self.always)
        hits = self.hits
        blob = view.blob(lower=True)  # converts every field: absent from ``low`` is absent
        keyword_scan = self.keyword_scan
        if keyword_scan is not None and self._may_hold_keyword(blob):
            for _, literal_id in keyword_scan(blob):
                found.update(hits[literal_id])
        low, scans = view.low, self.field_scans
        for field in scans.keys() & low.keys():  # only the fields this event has
            scan, presence = scans[field]
            if presence is not None:
                found.update(hits[presence])
            if scan is None:
                continue
            text = low[field]
            if type(text) is str:
                for _, literal_id in scan(text):
                    found.update(hits[literal_id])
            else:  # several values (None cannot be: the field is present)
                for item in text or ():
                    for _, literal_id in scan(item):
                        found.update(hits[literal_id])
        return found

    def _may_hold_keyword(self, blob: str) -> bool:
        anchors = self.keyword_anchors
        return anchors is None or holds_anchor(blob, anchors)

    def _learn(self, found: set[int]) -> list[int]:
        """Count the literals seen (the negative entries); at the end, choose the needs."""
        literals = self.literals
        self._observed.update(literals[-1 - entry] for entry in found if entry < 0)
        self._learning_left -= 1
        if not self._learning_left:
            self._use([self._rarest(options) for options in self._options])
        return sorted(entry for entry in found if entry >= 0)

    def _rarest(self, options: tuple[Need, ...]) -> Need | None:
        """The need whose literals were seen least (ties: the statically preferred one)."""
        if not options:
            return None
        observed = self._observed
        return min(options, key=lambda need: sum(observed[pair] for pair in need))

    def matching(self, view: EventView) -> list[int]:
        """Slots of the rules that match ``view``."""
        tests, slots = self.tests, self.slots
        return [slots[i] for i in self.candidates(view) if tests[i](view)]
