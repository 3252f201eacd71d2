"""The recognizer engine: a rule pack compiled once, applied to assets, columns and text.

This is the recognizer boundary of the design: raw sampled values come in, labels with
confidence, evidence and *masked* examples go out. Everything heavy — compiling a few dozen
regexes into Hyperscan databases, keyword tables, validators — happens in
:meth:`RecognizerEngine.from_pack`, so a scan of thousands of tables pays it once.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass

from indsec.classify.masking import mask_value
from indsec.classify.recognize.content import ContentRecognizer, merge_content_labels
from indsec.classify.recognize.evidence import (
    CORROBORATION_WEIGHT,
    Evidence,
    ValueEvidence,
    add_shape_evidence,
    add_value_evidence,
    labels_by_confidence,
    suspicions_by_confidence,
)
from indsec.classify.recognize.files import FileSignatureMatcher
from indsec.classify.recognize.multipattern import hyperscan_available
from indsec.classify.recognize.names import NameMatcher, squash_name
from indsec.classify.recognize.pack import Recognizer, RecognizerPack
from indsec.classify.recognize.shapes import ShapeMatcher
from indsec.classify.recognize.structured import ContentLimits
from indsec.classify.recognize.text import TextFinding, TextScanner, normalise_text
from indsec.classify.recognize.validators import VALIDATORS
from indsec.classify.recognize.values import (
    DistinctValues,
    ValueMatcher,
    distinct_values,
    normalise_cells,
    silent_values,
    without_fillers,
)
from indsec.model import AssetKind, DiscoveredAsset, FieldLabel, FieldResult, SampledColumn
from indsec.model.rationale import ASSET_FIELD

logger = logging.getLogger(__name__)

CONTENT_FIELD = "content"
_SHOWN_COMMENT = 60


@dataclass(frozen=True, slots=True)
class ValueMatches:
    """Per-value recognition of a list of values, by position in its distinct values.

    ``counts[i]`` is how often distinct value ``i`` occurred; ``hits`` maps a recognizer to the
    distinct values it accepted. Only positions and counts — never the values.
    """

    counts: list[int]
    hits: dict[str, list[int]]


def _shown(text: str) -> str:
    return text if len(text) <= _SHOWN_COMMENT else text[: _SHOWN_COMMENT - 1] + "…"


def _passes(rec: Recognizer) -> str:
    """How evidence says a value was accepted: the validator's phrase, or a plain match."""
    return VALIDATORS.get(rec.validator).passes if rec.validator else "match the pattern"


