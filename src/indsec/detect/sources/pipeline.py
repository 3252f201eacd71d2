"""Apply a ``log_pipeline`` pack: the one generic function from raw records to Sigma events.

Readers only parse syntax (JSON, syslog headers, CSV columns) into flat raw records; what a
record *means* — which source it is, its Sigma field names, its logsource and its time — comes
from the pipeline pack. A pack is compiled once per reader; binding it to a file drops the
match rules whose file-name globs cannot apply, so the per-record work is dictionary lookups.
"""

from __future__ import annotations

from collections.abc import Sequence
from fnmatch import fnmatchcase
from functools import lru_cache
from pathlib import Path
from typing import Any

from indsec.detect.sources.converters import VALUE_CONVERTERS
from indsec.detect.sources.pipeline_pack import LogPipelinePack, SourceSpec
from indsec.detect.sources.record_rules import Condition, Extractor
from indsec.detect.sources.timezone import PlantClock, TimestampReader
from indsec.errors import Problem, RulePackError
from indsec.model.event import Event, LogSource
from indsec.model.source import ScanReport
from indsec.rules.pack import BUILTIN_PACKS, load_packs, require_valid

PIPELINES_DIR = BUILTIN_PACKS / "sigma" / "pipelines"


@lru_cache(maxsize=8)
def _pipeline_packs(extra_dirs: tuple[Path, ...]) -> tuple[LogPipelinePack, ...]:
    loaded = require_valid(load_packs([PIPELINES_DIR, *extra_dirs], builtin=False))
    return tuple(loaded.all(LogPipelinePack))


def load_pipeline_pack(reader: str, extra_dirs: Sequence[Path] = ()) -> LogPipelinePack:
    """The pipeline pack for ``reader``; a pack from ``extra_dirs`` overrides the builtin one.

    Raises:
        RulePackError: a pipeline pack is invalid, or none serves ``reader``.
    """
    packs = [p for p in _pipeline_packs(tuple(extra_dirs)) if p.reader == reader]
    if not packs:
        raise RulePackError([Problem(str(PIPELINES_DIR), f"no log_pipeline for reader '{reader}'")])
    return packs[-1]


def _targets(fields: dict[str, str | list[str]]) -> dict[str, tuple[str, ...]]:
    return {raw: (t,) if isinstance(t, str) else tuple(t) for raw, t in fields.items()}


class CompiledSource:
    """One pipeline source, ready to recognise and normalise records."""

    def __init__(self, pack: LogPipelinePack, spec: SourceSpec, clock: PlantClock) -> None:
        self.id = spec.id
        self.rules = spec.match
        spec_ls = spec.logsource
        self.logsource = LogSource(spec_ls.product, spec_ls.category, spec_ls.service)
        self._extractors = tuple(Extractor.compile(e) for e in spec.extract)
        self._constants = dict(spec.constants)
        self._mapping = tuple(_targets({**pack.fields, **spec.fields}).items())
        raw_policy = spec.raw or pack.raw
        self._keep_unmapped = raw_policy != "drop"
        self._keep_all = raw_policy == "all"
        time_spec = spec.timestamp or pack.timestamp
        self._time_fields = tuple(time_spec.fields) if time_spec else ()
        self._timestamps = (
            TimestampReader(clock, time_spec.formats, time_spec.naive)
            if time_spec  # without a spec there is no event time; converters still read ISO
            else TimestampReader(clock, ["iso8601"], "local")
        )
        types = {**pack.types, **spec.types}
        self._converters = tuple((f, VALUE_CONVERTERS.get(n)) for f, n in types.items())
        self._product_field = spec.product_field
        self._products: dict[str, LogSource] = {}

    def build(self, raw: dict[str, Any], origin: str, report: ScanReport) -> Event:
        """The Sigma event of a record this source has recognised (``raw`` becomes its fields:
        the record is the reader's own, and renaming in place saves a copy per event)."""
        for extractor in self._extractors:
            extractor.apply(raw)
        when = self._timestamp(raw, origin, report)
        logsource = self._logsource(raw)
        fields = self._map(raw)
        if self._converters:
            self._convert(fields, origin, report)
        return Event(fields, logsource, when, origin)

    def _map(self, raw: dict[str, Any]) -> dict[str, Any]:
        """Raw names to Sigma names; when several raw fields map to one name, the one declared
        later wins; mapped values win over raw names; constants are set last."""
        hits = [(key, targets, raw[key]) for key, targets in self._mapping if key in raw]
        if self._keep_unmapped:
            fields = raw
            for key, targets, _ in hits:  # the raw name goes unless kept; no targets drops it
                if not (self._keep_all and targets):
                    del fields[key]
        else:
            fields = {}
        for _, targets, value in hits:
            for target in targets:
                fields[target] = value
        if self._constants:
            fields.update(self._constants)
        return fields

    def _convert(self, fields: dict[str, Any], origin: str, report: ScanReport) -> None:
        for name, convert in self._converters:
            value = fields.get(name)
            if value is None:
                continue
            try:
                fields[name] = convert(value, self._timestamps)
            except (ValueError, TypeError) as exc:
                report.warn(origin, f"{name}: {exc}; kept as written")

    def _timestamp(self, raw: dict[str, Any], origin: str, report: ScanReport) -> Any:
        for name in self._time_fields:
            value = raw.get(name)
            if value is None or value == "":
                continue
            try:
                return self._timestamps.read(value)
            except ValueError as exc:
                report.warn(origin, f"{name}: {exc}")
                return None
        return None

    def _logsource(self, raw: dict[str, Any]) -> LogSource:
        value = raw.get(self._product_field) if self._product_field else None
        if not value:
            return self.logsource
        product = str(value).lower()
        cached = self._products.get(product)
        if cached is None:
            cached = LogSource(product, self.logsource.category, self.logsource.service)
            self._products[product] = cached
        return cached


