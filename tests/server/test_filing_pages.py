"""The filing pages in Chinese and English: the regulator's list (htmx filters, XLSX export)
and a filing's page (records, versions, diff, history, the review buttons), and the enterprise
console's filing page (preview, the CLI's files, submit without a configured instance)."""

from __future__ import annotations

import io
import json
from zoneinfo import ZoneInfo

from openpyxl import load_workbook

from indsec.identity import service as identity
from indsec.report import service as report
from indsec.server import create_app
from indsec.store.moments import aware
from indsec.store.tables import FilingRow
from tests.identity.world import World
from tests.server.filings import document_of_a, filed, sign_in


def test_the_regulators_list_in_both_languages_filters_and_exports(server_world: World) -> None:
    filed(server_world, state="under_review")
    filed(server_world)
    client, _ = sign_in(create_app(server_world.app.settings, mode="supervision"), "city_sz")
    chinese = client.get("/filings")
    assert chinese.status_code == 200 and "目录备案" in chinese.text and "审核中" in chinese.text
    english = client.get("/filings?lang=en")
    assert "Catalogue filings" in english.text and "Under review" in english.text
    assert "目录备案" not in english.text
    rows = client.get("/filings/rows?status=under_review&region=&older_than_days=")
    assert rows.text.count("<tr class=") == 1 and "status=under_review" in rows.text
    assert "No filing matches" in client.get("/filings/rows?older_than_days=30").text
    export = client.get("/filings/export.xlsx?status=submitted")
    sheet = load_workbook(io.BytesIO(export.content)).active
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    assert values[0][0] == "Enterprise" and [v[4] for v in values[1:]] == ["submitted"]


def test_the_list_shows_moments_in_the_regulators_zone_and_exports_within_the_one_bound(
    server_world: World,
) -> None:
    first, second = filed(server_world), filed(server_world)
    with server_world.app.store().session() as session:
        stored = session.get(FilingRow, second)
        assert stored is not None
        submitted = aware(stored.submitted_at)
    settings = server_world.app.settings.model_copy(update={"timezone": "America/New_York"})
    client, _ = sign_in(create_app(settings, mode="supervision"), "city_sz")
    shown = submitted.astimezone(ZoneInfo("America/New_York")).strftime("%Y-%m-%d %H:%M:%S")
    assert shown in client.get("/filings").text and shown in client.get(f"/filings/{first}").text
    bounded = settings.model_copy(update={"export_max_rows": 1})
    client, _ = sign_in(create_app(bounded, mode="supervision"), "city_sz")
    refused = client.get("/filings/export.xlsx?lang=en")
    assert refused.status_code == 400
    assert refused.json()["detail"] == "more than 1 filings match: narrow the filter"
    enough = settings.model_copy(update={"export_max_rows": 2})
    client, _ = sign_in(create_app(enough, mode="supervision"), "city_sz")
    sheet = load_workbook(io.BytesIO(client.get("/filings/export.xlsx").content)).active
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    assert rows[0][:2] == ["企业", "统一社会信用代码"] and len(rows) == 3
    assert sheet.title == "目录备案"


def test_a_filings_page_reviews_returns_with_a_comment_and_shows_the_diff(
    server_world: World,
) -> None:
    first = filed(server_world, state="under_review")
    client, csrf = sign_in(create_app(server_world.app.settings, mode="supervision"), "prov_js")
    page = client.get(f"/filings/{first}")
    assert "附意见退回" in page.text and "审核截止日" in page.text and "开始审查" not in page.text
    assert "员工档案" in page.text and "新增" in page.text  # the first version: all added
    refused = client.post(f"/filings/{first}/return", data={"comment": " "}, headers=csrf)
    assert refused.status_code == 200 and 'role="alert"' in refused.text
    returned = client.post(f"/filings/{first}/return", data={"comment": "补充措施"}, headers=csrf)
    assert returned.status_code == 204 and returned.headers["HX-Redirect"] == f"/filings/{first}"
    again = client.get(f"/filings/{first}?lang=en")
    assert "Returned with comments" in again.text and "补充措施" in again.text
    assert "Return with comments" not in again.text, "no button for a step it cannot take"
    second = filed(server_world)
    diff = client.get(f"/filings/{second}?against={first}&lang=en")
    assert "Start review" in diff.text and "record changed" in diff.text
    assert "处理目的和方式" in diff.text  # the filed column name, in the filing's language
    actions = [
        e.action for e in identity.audit_entries(app=server_world.app, action="filing.return")
    ]
    assert actions == ["filing.return"]


def test_the_console_previews_exports_and_submits(server_world: World, tmp_path) -> None:  # type: ignore[no-untyped-def]
    client, csrf = sign_in(create_app(server_world.app.settings), "officer_a")
    chinese = client.get("/filing")
    assert chinese.status_code == 200 and "报送监管部门" in chinese.text
    assert "员工档案" in chinese.text and "待备案记录：2 条" in chinese.text
    english = client.get("/filing?lang=en")
    assert "Submit to the regulator" in english.text and "Records to be filed: 2" in english.text
    downloaded = client.get("/filing/export?format=json&lang=en")
    written = report.export_filing(
        app=server_world.app, fmt="json", lang="en", output=tmp_path / "f.json"
    )
    assert downloaded.content == written.read_bytes()
    assert (
        json.loads(downloaded.content)["records"]
        == document_of_a(server_world, lang="en")["records"]
    )
    xlsx = client.get("/filing/export?format=xlsx")
    assert xlsx.headers["content-type"] == report.XLSX_MEDIA_TYPE
    submitted = client.post("/filing/submit", headers=csrf)
    assert submitted.status_code == 200 and "INDSEC_SUPERVISION_URL" in submitted.text
    assert identity.audit_entries(app=server_world.app, action="filing.send")
    viewer, viewer_csrf = sign_in(create_app(server_world.app.settings), "viewer_a")
    assert viewer.post("/filing/submit", headers=viewer_csrf).status_code == 403