class RecognizerEngine:
    """Applies a :class:`RecognizerPack` to discovered assets."""

    def __init__(
        self,
        pack: RecognizerPack,
        *,
        use_hyperscan: bool = True,
        content: ContentLimits | None = None,
    ) -> None:
        self.pack = pack
        self.settings = pack.settings
        self.uses_hyperscan = use_hyperscan and hyperscan_available()
        self._recognizers = {rec.id: rec for rec in pack.recognizers}
        self._values = ValueMatcher(pack.recognizers, use_hyperscan=use_hyperscan)
        self._text = TextScanner(pack.recognizers, pack.settings, use_hyperscan=use_hyperscan)
        self._files = FileSignatureMatcher(pack.recognizers)
        self._shapes = ShapeMatcher(pack)
        self._column_names = NameMatcher((r.id, r.column_names) for r in pack.recognizers)
        self._table_names = NameMatcher((r.id, r.table_names) for r in pack.recognizers)
        self._context_words = NameMatcher((r.id, r.context) for r in pack.recognizers)
        self._lexical = frozenset(r.id for r in pack.recognizers if r.unpointed_match_ratio)
        self._audit_stamps = frozenset(pack.settings.audit_stamp_columns)
        self._placeholders = frozenset(normalise_cells(pack.settings.placeholder_values))
        self._content = ContentRecognizer(
            content or ContentLimits(),
            column=self.analyze_column,
            text=self.analyze_text,
            names=self._named,
            lexical=self._lexical,
        )
        if self.re_only_patterns:
            logger.warning(
                "Hyperscan refused %d pattern(s); Python re matches them alone: %s",
                len(self.re_only_patterns),
                "; ".join(self.re_only_patterns),
            )

    @classmethod
    def from_pack(
        cls,
        pack: RecognizerPack,
        *,
        use_hyperscan: bool = True,
        content: ContentLimits | None = None,
    ) -> RecognizerEngine:
        """Compile ``pack``; ``use_hyperscan=False`` forces the plain-``re`` path.

        ``content`` bounds how much of each column's sample is opened for JSON, XML,
        ``key=value`` content and free text (the safe defaults when None).
        """
        return cls(pack, use_hyperscan=use_hyperscan, content=content)

    @property
    def re_only_patterns(self) -> list[str]:
        """Patterns Hyperscan could not compile, as "recognizer X pattern N: reason"."""
        cells = [f"{name}: {r.reason}" for name, r in self._values.rejected]
        text = [f"text prefilter expression {r.index + 1}: {r.reason}" for r in self._text.rejected]
        return cells + text

    # ------------------------------------------------------------------ assets
    def analyze_asset(self, asset: DiscoveredAsset) -> list[FieldResult]:
        """One result per column, one for a file's text, and one for asset-level labels."""
        results = [
            merge_content_labels(
                self.analyze_column(col, asset_name=asset.name, asset_comment=asset.comment),
                self._content.labels(col),
            )
            for col in asset.columns
        ]
        self._add_config_labels(asset, results)
        if asset.text.strip():
            labels = self.analyze_text(asset.text)
            results.append(FieldResult(name=CONTENT_FIELD, data_type="text", labels=labels))
        found = self._asset_evidence(asset)
        self._corroborate_asset(asset, found, results)
        whole = FieldResult(
            name=ASSET_FIELD,
            labels=labels_by_confidence(found),
            suspicions=suspicions_by_confidence(found),
        )
        if whole.labels or whole.suspicions:
            results.append(whole)
        return results

    def _named(self, name: str) -> set[str]:
        """Recognizers a column name (or a key inside a cell) points at."""
        return {hit.recognizer for hit in self._column_names.match(name)}

    def _add_config_labels(self, asset: DiscoveredAsset, results: list[FieldResult]) -> None:
        """A key/value configuration table's values are judged under their keys."""
        column, labels = self._content.config_labels(asset.columns)
        for index, result in enumerate(results):
            if labels and result.name == column:
                results[index] = merge_content_labels(result, labels)

    def _asset_evidence(self, asset: DiscoveredAsset) -> dict[str, Evidence]:
        found: dict[str, Evidence] = {}
        noun = asset.kind.value
        for hit in self._table_names.match(asset.name):
            self._evidence(found, hit.recognizer).add(
                self._recognizers[hit.recognizer].confidence.name,
                f"{noun} name '{asset.name}' matches {hit.recognizer}",
            )
        for hit in self._table_names.match(asset.comment):
            self._evidence(found, hit.recognizer).add(
                self._recognizers[hit.recognizer].confidence.name,
                f"{noun} comment '{_shown(asset.comment)}' matches {hit.recognizer}",
            )
        if asset.kind == AssetKind.FILE:
            head = normalise_text(asset.text[: self.settings.signature_chars])
            for file_hit in self._files.match(asset, head):
                weights = self._recognizers[file_hit.recognizer].confidence
                evidence = self._evidence(found, file_hit.recognizer)
                if file_hit.strength == "value":
                    evidence.prove(weights.value, file_hit.evidence)
                else:
                    evidence.add(weights.name, file_hit.evidence)
        return found

    def _corroborate_asset(
        self, asset: DiscoveredAsset, found: dict[str, Evidence], results: list[FieldResult]
    ) -> None:
        """A table or file name is a label only where a labelled column or the text agrees."""
        for rid, evidence in found.items():
            if evidence.proven or not self._shapes.covers(rid):
                continue
            corroborated = self._asset_corroboration(asset, rid, results)
            if corroborated is None:
                evidence.sentences.append(
                    "no column or content of the asset corroborates it: the name alone suggests it"
                )
                continue
            sentence, evidence.matched, evidence.sampled = corroborated
            evidence.prove(CORROBORATION_WEIGHT, sentence)

    def _asset_corroboration(
        self, asset: DiscoveredAsset, rid: str, results: list[FieldResult]
    ) -> tuple[str, int, int] | None:
        """What corroborates ``rid`` on the asset: a column its values label, or the file's text.

        Any column of some shape is not enough: every table has numbers and codes.
        """
        for result in results:
            for lab in result.labels:
                if lab.label == rid:
                    return f"column '{result.name}' is labelled {rid}", lab.matched, lab.sampled
        head = normalise_text(asset.text[: self.settings.signature_chars])
        fits = self._shapes.text_fit(rid, head) if head.strip() else None
        return (fits[0], fits[1], fits[1]) if fits else None

    def _evidence(self, found: dict[str, Evidence], recognizer: str) -> Evidence:
        return found.setdefault(recognizer, Evidence(self._recognizers[recognizer]))

    # ------------------------------------------------------------------ columns
    def analyze_column(
        self, column: SampledColumn, *, asset_name: str = "", asset_comment: str = ""
    ) -> FieldResult:
        """Labels for one column from its name, comment, surroundings and sampled values."""
        found: dict[str, Evidence] = {}
        self._add_name_evidence(found, column)
        pointed = frozenset(found)
        self._add_context_evidence(found, column, asset_name, asset_comment)
        distinct = without_fillers(distinct_values(column.values), (column.comment, column.name))
        hits = self._values.match(distinct.cells, context=pointed)
        for rid in dict.fromkeys([*found, *hits]):
            if self._values.rival_explains(rid, hits):
                del found[rid]
                continue
            if self._shapes.covers(rid):
                self._add_shape(found, rid, distinct, named=rid in pointed)
                continue
            values = self._value_evidence(self._recognizers[rid], distinct, hits.get(rid, []))
            if silent := self._silent(rid, distinct, hits, named=rid in pointed):
                values.sampled -= silent
                values.passes += f" ({silent} placeholder or companion values aside)"
            add_value_evidence(
                self._evidence(found, rid), values, self.settings, named=rid in pointed
            )
        self._drop_look_alikes(found, pointed)
        return FieldResult(
            name=column.name,
            data_type=column.data_type,
            comment=column.comment,
            labels=labels_by_confidence(found),
            suspicions=suspicions_by_confidence(found),
        )

    def _silent(
        self, rid: str, distinct: DistinctValues, hits: dict[str, list[int]], *, named: bool
    ) -> int:
        """Values that neither prove nor refute ``rid``: placeholders where the name points
        here, and what its companions accept. They dilute, never decide: only once values
        proved something."""
        accepted = hits.get(rid, [])
        if not accepted:
            return 0
        companions = self._recognizers[rid].companions
        explained = frozenset(i for other in companions for i in hits.get(other, []))
        filler = self._placeholders if named else frozenset()
        return silent_values(distinct, accepted, filler, explained)

    def _drop_look_alikes(self, found: dict[str, Evidence], pointed: frozenset[str]) -> None:
        """Once values prove what the column's name or comment points at, the look-alikes that
        only the values' shape suggested go: six digits in ``password`` are not a postcode.

        Only recognizers that ask for more where nothing points at them
        (``unpointed_match_ratio``: postcodes, names, addresses) are look-alikes; the same rule
        holds for keys inside cells (:class:`ContentRecognizer`).
        """
        if not any(self._values_prove(found, rid) for rid in pointed):
            return
        for rid in [rid for rid in found if rid in self._lexical and rid not in pointed]:
            del found[rid]

    def _values_prove(self, found: dict[str, Evidence], rid: str) -> bool:
        """Whether value patterns proved ``rid`` (a shape only corroborates a keyed name, like
        biz.customer over organisation names: it explains no values)."""
        return rid in found and found[rid].proven and bool(self._recognizers[rid].patterns)

    def _add_name_evidence(self, found: dict[str, Evidence], column: SampledColumn) -> None:
        """Keywords in the column's name and comment; none from a row's audit stamp
        (``create_username``), which refers to an account without being account data."""
        if squash_name(column.name) in self._audit_stamps:
            return
        factor, note = self._reference_factor(column.name)
        for hit in self._column_names.match(column.name):
            rec = self._recognizers[hit.recognizer]
            keyed = not rec.patterns  # a value pattern lets the values speak for themselves
            weight = rec.confidence.name * (factor if keyed else 1.0)
            sentence = (
                f"column name '{column.name}' matches {hit.recognizer}{note if keyed else ''}"
            )
            self._evidence(found, hit.recognizer).add(weight, sentence)
        for hit in self._column_names.match(column.comment):
            if hit.recognizer in found:
                continue
            weight = self._recognizers[hit.recognizer].confidence.name
            sentence = f"column comment '{_shown(column.comment)}' matches {hit.recognizer}"
            self._evidence(found, hit.recognizer).add(weight, sentence)

    def _reference_factor(self, name: str) -> tuple[float, str]:
        """A key like ``recipe_id`` names the data it points at, not data it holds.

        Only recognizers without value patterns are discounted: a ``node_id`` full of OPC UA
        node ids is confirmed by its values, a ``recipe_id`` full of codes is not a recipe.
        """
        lowered = name.lower()
        if any(lowered.endswith(suffix) for suffix in self.settings.reference_suffixes):
            factor = self.settings.reference_name_factor
            return factor, f" (a reference key: name weighed ×{factor:g})"
        return 1.0, ""

    def _add_context_evidence(
        self, found: dict[str, Evidence], column: SampledColumn, asset_name: str, asset_comment: str
    ) -> None:
        places = (
            ("column comment", column.comment),
            ("table name", asset_name),
            ("table comment", asset_comment),
        )
        seen: set[str] = set()
        for place, text in places:
            for hit in self._context_words.match(text):
                if hit.recognizer in seen:
                    continue
                seen.add(hit.recognizer)
                weight = self._recognizers[hit.recognizer].confidence.context
                sentence = f"context word '{hit.keyword}' in the {place}"
                self._evidence(found, hit.recognizer).add(weight, sentence, decisive=False)

    def _add_shape(
        self, found: dict[str, Evidence], rid: str, distinct: DistinctValues, *, named: bool
    ) -> None:
        """A recognizer without patterns: its name is proven by values of its declared shape."""
        if not named:
            return  # context words alone leave no suspicion either
        fits = self._shapes.fit(rid, distinct.cells)
        values = self._value_evidence(
            self._recognizers[rid], distinct, fits, passes=self._shapes.says(rid)
        )
        add_shape_evidence(found[rid], values, self._shapes.min_ratio(rid))

    def _value_evidence(
        self, rec: Recognizer, distinct: DistinctValues, hits: list[int], passes: str = ""
    ) -> ValueEvidence:
        matched = sum(distinct.counts[i] for i in hits)
        examples = [
            mask_value(
                distinct.raw[i].strip(), rec.mask.style, head=rec.mask.head, tail=rec.mask.tail
            )
            for i in hits[: self.settings.max_examples]
        ]
        return ValueEvidence(matched, distinct.nonempty, passes or _passes(rec), examples)

    def match_values(self, values: Sequence[str]) -> ValueMatches:
        """Which recognizers accept each value on its own — no names, no context.

        This is the per-cell view (benchmarks, value-level tests); columns should use
        :meth:`analyze_column`, which also weighs names and comments.
        """
        distinct = distinct_values(values)
        return ValueMatches(distinct.counts, self._values.match(distinct.cells))

    # ------------------------------------------------------------------ text
    def analyze_text(self, text: str) -> list[FieldLabel]:
        """Labels for free text: validated matches, with context words as support."""
        found: dict[str, Evidence] = {}
        for rid, finding in self._text.scan(text).items():
            if finding.matched:
                self._add_text_evidence(self._evidence(found, rid), finding)
        return labels_by_confidence(found)

    def _add_text_evidence(self, evidence: Evidence, finding: TextFinding) -> None:
        """One match in a document may be a coincidence; from three on it counts in full."""
        rec = evidence.recognizer
        more = "+" if finding.truncated else ""
        counted = f"{finding.matched}{more}/{finding.candidates}{more}"
        strength = min(1.0, 0.7 + 0.1 * finding.matched)
        evidence.prove(
            rec.confidence.value * strength, f"{counted} matches in the text {_passes(rec)}"
        )
        if finding.near_context:
            evidence.add(rec.confidence.context, "context words near the matches", decisive=False)
        evidence.matched, evidence.sampled = finding.matched, finding.candidates
        evidence.examples = finding.examples
