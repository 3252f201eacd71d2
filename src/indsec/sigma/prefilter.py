"""Cross-rule literal prefilter: evaluate only the rules whose necessary literals occur.

A naive matcher evaluates ~74 rules per Sysmon event, nearly all of which fail on their first
literal. Each compiled rule knows sets of (field, literal) pairs of which at least one must
occur for it to match (its needs). For a routed group of rules, the literals of each field go
into one Aho-Corasick automaton (ahocorasick-rs); one pass over each lower-cased field value
finds every candidate rule at once, and only candidates (plus rules with no necessary literal)
are evaluated.

Field values repeat: a plant's hosts run the same programs, as the same users, from the same
folders, all day. So each field remembers, for the last :data:`MEMO_ENTRIES` distinct values it
saw, which rules the value's literals serve; a repeated value costs one dictionary lookup
instead of lower-casing and scanning. A value's verdict depends on nothing else, so the memo
changes speed, never results; values longer than :data:`MEMO_VALUE_CHARS` (encoded command
lines, say) are scanned every time, which bounds the memory the memo holds.

A rule with several needs (``Image`` ends with ``\\powershell.exe`` *and* ``CommandLine``
contains `` -enc``) is filtered best by the one that occurs least, which only the data can
tell. So each group first learns: over its first :data:`LEARNING_EVENTS` events it scans for
every need's literals, counts how often each occurs, and then keeps, per rule, the need with
the fewest observed hits. Any need is necessary, so the choice changes speed, never results.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from functools import partial
from typing import Any

from ahocorasick_rs import AhoCorasick

from indsec.sigma.anchors import anchor_test
from indsec.sigma.codegen import compile_predicate
from indsec.sigma.nodes import PRESENT, Need, Node
from indsec.sigma.view import (
    ABSENT,
    KEYWORDS,
    EventView,
    Predicate,
    Text,
    joined_values,
    lower_text,
)

SMALL_GROUP = 6
"""Below this many rules, scanning automata costs more than evaluating every rule."""

LEARNING_EVENTS = 1000
"""Events a group observes before choosing each rule's need; few enough to cost nothing."""

MEMO_ENTRIES = 1024
"""Distinct values a field remembers; when full, it forgets them all and starts again.

0 turns the memo off (read when a group builds its automata), so its effect can be measured."""

MEMO_VALUE_CHARS = 256
"""Longer values are not remembered: they rarely repeat, and each would pin its text."""

Literal = tuple[str, str]
"""A (field, lower-cased literal) pair; the field is :data:`KEYWORDS` for any value."""

Scan = Callable[[str], list[tuple[int, int, int]]]
"""An automaton's search: (word index, start, end) of every word occurring in a text."""

Hits = tuple[int, ...]
"""Rule indexes (while learning, also literal ids, encoded negative)."""


_INTEGER_CHARS = frozenset("-0123456789")
"""Every character of an integer's decimal text."""


class _NoMemo(dict[str | int, Hits]):
    """A memo that keeps nothing: the hot loop stays the same with the memo turned off."""

    def __setitem__(self, key: str | int, value: Hits) -> None:
        return None


def _new_memo() -> dict[str | int, Hits]:
    return {} if MEMO_ENTRIES else _NoMemo()


@dataclass(frozen=True, slots=True)
class FieldScan:
    """How the prefilter looks at one field, and what it remembers of the field's values."""

    field: str
    scan: Scan | None
    """The field's automaton; None when rules need only the field's presence."""
    word_hits: tuple[Hits, ...]
    """Per automaton word, the rules it serves."""
    presence: Hits
    """The rules that need only the field to be present."""
    memo: dict[str | int, Hits] = dataclass_field(default_factory=_new_memo)
    """Verdicts of recent string and integer values (see :data:`MEMO_ENTRIES`)."""

    def hits_in(self, value: Any) -> Hits:
        """The rules that ``value`` meets a need of."""
        if self.scan is None:  # only presence is needed: no text to make
            return self.presence
        return self.hits_in_lowered(value.lower() if type(value) is str else lower_text(value))

    def hits_in_lowered(self, text: Text) -> Hits:
        """:meth:`hits_in` for text already lower-cased."""
        scan = self.scan
        if scan is None:
            return self.presence
        matches = scan(text) if type(text) is str else [m for item in text for m in scan(item)]
        if not matches:  # the usual answer
            return self.presence
        word_hits = self.word_hits
        found = set(self.presence)
        for word, _, _ in matches:
            found.update(word_hits[word])
        return tuple(found)


