"""Streaming Sigma correlations: windows per group, fed by the matches of the correlated rules.

Window semantics (the specification leaves the edges open; this is indsec's choice):

* A window is the closed interval ``[t - timespan, t]``: an event exactly ``timespan`` after
  the first one is *inside* the window; one a microsecond later is not.
* Conditions that can only become true as events arrive (``gt``, ``gte``) use a sliding window
  and fire on the event that makes them true; the group's window then starts afresh, so one
  burst gives one alert, not one per further event.
* Conditions that need the window to be complete (``lt``, ``lte``, ``eq``, ``neq``, or a range
  with an upper bound) use a window anchored at the group's first event; it is evaluated when
  an event falls past its end, when stream time moves past it, or when the stream ends.
* Event timestamps drive time; events without a timestamp cannot be correlated and are counted.

Memory stays bounded: groups are evicted once stream time leaves their window behind.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sigma.correlations import (
    SigmaCorrelationRule,
    SigmaExtendedCorrelationCondition,
    SigmaRuleReference,
)

from indsec.sigma.match import Match, RuleRef
from indsec.sigma.modifiers import as_number
from indsec.sigma.unsupported import UnsupportedFeatureError
from indsec.sigma.view import as_text
from indsec.sigma.windows import WINDOW_KINDS, Window

_OPERATORS: dict[str, Callable[[float, float], bool]] = {
    "gt": lambda metric, limit: metric > limit,
    "gte": lambda metric, limit: metric >= limit,
    "lt": lambda metric, limit: metric < limit,
    "lte": lambda metric, limit: metric <= limit,
    "eq": lambda metric, limit: metric == limit,
    "neq": lambda metric, limit: metric != limit,
}
_RISING = frozenset({"gt", "gte"})
_NUMERIC_KINDS = frozenset({"value_sum", "value_avg"})


@dataclass(frozen=True)
class CorrelationSpec:
    """A compiled correlation rule: what to group by, how long, and when to fire."""

    ref: RuleRef
    slot: int
    kind: str
    members: tuple[int, ...]
    group_by: tuple[str, ...]
    timespan: float
    condition: dict[str, float]
    value_field: str | None = None
    aliases: dict[int, dict[str, str]] = field(default_factory=dict)

    @property
    def rising(self) -> bool:
        """True when the condition can only become true as events are added."""
        return set(self.condition) <= _RISING

    def holds(self, metric: float) -> bool:
        return all(_OPERATORS[op](metric, limit) for op, limit in self.condition.items())

    def field_for(self, member: int, name: str) -> str:
        """The event field that ``name`` (a field or an alias) means for one correlated rule."""
        return self.aliases.get(member, {}).get(name, name)


class _Tracker:
    """The open windows of one correlation, oldest first."""

    def __init__(self, spec: CorrelationSpec) -> None:
        self.spec = spec
        self.groups: OrderedDict[tuple[Any, ...], Window] = OrderedDict()
        self.now = float("-inf")

    def feed(self, member: int, when: float, match: Match) -> Iterator[Match]:
        """Add one match of the ``member`` rule; yield the correlation matches it completes."""
        spec = self.spec
        values = _values_of(match)
        value = self._metric_value(member, values)
        if spec.value_field is not None and value is None:
            return
        key = tuple(_hashable(values.get(spec.field_for(member, g))) for g in spec.group_by)
        self.now = max(self.now, when)
        yield from self._sweep()
        window = self.groups.get(key)
        if window is not None and _past_anchored(spec, window, when):
            del self.groups[key]
            yield from self._close(key, window)
            window = None
        if window is None:
            window = self.groups[key] = WINDOW_KINDS.get(spec.kind)(len(spec.members))
        window.add(when, spec.members.index(member), match.origin, value)
        if spec.rising:
            yield from self._slide(key, window, when)

    def _slide(self, key: tuple[Any, ...], window: Window, when: float) -> Iterator[Match]:
        """Sliding mode: drop what fell out of the window, fire (and restart) when it holds."""
        self.groups.move_to_end(key)
        window.evict(when - self.spec.timespan)
        if self.spec.holds(window.metric()):
            del self.groups[key]
            yield self._fire(key, window, when)

    def _metric_value(self, member: int, values: dict[str, Any]) -> Any:
        spec = self.spec
        if spec.value_field is None:
            return None
        raw = values.get(spec.field_for(member, spec.value_field))
        if raw is None:
            return None
        text = as_text(raw)
        if spec.kind in _NUMERIC_KINDS:
            return as_number(text) if isinstance(text, str) else None
        return _hashable(raw)

    def _sweep(self) -> Iterator[Match]:
        """Drop (rising) or close (anchored) every window stream time has left behind."""
        horizon = self.now - self.spec.timespan
        while self.groups:
            key, window = next(iter(self.groups.items()))
            started = window.latest if self.spec.rising else window.start
            if started is None or started >= horizon:
                return
            del self.groups[key]
            if not self.spec.rising:
                yield from self._close(key, window)

    def _close(self, key: tuple[Any, ...], window: Window) -> Iterator[Match]:
        if window.start is not None and self.spec.holds(window.metric()):
            yield self._fire(key, window, window.start + self.spec.timespan)

    def flush(self) -> Iterator[Match]:
        """End of stream: anchored windows are complete now, and the next stream starts afresh."""
        groups, self.groups = self.groups, OrderedDict()
        self.now = float("-inf")
        if not self.spec.rising:
            for key, window in groups.items():
                yield from self._close(key, window)

    def _fire(self, key: tuple[Any, ...], window: Window, when: float) -> Match:
        group = tuple(zip(self.spec.group_by, key, strict=True))
        moment = datetime.fromtimestamp(when, tz=UTC)
        return Match(self.spec.ref, window.origins(), moment, None, group)


def _past_anchored(spec: CorrelationSpec, window: Window, when: float) -> bool:
    """True when ``when`` falls after the end of an anchored (not sliding) window."""
    return not spec.rising and window.start is not None and when > window.start + spec.timespan


def _values_of(match: Match) -> dict[str, Any]:
    """Field values of a match: the event's fields, or a correlation's group-by values."""
    if match.event is not None:
        return match.event.fields
    return dict(match.group)


def _hashable(value: Any) -> Any:
    if isinstance(value, list | tuple):
        return tuple(_hashable(v) for v in value)
    return value


class Correlator:
    """Every correlation rule of an engine; feed it the matches of the rules they correlate."""

    def __init__(self, specs: list[CorrelationSpec]) -> None:
        self.trackers = [_Tracker(spec) for spec in specs]
        self._by_member: dict[int, list[_Tracker]] = {}
        for tracker in self.trackers:
            for member in dict.fromkeys(tracker.spec.members):
                self._by_member.setdefault(member, []).append(tracker)
        self.members = frozenset(self._by_member)
        """Slots of the rules some correlation counts."""
        self.untimed = 0

    def feed(self, slot: int, match: Match) -> Iterator[tuple[int, Match]]:
        """Correlation matches (with their rule slot) caused by one match of rule ``slot``."""
        trackers = self._by_member.get(slot, ())
        if not trackers:
            return
        if match.timestamp is None:
            self.untimed += 1
            return
        when = match.timestamp.timestamp()
        for tracker in trackers:
            for found in tracker.feed(slot, when, match):
                yield tracker.spec.slot, found

    def flush(self) -> Iterator[tuple[int, Match]]:
        """Close every open window at the end of the stream, inner correlations first."""
        for tracker in self.trackers:
            for found in tracker.flush():
                yield tracker.spec.slot, found


def correlation_spec(
    rule: SigmaCorrelationRule,
    *,
    ref: RuleRef,
    slot: int,
    condition: dict[str, float],
    slot_of: dict[int, int],
) -> CorrelationSpec:
    """Compile a resolved pySigma correlation; ``slot_of`` maps id(rule) → loaded rule slot.

    Raises:
        UnsupportedFeatureError: an unsupported type or condition, or a correlated rule not loaded.
    """
    kind = rule.type.name.lower()
    if kind not in WINDOW_KINDS:
        raise UnsupportedFeatureError(f"correlation: type '{kind}' is not supported")
    if isinstance(rule.condition, SigmaExtendedCorrelationCondition):
        raise UnsupportedFeatureError("correlation: boolean (extended) conditions")
    members = tuple(_member_slot(reference, slot_of) for reference in rule.referenced_rules)
    fieldref = rule.condition.fieldref
    if isinstance(fieldref, list):
        raise UnsupportedFeatureError("correlation: a condition over several fields")
    return CorrelationSpec(
        ref=ref,
        slot=slot,
        kind=kind,
        members=members,
        group_by=tuple(rule.group_by or ()),
        timespan=float(rule.timespan.seconds),
        condition=condition or {rule.condition.op.name.lower(): float(rule.condition.count)},
        value_field=fieldref,
        aliases=_aliases(rule, slot_of),
    )


def _member_slot(reference: SigmaRuleReference, slot_of: dict[int, int]) -> int:
    slot = slot_of.get(id(reference.rule))
    if slot is None:
        raise UnsupportedFeatureError(
            f"correlation: correlated rule '{reference.reference}' is not loaded (see above)"
        )
    return slot


def _aliases(rule: SigmaCorrelationRule, slot_of: dict[int, int]) -> dict[int, dict[str, str]]:
    aliases: dict[int, dict[str, str]] = {}
    for alias in rule.aliases:
        for reference, field_name in alias.mapping.items():
            aliases.setdefault(_member_slot(reference, slot_of), {})[alias.alias] = field_name
    return aliases
