"""Helpers shared by connector tests."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
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
from indsec.discover.formats.archive import DEFAULT_MAX_MEMBERS
from indsec.discover.formats.base import (
    DEFAULT_CELL_LIMIT,
    DEFAULT_MAX_COLUMNS,
    DEFAULT_PAGE_LIMIT,
    DEFAULT_SCAN_ROWS,
    DEFAULT_TEXT_LIMIT,
)
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
    max_columns: int = DEFAULT_MAX_COLUMNS,
    seed: int = 0,
    scan_rows: int = DEFAULT_SCAN_ROWS,
) -> tuple[str, list[FileContent], list[str]]:
    """Sniff and read one file as the file connector would: (format, contents, warnings)."""
    warnings: list[str] = []
    limits = archive or ArchiveLimits()
    with probe_of(path, max_zip_members=limits.max_members) as probe:
        fmt = sniff_format(probe)
        context = ReadContext(
            sample_size=sample_size,
            seed=seed,
            warn=warnings.append,
            text_limit=text_limit,
            archive=limits,
            cell_limit=cell_limit,
            page_limit=page_limit,
            max_columns=max_columns,
            scan_rows=scan_rows,
        )
        return fmt.name, read_contents(fmt, probe, context), warnings


@contextmanager
def probe_of(path: Path, *, max_zip_members: int = DEFAULT_MAX_MEMBERS) -> Iterator[Probe]:
    """The probe of ``path``, read through a descriptor open for the duration."""
    descriptor = os.open(path, os.O_RDONLY)
    try:
        yield Probe.read(path, descriptor, max_zip_members=max_zip_members)
    finally:
        os.close(descriptor)


def values_of(content: FileContent) -> dict[str, list[str]]:
    """Sampled values by column name."""
    return {column.name: column.values for column in content.columns}
