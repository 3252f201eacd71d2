"""The filing workflow over HTTP: every transition, the illegal ones (409), jurisdiction
refusals, a return's required comment, resubmission after a return, events and audit rows."""

from __future__ import annotations

from fastapi.testclient import TestClient

from indsec.identity import service as identity
from tests.identity.world import World
from tests.server.filings import bearer, document_of_a, filed, supervision_client


def _step(client: TestClient, world: World, who: str, fid: int, action: str, comment: str = ""):  # type: ignore[no-untyped-def]
    body = {"comment": comment} if comment else {}
    return client.post(f"/api/filings/{fid}/{action}", json=body, headers=bearer(world, who))


def test_review_then_accept_writes_events_and_audit(server_world: World) -> None:
    _, client = supervision_client(server_world)
    fid = filed(server_world)
    assert _step(client, server_world, "city_sz", fid, "review").json()["status"] == "under_review"
    accepted = _step(client, server_world, "prov_js", fid, "accept")
    assert accepted.status_code == 200 and accepted.json()["status"] == "accepted"
    history = [(e["status"], e["actor"]) for e in accepted.json()["events"]]
    assert [s for s, _ in history] == ["submitted", "under_review", "accepted"]
    audited = [
        (e.action, e.target, e.actor)
        for e in identity.audit_entries(app=server_world.app)
        if e.action.startswith("filing.") and e.action != "filing.submit"
    ]
    assert audited == [
        ("filing.accept", f"filing:{fid}", "prov_js"),
        ("filing.review", f"filing:{fid}", "city_sz"),
    ]
    assert history[1:] == [("under_review", "city_sz"), ("accepted", "prov_js")]


def test_illegal_transitions_are_conflicts_and_change_nothing(server_world: World) -> None:
    _, client = supervision_client(server_world)
    fid = filed(server_world)
    for action in ("accept", "return"):
        refused = _step(client, server_world, "prov_js", fid, action, "x")
        assert refused.status_code == 409 and "submitted" in refused.json()["detail"]
    _step(client, server_world, "prov_js", fid, "review")
    assert _step(client, server_world, "prov_js", fid, "review").status_code == 409
    _step(client, server_world, "prov_js", fid, "accept")
    for action in ("review", "accept", "return"):
        assert _step(client, server_world, "prov_js", fid, action, "x").status_code == 409
    detail = client.get(f"/api/filings/{fid}", headers=bearer(server_world, "officer_a")).json()
    assert [e["status"] for e in detail["events"]] == ["submitted", "under_review", "accepted"]


def test_a_return_needs_comments_and_the_next_version_is_resubmitted(server_world: World) -> None:
    _, client = supervision_client(server_world)
    fid = filed(server_world, state="under_review")
    assert _step(client, server_world, "prov_js", fid, "return").status_code == 400
    returned = _step(client, server_world, "prov_js", fid, "return", "请补充安全保护措施")
    assert returned.json()["status"] == "returned"
    officer = bearer(server_world, "officer_a")
    own = client.get("/api/filings/own", headers=officer).json()
    assert own[0]["status"] == "returned" and own[0]["comment"] == "请补充安全保护措施"
    again = client.post(
        "/api/filings", json=document_of_a(server_world, change="已补充"), headers=officer
    )
    assert again.json()["filing"]["status"] == "resubmitted"
    assert client.get(f"/api/filings/{fid}", headers=officer).json()["status"] == "returned"
    resubmitted = again.json()["filing"]["id"]
    assert _step(client, server_world, "city_sz", resubmitted, "review").status_code == 200
    changes = client.get(f"/api/filings/{resubmitted}/diff", headers=officer).json()
    assert [(c["change"], sorted(c["fields"])) for c in changes] == [
        ("changed", ["purpose_method"])
    ]


def test_only_regulators_of_the_filers_region_move_it(server_world: World) -> None:
    _, client = supervision_client(server_world)
    fid = filed(server_world)
    for who, status in (
        ("prov_zj", 404),
        ("city_nj", 404),
        ("officer_a", 403),
        ("officer_b", 404),
        ("admin", 404),
    ):
        assert _step(client, server_world, who, fid, "review").status_code == status, who
    read_only = bearer(server_world, "prov_js", write=False)
    assert client.post(f"/api/filings/{fid}/review", json={}, headers=read_only).status_code == 403
    assert _step(client, server_world, "national", fid, "review").status_code == 200


def test_the_regulators_list_filters_by_jurisdiction_status_region_and_age(
    server_world: World,
) -> None:
    _, client = supervision_client(server_world)
    reviewed, submitted = filed(server_world, state="under_review"), filed(server_world)

    def ids(who: str, query: str = "") -> list[int]:
        answer = client.get(f"/api/filings{query}", headers=bearer(server_world, who))
        assert answer.status_code == 200, answer.text
        return [f["id"] for f in answer.json()]

    assert ids("city_sz") == [submitted, reviewed]
    assert ids("prov_zj") == [] and ids("city_nj") == []
    assert ids("prov_js", "?status=under_review") == [reviewed]
    assert ids("national", "?region=330000") == []
    assert ids("national", "?region=320500") == [submitted, reviewed]
    assert ids("city_sz", "?older_than_days=1") == []
    assert client.get("/api/filings", headers=bearer(server_world, "officer_a")).status_code == 403
