"""The parser boundary: a library's errors become a ConnectorError, the system's stay OSError."""

from __future__ import annotations

import errno
from pathlib import Path

import pytest

from indsec.discover.formats import (
    Confidence,
    FileContent,
    FileFormat,
    Probe,
    ReadContext,
    read_contents,
)
from indsec.errors import ConnectorError


class Failing(FileFormat):
    """A format whose reader raises what it is given."""

    name = "failing"

    def __init__(self, error: Exception) -> None:
        self.error = error

    def detect(self, probe: Probe) -> Confidence:
        return Confidence.NONE

    def read(self, probe: Probe, context: ReadContext) -> list[FileContent]:
        raise self.error


def _read(error: Exception) -> list[FileContent]:
    context = ReadContext(sample_size=1, seed=0, warn=lambda _: None)
    return read_contents(Failing(error), Probe(Path("x"), 0, b"", descriptor=-1), context)


@pytest.mark.parametrize(
    "error",
    [OSError("File contains no valid workbook part"), KeyError("word/document.xml")],
)
def test_a_library_error_is_an_unreadable_file(error: Exception) -> None:
    with pytest.raises(ConnectorError, match=r"^unreadable failing file \((OSError|KeyError): "):
        _read(error)


def test_the_systems_refusal_stays_an_os_error() -> None:
    with pytest.raises(PermissionError):
        _read(PermissionError(errno.EACCES, "Permission denied"))
