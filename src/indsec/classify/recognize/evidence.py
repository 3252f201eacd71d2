"""Evidence → label: how separate clues about one field become one confidence and explanation.

Each clue (a column name keyword, a share of validated values, a context word, a file
signature) carries a weight from the rule pack. Clues are combined as independent evidence,
``1 - Π(1 - w)``, so two weak clues beat one and no pile of clues reaches certainty. Every clue
also leaves a sentence, because a reviewer has to see *why* a column was called a resident ID.

Evidence before labels: every recognizer must be *proven* by values (or by a file's content)
before it labels a field. A name, a comment or values below the threshold leave only a
suspicion for review, which no category, aggregation or grade counts. Recognizers without value
patterns (a recipe, a contract) are proven by a name *and* values of the shape their pack
declares (:mod:`recognize_shapes`), never by the name alone.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from math import prod

from indsec.classify.recognize.pack import Recognizer, RecognizerSettings
from indsec.model import FieldLabel

REFUTED_NAME_FACTOR = 0.5
"""A name keyword counts half when enough sampled values exist and none of them match."""

CORROBORATION_WEIGHT = 0.0
"""What values of a recognizer's shape add to a name's confidence: they only make it a label."""


@dataclass
class ValueEvidence:
    """How many non-empty sampled values (with repeats) passed, out of how many."""

    matched: int
    sampled: int
    passes: str
    examples: list[str] = field(default_factory=list)

    @property
    def ratio(self) -> float:
        return self.matched / self.sampled if self.sampled else 0.0

    def sentence(self) -> str:
        return f"{self.matched}/{self.sampled} sampled values {self.passes}"


@dataclass
class Evidence:
    """The clues found for one recognizer on one field."""

    recognizer: Recognizer
    weights: list[float] = field(default_factory=list)
    sentences: list[str] = field(default_factory=list)
    decisive: bool = False
    proven: bool = False
    matched: int = 0
    sampled: int = 0
    examples: list[str] = field(default_factory=list)

    def add(self, weight: float, sentence: str, *, decisive: bool = True) -> None:
        """Record a clue; only decisive clues (names, values, signatures) can create a label."""
        self.weights.append(weight)
        self.sentences.append(sentence)
        self.decisive = self.decisive or decisive

    def prove(self, weight: float, sentence: str) -> None:
        """Record value or content evidence: the clue that turns a suspicion into a label."""
        self.add(weight, sentence)
        self.proven = True

    @property
    def needs_proof(self) -> bool:
        """Whether this is still a suspicion: no value, shape or content evidence proved it."""
        return not self.proven

    def label(self) -> FieldLabel | None:
        """The label, or None when only supporting clues (context words) were found."""
        if not self.decisive:
            return None
        confidence = 1.0 - prod(1.0 - w for w in self.weights)
        return FieldLabel(
            label=self.recognizer.id,
            confidence=round(min(max(confidence, 0.0), 1.0), 3),
            matched=self.matched,
            sampled=self.sampled,
            evidence=list(self.sentences),
            masked_examples=list(self.examples),
        )


def add_value_evidence(
    evidence: Evidence, values: ValueEvidence, settings: RecognizerSettings, *, named: bool
) -> None:
    """Weigh sampled values: decisive above the match-ratio threshold, else context for a name.

    Without a name, comment or context word pointing at it, a recognizer may ask for more
    (``unpointed_match_ratio``) and enough values (``unpointed_min_values``: two six-digit
    values are no postcode column). Above the threshold the weight grows from half (at a ratio
    near zero, which only the low thresholds of secrets allow) to the full value weight (every
    value matches).

    A name the values contradict (enough samples, none matching) is halved and stays a
    suspicion: a reviewer may still want to look, unless another recognizer's values explain
    the column (see :func:`suspicions_by_confidence`).
    """
    rec = evidence.recognizer
    evidence.matched, evidence.sampled = values.matched, values.sampled
    threshold = rec.min_match_ratio or settings.min_match_ratio
    unpointed = not (named or evidence.weights)
    if unpointed and rec.unpointed_match_ratio:
        threshold = max(threshold, rec.unpointed_match_ratio)
    if unpointed and values.sampled < rec.unpointed_min_values:
        return  # too few values to tell a column of the data from a coincidence of shape
    if values.matched and values.ratio >= threshold:
        evidence.prove(rec.confidence.value * (0.5 + 0.5 * values.ratio), values.sentence())
        evidence.examples = values.examples
    elif values.matched and named:
        evidence.sentences.append(f"{values.sentence()} (below the {threshold:.0%} threshold)")
        evidence.examples = values.examples
    elif named and rec.patterns and values.sampled >= settings.refute_after:
        evidence.weights = [w * REFUTED_NAME_FACTOR for w in evidence.weights]
        evidence.sentences.append(
            f"0/{values.sampled} sampled values match: the name alone suggests it"
        )
    elif named and rec.patterns and not values.sampled:
        evidence.sentences.append("no values sampled: the name alone suggests it")


def add_shape_evidence(evidence: Evidence, values: ValueEvidence, min_ratio: float) -> None:
    """A name whose column's values have the recognizer's shape is a label; else a suspicion.

    The shape corroborates and adds no weight (:data:`CORROBORATION_WEIGHT`): a shape is too
    common to make the name surer, so the label keeps the confidence its name and context gave.
    """
    evidence.matched, evidence.sampled = values.matched, values.sampled
    if values.sampled and values.ratio >= min_ratio:
        evidence.prove(
            CORROBORATION_WEIGHT, f"{values.sentence()}: the values corroborate the name"
        )
        evidence.examples = values.examples
    elif values.sampled:
        evidence.sentences.append(
            f"{values.sentence()} (below {min_ratio:.0%}): the name alone suggests it"
        )
    else:
        evidence.sentences.append("no values sampled: the name alone suggests it")


def labels_by_confidence(evidence: dict[str, Evidence]) -> list[FieldLabel]:
    """Every decisive label, most confident first (ties in pack order)."""
    return _ranked(ev for ev in evidence.values() if not ev.needs_proof)


def suspicions_by_confidence(evidence: dict[str, Evidence]) -> list[FieldLabel]:
    """What names suggest and values did not prove, most confident first.

    A suspicion goes when another recognizer's values explain the field: an ``ip_address``
    column full of IPv4 addresses is not a Chinese postal address, nor a ``login_ip`` an IPv6
    one.
    """
    if any(ev.proven for ev in evidence.values()):
        return []
    return _ranked(ev for ev in evidence.values() if ev.needs_proof)


def _ranked(evidence: Iterable[Evidence]) -> list[FieldLabel]:
    labels = [lab for ev in evidence if (lab := ev.label()) is not None]
    return sorted(labels, key=lambda lab: -lab.confidence)
