"""Rule conditions as generated Python functions: one function per rule, no call per node.

Nested closures cost a Python call per node: ``selection and not 1 of filter_*`` over three
fields is seven calls before a string is compared, and on the hot path most of an evaluation
was such calls. So each node contributes a Python *expression* instead, and a rule becomes one
function whose body is its whole condition, with field look-ups and the usual string tests
(``endswith`` over a tuple, set membership, ``in``) written inline.

Source text is made only from the templates in this module and in :mod:`.patterns`. Every value
that comes from a rule (field names, literals, compiled patterns, callables) is bound to a
generated name, so no rule text ever becomes code.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from itertools import count

from indsec.sigma.view import EventView, Predicate

Names = Mapping[str, object]
"""Generated name → the object it stands for."""

_serial = count()


def bind(value: object) -> tuple[str, dict[str, object]]:
    """A fresh name for ``value``; names are unique in the process, so merging never clashes."""
    name = f"_{next(_serial)}"
    return name, {name: value}


def _merged(parts: Iterable[TextExpr | Expr]) -> dict[str, object]:
    names: dict[str, object] = {}
    for part in parts:
        names.update(part.names)
    return names


@dataclass(frozen=True, slots=True)
class TextExpr:
    """A test of one string, as a Python expression over the name ``v``."""

    source: str
    names: Names = field(default_factory=dict)

    @classmethod
    def over(cls, value: object, template: str) -> TextExpr:
        """``template`` with ``{}`` standing for ``value`` (bound to a name), e.g.
        ``"v.endswith({})"`` over a tuple of suffixes."""
        name, names = bind(value)
        return cls(template.format(name), names)

    @classmethod
    def calling(cls, test: Callable[[str], bool]) -> TextExpr:
        """A test only available as a function (a CIDR check, a numeric comparison, ...)."""
        return cls.over(test, "{}(v)")

    @classmethod
    def any_of(cls, tests: list[TextExpr]) -> TextExpr:
        """True when one of ``tests`` is, tried in order."""
        if len(tests) == 1:
            return tests[0]
        return cls("(" + " or ".join(t.source for t in tests) + ")", _merged(tests))


@dataclass(frozen=True, slots=True)
class Expr:
    """A condition, as a Python expression over ``view`` (the event) and ``low`` (its
    lower-cased field texts); evaluates to a bool."""

    source: str
    names: Names = field(default_factory=dict)

    @classmethod
    def calling(cls, predicate: Predicate) -> Expr:
        """A condition only available as a function of the event view."""
        name, names = bind(predicate)
        return cls(f"{name}(view)", names)

    @classmethod
    def all_of(cls, parts: list[Expr]) -> Expr:
        """AND, short-circuiting in the given order; true when there are no parts."""
        if not parts:
            return cls("True")
        return cls("(" + " and ".join(p.source for p in parts) + ")", _merged(parts))

    @classmethod
    def any_of(cls, parts: list[Expr]) -> Expr:
        """OR, short-circuiting in the given order; false when there are no parts (a site
        policy placeholder that expands to nothing)."""
        if not parts:
            return cls("False")
        return cls("(" + " or ".join(p.source for p in parts) + ")", _merged(parts))

    def negated(self) -> Expr:
        """NOT."""
        return Expr(f"(not {self.source})", self.names)


def on_field(name: str, test: TextExpr, *, cased: bool) -> Expr:
    """``test`` on a field's text; an absent field fails, a multi-valued one passes when any
    value does. Original case is read only for case-sensitive tests."""
    field_name, names = bind(name)
    texts = "view.raw" if cased else "low"
    source = (
        f"({test.source} if type(v := {texts}[{field_name}]) is str"
        f" else v is not None and any({test.source} for v in v))"
    )
    return Expr(source, {**names, **test.names})


def on_any_value(test: TextExpr, *, cased: bool) -> Expr:
    """``test`` on every value of the event (Sigma keywords)."""
    lower = "False" if cased else "True"
    return Expr(f"any({test.source} for v in view.values(lower={lower}))", test.names)


def on_blob(test: TextExpr, *, cased: bool) -> Expr:
    """A substring ``test`` on all values joined, tried once (keywords searched with ``in``)."""
    lower = "False" if cased else "True"
    return Expr(f"(type(v := view.blob(lower={lower})) is str and {test.source})", test.names)


def compile_predicate(expr: Expr) -> Predicate:
    """The function that evaluates ``expr`` on an event view."""
    source = f"def rule(view):\n    low = view.low\n    return {expr.source}\n"
    namespace: dict[str, object] = dict(expr.names)
    # only this module's templates reach the source; rule values are bound names (module doc)
    exec(compile(source, "<indsec sigma rule>", "exec"), namespace)
    predicate: Callable[[EventView], bool] = namespace["rule"]  # type: ignore[assignment]
    return predicate
