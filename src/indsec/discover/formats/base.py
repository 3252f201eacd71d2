"""The file-format extension point: each format detects itself in a probe and reads its files.

Formats are registered by name in :data:`FORMATS`; the sniffer asks every one of them how sure it
is that a probe is theirs and takes the surest, so adding a format never means editing a chain
of conditions. Content decides; the file extension only breaks ties between equally plausible
formats, because exports on plant shares are often misnamed.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from enum import IntEnum
from typing import ClassVar, TypeVar

from indsec.discover.formats.archive import ArchiveLimits, check_package
from indsec.discover.formats.probe import ZIP_MAGIC, Probe
from indsec.errors import ConnectorError
from indsec.model import SampledColumn
from indsec.plugins import Registry, instance_of
from indsec.settings import DEFAULTS

DEFAULT_TEXT_LIMIT = 2 * 1024 * 1024
DEFAULT_CELL_LIMIT = DEFAULTS.max_sheet_cells
DEFAULT_PAGE_LIMIT = DEFAULTS.max_pdf_page_bytes
DEFAULT_SCAN_ROWS = DEFAULTS.max_scan_rows
DEFAULT_MAX_COLUMNS = DEFAULTS.max_columns
C = TypeVar("C")
_MAX_REASON_CHARS = 300


class Confidence(IntEnum):
    """How sure a format is that a probe belongs to it."""

    NONE = 0
    PLAUSIBLE = 1  # content is compatible; the extension or priority decides
    CERTAIN = 2  # magic bytes or unmistakable markers


@dataclass(slots=True)
class FileContent:
    """What a reader extracted from a file, or from one part of it (an XLSX sheet).

    Attributes:
        part: empty for the whole file, else the part's name (becomes ``path#part``).
        rows_exact: False when ``rows`` is an estimate (reading stopped at a bound).
    """

    part: str = ""
    columns: list[SampledColumn] = field(default_factory=list)
    text: str = ""
    rows: int | None = None
    metadata: dict[str, str] = field(default_factory=dict)
    rows_exact: bool = True


@dataclass(frozen=True, slots=True)
class ReadContext:
    """Limits for one read, and where the reader sends non-fatal warnings.

    Attributes:
        text_limit: bytes read from text files, characters kept from extracted text, and the
            longest line of a delimited file that is held in memory.
        max_columns: columns read per file (or sheet); the rest are left, with a warning.
        warn: records a warning located at the file being read.
        archive: what a ZIP package may unpack to.
        cell_limit: cells read from one worksheet before sampling stops (see ``BoundedRows``).
        page_limit: unpacked bytes of a PDF page's content above which its text is not read.
        scan_rows: rows a reader that can pick where to read (Parquet) reads for its sample.
    """

    sample_size: int
    seed: int
    warn: Callable[[str], None]
    text_limit: int = DEFAULT_TEXT_LIMIT
    archive: ArchiveLimits = field(default_factory=ArchiveLimits)
    cell_limit: int = DEFAULT_CELL_LIMIT
    page_limit: int = DEFAULT_PAGE_LIMIT
    max_columns: int = DEFAULT_MAX_COLUMNS
    scan_rows: int = DEFAULT_SCAN_ROWS

    def bound_columns(self, columns: Sequence[C]) -> list[C]:
        """The first ``max_columns`` of ``columns``, with a warning when some are left."""
        if len(columns) > self.max_columns:
            self.warn(f"only the first {self.max_columns} of {len(columns)} columns read")
        return list(columns[: self.max_columns])


class FileFormat(ABC):
    """One file format: how to recognise it and how to read it.

    Attributes:
        name: the ``file_format`` of assets read by this format.
        extensions: lower-case extensions that hint at this format.
        priority: lower goes first when two formats are equally sure and the extension does not
            decide (specific formats before generic text).
    """

    name: ClassVar[str]
    extensions: ClassVar[frozenset[str]] = frozenset()
    priority: ClassVar[int] = 50

    @abstractmethod
    def detect(self, probe: Probe) -> Confidence:
        """How sure this format is that ``probe`` is one of its files."""

    @abstractmethod
    def read(self, probe: Probe, context: ReadContext) -> list[FileContent]:
        """Extract columns or text; raise :class:`ConnectorError` if the file is unreadable."""


class OfficePackageFormat(FileFormat):
    """An Office Open XML package (DOCX, XLSX): a ZIP told apart by its main part.

    Its parts are unpacked only after the package passed :func:`check_package`.
    """

    main_part: ClassVar[str]

    def read(self, probe: Probe, context: ReadContext) -> list[FileContent]:
        """Refuse a bomb-like package, else :meth:`read_package`."""
        with probe.open() as handle:
            check_package(handle, context.archive)
        return self.read_package(probe, context)

    @abstractmethod
    def read_package(self, probe: Probe, context: ReadContext) -> list[FileContent]:
        """Extract the package's content; its unpacked sizes are within bounds."""

    def detect(self, probe: Probe) -> Confidence:
        """Certain for a ZIP with the main part; plausible if damaged but named as ours."""
        if probe.has_zip_part(self.main_part):
            return Confidence.CERTAIN
        named = probe.suffix in self.extensions
        if named and probe.head.startswith(ZIP_MAGIC) and probe.zip_names is None:
            return Confidence.PLAUSIBLE  # a damaged container under our name: fail as ours
        return Confidence.NONE


