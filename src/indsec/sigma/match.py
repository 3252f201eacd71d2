"""What the engine reports: which rule matched, and on which events."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sigma.correlations import SigmaCorrelationRule
from sigma.rule import SigmaRuleBase

from indsec.model.event import Event


@dataclass(frozen=True, slots=True)
class RuleRef:
    """The identity of a rule as alerts show it; ``where`` is the rule's file:line."""

    id: str
    title: str
    level: str
    tags: tuple[str, ...]
    where: str
    name: str | None = None
    kind: str = "detection"

    @classmethod
    def of(cls, rule: SigmaRuleBase, where: str) -> RuleRef:
        """Reference a parsed pySigma rule or correlation."""
        return cls(
            id=str(rule.id) if rule.id is not None else (rule.name or rule.title),
            title=rule.title,
            level=str(rule.level.name).lower() if rule.level is not None else "",
            tags=tuple(str(tag) for tag in rule.tags),
            where=where,
            name=rule.name,
            kind="correlation" if isinstance(rule, SigmaCorrelationRule) else "detection",
        )


@dataclass(frozen=True, slots=True)
class Match:
    """A rule matched: the event (detection rules) or the group and contributing events.

    ``origins`` name the events (``file.evtx#1234``); a correlation match lists every event
    that contributed to it, and ``group`` carries its ``group-by`` values.
    """

    rule: RuleRef
    origins: tuple[str, ...]
    timestamp: datetime | None
    event: Event | None = None
    group: tuple[tuple[str, Any], ...] = ()

    @property
    def origin(self) -> str:
        """The first (for detection rules: the only) contributing event."""
        return self.origins[0] if self.origins else ""
