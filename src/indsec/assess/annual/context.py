"""What the annual report needs beyond the assessment itself, as plain values gathered once.

The assessment snapshot holds results, scores, risks and tasks; the nine sections the rules
require also speak of the catalogue, the scans, the alerts and incidents of the year and the
people who assessed. The assess service gathers these through the other features' services and
hands them over in one frozen value, so writing the report reads no database and the same
context always gives the same report.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

from indsec.assess.control_pack import ControlPack
from indsec.detect.service import RunSummary, StoredAlert
from indsec.incident.service import Incident
from indsec.model import ClassifiedAsset, Names
from indsec.model.catalogue import CatalogueVersion

DEFAULT_LISTED_ROWS = 200
"""Rows a listing shows in the HTML and PDF before pointing at the appendix (the setting's
default; the XLSX appendix always holds every row)."""


@dataclass(frozen=True)
class Member:
    """One person of the assessment team, as the site declares them."""

    name: str
    role: str
    organisation: str = ""


@dataclass(frozen=True)
class ReportContext:
    """Everything the report states that the snapshot does not hold.

    ``catalogue`` is the catalogue version assessed and ``assets`` its effective (reviewed)
    assets; ``scans`` the catalogue versions of the assessment period; ``control_packs`` the
    packs whose keys the snapshot's results carry (texts, legal basis, penalty articles);
    ``tier_names`` the incident tiers' names; ``declarations`` the filing declarations
    (purpose, scope, sharing, cross-border) by asset name or ``defaults``;
    ``first_issued_on`` the first issue of this same assessment, kept on a reissue so that
    the validity is not extended by reprinting.
    """

    issued_on: date
    team: tuple[Member, ...] = ()
    catalogue: CatalogueVersion | None = None
    assets: Sequence[ClassifiedAsset] = ()
    category_names: Mapping[str, Names] = field(default_factory=dict)
    scans: Sequence[CatalogueVersion] = ()
    detection_runs: Sequence[RunSummary] = ()
    alerts: Sequence[StoredAlert] = ()
    incidents: Sequence[Incident] = ()
    tier_names: Mapping[str, Names] = field(default_factory=dict)
    control_packs: Sequence[ControlPack] = ()
    declarations: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    tools: Mapping[str, str] = field(default_factory=dict)
    first_issued_on: date | None = None
    listed_rows: int = DEFAULT_LISTED_ROWS

    def category_name(self, category: str, lang: str) -> str:
        names = self.category_names.get(category)
        return names.get(lang) if names else category

    def tier_name(self, tier: str, lang: str) -> str:
        names = self.tier_names.get(tier)
        return names.get(lang) if names else tier
