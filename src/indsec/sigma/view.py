"""One event's field values as text, converted and lower-cased at most once for every rule.

Sigma matching is case-insensitive by default, so nearly every test needs the lower-cased value.
Lower-casing per test would repeat the work for each of the hundreds of rules that look at
``CommandLine``; the view does it on first use per event and every predicate reads the result.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import Any, ClassVar

from indsec.model.event import Event

Text = str | tuple[str, ...]
"""A field as text: one string, or a tuple of strings for a multi-valued field."""

KEYWORDS = "\x00keywords"
"""Pseudo-field of the prefilter meaning "any value of the event" (Sigma keywords)."""

SEPARATOR = "\x00"
"""Joins an event's values for keyword search; no Sigma keyword contains it."""


def as_text(value: Any) -> Text:
    """An event value as Sigma sees it: ``None`` is empty, booleans ``true``/``false``."""
    if type(value) is str:
        return value
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list | tuple):
        return tuple(_flatten(value))
    return str(value)


def _flatten(values: list[Any] | tuple[Any, ...]) -> Iterator[str]:
    for item in values:
        text = as_text(item)
        if type(text) is str:
            yield text
        else:
            yield from text


def lower_text(value: Any) -> Text:
    """``value`` as lower-cased Sigma text."""
    text = as_text(value)
    if type(text) is str:
        return text.lower()
    return tuple(item.lower() for item in text)


def joined_values(values: Iterable[Any], *, integers: bool = True) -> str:
    """Values as Sigma text, joined by :data:`SEPARATOR`.

    ``integers=False`` leaves integers out, for a keyword search none of whose literals a
    decimal number can contain: it saves converting the several counters and ids of each event.
    """
    if integers:
        texts = [v if type(v) is str else str(v) if type(v) is int else as_text(v) for v in values]
    else:
        texts = [v if type(v) is str else as_text(v) for v in values if type(v) is not int]
    try:
        return SEPARATOR.join(texts)  # type: ignore[arg-type]
    except TypeError:  # a multi-valued field (a tuple): join its values as well
        return SEPARATOR.join(t if type(t) is str else SEPARATOR.join(t) for t in texts)


class FieldTexts(dict[str, Text | None]):
    """Field name → text, converted on first access; an absent field reads as ``None``.

    Most events carry more fields than the rules routed to them look at, so text is made only
    for the fields some test or the prefilter actually reads. A view makes one per event, so it
    has no ``__init__`` (a Python-level constructor call per event); its one slot is set after
    creation, by :meth:`of` or, on the per-event path, by :class:`EventView` itself.
    """

    __slots__ = ("fields",)
    fields: dict[str, Any]
    lower: ClassVar[bool]

    @classmethod
    def of(cls, fields: dict[str, Any]) -> FieldTexts:
        """The (empty) texts of ``fields``."""
        texts = cls()
        texts.fields = fields
        return texts

    def __missing__(self, name: str) -> Text | None:
        value = self.fields.get(name, ABSENT)
        text: Text | None
        if value is ABSENT:
            text = None
        elif type(value) is str:
            text = value.lower() if self.lower else value
        else:
            text = lower_text(value) if self.lower else as_text(value)
        self[name] = text
        return text


class LowerTexts(FieldTexts):
    """Lower-cased texts, which nearly every Sigma test reads."""

    __slots__ = ()
    lower = True


class OriginalTexts(FieldTexts):
    """Texts in their original case, for case-sensitive tests."""

    __slots__ = ()
    lower = False


ABSENT = object()
"""What ``fields.get(name, ABSENT)`` gives for a field the event does not have (None is a
value: JSON null)."""


class EventView:
    """Field text in original case (``raw``) and lower case (``low``) for one event."""

    __slots__ = ("_blobs", "_raw", "event", "low")

    def __init__(self, event: Event) -> None:
        self.event = event
        low = self.low = LowerTexts()
        low.fields = event.fields
        self._raw: FieldTexts | None = None
        self._blobs: tuple[str, str] | None = None

    @property
    def raw(self) -> FieldTexts:
        """Original-case text, made on first use: only case-sensitive tests need it."""
        raw = self._raw
        if raw is None:
            raw = self._raw = OriginalTexts.of(self.event.fields)
        return raw

    def blob(self, *, lower: bool) -> str:
        """Every value joined by :data:`SEPARATOR`: one string to search for keywords."""
        blobs = self._blobs
        if blobs is None:
            raw = joined_values(self.event.fields.values())
            blobs = self._blobs = (raw, raw.lower())
        return blobs[lower]

    def values(self, *, lower: bool) -> Iterator[str]:
        """Every string value of the event, for field-less (keyword) search."""
        texts = self.low if lower else self.raw
        for name in self.event.fields:
            text = texts[name]
            if type(text) is str:
                yield text
            elif text is not None:
                yield from text


Predicate = Callable[[EventView], bool]
"""A compiled rule, or part of one: true when the event matches."""
