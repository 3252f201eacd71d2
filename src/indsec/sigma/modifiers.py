"""Sigma modifiers: one value compiler per pySigma value type, found through a registry.

pySigma applies a rule's value modifiers while parsing, so by the time the engine sees a value
the modifiers have become its *type*: ``contains`` is a SigmaString wrapped in wildcards,
``cased`` a SigmaCasedString, ``re`` a SigmaRegularExpression, ``cidr`` a SigmaCIDRExpression,
``windash``/``base64offset`` a SigmaExpansion, ``gt`` a SigmaCompareExpression, and so on. So
:data:`SIGMA_MODIFIERS` holds one :class:`ValueKind` per value type — the type itself is the key
the engine looks values up by (most specific class first), its name what ``indsec plugins``
shows; a type without a compiler makes the rule unsupported, with the type named as the reason.

A third party adds a modifier through the ``indsec.sigma_modifiers`` entry-point group: the entry
point's name is the modifier's name in rules (``field|name``) and its object a
:class:`ValueKind` that also carries the pySigma modifier class, which :func:`install_modifiers`
hands to pySigma's parser before rules are read.

Semantics where the specification leaves room (indsec's choices):

* Strings compare case-insensitively unless ``cased``; ``re`` is case-sensitive unless ``|i``
  and searches anywhere in the value (it is not anchored), in linear time (RE2, see
  :mod:`.regex` for what that rules out).
* Numbers and booleans compare by their text (``4688`` equals ``"4688"``; ``true``).
* ``null`` matches a field that is absent or empty; ``'*'`` matches any present value.
* ``neq`` negates the item, so an absent field is "not equal" (pySigma's reading).
* A multi-valued field matches when any of its values does.
* Keywords (field-less values) search every value of the event as substrings.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from functools import cache, lru_cache
from typing import Any

from sigma.modifiers import SigmaModifier, modifier_mapping, reverse_modifier_mapping
from sigma.types import (
    CompareOperators,
    Placeholder,
    SigmaBool,
    SigmaCIDRExpression,
    SigmaCompareExpression,
    SigmaExists,
    SigmaExpansion,
    SigmaFieldReference,
    SigmaNull,
    SigmaNumber,
    SigmaRegularExpression,
    SigmaRegularExpressionFlag,
    SigmaString,
    SigmaTimestampPart,
    SigmaType,
    TimestampPart,
)

from indsec.plugins import Registry, instance_of
from indsec.sigma.codegen import Expr, TextExpr, bind, on_any_value, on_field
from indsec.sigma.literals import regex_literals
from indsec.sigma.nodes import Node, any_of, literal_need, presence_need, text_node
from indsec.sigma.patterns import Shape, TextPattern, pattern_of
from indsec.sigma.regex import RegexLimits, regex_test
from indsec.sigma.unsupported import UnsupportedFeatureError
from indsec.sigma.view import EventView


@dataclass(frozen=True)
class CompileContext:
    """What compiling a value may need: site policy placeholders and the route's field names."""

    policy: dict[str, list[str]] = field(default_factory=dict)
    fields: dict[str, str] = field(default_factory=dict)
    limits: RegexLimits = field(default_factory=RegexLimits)

    def field_name(self, name: str) -> str:
        """The event's name for a Sigma field on this route."""
        return self.fields.get(name, name)


ValueCompiler = Callable[[str | None, Any, CompileContext], Node]


@dataclass(frozen=True, slots=True)
class ValueKind:
    """One kind of Sigma value: pySigma's type for it and the function compiling it.

    ``modifier`` is set by third-party modifiers only: the pySigma class that turns a rule's
    value into ``value_type``, registered with pySigma under the entry point's name.
    """

    value_type: type[SigmaType]
    compile: ValueCompiler
    modifier: type[SigmaModifier[Any, Any]] | None = None


def _is_value_kind(name: str, item: Any) -> str | None:
    """A plugin must be a ValueKind, and may not take a name pySigma already gives a modifier."""
    wrong_type = instance_of(ValueKind)(name, item)
    if wrong_type or item.modifier is None:
        return wrong_type
    taken = modifier_mapping.get(name)
    return f"'{name}' is already a pySigma modifier" if taken not in (None, item.modifier) else None


SIGMA_MODIFIERS: Registry[ValueKind] = Registry(
    "sigma modifiers", entry_point_group="indsec.sigma_modifiers", accepts=_is_value_kind
)


