"""The generic registry behind every extension point.

A registry maps an id to an implementation, rejects duplicates, names the valid ids when a
lookup fails, and loads third-party plugins lazily from an entry-point group. A plugin whose
import fails is kept as *disabled* with its reason, so ``indsec plugins`` can say why instead of
the plugin silently vanishing.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from importlib.metadata import entry_points
from typing import Generic, TypeVar

from indsec.errors import PluginError

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class PluginStatus:
    """What ``indsec plugins`` reports for one registered id."""

    group: str
    name: str
    enabled: bool
    detail: str


class Registry(Generic[T]):
    """Id → implementation, with entry points loaded on first use."""

    def __init__(self, group: str, *, entry_point_group: str | None = None) -> None:
        self.group = group
        self._entry_point_group = entry_point_group
        self._items: dict[str, T] = {}
        self._disabled: dict[str, str] = {}
        self._loaded_entry_points = entry_point_group is None

    def register(self, name: str, item: T) -> T:
        """Add ``item`` under ``name``; a second registration of one name is an error."""
        if name in self._items and self._items[name] is not item:
            raise PluginError(f"{self.group}: '{name}' is already registered")
        self._items[name] = item
        return item

    def decorator(self, name: str) -> Callable[[T], T]:
        """Register the decorated object under ``name``."""

        def wrap(item: T) -> T:
            return self.register(name, item)

        return wrap

    def get(self, name: str) -> T:
        """Look up ``name``; the error lists valid names and why a plugin is disabled."""
        self._load_entry_points()
        if name in self._items:
            return self._items[name]
        if name in self._disabled:
            raise PluginError(f"{self.group}: '{name}' is disabled: {self._disabled[name]}")
        valid = ", ".join(sorted(self._items)) or "none"
        raise PluginError(f"{self.group}: unknown '{name}' (valid: {valid})")

    def __contains__(self, name: object) -> bool:
        self._load_entry_points()
        return name in self._items

    def names(self) -> list[str]:
        """Registered, enabled ids in sorted order."""
        self._load_entry_points()
        return sorted(self._items)

    def statuses(self) -> Iterator[PluginStatus]:
        """Every id, enabled or disabled, for ``indsec plugins``."""
        self._load_entry_points()
        for name in sorted(self._items):
            item = self._items[name]
            where = getattr(item, "__module__", type(item).__module__)
            yield PluginStatus(self.group, name, True, str(where))
        for name in sorted(self._disabled):
            yield PluginStatus(self.group, name, False, self._disabled[name])

    def _load_entry_points(self) -> None:
        if self._loaded_entry_points or self._entry_point_group is None:
            return
        self._loaded_entry_points = True
        for ep in entry_points(group=self._entry_point_group):
            if ep.name in self._items:
                continue
            try:
                self._items[ep.name] = ep.load()
            except Exception as exc:  # a broken plugin must not break indsec
                self._disabled[ep.name] = f"{type(exc).__name__}: {exc}"
