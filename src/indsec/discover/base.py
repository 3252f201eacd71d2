"""The connector extension point: one class per source scheme, found through a registry.

A connector never writes to its source. It yields :class:`DiscoveredAsset` values with sampled
values and records every problem in the :class:`ScanReport` it is given, so one unreadable table
or corrupt file never stops the scan.
"""

from __future__ import annotations

import re
from abc import ABC, abstractmethod
from collections.abc import Iterator
from dataclasses import dataclass, field

from indsec.discover.formats.archive import ArchiveLimits
from indsec.discover.formats.base import (
    DEFAULT_CELL_LIMIT,
    DEFAULT_MAX_COLUMNS,
    DEFAULT_PAGE_LIMIT,
    DEFAULT_SCAN_ROWS,
)
from indsec.discover.urls import mask_url
from indsec.errors import ConnectorError
from indsec.model import DiscoveredAsset, Progress, ScanReport
from indsec.plugins import Registry, subclass_of
from indsec.settings import DEFAULTS, Settings

_SCHEME = re.compile(r"^(?P<scheme>[A-Za-z][A-Za-z0-9+.-]+):")


@dataclass(frozen=True, slots=True)
class ConnectorOptions:
    """Knobs shared by every connector.

    ``exact_counts`` asks for ``COUNT(*)`` on every table instead of the catalogue statistics;
    ``max_scan_rows`` bounds the rows one count, keyless sample or Parquet file may read.
    """

    sample_size: int = DEFAULTS.sample_size
    statement_timeout_s: float = DEFAULTS.statement_timeout_s
    max_file_bytes: int = DEFAULTS.max_file_bytes
    max_columns: int = DEFAULT_MAX_COLUMNS
    seed: int = DEFAULTS.sample_seed
    exact_counts: bool = DEFAULTS.exact_counts
    max_scan_rows: int = DEFAULT_SCAN_ROWS
    archive: ArchiveLimits = field(default_factory=ArchiveLimits)
    max_sheet_cells: int = DEFAULT_CELL_LIMIT
    max_pdf_page_bytes: int = DEFAULT_PAGE_LIMIT

    @classmethod
    def from_settings(cls, settings: Settings) -> ConnectorOptions:
        """The options ``settings`` name: the one place a setting becomes a connector knob (the
        defaults above are the settings' declared defaults, for code that builds options itself).
        """
        return cls(
            sample_size=settings.sample_size,
            statement_timeout_s=settings.statement_timeout_s,
            max_file_bytes=settings.max_file_bytes,
            max_columns=settings.max_columns,
            seed=settings.sample_seed,
            exact_counts=settings.exact_counts,
            max_scan_rows=settings.max_scan_rows,
            archive=ArchiveLimits(
                max_members=settings.max_archive_members,
                max_member_bytes=settings.max_unpacked_member_bytes,
                max_total_bytes=settings.max_unpacked_bytes,
                max_ratio=settings.max_unpack_ratio,
                max_shared_strings_bytes=settings.max_shared_strings_bytes,
            ),
            max_sheet_cells=settings.max_sheet_cells,
            max_pdf_page_bytes=settings.max_pdf_page_bytes,
        )


class Connector(ABC):
    """Base class of every connector."""

    def __init__(self, url: str, *, options: ConnectorOptions) -> None:
        self.url = url
        self.options = options

    @abstractmethod
    def discover(
        self, report: ScanReport, progress: Progress | None = None
    ) -> Iterator[DiscoveredAsset]:
        """Yield each asset found; record problems in ``report`` and go on."""

    def describe(self) -> str:
        """The source as shown to people and stored: the URL with every credential masked."""
        return mask_url(self.url)


CONNECTORS: Registry[type[Connector]] = Registry(
    "connectors",
    entry_point_group="indsec.connectors",
    accepts=subclass_of(Connector),
    builtin_modules=["indsec.discover.files", "indsec.discover.sql"],
)


def scheme_of(url: str) -> str:
    """``postgresql+psycopg://…`` → ``postgresql``; a bare path means ``file``.

    Read from the text, not a URL parser, so a malformed rest of the URL (``[::1:1``) is left
    to the connector, which reports it against the source instead of a parser's traceback.
    A one-letter scheme is a Windows drive letter, so it is a path too.
    """
    match = _SCHEME.match(url)
    return match["scheme"].split("+", 1)[0].lower() if match else "file"


def open_connector(url: str, *, options: ConnectorOptions | None = None) -> Connector:
    """Find the connector for ``url``'s scheme and create it.

    Raises:
        ConnectorError: no connector for the scheme, or the URL does not parse (a parser's
            ``ValueError``, whose message may quote the URL, is not chained).
    """
    scheme = scheme_of(url)
    if scheme not in CONNECTORS:
        valid = ", ".join(f"{n}://" for n in CONNECTORS.names())
        raise ConnectorError(f"no connector for '{scheme}://' (available: {valid})")
    try:
        return CONNECTORS.get(scheme)(url, options=options or ConnectorOptions())
    except ValueError:
        raise ConnectorError(f"not a valid source URL: {mask_url(url)}") from None
