"""Run a scan: discover every source, classify each asset, and store a new catalogue version.

A scan replaces what the catalogue knew about the sources it read; assets of other sources, and
of sources that could not be reached, are carried over from the last complete version and the
report says so. A scan that dies half-way, or reaches no source at all, is marked failed and
never becomes the current catalogue.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field

from indsec.catalogue.repository import COMPLETE, FAILED, CatalogueRepository
from indsec.classify.service import AssetClassifier
from indsec.discover.base import ConnectorOptions, open_connector
from indsec.discover.urls import mask_url
from indsec.errors import ConnectorError, IndsecError, NotFoundError
from indsec.model import ClassifiedAsset, DiscoveredAsset, EnterpriseProfile, ScanReport

Progress = Callable[[str], None]


@dataclass
class ScanOutcome:
    """What one scan produced: the new version number, its report and its assets."""

    version: int
    report: ScanReport
    assets: list[ClassifiedAsset] = field(default_factory=list)
    carried_over: dict[str, int] = field(default_factory=dict)


def report_to_dict(report: ScanReport, carried_over: dict[str, int]) -> dict[str, object]:
    data = asdict(report)
    data.pop("limit", None)
    data["carried_over"] = carried_over
    return data


class ScanRun:
    """One scan in progress; see :func:`indsec.catalogue.service.scan_sources`."""

    def __init__(
        self,
        *,
        repository: CatalogueRepository,
        classifier: AssetClassifier,
        profile: EnterpriseProfile,
        options: ConnectorOptions,
        progress: Progress | None,
    ) -> None:
        self.repository = repository
        self.classifier = classifier
        self.profile = profile
        self.options = options
        self.progress = progress or (lambda _message: None)
        self.report = ScanReport()

    def run(self, sources: list[str], *, rule_packs: dict[str, str]) -> ScanOutcome:
        previous = self._previous_assets()
        number = self.repository.begin_version(
            trigger="scan",
            sources=[mask_url(s) for s in sources],
            rule_packs=rule_packs,
            profile=self.profile.model_dump(mode="json"),
        )
        outcome = ScanOutcome(version=number, report=self.report)
        try:
            scanned = {shown for s in sources if (shown := self._scan_source(s, outcome))}
            if not scanned:
                raise ConnectorError("no source could be scanned; the catalogue is unchanged")
            kept = [a for a in previous if a.source not in scanned]
            for asset in kept:
                outcome.carried_over[asset.source] = outcome.carried_over.get(asset.source, 0) + 1
            self.repository.add_assets(number, [*outcome.assets, *kept])
        except BaseException as exc:
            self.repository.finish_version(
                number, status=FAILED, report=report_to_dict(self.report, {}), error=str(exc)
            )
            raise
        self.repository.finish_version(
            number, status=COMPLETE, report=report_to_dict(self.report, outcome.carried_over)
        )
        return outcome

    def _scan_source(self, url: str, outcome: ScanOutcome) -> str | None:
        """Scan one source into ``outcome``; its shown name, or None when it failed."""
        self.progress(f"source {mask_url(url)}")
        try:
            connector = open_connector(url, options=self.options)
            discovered = connector.discover(self.report, self.progress)
            outcome.assets.extend(self._classified(discovered))
        except IndsecError as exc:
            self.report.fail(mask_url(url), str(exc))
            return None
        return connector.describe()

    def _classified(self, discovered: Iterator[DiscoveredAsset]) -> Iterator[ClassifiedAsset]:
        for asset in discovered:
            yield self.classifier.classify(asset, self.profile)
            self.progress(f"asset {asset.name}")

    def _previous_assets(self) -> list[ClassifiedAsset]:
        try:
            last = self.repository.version()
        except NotFoundError:
            return []
        return self.repository.assets(last.number)
