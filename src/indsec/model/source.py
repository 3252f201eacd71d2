"""What connectors yield: assets with metadata and sampled values, plus a scan report.

Raw sampled values exist only between a connector and the recognizers; everything past the
recognizer boundary carries masked examples only.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from enum import StrEnum

# Metadata key: the tables a table's foreign keys point to, comma-separated (what it is about).
REFERENCES_KEY = "references"
# Metadata keys: how a table's rows were counted and its sample drawn (a bounded read of the
# first rows says the sample may be biased), so a reviewer can judge the evidence.
ROW_COUNT_KEY = "row_count"
SAMPLE_METHOD_KEY = "sample_method"


class AssetKind(StrEnum):
    """What an asset is; a view (materialized or not) holds no data of its own, a table does."""

    TABLE = "table"
    VIEW = "view"
    FILE = "file"


@dataclass(slots=True)
class SampledColumn:
    """One column (or one extracted text stream of a file) with its sampled raw values."""

    name: str
    data_type: str = ""
    comment: str = ""
    values: list[str] = field(default_factory=list)


@dataclass(slots=True)
class DiscoveredAsset:
    """A table or a file as a connector saw it: metadata and samples, never written back."""

    source: str
    name: str
    kind: AssetKind
    rows: int | None = None
    rows_exact: bool = True
    size_bytes: int | None = None
    comment: str = ""
    system_hint: str = ""
    file_format: str = ""
    columns: list[SampledColumn] = field(default_factory=list)
    text: str = ""
    metadata: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class ScanIssue:
    """A located warning or failure: where (table, file, row) and why."""

    where: str
    message: str


@dataclass(slots=True)
class ScanReport:
    """Counters plus bounded lists of warnings and failures for one scan."""

    limit: int = 200
    assets_seen: int = 0
    assets_read: int = 0
    values_sampled: int = 0
    bytes_read: int = 0
    warnings: list[ScanIssue] = field(default_factory=list)
    failures: list[ScanIssue] = field(default_factory=list)
    warnings_dropped: int = 0
    failures_dropped: int = 0

    def warn(self, where: str, message: str) -> None:
        if len(self.warnings) < self.limit:
            self.warnings.append(ScanIssue(where, message))
        else:
            self.warnings_dropped += 1

    def fail(self, where: str, message: str) -> None:
        if len(self.failures) < self.limit:
            self.failures.append(ScanIssue(where, message))
        else:
            self.failures_dropped += 1

    def absorb(self, other: ScanReport) -> None:
        """Add another report's counters and issues (a worker's, say) to this one."""
        self.assets_seen += other.assets_seen
        self.assets_read += other.assets_read
        self.values_sampled += other.values_sampled
        self.bytes_read += other.bytes_read
        for issue in other.warnings:
            self.warn(issue.where, issue.message)
        for issue in other.failures:
            self.fail(issue.where, issue.message)
        self.warnings_dropped += other.warnings_dropped
        self.failures_dropped += other.failures_dropped

    def to_dict(self, **extra: object) -> dict[str, object]:
        """The report as stored with a scan or detection run, plus that run's ``extra`` facts.

        ``limit`` is left out: it bounds the lists while the run goes, it is not a result.
        """
        data = asdict(self)
        del data["limit"]
        return {**data, **extra}

    @property
    def failure_count(self) -> int:
        return len(self.failures) + self.failures_dropped
