"""A small per-process memo for what a complete catalogue version answers the same forever.

A complete version never changes, so its asset count and its filter choices can be worked out
once per process and read back; a console page would otherwise recount 200,000 rows. The memo
is bounded (the oldest key goes first), since a long-lived server meets many versions and
databases over its life.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


class Kept(Generic[K, V]):
    """At most ``most`` values, each computed on first asking and read back after."""

    def __init__(self, most: int) -> None:
        self._most = most
        self._values: dict[K, V] = {}

    def get(self, key: K, compute: Callable[[], V]) -> V:
        """The value kept under ``key``, computed (and kept, dropping the oldest) if absent."""
        if key not in self._values:
            if len(self._values) >= self._most:
                del self._values[next(iter(self._values))]
            self._values[key] = compute()
        return self._values[key]
