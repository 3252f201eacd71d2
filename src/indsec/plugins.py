"""The generic registry behind every extension point.

A registry maps an id to an implementation, rejects duplicates and names the valid ids when a
lookup fails. Every registry fills itself the same way, on first use:

1. **Built-ins, declared in code.** The registry imports the modules its ``builtin_modules``
   names, whose decorators register what they define (none to import when the built-ins sit in
   the registry's own module). Built-ins are not entry points of indsec's own distribution
   because entry points exist only in installed metadata: a source checkout, an editable install
   made before a built-in was added, or a frozen air-gapped build would silently lack them.
2. **Third-party plugins, from the registry's entry-point group** (``indsec.log_readers``…).
   A plugin that fails to import, is of the wrong type or takes a name already taken is refused
   with one warning line naming it and its distribution, kept as *disabled* with the reason for
   ``indsec plugins``, and the rest loads.

Each id remembers where it came from — ``built-in`` or the distribution that provided it.
"""

from __future__ import annotations

import importlib
import logging
import threading
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from importlib.metadata import EntryPoint, entry_points
from typing import Any, Generic, TypeVar

from indsec.errors import PluginError

T = TypeVar("T")

BUILTIN = "built-in"

logger = logging.getLogger(__name__)

Check = Callable[[str, Any], "str | None"]
"""Why a plugin's object cannot serve under its name (its type, a clash), or None if it can."""


def instance_of(cls: type) -> Check:
    """Accept instances of ``cls`` (a file format, a validator…)."""

    def check(name: str, item: Any) -> str | None:
        return None if isinstance(item, cls) else f"expected a {cls.__name__}, got {_kind(item)}"

    return check


def subclass_of(cls: type) -> Check:
    """Accept subclasses of ``cls`` (a connector, a log reader…)."""

    def check(name: str, item: Any) -> str | None:
        if isinstance(item, type) and issubclass(item, cls):
            return None
        return f"expected a subclass of {cls.__name__}, got {_kind(item)}"

    return check


def a_function(name: str, item: Any) -> str | None:
    """Accept anything callable (an exporter, a converter…); its signature is the contract."""
    return None if callable(item) else f"expected a function, got {_kind(item)}"


def _kind(item: Any) -> str:
    return f"class {item.__qualname__}" if isinstance(item, type) else type(item).__name__


@dataclass(frozen=True, slots=True)
class PluginStatus:
    """What ``indsec plugins`` reports for one id: where it came from and what it is, or why
    it is disabled."""

    group: str
    name: str
    enabled: bool
    origin: str
    detail: str


class Registry(Generic[T]):
    """Id → implementation; built-ins and then entry points are loaded on first use."""

    def __init__(
        self,
        group: str,
        *,
        entry_point_group: str,
        accepts: Check,
        builtin_modules: Sequence[str] = (),
    ) -> None:
        self.group = group
        self.entry_point_group = entry_point_group
        self._accepts = accepts
        self._builtin_modules = tuple(builtin_modules)
        self._items: dict[str, T] = {}
        self._origins: dict[str, str] = {}
        self._disabled: list[PluginStatus] = []
        self._lock = threading.RLock()
        self._loading = self._loaded = False

    def register(self, name: str, item: T, *, origin: str | None = None) -> T:
        """Add ``item`` under ``name``; a second, different item under one name is an error."""
        if name in self._items and self._items[name] is not item:
            raise PluginError(
                f"{self.group}: '{name}' is already registered by {self._origins[name]}"
            )
        if origin is not None or name not in self._items:
            self._origins[name] = origin or _origin_of(item)
        self._items[name] = item
        return item

    def decorator(self, name: str) -> Callable[[T], T]:
        """Register the decorated object under ``name``."""

        def wrap(item: T) -> T:
            return self.register(name, item)

        return wrap

    def get(self, name: str) -> T:
        """Look up ``name``; the error lists valid names, or why a plugin is disabled."""
        self._load()
        if name in self._items:
            return self._items[name]
        reasons = [s.detail for s in self._disabled if s.name == name]
        if reasons:
            raise PluginError(f"{self.group}: '{name}' is disabled: {reasons[0]}")
        valid = ", ".join(sorted(self._items)) or "none"
        raise PluginError(f"{self.group}: unknown '{name}' (valid: {valid})")

    def __contains__(self, name: object) -> bool:
        self._load()
        return name in self._items

    def names(self) -> list[str]:
        """Registered, enabled ids in sorted order."""
        self._load()
        return sorted(self._items)

    def items(self) -> list[tuple[str, T]]:
        """Enabled ``(id, implementation)`` pairs in id order."""
        self._load()
        return sorted(self._items.items(), key=lambda pair: pair[0])

    def statuses(self) -> Iterator[PluginStatus]:
        """Every id, enabled or disabled, with its origin, for ``indsec plugins``."""
        for name, item in self.items():
            yield PluginStatus(self.group, name, True, self._origins[name], _implementation(item))
        yield from self._disabled

    def _load(self) -> None:
        """Built-ins, then entry points, once; a lookup made while loading sees what is in."""
        if self._loaded:
            return
        with self._lock:
            if self._loaded or self._loading:
                return
            self._loading = True
            try:
                self._load_builtins()
                for ep in entry_points(group=self.entry_point_group):
                    self._load_plugin(ep)
                self._loaded = True  # a built-in that failed to import fails every lookup
            finally:
                self._loading = False

    def _load_builtins(self) -> None:
        for module in self._builtin_modules:
            try:
                importlib.import_module(module)
            except ImportError as exc:
                raise PluginError(f"{self.group}: built-in module {module}: {exc}") from exc

    def _load_plugin(self, ep: EntryPoint) -> None:
        origin = _distribution(ep)
        item, reason = _load_entry_point(ep)
        reason = reason or self._accepts(ep.name, item) or self._taken(ep.name, item)
        if reason is None:
            keep = self._origins.get(ep.name) == BUILTIN  # our own, listed in stale metadata
            self.register(ep.name, item, origin=None if keep else origin)
            return
        self._disabled.append(PluginStatus(self.group, ep.name, False, origin, reason))
        logger.warning(
            "%s: plugin '%s' from %s (%s) is disabled: %s",
            *(self.group, ep.name, origin, ep.value, reason),
        )

    def _taken(self, name: str, item: Any) -> str | None:
        if name in self._items and self._items[name] is not item:
            return f"the name '{name}' is already taken by {self._origins[name]}"
        return None


def _origin_of(item: Any) -> str:
    """``built-in`` for indsec's own code; otherwise the module that registered it directly."""
    module = str(getattr(item, "__module__", None) or type(item).__module__)
    return BUILTIN if module.split(".")[0] == "indsec" else module


def _implementation(item: Any) -> str:
    """``module:qualname`` of a class or function, or of an instance's class."""
    target = item if hasattr(item, "__qualname__") else type(item)
    return f"{target.__module__}:{target.__qualname__}"


def _load_entry_point(ep: EntryPoint) -> tuple[Any, str | None]:
    """The plugin's object, or why importing it failed (a broken plugin must not break indsec)."""
    try:
        return ep.load(), None
    except Exception as exc:
        return None, f"cannot be loaded: {type(exc).__name__}: {_one_line(exc)}"


def _distribution(ep: EntryPoint) -> str:
    dist = ep.dist
    return f"{dist.name} {dist.version}" if dist is not None else "an unknown distribution"


def _one_line(exc: BaseException) -> str:
    return " ".join(str(exc).split()) or "(no message)"
