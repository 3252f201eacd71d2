"""A filing of the important/core data catalogue, as built and before it is written out.

A domain value (the regulator receives it, a supervision instance will store it), so it lives
here; how it is assembled and written (JSON, XLSX) stays with the report feature.
"""

from __future__ import annotations

from dataclasses import dataclass

from indsec.model.profile import EnterpriseProfile


@dataclass(frozen=True)
class Filing:
    """A filing ready to export: one record per important or core asset."""

    enterprise: EnterpriseProfile
    catalogue_version: int
    lang: str
    title: str
    sheet_name: str
    columns: list[tuple[str, str]]
    records: list[dict[str, str]]


SCALE_MEASURES = ("records", "bytes")
"""What a filed category's scale is measured in (the Measures: record count or total storage);
a filing's ``scale`` maps each filed category id to these, e.g.
``{"production.process_recipe": {"records": 120000, "bytes": 5368709120}}``."""


def scale_change(before: int | None, after: int | None) -> float | None:
    """The relative change from ``before`` to ``after`` (1.0 from nothing to something); None
    when either is unknown or nothing changed."""
    if before is None or after is None or before == after:
        return None
    if before == 0:
        return 1.0
    return abs(after - before) / before


def major_scale_changes(
    before: dict[str, dict[str, int | None]],
    after: dict[str, dict[str, int | None]],
    *,
    threshold: float,
) -> list[str]:
    """The categories whose record count or storage changed by ``threshold`` or more from
    ``before`` to ``after``; a category filed in only one of them has changed entirely."""
    changed = []
    for category in sorted(before.keys() | after.keys()):
        old, new = before.get(category), after.get(category)
        ratios = (
            [1.0]
            if old is None or new is None
            else [scale_change(old.get(m), new.get(m)) for m in SCALE_MEASURES]
        )
        if any(r is not None and r >= threshold for r in ratios):
            changed.append(category)
    return changed
