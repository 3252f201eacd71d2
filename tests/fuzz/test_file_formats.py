"""Every file-format reader, fed arbitrary bytes and damaged demo files under every name.

Property: sniffing and reading end in contents within their bounds or a :class:`ConnectorError`
(which the file connector reports for that one file); never another exception, never a hang.
Each example goes through the sniffed format, as a scan would, and through every other reader
too, since a misnamed file reaches readers its content does not match.
"""

from __future__ import annotations

from contextlib import suppress
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from indsec.demo.files import write_file_share
from indsec.demo.world import build_world
from indsec.discover.formats import (
    FORMATS,
    FileContent,
    ReadContext,
    read_contents,
    sniff_format,
)
from indsec.discover.formats.values import MAX_VALUE_CHARS
from indsec.errors import ConnectorError

from ..discover.helpers import probe_of
from .conftest import watchdog
from .mutate import hostile_bytes

pytestmark = pytest.mark.fuzz

TEXT_LIMIT = 16 * 1024
SAMPLE_SIZE = 20
MAX_SAMPLE_BYTES = 128 * 1024
SUFFIXES = sorted({"", *(ext for name in FORMATS.names() for ext in FORMATS.get(name).extensions)})


@pytest.fixture(scope="module")
def samples(tmp_path_factory: pytest.TempPathFactory) -> list[bytes]:
    """The demo share's files (a small world), each a valid example of its format (or broken)."""
    share = tmp_path_factory.mktemp("share")
    write_file_share(share, build_world(3, sensor_rows=20))
    files = sorted(p for p in share.rglob("*") if p.is_file())
    return [p.read_bytes() for p in files if p.stat().st_size <= MAX_SAMPLE_BYTES]


@pytest.fixture(scope="module")
def workdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One directory for every example's file (a fresh name each time)."""
    return tmp_path_factory.mktemp("examples")


def _context() -> ReadContext:
    return ReadContext(sample_size=SAMPLE_SIZE, seed=0, warn=lambda _: None, text_limit=TEXT_LIMIT)


def _check(contents: list[FileContent]) -> None:
    for content in contents:
        assert len(content.text) <= TEXT_LIMIT
        assert all(len(v) <= MAX_VALUE_CHARS for c in content.columns for v in c.values)
        assert all(len(c.values) <= SAMPLE_SIZE for c in content.columns)


def _read_every_way(path: Path) -> int:
    """Read ``path`` as sniffed, then as every format; how many readers ran to an outcome."""
    readers = 0
    with probe_of(path) as probe:
        for fmt in [sniff_format(probe), *map(FORMATS.get, FORMATS.names())]:
            with suppress(ConnectorError):
                _check(read_contents(fmt, probe, _context()))
            readers += 1
    return readers


@given(data=st.data(), suffix=st.sampled_from(SUFFIXES))
def test_readers_report_hostile_files_as_connector_errors(
    samples: list[bytes], workdir: Path, data: st.DataObject, suffix: str
) -> None:
    content = data.draw(hostile_bytes(samples), label="content")
    path = workdir / f"example{suffix}"
    path.write_bytes(content)
    with watchdog():
        assert _read_every_way(path) == len(FORMATS.names()) + 1
