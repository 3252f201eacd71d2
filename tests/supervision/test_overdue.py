"""Overdue lists per region: reviews past or near their due day, re-filings owed after a major
change of scale, each cut to the regulator's jurisdiction, with the day's edges in Shanghai."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest

from indsec.errors import PermissionDeniedError
from indsec.supervision.service import DueLists, due_lists
from tests.identity.world import USCC_A, USCC_B, World
from tests.supervision.filings import A, B, add_change, add_filing, principal, scale

SHANGHAI = ZoneInfo("Asia/Shanghai")


def shanghai(*args: int) -> datetime:
    return datetime(*args, tzinfo=SHANGHAI)


def lists(
    world: World, who: str, now: datetime, days: int = 0, region: str | None = None
) -> DueLists:
    return due_lists(
        app=world.app,
        principal=principal(world.app, who),
        within_days=days,
        region_code=region,
        now=now,
    )


def seed_reviews(world: World) -> None:
    # Tue 29 Sep 2026 at 10:00 in Suzhou: due Mon 2 Nov (National Day week skipped)
    for enterprise in (A, B):
        add_filing(world.app, 1, "submitted", shanghai(2026, 9, 29, 10), enterprise=enterprise)
    add_filing(world.app, 2, "accepted", shanghai(2026, 9, 1, 10))


def test_a_review_is_overdue_only_once_its_due_day_has_ended_in_shanghai(world: World) -> None:
    seed_reviews(world)
    last_second = lists(world, "city_sz", shanghai(2026, 11, 2, 23, 59, 59))
    assert [(r.uscc, r.due, r.overdue) for r in last_second.reviews] == [
        (USCC_A, date(2026, 11, 2), False)
    ]
    # 16:00 UTC on 2 Nov is midnight in Shanghai: the next day, overdue
    midnight = lists(world, "city_sz", datetime(2026, 11, 2, 16, 0, tzinfo=UTC))
    assert [r.overdue for r in midnight.reviews] == [True]


def test_due_soon_counts_days_ahead_of_the_regulator_s_today(world: World) -> None:
    seed_reviews(world)
    friday = shanghai(2026, 10, 30, 9)  # due Monday 2 Nov: three days ahead
    assert lists(world, "city_sz", friday, days=2).reviews == []
    assert [r.uscc for r in lists(world, "city_sz", friday, days=3).reviews] == [USCC_A]


def test_each_regulator_sees_its_own_region_subtree(world: World) -> None:
    seed_reviews(world)
    late = shanghai(2026, 11, 20, 9)
    assert {r.uscc for r in lists(world, "prov_js", late).reviews} == {USCC_A}
    assert {r.uscc for r in lists(world, "prov_zj", late).reviews} == {USCC_B}
    assert lists(world, "city_nj", late).reviews == []
    assert {r.uscc for r in lists(world, "national", late).reviews} == {USCC_A, USCC_B}
    assert {r.uscc for r in lists(world, "national", late, region="330000").reviews} == {USCC_B}
    with pytest.raises(PermissionDeniedError):
        lists(world, "prov_js", late, region="330000")
    with pytest.raises(PermissionDeniedError):
        lists(world, "officer_a", late)


def seed_change(world: World, records: int, size: int, status: str = "returned") -> None:
    """An accepted filing, then (31 March 2026, 10:00) a version of another scale."""
    add_change(world.app, status, shanghai(2026, 3, 31, 10), scale(records, size))


def test_a_30_percent_change_is_owed_within_3_calendar_months_clamped(world: World) -> None:
    seed_change(world, 130, 1000)
    # 31 March + 3 months: no 31 June, so Tue 30 June, to its last second in Shanghai
    on_time = lists(world, "prov_js", shanghai(2026, 6, 30, 23, 59), days=0)
    assert [(r.uscc, r.version, r.due, r.overdue) for r in on_time.refilings] == [
        (USCC_A, 2, date(2026, 6, 30), False)
    ]
    assert on_time.refilings[0].categories == ("production.process_recipe",)
    late = lists(world, "prov_js", shanghai(2026, 7, 1, 0, 0), days=0)
    assert [r.overdue for r in late.refilings] == [True]
    assert lists(world, "prov_zj", shanghai(2026, 7, 1, 0, 0)).refilings == []


@pytest.mark.parametrize(
    ("records", "size", "owed"),
    [
        (129, 1000, False),
        (70, 1000, True),
        (71, 1000, False),
        (100, 1300, True),
        (100, 1299, False),
    ],
)
def test_only_a_change_of_30_percent_or_more_in_records_or_storage_is_major(
    world: World, records: int, size: int, owed: bool
) -> None:
    seed_change(world, records, size)
    found = lists(world, "prov_js", shanghai(2026, 12, 1, 9)).refilings
    assert bool(found) is owed


def test_accepting_the_changed_filing_settles_the_re_filing(world: World) -> None:
    seed_change(world, 200, 1000, status="accepted")
    assert lists(world, "prov_js", shanghai(2026, 12, 1, 9)).refilings == []


def test_a_dropped_category_is_a_major_change(world: World) -> None:
    add_filing(
        world.app,
        1,
        "accepted",
        shanghai(2026, 1, 5, 10),
        scale_of={**scale(100, 1000), **scale(5, 50, "hr.payroll")},
    )
    add_filing(world.app, 2, "under_review", shanghai(2026, 2, 2, 10), scale_of=scale(100, 1000))
    found = lists(world, "prov_js", shanghai(2026, 12, 1, 9)).refilings
    assert [r.categories for r in found] == [("hr.payroll",)]


def test_a_re_filing_due_in_a_year_without_a_calendar_is_reported_not_fatal(
    world: World,
) -> None:
    seed_reviews(world)  # A: version 1 under review, version 2 accepted
    add_filing(
        world.app,
        3,
        "returned",
        shanghai(2026, 11, 16, 10),
        scale_of=scale(300, 1000),
        review_due=date(2026, 12, 14),
    )
    found = lists(world, "prov_js", shanghai(2026, 12, 1, 9))
    assert found.refilings == []
    assert len(found.problems) == 1 and "2027" in found.problems[0]
    assert [r.version for r in found.reviews] == [1], "the rest of the lists is still there"


def test_a_change_submitted_just_after_midnight_in_shanghai_counts_from_that_day(
    world: World,
) -> None:
    """Read back from the database: 16:30 UTC on 30 June is 00:30 on 1 July in Shanghai, so the
    3 months end on 1 October, the National Day holiday, and roll to Thursday 8 October."""
    add_change(world.app, "returned", datetime(2026, 6, 30, 16, 30, tzinfo=UTC), scale(100, 2000))
    found = lists(world, "prov_js", shanghai(2026, 10, 8, 23, 59)).refilings
    assert [(r.due, r.overdue) for r in found] == [(date(2026, 10, 8), False)]
    assert found[0].start.astimezone(SHANGHAI) == shanghai(2026, 7, 1, 0, 30)