def value_kind(name: str, value_type: type[SigmaType]) -> Callable[[ValueCompiler], ValueCompiler]:
    """Register the decorated function as the compiler of ``value_type`` values."""

    def wrap(compile_fn: ValueCompiler) -> ValueCompiler:
        SIGMA_MODIFIERS.register(name, ValueKind(value_type, compile_fn))
        return compile_fn

    return wrap


def install_modifiers() -> None:
    """Teach pySigma's parser every third-party modifier, so rules may write ``field|name``.

    pySigma keeps its modifiers in a module-level mapping and offers no other hook; a plugin
    taking a name pySigma already uses was refused at load, so it cannot change a built-in.
    """
    for name, kind in SIGMA_MODIFIERS.items():
        if kind.modifier is not None:
            modifier_mapping[name] = kind.modifier
            reverse_modifier_mapping[kind.modifier.__name__] = name


def compile_value(field_name: str | None, value: Any, ctx: CompileContext) -> Node:
    """Compile one value of a detection item for ``field_name`` (None for keywords)."""
    compilers = _compilers()
    for cls in type(value).__mro__:
        if cls in compilers:
            return compilers[cls](field_name, value, ctx)
    raise UnsupportedFeatureError(f"value type: {type(value).__name__} is not supported")


@cache
def _compilers() -> dict[type, ValueCompiler]:
    """Value type → compiler, built once: the registry is complete after its first use."""
    return {kind.value_type: kind.compile for _, kind in SIGMA_MODIFIERS.items()}


def _field_only(field_name: str | None, what: str) -> str:
    if field_name is None:
        raise UnsupportedFeatureError(f"keyword: {what} values need a field")
    return field_name


@value_kind("string", SigmaString)
def _string(field_name: str | None, value: SigmaString, ctx: CompileContext) -> Node:
    cased = type(value).__name__ == "SigmaCasedString"
    variants = _expand_placeholders(value, ctx) if value.contains_placeholder() else [value]
    nodes = [
        text_node(field_name, _keyword_shape(field_name, pattern_of(v, cased=cased)))
        for v in variants
    ]
    return any_of(nodes)


def _keyword_shape(field_name: str | None, pattern: TextPattern) -> TextPattern:
    """Keywords search inside values: a plain keyword behaves as ``contains``."""
    if field_name is not None or pattern.shape is not Shape.EQUAL:
        return pattern
    return TextPattern(Shape.CONTAINS, pattern.text, pattern.cased, pattern.literal)


def _expand_placeholders(value: SigmaString, ctx: CompileContext) -> list[SigmaString]:
    def replacements(placeholder: Placeholder) -> Iterator[SigmaString]:
        if placeholder.name not in ctx.policy:
            raise UnsupportedFeatureError(
                f"placeholder: %{placeholder.name}% is not defined in the site policy"
            )
        yield from (SigmaString(item) for item in ctx.policy[placeholder.name])

    return value.replace_placeholders(replacements)


@value_kind("number", SigmaNumber)
def _number(field_name: str | None, value: SigmaNumber, ctx: CompileContext) -> Node:
    text = str(value.number)
    return text_node(field_name, TextPattern(Shape.EQUAL, text, False, text))


@value_kind("bool", SigmaBool)
def _boolean(field_name: str | None, value: SigmaBool, ctx: CompileContext) -> Node:
    text = "true" if value.boolean else "false"
    return text_node(field_name, TextPattern(Shape.EQUAL, text, False, text))


@value_kind("null", SigmaNull)
def _null(field_name: str | None, value: object, ctx: CompileContext) -> Node:
    name, names = bind(_field_only(field_name, "null"))
    return Node(Expr(f"(low[{name}] in (None, '', ()))", names), 1, None)


@value_kind("exists", SigmaExists)
def _exists(field_name: str | None, value: SigmaExists, ctx: CompileContext) -> Node:
    name = _field_only(field_name, "exists")
    bound, names = bind(name)
    operator = "in" if value.exists else "not in"
    need = presence_need(name) if value.exists else None
    return Node(Expr(f"({bound} {operator} view.event.fields)", names), 1, need)


@value_kind("expansion", SigmaExpansion)
def _expansion(field_name: str | None, value: SigmaExpansion, ctx: CompileContext) -> Node:
    return any_of([compile_value(field_name, item, ctx) for item in value.values])


_REGEX_FLAGS = {
    SigmaRegularExpressionFlag.IGNORECASE: (re.IGNORECASE, "i"),
    SigmaRegularExpressionFlag.MULTILINE: (re.MULTILINE, "m"),
    SigmaRegularExpressionFlag.DOTALL: (re.DOTALL, "s"),
}


