"""From engine matches to grade-aware alerts.

The engine knows rules and events; the alert adds what a data-security officer needs: which
scenario and MIIT risk type, which catalogued asset was touched, its grade and why, and a
severity raised when the asset is important or core.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterable, Iterator
from datetime import tzinfo
from typing import Any

from indsec.detect.enrich import raised_severity
from indsec.detect.scenario_pack import ScenarioPack
from indsec.model.alert import Alert, AssetContext
from indsec.model.event import Event
from indsec.sigma import Match

DETAIL_FIELDS = (
    "User",
    "user",
    "SourceIp",
    "DestinationIp",
    "Computer",
    "Image",
    "CommandLine",
    "ParentImage",
    "TargetFilename",
    "SourceFilename",
    "table",
    "rows",
    "statement_kind",
    "Protocol",
    "Asset",
    "Recorded",
    "QueryName",
    "DestinationHostname",
    "AssetName",
    "AssetGrade",
)
MAX_DETAIL = 300
REMEMBERED_ORIGINS = 100_000
"""Bound on the origin → asset memory that correlation alerts read (events are streamed)."""


class AlertBuilder:
    """Builds alerts; remembers recent enriched origins for correlation matches.

    Every alert's time is in the plant's ``zone``: log events already are, correlation matches
    come in UTC, and a list mixing the two looks out of order.
    """

    def __init__(self, *, scenarios: ScenarioPack, zone: tzinfo) -> None:
        self.scenarios = scenarios
        self.zone = zone
        self._assets: OrderedDict[str, AssetContext] = OrderedDict()

    def remembering(self, detections: Iterable[tuple[int, Match]]) -> Iterator[tuple[int, Match]]:
        """Pass detections on, noting the asset each one's event touched, so that a later
        correlation alert (whose events are all detections) can name it."""
        assets = self._assets
        for detection in detections:
            event = detection[1].event
            asset = event.context.get("asset") if event is not None else None
            if event is not None and isinstance(asset, AssetContext):
                assets[event.origin] = asset
                if len(assets) > REMEMBERED_ORIGINS:
                    assets.popitem(last=False)
            yield detection

    def alert(self, match: Match) -> Alert:
        scenario, risks = self.scenarios.classify(match.rule)
        asset = self._asset_of(match)
        return Alert(
            rule_id=match.rule.id,
            rule_title=match.rule.title,
            level=match.rule.level,
            severity=raised_severity(
                match.rule.level,
                asset.grade if asset else None,
                steps=self.scenarios.grade_steps(),
            ),
            scenario=scenario,
            risk_types=risks,
            tags=list(match.rule.tags),
            event_time=match.timestamp.astimezone(self.zone) if match.timestamp else None,
            origin=match.origin,
            asset=asset,
            correlation=match.rule.kind == "correlation",
            group={name: value for name, value in match.group},
            details=_details(match.event) if match.event else {"events": list(match.origins)[:20]},
        )

    def _asset_of(self, match: Match) -> AssetContext | None:
        if match.event is not None:
            found = match.event.context.get("asset")
            return found if isinstance(found, AssetContext) else None
        known = [self._assets[o] for o in match.origins if o in self._assets]
        return max(known, key=lambda a: a.grade.rank, default=None)


def _details(event: Event) -> dict[str, Any]:
    shown: dict[str, Any] = {}
    for name in DETAIL_FIELDS:
        value = event.fields.get(name)
        if value in (None, ""):
            continue
        shown[name] = value[:MAX_DETAIL] if isinstance(value, str) else value
    return shown
