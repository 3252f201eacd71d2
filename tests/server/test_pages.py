"""The pages: zh-CN by default and English on request, every message translated, the sign-in
form's CSRF guard, anonymous visitors sent to sign in, data escaped, htmx partials."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

import pytest
from babel.messages.extract import extract_from_dir
from fastapi.testclient import TestClient

from indsec.catalogue.repository import COMPLETE, CatalogueRepository
from indsec.model import Grade
from indsec.server import create_app
from indsec.server.web import i18n
from indsec.server.web.i18n import HERE, catalogue
from indsec.server.web.shown import page_count
from tests.catalogue.conftest import make_asset
from tests.identity.world import PASSWORD, World, build_world, settings_for
from tests.server.browsing import signed_in


def _signed_in(
    world: World,
    username: str = "officer_a",
    mode: Literal["enterprise", "supervision"] = "enterprise",
) -> TestClient:
    return signed_in(world.app.settings, username, mode)


def test_every_page_message_has_its_chinese_translation() -> None:
    extracted = {
        message[2]
        for message in extract_from_dir(HERE, method_map=[("templates/**.html", "jinja2")])
    }
    merged = catalogue("zh")
    assert merged is not None
    translated = {m.id for m in merged if m.id and m.string}
    assert extracted and extracted <= translated, sorted(extracted - translated)


def test_pages_are_chinese_by_default_and_english_on_request(server_world: World) -> None:
    client = TestClient(create_app(server_world.app.settings))
    chinese = client.get("/login")
    assert '<html lang="zh-CN">' in chinese.text and "用户名" in chinese.text
    english = client.get("/login?lang=en")
    assert (
        '<html lang="en">' in english.text
        and "Username" in english.text
        and "用户名" not in english.text
    )
    assert "Username" in client.get("/login").text, "the choice is remembered"


def test_the_sign_in_form_needs_its_csrf_field(server_world: World) -> None:
    client = TestClient(create_app(server_world.app.settings), follow_redirects=False)
    client.get("/login")
    answer = client.post(
        "/login", data={"username": "officer_a", "password": PASSWORD, "csrf_token": "forged"}
    )
    assert answer.status_code == 403 and "indsec_session" not in client.cookies


def test_a_wrong_password_shows_the_form_again(server_world: World) -> None:
    client = TestClient(create_app(server_world.app.settings))
    token = client.get("/login").text.split('name="csrf_token" value="')[1].split('"')[0]
    answer = client.post(
        "/login", data={"username": "officer_a", "password": "nope-nope-nope", "csrf_token": token}
    )
    assert (
        answer.status_code == 401
        and 'role="alert"' in answer.text
        and "用户名或密码错误" in answer.text
    )


def test_anonymous_visitors_are_sent_to_sign_in(server_world: World) -> None:
    client = TestClient(create_app(server_world.app.settings), follow_redirects=False)
    answer = client.get("/catalogue")
    assert answer.status_code == 303 and answer.headers["location"] == "/login"


def test_an_htmx_request_without_a_session_reloads_to_sign_in(server_world: World) -> None:
    client = TestClient(create_app(server_world.app.settings), follow_redirects=False)
    answer = client.get("/catalogue/rows?grade=core", headers={"HX-Request": "true"})
    assert answer.status_code == 401 and answer.headers["HX-Redirect"] == "/login"


def test_the_catalogue_page_lists_escapes_and_filters(server_world: World) -> None:
    repository = CatalogueRepository(server_world.app.store())
    number = repository.begin_version(trigger="scan", sources=["s"], rule_packs={}, profile={})
    repository.add_assets(
        number,
        [
            make_asset("<script>alert(1)</script>", Grade.GENERAL),
            make_asset("工艺参数", Grade.CORE),
        ],
    )
    repository.finish_version(number, status=COMPLETE, report={})
    client = _signed_in(server_world)
    page = client.get("/catalogue")
    assert page.status_code == 200 and "第 2 版" in page.text and "核心数据" in page.text
    assert (
        "<script>alert(1)</script>" not in page.text
        and "&lt;script&gt;alert(1)&lt;/script&gt;" in page.text
    )
    assert "hx-headers" in page.text and '<script src="/static/vendor/htmx.min.js"' in page.text
    rows = client.get("/catalogue/rows?grade=core")
    assert "工艺参数" in rows.text and "alert(1)" not in rows.text and "<html" not in rows.text
    assert client.get("/catalogue/rows?grade=secret").status_code == 422


def test_the_stylesheet_is_served_from_the_package(server_world: World) -> None:
    answer = TestClient(create_app(server_world.app.settings)).get("/static/app.css")
    assert answer.status_code == 200 and "air-gapped" in answer.text


def test_a_regulator_sees_the_registry_of_its_jurisdiction(server_world: World) -> None:
    city = _signed_in(server_world, "city_sz", "supervision")
    page = city.get("/registry")
    assert "企业名录" in page.text and "企业A" in page.text and "<td>苏州市</td>" in page.text
    assert "企业B" not in page.text
    assert "<td>Suzhou</td>" in city.get("/registry?lang=en").text
    national = _signed_in(server_world, "national", "supervision").get("/registry").text
    assert "企业A" in national and "企业B" in national and "<td>杭州市</td>" in national
    nanjing = _signed_in(server_world, "city_nj", "supervision").get("/registry").text
    assert "没有符合条件的企业" in nanjing and "企业A" not in nanjing


def test_a_message_translated_in_two_catalogue_files_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("a.po", "b.po"):
        (tmp_path / name).write_text('msgid "Save"\nmsgstr "保存"\n', encoding="utf-8")
    monkeypatch.setitem(i18n.CATALOGUE_DIRS, "zh", tmp_path)
    with pytest.raises(ValueError, match=r"b\.po: 'Save' is translated in two files"):
        i18n.catalogue("zh")


def _areas(html: str) -> tuple[list[str], list[str]]:
    """The header navigation's links, and those marked as the current page."""
    nav = html.split('<nav class="areas"')[1].split("</nav>")[0]
    links = [part.split('"')[0] for part in nav.split('href="')[1:]]
    current = [
        part.split('"')[0] for part in nav.split('href="')[1:] if 'aria-current="page"' in part
    ]
    return links, current


