"""Classification benchmark: indsec recognizers against Presidio on one labelled corpus.

Run ``python benchmarks/classify_bench.py`` (``--quick`` for a small run). Both engines get the
same regexes and the same validator functions, and Presidio gets the cells already normalised,
so the comparison is about the engines: Hyperscan plus a batch per column against one regex
after another per text. Column names are not used (indsec's context is off), which is fair to
Presidio's structured mode that ignores them anyway.

Throughput is CPU time of this single-threaded process (``time.process_time``), i.e. per core,
best of several passes; wall-clock figures are printed beside it because the machine may be
shared.
"""

from __future__ import annotations

import argparse
import random
import re
import sys
import time
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make the ``benchmarks`` package importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import spacy
from presidio_analyzer import AnalyzerEngine, Pattern, PatternRecognizer, RecognizerRegistry
from presidio_analyzer.nlp_engine import SpacyNlpEngine

from benchmarks.corpus import LabelledColumn, build_corpus, build_text
from indsec.classify.recognize.multipattern import HyperscanChunkPrefilter, hyperscan_available
from indsec.classify.recognize.pack import Recognizer, RecognizerPack, load_recognizer_pack
from indsec.classify.recognize.recognition import RecognizerEngine
from indsec.classify.recognize.text import TextScanner, normalise_text
from indsec.classify.recognize.validators import VALIDATORS
from indsec.classify.recognize.values import normalise_cells

CN_IDENTIFIERS = [
    "cn.resident_id", "cn.uscc", "cn.mobile", "cn.landline",
    "cn.bank_card", "cn.passport", "cn.license_plate", "cn.postcode",
]  # fmt: skip
TARGET_RATIO, TARGET_CELLS, TARGET_PREFILTER_MB, TARGET_F1 = 100.0, 1_000_000, 100.0, 0.95


@dataclass
class Confusion:
    """Weighted true/false positives and false negatives per label."""

    tp: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    fp: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    fn: dict[str, int] = field(default_factory=lambda: defaultdict(int))

    def add(self, truth: str | None, predicted: dict[str, int], total: int) -> None:
        """``predicted``: label → how many of ``total`` cells (all truly ``truth``) got it."""
        for label, count in predicted.items():
            if label == truth:
                self.tp[label] += count
            else:
                self.fp[label] += count
        if truth is not None:
            self.fn[truth] += total - predicted.get(truth, 0)

    def scores(self, label: str) -> tuple[float, float, float]:
        tp, fp, fn = self.tp[label], self.fp[label], self.fn[label]
        precision = tp / (tp + fp) if tp + fp else 0.0
        recall = tp / (tp + fn) if tp + fn else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        return precision, recall, f1

    def macro_f1(self, labels: Iterable[str]) -> float:
        f1s = [self.scores(label)[2] for label in labels]
        return sum(f1s) / len(f1s)


@dataclass(frozen=True)
class Rate:
    """Items per second of CPU time (per core) and of wall-clock time."""

    cpu: float
    wall: float


def _timed(run: Callable[[], object], items: int, repeats: int) -> Rate:
    best_cpu = best_wall = float("inf")
    for _ in range(repeats):
        cpu, wall = time.process_time(), time.perf_counter()
        run()
        best_cpu = min(best_cpu, time.process_time() - cpu)
        best_wall = min(best_wall, time.perf_counter() - wall)
    return Rate(items / best_cpu, items / best_wall)


# ------------------------------------------------------------------ indsec
def run_indsec(
    engine: RecognizerEngine, columns: list[LabelledColumn], repeats: int
) -> tuple[Rate, Confusion]:
    cells = sum(len(c.values) for c in columns)
    rate = _timed(lambda: [engine.match_values(c.values) for c in columns], cells, repeats)
    confusion = Confusion()
    for column in columns:
        matches = engine.match_values(column.values)
        predicted = {lab: sum(matches.counts[i] for i in idx) for lab, idx in matches.hits.items()}
        confusion.add(column.label, predicted, len(column.values))
    return rate, confusion


# ------------------------------------------------------------------ Presidio
class BlankSpacy(SpacyNlpEngine):
    """Presidio's spaCy engine over ``spacy.blank("zh")``: tokenisation only, no model download."""

    def __init__(self) -> None:
        super().__init__(models=[{"lang_code": "zh", "model_name": "blank"}])

    def load(self) -> None:
        self.nlp = {"zh": spacy.blank("zh")}  # type: ignore[assignment]  # None until loaded


