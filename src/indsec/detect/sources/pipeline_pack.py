"""The ``log_pipeline`` rule-pack kind: how one log reader's raw records become Sigma events.

A pipeline is data, not code: which raw fields a source has, which Sigma field names they map
to, which ``logsource`` each kind of record belongs to, how its timestamp is written. Keeping
it in YAML lets a site add a field alias or a new message pattern without touching Python, and
lets one generic function (:mod:`indsec.detect.sources.pipeline`) normalise every reader.
"""

from __future__ import annotations

import re
from typing import Literal

from pydantic import Field

from indsec.detect.sources.converters import VALUE_CONVERTERS
from indsec.detect.sources.timezone import TIMESTAMP_FORMATS
from indsec.rules.base import Slug, StrictModel
from indsec.rules.pack import PACK_KINDS, RulePack

RawPolicy = Literal["drop", "unmapped", "all"]
"""Which raw fields survive under their own names: none, those without a mapping, or all."""

Scalar = str | int | float | bool
FieldTargets = str | list[str]


class Extraction(StrictModel):
    """Regexes over one raw field; the first that matches adds its named groups as fields."""

    field: str
    patterns: list[str] = Field(min_length=1)


class MatchRule(StrictModel):
    """One way to recognise a record; every condition given must hold.

    ``regex`` searches a field and, when it matches, adds its named groups to the record, so a
    message pattern both selects a source and pulls out its values.
    """

    file: str | None = Field(default=None, description="glob on the log file's name")
    equals: dict[str, Scalar | list[Scalar]] = Field(default_factory=dict)
    present: list[str] = Field(default_factory=list)
    regex: dict[str, str] = Field(default_factory=dict)


class LogSourceSpec(StrictModel):
    """Sigma's logsource triple for the events of one source."""

    product: str | None = None
    category: str | None = None
    service: str | None = None


class TimestampSpec(StrictModel):
    """Where a record's time is and how it is written."""

    fields: list[str] = Field(min_length=1, description="raw fields tried in order")
    formats: list[str] = Field(min_length=1, description="format names or strptime patterns")
    naive: Literal["utc", "local"] = Field(
        default="local", description="how to read a time without an offset"
    )


class SourceSpec(StrictModel):
    """One kind of record a reader produces, and the Sigma event it becomes."""

    id: Slug
    description: str = ""
    logsource: LogSourceSpec
    match: list[MatchRule] = Field(
        default_factory=list, description="alternatives; empty matches every record"
    )
    extract: list[Extraction] = Field(default_factory=list)
    constants: dict[str, Scalar] = Field(default_factory=dict, description="set last")
    fields: dict[str, FieldTargets] = Field(
        default_factory=dict, description="raw name → Sigma name(s); [] drops the raw field"
    )
    types: dict[str, str] = Field(default_factory=dict, description="Sigma name → converter")
    raw: RawPolicy | None = None
    timestamp: TimestampSpec | None = None
    product_field: str | None = Field(
        default=None, description="raw field whose lower-cased value overrides the product"
    )


@PACK_KINDS.decorator("log_pipeline")
class LogPipelinePack(RulePack):
    """A reader's pipeline; pipeline-level ``fields``/``types``/``raw``/``timestamp`` are
    defaults that each source extends or overrides. Sources are tried in order."""

    reader: Slug
    unwrap: list[str] = Field(
        default_factory=list, description="nested objects whose members are lifted to the top"
    )
    extract: list[Extraction] = Field(default_factory=list)
    field_sets: dict[str, dict[str, FieldTargets]] = Field(
        default_factory=dict, description="named mappings that sources reuse via YAML anchors"
    )
    fields: dict[str, FieldTargets] = Field(default_factory=dict)
    types: dict[str, str] = Field(default_factory=dict)
    raw: RawPolicy = "unmapped"
    timestamp: TimestampSpec | None = None
    sources: list[SourceSpec] = Field(min_length=1)

    def check(self) -> list[str]:
        """Regexes compile, converters and timestamp formats exist, source ids are unique."""
        problems: list[str] = []
        seen: set[str] = set()
        problems += _check_extractions("extract", self.extract)
        problems += _check_types("types", self.types)
        problems += _check_timestamp("timestamp", self.timestamp)
        for source in self.sources:
            where = f"sources.{source.id}"
            if source.id in seen:
                problems.append(f"{where}: duplicate source id")
            seen.add(source.id)
            problems += _check_source(where, source)
        return problems


def _check_source(where: str, source: SourceSpec) -> list[str]:
    problems = _check_extractions(f"{where}.extract", source.extract)
    problems += _check_types(f"{where}.types", source.types)
    problems += _check_timestamp(f"{where}.timestamp", source.timestamp)
    for n, rule in enumerate(source.match):
        for field, pattern in rule.regex.items():
            problems += _check_regex(f"{where}.match.{n}.regex.{field}", pattern)
    return problems


def _check_extractions(where: str, extractions: list[Extraction]) -> list[str]:
    return [
        problem
        for extraction in extractions
        for pattern in extraction.patterns
        for problem in _check_regex(f"{where}.{extraction.field}", pattern)
    ]


def _check_regex(where: str, pattern: str) -> list[str]:
    try:
        re.compile(pattern)
    except re.error as exc:
        return [f"{where}: invalid regex {pattern!r}: {exc}"]
    return []


def _check_types(where: str, types: dict[str, str]) -> list[str]:
    valid = ", ".join(VALUE_CONVERTERS.names())
    return [
        f"{where}.{field}: unknown type '{name}' (valid: {valid})"
        for field, name in types.items()
        if name not in VALUE_CONVERTERS
    ]


def _check_timestamp(where: str, spec: TimestampSpec | None) -> list[str]:
    if spec is None:
        return []
    valid = ", ".join(TIMESTAMP_FORMATS.names())
    return [
        f"{where}.formats: unknown format '{name}' (valid: {valid} or a strptime pattern)"
        for name in spec.formats
        if "%" not in name and name not in TIMESTAMP_FORMATS
    ]
