"""pySigma's parsed condition tree → one fast predicate per rule, compiled once.

The tree pySigma builds (``ConditionAND``/``OR``/``NOT`` over field-equals-value and keyword
leaves) is walked once per rule and route; each leaf becomes an expression over lower-cased
literals, and the boolean nodes join them, cheap tests first, into the one expression that
becomes the rule's generated function (see :mod:`.codegen`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sigma.conditions import (
    ConditionAND,
    ConditionFieldEqualsValueExpression,
    ConditionNOT,
    ConditionOR,
    ConditionValueExpression,
)
from sigma.rule import SigmaDetection, SigmaRule
from sigma.types import SigmaRegularExpression

from indsec.sigma.modifiers import CompileContext, compile_value
from indsec.sigma.nodes import Node, all_of, any_of, negate
from indsec.sigma.regex import check_count
from indsec.sigma.unsupported import UnsupportedFeatureError


def compile_rule(rule: SigmaRule, ctx: CompileContext) -> Node:
    """One node for the whole rule; several ``condition`` entries are alternatives.

    Raises:
        UnsupportedFeatureError: the rule uses something the engine cannot evaluate.
        sigma.exceptions.SigmaError: the condition is invalid (the caller reports it, located).
    """
    check_count(_regex_values(rule), ctx.limits)
    trees = [condition.parse() for condition in rule.detection.parsed_condition]
    nodes = [compile_tree(tree, ctx) for tree in trees if tree is not None]
    if not nodes:
        raise UnsupportedFeatureError("condition: nothing left to evaluate")
    return any_of(nodes)


def _regex_values(rule: SigmaRule) -> int:
    """How many ``re`` values the rule's detections hold, counted before any is compiled."""
    pending = list(rule.detection.detections.values())
    count = 0
    while pending:
        detection = pending.pop()
        for item in detection.detection_items:
            if isinstance(item, SigmaDetection):
                pending.append(item)
            else:
                count += sum(isinstance(v, SigmaRegularExpression) for v in item.value)
    return count


def compile_tree(tree: Any, ctx: CompileContext) -> Node:
    """Compile one condition (sub)tree."""
    compiler = _TREE_COMPILERS.get(type(tree))
    if compiler is None:
        raise UnsupportedFeatureError(f"condition: node {type(tree).__name__} is not supported")
    return compiler(tree, ctx)


def _children(tree: ConditionAND | ConditionOR, ctx: CompileContext) -> list[Node]:
    return [compile_tree(arg, ctx) for arg in tree.args if arg is not None]


def _and(tree: ConditionAND, ctx: CompileContext) -> Node:
    return all_of(_children(tree, ctx))


def _or(tree: ConditionOR, ctx: CompileContext) -> Node:
    return any_of(_children(tree, ctx))


def _not(tree: ConditionNOT, ctx: CompileContext) -> Node:
    return negate(compile_tree(tree.args[0], ctx))


def _field_equals(tree: ConditionFieldEqualsValueExpression, ctx: CompileContext) -> Node:
    return compile_value(ctx.field_name(tree.field), tree.value, ctx)


def _keyword(tree: ConditionValueExpression, ctx: CompileContext) -> Node:
    return compile_value(None, tree.value, ctx)


_TREE_COMPILERS: dict[type, Callable[[Any, CompileContext], Node]] = {
    ConditionAND: _and,
    ConditionOR: _or,
    ConditionNOT: _not,
    ConditionFieldEqualsValueExpression: _field_equals,
    ConditionValueExpression: _keyword,
}
