"""The dashboard pages as a regulator meets them: the figures of the hand-counted world
(``tests.supervision.records``), every number a link to a list of exactly that many records,
drill-down country → province → city → enterprises, each region only to its regulators, and
each list's XLSX export holding the rows the page shows."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import datetime
from io import BytesIO
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from openpyxl import load_workbook

from tests.identity.world import World, build_world, settings_for
from tests.server.browsing import signed_in
from tests.server.page_html import PageReader
from tests.supervision.records import add_supervision_world

COUNT = re.compile(r"Rows \d+–\d+ of (\d+)|(No rows\.)")


@pytest.fixture
def world(store_url: str, tmp_path: Path) -> Iterator[World]:
    built = build_world(settings_for(store_url, tmp_path, dashboard_page_rows=50))
    add_supervision_world(built.app)
    try:
        yield built
    finally:
        built.app.close()


def _client(world: World, username: str) -> TestClient:
    """A client signed in as ``username``, reading the pages in English."""
    client = signed_in(world.app.settings, username, "supervision")
    client.cookies.set("indsec_lang", "en")
    return client


def _listed(client: TestClient, href: str) -> int:
    """How many records the list at ``href`` says it holds."""
    answer = client.get(href)
    assert answer.status_code == 200, href
    found = COUNT.search(answer.text)
    assert found, href
    return 0 if found.group(2) else int(found.group(1))


def test_the_provincial_home_shows_its_figures(world: World) -> None:
    page = PageReader(_client(world, "prov_js").get("/dashboard").text)
    links = dict((text, href) for href, text in page.links if text.isdigit())
    assert links["67"] == "/dashboard/320000/filings"
    assert ("/dashboard/320000/enterprises?mandatory=yes", "14") in page.links
    assert ("/dashboard/320000/enterprises?mandatory=yes&filed=yes", "5") in page.links
    assert page.tables["regions"][1:] == [
        ["Nanjing", "33", "6", "1", "17 %"],
        ["Suzhou", "34", "8", "4", "50 %"],
    ]
    assert [row[0] for row in page.tables["ages"][1:]] == [
        "Submitted",
        "Under review",
        "Accepted",
        "Returned",
        "Resubmitted",
    ]


def test_every_number_links_to_exactly_its_records(world: World) -> None:
    client = _client(world, "prov_js")
    page = PageReader(client.get("/dashboard/320000").text)
    numbers = [(href, int(text)) for href, text in page.links if text.isdigit()]
    assert len(numbers) > 30
    for href, number in numbers:
        assert _listed(client, href) == number, href
    assert len(page.sums) == 6, "important and core of three divisions"
    for href, number, column in page.sums:
        rows = _xlsx_rows(client, href.replace("/filings?", "/filings.xlsx?"))
        at = rows[0].index({"important": "Important", "core": "Core"}[column])
        assert sum(int(row[at]) for row in rows[1:]) == int(number), href


def test_drill_down_province_city_enterprises(world: World) -> None:
    client = _client(world, "national")
    country = PageReader(client.get("/dashboard").text)
    assert ("/dashboard/320000", "Jiangsu") in country.links
    assert country.tables["regions"][1:] == [
        ["Jiangsu", "67", "14", "5", "36 %"],
        ["Zhejiang", "25", "5", "3", "60 %"],
    ]
    province = PageReader(client.get("/dashboard/320000").text)
    assert ("/dashboard/320500", "Suzhou") in province.links
    city = PageReader(client.get("/dashboard/320500").text)
    assert ("/dashboard/320000", "Jiangsu") in city.links, "the trail leads back up"
    rows = city.tables["enterprise-rows"][1:]
    assert len(rows) == 50 and rows[0][1] == "江苏企业000" and rows[0][-1] == "Submitted"
    assert {row[2] for row in rows} == {"Suzhou"}
    assert ("/dashboard/320500/enterprises", "All 100 enterprises") in city.links


def test_the_trail_offers_only_regions_of_the_jurisdiction(world: World) -> None:
    national = PageReader(_client(world, "national").get("/dashboard/320500").text)
    assert ("/dashboard/100000", "Whole country") in national.links
    city = PageReader(_client(world, "city_sz").get("/dashboard").text)
    assert not [
        href for href, _ in city.links if href in {"/dashboard/100000", "/dashboard/320000"}
    ]


@pytest.mark.parametrize(
    ("username", "refused"),
    [
        ("prov_zj", ["/dashboard/320000", "/api/dashboard/320000", "/dashboard/320500/filings"]),
        (
            "city_sz",
            ["/dashboard/320000", "/dashboard/320100/enterprises.xlsx", "/dashboard/100000"],
        ),
        ("prov_js", ["/dashboard/100000", "/api/dashboard/330100", "/dashboard/330000/filings"]),
        ("officer_a", ["/dashboard", "/api/dashboard/320500"]),
    ],
)
def test_each_regulator_sees_only_its_jurisdiction(
    world: World, username: str, refused: list[str]
) -> None:
    client = _client(world, username)
    for url in refused:
        assert client.get(url).status_code in {403, 404}, url


def test_a_city_regulator_home_counts_only_its_city(world: World) -> None:
    client = _client(world, "city_sz")
    page = client.get("/dashboard").text
    assert '/dashboard/320500/filings">34<' in page
    assert "Nanjing" not in page and "江苏企业001" not in page
    figures = client.get("/api/dashboard/320500").json()
    assert (figures["filed"], figures["mandatory"], figures["covered"]) == (34, 8, 4)


def test_the_api_answers_every_chart(world: World) -> None:
    client = _client(world, "prov_js")
    figures = client.get("/api/dashboard/320000?lang=zh").json()
    assert figures["name"] == "江苏省" and figures["level"] == "province"
    assert figures["regions"] == [
        {"code": "320100", "name": "南京市", "filed": 33, "mandatory": 6, "covered": 1},
        {"code": "320500", "name": "苏州市", "filed": 34, "mandatory": 8, "covered": 4},
    ]
    assert sum(s["count"] for s in figures["statuses"]) == 67
    assert sum(a["count"] for a in figures["ages"]) == 67
    assert [g["division"] for g in figures["grades"]] == ["C35", "D44", "F51"]
    schema = client.get("/api/openapi.json").json()
    answer = schema["paths"]["/api/dashboard/{region_code}"]["get"]["responses"]["200"]
    assert answer["content"]["application/json"]["schema"]["$ref"].endswith("/DashboardOut")


def _xlsx_rows(client: TestClient, href: str) -> list[list[str]]:
    answer = client.get(href)
    assert answer.status_code == 200
    sheet = load_workbook(BytesIO(answer.content), read_only=True).active
    assert sheet is not None
    return [[_text(v) for v in row] for row in sheet.iter_rows(values_only=True)]


def _text(value: object) -> str:
    """A cell as the page writes it (Excel hands dates back as midnight datetimes)."""
    if isinstance(value, datetime):
        return value.date().isoformat()
    return "" if value is None else str(value)


@pytest.mark.parametrize(
    "listing",
    [
        "/dashboard/320000/enterprises?mandatory=yes",
        "/dashboard/320000/filings?status=submitted",
        "/dashboard/320500/filings?division=C35",
    ],
)
def test_the_xlsx_export_holds_the_rows_of_the_page(world: World, listing: str) -> None:
    client = _client(world, "prov_js")
    page = PageReader(client.get(listing).text)
    export = next(href for href, text in page.links if text == "Export to Excel (XLSX)")
    shown = page.tables["list"]
    assert len(shown) > 2
    exported = _xlsx_rows(client, export)
    assert exported == shown


def test_a_long_list_pages_and_exports_whole(world: World) -> None:
    client = _client(world, "prov_js")
    page = PageReader(client.get("/dashboard/320000/enterprises").text)
    assert len(page.tables["list"]) == 1 + 50
    following = next(href for href, text in page.links if text == "Next page")
    assert following == "/dashboard/320000/enterprises?offset=50"
    second = PageReader(client.get(following).text)
    assert second.tables["list"][1][0] != page.tables["list"][1][0]
    assert len(_xlsx_rows(client, "/dashboard/320000/enterprises.xlsx")) == 1 + 200


def test_a_list_says_what_it_holds(world: World) -> None:
    client = _client(world, "prov_js")
    english = client.get("/dashboard/320000/enterprises?mandatory=yes&filed=no").text
    assert '<p class="filters">Mandatory (top 10 %): yes · Filed: no</p>' in english
    chinese = client.get("/dashboard/320000/filings?status=returned&age=91%2B&lang=zh").text
    assert '<p class="filters">备案状态: 已退回 · 提交后天数: 91+</p>' in chinese
