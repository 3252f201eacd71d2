"""The ``sigma_logsources`` rule-pack kind: where each Sigma logsource lives in a product's logs.

Routing is data because it changes with the estate, not with the code: a plant that forwards
Sysmon through Windows Event Forwarding, or audits process creation with Security 4688 instead of
Sysmon, edits this pack instead of the engine.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pydantic import Field

from indsec.errors import Problem, RulePackError
from indsec.rules.base import FrozenModel
from indsec.rules.pack import BUILTIN_PACKS, PACK_KINDS, RulePack, load_pack_file

BUILTIN_WINDOWS_PACK = BUILTIN_PACKS / "sigma" / "logsources_windows.yaml"


class LogsourceRoute(FrozenModel):
    """One place a logsource is found: channels or providers, optionally narrowed to EventIDs."""

    channels: list[str] = Field(default_factory=list)
    providers: list[str] = Field(default_factory=list)
    event_ids: list[int] = Field(default_factory=list)
    fields: dict[str, str] = Field(default_factory=dict)


@PACK_KINDS.decorator("sigma_logsources")
class SigmaLogsourcePack(RulePack):
    """Sigma services and categories of one product mapped to log channels and EventIDs."""

    product: str
    services: dict[str, list[LogsourceRoute]] = Field(default_factory=dict)
    categories: dict[str, list[LogsourceRoute]] = Field(default_factory=dict)
    productless_categories: list[str] = Field(default_factory=list)

    def check(self) -> list[str]:
        """Every route must name a channel or a provider; unknown productless categories fail."""
        problems = [
            f"{section}.{name}.{i}: a route needs 'channels' or 'providers'"
            for section, table in (("services", self.services), ("categories", self.categories))
            for name, routes in table.items()
            for i, route in enumerate(routes)
            if not route.channels and not route.providers
        ]
        problems += [
            f"productless_categories: '{name}' is not a category of this pack"
            for name in self.productless_categories
            if name not in self.categories
        ]
        return problems


def load_logsource_pack(path: Path) -> SigmaLogsourcePack:
    """Load and validate one ``sigma_logsources`` pack; every problem is raised together."""
    pack, problems = load_pack_file(path)
    if problems:
        raise RulePackError(problems)
    if not isinstance(pack, SigmaLogsourcePack):
        raise RulePackError([Problem(str(path), "pack kind must be 'sigma_logsources'")])
    return pack


@lru_cache(maxsize=1)
def builtin_windows_pack() -> SigmaLogsourcePack:
    """The shipped Windows mapping, read once per process."""
    return load_logsource_pack(BUILTIN_WINDOWS_PACK)