FORMATS: Registry[FileFormat] = Registry(
    "file formats",
    entry_point_group="indsec.file_formats",
    accepts=instance_of(FileFormat),
    builtin_modules=[
        "indsec.discover.formats.binary",
        "indsec.discover.formats.config",
        "indsec.discover.formats.delimited",
        "indsec.discover.formats.docx_text",
        "indsec.discover.formats.dxf",
        "indsec.discover.formats.gcode",
        "indsec.discover.formats.json_data",
        "indsec.discover.formats.parquet",
        "indsec.discover.formats.pdf",
        "indsec.discover.formats.plcopen",
        "indsec.discover.formats.structured_text",
        "indsec.discover.formats.text",
        "indsec.discover.formats.xlsx",
    ],
)

F = TypeVar("F", bound=type[FileFormat])


def register_format(cls: F) -> F:
    """Class decorator: register one instance of ``cls`` under its ``name``."""
    FORMATS.register(cls.name, cls())
    return cls


def _formats() -> list[FileFormat]:
    return sorted((FORMATS.get(name) for name in FORMATS.names()), key=lambda f: f.priority)


def sniff_format(probe: Probe) -> FileFormat:
    """The format ``probe`` most surely belongs to.

    The surest format wins. Between merely plausible formats the extension decides; between
    certain ones the more specific format (lower priority) does, so a ``.csv`` file that really
    holds JSON lines is read as JSON lines.
    """
    best, best_key = None, (Confidence.NONE, False, 0)
    for fmt in _formats():
        confidence = fmt.detect(probe)
        key = (
            confidence,
            confidence is Confidence.PLAUSIBLE and probe.suffix in fmt.extensions,
            -fmt.priority,
        )
        if confidence is not Confidence.NONE and (best is None or key > best_key):
            best, best_key = fmt, key
    if best is None:
        raise ConnectorError("no file format accepts this content")
    return best


def format_for_extension(suffix: str) -> FileFormat | None:
    """The format an extension names, used when a file is not opened (size limit)."""
    return next((fmt for fmt in _formats() if suffix in fmt.extensions), None)


def read_contents(fmt: FileFormat, probe: Probe, context: ReadContext) -> list[FileContent]:
    """Run ``fmt``'s reader, turning any parser failure into a :class:`ConnectorError`.

    Parsers of XLSX, PDF, DOCX, Parquet and DXF raise a wide, undocumented range of exceptions on
    corrupt input (``KeyError`` from a ZIP, ``IndexError`` from a broken xref...). One corrupt
    file must not end the walk, so this is the single place that converts them all, keeping
    the system's ``OSError`` apart so permission problems are reported as such. An ``OSError``
    without an errno is a library's word for bad content (pyarrow on a corrupt page, openpyxl
    without a workbook part, ezdxf on a non-drawing), so it is converted too.
    """
    try:
        return fmt.read(probe, context)
    except ConnectorError:
        raise
    except OSError as exc:
        if exc.errno is not None:
            raise
        raise _unreadable(fmt, exc) from exc
    except Exception as exc:  # the parser boundary: see the docstring
        raise _unreadable(fmt, exc) from exc


def _unreadable(fmt: FileFormat, exc: Exception) -> ConnectorError:
    reason = f"{type(exc).__name__}: {exc}"[:_MAX_REASON_CHARS]
    return ConnectorError(f"unreadable {fmt.name} file ({reason})")