_Candidate = tuple[str | None, Condition | None, CompiledSource]
"""A match rule bound to a file: a key the record must have (cheap early rejection), the
condition (None: the source takes every record), and the source it selects."""


class FileNormaliser:
    """A pipeline bound to one file: recognises each record's source and builds its event."""

    def __init__(self, pipeline: LogPipeline, candidates: list[_Candidate]) -> None:
        self.pipeline = pipeline
        self._extractors = pipeline.extractors
        self._candidates = candidates
        self.unmatched = 0
        self._first_unmatched = ""

    def source_of(self, raw: dict[str, Any]) -> CompiledSource | None:
        """The first source that recognises ``raw``; its regex captures are added to it."""
        for extractor in self._extractors:
            extractor.apply(raw)
        for anchor, condition, source in self._candidates:
            if condition is None:
                return source
            if anchor is not None and anchor not in raw:
                continue
            captured = condition.captures(raw)
            if captured is not None:
                raw.update(captured)
                return source
        return None

    def normalise(self, raw: dict[str, Any], origin: str, report: ScanReport) -> Event | None:
        """The event of ``raw``, or None (counted) when no source recognises it."""
        source = self.source_of(raw)
        if source is None:
            self.unmatched += 1
            self._first_unmatched = self._first_unmatched or origin
            return None
        return source.build(raw, origin, report)

    def report_unmatched(self, report: ScanReport) -> None:
        """One bounded warning for all records no source recognised."""
        if self.unmatched:
            report.warn(
                self._first_unmatched,
                f"{self.unmatched} record(s) matched no source of pipeline "
                f"'{self.pipeline.pack.pack.id}' and were skipped (first here)",
            )


class LogPipeline:
    """A compiled ``log_pipeline`` pack for one plant clock."""

    def __init__(self, pack: LogPipelinePack, clock: PlantClock | None = None) -> None:
        self.pack = pack
        self.clock = clock or PlantClock()
        self.unwrap = frozenset(pack.unwrap)
        self.extractors = tuple(Extractor.compile(e) for e in pack.extract)
        self.sources = [CompiledSource(pack, spec, self.clock) for spec in pack.sources]

    @classmethod
    def for_reader(
        cls, reader: str, *, clock: PlantClock | None = None, extra_dirs: Sequence[Path] = ()
    ) -> LogPipeline:
        """The compiled pipeline that serves ``reader``."""
        return cls(load_pipeline_pack(reader, extra_dirs), clock)

    def for_file(self, file_name: str) -> FileNormaliser:
        """Bind to a file: rules whose ``file`` glob does not fit its name are dropped."""
        candidates: list[_Candidate] = []
        for source in self.sources:
            if not source.rules:
                candidates.append((None, None, source))
                continue
            for rule in source.rules:
                if rule.file is None or fnmatchcase(file_name, rule.file):
                    condition = Condition.compile(rule)
                    candidates.append((condition.anchor, condition, source))
        return FileNormaliser(self, candidates)
