"""Fixtures for the log-source tests: sample logs, a plant clock, and a reader runner."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import pytest
from logsamples import LOGS, SHANGHAI, ReadEvents

from indsec.detect.sources.pipeline_reader import PipelineReader
from indsec.detect.sources.timezone import PlantClock
from indsec.model.event import Event
from indsec.model.source import ScanReport


@pytest.fixture
def clock() -> PlantClock:
    return PlantClock(SHANGHAI)


@pytest.fixture
def read_events(clock: PlantClock) -> ReadEvents:
    """Run a reader over a file with the Shanghai plant clock; events and report."""

    def run(reader: type[PipelineReader], path: Path) -> tuple[list[Event], ScanReport]:
        report = ScanReport()
        events = list(reader(clock=clock).read(path, report))
        return events, report

    return run


@pytest.fixture
def dated_copy(tmp_path: Path) -> Callable[[str, datetime], Path]:
    """A copy of a sample log whose modification time is ``when`` (RFC 3164 has no year)."""

    def copy(name: str, when: datetime) -> Path:
        target = tmp_path / Path(name).name
        shutil.copyfile(LOGS / name, target)
        stamp = when.timestamp()
        os.utime(target, (stamp, stamp))
        return target

    return copy
