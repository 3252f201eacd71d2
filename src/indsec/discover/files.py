"""File-share connector: walk a directory tree, sniff each file's format, sample what it holds.

The walk is deterministic (sorted, depth first) so two scans of an unchanged share yield the
same assets in the same order, which keeps catalogue diffs meaningful. Symbolic links are never
followed: a link inside the root points at a file the walk reaches anyway, and a link leaving
the root would scan data nobody asked to scan. Every unreadable, corrupt or oversized file is
recorded in the report and the walk goes on.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

from indsec.discover.base import Connector, ConnectorOptions, Progress
from indsec.discover.formats import (
    FileContent,
    Probe,
    ReadContext,
    format_for_extension,
    read_contents,
    sniff_format,
    suffix_of,
)
from indsec.errors import ConnectorError
from indsec.model import AssetKind, DiscoveredAsset, ScanReport

SYSTEM_PARAM = "system"


def root_of(url: str) -> tuple[Path, str]:
    """The absolute root directory of ``url`` and its ``?system=`` hint.

    ``file:///abs/dir`` is absolute, ``file://relative/dir`` is relative to the working directory
    (the host part is the first path segment), and anything without a scheme is a plain path.
    """
    parts = urlsplit(url)
    if parts.scheme.lower() != "file":
        return Path(url).expanduser().absolute(), ""
    system = parse_qs(parts.query).get(SYSTEM_PARAM, [""])[0]
    return Path(unquote(parts.netloc + parts.path)).expanduser().absolute(), system


class FileConnector(Connector):
    """Discovers files under a directory (or one file) on a local or mounted file system."""

    def __init__(self, url: str, *, options: ConnectorOptions) -> None:
        super().__init__(url, options=options)
        self.root, self.system_hint = root_of(url)

    def describe(self) -> str:
        """``file://`` and the absolute root: file URLs carry no credentials to mask."""
        return f"file://{self.root.as_posix()}"

    def discover(
        self, report: ScanReport, progress: Progress | None = None
    ) -> Iterator[DiscoveredAsset]:
        """Yield one asset per file (one per sheet for workbooks), in walk order."""
        if not self.root.exists():
            raise ConnectorError(f"{self.describe()}: no such file or directory")
        for path in self._walk(report):
            name = self._name(path)
            if progress is not None:
                progress(name)
            yield from self._scan_file(path, name, report)

    def _name(self, path: Path) -> str:
        if path == self.root:
            return path.name
        return path.relative_to(self.root).as_posix()

    def _walk(self, report: ScanReport) -> Iterator[Path]:
        if self.root.is_file():
            yield self.root
        else:
            yield from self._walk_directory(self.root, report)

    def _walk_directory(self, directory: Path, report: ScanReport) -> Iterator[Path]:
        try:
            with os.scandir(directory) as listing:
                entries = sorted(listing, key=lambda entry: entry.name)
        except OSError as exc:
            report.fail(self._name(directory), f"cannot list directory: {exc.strerror or exc}")
            return
        for entry in entries:
            path = Path(entry.path)
            if entry.is_symlink():
                self._note_symlink(path, report)
            elif entry.is_dir(follow_symlinks=False):
                yield from self._walk_directory(path, report)
            elif entry.is_file(follow_symlinks=False):
                yield path
            else:
                report.warn(
                    self._name(path), "not a regular file (device, socket or pipe); skipped"
                )

    def _note_symlink(self, path: Path, report: ScanReport) -> None:
        target = path.resolve()
        if not target.exists():
            report.warn(self._name(path), "broken symbolic link; skipped")
        elif not target.is_relative_to(self.root.resolve()):
            report.warn(self._name(path), "symbolic link leaves the scanned root; not followed")

    def _scan_file(self, path: Path, name: str, report: ScanReport) -> list[DiscoveredAsset]:
        report.assets_seen += 1
        try:
            size = path.stat().st_size
            if size > self.options.max_file_bytes:
                return [self._oversized(path, name, size, report)]
            probe = Probe.read(path, size, max_zip_members=self.options.archive.max_members)
            fmt = sniff_format(probe)
            contents = read_contents(fmt, probe, self._context(name, report))
        except ConnectorError as exc:
            report.fail(name, str(exc))
            return []
        except OSError as exc:
            report.fail(name, f"cannot read: {exc.strerror or exc}")
            return []
        report.assets_read += 1
        report.bytes_read += size
        return [self._asset(name, size, fmt.name, content, report) for content in contents]

    def _context(self, name: str, report: ScanReport) -> ReadContext:
        def warn(message: str) -> None:
            report.warn(name, message)

        return ReadContext(
            sample_size=self.options.sample_size,
            seed=self.options.seed,
            warn=warn,
            archive=self.options.archive,
            cell_limit=self.options.max_sheet_cells,
            page_limit=self.options.max_pdf_page_bytes,
        )

    def _oversized(self, path: Path, name: str, size: int, report: ScanReport) -> DiscoveredAsset:
        limit = self.options.max_file_bytes
        report.warn(name, f"{size} bytes exceeds the {limit}-byte limit; recorded, not read")
        guessed = format_for_extension(suffix_of(path))
        content = FileContent(metadata={"skipped": "size limit"})
        return self._asset(name, size, guessed.name if guessed else "", content, report)

    def _asset(
        self, name: str, size: int, file_format: str, content: FileContent, report: ScanReport
    ) -> DiscoveredAsset:
        report.values_sampled += sum(len(column.values) for column in content.columns)
        return DiscoveredAsset(
            source=self.describe(),
            name=f"{name}#{content.part}" if content.part else name,
            kind=AssetKind.FILE,
            rows=content.rows,
            rows_exact=content.rows_exact,
            size_bytes=size,
            system_hint=self.system_hint,
            file_format=file_format,
            columns=content.columns,
            text=content.text,
            metadata=content.metadata,
        )
