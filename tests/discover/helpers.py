"""Helpers shared by connector tests."""

from __future__ import annotations

from pathlib import Path

from indsec.discover.base import Connector, ConnectorOptions, open_connector
from indsec.discover.formats import (
    ArchiveLimits,
    FileContent,
    Probe,
    ReadContext,
    read_contents,
    sniff_format,
)
from indsec.discover.formats.base import DEFAULT_CELL_LIMIT, DEFAULT_PAGE_LIMIT, DEFAULT_TEXT_LIMIT
from indsec.model import DiscoveredAsset, ScanReport


def scan(connector: Connector) -> tuple[list[DiscoveredAsset], ScanReport]:
    """Run a whole scan and return the assets and the report."""
    report = ScanReport()
    return list(connector.discover(report)), report


def scan_url(
    url: str, options: ConnectorOptions | None = None
) -> tuple[list[DiscoveredAsset], ScanReport]:
    """Open the connector for ``url`` and scan."""
    return scan(open_connector(url, options=options))


def by_name(assets: list[DiscoveredAsset]) -> dict[str, DiscoveredAsset]:
    """Assets keyed by name."""
    return {asset.name: asset for asset in assets}


def read_file(
    path: Path,
    *,
    sample_size: int = 1000,
    text_limit: int = DEFAULT_TEXT_LIMIT,
    archive: ArchiveLimits | None = None,
    cell_limit: int = DEFAULT_CELL_LIMIT,
    page_limit: int = DEFAULT_PAGE_LIMIT,
) -> tuple[str, list[FileContent], list[str]]:
    """Sniff and read one file as the file connector would: (format, contents, warnings)."""
    warnings: list[str] = []
    limits = archive or ArchiveLimits()
    probe = Probe.read(path, path.stat().st_size, max_zip_members=limits.max_members)
    fmt = sniff_format(probe)
    context = ReadContext(
        sample_size=sample_size,
        seed=0,
        warn=warnings.append,
        text_limit=text_limit,
        archive=limits,
        cell_limit=cell_limit,
        page_limit=page_limit,
    )
    return fmt.name, read_contents(fmt, probe, context), warnings


def values_of(content: FileContent) -> dict[str, list[str]]:
    """Sampled values by column name."""
    return {column.name: column.values for column in content.columns}
