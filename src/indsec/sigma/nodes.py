"""Compiled condition nodes and the boolean combinators that join them.

Each node carries, besides its condition (an expression, see :mod:`.codegen`), an estimated
cost (so ``and``/``or`` evaluate cheap tests first and regular expressions last) and its *need*:
a set of (field, literal) pairs of which at least one must occur for the node to be true. Needs
feed the cross-rule literal prefilter; ``None`` means "no literal is necessary" and makes the
rule always a candidate.

An ``and`` is necessary-conditioned by each of its children, so it keeps the other children's
needs as *alternatives*: which one filters best depends on the data (``\\powershell.exe`` is
rare in a plant and everywhere on an admin workstation), so the prefilter picks among them by
the hit rates it observes.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import islice, product

from indsec.sigma.codegen import Expr, TextExpr, on_any_value, on_blob, on_field
from indsec.sigma.patterns import SHAPE_COST, Shape, TextPattern, all_contained, merged_test
from indsec.sigma.view import KEYWORDS

Need = frozenset[tuple[str, str]]

PRESENT = ""
"""The literal every value contains: a need on it says only "the field is present"."""

MOST_ALTERNATIVES = 6
"""Needs kept per node beyond the best; more only make the prefilter's learning scan longer."""


@dataclass(frozen=True, slots=True)
class Node:
    """A compiled condition: expression, cost, necessary literals, and mergeable pattern.

    A one-pattern field leaf carries no expression yet: most leaves are merged with their
    siblings into one set or tuple test, so building each leaf's own would be wasted.
    """

    expr: Expr | None
    cost: int
    need: Need | None
    field: str | None = None
    pattern: TextPattern | None = None
    alternatives: tuple[Need, ...] = ()
    """Other needs, each also necessary on its own: the prefilter may use one instead."""

    @property
    def needs(self) -> tuple[Need, ...]:
        """Every known need of the node, the statically best first."""
        return (self.need, *self.alternatives) if self.need else ()

    def expression(self) -> Expr:
        """The node's condition, built now for a leaf that was never merged."""
        if self.expr is not None:
            return self.expr
        if self.field is None or self.pattern is None:
            raise ValueError("a node without an expression must be a field pattern leaf")
        return on_field(self.field, merged_test([self.pattern]), cased=self.pattern.cased)


def text_node(field: str | None, pattern: TextPattern) -> Node:
    """A field (or keyword, when ``field`` is None) test for one pattern."""
    return patterns_node(field, [pattern])


def patterns_node(field: str | None, patterns: list[TextPattern]) -> Node:
    """One node testing several same-case patterns of one field, merged into a single test."""
    if field is None:
        return _keyword_node(patterns, merged_test(patterns))
    cost = max(SHAPE_COST[p.shape] for p in patterns)
    need = frozenset((field, p.literal or PRESENT) for p in patterns)
    if len(patterns) == 1:
        return Node(None, cost, need, field, patterns[0])
    return Node(on_field(field, merged_test(patterns), cased=patterns[0].cased), cost, need)


def _keyword_node(patterns: list[TextPattern], test: TextExpr) -> Node:
    """Keywords: substrings are searched once in the joined values, other shapes per value."""
    cased = patterns[0].cased
    need = _union([_literal_need(KEYWORDS, p) for p in patterns])
    if all(p.shape is Shape.CONTAINS for p in patterns):
        return Node(on_blob(test, cased=cased), 12, need)
    return Node(on_any_value(test, cased=cased), 20, need)


def literal_need(field: str | None, literals: frozenset[str] | None) -> Need | None:
    """The need "one of ``literals`` occurs in ``field``" (None field: in any value)."""
    if not literals:
        return None
    return frozenset((field or KEYWORDS, literal) for literal in literals)


def presence_need(field: str) -> Need:
    """The need "``field`` is present": a field test is false on an event without the field."""
    return frozenset({(field, PRESENT)})


def _literal_need(field: str, pattern: TextPattern) -> Need | None:
    if pattern.literal is None:
        return None
    return frozenset({(field, pattern.literal)})


def any_of(nodes: list[Node]) -> Node:
    """OR: same-field patterns merged into set/tuple tests, the rest cheapest first."""
    nodes = _merge_or_patterns(nodes)
    if len(nodes) == 1:
        return nodes[0]
    nodes.sort(key=lambda n: n.cost)
    expr = Expr.any_of([n.expression() for n in nodes])
    need, others = _union_choices([n.needs for n in nodes])
    return Node(expr, sum(n.cost for n in nodes), need, alternatives=others)


def all_of(nodes: list[Node]) -> Node:
    """AND: ``contains|all`` groups merged, cheapest test first, the most selective need kept."""
    nodes = _merge_and_contains(nodes)
    if len(nodes) == 1:
        return nodes[0]
    nodes.sort(key=lambda n: n.cost)
    expr = Expr.all_of([n.expression() for n in nodes])
    need, others = _ranked_needs([need for n in nodes for need in n.needs])
    return Node(expr, nodes[0].cost + 1, need, alternatives=others)


def negate(node: Node) -> Node:
    """NOT: nothing is necessary for a negation to hold."""
    return Node(node.expression().negated(), node.cost, None)


def _merge_or_patterns(nodes: list[Node]) -> list[Node]:
    groups: dict[tuple[str, bool], list[TextPattern]] = {}
    rest: list[Node] = []
    for node in nodes:
        if node.pattern is not None and node.field is not None:
            groups.setdefault((node.field, node.pattern.cased), []).append(node.pattern)
        else:
            rest.append(node)
    merged = [patterns_node(field, pats) for (field, _), pats in groups.items()]
    return merged + rest


def _merge_and_contains(nodes: list[Node]) -> list[Node]:
    groups: dict[tuple[str, bool], list[TextPattern]] = {}
    rest: list[Node] = []
    for node in nodes:
        pattern = node.pattern
        if pattern is not None and node.field is not None and pattern.shape is Shape.CONTAINS:
            groups.setdefault((node.field, pattern.cased), []).append(pattern)
        else:
            rest.append(node)
    for (field, cased), pats in groups.items():
        if len(pats) == 1:
            rest.append(patterns_node(field, pats))
            continue
        test = on_field(field, all_contained([p.text for p in pats]), cased=cased)
        need, others = _ranked_needs([_literal_need(field, p) for p in pats])
        rest.append(Node(test, SHAPE_COST[Shape.CONTAINS] * len(pats), need, alternatives=others))
    return rest


def _union(needs: list[Need | None]) -> Need | None:
    if any(need is None for need in needs):
        return None
    return frozenset().union(*[need for need in needs if need is not None])


def _union_choices(options: list[tuple[Need, ...]]) -> tuple[Need | None, tuple[Need, ...]]:
    """An ``or`` needs one of its children's needs: the union of the children's first choices
    first, then unions taking other choices of the children (a bounded number of them)."""
    if not all(options):
        return None, ()
    combos = islice(product(*options), MOST_ALTERNATIVES + 1)
    first, *others = dict.fromkeys(frozenset().union(*combo) for combo in combos)
    return first, tuple(others)


def _ranked_needs(needs: list[Need | None]) -> tuple[Need | None, tuple[Need, ...]]:
    """The need that filters most without data (longest shortest-literal, then fewest
    literals), and the other distinct needs in the same order."""
    known = sorted(
        {need for need in needs if need},
        key=lambda need: (-min(len(lit) for _, lit in need), len(need), sorted(need)),
    )
    if not known:
        return None, ()
    return known[0], tuple(known[1 : 1 + MOST_ALTERNATIVES])
