"""The registry's API and page: an upload with bad rows, the scoped list, the top-10 % set,
and the XLSX exports, as a regulator meets them (a session, or a token)."""

from __future__ import annotations

import base64
import io
import re

from fastapi.testclient import TestClient
from openpyxl import load_workbook

from indsec.model.identity import TokenScope
from indsec.server import create_app
from indsec.server.web.i18n import catalogue
from tests.conftest import REPO
from tests.identity.world import World, issue, make_uscc
from tests.server.filings import authorization, sign_in
from tests.server.tenancy import Matrix
from tests.supervision.files import registry_csv

GOOD = make_uscc("91320500MA9GD100")
BAD_CHECK = GOOD[:-1] + ("0" if GOOD[-1] != "0" else "1")


def _token(world: World, username: str, *scopes: TokenScope) -> dict[str, str]:
    return authorization(issue(world.app, username, *scopes))


def _upload(rows: list[tuple[str, ...]], name: str = "r.csv") -> dict[str, tuple[str, bytes, str]]:
    return {"file": (name, registry_csv(rows), "text/csv")}


def _cells(content: bytes) -> list[tuple[object, ...]]:
    sheet = load_workbook(io.BytesIO(content), read_only=True).worksheets[0]
    return list(sheet.iter_rows(values_only=True))


def test_an_upload_answers_counts_and_bad_rows(server_world: World) -> None:
    client = TestClient(create_app(server_world.app.settings, mode="supervision"))
    token = _token(server_world, "prov_js", TokenScope.READ, TokenScope.WRITE)
    rows = [
        (GOOD, "新厂", "C3511", "320500", "1000", "否"),
        (BAD_CHECK, "坏厂", "C3511", "320500", "1000", "否"),
        (make_uscc("91330100MA9HJ100"), "浙江厂", "C3511", "330100", "1000", "否"),
    ]
    answer = client.post("/api/registry/imports", files=_upload(rows), headers=token)
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert (body["added"], body["refused"]) == (1, 2)
    assert [(e["row"], e["column"]) for e in body["errors"]] == [(3, "uscc"), (4, "region")]
    assert body["errors"][1]["reason"] == "outside your jurisdiction"
    again = client.post("/api/registry/imports", files=_upload(rows[:1]), headers=token).json()
    assert (again["added"], again["unchanged"]) == (0, 1)
    unreadable = client.post(
        "/api/registry/imports", files=_upload([], name="r.pdf"), headers=token
    )
    assert unreadable.status_code == 400 and ".csv or .xlsx" in unreadable.json()["detail"]
    reader = _token(server_world, "prov_js", TokenScope.READ)
    assert (
        client.post("/api/registry/imports", files=_upload(rows), headers=reader).status_code == 403
    )


def test_the_list_and_the_set_are_scoped_and_filtered(server_world: World) -> None:
    client = TestClient(create_app(server_world.app.settings, mode="supervision"))
    national = _token(server_world, "national", TokenScope.READ)
    listed = client.get("/api/registry/enterprises?size=1&page=2", headers=national).json()
    assert listed["total"] == 2 and len(listed["items"]) == 1
    zj = client.get("/api/registry/enterprises?province=33", headers=national).json()
    assert [e["name"] for e in zj["items"]] == ["企业B"]
    below = client.get("/api/registry/enterprises?above_scale=false", headers=national).json()
    assert below["total"] == 0
    assert client.get("/api/registry/enterprises?industry=C99", headers=national).status_code == 404
    suzhou = _token(server_world, "city_sz", TokenScope.READ)
    mine = client.get("/api/registry/enterprises?industry=C35", headers=suzhou).json()
    assert [e["name"] for e in mine["items"]] == ["企业A"]
    mandatory = client.get("/api/registry/mandatory", headers=suzhou).json()
    assert mandatory["province_code"] == "32" and mandatory["coverage"][0]["mandatory"] == 1
    assert [m["enterprise"]["name"] for m in mandatory["enterprises"]] == ["企业A"]
    assert not mandatory["enterprises"][0]["filed"]
    assert client.get("/api/registry/mandatory", headers=national).status_code == 404
    other = client.get("/api/registry/mandatory?province=33", headers=suzhou)
    assert other.status_code == 403


def test_the_page_uploads_filters_and_exports(server_world: World) -> None:
    client, csrf = sign_in(create_app(server_world.app.settings, mode="supervision"), "prov_js")
    rows = [
        (GOOD, "新厂", "C3911", "320100", "1000", "否"),
        (BAD_CHECK, "坏厂", "C35", "320500", "1", "否"),
    ]
    answer = client.post("/registry/import", files=_upload(rows), headers=csrf)
    assert answer.status_code == 200 and "新增 1 行" in answer.text and "<html" not in answer.text
    link = re.search(r'href="data:[^;]+;base64,([^"]+)"', answer.text)
    assert link is not None
    assert _cells(base64.b64decode(link.group(1)))[1][:2] == (3, "uscc")
    filtered = client.get("/registry/rows?city=320100&industry=C39&above_scale=false")
    assert "新厂" in filtered.text and "企业A" not in filtered.text
    assert 'href="/registry/export.xlsx?city=320100&amp;industry=C39' in filtered.text
    exported = client.get("/registry/export.xlsx?city=320100")
    assert _cells(exported.content)[0][0] == "uscc" and _cells(exported.content)[1][1] == "新厂"
    page = client.get("/registry?lang=en")
    assert "top 10 %" in page.text and "Not filed" in page.text
    mandatory = client.get("/registry/mandatory.xlsx?set_province=32")
    assert [r[2] for r in _cells(mandatory.content)[1:]] == ["企业A"]


def test_an_empty_filter_is_no_filter(server_world: World) -> None:
    """The filter form sends every field, the unset ones empty."""
    matrix = Matrix(create_app(server_world.app.settings, mode="supervision"), server_world)
    client, _ = matrix.sign_in("national")
    answer = client.get("/registry/rows?province=&city=&industry=&above_scale=&search=")
    assert answer.status_code == 200 and "企业A" in answer.text and "企业B" in answer.text


def test_every_refusal_a_row_can_get_is_translated() -> None:
    """Row refusals are message ids the page translates: each one is in the catalogue."""
    sources = (REPO / "src" / "indsec" / "supervision").glob("*.py")
    text = "".join(path.read_text(encoding="utf-8") for path in sources)
    reasons = set(re.findall(r'RefusalError\(\s*"([^"]+)"', text))
    reasons |= set(re.findall(r'reason(?:, where)? = "([^"]+)"', text))
    reasons |= {"outside your jurisdiction"}
    merged = catalogue("zh")
    assert merged is not None and len(reasons) >= 14
    assert sorted(r for r in reasons if not (r in merged and merged[r].string)) == []


def test_the_bad_rows_are_told_in_the_pages_language(server_world: World) -> None:
    matrix = Matrix(create_app(server_world.app.settings, mode="supervision"), server_world)
    client, csrf = matrix.sign_in("prov_js")
    rows = [(GOOD, "新厂", "C9911", "320500", "1", "否")]
    answer = client.post("/registry/import", files=_upload(rows), headers=csrf)
    assert "GB/T 4754-2017 中没有 99 大类" in answer.text and "<td>行业</td>" in answer.text
    assert answer.headers["HX-Trigger"] == "registry-changed"
