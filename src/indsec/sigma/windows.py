"""The time windows of correlation rules, one kind per Sigma correlation type.

A window holds the contributing events of one group (one ``group-by`` value tuple) and reduces
them to the metric the condition is checked against: an event count, a count of distinct
values, a sum or average, or how many of the correlated rules were seen (in order, for
``temporal_ordered``). Entries older than the window are evicted as time advances, so memory is
bounded by what one timespan holds.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections import Counter, deque
from typing import Any

from indsec.plugins import Registry, subclass_of


class Window(ABC):
    """The events of one group inside one correlation timespan."""

    def __init__(self, size: int) -> None:
        self.size = size
        self.start: float | None = None
        self.latest = float("-inf")

    @abstractmethod
    def add(self, when: float, position: int, origin: str, value: Any) -> None:
        """Record an event of the ``position``-th correlated rule (``value``: the metric field)."""

    @abstractmethod
    def evict(self, before: float) -> None:
        """Forget entries strictly older than ``before``."""

    @abstractmethod
    def metric(self) -> float:
        """The number the correlation condition is checked against."""

    @abstractmethod
    def origins(self) -> tuple[str, ...]:
        """Origins of the events that make up the metric."""

    def note(self, when: float) -> None:
        """Remember the first and the latest time an event was added."""
        if self.start is None:
            self.start = when
        self.latest = max(self.latest, when)


WINDOW_KINDS: Registry[type[Window]] = Registry(
    "sigma correlation types",
    entry_point_group="indsec.sigma_correlation_types",
    accepts=subclass_of(Window),
)


class _EntryWindow(Window):
    """A window that keeps (time, origin, value) entries in arrival order."""

    def __init__(self, size: int) -> None:
        super().__init__(size)
        self.entries: deque[tuple[float, str, Any]] = deque()

    def add(self, when: float, position: int, origin: str, value: Any) -> None:
        self.note(when)
        self.entries.append((when, origin, value))
        self.added(value)

    def evict(self, before: float) -> None:
        entries = self.entries
        while entries and entries[0][0] < before:
            self.removed(entries.popleft()[2])

    def origins(self) -> tuple[str, ...]:
        return tuple(origin for _, origin, _ in self.entries)

    def added(self, value: Any) -> None:
        """Update running aggregates for a new entry."""

    def removed(self, value: Any) -> None:
        """Update running aggregates for an evicted entry."""


@WINDOW_KINDS.decorator("event_count")
class EventCountWindow(_EntryWindow):
    """``event_count``: how many events matched."""

    def metric(self) -> float:
        return len(self.entries)


@WINDOW_KINDS.decorator("value_count")
class ValueCountWindow(_EntryWindow):
    """``value_count``: how many distinct values the condition field took."""

    def __init__(self, size: int) -> None:
        super().__init__(size)
        self.values: Counter[Any] = Counter()

    def added(self, value: Any) -> None:
        self.values[value] += 1

    def removed(self, value: Any) -> None:
        self.values[value] -= 1
        if self.values[value] <= 0:
            del self.values[value]

    def metric(self) -> float:
        return len(self.values)


@WINDOW_KINDS.decorator("value_sum")
class ValueSumWindow(_EntryWindow):
    """``value_sum``: the sum of the condition field."""

    def __init__(self, size: int) -> None:
        super().__init__(size)
        self.total = 0.0

    def added(self, value: Any) -> None:
        self.total += value

    def removed(self, value: Any) -> None:
        self.total -= value

    def metric(self) -> float:
        return self.total


@WINDOW_KINDS.decorator("value_avg")
class ValueAverageWindow(ValueSumWindow):
    """``value_avg``: the mean of the condition field."""

    def metric(self) -> float:
        return self.total / len(self.entries) if self.entries else 0.0


@WINDOW_KINDS.decorator("temporal")
class TemporalWindow(Window):
    """``temporal``: how many of the correlated rules matched, in any order."""

    def __init__(self, size: int) -> None:
        super().__init__(size)
        self.seen: dict[int, tuple[float, str]] = {}

    def add(self, when: float, position: int, origin: str, value: Any) -> None:
        self.note(when)
        self.seen[position] = (when, origin)

    def evict(self, before: float) -> None:
        self.seen = {p: seen for p, seen in self.seen.items() if seen[0] >= before}

    def metric(self) -> float:
        return len(self.seen)

    def origins(self) -> tuple[str, ...]:
        return tuple(origin for _, origin in sorted(self.seen.values()))


@WINDOW_KINDS.decorator("temporal_ordered")
class OrderedWindow(Window):
    """``temporal_ordered``: the longest prefix of the rules matched in the listed order.

    ``chains[i]`` is the in-order chain through rules 0..i that started latest (the one most
    likely to still fit the window): its start time and the origins along it.
    """

    def __init__(self, size: int) -> None:
        super().__init__(size)
        self.chains: list[tuple[float, tuple[str, ...]] | None] = [None] * size

    def add(self, when: float, position: int, origin: str, value: Any) -> None:
        self.note(when)
        if position == 0:
            self.chains[0] = (when, (origin,))
            return
        before = self.chains[position - 1]
        if before is None or before[1][-1] == origin:
            return
        current = self.chains[position]
        if current is None or before[0] >= current[0]:
            self.chains[position] = (before[0], (*before[1], origin))

    def evict(self, before: float) -> None:
        self.chains = [c if c is not None and c[0] >= before else None for c in self.chains]

    def metric(self) -> float:
        return max((i + 1 for i, c in enumerate(self.chains) if c is not None), default=0)

    def origins(self) -> tuple[str, ...]:
        done = [c for c in self.chains if c is not None]
        return done[-1][1] if done else ()
