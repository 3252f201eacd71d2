"""Detection benchmark: indsec's Sigma engine against the Zircolite method, on one corpus.

Zircolite, the Python peer, converts every Sigma rule to SQL with pySigma's SQLite backend,
loads the flattened events into an in-memory SQLite table and runs each query. This script
builds one corpus of normalised events (see ``detect_corpus``), gives it to both methods, and
prints events/s for each, their ratio, the end-to-end JSON-lines rate per core, peak memory
over a 1 M event stream, and whether the two alert sets {(rule id, event origin)} are
identical; when they are not, every differing rule with one example each way. The JSON-lines
rate is the median of a few cold runs, each in a fresh process, and every run is printed: on
a shared VM one run can be off by a fifth either way.

Both sides get the same logsource scoping: Zircolite adds each rule's logsource as
Channel/EventID conditions (through pySigma pipelines); here the conditions come from the
engine's own logsource pack, so any difference is about matching, not routing. Rules one side
cannot run are excluded from both and counted. Rules load with the default site policy, as the
detection service loads them for a plant without a ``[site]`` table, so placeholder rules load.
Run ``python benchmarks/detect_bench.py -h`` for the options.
"""

from __future__ import annotations

import argparse
import copy
import gc
import itertools
import json
import multiprocessing
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

if __package__ in (None, ""):  # run as a script: make the ``benchmarks`` package importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sigma.collection import SigmaCollection
from sigma.correlations import SigmaCorrelationRule
from sigma.exceptions import SigmaError
from sigma.filters import SigmaFilter
from sigma.rule import SigmaDetection, SigmaRule

from benchmarks.detect_corpus import CorpusPlan, build_corpus, read_regression_events, write_jsonl
from benchmarks.detect_zircolite import ZircoliteTable, sqlite_backend, zircolite_queries
from indsec.detect.heap import long_lived_frozen
from indsec.detect.sources.jsonl import JsonLinesReader
from indsec.detect.sources.pipeline import LogPipeline
from indsec.model import SitePolicy
from indsec.model.event import Event
from indsec.model.source import ScanReport
from indsec.rules.pack import BUILTIN_SIGMA_RULES
from indsec.sigma import SigmaEngine, prefilter
from indsec.sigma.logsource_pack import builtin_windows_pack
from indsec.sigma.match import RuleRef
from indsec.sigma.parse import load_rule_files
from indsec.sigma.router import LogsourceRouter
from indsec.sigma.unsupported import UnsupportedFeatureError
from indsec.sigma.view import EventView

REPO = Path(__file__).resolve().parent.parent
SIGMAHQ = REPO.parent / "shared" / "data" / "sigmahq"
SCENARIO_RULES = BUILTIN_SIGMA_RULES
TARGET_RATIO = 10.0
TARGET_PER_CORE = 50_000
TARGET_RSS_BYTES = 1 << 30

LAUNCHER = (
    "import resource, subprocess, sys; subprocess.run(sys.argv[1:], check=True); "
    "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
)
"""Runs a command and prints its peak RSS in KiB (Linux); small, so it does not inflate it."""

Alerts = set[tuple[str, str]]


@dataclass
class RuleSet:
    """The rules of both sides, and which of them are compared."""

    engine: SigmaEngine
    queries: dict[str, list[str]] = field(default_factory=dict)
    titles: dict[str, str] = field(default_factory=dict)
    reads: dict[str, set[str]] = field(default_factory=dict)
    unconvertible: dict[str, str] = field(default_factory=dict)
    correlations: int = 0
    correlations_sql: int = 0
    correlated: set[str] = field(default_factory=set)
    seconds: float = 0.0

    @property
    def compared(self) -> frozenset[str]:
        """Detection rules both sides run, except those a correlation consumes."""
        return frozenset(self.queries) - self.correlated

    @property
    def read_fields(self) -> frozenset[str]:
        """Every field a rule the engine runs reads: replays must keep these as they are."""
        return frozenset(name for names in self.reads.values() for name in names)


