"""File-share connector: walk a directory tree, sniff each file's format, sample what it holds.

The walk is deterministic (sorted, depth first) so two scans of an unchanged share yield the
same assets in the same order, which keeps catalogue diffs meaningful. Symbolic links are never
followed: a link inside the root points at a file the walk reaches anyway, and a link leaving
the root would scan data nobody asked to scan. That holds even when an entry is swapped after
it was listed, because entries are opened through their directory's descriptor without
following links (see :mod:`indsec.discover.share`). Every unreadable, corrupt or oversized file,
and every name that is not UTF-8, is recorded in the report and the walk goes on.
"""

from __future__ import annotations

import errno
import os
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

from indsec.discover.base import CONNECTORS, Connector, ConnectorOptions
from indsec.discover.formats import (
    FileContent,
    Probe,
    ReadContext,
    format_for_extension,
    read_contents,
    sniff_format,
    suffix_of,
)
from indsec.discover.share import (
    Opened,
    SpecialFileError,
    SymlinkEntryError,
    is_decodable,
    listing,
    open_beneath,
    shown,
)
from indsec.errors import ConnectorError
from indsec.model import AssetKind, DiscoveredAsset, Progress, ScanReport

SYSTEM_PARAM = "system"
NOT_REGULAR = "not a regular file (device, socket or pipe); skipped"
_LINK_PROBLEMS = {
    errno.ELOOP: "symbolic link loop; skipped",
    errno.ENOENT: "broken symbolic link; skipped",
}


def _reason(exc: OSError) -> str:
    return exc.strerror or str(exc)


def root_of(url: str) -> tuple[Path, str]:
    """The absolute root directory of ``url`` and its ``?system=`` hint.

    ``file:///abs/dir`` is absolute, ``file://relative/dir`` is relative to the working directory
    (the host part is the first path segment), and anything without a scheme is a plain path.
    """
    parts = urlsplit(url)
    if parts.scheme.lower() != "file":
        return _absolute(url), ""
    system = parse_qs(parts.query).get(SYSTEM_PARAM, [""])[0]
    return _absolute(unquote(parts.netloc + parts.path)), system


def _absolute(path: str) -> Path:
    """``path`` made absolute, ``~`` and ``~user`` expanded; an unknown user is the source's
    problem (``expanduser`` raises a bare RuntimeError for it)."""
    try:
        return Path(path).expanduser().absolute()
    except RuntimeError as exc:
        raise ConnectorError(f"{path}: cannot expand '~': {exc}") from None


@CONNECTORS.decorator("file")
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
        with self._open_root() as root:
            if root.is_directory:
                yield from self._walk(root.descriptor, "", report, progress)
            else:
                if progress is not None:
                    progress(self.root.name)
                yield from self._scan_file(root, self.root.name, report)

    def _open_root(self) -> Opened:
        try:
            return open_beneath(str(self.root), None)
        except FileNotFoundError as exc:
            raise ConnectorError(f"{self.describe()}: no such file or directory") from exc
        except OSError as exc:
            raise ConnectorError(f"{self.describe()}: cannot open: {_reason(exc)}") from exc

    def _walk(
        self, directory: int, prefix: str, report: ScanReport, progress: Progress | None
    ) -> Iterator[DiscoveredAsset]:
        try:
            entries = listing(directory)
        except OSError as exc:
            where = prefix.rstrip("/") or self.root.name
            report.fail(where, f"cannot list directory: {_reason(exc)}")
            return
        for entry in entries:
            name = prefix + entry.name
            if not is_decodable(entry.name):
                report.fail(shown(name), "name is not valid UTF-8 (shown escaped); skipped")
            elif entry.is_symlink():
                self._note_symlink(name, report)
            elif entry.is_dir(follow_symlinks=False) or entry.is_file(follow_symlinks=False):
                yield from self._enter(directory, entry, name, report, progress)
            else:
                report.warn(name, NOT_REGULAR)

    def _enter(
        self,
        directory: int,
        entry: os.DirEntry[str],
        name: str,
        report: ScanReport,
        progress: Progress | None,
    ) -> Iterator[DiscoveredAsset]:
        """Open a listed entry as it is *now* and walk or read what was opened."""
        listed_directory = entry.is_dir(follow_symlinks=False)
        if progress is not None and not listed_directory:
            progress(name)
        try:
            opened = open_beneath(entry.name, directory)
        except SymlinkEntryError:
            self._note_symlink(name, report)
            return
        except SpecialFileError:
            report.warn(name, NOT_REGULAR)
            return
        except OSError as exc:
            action = "cannot list directory" if listed_directory else "cannot read"
            report.fail(name, f"{action}: {_reason(exc)}")
            return
        with opened:
            if opened.is_directory:
                yield from self._walk(opened.descriptor, f"{name}/", report, progress)
            else:
                yield from self._scan_file(opened, name, report)

    def _note_symlink(self, name: str, report: ScanReport) -> None:
        """Warn about a link worth knowing of; links are never followed, whatever they are."""
        try:
            target = os.path.realpath(self.root / name, strict=True)
        except OSError as exc:
            report.warn(name, _LINK_PROBLEMS.get(exc.errno or 0, "broken symbolic link; skipped"))
            return
        if not Path(target).is_relative_to(os.path.realpath(self.root)):
            report.warn(name, "symbolic link leaves the scanned root; not followed")

    def _scan_file(self, opened: Opened, name: str, report: ScanReport) -> list[DiscoveredAsset]:
        report.assets_seen += 1
        size = opened.status.st_size
        if size > self.options.max_file_bytes:
            return [self._oversized(name, size, report)]
        try:
            probe = Probe.read(
                Path(name), opened.descriptor, max_zip_members=self.options.archive.max_members
            )
            fmt = sniff_format(probe)
            context = self._context(name, report)
            contents = read_contents(fmt, probe, context)
        except ConnectorError as exc:
            report.fail(name, str(exc))
            return []
        except OSError as exc:
            report.fail(name, f"cannot read: {_reason(exc)}")
            return []
        report.assets_read += 1
        report.bytes_read += size
        for content in contents:  # for formats whose reader does not bound columns itself
            content.columns = context.bound_columns(content.columns)
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
            max_columns=self.options.max_columns,
            scan_rows=self.options.max_scan_rows,
        )

    def _oversized(self, name: str, size: int, report: ScanReport) -> DiscoveredAsset:
        limit = self.options.max_file_bytes
        report.warn(name, f"{size} bytes exceeds the {limit}-byte limit; recorded, not read")
        guessed = format_for_extension(suffix_of(Path(name)))
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
