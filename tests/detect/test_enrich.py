"""Grade-aware enrichment: events naming tables, files and hosts get the catalogue's grade."""

from __future__ import annotations

import pytest

from indsec.detect.enrich import CatalogueIndex, raised_severity
from indsec.model import ClassifiedAsset, Grade, RationaleStep
from indsec.model.event import Event, LogSource


def _asset(
    name: str,
    grade: Grade,
    *,
    kind: str = "table",
    source: str = "postgresql://scanner:***@10.0.0.5/erp",
) -> ClassifiedAsset:
    return ClassifiedAsset(
        source=source,
        name=name,
        kind=kind,
        category="production.process_parameters",
        grade=grade,
        rationale=[
            RationaleStep(
                rule="grading.decision",
                effect=grade.value,
                grade=grade,
                evidence=["decided by tech.process_critical on 配方名称"],
            )
        ],
    )


INDEX = CatalogueIndex.from_assets(
    [
        _asset("public.pp_recipe", Grade.IMPORTANT),
        _asset("public.ems_energy", Grade.GENERAL),
        _asset("研发/图纸/DWG-1.dxf", Grade.CORE, kind="file", source="file:///srv/share"),
    ]
)


def _event(**fields: object) -> Event:
    return Event(fields=dict(fields), logsource=LogSource(product="postgresql"), origin="x:1")


@pytest.mark.parametrize(
    ("fields", "grade", "matched_on"),
    [
        ({"table": ["pp_recipe"]}, "important", "table=pp_recipe"),
        (
            {"table": ["PUBLIC.PP_RECIPE", "public.ems_energy"]},
            "important",
            "table=PUBLIC.PP_RECIPE",
        ),
        ({"TargetFilename": "\\\\fs01\\share\\研发\\图纸\\DWG-1.dxf"}, "core", "TargetFilename="),
        ({"TargetFilename": "/srv/share/研发/图纸/DWG-1.dxf.locked"}, None, None),
        ({"SourceFilename": "/mnt/s/研发/图纸/DWG-1.dxf"}, "core", "SourceFilename="),
        ({"DestinationIp": "10.0.0.5"}, "important", "DestinationIp=10.0.0.5"),
        ({"table": ["other_table"], "DestinationIp": "10.9.9.9"}, None, None),
    ],
)
def test_events_are_tied_to_the_strictest_asset(
    fields: dict[str, object], grade: str | None, matched_on: str | None
) -> None:
    event = _event(**fields)
    context = INDEX.enrich(event)
    if grade is None:
        assert context is None and "AssetGrade" not in event.fields
        return
    assert context is not None
    assert event.fields["AssetGrade"] == grade == context.grade.value
    assert matched_on is not None and context.matched_on.startswith(matched_on)
    assert context.reason == "decided by tech.process_critical on 配方名称"


@pytest.mark.parametrize(
    ("level", "grade", "expected"),
    [
        ("medium", None, "medium"),
        ("medium", Grade.GENERAL, "medium"),
        ("medium", Grade.IMPORTANT, "high"),
        ("medium", Grade.CORE, "critical"),
        ("high", Grade.CORE, "critical"),
        ("", Grade.CORE, ""),
    ],
)
def test_severity_is_raised_by_grade(level: str, grade: Grade | None, expected: str) -> None:
    steps = {"important": 1, "core": 2}
    assert raised_severity(level, grade, steps=steps) == expected
