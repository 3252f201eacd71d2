"""The scan report's one dictionary form, stored with scan and detection runs alike."""

from __future__ import annotations

from indsec.model import ScanReport


def test_to_dict_keeps_results_drops_the_limit_and_adds_the_run_facts() -> None:
    report = ScanReport(limit=1, assets_seen=3, assets_read=2)
    report.warn("t1", "odd")
    report.warn("t2", "odd too")
    report.fail("f.csv", "unreadable")

    data = report.to_dict(carried_over={"sqlite:///a.db": 4})

    assert data == {
        "assets_seen": 3,
        "assets_read": 2,
        "values_sampled": 0,
        "bytes_read": 0,
        "warnings": [{"where": "t1", "message": "odd"}],
        "failures": [{"where": "f.csv", "message": "unreadable"}],
        "warnings_dropped": 1,
        "failures_dropped": 0,
        "carried_over": {"sqlite:///a.db": 4},
    }
    assert list(data)[-1] == "carried_over"


def test_to_dict_of_an_empty_report_has_no_limit() -> None:
    assert "limit" not in ScanReport().to_dict()
