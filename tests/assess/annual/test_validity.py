"""Validity: one year from the first issue, a reissue never extends it, reminders at the edge."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from indsec.assess.annual import validity
from indsec.settings import Settings

FIRST = date(2026, 12, 7)
EXPIRES = date(2027, 12, 7)


@pytest.mark.parametrize(
    ("today", "days_left", "expired"),
    [
        (FIRST, 365, False),
        (EXPIRES - timedelta(days=1), 1, False),
        (EXPIRES, 0, False),
        (EXPIRES + timedelta(days=1), -1, True),
    ],
)
def test_a_report_is_valid_through_its_anniversary_and_expired_the_day_after(
    today: date, days_left: int, expired: bool
) -> None:
    found = validity(issued=FIRST, first_issued=None, today=today, reminder_days=30)
    assert found.valid_until == EXPIRES
    assert (found.days_left, found.expired) == (days_left, expired)


@pytest.mark.parametrize(("days_before", "due"), [(31, False), (30, True), (29, True), (-5, True)])
def test_the_reminder_is_due_from_the_setting_s_days_before_expiry(
    days_before: int, due: bool
) -> None:
    today = EXPIRES - timedelta(days=days_before)
    found = validity(issued=FIRST, first_issued=None, today=today, reminder_days=30)
    assert found.reminder_due is due


def test_a_reissue_keeps_the_first_issue_date_and_its_expiry() -> None:
    reissued = date(2027, 3, 1)
    found = validity(issued=reissued, first_issued=FIRST, today=reissued, reminder_days=30)
    assert (found.first_issued, found.issued, found.valid_until) == (FIRST, reissued, EXPIRES)


def test_a_report_first_issued_on_29_february_is_valid_through_28_february() -> None:
    found = validity(
        issued=date(2028, 2, 29), first_issued=None, today=date(2028, 3, 1), reminder_days=30
    )
    assert found.valid_until == date(2029, 2, 28)


def test_the_reminder_horizon_is_a_setting_with_a_safe_default(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    assert Settings().assessment_reminder_days == 30
    monkeypatch.setenv("INDSEC_ASSESSMENT_REMINDER_DAYS", "60")
    assert Settings().assessment_reminder_days == 60
