"""Run a scan: discover every source, classify each asset, and store a new catalogue version.

A scan replaces what the catalogue knew about the sources it read; assets of other sources, and
of sources that could not be reached, are carried over from the last complete version and the
report says so. A scan that dies half-way, or reaches no source at all, is marked failed and
never becomes the current catalogue.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import islice

from indsec.catalogue.repository import COMPLETE, FAILED, CatalogueRepository
from indsec.classify.service import AssetClassifier
from indsec.discover.base import ConnectorOptions, open_connector
from indsec.discover.urls import mask_url
from indsec.errors import (
    IndsecError,
    NotFoundError,
    NothingScannedError,
    Problem,
    StoreError,
    Terminated,
)
from indsec.model import (
    ClassifiedAsset,
    DiscoveredAsset,
    EnterpriseProfile,
    Progress,
    ScanReport,
)
from indsec.settings import Settings

STORE_BATCH = 500
DEFAULT_MAX_HELD = Settings.model_fields["relate_max_held"].default


@dataclass
class ScanOutcome:
    """What one scan produced: the new version number, its report, how many assets it stored.

    The assets themselves are in the store, not held here
    (:func:`indsec.catalogue.service.scanned_assets` reads them back).
    """

    version: int
    report: ScanReport
    stored: int = 0
    oversized: int = 0
    carried_over: dict[str, int] = field(default_factory=dict)
    by_source: dict[str, dict[str, int]] = field(default_factory=dict)
    """Per source (as shown), how many of the report's kept warnings and failures are its own,
    in the report's order: the lists are filled one source after the other."""

    def report_dict(self, *, carried_over: dict[str, int]) -> dict[str, object]:
        return self.report.to_dict(carried_over=carried_over, by_source=self.by_source)


def _stored_error(exc: BaseException) -> str:
    """One line for the version list: a scan that read nothing names each source's reason."""
    if isinstance(exc, NothingScannedError):
        return "no source could be scanned: " + "; ".join(str(p) for p in exc.problems)
    return str(exc)


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
        max_held: int = DEFAULT_MAX_HELD,
    ) -> None:
        self.repository = repository
        self.classifier = classifier
        self.profile = profile
        self.options = options
        self.max_held = max_held
        self.progress = progress or (lambda _message: None)
        self.report = ScanReport()

    def run(self, sources: list[str], *, rule_packs: dict[str, str]) -> ScanOutcome:
        previous = self._previous_version()
        number = self.repository.begin_version(
            trigger="scan",
            sources=[mask_url(s) for s in sources],
            rule_packs=rule_packs,
            profile=self.profile.model_dump(mode="json"),
        )
        outcome = ScanOutcome(version=number, report=self.report)
        try:
            scanned = {shown for s in sources if (shown := self._scan_source(s, outcome))}
            Terminated.check()
            if not scanned:
                raise self._nothing_scanned(number, previous)
            if previous is not None:
                outcome.carried_over = self.repository.copy_assets(
                    previous, number, skip_sources=scanned
                )
        except BaseException as exc:
            error = _stored_error(exc)
            self.repository.finish_version(
                number, status=FAILED, report=outcome.report_dict(carried_over={}), error=error
            )
            raise
        self.repository.finish_version(
            number, status=COMPLETE, report=outcome.report_dict(carried_over=outcome.carried_over)
        )
        return outcome

    def _nothing_scanned(self, number: int, current: int | None) -> NothingScannedError:
        """Say what was stored: a failed version, and which version stays the catalogue."""
        stays = "stays empty" if current is None else f"stays at version {current}"
        summary = f"no source could be scanned; recorded as failed version {number}, "
        summary += f"the catalogue {stays}"
        problems = [Problem(issue.where, issue.message) for issue in self.report.failures]
        return NothingScannedError(summary, problems)

    def _scan_source(self, url: str, outcome: ScanOutcome) -> str | None:
        """Scan one source into ``outcome``; its shown name, or None when it failed.

        Assets are stored a batch at a time as they are classified, so a scan holds one batch,
        not the whole catalogue, in memory. What a source stored before it failed is removed:
        its assets from the last complete version are carried over instead.
        """
        self.progress(f"source {mask_url(url)}")
        kept = (len(self.report.warnings), len(self.report.failures))
        try:
            return self._read_source(url, outcome)
        finally:
            outcome.by_source[mask_url(url)] = {
                "warnings": len(self.report.warnings) - kept[0],
                "failures": len(self.report.failures) - kept[1],
            }

    def _read_source(self, url: str, outcome: ScanOutcome) -> str | None:
        connector = None
        try:
            connector = open_connector(url, options=self.options)
            classified = self._classified(connector.discover(self.report, self.progress))
            while batch := list(islice(classified, STORE_BATCH)):
                outcome.stored += self.repository.add_assets(outcome.version, batch)
                outcome.oversized += sum(1 for a in batch if a.metadata.get("skipped"))
        except StoreError:
            raise
        except IndsecError as exc:
            self.report.fail(mask_url(url), str(exc))
            if connector is not None:
                self.repository.drop_source(outcome.version, connector.describe())
            return None
        return connector.describe()

    def _classified(self, discovered: Iterator[DiscoveredAsset]) -> Iterator[ClassifiedAsset]:
        """Each asset classified as it is read; the tables their own evidence leaves
        unclassified come last, judged again with what the source's other tables say."""
        related = self.classifier.related_pass(self.profile, max_held=self.max_held)
        for asset in discovered:
            Terminated.check()
            classified = self.classifier.classify(asset, self.profile)
            self.progress(f"asset {asset.name}")
            if not related.admit(classified):
                yield classified
        Terminated.check()
        yield from related.finish()

    def _previous_version(self) -> int | None:
        try:
            return self.repository.version().number
        except NotFoundError:
            return None
