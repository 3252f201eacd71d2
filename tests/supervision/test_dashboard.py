"""The dashboard's figures against the world of ``tests.supervision.records``: the key numbers
computed by hand (its docstring), the distributions counted in Python over the same records."""

from __future__ import annotations

from collections import Counter

from indsec.app import AppContext
from indsec.supervision import service as supervision
from indsec.supervision.service import AgeCount, DivisionGrades, RegionFigures
from tests.supervision import records
from tests.supervision.records import NOW


def _current(region_prefix: str) -> list[records.Filing]:
    newest: dict[str, records.Filing] = {}
    for filing in records.filings():
        if not filing.region_code.startswith(region_prefix):
            continue
        if filing.uscc not in newest or filing.version > newest[filing.uscc].version:
            newest[filing.uscc] = filing
    return list(newest.values())


def _bucket(filing: records.Filing) -> str:
    days = (NOW - filing.submitted_at).days
    return "0-7" if days <= 7 else "8-30" if days <= 30 else "31-90" if days <= 90 else "91+"


def test_the_country_counts_every_province(supervision_app: AppContext) -> None:
    found = supervision.dashboard_figures(app=supervision_app, region_code="100000", now=NOW)
    assert (found.filed, found.target) == (67 + 25, 45_000)
    assert (found.mandatory, found.covered) == (14 + 5, 5 + 3)
    assert found.regions == [
        RegionFigures("320000", filed=67, mandatory=14, covered=5),
        RegionFigures("330000", filed=25, mandatory=5, covered=3),
    ]


def test_a_province_counts_its_cities(supervision_app: AppContext) -> None:
    found = supervision.dashboard_figures(app=supervision_app, region_code="320000", now=NOW)
    assert (found.level, found.filed, found.mandatory, found.covered) == ("province", 67, 14, 5)
    assert found.regions == [
        RegionFigures("320100", filed=33, mandatory=6, covered=1),
        RegionFigures("320500", filed=34, mandatory=8, covered=4),
    ]


def test_a_city_is_ranked_within_its_province(supervision_app: AppContext) -> None:
    """Suzhou's mandatory enterprises are its share of Jiangsu's top 10 %, not its own top 10 %."""
    found = supervision.dashboard_figures(app=supervision_app, region_code="320500", now=NOW)
    assert (found.level, found.filed, found.mandatory, found.covered) == ("city", 34, 8, 4)
    assert found.regions == []


def test_filings_by_status_and_age_are_the_current_versions(supervision_app: AppContext) -> None:
    found = supervision.dashboard_figures(app=supervision_app, region_code="320000", now=NOW)
    current = _current("32")
    assert found.statuses == dict(Counter(f.status for f in current))
    assert sum(found.statuses.values()) == 67, "an older version is never counted"
    expected = Counter((f.status, _bucket(f)) for f in current)
    assert sorted(found.ages, key=lambda a: (a.status, a.bucket)) == [
        AgeCount(status, bucket, count) for (status, bucket), count in sorted(expected.items())
    ]
    assert {a.bucket for a in found.ages} == {"0-7", "8-30", "31-90", "91+"}


def test_grades_by_industry_division(supervision_app: AppContext) -> None:
    found = supervision.dashboard_figures(app=supervision_app, region_code="320000", now=NOW)
    current = _current("32")
    expected = [
        DivisionGrades(
            division,
            sum(1 for f in current if f.industry_code[:3] == division),
            sum(f.important for f in current if f.industry_code[:3] == division),
            sum(f.core for f in current if f.industry_code[:3] == division),
        )
        for division in sorted({f.industry_code[:3] for f in current})
    ]
    assert found.grades == expected
    assert [g.division for g in found.grades] == ["C35", "D44", "F51"]
