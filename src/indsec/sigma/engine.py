"""The Sigma engine: load rules once, then match a stream of events against all of them.

Loading parses every rule with pySigma, compiles each (once per place it can apply) into a
predicate, and files it under its route. Matching an event is then: find the event's rule group
(one dict lookup), lower-case its fields once, let the literal prefilter pick candidates, and
evaluate only those. Correlations consume the stream of matches. Everything is a generator, so
memory does not grow with the input.

An engine holds generated functions and cannot be pickled as such; it pickles as its recipe
(rule paths, site policy, logsource pack) and is rebuilt in the worker process, which is how
parallel runs (processes, not threads) get their own engine.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from functools import cache, partial
from pathlib import Path
from typing import Any

from sigma.correlations import SigmaCorrelationRule
from sigma.exceptions import SigmaError
from sigma.rule import SigmaRule

from indsec.detect.heap import collection_paused
from indsec.errors import Problem
from indsec.model.event import Event
from indsec.sigma.compile import compile_rule
from indsec.sigma.correlation import CorrelationSpec, Correlator, correlation_spec
from indsec.sigma.locate import locate_error
from indsec.sigma.logsource_pack import (
    SigmaLogsourcePack,
    builtin_windows_pack,
    load_logsource_pack,
)
from indsec.sigma.match import Match, RuleRef
from indsec.sigma.modifiers import CompileContext
from indsec.sigma.parse import LoadedRule, load_rule_files
from indsec.sigma.prefilter import RuleGroup
from indsec.sigma.regex import RegexLimits
from indsec.sigma.router import Form, LogsourceRouter, RouteIndex
from indsec.sigma.unsupported import UnsupportedFeatureError, UnsupportedRule
from indsec.sigma.view import EventView

Policy = dict[str, list[str]]


class SigmaEngine:
    """Sigma rules compiled for matching; build it with :meth:`from_paths`."""

    def __init__(
        self,
        pack: SigmaLogsourcePack,
        policy: Policy | None = None,
        limits: RegexLimits | None = None,
    ) -> None:
        self.rules: list[RuleRef] = []
        self.unsupported: list[UnsupportedRule] = []
        self.problems: list[Problem] = []
        self.files = 0
        self._policy = dict(policy or {})
        self._limits = limits or RegexLimits()
        self._router = LogsourceRouter(pack)
        self._index = RouteIndex(windows_product=pack.product)
        self._output: list[bool] = []
        self._specs: list[CorrelationSpec] = []
        self._correlator = Correlator([])
        self._recipe: tuple[Any, ...] = ((), self._policy, None, self._limits)

    @classmethod
    def from_paths(
        cls,
        paths: list[Path],
        *,
        policy: Policy | None = None,
        logsources: Path | None = None,
        limits: RegexLimits | None = None,
    ) -> SigmaEngine:
        """Load every ``.yml``/``.yaml`` under ``paths`` (recursively).

        Args:
            paths: rule files or directories.
            policy: site policy for ``expand`` placeholders, e.g. ``{"Admins": ["adm_*"]}``.
            logsources: a ``sigma_logsources`` pack replacing the built-in Windows mapping.
            limits: bounds on ``re`` values (a rule beyond them is reported unsupported).
        """
        pack = load_logsource_pack(logsources) if logsources else builtin_windows_pack()
        engine = cls(pack, policy, limits)
        engine._recipe = (tuple(paths), engine._policy, logsources, engine._limits)
        with collection_paused():
            loaded = load_rule_files(paths)
            engine.files = loaded.files
            engine.problems += loaded.problems
            engine._load(loaded.rules)
        return engine

    def __reduce__(self) -> tuple[Any, tuple[Any, ...]]:
        return _rebuild, self._recipe

    def _load(self, items: list[LoadedRule]) -> None:
        slot_of: dict[int, int] = {}
        for item in items:
            rule = item.rule
            if isinstance(rule, SigmaRule):
                self._admit(item, slot_of, partial(self._place_detection, rule))
        for item, correlation in _inner_first(items):
            place = partial(self._place_correlation, correlation, item.condition, slot_of)
            self._admit(item, slot_of, place)
        self._correlator = Correlator(self._specs)

    def _admit(
        self, item: LoadedRule, slot_of: dict[int, int], place: Callable[[RuleRef, int], None]
    ) -> None:
        """Compile one rule; on success it gets the next slot, else it is reported."""
        ref = RuleRef.of(item.rule, item.where)
        slot = len(self.rules)
        try:
            place(ref, slot)
        except UnsupportedFeatureError as exc:
            self.unsupported.append(UnsupportedRule(ref.id, ref.title, ref.where, str(exc)))
            return
        except (SigmaError, ValueError, TypeError, RecursionError) as exc:  # pySigma's edge
            self.problems.append(locate_error(item.document, exc))
            return
        slot_of[id(item.rule)] = slot
        self.rules.append(ref)
        self._output.append(True)

    def _place_detection(self, rule: SigmaRule, ref: RuleRef, slot: int) -> None:
        """Compile the rule as written now; forms with other field names when first needed."""
        placements = self._router.placements(rule.logsource)
        as_written = compile_rule(rule, CompileContext(self._policy, limits=self._limits))
        forms: dict[frozenset[tuple[str, str]], Form] = {frozenset(): lambda: as_written}
        for placement in placements:
            if placement.fields_key not in forms:
                context = CompileContext(self._policy, placement.fields, self._limits)
                forms[placement.fields_key] = cache(partial(compile_rule, rule, context))
        for placement in placements:
            self._index.add(placement, slot, forms[placement.fields_key])

    def _place_correlation(
        self,
        rule: SigmaCorrelationRule,
        condition: dict[str, float],
        slot_of: dict[int, int],
        ref: RuleRef,
        slot: int,
    ) -> None:
        spec = correlation_spec(rule, ref=ref, slot=slot, condition=condition, slot_of=slot_of)
        self._specs.append(spec)
        if not rule.generate:  # the correlated rules' own matches are not reported
            for member in spec.members:
                self._output[member] = False

    def match(self, event: Event) -> list[Match]:
        """Detection-rule matches of one event (rules hidden by a correlation excluded)."""
        return [match for slot, match in self._detect(event) if self._output[slot]]

    def process(self, events: Iterable[Event]) -> Iterator[Match]:
        """Matches of a stream of events, correlation matches included, in stream order."""
        return self.correlate(self.detections(events))

    def detections(self, events: Iterable[Event]) -> Iterator[tuple[int, Match]]:
        """Every detection-rule match of ``events`` with its rule slot, hidden ones included.

        Detection rules look at one event at a time, so streams may be matched apart (in
        worker processes, say) and their detections merged in time order for :meth:`correlate`.
        """
        detect = self._detect
        for event in events:
            found = detect(event)
            if found:  # most events match nothing: skip starting a ``yield from`` for them
                yield from found

    def correlate(self, detections: Iterable[tuple[int, Match]]) -> Iterator[Match]:
        """The reported matches of a time-ordered detection stream, with the correlation
        matches it completes; at its end, open correlation windows are closed."""
        correlated = self._correlator.members  # only their matches can be hidden
        for slot, match in detections:
            if slot in correlated:
                yield from self._emit(slot, match)
            else:  # nearly every match: nothing counts it, so it skips the detour
                yield match
        for slot, match in self._correlator.flush():
            yield from self._emit(slot, match)

    def routed(self, event: Event) -> RuleGroup:
        """The rules routed to ``event`` with their prefilter (diagnostics and benchmarks)."""
        return self._index.group_for(event)

    @property
    def untimed_events(self) -> int:
        """Matches that could not be correlated because their event had no timestamp."""
        return self._correlator.untimed

    def _detect(self, event: Event) -> list[tuple[int, Match]]:
        group = self._index.group_for(event)
        if not len(group):
            return []
        view = EventView(event)
        refs, origin, when = self.rules, (event.origin,), event.timestamp
        return [(slot, Match(refs[slot], origin, when, event)) for slot in group.matching(view)]

    def _emit(self, slot: int, match: Match) -> Iterator[Match]:
        if self._output[slot]:
            yield match
        for outer_slot, outer in self._correlator.feed(slot, match):
            yield from self._emit(outer_slot, outer)


def _rebuild(
    paths: tuple[Path, ...], policy: Policy, logsources: Path | None, limits: RegexLimits
) -> SigmaEngine:
    """Recreate an engine from its recipe (used by pickle, e.g. in worker processes)."""
    return SigmaEngine.from_paths(list(paths), policy=policy, logsources=logsources, limits=limits)


def _inner_first(items: list[LoadedRule]) -> list[tuple[LoadedRule, SigmaCorrelationRule]]:
    """Correlations ordered so that one correlating another comes after it."""
    correlations = {
        id(item.rule): (item, item.rule)
        for item in items
        if isinstance(item.rule, SigmaCorrelationRule)
    }
    ordered: list[tuple[LoadedRule, SigmaCorrelationRule]] = []
    placed: set[int] = set()

    def place(key: int) -> None:
        if key in placed:
            return
        placed.add(key)
        for reference in correlations[key][1].referenced_rules:
            if id(reference.rule) in correlations:
                place(id(reference.rule))
        ordered.append(correlations[key])

    for key in correlations:
        place(key)
    return ordered
