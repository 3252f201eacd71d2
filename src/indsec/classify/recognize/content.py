"""Labels from what cells hold inside, and from the rows of configuration tables.

:mod:`recognize_structured` opens the cells; here each key path's leaf values are recognized as
if they were a column named after the key (``"password":"123456"`` → a plaintext password,
``"phone":"138…"`` → a mobile number), prose goes through the text recognizers, and a
``config_key``/``config_value`` table has each value recognized under its key
(``sys.user.initPassword`` = ``123456``). Only labels with value evidence are kept — a key name
alone proves nothing — and they carry the match count and masked examples, never a value.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from indsec.classify.recognize.names import split_name
from indsec.classify.recognize.structured import (
    ContentLimits,
    ContentSample,
    config_pairs,
    extract_content,
)
from indsec.model import FieldLabel, FieldResult, SampledColumn

ColumnAnalyzer = Callable[[SampledColumn], FieldResult]
TextAnalyzer = Callable[[str], list[FieldLabel]]
NameAnalyzer = Callable[[str], set[str]]
MAX_EXAMPLES = 3

CONFIG_KEY_COLUMNS = ("config_key", "param_key", "setting_key", "conf_key", "key", "name")
CONFIG_VALUE_COLUMNS = ("config_value", "param_value", "setting_value", "conf_value", "value")
"""Column names of key/value configuration tables (RuoYi ``sys_config``, JeecgBoot, Spring)."""


@dataclass(frozen=True)
class ContentRecognizer:
    """Recognizes the content of cells with the engine's own column and text analysis."""

    limits: ContentLimits
    column: ColumnAnalyzer
    text: TextAnalyzer
    names: NameAnalyzer
    lexical: frozenset[str] = frozenset()
    """Recognizers whose patterns are lexicons (a surname + characters): inside a cell, only
    under a key that names them — ``"falseText":"关闭"`` is a switch's caption, not Mr Guan."""

    def labels(self, column: SampledColumn) -> list[FieldLabel]:
        """Labels found inside ``column``'s sampled cells (empty when they hold nothing).

        Under a key that names a recognizer its values confirm (``"password":"123456"``), only
        the named labels count: the key explains the leaf, which a postcode pattern also fits.
        """
        if self.limits.max_values == 0:
            return []
        sample = extract_content(column.values, self.limits)
        return self._sample_labels(sample) if sample else []

    def config_labels(self, columns: Sequence[SampledColumn]) -> tuple[str, list[FieldLabel]]:
        """The value column of a key/value configuration table and the labels of its values."""
        keys = _first_named(columns, CONFIG_KEY_COLUMNS)
        values = _first_named(columns, CONFIG_VALUE_COLUMNS)
        if keys is None or values is None or self.limits.max_values == 0:
            return "", []
        sample = ContentSample()
        cut = self.limits.max_values
        for key, value in config_pairs(keys.values[:cut], values.values[:cut]):
            sample.add(key, value[: self.limits.max_chars], "configuration", self.limits)
        return values.name, self._keyed_labels(sample)

    def _sample_labels(self, sample: ContentSample) -> list[FieldLabel]:
        found = self._keyed_labels(sample)
        if sample.text:
            text = "\n".join(sample.text)
            found += [_located(lab, "free text in the values") for lab in self.text(text)]
        return found

    def _keyed_labels(self, sample: ContentSample) -> list[FieldLabel]:
        found: list[FieldLabel] = []
        for path, leaves in sample.keyed.items():
            key = _leaf_key(path)
            result = self.column(SampledColumn(key, values=leaves))
            pointed = self.names(key)
            proven = [
                lab
                for lab in result.labels
                if lab.matched and (lab.label in pointed or lab.label not in self.lexical)
            ]
            named = [lab for lab in proven if lab.label in pointed]
            where = f"{sample.kinds[path]} key '{path}'"
            found += [_located(lab, where) for lab in named or proven]
        return found


def _leaf_key(path: str) -> str:
    """The name a leaf is judged by: its last key (``sys.user.initPassword`` → initPassword)."""
    return path.rsplit(".", 1)[-1]


def _first_named(columns: Sequence[SampledColumn], names: Sequence[str]) -> SampledColumn | None:
    by_name = {split_name(col.name).text: col for col in columns}
    return next((by_name[name] for name in names if name in by_name), None)


def _located(label: FieldLabel, where: str) -> FieldLabel:
    """The label with each evidence sentence saying where inside the cells it was found."""
    sentences = [s.replace("column name", "key name", 1) for s in label.evidence]
    return label.model_copy(update={"evidence": [f"{where}: {s}" for s in sentences]})


def merge_content_labels(result: FieldResult, found: Sequence[FieldLabel]) -> FieldResult:
    """Add labels found inside the cells; the column's own value evidence stays first.

    A label the column already proves by its values is kept as it is; one the column only
    named (no value matched) is replaced by the content evidence; several key paths proving
    one label are combined into one.
    """
    best: dict[str, FieldLabel] = {}
    for label in found:
        best[label.label] = _combined(best[label.label], label) if label.label in best else label
    labels = [lab for lab in result.labels if lab.matched or lab.label not in best]
    present = {lab.label for lab in labels}
    labels += [lab for rid, lab in best.items() if rid not in present]
    labels.sort(key=lambda lab: -lab.confidence)
    return result.model_copy(update={"labels": labels})


def _combined(one: FieldLabel, other: FieldLabel) -> FieldLabel:
    """One label proven under several key paths: counts add up, the best confidence stands."""
    examples = list(dict.fromkeys([*one.masked_examples, *other.masked_examples]))
    return one.model_copy(
        update={
            "confidence": max(one.confidence, other.confidence),
            "matched": one.matched + other.matched,
            "sampled": one.sampled + other.sampled,
            "evidence": [*one.evidence, *other.evidence],
            "masked_examples": examples[:MAX_EXAMPLES],
        }
    )