class ValidatedRecognizer(PatternRecognizer):
    """A PatternRecognizer that calls the same validator function indsec uses."""

    check: Callable[[str], bool] | None = None

    def validate_result(self, pattern_text: str) -> bool | None:
        return None if self.check is None else self.check(pattern_text)


def _pattern_recognizer(rec: Recognizer) -> ValidatedRecognizer | None:
    patterns = [
        Pattern(f"{rec.id}#{n}", f"^(?:{p.regex})$" if p.match == "full" else p.regex, 0.85)
        for n, p in enumerate(rec.patterns, start=1)
        if not p.requires_context
    ]
    if not patterns:
        return None
    recognizer = ValidatedRecognizer(
        rec.id,
        patterns=patterns,
        supported_language="zh",
        global_regex_flags=re.ASCII | re.MULTILINE,
    )
    recognizer.check = VALIDATORS.get(rec.validator).check if rec.validator else None
    return recognizer


def presidio_analyzer(pack: RecognizerPack) -> AnalyzerEngine:
    """Presidio's AnalyzerEngine with regex recognizers only, equivalent to the indsec pack."""
    registry = RecognizerRegistry(supported_languages=["zh"])
    for rec in pack.recognizers:
        if (recognizer := _pattern_recognizer(rec)) is not None:
            registry.add_recognizer(recognizer)
    nlp = BlankSpacy()
    nlp.load()
    return AnalyzerEngine(nlp_engine=nlp, registry=registry, supported_languages=["zh"])