def test_every_page_has_the_navigation_of_its_mode_and_role(server_world: World) -> None:
    officer = _signed_in(server_world)
    links, current = _areas(officer.get("/catalogue/versions").text)
    assert links == [
        "/home",
        "/catalogue",
        "/alerts",
        "/incidents",
        "/filing",
        "/assessment",
        "/drills",
        "/runs",
    ]
    assert current == ["/catalogue"], "a page under the catalogue marks the catalogue"
    assert _areas(officer.get("/runs").text)[1] == ["/runs"]
    assert _areas(officer.get("/assessment/tasks").text)[1] == ["/assessment"]
    english = officer.get("/runs?lang=en").text
    assert ">Scans and runs</a>" in english and ">Alerts</a>" in english
    regulator = _signed_in(server_world, "prov_js", "supervision")
    links, current = _areas(regulator.get("/filings").text)
    assert links == [
        "/dashboard",
        "/registry",
        "/filings",
        "/overdue",
        "/reported-incidents",
        "/assessments",
    ]
    assert current == ["/filings"]
    assert ">备案审核</a>" in regulator.get("/filings").text
    admin = signed_in(server_world.app.settings, "admin", home="/admin/users")
    links, current = _areas(admin.get("/admin/audit").text)
    assert links == ["/admin/users", "/admin/tokens", "/admin/audit"]
    assert current == ["/admin/audit"]
    assert (
        '<nav class="areas"'
        not in TestClient(create_app(server_world.app.settings)).get("/login").text
    )


def test_a_pager_has_a_page_when_nothing_matches_and_no_empty_last_one() -> None:
    assert [page_count(total, 50) for total in (0, 1, 50, 51, 100, 101)] == [1, 1, 1, 2, 2, 3]


@pytest.mark.parametrize(("path", "title"), [("/catalogue", "数据目录"), ("/filing", "备案")])
def test_before_the_first_scan_the_catalogue_pages_say_what_to_do(
    store_url: str, tmp_path: Path, path: str, title: str
) -> None:
    """A new enterprise's officer clicks the header's links before anything is scanned: a page
    of the console in their language, not a bare JSON 404."""
    world = build_world(settings_for(store_url, tmp_path))
    try:
        client = _signed_in(world)
        answer = client.get(path)
        assert answer.status_code == 200, answer.text
        assert f"<h1>{title}</h1>" in answer.text and "尚无数据目录" in answer.text
        assert "No catalogue yet" in client.get(f"{path}?lang=en").text
    finally:
        world.app.close()


def test_before_the_first_scan_runs_and_home_say_how_to_scan(
    store_url: str, tmp_path: Path
) -> None:
    """The rescan button rescans the last scan's sources; with none it failed without a word."""
    world = build_world(settings_for(store_url, tmp_path))
    try:
        client = _signed_in(world)
        page = client.get("/runs").text
        assert 'hx-post="/api/rescan"' not in page
        assert "请先在命令行扫描数据源，<code>indsec scan SOURCE…</code>" in page
        assert "scan the sources first from the command line" in client.get("/runs?lang=en").text
        filing_card = client.get("/home?lang=zh").text.split('id="filing-title"', 1)[1]
        assert "尚无数据目录" in filing_card.split("</section>", 1)[0], "not an empty card"
    finally:
        world.app.close()
