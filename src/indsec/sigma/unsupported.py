"""Rules the engine loads but cannot run, and why: never dropped silently.

Chainsaw skips several hundred rules it cannot load without saying so; an analyst then believes
a technique is covered when it is not. Every rule indsec cannot evaluate is listed with a reason
that names the feature, so coverage reports stay honest.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from indsec.errors import IndsecError, Problem


@dataclass(frozen=True, slots=True)
class UnsupportedRule:
    """A valid Sigma rule the engine does not evaluate."""

    rule_id: str
    title: str
    path: str
    reason: str

    def as_problem(self) -> Problem:
        """The rule as a located problem, for lists of everything that did not load."""
        return Problem(self.path, f"unsupported: {self.reason}")


class UnsupportedFeatureError(IndsecError):
    """Raised while compiling a rule that uses something the engine cannot evaluate.

    Caught by the engine, which turns it into an :class:`UnsupportedRule`; it never escapes.
    """


def reason_counts(rules: list[UnsupportedRule]) -> Counter[str]:
    """How many rules are unsupported for each reason family (the text before the first ':')."""
    return Counter(rule.reason.split(":", 1)[0] for rule in rules)