def load_rules(paths: list[Path]) -> RuleSet:
    """Load the engine, then convert each rule it runs the way Zircolite does."""
    started = time.perf_counter()
    rules = RuleSet(load_engine(paths))
    rules.seconds = time.perf_counter() - started
    runs = {ref.id for ref in rules.engine.rules}
    router = LogsourceRouter(builtin_windows_pack())
    for item in load_rule_files(paths).rules:
        ref = RuleRef.of(item.rule, item.where)
        rules.titles[ref.id] = ref.title
        if isinstance(item.rule, SigmaCorrelationRule):
            _count_correlation(item.rule, rules)
        elif ref.id in runs and isinstance(item.rule, SigmaRule):
            rules.reads[ref.id] = fields_read_by(item.rule)
            try:
                rules.queries[ref.id] = zircolite_queries(item.rule, router)
            except (SigmaError, NotImplementedError, UnsupportedFeatureError) as exc:
                rules.unconvertible[ref.id] = f"{type(exc).__name__}: {exc}"
    return rules


def _count_correlation(correlation: SigmaCorrelationRule, rules: RuleSet) -> None:
    """Correlations are counted, not compared; the rules they correlate leave the comparison."""
    rules.correlations += 1
    members = [reference.rule for reference in correlation.rules or []]
    rules.correlated |= {RuleRef.of(rule, "").id for rule in members}
    try:  # the backend converts a correlation together with the rules it names
        copies: list[SigmaRule | SigmaCorrelationRule | SigmaFilter] = copy.deepcopy(
            [*members, correlation]
        )
        sqlite_backend(None).convert(SigmaCollection(copies, resolve_references=False))
    except (SigmaError, NotImplementedError):
        return
    rules.correlations_sql += 1


def fields_read_by(rule: SigmaRule) -> set[str]:
    """Every field name a rule's detections test."""
    names: set[str] = set()
    pending = list(rule.detection.detections.values())
    while pending:
        for item in pending.pop().detection_items:
            if isinstance(item, SigmaDetection):
                pending.append(item)
            elif item.field is not None:
                names.add(item.field)
    return names


@dataclass
class Run:
    """One method's pass over some events: its alerts and how long it took."""

    events: int
    seconds: float
    alerts: Alerts = field(default_factory=set)
    load_seconds: float = 0.0

    @property
    def rate(self) -> float:
        return self.events / max(self.seconds + self.load_seconds, 1e-9)


def detection_alerts(engine: SigmaEngine, events: Iterable[Event]) -> Iterable[tuple[str, str]]:
    """(rule id, origin) of each detection-rule match (correlations span worker shares)."""
    for match in engine.process(events):
        if match.rule.kind == "detection":
            yield match.rule.id, match.origin


def run_indsec(engine: SigmaEngine, events: Sequence[Event]) -> Run:
    """Match the corpus with the engine, collecting {(rule id, origin)}."""
    started = time.perf_counter()
    alerts = set(detection_alerts(engine, events))
    return Run(len(events), time.perf_counter() - started, alerts)


def run_zircolite(rules: RuleSet, events: Sequence[Event]) -> tuple[Run, ZircoliteTable]:
    """Load the events into SQLite, run every compared rule's queries, collect the alerts."""
    started = time.perf_counter()
    table = ZircoliteTable()
    table.load(events)
    loaded = time.perf_counter()
    alerts: Alerts = set()
    for rule_id in sorted(rules.compared):
        for query in rules.queries[rule_id]:
            alerts.update((rule_id, events[row].origin) for row in table.rows(query))
    finished = time.perf_counter()
    return Run(len(events), finished - loaded, alerts, loaded - started), table


_SHARED: dict[str, Any] = {}
"""The engine and corpus a forked worker inherits (fork shares them without pickling)."""


def _match_share(bounds: tuple[int, int]) -> tuple[int, int]:
    engine: SigmaEngine = _SHARED["engine"]
    events: list[Event] = _SHARED["events"][bounds[0] : bounds[1]]
    return digest(detection_alerts(engine, events))


def digest(alerts: Iterable[tuple[str, str]]) -> tuple[int, int]:
    """Count and an order-free hash of an alert set, to compare parallel and serial runs."""
    count, total = 0, 0
    for alert in alerts:
        count, total = count + 1, (total + hash(alert)) & (1 << 64) - 1
    return count, total


