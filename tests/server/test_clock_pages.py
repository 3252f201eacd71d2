"""The clocks' pages: the regulator's overdue lists (filters in place, XLSX export in the page's
language) and the bell with its unread count, marked read in place."""

from __future__ import annotations

from io import BytesIO

from openpyxl import load_workbook

from tests.identity.world import USCC_A, World
from tests.server.test_pages import _signed_in


def test_the_overdue_page_lists_the_jurisdiction_s_clocks_in_chinese(clock_world: World) -> None:
    client = _signed_in(clock_world, "city_sz", mode="supervision")
    text = client.get("/overdue").text
    assert "法定时限" in text and "企业A" in text and USCC_A in text and "已逾期" in text
    assert "苏州市" in text, "regions by name in the filter and the rows"
    rows = client.get("/overdue/rows?region_code=320500&within_days=0", headers={"HX-Request": "1"})
    assert "<html" not in rows.text and "企业A" in rows.text
    english = client.get("/overdue?lang=en").text
    assert "Filing reviews" in english and "overdue" in english


def test_the_filter_narrows_to_a_region_and_refuses_one_outside(clock_world: World) -> None:
    client = _signed_in(clock_world, "prov_js", mode="supervision")
    assert "企业A" not in client.get("/overdue/rows?region_code=320100").text
    assert client.get("/overdue/rows?region_code=330100").status_code == 403


def test_the_export_is_a_workbook_in_the_page_s_language(clock_world: World) -> None:
    client = _signed_in(clock_world, "prov_js", mode="supervision")
    answer = client.get("/overdue.xlsx?within_days=0")
    sheet = load_workbook(BytesIO(answer.content), read_only=True).active
    assert sheet is not None
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("时限", "企业", "统一社会信用代码")
    assert {(r[0], r[2], r[8]) for r in rows[1:]} == {
        ("备案审核", USCC_A, "是"),
        ("重大变化变更备案", USCC_A, "是"),
    }


def test_the_bell_counts_unread_reminders_until_they_are_marked_read(clock_world: World) -> None:
    client = _signed_in(clock_world, "officer_a")
    bell = client.get("/notifications/bell").text
    assert '<span class="badge"' in bell and ">1<" in bell
    page = client.get("/notifications").text
    assert "企业A应于" in page and "变更备案" in page
    csrf = page.split('"X-CSRF-Token": "')[1].split('"')[0]
    marked = client.post("/notifications/read", headers={"X-CSRF-Token": csrf, "HX-Request": "1"})
    assert marked.status_code == 200 and marked.headers["HX-Trigger"] == "notifications-read"
    assert "badge" not in client.get("/notifications/bell").text
    assert client.get("/api/notifications").json()["unread"] == 0
