"""What changed between two catalogue versions, and whether the change forces a re-filing.

The Measures require a filing update when the scale of important or core data changes by a
threshold (30 % in the filing pack), so the diff measures scale, not only grade and category.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from indsec.model import ClassifiedAsset, Grade
from indsec.model.filing import scale_change


class Change(StrEnum):
    ADDED = "added"
    REMOVED = "removed"
    GRADE = "grade"
    CATEGORY = "category"
    SCALE = "scale"


@dataclass(frozen=True, slots=True)
class AssetChange:
    """One change of one asset between two versions."""

    key: str
    change: Change
    before: str
    after: str
    refiling: bool
    by_review: bool = False


def _filed(grade: Grade | None) -> bool:
    return grade is not None and grade.rank >= Grade.IMPORTANT.rank


def diff_assets(
    before: list[ClassifiedAsset], after: list[ClassifiedAsset], *, refiling_scale_change: float
) -> list[AssetChange]:
    """Every change from ``before`` to ``after``, sorted by asset key."""
    old = {a.key: a for a in before}
    new = {a.key: a for a in after}
    changes: list[AssetChange] = []
    for key in sorted(old.keys() | new.keys()):
        changes.extend(_changes_of(key, old.get(key), new.get(key), refiling_scale_change))
    return changes


def _changes_of(
    key: str, old: ClassifiedAsset | None, new: ClassifiedAsset | None, threshold: float
) -> list[AssetChange]:
    if old is None and new is not None:
        return [AssetChange(key, Change.ADDED, "", new.grade.value, _filed(new.grade))]
    if new is None and old is not None:
        return [AssetChange(key, Change.REMOVED, old.grade.value, "", _filed(old.grade))]
    if old is None or new is None:
        return []
    filed = _filed(old.grade) or _filed(new.grade)
    found = []
    if old.grade != new.grade:
        reviewed = new.computed_grade is not None
        found.append(
            AssetChange(key, Change.GRADE, old.grade.value, new.grade.value, filed, reviewed)
        )
    if old.category != new.category:
        reviewed = new.computed_category is not None
        found.append(AssetChange(key, Change.CATEGORY, old.category, new.category, filed, reviewed))
    ratio = scale_change(old.rows, new.rows)
    if ratio is not None:
        refile = filed and ratio >= threshold
        found.append(AssetChange(key, Change.SCALE, str(old.rows), str(new.rows), refile))
    return found
