"""One event's field values as text, converted and lower-cased at most once for every rule.

Sigma matching is case-insensitive by default, so nearly every test needs the lower-cased value.
Lower-casing per test would repeat the work for each of the hundreds of rules that look at
``CommandLine``; the view does it on first use per event and every predicate reads the result.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

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


class FieldTexts(dict[str, Text | None]):
    """Field name → text, converted on first access; an absent field reads as ``None``.

    Most events carry more fields than the rules routed to them look at, so text is made only
    for the fields some test or the prefilter actually reads.
    """

    def __init__(self, fields: dict[str, Any], *, lower: bool) -> None:
        super().__init__()
        self.fields = fields
        self.lower = lower

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


ABSENT = object()
"""What ``fields.get(name, ABSENT)`` gives for a field the event does not have (None is a
value: JSON null)."""


class EventView:
    """Field text in original case (``raw``) and lower case (``low``) for one event."""

    __slots__ = ("_blobs", "_raw", "event", "low")

    def __init__(self, event: Event) -> None:
        self.event = event
        self.low = FieldTexts(event.fields, lower=True)
        self._raw: FieldTexts | None = None
        self._blobs: tuple[str, str] | None = None

    @property
    def raw(self) -> FieldTexts:
        """Original-case text, made on first use: only case-sensitive tests need it."""
        raw = self._raw
        if raw is None:
            raw = self._raw = FieldTexts(self.event.fields, lower=False)
        return raw

    def blob(self, *, lower: bool) -> str:
        """Every value joined by :data:`SEPARATOR`: one string to search for keywords."""
        blobs = self._blobs
        if blobs is None:
            texts = [
                v if type(v) is str else str(v) if type(v) is int else as_text(v)
                for v in self.event.fields.values()
            ]
            try:
                raw = SEPARATOR.join(texts)  # type: ignore[arg-type]
            except TypeError:  # a multi-valued field (a tuple): join its values as well
                raw = SEPARATOR.join(t if type(t) is str else SEPARATOR.join(t) for t in texts)
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

TextTest = Callable[[str], bool]
"""A test of one string value."""


def on_field(field: str, test: TextTest, *, cased: bool) -> Predicate:
    """Apply ``test`` to a field's text; a multi-valued field matches when any value does."""

    def lowered(view: EventView) -> bool:
        value = view.low[field]
        if type(value) is str:
            return test(value)
        return value is not None and any(map(test, value))

    def original(view: EventView) -> bool:
        value = view.raw[field]
        if type(value) is str:
            return test(value)
        return value is not None and any(map(test, value))

    return original if cased else lowered


def on_any_value(test: TextTest, *, cased: bool) -> Predicate:
    """Apply ``test`` to every value of the event (Sigma keywords)."""

    def keyword(view: EventView) -> bool:
        return any(map(test, view.values(lower=not cased)))

    return keyword


def on_blob(test: TextTest, *, cased: bool) -> Predicate:
    """Apply a substring ``test`` once to all values joined (keywords searched with ``in``)."""

    def keyword(view: EventView) -> bool:
        return test(view.blob(lower=not cased))

    return keyword