@value_kind("re", SigmaRegularExpression)
def _regex(field_name: str | None, value: SigmaRegularExpression, ctx: CompileContext) -> Node:
    """A search in linear time (see :mod:`.regex`); Python's parser only finds its literals."""
    if value.contains_placeholder():
        raise UnsupportedFeatureError("placeholder: expansion inside regular expressions")
    pattern = str(value.regexp)
    flags = [_REGEX_FLAGS[flag] for flag in value.flags]
    test = regex_test(pattern, [letter for _, letter in flags], ctx.limits)
    need = literal_need(field_name, regex_literals(pattern, sum(bit for bit, _ in flags)))
    if field_name is None:
        return Node(on_any_value(test, cased=True), 30, need)
    return Node(on_field(field_name, test, cased=True), 10, need or presence_need(field_name))


@value_kind("cidr", SigmaCIDRExpression)
def _cidr(field_name: str | None, value: SigmaCIDRExpression, ctx: CompileContext) -> Node:
    network = value.network
    wanted = (network.version, int(network.network_address))
    mask = int(network.netmask)

    def in_network(text: str) -> bool:
        address = _ip_number(text)
        return address is not None and (address[0], address[1] & mask) == wanted

    name = _field_only(field_name, "cidr")
    return Node(on_field(name, TextExpr.calling(in_network), cased=True), 6, presence_need(name))


@lru_cache(maxsize=4096)
def _ip_number(text: str) -> tuple[int, int] | None:
    """An address's IP version and number, parsed once for the many ranges a rule tests it
    against (a "not from a private range" rule lists a dozen); None when it is not one."""
    try:
        address = ipaddress.ip_address(text.strip())
    except ValueError:
        return None
    return address.version, int(address)


_COMPARISONS: dict[CompareOperators, Callable[[float, float], bool]] = {
    CompareOperators.LT: lambda a, b: a < b,
    CompareOperators.LTE: lambda a, b: a <= b,
    CompareOperators.GT: lambda a, b: a > b,
    CompareOperators.GTE: lambda a, b: a >= b,
    CompareOperators.NEQ: lambda a, b: a != b,
}


def as_number(text: str) -> float | None:
    """A field's text as a number (decimal or 0x hex), or None when it is not one."""
    try:
        return float(int(text, 0)) if text[:2].lower() == "0x" else float(text)
    except ValueError:
        return None


@value_kind("compare", SigmaCompareExpression)
def _compare(field_name: str | None, value: SigmaCompareExpression, ctx: CompileContext) -> Node:
    compare = _COMPARISONS[value.op]
    limit = float(value.number.number)

    def holds(text: str) -> bool:
        number = as_number(text)
        return number is not None and compare(number, limit)

    name = _field_only(field_name, "numeric")
    return Node(on_field(name, TextExpr.calling(holds), cased=True), 4, presence_need(name))


@value_kind("fieldref", SigmaFieldReference)
def _fieldref(field_name: str | None, value: SigmaFieldReference, ctx: CompileContext) -> Node:
    name = _field_only(field_name, "fieldref")
    other = ctx.field_name(value.field)
    relation = _FIELDREF_RELATIONS[(value.starts_with, value.ends_with)]

    def related(view: EventView) -> bool:
        mine, theirs = view.low[name], view.low[other]
        return type(mine) is str and type(theirs) is str and relation(mine, theirs)

    return Node(Expr.calling(related), 3, presence_need(name))


_FIELDREF_RELATIONS: dict[tuple[bool, bool], Callable[[str, str], bool]] = {
    (False, False): str.__eq__,
    (True, False): str.startswith,
    (False, True): str.endswith,
    (True, True): str.__contains__,
}


_TIME_PARTS: dict[TimestampPart, Callable[[datetime], int]] = {
    TimestampPart.MINUTE: lambda t: t.minute,
    TimestampPart.HOUR: lambda t: t.hour,
    TimestampPart.DAY: lambda t: t.day,
    TimestampPart.WEEK: lambda t: t.isocalendar().week,
    TimestampPart.MONTH: lambda t: t.month,
    TimestampPart.YEAR: lambda t: t.year,
}


@value_kind("timestamp_part", SigmaTimestampPart)
def _time_part(field_name: str | None, value: SigmaTimestampPart, ctx: CompileContext) -> Node:
    part = _TIME_PARTS[value.timestamp_part]
    wanted = int(value.number)

    def at(text: str) -> bool:
        try:
            moment = datetime.fromisoformat(text.strip().replace(" ", "T", 1))
        except ValueError:
            return False
        return part(moment) == wanted

    name = _field_only(field_name, "time part")
    return Node(on_field(name, TextExpr.calling(at), cased=True), 6, presence_need(name))
