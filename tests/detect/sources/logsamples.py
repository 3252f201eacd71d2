"""Where the sample logs live and the plant zone the tests read them in."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from zoneinfo import ZoneInfo

from indsec.detect.sources.pipeline_reader import PipelineReader
from indsec.model.event import Event
from indsec.model.source import ScanReport

LOGS = Path(__file__).resolve().parents[2] / "files" / "logs"
SHANGHAI = ZoneInfo("Asia/Shanghai")

ReadEvents = Callable[[type[PipelineReader], Path], tuple[list[Event], ScanReport]]
