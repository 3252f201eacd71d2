"""Value converters a pipeline names under ``types``: raw strings to the types rules compare.

Logs write everything as text; Sigma's ``gt``/``lt`` modifiers and enrichment need numbers,
booleans and times. A converter raises ``ValueError`` when a value does not fit, and the
pipeline then keeps the raw value and reports where, so one odd row never loses an event.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from indsec.detect.sources.timezone import TimestampReader
from indsec.plugins import Registry, a_function

Converter = Callable[[Any, TimestampReader], Any]
"""A value and the source's timestamp reader (used by ``timestamp``) → the converted value."""

VALUE_CONVERTERS: Registry[Converter] = Registry(
    "value converters", entry_point_group="indsec.value_converters", accepts=a_function
)

_TRUE = frozenset({"true", "t", "1", "yes", "y", "on", "是", "已完成", "有"})
_FALSE = frozenset({"false", "f", "0", "no", "n", "off", "否", "未完成", "无", ""})


@VALUE_CONVERTERS.decorator("str")
def _to_str(value: Any, _: TimestampReader) -> Any:
    return value if isinstance(value, str) else str(value)


@VALUE_CONVERTERS.decorator("int")
def _to_int(value: Any, _: TimestampReader) -> Any:
    if isinstance(value, bool):
        raise ValueError(f"not an integer: {value!r}")
    if isinstance(value, int):
        return value
    return int(str(value).strip())


@VALUE_CONVERTERS.decorator("float")
def _to_float(value: Any, _: TimestampReader) -> Any:
    if isinstance(value, bool):
        raise ValueError(f"not a number: {value!r}")
    return float(value)


@VALUE_CONVERTERS.decorator("bool")
def _to_bool(value: Any, _: TimestampReader) -> Any:
    # Bastion exports write booleans as true/1/是 depending on the UI language.
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise ValueError(f"not a boolean: {str(value)[:40]!r}")


@VALUE_CONVERTERS.decorator("lower")
def _to_lower(value: Any, _: TimestampReader) -> Any:
    return str(value).lower()


@VALUE_CONVERTERS.decorator("timestamp")
def _to_local_iso(value: Any, timestamps: TimestampReader) -> Any:
    # Session start/end travel as text (fields hold scalars); ISO 8601 in plant time sorts and
    # compares correctly and keeps its offset.
    return timestamps.read(value).isoformat()
