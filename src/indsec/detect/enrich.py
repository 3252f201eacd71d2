"""Grade-aware enrichment: tie an event to the catalogue asset (table, file, host) it names.

Enrichment runs before matching so rules can condition on ``AssetGrade`` and
``AssetCategory``; the alert then shows the asset, its grade and why it was matched.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from indsec.model import ClassifiedAsset, Grade
from indsec.model.alert import AssetContext
from indsec.model.event import Event

TABLE_FIELDS = ("table", "Table", "ObjectName")
PATH_FIELDS = ("TargetFilename", "SourceFilename", "path", "FilePath")
HOST_FIELDS = ("DestinationIp", "DestinationHostname", "Asset", "AssetIp", "dst_ip", "Computer")

ENRICHED_GRADE = "AssetGrade"
ENRICHED_CATEGORY = "AssetCategory"
ENRICHED_NAME = "AssetName"


def _normalise_path(path: str) -> str:
    return path.replace("\\", "/").lower()


@dataclass
class CatalogueIndex:
    """Lookups from names in events to catalogue assets, built once per detection run."""

    tables: dict[str, ClassifiedAsset] = field(default_factory=dict)
    files: dict[str, list[tuple[str, ClassifiedAsset]]] = field(
        default_factory=lambda: defaultdict(list)
    )
    hosts: dict[str, ClassifiedAsset] = field(default_factory=dict)

    @classmethod
    def from_assets(cls, assets: list[ClassifiedAsset]) -> CatalogueIndex:
        index = cls()
        for asset in assets:
            if asset.kind == "table":
                index._add_table(asset)
            else:
                relative = _normalise_path(asset.name)
                index.files[relative.rsplit("/", 1)[-1]].append((relative, asset))
            host = (urlsplit(asset.source).hostname or "").lower()
            if host and _stricter(asset, index.hosts.get(host)):
                index.hosts[host] = asset
        return index

    def _add_table(self, asset: ClassifiedAsset) -> None:
        full = asset.name.lower()
        for key in {full, full.rsplit(".", 1)[-1]}:
            if _stricter(asset, self.tables.get(key)):
                self.tables[key] = asset

    def lookup(self, event: Event) -> AssetContext | None:
        """The strictest asset the event names, with how it was matched."""
        found = [*self._by_table(event), *self._by_path(event), *self._by_host(event)]
        if not found:
            return None
        asset, how = max(found, key=lambda pair: pair[0].grade.rank)
        return AssetContext(
            key=asset.key,
            name=asset.name,
            grade=asset.grade,
            category=asset.category,
            matched_on=how,
            reason=asset.reason(),
        )

    def _by_table(self, event: Event) -> list[tuple[ClassifiedAsset, str]]:
        return [(a, f"{n}={v}") for n, v in _named(event, TABLE_FIELDS) for a in self._tables(v)]

    def _tables(self, value: str) -> list[ClassifiedAsset]:
        cleaned = value.strip('"`[]').lower()
        asset = self.tables.get(cleaned) or self.tables.get(cleaned.rsplit(".", 1)[-1])
        return [] if asset is None else [asset]

    def _by_path(self, event: Event) -> list[tuple[ClassifiedAsset, str]]:
        return [(a, f"{n}={v}") for n, v in _named(event, PATH_FIELDS) for a in self._files(v)]

    def _files(self, value: str) -> list[ClassifiedAsset]:
        path = _normalise_path(value)
        candidates = self.files.get(path.rsplit("/", 1)[-1], [])
        return [
            a for relative, a in candidates if path == relative or path.endswith("/" + relative)
        ]

    def _by_host(self, event: Event) -> list[tuple[ClassifiedAsset, str]]:
        hosts = ((n, v, self.hosts.get(v.lower())) for n, v in _named(event, HOST_FIELDS))
        return [(a, f"{n}={v} hosts {a.name}") for n, v, a in hosts if a is not None]

    def enrich(self, event: Event) -> AssetContext | None:
        """Add ``AssetGrade``/``AssetCategory``/``AssetName`` to the event's fields."""
        context = self.lookup(event)
        if context is not None:
            event.fields[ENRICHED_GRADE] = context.grade.value
            event.fields[ENRICHED_CATEGORY] = context.category
            event.fields[ENRICHED_NAME] = context.name
            event.context["asset"] = context
        return context


def _stricter(asset: ClassifiedAsset, current: ClassifiedAsset | None) -> bool:
    return current is None or asset.grade.rank > current.grade.rank


def _named(event: Event, names: tuple[str, ...]) -> Iterator[tuple[str, str]]:
    """Each ``(field, value)`` of the event among the fields ``names``, in that order."""
    return ((name, value) for name in names for value in _values(event, name))


def _values(event: Event, name: str) -> list[str]:
    value = event.fields.get(name)
    if value is None or value == "":
        return []
    if isinstance(value, list):
        return [str(v) for v in value if v not in (None, "")]
    return [str(value)]


SEVERITIES = ["informational", "low", "medium", "high", "critical"]


def raised_severity(level: str, grade: Grade | None, *, steps: dict[str, int]) -> str:
    """The rule level raised by the asset's grade (``steps`` comes from the scenario pack)."""
    if level not in SEVERITIES:
        return level
    raise_by = steps.get(grade.value, 0) if grade is not None else 0
    return SEVERITIES[min(len(SEVERITIES) - 1, SEVERITIES.index(level) + raise_by)]
