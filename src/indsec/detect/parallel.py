"""Detection over many log files at once: one worker process per core, one file at a time.

Detection rules look at one event at a time, so files can be read, enriched and matched apart;
only correlations need the plant-wide timeline. Workers therefore return each file's
detections (few, next to the events read) and the parent merges them by time and correlates,
which gives the alerts a single process gives for files written in time order, as logs are.
Processes, not threads: matching is Python code and would hold the interpreter lock.

Workers are spawned rather than forked, so they inherit no open database connection; each
rebuilds the engine from its recipe and the catalogue index from the assets, once.
"""

from __future__ import annotations

import heapq
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from multiprocessing import get_context
from pathlib import Path
from typing import Any

from indsec.detect.enrich import CatalogueIndex
from indsec.detect.heap import freeze_long_lived
from indsec.detect.sources.stream import file_events, time_key
from indsec.detect.sources.timezone import PlantClock
from indsec.errors import DetectionWorkerError
from indsec.model import ClassifiedAsset, SitePolicy
from indsec.model.event import Event
from indsec.model.source import ScanReport
from indsec.sigma import Match, SigmaEngine

Detection = tuple[int, Match]
"""A detection-rule match with the slot of its rule in the engine."""


@dataclass
class FileDetections:
    """What one worker found in one file."""

    path: Path
    events: int = 0
    report: ScanReport = field(default_factory=ScanReport)
    detections: list[Detection] = field(default_factory=list)


@dataclass
class Preparation:
    """What happens to every event before matching: catalogue enrichment, then the policy."""

    index: CatalogueIndex
    policy: SitePolicy
    events: int = 0
    """Events prepared so far."""

    def prepare(self, events: Iterable[Event]) -> Iterator[Event]:
        for event in events:
            self.events += 1
            self.index.enrich(event)
            self.policy.annotate(event)
            yield event


_WORKER: dict[str, Any] = {}
"""The engine and preparation of this worker process, set once by :func:`_start_worker`."""


def _start_worker(engine: SigmaEngine, assets: list[ClassifiedAsset], policy: SitePolicy) -> None:
    _WORKER["engine"] = engine
    _WORKER["preparation"] = Preparation(CatalogueIndex.from_assets(assets), policy)
    freeze_long_lived()


def _detect_file(path: Path, log_format: str | None) -> FileDetections:
    engine: SigmaEngine = _WORKER["engine"]
    preparation: Preparation = _WORKER["preparation"]
    result = FileDetections(path)
    before = preparation.events
    clock = PlantClock(preparation.policy.zone)
    events = file_events(path, log_format=log_format, clock=clock, report=result.report)
    result.detections = list(engine.detections(preparation.prepare(events)))
    result.events = preparation.events - before
    return result


def detection_time(detection: Detection) -> float:
    """Sort key merging detections by time, the same as for the events they come from."""
    return time_key(detection[1].timestamp)


def detect_in_workers(
    paths: list[Path],
    *,
    workers: int,
    engine: SigmaEngine,
    assets: list[ClassifiedAsset],
    policy: SitePolicy,
    log_format: str | None,
    on_file: Callable[[FileDetections], None],
) -> Iterator[Detection]:
    """Every file's detections, matched in ``workers`` processes, merged in time order.

    ``on_file`` hears about each file as its worker finishes (progress, counts, problems).
    """
    results: dict[Path, FileDetections] = {}
    with ProcessPoolExecutor(
        max_workers=workers,
        mp_context=get_context("spawn"),
        initializer=_start_worker,
        initargs=(engine, assets, policy),
    ) as pool:
        pending = [pool.submit(_detect_file, path, log_format) for path in paths]
        try:
            for done in as_completed(pending):
                result = done.result()
                results[result.path] = result
                on_file(result)
        except BrokenProcessPool as exc:  # killed (out of memory, say) or failed to start
            raise DetectionWorkerError(f"a detection worker process died: {exc}") from exc
    streams = [results[path].detections for path in paths]
    return heapq.merge(*streams, key=detection_time)
