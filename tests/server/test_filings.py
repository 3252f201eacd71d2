"""The filing intake and its workflow over HTTP (supervision mode), on SQLite and PostgreSQL."""

from __future__ import annotations

import io
import json
from datetime import UTC, datetime

from sqlalchemy import select

from indsec.identity import service as identity
from indsec.report import service as report
from indsec.store.tables import FilingRow
from indsec.supervision.dashboard import figures
from indsec.supervision.dashboard_scope import Jurisdiction
from indsec.supervision.intake import review_due
from tests.identity.world import World
from tests.server.filings import bearer, document_of_a, fresh_document, supervision_client


def test_a_filing_is_received_once_and_a_changed_one_is_a_new_version(
    server_world: World,
) -> None:
    _, client = supervision_client(server_world)
    officer = bearer(server_world, "officer_a")
    first = client.post("/api/filings", json=document_of_a(server_world), headers=officer)
    assert first.status_code == 201, first.text
    body = first.json()
    assert body["created"] and body["filing"]["version"] == 1
    assert body["filing"]["status"] == "submitted"
    assert (body["filing"]["important_count"], body["filing"]["core_count"]) == (1, 1)
    submitted = datetime.fromisoformat(body["filing"]["submitted_at"])
    assert body["filing"]["review_due"] == review_due(submitted, 20)[0].isoformat()
    retried = client.post("/api/filings", json=document_of_a(server_world), headers=officer)
    assert retried.status_code == 200
    assert retried.json() == {**body, "created": False}
    changed = document_of_a(server_world, change="质量追溯")
    second = client.post("/api/filings", json=changed, headers=officer)
    assert second.status_code == 201 and second.json()["filing"]["version"] == 2
    own = client.get("/api/filings/own", headers=officer).json()
    assert [f["version"] for f in own] == [2, 1]
    assert len(identity.audit_entries(app=server_world.app, action="filing.submit")) == 2


def test_the_xlsx_and_json_files_upload_as_the_same_content(server_world: World, tmp_path) -> None:  # type: ignore[no-untyped-def]
    _, client = supervision_client(server_world)
    officer = bearer(server_world, "officer_a")
    server_world.app.set_profile_value("name", server_world.tenants["A"].name)
    answers = []
    for fmt in ("xlsx", "json"):
        path = report.export_filing(
            app=server_world.app, fmt=fmt, lang="zh", output=tmp_path / f"f.{fmt}"
        )
        files = {"file": (path.name, path.read_bytes())}
        answers.append(client.post("/api/filings/upload", files=files, headers=officer))
    assert [a.status_code for a in answers] == [201, 200], answers[0].text
    assert answers[0].json()["filing"] == answers[1].json()["filing"]
    detail = client.get(f"/api/filings/{answers[0].json()['filing']['id']}", headers=officer)
    scale = detail.json()["scale"]
    assert sum(c["assets"] for c in scale.values()) == 2
    assert all(c["records"] > 0 and c["bytes"] >= 0 for c in scale.values())


def test_field_level_errors_name_the_record_the_field_and_why(server_world: World) -> None:
    _, client = supervision_client(server_world)
    document = document_of_a(server_world)
    document["records"][1]["grade"] = "一般数据"
    document["records"][0]["carrier"] = ""
    del document["records"][1]["data_name"]
    answer = client.post("/api/filings", json=document, headers=bearer(server_world, "officer_a"))
    assert answer.status_code == 422
    errors = {e["where"]: e["message"] for e in answer.json()["errors"]}
    assert set(errors) == {"records[0].carrier", "records[1].grade", "records[1].data_name"}
    assert "not a filed grade" in errors["records[1].grade"]
    assert "required" in errors["records[0].carrier"]
    assert identity.audit_entries(app=server_world.app, action="filing.submit") == []


def test_a_bad_uscc_check_digit_and_a_broken_file_are_field_errors(server_world: World) -> None:
    _, client = supervision_client(server_world)
    officer = bearer(server_world, "officer_a")
    document = document_of_a(server_world)
    uscc = document["enterprise"]["uscc"]
    document["enterprise"]["uscc"] = uscc[:-1] + ("0" if uscc[-1] != "0" else "1")
    answer = client.post("/api/filings", json=document, headers=officer)
    assert answer.status_code == 422
    assert [e["where"] for e in answer.json()["errors"]] == ["enterprise.uscc"]
    for content in (b"PK\x03\x04 not a zip", b"{not json", b"plain text"):
        broken = client.post(
            "/api/filings/upload", files={"file": ("f", io.BytesIO(content))}, headers=officer
        )
        assert broken.status_code == 422 and broken.json()["errors"][0]["where"] == "file"


def test_an_officer_files_only_for_its_own_enterprise(server_world: World) -> None:
    _, client = supervision_client(server_world)
    document = json.dumps(document_of_a(server_world)).encode()
    for who in ("officer_b", "prov_js", "viewer_a"):
        answer = client.post(
            "/api/filings/upload",
            files={"file": ("f.json", document)},
            headers=bearer(server_world, who),
        )
        assert answer.status_code == 403, who
    read_only = bearer(server_world, "officer_a", write=False)
    assert (
        client.post(
            "/api/filings", json=fresh_document(server_world), headers=read_only
        ).status_code
        == 403
    )


def test_only_the_newest_version_is_current_and_the_dashboard_counts_it_once(
    server_world: World,
) -> None:
    app, uscc = server_world.app, server_world.tenants["A"].uscc
    _, client = supervision_client(server_world)
    officer = bearer(server_world, "officer_a")
    first = client.post("/api/filings", json=document_of_a(server_world), headers=officer)
    assert first.status_code == 201, first.text
    with app.store().session() as session:
        before = figures(session, Jurisdiction("320000"), datetime.now(UTC))
    for change in ("质量追溯", "设备维护", "质量追溯"):  # the third is a retry: no new version
        answer = client.post(
            "/api/filings", json=document_of_a(server_world, change=change), headers=officer
        )
        assert answer.status_code in (200, 201), answer.text
    with app.store().session() as session:
        query = select(FilingRow.version, FilingRow.is_current).where(FilingRow.uscc == uscc)
        flags = sorted(tuple(flag) for flag in session.execute(query))
        after = figures(session, Jurisdiction("320000"), datetime.now(UTC))
    newest = flags[-1][0]
    assert flags == [(version, version == newest) for version, _ in flags]
    assert after.filed == before.filed  # tenant A had filed: still one enterprise, one filing
    assert after.statuses.get("submitted", 0) >= 1
