"""The site policy: reading ``[site]``, its clock, placeholders, and the flags it stamps."""

from __future__ import annotations

import tomllib
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from indsec.errors import ConfigError
from indsec.model import SitePolicy
from indsec.model.event import Event, LogSource
from indsec.model.site_policy import plant_zone
from indsec.profile_config import load_site_policy, save_site_policy, site_policy_from_table

SHANGHAI = ZoneInfo("Asia/Shanghai")


def at(text: str) -> datetime:
    """A plant-time moment; 2024-02-26 is a Monday."""
    return datetime.fromisoformat(text).replace(tzinfo=SHANGHAI)


def test_plant_zone_defaults_to_utc_and_rejects_unknown_names() -> None:
    assert plant_zone(None) is UTC
    assert plant_zone("Asia/Shanghai").utcoffset(datetime(2025, 1, 1)) == SHANGHAI.utcoffset(
        datetime(2025, 1, 1)
    )
    with pytest.raises(ValueError, match="unknown timezone 'Mars/Olympus'"):
        plant_zone("Mars/Olympus")


def test_defaults_without_a_file(tmp_path: Path) -> None:
    policy = load_site_policy(tmp_path / "indsec.toml")
    assert policy == SitePolicy()
    assert policy.timezone == "Asia/Shanghai"
    assert policy.zone == SHANGHAI


def test_reads_the_site_table_and_keeps_others_on_save(tmp_path: Path) -> None:
    path = tmp_path / "indsec.toml"
    path.write_text('[enterprise]\nname = "测试工厂"\n\n[site]\nbastion_hosts = ["10.0.0.5"]\n')
    policy = load_site_policy(path)
    assert policy.bastion_hosts == ["10.0.0.5"]
    updated = policy.model_copy(update={"vendor_accounts": ["vendor_remote"]})
    save_site_policy(path, updated)
    document = tomllib.loads(path.read_text(encoding="utf-8"))
    assert document["enterprise"] == {"name": "测试工厂"}
    assert load_site_policy(path) == updated


def test_round_trip_with_change_windows(tmp_path: Path) -> None:
    policy = SitePolicy.model_validate(
        {
            "change_windows": [
                "Sat 22:00-Sun 06:00",
                {"start": "2024-03-05T20:00:00", "end": "2024-03-05T23:00:00"},
            ]
        }
    )
    path = tmp_path / "indsec.toml"
    save_site_policy(path, policy)
    assert load_site_policy(path) == policy


@pytest.mark.parametrize(
    ("table", "key"),
    [
        ({"timezone": "Mars/Olympus"}, "timezone"),
        ({"working_hours": "8-18"}, "working_hours"),
        ({"working_hours": "25:00-26:00"}, "working_hours"),
        ({"working_days": ["Mon", "Funday"]}, "working_days"),
        ({"working_days": ["Monkey"]}, "working_days"),
        ({"change_windows": ["every night"]}, "change_windows"),
        ({"change_windows": ["Sat 22:00-Sat 22:00"]}, "change_windows"),
        (
            {"change_windows": [{"start": "2024-03-05T20:00:00", "end": "2024-03-05T19:00:00"}]},
            "change_windows.0",
        ),
        (
            {"change_windows": [{"start": "2024-03-05T20:00:00+08:00", "end": "2024-03-05T23:00"}]},
            "change_windows.0",
        ),
        ({"bulk_read_rows": 0}, "bulk_read_rows"),
        ({"bastion_host": ["10.0.0.5"]}, "bastion_host"),
    ],
)
def test_invalid_policy_names_the_key(table: dict[str, Any], key: str) -> None:
    with pytest.raises(ConfigError, match=rf"indsec\.toml: \[site\] {key}: "):
        site_policy_from_table(table, "indsec.toml")


def test_invalid_toml_is_a_config_error(tmp_path: Path) -> None:
    path = tmp_path / "indsec.toml"
    path.write_text("[site\n")
    with pytest.raises(ConfigError, match="invalid TOML"):
        load_site_policy(path)


def test_site_must_be_a_table() -> None:
    with pytest.raises(ConfigError, match=r"\[site\] must be a table"):
        site_policy_from_table(["not", "a", "table"], "indsec.toml")


def test_placeholders_carry_the_lists() -> None:
    policy = SitePolicy(
        bastion_hosts=["10.20.30.50"],
        vendor_accounts=["vendor_remote"],
        service_accounts=["mes_svc"],
        engineering_hosts=["10.10.20.21"],
        approved_remote_tools=["TeamViewer.exe"],
        removable_media=["/media/"],
    )
    assert policy.placeholders() == {
        "bastion_hosts": ["10.20.30.50"],
        "vendor_accounts": ["vendor_remote"],
        "service_accounts": ["mes_svc"],
        "engineering_hosts": ["10.10.20.21"],
        "approved_remote_tools": ["TeamViewer.exe"],
        "removable_media": ["/media/"],
    }


