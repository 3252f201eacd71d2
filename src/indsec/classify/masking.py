"""Masking: how a raw value is shown once it leaves the recognizer boundary.

Catalogues, filings and review screens need examples ("1101**********1234") so a person can
judge a label, but they must never hold the value itself. Every example the engine returns goes
through :func:`mask_value`; each recognizer names its style in the rule pack. Styles are
registered by name so a site can add one (a new identifier format) without touching the engine.
"""

from __future__ import annotations

from collections.abc import Callable

from indsec.plugins import Registry, a_function

Masker = Callable[[str, int, int], str]
"""``(value, head, tail) -> masked``: head/tail are how many characters a style may keep."""

MASKERS: Registry[Masker] = Registry(
    "maskers", entry_point_group="indsec.maskers", accepts=a_function
)

FULL_MASK = "******"


def _hidden_count(length: int, head: int, tail: int) -> int:
    """At least a third of any value stays hidden, whatever head/tail a pack asks for."""
    return max(length - head - tail, (length + 2) // 3, 1)


@MASKERS.decorator("ends")
def mask_ends(value: str, head: int, tail: int) -> str:
    """Keep ``head`` leading and ``tail`` trailing characters: ``1101**********1234``."""
    hidden = _hidden_count(len(value), head, tail)
    keep = len(value) - hidden
    kept_tail = min(tail, max(keep - head, 0))
    kept_head = keep - kept_tail
    return value[:kept_head] + "*" * hidden + value[len(value) - kept_tail :]


@MASKERS.decorator("name")
def mask_name(value: str, head: int, tail: int) -> str:
    """A person's name keeps its first character (the surname): ``张*``, ``欧***``."""
    if len(value) < 2:
        return "*"
    return value[0] + "*" * (len(value) - 1)


@MASKERS.decorator("email")
def mask_email(value: str, head: int, tail: int) -> str:
    """The local part shrinks to its first character; the domain stays: ``z***@example.com``."""
    local, at, domain = value.rpartition("@")
    if not at or not local:
        return mask_ends(value, 1, 0)
    return f"{local[0]}***@{domain}"


@MASKERS.decorator("full")
def mask_full(value: str, head: int, tail: int) -> str:
    """Secrets show nothing, not even their length."""
    return FULL_MASK


def mask_value(value: str, style: str = "full", *, head: int = 0, tail: int = 0) -> str:
    """Mask ``value`` with the registered ``style``; an empty value stays empty."""
    if not value:
        return ""
    return MASKERS.get(style)(value, head, tail)