def run_parallel(
    engine: SigmaEngine, events: list[Event], workers: int
) -> tuple[float, tuple[int, int]]:
    """Seconds for ``workers`` forked processes to match contiguous shares of the corpus."""
    _SHARED.update(engine=engine, events=events)
    cuts = [len(events) * i // workers for i in range(workers + 1)]
    # frozen, the collector neither walks nor writes to (and so copies) the inherited pages
    with long_lived_frozen(), multiprocessing.get_context("fork").Pool(workers) as pool:
        started = time.perf_counter()
        parts = pool.map(_match_share, list(itertools.pairwise(cuts)), chunksize=1)
        seconds = time.perf_counter() - started
    _SHARED.clear()
    return seconds, (sum(c for c, _ in parts), sum(h for _, h in parts) & (1 << 64) - 1)


@dataclass
class StreamRun:
    """The JSON-lines pass of the child process: reading alone, then reading and matching."""

    lines: int
    events: int
    windows: int
    read_seconds: float
    match_seconds: float
    warm_seconds: float
    prefilter_seconds: float
    no_memo_seconds: float
    alerts: int
    max_rss_bytes: int = 0
    cold_seconds: list[float] = field(default_factory=list)
    """Read + match with a cold engine, once per fresh process (the first is ``match_seconds``)."""
    cold_alerts: list[int] = field(default_factory=list)

    @property
    def cold_rate(self) -> float:
        """Events per second of the median cold run: one run on a shared VM can be off by a
        fifth either way, and the median of a few is not."""
        return self.events / statistics.median(self.cold_seconds)


def measure_stream(events: Sequence[Event], options: argparse.Namespace) -> StreamRun:
    """Write the corpus as JSON lines and run reader + engine over them in a child process.

    Peak memory is the child's ``ru_maxrss`` through ``RUSAGE_CHILDREN``, read by a small
    launcher process: Linux starts a child's high-water mark at its parent's size when it
    forks and execs, so read from here it would include this process's corpus.
    """
    with tempfile.TemporaryDirectory(prefix="detect-bench-") as tmp:
        path = Path(tmp) / "stream.jsonl"
        write_jsonl(events, path, options.stream_events)
        figures, max_rss_bytes = _stream_child_run(path, options, "--stream-child")
        run = StreamRun(options.stream_events, **figures, max_rss_bytes=max_rss_bytes)
        run.cold_seconds, run.cold_alerts = [run.match_seconds], [run.alerts]
        for _ in range(options.cold_runs - 1):
            cold, _ = _stream_child_run(path, options, "--stream-child-cold")
            run.cold_seconds.append(cold["match_seconds"])
            run.cold_alerts.append(cold["alerts"])
    return run


def _stream_child_run(
    path: Path, options: argparse.Namespace, mode: str
) -> tuple[dict[str, Any], int]:
    """Run a child in ``mode`` on ``path``: its figures, and its peak RSS in bytes."""
    command = [sys.executable, "-c", LAUNCHER, sys.executable, str(Path(__file__).resolve())]
    command += [mode, str(path)]
    command += [arg for rule in options.rules for arg in ("--rules", str(rule))]
    command += ["--pipelines", str(options.pipelines)] if options.pipelines else []
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"the JSON-lines child failed:\n{done.stderr[-3000:]}")
    *_, figures, max_rss_kib = done.stdout.splitlines()
    return json.loads(figures), int(max_rss_kib) * 1024


def stream_child_cold(path: Path, rule_paths: list[Path], pipelines: Path | None) -> None:
    """Entry of a child that only repeats the cold pass (reader + a freshly loaded engine)."""
    engine, reader = load_engine(rule_paths), jsonl_reader(pipelines)
    for _ in reader.read(path, ScanReport()):  # as the first child: the file is in page cache
        pass
    with long_lived_frozen():
        seconds, alerts = timed_alerts(engine, reader, path)
    print(json.dumps({"match_seconds": seconds, "alerts": alerts}))


def load_engine(rule_paths: list[Path]) -> SigmaEngine:
    """The rules as the detection service loads them for a plant without a ``[site]`` table."""
    return SigmaEngine.from_paths(rule_paths, policy=SitePolicy().placeholders())


def jsonl_reader(pipelines: Path | None) -> JsonLinesReader:
    """The JSON-lines reader, with ``pipelines`` overriding the builtin packs."""
    pipeline = LogPipeline.for_reader("jsonl", extra_dirs=[pipelines] if pipelines else [])
    return JsonLinesReader(pipeline=pipeline)


def timed_alerts(engine: SigmaEngine, reader: JsonLinesReader, path: Path) -> tuple[float, int]:
    """Seconds to read and match ``path``, and the detection alerts found."""
    started = time.perf_counter()
    alerts = sum(1 for _ in detection_alerts(engine, reader.read(path, ScanReport())))
    return time.perf_counter() - started, alerts


