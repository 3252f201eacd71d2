"""The incident tier pack: it validates, flags what is unverified, and each threshold's edge."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from indsec.incident.tier_pack import IncidentTierPack, TierFacts
from indsec.model import Grade
from indsec.rules.pack import BUILTIN_PACKS, load_pack_file, load_packs

PACK_FILE = BUILTIN_PACKS / "incident_tiers.yaml"


@pytest.fixture(scope="module")
def pack() -> IncidentTierPack:
    loaded = load_packs()
    assert not loaded.problems
    return loaded.one(IncidentTierPack)


def _facts(**given: object) -> TierFacts:
    values: dict[str, object] = {
        "grade": None,
        "threat": "minor",
        "outage_hours": Decimal(0),
        "direct_loss_cny": Decimal(0),
        "personal_info": 0,
        "sensitive_personal_info": 0,
    }
    return TierFacts(**{**values, **given})  # type: ignore[arg-type]


def test_four_tiers_with_names_and_unverified_values_flagged(pack: IncidentTierPack) -> None:
    assert [(t.names.zh, t.names.en) for t in pack.tiers] == [
        ("特别重大", "especially major"),
        ("重大", "major"),
        ("较大", "large"),
        ("一般", "general"),
    ]
    thresholds = [h for t in pack.tiers for h in t.thresholds]
    assert all(h.needs_review for h in thresholds if h.confidence in ("R", "U"))
    assert {h.id for h in thresholds if h.needs_review} >= {"loss_5e7", "pi_1e6", "outage_24h"}
    assert not any(h.needs_review for h in pack.tier("major").thresholds)  # [F] in the source


COUNT_EDGES = [
    # (kind, value at the edge, tier reached at the edge, tier just below)
    ("outage_hours", Decimal(24), "especially_major", "major"),
    ("outage_hours", Decimal(12), "major", "large"),
    ("outage_hours", Decimal(8), "large", "general"),
    ("direct_loss_cny", Decimal(1_000_000_000), "especially_major", "major"),
    ("direct_loss_cny", Decimal(100_000_000), "major", "large"),
    ("direct_loss_cny", Decimal(50_000_000), "large", "general"),
    ("personal_info", 100_000_000, "especially_major", "major"),
    ("personal_info", 10_000_000, "major", "large"),
    ("personal_info", 1_000_000, "large", "general"),
    ("sensitive_personal_info", 10_000_000, "especially_major", "major"),
    ("sensitive_personal_info", 1_000_000, "major", "large"),
    ("sensitive_personal_info", 100_000, "large", "general"),
]


@pytest.mark.parametrize(("kind", "edge", "at", "below"), COUNT_EDGES)
def test_each_count_threshold_at_its_edge(
    pack: IncidentTierPack, kind: str, edge: Decimal | int, at: str, below: str
) -> None:
    step: Decimal | int = Decimal("0.01") if isinstance(edge, Decimal) else 1
    just_below = pack.classify(_facts(**{kind: edge - step}))
    at_edge = pack.classify(_facts(**{kind: edge}))
    just_above = pack.classify(_facts(**{kind: edge + step}))
    assert just_below.tier.id == below
    assert at_edge.tier.id == at and just_above.tier.id == at
    assert [h.kind for h in at_edge.rules] == [kind]


@pytest.mark.parametrize(
    ("grade", "threat", "tier", "rule"),
    [
        (Grade.CORE, "especially_serious", "especially_major", "core_data_especially_serious"),
        (Grade.IMPORTANT, "especially_serious", "major", "important_data_serious"),
        (Grade.CORE, "serious", "major", "important_data_serious"),
        (Grade.IMPORTANT, "serious", "major", "important_data_serious"),
        (Grade.GENERAL, "serious", "large", "important_or_general_data_fairly_serious"),
        (Grade.IMPORTANT, "fairly_serious", "large", "important_or_general_data_fairly_serious"),
        (Grade.CORE, "minor", "general", None),
        (None, "especially_serious", "general", None),
    ],
)
def test_data_criterion_by_grade_and_threat_edges(
    pack: IncidentTierPack, grade: Grade | None, threat: str, tier: str, rule: str | None
) -> None:
    decision = pack.classify(_facts(grade=grade, threat=threat))
    assert decision.tier.id == tier
    assert [h.id for h in decision.rules] == ([rule] if rule else [])


def test_every_threshold_reached_is_named(pack: IncidentTierPack) -> None:
    decision = pack.classify(_facts(outage_hours=Decimal(13), personal_info=20_000_000))
    assert decision.tier.id == "major"
    assert [h.id for h in decision.rules] == ["outage_12h", "pi_1e7"]


def _edited(tmp_path: Path, old: str, new: str) -> Path:
    text = PACK_FILE.read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "tiers.yaml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (
            "{id: loss_5e7, kind: direct_loss_cny, at_least: 50000000, confidence: U, "
            "needs_review: true}",
            "{id: loss_5e7, kind: direct_loss_cny, at_least: 50000000, confidence: U}",
            "confidence U must carry needs_review",
        ),
        ("threat: serious, confidence: F}", "threat: grave, confidence: F}", "known threat"),
        (
            "{id: outage_8h, kind: outage_hours, at_least: 8,",
            "{id: outage_8h, kind: outage_hours,",
            "needs at_least",
        ),
        ("at_least: 12,", "at_least: -12,", "greater than or equal to 0"),
        ("unit: working_days", "unit: fortnights", "working_days"),
        ("due_month: 1\n  due_day: 31", "due_month: 2\n  due_day: 30", "out of range"),
        ("id: outage_12h", "id: outage_24h", "duplicate id 'outage_24h'"),
    ],
)
def test_an_invalid_edit_is_reported_with_why(
    tmp_path: Path, old: str, new: str, message: str
) -> None:
    pack, problems = load_pack_file(_edited(tmp_path, old, new))
    assert pack is None
    assert any(message in p.message for p in problems), problems


def test_a_site_pack_replaces_a_threshold(tmp_path: Path) -> None:
    path = _edited(
        tmp_path, "at_least: 50000000, confidence: U", "at_least: 60000000, confidence: U"
    )
    loaded = load_packs([path])
    assert not loaded.problems
    pack = loaded.one(IncidentTierPack)
    assert pack.classify(_facts(direct_loss_cny=Decimal(59_999_999))).tier.id == "general"
    assert pack.classify(_facts(direct_loss_cny=Decimal(60_000_000))).tier.id == "large"