def _scanner(words: list[str]) -> Scan | None:
    """An overlapping search for all of ``words`` at once (ahocorasick-rs, compiled in Rust)."""
    if not words:
        return None
    return partial(AhoCorasick(words).find_matches_as_indexes, overlapping=True)


class RuleGroup:
    """The compiled rules routed to one kind of event, with their per-field automata."""

    def __init__(
        self, members: list[tuple[int, Node]], *, learning_events: int | None = None
    ) -> None:
        self.slots = tuple(slot for slot, _ in members)
        self.nodes = tuple(node for _, node in members)
        self.tests: list[Predicate] = [
            self._compiled_on_first_use(i, node) for i, (_, node) in enumerate(members)
        ]
        indexed = len(members) >= SMALL_GROUP
        self._options = tuple(node.needs if indexed else () for _, node in members)
        self.always = frozenset(i for i, options in enumerate(self._options) if not options)
        self._always_in_order = tuple(sorted(self.always))
        learning = LEARNING_EVENTS if learning_events is None else learning_events
        self._learning_left = learning if any(len(options) > 1 for options in self._options) else 0
        self._observed: Counter[Literal] = Counter()
        self._use([options[0] if options else None for options in self._options])

    def __len__(self) -> int:
        return len(self.slots)

    def _compiled_on_first_use(self, i: int, node: Node) -> Predicate:
        """A stand-in that compiles rule ``i``'s function when first called, then steps aside:
        most rules of a group never become candidates, so most are never compiled."""

        def first_call(view: EventView) -> bool:
            test = self.tests[i] = compile_predicate(node.expression())
            return test(view)

        return first_call

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
        field_scans: list[FieldScan] = []
        self.keyword_scan: FieldScan | None = None
        self.keyword_anchor_test: Callable[[str], bool] | None = None
        self._keyword_in_integers = False
        for field, literals in by_field.items():
            presence: Hits = ()
            words: list[str] = []
            word_hits: list[Hits] = []
            for literal, rules in literals.items():
                entry = (*rules, -1 - len(self.literals)) if learning else tuple(rules)
                self.literals.append((field, literal))
                if literal == PRESENT:
                    presence = entry
                else:
                    words.append(literal)
                    word_hits.append(entry)
            scan = FieldScan(field, _scanner(words), tuple(word_hits), presence)
            if field == KEYWORDS:
                self.keyword_scan = scan
                self.keyword_anchor_test = anchor_test(literals)
                self._keyword_in_integers = any(set(word) <= _INTEGER_CHARS for word in words)
            else:
                field_scans.append(scan)
        self.field_scans = tuple(field_scans)
        # the same, unpacked once: the per-event loop reads tuples, not attributes
        self._plan = tuple((scan.field, scan.memo, scan.hits_in) for scan in field_scans)

    def candidates(self, view: EventView) -> Sequence[int]:
        """Indexes of the rules worth evaluating on ``view``, in rule order."""
        found = self._found(view)
        if self._learning_left:
            return self._learn(found)
        if not found:  # the usual case: no need met, only the need-less rules to evaluate
            return self._always_in_order
        found.update(self.always)
        return sorted(found)

    def _found(self, view: EventView) -> set[int]:
        """The rules whose need a literal of ``view`` meets (those that need none aside).

        While learning, each literal's entry also holds its own id, encoded negative, so that
        one scan serves both purposes.
        """
        found: set[int] = set()
        keywords = self.keyword_scan
        if keywords is not None:
            values = view.event.fields.values()
            blob = joined_values(values, integers=self._keyword_in_integers)
            anchored = self.keyword_anchor_test
            if anchored is None or anchored(blob):
                found.update(keywords.hits_in_lowered(blob.lower()))
        fields = view.event.fields
        for field, memo, hits_in in self._plan:
            value = fields.get(field, ABSENT)
            if value is ABSENT:
                continue
            if type(value) is str or type(value) is int:  # not bool: True == 1
                met = memo.get(value)
                if met is None:
                    met = hits_in(value)
                    if not isinstance(value, str) or len(value) <= MEMO_VALUE_CHARS:
                        if len(memo) >= MEMO_ENTRIES:
                            memo.clear()
                        memo[value] = met
            else:
                met = hits_in(value)
            if met:
                found.update(met)
        return found

    def _learn(self, found: set[int]) -> list[int]:
        """Count the literals seen (the negative entries); at the end, choose the needs."""
        literals = self.literals
        self._observed.update(literals[-1 - entry] for entry in found if entry < 0)
        self._learning_left -= 1
        if not self._learning_left:
            self._use([self._rarest(options) for options in self._options])
        return sorted(self.always.union(entry for entry in found if entry >= 0))

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