@pytest.mark.parametrize(
    ("hours", "moment", "off"),
    [
        ("08:00-18:00", "2024-02-26T07:59:59", True),
        ("08:00-18:00", "2024-02-26T08:00:00", False),
        ("08:00-18:00", "2024-02-26T17:59:59", False),
        ("08:00-18:00", "2024-02-26T18:00:00", True),
        ("08:00-18:00", "2024-03-02T10:00:00", True),  # Saturday
        ("08:30-17:30", "2024-02-26T08:29:00", True),
        ("08:30-17:30", "2024-02-26T08:30:00", False),
        ("22:00-06:00", "2024-02-26T23:00:00", False),  # Monday's night shift
        ("22:00-06:00", "2024-02-27T05:59:00", False),  # ... still Monday's shift
        ("22:00-06:00", "2024-02-27T06:00:00", True),
        ("22:00-06:00", "2024-02-26T05:00:00", True),  # Sunday night is not a working shift
        ("22:00-06:00", "2024-03-02T05:00:00", False),  # Friday's shift ends on Saturday
    ],
)
def test_off_hours(hours: str, moment: str, off: bool) -> None:
    assert SitePolicy(working_hours=hours).off_hours(at(moment)) is off


def test_off_hours_in_plant_time_whatever_the_event_zone() -> None:
    policy = SitePolicy()
    assert policy.off_hours(datetime(2024, 2, 26, 1, 0, tzinfo=UTC)) is False  # 09:00 Shanghai
    assert policy.off_hours(datetime(2024, 2, 26, 11, 0, tzinfo=UTC)) is True  # 19:00 Shanghai


@pytest.mark.parametrize(
    ("window", "moment", "inside"),
    [
        ("Sat 22:00-Sun 06:00", "2024-03-02T21:59:00", False),
        ("Sat 22:00-Sun 06:00", "2024-03-02T22:00:00", True),
        ("Sat 22:00-Sun 06:00", "2024-03-03T05:59:00", True),
        ("Sat 22:00-Sun 06:00", "2024-03-03T06:00:00", False),
        ("Sun 22:00-Mon 02:00", "2024-03-03T23:00:00", True),  # wraps the week
        ("Sun 22:00-Mon 02:00", "2024-03-04T01:59:00", True),
        ("Sun 22:00-Mon 02:00", "2024-03-04T02:00:00", False),
        ("saturday 23:00-01:00", "2024-03-03T00:30:00", True),  # end day omitted: next day
        ("Wed 12:00-13:00", "2024-02-28T12:30:00", True),
        ("Wed 12:00-13:00", "2024-02-29T12:30:00", False),
    ],
)
def test_weekly_change_windows(window: str, moment: str, inside: bool) -> None:
    assert SitePolicy(change_windows=[window]).in_change_window(at(moment)) is inside


def test_dated_change_window_in_plant_time() -> None:
    policy = SitePolicy.model_validate(
        {"change_windows": [{"start": "2024-03-05T20:00:00", "end": "2024-03-05T23:00:00"}]}
    )
    assert policy.in_change_window(at("2024-03-05T20:00:00"))
    assert not policy.in_change_window(at("2024-03-05T23:00:00"))
    assert policy.in_change_window(datetime(2024, 3, 5, 13, 0, tzinfo=UTC))  # 21:00 Shanghai
    assert not policy.in_change_window(at("2024-03-12T21:00:00"))


def _event(when: datetime | None, **fields: Any) -> Event:
    return Event(fields, LogSource(product="postgresql"), timestamp=when)


def test_annotate_stamps_time_flags_and_bulk_reads() -> None:
    policy = SitePolicy(change_windows=["Tue 02:00-Tue 03:00"], bulk_read_rows=1000)
    event = _event(datetime(2024, 2, 26, 18, 30, tzinfo=UTC), rows=1000)
    policy.annotate(event)
    assert event.fields == {
        "rows": 1000,
        "PlantTime": "2024-02-27T02:30:00+08:00",
        "OffHours": True,
        "InChangeWindow": True,
        "BulkRead": True,
    }


@pytest.mark.parametrize(
    ("rows", "bulk"),
    [(999, False), (1000, True), ("2500", True), ("many", None), (True, None), (None, None)],
)
def test_bulk_read_threshold(rows: Any, bulk: bool | None) -> None:
    event = _event(None, rows=rows)
    SitePolicy(bulk_read_rows=1000).annotate(event)
    assert event.fields.get("BulkRead") is bulk
    assert "OffHours" not in event.fields  # no time, no time flags
