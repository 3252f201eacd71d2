"""The connector extension point: one class per source scheme, found through a registry.

A connector never writes to its source. It yields :class:`DiscoveredAsset` values with sampled
values and records every problem in the :class:`ScanReport` it is given, so one unreadable table
or corrupt file never stops the scan.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from urllib.parse import urlsplit

from indsec.discover.formats.base import DEFAULT_MAX_COLUMNS
from indsec.errors import ConnectorError
from indsec.model import DiscoveredAsset, ScanReport
from indsec.plugins import Registry

Progress = Callable[[str], None]


@dataclass(frozen=True, slots=True)
class ConnectorOptions:
    """Knobs shared by every connector."""

    sample_size: int = 1000
    statement_timeout_s: float = 30.0
    max_file_bytes: int = 200 * 1024 * 1024
    max_columns: int = DEFAULT_MAX_COLUMNS
    seed: int = 0


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
        """The source as shown to people and stored: the URL with any password masked."""
        return mask_url(self.url)


CONNECTORS: Registry[type[Connector]] = Registry(
    "connectors", entry_point_group="indsec.connectors"
)


def scheme_of(url: str) -> str:
    """``postgresql+psycopg://…`` → ``postgresql``; a bare path means ``file``."""
    scheme = urlsplit(url).scheme
    if not scheme or len(scheme) == 1:  # a path, or a Windows drive letter
        return "file"
    return scheme.split("+", 1)[0].lower()


def open_connector(url: str, *, options: ConnectorOptions | None = None) -> Connector:
    """Find the connector for ``url``'s scheme and create it."""
    scheme = scheme_of(url)
    if scheme not in CONNECTORS:
        valid = ", ".join(f"{n}://" for n in CONNECTORS.names())
        raise ConnectorError(f"no connector for '{scheme}://' (available: {valid})")
    return CONNECTORS.get(scheme)(url, options=options or ConnectorOptions())


def mask_url(url: str) -> str:
    """Replace the password of a URL by ``***``."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    netloc = parts.netloc.replace(f":{parts.password}@", ":***@", 1)
    return parts._replace(netloc=netloc).geturl()
