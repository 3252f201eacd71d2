"""Values read from a database, kept for a bounded moment in this server process.

Some reads are asked for far more often than what they read changes: every API request looks
up its token, every regulator's refresh counts a dashboard. Keeping the answer for a few
seconds per process removes those reads from the hot path; the price is a stated staleness
bound, which each user of this module documents with its setting. Three rules keep the bound
honest:

* an entry's age counts from the moment its read *began*, so nothing is served older than the
  bound, however long the read took;
* ``forget`` (called by the writes that change the values, in the process that makes them)
  drops every entry, and a read that was running when it was called is not kept afterwards, so
  a forget is never undone by a read that started before it;
* the number of entries is bounded; the oldest go first.
"""

from __future__ import annotations

import threading
import time
import weakref
from collections import OrderedDict
from collections.abc import Callable
from typing import Any, Generic, TypeVar, cast

K = TypeVar("K")
V = TypeVar("V")
Clock = Callable[[], float]


class Kept(Generic[K, V]):
    """Values by key, each kept ``seconds`` from the moment its read began (0: never kept)."""

    def __init__(self, seconds: float, max_entries: int, clock: Clock = time.monotonic) -> None:
        self.seconds = seconds
        self.max_entries = max_entries
        self.clock = clock
        self._entries: OrderedDict[K, tuple[float, V]] = OrderedDict()
        self._guard = threading.Lock()
        self._generation = 0

    def get(self, key: K) -> V | None:
        """The value kept for ``key`` if it is younger than the bound."""
        with self._guard:
            found = self._entries.get(key)
            if found is None or self.clock() - found[0] >= self.seconds:
                return None
            return found[1]

    def last(self, key: K) -> V | None:
        """The value kept for ``key`` whatever its age (until a forget drops it): what may be
        served while a newer one is being read, for callers whose bound allows that."""
        with self._guard:
            found = self._entries.get(key)
            return None if found is None else found[1]

    def begin(self) -> tuple[float, int]:
        """Mark the start of a read: pass the mark to :meth:`put` with what was read."""
        with self._guard:
            return self.clock(), self._generation

    def put(self, key: K, value: V, mark: tuple[float, int]) -> None:
        """Keep ``value``, unless the bound is 0 or a forget came after ``mark``."""
        began, generation = mark
        with self._guard:
            if self.seconds <= 0 or generation != self._generation:
                return
            self._entries[key] = (began, value)
            self._entries.move_to_end(key)
            while len(self._entries) > self.max_entries:
                self._entries.popitem(last=False)

    def forget(self) -> None:
        """Drop everything: a change that makes the kept values wrong was just committed."""
        with self._guard:
            self._generation += 1
            self._entries.clear()


_REGISTRY: weakref.WeakKeyDictionary[object, dict[str, Kept[Any, Any]]] = (
    weakref.WeakKeyDictionary()
)
_REGISTRY_GUARD = threading.Lock()


def kept_for(
    owner: object, name: str, seconds: float, max_entries: int, kind: type[V]
) -> Kept[str, V]:
    """The process's ``name`` values (of type ``kind``) of one database (``owner``: its
    store), made on first use and gone with the store, so two databases in one process never
    share an entry."""
    with _REGISTRY_GUARD:
        by_name = _REGISTRY.setdefault(owner, {})
        if name not in by_name:
            by_name[name] = Kept[str, V](seconds, max_entries)
        return cast(Kept[str, V], by_name[name])
