"""Calendar packs over chinesecalendar: a published year added by a site file, a wrong day
corrected, bad files refused with their line, and an uncovered year still an error naming it."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from indsec.app import AppContext
from indsec.clocks.calendar_pack import builtin_calendar_pack
from indsec.clocks.workdays import load_calendar
from indsec.errors import ConfigError, RulePackError
from indsec.settings import Settings

HEADER = """pack:
  id: site.calendar
  kind: calendar
  version: "1"
"""

YEAR_2027 = (
    HEADER
    + """years:
  2027:
    source: "test arrangement"
    holidays: [2027-01-01, 2027-02-08, 2027-02-09]
    workdays: [2027-02-14]
"""
)


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "calendar.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_the_builtin_pack_says_2027_needs_review_and_adds_no_year() -> None:
    pack = builtin_calendar_pack()
    assert pack.years == {}
    assert any(item.startswith("2027") for item in pack.needs_review)


def test_a_site_file_covers_a_year_chinesecalendar_does_not(tmp_path: Path) -> None:
    work = load_calendar(write(tmp_path, YEAR_2027))
    assert not work.is_working_day(date(2027, 1, 1)), "a listed holiday (a Friday)"
    assert work.is_working_day(date(2027, 2, 14)), "a listed make-up Sunday"
    assert work.is_working_day(date(2027, 1, 4)), "an unlisted Monday works"
    assert not work.is_working_day(date(2027, 1, 9)), "an unlisted Saturday rests"
    # Friday 5 Feb 2027: Mon 8 and Tue 9 are off, Wed 10 is the first working day
    assert work.add_working_days(date(2027, 2, 5), 1) == date(2027, 2, 10)


def test_a_site_file_corrects_one_day_and_keeps_the_rest_of_the_package(tmp_path: Path) -> None:
    text = HEADER + 'years:\n  2026:\n    source: "correction"\n    workdays: [2026-10-03]\n'
    work = load_calendar(write(tmp_path, text))
    assert work.is_working_day(date(2026, 10, 3)), "the corrected day"
    assert not work.is_working_day(date(2026, 10, 2)), "chinesecalendar's holiday is kept"


def test_the_calendar_file_setting_reaches_the_app_context(tmp_path: Path) -> None:
    settings = Settings(calendar_file=write(tmp_path, YEAR_2027), home=tmp_path)
    assert AppContext(settings).work_calendar.is_working_day(date(2027, 2, 14))


def test_a_year_in_no_calendar_is_an_error_naming_it_and_the_setting() -> None:
    with pytest.raises(ConfigError, match=r"2027.*INDSEC_CALENDAR_FILE"):
        load_calendar().is_working_day(date(2027, 3, 1))


def test_a_bad_file_is_refused_with_every_problem_located(tmp_path: Path) -> None:
    text = (
        HEADER
        + """years:
  2027:
    source: "x"
    holidays: [2028-01-01, 2027-05-01]
    workdays: [2027-05-01]
    weekends: []
"""
    )
    with pytest.raises(RulePackError) as caught:
        load_calendar(write(tmp_path, text))
    message = str(caught.value)
    assert "calendar.yaml:10" in message and "weekends" in message
    # the semantic checks run once the schema holds
    fixed = text.replace("    weekends: []\n", "")
    with pytest.raises(RulePackError) as semantic:
        load_calendar(write(tmp_path, fixed))
    assert "2028-01-01 is not in 2027" in str(semantic.value)
    assert "2027-05-01 is listed twice" in str(semantic.value)


def test_a_missing_site_file_is_an_error_naming_it(tmp_path: Path) -> None:
    with pytest.raises(RulePackError, match=r"nowhere\.yaml"):
        load_calendar(tmp_path / "nowhere.yaml")