def stratified_sample(columns: list[LabelledColumn], cells: int, seed: int) -> list[LabelledColumn]:
    """About ``cells`` cells, the same number from every column kind."""
    by_kind: dict[str, list[LabelledColumn]] = defaultdict(list)
    for column in columns:
        by_kind[column.kind].append(column)
    rnd, per_kind = random.Random(seed), max(cells // len(by_kind), 1)
    sample = []
    for kind, group in by_kind.items():
        values = [v for column in group for v in column.values]
        sample.append(
            LabelledColumn(kind, group[0].label, rnd.sample(values, min(per_kind, len(values))))
        )
    return sample


def run_presidio(analyzer: AnalyzerEngine, sample: list[LabelledColumn]) -> tuple[Rate, Confusion]:
    texts = [(column, normalise_cells(column.values)) for column in sample]
    cells = sum(len(t) for _, t in texts)
    analyze = analyzer.analyze
    rate = _timed(lambda: [analyze(text=t, language="zh") for _, ts in texts for t in ts], cells, 1)
    confusion = Confusion()
    for column, normalised in texts:
        predicted: dict[str, int] = defaultdict(int)
        for text in normalised:
            for label in {r.entity_type for r in analyze(text=text, language="zh")}:
                predicted[label] += 1
        confusion.add(column.label, predicted, len(normalised))
    return rate, confusion


# ------------------------------------------------------------------ free-text prefilter
def prefilter_rate(
    pack: RecognizerPack, megabytes: float, repeats: int
) -> tuple[float, float, float]:
    """(MB/s of the Hyperscan chunk prefilter, MB/s of full ``analyze_text``, MB scanned)."""
    scanner = TextScanner(pack.recognizers, pack.settings)
    prefilter = HyperscanChunkPrefilter(scanner.expressions)
    text = normalise_text(build_text(megabytes=megabytes))
    size = pack.settings.text_chunk_chars
    chunks = [text[i : i + size].encode() for i in range(0, len(text), size)]
    total_mb = sum(len(c) for c in chunks) / 1e6
    rate = _timed(lambda: [prefilter.occurring_bytes(c) for c in chunks], 1, repeats)
    sample = text[: 4 * 1024 * 1024]
    full = _timed(lambda: scanner.scan(sample), 1, 1)
    return total_mb * rate.cpu, len(sample.encode()) / 1e6 * full.cpu, total_mb


# ------------------------------------------------------------------ report
def _verdict(ok: bool) -> str:
    return "MET" if ok else "NOT MET"


def print_scores(ours: Confusion, theirs: Confusion, labels: list[str]) -> None:
    print(
        f"\n{'label':32} {'indsec P':>9} {'R':>6} {'F1':>6}   {'Presidio P':>10} {'R':>6} {'F1':>6}"
    )
    for label in labels:
        (p1, r1, f1), (p2, r2, f2) = ours.scores(label), theirs.scores(label)
        print(f"{label:32} {p1:9.4f} {r1:6.4f} {f1:6.4f}   {p2:10.4f} {r2:6.4f} {f2:6.4f}")


@dataclass(frozen=True)
class Results:
    """Every figure the report prints."""

    cells: int
    presidio_cells: int
    ours_rate: Rate
    theirs_rate: Rate
    ours: Confusion
    theirs: Confusion
    labels: list[str]
    prefilter_mb: float
    analyze_mb: float
    scanned_mb: float

    @property
    def ratio(self) -> float:
        return self.ours_rate.cpu / self.theirs_rate.cpu


def run(*, quick: bool, seed: int) -> Results:
    """Build the corpus and the engines, then measure everything once."""
    cells, sample_cells, text_mb = (54_000, 2_000, 5.0) if quick else (1_026_000, 20_000, 50.0)
    started = time.perf_counter()
    columns = build_corpus(cells=cells, seed=seed)
    total = sum(len(c.values) for c in columns)
    print(
        f"corpus: {total:,} cells, {len(columns)} columns, {len({c.kind for c in columns})} kinds "
        f"(built in {time.perf_counter() - started:.1f}s)"
    )
    pack = load_recognizer_pack()
    started = time.perf_counter()
    engine = RecognizerEngine.from_pack(pack)
    print(
        f"engine compiled in {time.perf_counter() - started:.2f}s; "
        f"patterns matched by re only: {engine.re_only_patterns or 'none'}"
    )
    ours_rate, ours = run_indsec(engine, columns, repeats=3)
    sample = stratified_sample(columns, sample_cells, seed)
    theirs_rate, theirs = run_presidio(presidio_analyzer(pack), sample)
    prefilter_mb, analyze_mb, scanned_mb = prefilter_rate(pack, text_mb, repeats=3)
    labels = sorted({c.label for c in columns if c.label})
    presidio_cells = sum(len(c.values) for c in sample)
    return Results(
        total,
        presidio_cells,
        ours_rate,
        theirs_rate,
        ours,
        theirs,
        labels,
        prefilter_mb,
        analyze_mb,
        scanned_mb,
    )


def print_report(r: Results) -> None:
    print_scores(r.ours, r.theirs, r.labels)
    ours_f1, theirs_f1 = r.ours.macro_f1(CN_IDENTIFIERS), r.theirs.macro_f1(CN_IDENTIFIERS)
    print(
        f"\nindsec    {r.ours_rate.cpu:12,.0f} cells/s per core "
        f"({r.ours_rate.wall:,.0f} wall) on {r.cells:,} cells"
    )
    print(
        f"Presidio  {r.theirs_rate.cpu:12,.0f} cells/s per core ({r.theirs_rate.wall:,.0f} wall) "
        f"on a stratified sample of {r.presidio_cells:,} cells"
    )
    print(f"ratio     {r.ratio:12,.1f}x")
    print(f"macro F1 on Chinese identifiers: indsec {ours_f1:.4f}, Presidio {theirs_f1:.4f}")
    print(
        f"free-text prefilter: {r.prefilter_mb:,.1f} MB/s per core on {r.scanned_mb:,.1f} MB "
        f"mixed text (full analyze_text incl. NFKC, exact regexes, validators: "
        f"{r.analyze_mb:,.1f} MB/s)"
    )
    print("\ntargets:")
    print(
        f"  >= {TARGET_RATIO:.0f}x Presidio throughput        {_verdict(r.ratio >= TARGET_RATIO)}"
    )
    print(f"  >= 1M cells/s per core on columns   {_verdict(r.ours_rate.cpu >= TARGET_CELLS)}")
    print(
        f"  >= {TARGET_PREFILTER_MB:.0f} MB/s per core prefilter      "
        f"{_verdict(r.prefilter_mb >= TARGET_PREFILTER_MB)}"
    )
    print(f"  macro F1 >= {TARGET_F1} (cn identifiers)   {_verdict(ours_f1 >= TARGET_F1)}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="indsec recognizers against Presidio")
    parser.add_argument("--quick", action="store_true", help="small corpus, fast run")
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args(argv)
    if not hyperscan_available():
        print("hyperscan is not installed: pip install 'indsec[hyperscan]'", file=sys.stderr)
        return 2
    print_report(run(quick=args.quick, seed=args.seed))
    return 0


if __name__ == "__main__":
    sys.exit(main())