def stream_child(path: Path, rule_paths: list[Path], pipelines: Path | None) -> None:
    """Entry of the child: time the JSON-lines reader alone; reader + engine, first with the
    engine cold (rules routed to an event kind compile when it first occurs, and each group
    learns its needs), then warm; for the breakdown, reader + routing + prefilter without
    evaluation; and reader + a fresh engine whose prefilter remembers no field values."""
    engine, reader = load_engine(rule_paths), jsonl_reader(pipelines)
    with long_lived_frozen():  # as `indsec detect run` matches
        started = time.perf_counter()
        count = windows = 0
        for event in reader.read(path, ScanReport()):
            count += 1
            windows += event.logsource.product == "windows"
        read = time.perf_counter()
        cold_seconds, alerts = timed_alerts(engine, reader, path)
        warm_seconds, _ = timed_alerts(engine, reader, path)
        prefiltering = time.perf_counter()
        for event in reader.read(path, ScanReport()):
            engine.routed(event).candidates(EventView(event))
        prefiltered = time.perf_counter()
    del engine  # and collected before its successor loads: peak memory holds one engine
    gc.collect()
    prefilter.MEMO_ENTRIES = 0  # the cold pass again with the field-value memo off
    forgetful = load_engine(rule_paths)
    with long_lived_frozen():
        no_memo_seconds, _ = timed_alerts(forgetful, reader, path)
    seconds = {
        "read_seconds": read - started,
        "match_seconds": cold_seconds,
        "warm_seconds": warm_seconds,
        "prefilter_seconds": prefiltered - prefiltering,
        "no_memo_seconds": no_memo_seconds,
    }
    print(json.dumps({"events": count, "windows": windows, "alerts": alerts, **seconds}))


def expected_stream_alerts(events: Sequence[Event], lines: int, alerts: Alerts) -> int:
    """Alerts the JSON-lines pass must find if the reader gives the events matched in memory."""
    per_event = Counter(origin for _, origin in alerts)
    cycles, rest = divmod(lines, len(events))
    return cycles * len(alerts) + sum(per_event[event.origin] for event in events[:rest])


@dataclass
class Difference:
    """One rule whose alerts differ: origins only indsec reported, and only Zircolite."""

    rule_id: str
    only_indsec: list[str]
    only_zircolite: list[str]


def compare(indsec: Alerts, zircolite: Alerts) -> list[Difference]:
    """Per rule, the alerts one side has and the other lacks."""
    sides: dict[str, tuple[set[str], set[str]]] = defaultdict(lambda: (set(), set()))
    for rule_id, origin in indsec ^ zircolite:
        sides[rule_id][(rule_id, origin) in zircolite].add(origin)
    return [Difference(r, sorted(a), sorted(b)) for r, (a, b) in sorted(sides.items())]


@dataclass
class Outcome:
    """Everything one benchmark run measured."""

    rules: RuleSet
    indsec: Run
    parallel_seconds: float
    parallel_agrees: bool
    zircolite: Run
    stream: StreamRun
    stream_expected: int
    compared_alerts: int
    added_columns: int
    differences: list[Difference]


def run_benchmark(options: argparse.Namespace) -> Outcome:
    """The whole benchmark, printed as it goes; returns what it measured."""
    rules = load_rules(options.rules)
    corpus = make_corpus(options, rules)
    print_rules(rules)
    stream = measure_stream(corpus, options)
    with long_lived_frozen():  # the collector walks neither the rules nor the corpus
        indsec = run_indsec(rules.engine, corpus)
    parallel, parallel_digest = run_parallel(rules.engine, corpus, options.workers)
    subset = corpus[: options.zircolite_events]
    with long_lived_frozen():
        zircolite, table = run_zircolite(rules, subset)
    origins = {event.origin for event in subset}
    mine = {a for a in indsec.alerts if a[0] in rules.compared and a[1] in origins}
    expected = expected_stream_alerts(corpus, stream.lines, indsec.alerts)
    agrees = parallel_digest == digest(indsec.alerts)
    differences = compare(mine, zircolite.alerts)
    outcome = Outcome(
        rules,
        indsec,
        parallel,
        agrees,
        zircolite,
        stream,
        expected,
        len(mine),
        len(table.added),
        differences,
    )
    print_rates(outcome, options.workers)
    print_stream(outcome)
    print_differences(outcome, subset)
    return outcome


