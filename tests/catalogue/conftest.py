"""Hand-built catalogue assets for catalogue tests that must not depend on recognizers."""

from __future__ import annotations

from indsec.model import ClassifiedAsset, FieldLabel, FieldResult, Grade, RationaleStep


def make_asset(
    name: str,
    grade: Grade,
    *,
    rows: int | None = 100,
    category: str = "management.hr_finance",
    source: str = "sqlite:///plant.db",
) -> ClassifiedAsset:
    return ClassifiedAsset(
        source=source,
        name=name,
        kind="table",
        rows=rows,
        category=category,
        grade=grade,
        rationale=[RationaleStep(rule="test.rule", effect=f"grade {grade.value}", grade=grade)],
        fields=[
            FieldResult(
                name="sfzh",
                labels=[
                    FieldLabel(
                        label="cn.resident_id",
                        confidence=0.9,
                        matched=9,
                        sampled=10,
                        masked_examples=["1101**********1234"],
                    )
                ],
            )
        ],
    )
