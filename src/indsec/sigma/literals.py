"""The literals a regular expression cannot match without: prefilter needs for ``re`` values.

``CommandLine|re: 'cmd.{0,5}/c.+powershell'`` can only match a command line that contains
``powershell``. Finding such a literal lets the prefilter skip the regex on every event that
lacks it, which is most of them. The expression is parsed with Python's own regex parser; any
construct not understood simply contributes no literal, so the answer is always safe: a set of
strings of which at least one occurs in every match, or ``None`` when nothing is certain.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Callable
from typing import Any

try:  # the parser behind ``re``; private, so its absence only costs the optimisation
    regex_parser: Any = importlib.import_module("re._parser")
except ImportError:  # pragma: no cover - every supported CPython has it
    regex_parser = None

Alternatives = frozenset[str]


def regex_literals(pattern: str, flags: int = 0) -> Alternatives | None:
    """Lower-cased strings of which at least one occurs in every match of ``pattern``."""
    if regex_parser is None:
        return None
    try:
        parsed = regex_parser.parse(pattern, flags)
    except (re.error, RecursionError, ValueError):
        return None
    return _sequence(list(parsed))


def _sequence(items: list[tuple[Any, Any]]) -> Alternatives | None:
    """Best necessary alternatives of a sequence: literal runs, groups, branches, repeats."""
    options: list[Alternatives] = []
    run: list[str] = []
    for opcode, argument in items:
        name = str(opcode)
        if name == "LITERAL":
            run.append(chr(argument))
            continue
        if run:
            options.append(frozenset({"".join(run).lower()}))
            run = []
        inner = _OPCODES.get(name, _nothing)(argument)
        if inner:
            options.append(inner)
    if run:
        options.append(frozenset({"".join(run).lower()}))
    return best_alternatives(options)


def _subpattern(argument: Any) -> Alternatives | None:
    return _sequence(list(argument[-1]))


def _branch(argument: Any) -> Alternatives | None:
    branches = [_sequence(list(branch)) for branch in argument[1]]
    if not branches or any(branch is None for branch in branches):
        return None
    return frozenset().union(*[b for b in branches if b is not None])


def _repeat(argument: Any) -> Alternatives | None:
    minimum, _, body = argument
    return _sequence(list(body)) if minimum >= 1 else None


def _nothing(argument: Any) -> Alternatives | None:
    return None


_OPCODES: dict[str, Callable[[Any], Alternatives | None]] = {
    "SUBPATTERN": _subpattern,
    "BRANCH": _branch,
    "MAX_REPEAT": _repeat,
    "MIN_REPEAT": _repeat,
    "POSSESSIVE_REPEAT": _repeat,
    "ATOMIC_GROUP": lambda argument: _sequence(list(argument)),
}


def best_alternatives(options: list[Alternatives]) -> Alternatives | None:
    """The option that filters most: longest shortest-literal, then fewest alternatives."""
    usable = [option for option in options if option and all(option)]
    if not usable:
        return None
    return max(usable, key=lambda option: (min(map(len, option)), -len(option)))
