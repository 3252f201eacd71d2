"""Detection use cases: run Sigma over log files with grade-aware enrichment, list alerts."""

from __future__ import annotations

import heapq
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path

import indsec.detect.sources.builtin  # noqa: F401  (registers the builtin readers)
from indsec.catalogue.service import catalogue_view, load_rule_packs, open_store
from indsec.detect.alerts import AlertBuilder
from indsec.detect.conformance import ConformanceReport, run_conformance
from indsec.detect.enrich import CatalogueIndex
from indsec.detect.policy import SitePolicy, load_site_policy
from indsec.detect.repository import AlertRepository
from indsec.detect.scenario_pack import ScenarioPack
from indsec.detect.sigma import SigmaEngine
from indsec.detect.sigma.unsupported import UnsupportedRule
from indsec.detect.sources.base import LOG_READERS
from indsec.detect.sources.sniff import sniff_format
from indsec.detect.sources.timezone import PlantClock
from indsec.errors import IndsecError, NotFoundError, Problem
from indsec.model import ScanReport
from indsec.model.alert import Alert
from indsec.model.event import Event
from indsec.settings import Settings

Progress = Callable[[str], None]


@dataclass
class DetectionOutcome:
    """What one detection run read, loaded and found."""

    run_id: int
    events: int = 0
    alerts: list[Alert] = field(default_factory=list)
    report: ScanReport = field(default_factory=ScanReport)
    rules_loaded: int = 0
    unsupported: list[UnsupportedRule] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    catalogue_version: int | None = None


def build_engine(
    *,
    settings: Settings,
    scenarios: ScenarioPack,
    policy: SitePolicy,
    rules: list[Path] | None,
    report: ScanReport,
) -> SigmaEngine:
    """The engine over the given rules, or the scenario pack's (own + curated third-party)."""
    if rules:
        return SigmaEngine.from_paths(rules, policy=policy.placeholders())
    sources = scenarios.rule_sources(settings.sigma_third_party)
    for warning in sources.warnings:
        report.warn("rules", warning)
    for problem in sources.problems:
        report.fail(problem.where, problem.message)
    return SigmaEngine.from_paths(sources.paths, policy=policy.placeholders())


def _catalogue_index(settings: Settings, report: ScanReport) -> tuple[CatalogueIndex, int | None]:
    try:
        version, assets = catalogue_view(settings=settings)
    except NotFoundError:
        report.warn("catalogue", "no catalogue yet: alerts are not grade-aware (run 'indsec scan')")
        return CatalogueIndex.from_assets([]), None
    return CatalogueIndex.from_assets(assets), version.number


def _file_events(
    path: Path, *, fmt: str | None, clock: PlantClock, report: ScanReport
) -> Iterator[Event]:
    try:
        reader = LOG_READERS.get(fmt or sniff_format(path))(clock=clock)
        yield from reader.read(path, report)
    except IndsecError as exc:
        report.fail(str(path), str(exc))


def _event_time(event: Event) -> float:
    return event.timestamp.timestamp() if event.timestamp else float("-inf")


def _events(
    paths: list[Path], *, fmt: str | None, policy: SitePolicy, report: ScanReport
) -> Iterator[Event]:
    """Every file's events merged by time, so correlations see one plant-wide timeline."""
    clock = policy.clock()
    streams = [_file_events(p, fmt=fmt, clock=clock, report=report) for p in paths]
    return heapq.merge(*streams, key=_event_time)


def run_detection(
    *,
    settings: Settings,
    sources: list[Path],
    rules: list[Path] | None = None,
    log_format: str | None = None,
    progress: Progress | None = None,
) -> DetectionOutcome:
    """Read ``sources``, enrich each event from the catalogue, match Sigma, store alerts."""
    advance = progress or (lambda _message: None)
    scenarios: ScenarioPack = load_rule_packs(settings).one("scenarios")
    policy = load_site_policy(settings.config)
    report = ScanReport()
    engine = build_engine(
        settings=settings, scenarios=scenarios, policy=policy, rules=rules, report=report
    )
    index, catalogue_version = _catalogue_index(settings, report)
    builder = AlertBuilder(scenarios=scenarios)
    store = open_store(settings)
    try:
        repository = AlertRepository(store)
        run_id = repository.begin_run(
            sources=[str(p) for p in sources], catalogue_version=catalogue_version
        )
        outcome = DetectionOutcome(
            run_id=run_id,
            report=report,
            rules_loaded=len(engine.rules),
            unsupported=engine.unsupported,
            problems=engine.problems,
            catalogue_version=catalogue_version,
        )

        def prepared() -> Iterator[Event]:
            for event in _events(sources, fmt=log_format, policy=policy, report=report):
                outcome.events += 1
                builder.remember(event, index.enrich(event))
                policy.annotate(event)
                if outcome.events % 5000 == 0:
                    advance(f"events {outcome.events}")
                yield event

        try:
            outcome.alerts = [builder.alert(match) for match in engine.process(prepared())]
            repository.add_alerts(run_id, outcome.alerts)
        except BaseException:
            repository.finish_run(run_id, status="failed", report=_report(outcome))
            raise
        repository.finish_run(run_id, status="complete", report=_report(outcome))
        return outcome
    finally:
        store.close()


def _report(outcome: DetectionOutcome) -> dict[str, object]:
    data = asdict(outcome.report)
    data.pop("limit", None)
    data["events"] = outcome.events
    data["rules_loaded"] = outcome.rules_loaded
    data["unsupported"] = [asdict(u) for u in outcome.unsupported]
    data["problems"] = [str(p) for p in outcome.problems]
    return data


def list_alerts(
    *,
    settings: Settings,
    run_id: int | None = None,
    scenario: str | None = None,
    limit: int = 1000,
) -> list[tuple[int, Alert]]:
    """Alerts of one run (default: the newest complete run)."""
    store = open_store(settings)
    try:
        repository = AlertRepository(store)
        chosen = run_id if run_id is not None else repository.latest_run()
        if chosen is None:
            raise NotFoundError("no detection run yet (run 'indsec detect run LOGFILE…')")
        return repository.alerts(run_id=chosen, scenario=scenario, limit=limit)
    finally:
        store.close()


def show_alert(*, settings: Settings, alert_id: int) -> Alert:
    store = open_store(settings)
    try:
        return AlertRepository(store).alert(alert_id)
    finally:
        store.close()


def sigma_conformance(*, settings: Settings) -> ConformanceReport:
    """The SigmaHQ regression suite, run in place from the third-party data root."""
    sigmahq = settings.sigma_third_party / "sigmahq"
    regression = sigmahq / "regression_data"
    if not regression.is_dir():
        raise NotFoundError(
            f"no SigmaHQ regression data at {regression} (set INDSEC_SIGMA_THIRD_PARTY)"
        )
    roots = sorted(p for p in sigmahq.glob("rules*") if p.is_dir())
    return run_conformance(regression, roots)