def make_corpus(options: argparse.Namespace, rules: RuleSet) -> list[Event]:
    """The corpus; replays vary only fields that no loaded rule reads."""
    base, problems = read_regression_events(options.regression)
    plan = CorpusPlan(options.events, options.replay_share, options.seed)
    corpus = build_corpus(base, plan, read_by_rules=rules.read_fields)
    print(
        f"corpus: {len(corpus.events):,} events = {corpus.replayed:,} replays of "
        f"{corpus.regression_events} SigmaHQ regression events ({len(problems)} read problems) "
        f"+ {corpus.generated:,} generated; replays vary {', '.join(corpus.varied_fields)}"
    )
    return corpus.events


def print_rules(rules: RuleSet) -> None:
    engine, unconvertible = rules.engine, Counter(rules.unconvertible.values())
    print(
        f"rules: {len(engine.rules) + len(engine.unsupported)} from {engine.files} files in "
        f"{rules.seconds:.1f} s ({len(engine.problems)} invalid); excluded from both sides: "
        f"{len(engine.unsupported)} unsupported by indsec, {len(rules.unconvertible)} by the "
        "sqlite backend"
    )
    for reason, count in unconvertible.most_common():
        print(f"  sqlite backend, {count} rule(s): {reason[:120]}")
    print(
        f"correlation rules, counted apart: {rules.correlations} "
        f"({rules.correlations_sql} convertible by the sqlite backend; the "
        f"{len(rules.correlated & set(rules.queries))} rules they correlate are not compared)"
    )
    unrouted = sum(1 for rule_id in rules.compared if not rules.queries[rule_id])
    print(f"rules compared: {len(rules.compared)} ({unrouted} route to no Windows event)")


def _rate(value: float) -> str:
    return f"{value:,.0f} events/s"


def _verdict(ok: bool) -> str:
    return "met" if ok else "MISSED"


def print_rates(outcome: Outcome, workers: int) -> None:
    indsec, zircolite = outcome.indsec, outcome.zircolite
    ratio, parallel = indsec.rate / zircolite.rate, indsec.events / outcome.parallel_seconds
    scope = (
        "the same events"
        if zircolite.events == indsec.events
        else (f"the first {zircolite.events:,} events (a per-event rate, extrapolated)")
    )
    print(
        f"indsec, 1 process: {_rate(indsec.rate)} ({indsec.events:,} events, "
        f"{indsec.seconds:.1f} s)"
    )
    print(
        f"indsec, {workers} processes: {_rate(parallel)} = {_rate(parallel / workers)} per core"
        + ("" if outcome.parallel_agrees else "; WARNING: alerts differ from 1 process")
    )
    print(
        f"zircolite method, on {scope}: {_rate(zircolite.rate)} (load "
        f"{zircolite.load_seconds:.1f} s + queries {zircolite.seconds:.1f} s; queries alone "
        f"{_rate(zircolite.events / zircolite.seconds)})"
    )
    print(
        f"ratio indsec / zircolite: {ratio:.1f}x (target >= {TARGET_RATIO:.0f}x: "
        f"{_verdict(ratio >= TARGET_RATIO)})"
    )


def print_stream(outcome: Outcome) -> None:
    stream = outcome.stream
    per_core, rss = stream.cold_rate, stream.max_rss_bytes
    runs = " / ".join(f"{stream.events / seconds:,.0f}" for seconds in stream.cold_seconds)
    print(
        f"JSON lines, 1 process, {stream.lines:,} lines: read alone "
        f"{_rate(stream.events / stream.read_seconds)}; read + match, engine cold, "
        f"{_rate(per_core)} per core (target >= {TARGET_PER_CORE:,}: "
        f"{_verdict(per_core >= TARGET_PER_CORE)}); {stream.alerts:,} alerts "
        f"({outcome.stream_expected:,} from the same events in memory)"
    )
    print(
        f"  that rate is the median of {len(stream.cold_seconds)} cold runs, each in a fresh "
        f"process: {runs} events/s"
    )
    print(
        f"  the same lines again, engine warm (rules compiled, needs learnt): read + match "
        f"{_rate(stream.events / stream.warm_seconds)} per core"
    )
    read, filtered, whole = (
        seconds * 1e6 / stream.events
        for seconds in (stream.read_seconds, stream.prefilter_seconds, stream.warm_seconds)
    )
    print(
        f"  per event, warm: reading {read:.1f} us, routing + prefilter {filtered - read:.1f} us, "
        f"rule evaluation + alerts {whole - filtered:.1f} us; "
        f"{1e6 / TARGET_PER_CORE:.0f} us per event would meet the target"
    )
    print(
        f"  cold, with the prefilter's field-value memo off: read + match "
        f"{_rate(stream.events / stream.no_memo_seconds)} per core (the corpus repeats "
        "values as plant logs do; logs whose values never repeat run at about this rate)"
    )
    if stream.windows < stream.lines:
        print(
            f"  WARNING: the jsonl pipeline gave only {stream.windows:,} of {stream.lines:,} "
            "lines product 'windows'; Windows rules never saw the rest, so this rate is not "
            "comparable (pass a fixed jsonl pack with --pipelines)"
        )
    print(
        f"peak RSS of that pass: {rss / (1 << 20):,.0f} MiB "
        f"(target < 1 GiB: {_verdict(rss < TARGET_RSS_BYTES)})"
    )


def print_differences(outcome: Outcome, events: Sequence[Event]) -> None:
    print(
        f"alerts compared on {len(events):,} events: {outcome.compared_alerts:,} indsec, "
        f"{len(outcome.zircolite.alerts):,} zircolite ({outcome.added_columns} SQL columns "
        "added for fields no event has; Zircolite would fail those queries)"
    )
    print(f"alert sets: {'DIFFERENT' if outcome.differences else 'IDENTICAL'}")
    by_origin = {event.origin: event for event in events} if outcome.differences else {}
    for diff in outcome.differences:
        print(
            f"  {diff.rule_id} {outcome.rules.titles.get(diff.rule_id, '')!r}: only indsec "
            f"{len(diff.only_indsec)}, only zircolite {len(diff.only_zircolite)}"
        )
        for side, origins in (("indsec", diff.only_indsec), ("zircolite", diff.only_zircolite)):
            if origins:
                fields = by_origin[origins[0]].fields
                shown = {f: fields.get(f) for f in sorted(outcome.rules.reads[diff.rule_id])}
                print(f"    only {side}, e.g. {origins[0]}: {shown}")


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    """Options; ``--quick`` shrinks every pass for smoke tests."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    add = parser.add_argument
    add("--events", type=int, default=500_000, help="corpus size")
    add("--quick", action="store_true", help="a 4,000-event corpus, for smoke tests")
    add("--replay-share", type=float, default=CorpusPlan(0).replay_share)
    add("--zircolite-events", type=int, default=200_000, help="corpus prefix Zircolite runs on")
    add("--stream-events", type=int, default=1_000_000, help="JSON lines for the RSS pass")
    add("--workers", type=int, default=2)
    add("--seed", type=int, default=CorpusPlan(0).seed)
    add("--rules", type=Path, action="append", help="rule files or directories")
    add("--regression", type=Path, default=SIGMAHQ / "regression_data")
    add("--pipelines", type=Path, help="directory of log_pipeline packs overriding builtin ones")
    add("--cold-runs", type=int, default=3, help="fresh processes timing the cold JSON pass")
    add("--stream-child", type=Path, help=argparse.SUPPRESS)
    add("--stream-child-cold", type=Path, help=argparse.SUPPRESS)
    options = parser.parse_args(argv)
    if options.cold_runs < 1:
        parser.error("--cold-runs must be at least 1")
    if options.rules is None:
        options.rules = [SIGMAHQ / "rules" / "windows"]
        options.rules += [SCENARIO_RULES] if SCENARIO_RULES.is_dir() else []
    if options.quick:
        options.events = options.stream_events = 4_000
        options.cold_runs = min(options.cold_runs, 2)
    options.zircolite_events = min(options.zircolite_events, options.events)
    return options


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark; exit status 1 when the alert sets differ."""
    options = parse_args(argv)
    if options.stream_child is not None:
        stream_child(options.stream_child, options.rules, options.pipelines)
        return 0
    if options.stream_child_cold is not None:
        stream_child_cold(options.stream_child_cold, options.rules, options.pipelines)
        return 0
    return 1 if run_benchmark(options).differences else 0


if __name__ == "__main__":
    sys.exit(main())
