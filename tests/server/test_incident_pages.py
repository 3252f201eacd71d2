"""The enterprise console's incident pages: opened from an alert (its core asset classifies it
at once) or by hand, the facts form re-classifying by the tier pack, notes and closing on the
timeline, a report recorded stops its clock, forms and the annual summary shown, refusals
shown with why (422) and nothing stored; every write audited."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from annotated_types import Ge, MaxLen
from fastapi.testclient import TestClient
from pydantic import BaseModel

from indsec.identity import service as identity
from indsec.incident import service as incidents
from indsec.incident.facts import Facts
from indsec.server.web.incidents import FactsForm
from tests.identity.world import World
from tests.server.browsing import csrf_header, signed_in
from tests.server.conftest import add_alerts, sample_alert


def _officer(world: World) -> tuple[TestClient, dict[str, str]]:
    client = signed_in(world.app.settings)
    return client, csrf_header(client, "/incidents")


def _opened(answer: Any) -> int:
    assert answer.status_code == 204, answer.text
    location = answer.headers["HX-Redirect"]
    assert location.startswith("/incidents/")
    return int(location.rsplit("/", 1)[1])


def test_an_alert_on_core_data_opens_an_incident_classified_at_once(server_world: World) -> None:
    client, csrf = _officer(server_world)
    _, (alert,) = add_alerts(server_world, [sample_alert("dump of recipes", scenario="ransomware")])
    assert f'hx-post="/alerts/{alert}/incident"' in client.get(f"/alerts/{alert}").text
    before = identity.audit_count(app=server_world.app)
    number = _opened(client.post(f"/alerts/{alert}/incident", headers=csrf))
    assert identity.audit_count(app=server_world.app) == before + 1
    page = client.get(f"/incidents/{number}?lang=en").text
    assert "dump of recipes" in page and "工艺参数" in page
    incident = incidents.show_incident(app=server_world.app, incident_id=number)
    assert incident.alert_id == alert and incident.scenario == "ransomware"
    assert [a.grade.value for a in incident.facts.assets] == ["core"]
    assert incident.tier == "general"  # core data under a minor threat reaches no threshold
    listing = client.get("/incidents?lang=en").text
    assert f"/incidents/{number}" in listing and "Initial report" in listing


def test_the_facts_form_reclassifies_and_a_bad_value_is_refused_whole(
    server_world: World,
) -> None:
    client, csrf = _officer(server_world)
    number = _opened(client.post("/incidents", data={"title": "主机被加密"}, headers=csrf))
    assert incidents.show_incident(app=server_world.app, incident_id=number).tier == "general"
    facts = {
        "threat": "minor",
        "outage_hours": "12",
        "ransom_demanded": "true",
        "ransom_amount": "2.5",
        "ransom_currency": "BTC",
        "ransom_wallet": "bc1qxy2kgdygjrsqtzq2n0yrf2493p83kkfjhx0wlh",
        "cause": "钓鱼邮件",
    }
    _opened(client.post(f"/incidents/{number}/facts", data=facts, headers=csrf))
    incident = incidents.show_incident(app=server_world.app, incident_id=number)
    assert (incident.tier, incident.decided_by) == ("major", ["outage_12h"])
    assert incident.facts.ransom.demanded and incident.facts.ransom.wallet is not None
    assert "*" in incident.facts.ransom.wallet  # masked before it was stored
    changed = [e.detail for e in incident.timeline if e.action == "facts"]
    assert changed == [  # the form sends every field; the timeline names those edited
        "cause, outage_hours, ransom.amount, ransom.currency, ransom.demanded, ransom.wallet"
    ]
    refused = client.post(
        f"/incidents/{number}/facts", data={**facts, "outage_hours": "-1"}, headers=csrf
    )
    assert refused.status_code == 422 and "outage_hours" in refused.text
    assert incidents.show_incident(app=server_world.app, incident_id=number).facts == incident.facts
    page = client.get(f"/incidents/{number}").text
    assert (
        "重大" in page
        and "勒索情况" in page
        and "bc1qxy2kgdygjrsqtzq2n0yrf2493p83kkfjhx0wlh" not in page
    )


def _facts_constraints() -> Iterator[tuple[str, str, Any]]:
    """(form field, fact, constraint) for every constraint ``Facts`` sets on a fact the form
    edits, read from its model fields (``ransom.wallet`` is the form's ``ransom_wallet``)."""
    for name, field in Facts.model_fields.items():
        kind = field.annotation
        if isinstance(kind, type) and issubclass(kind, BaseModel):
            for sub, inner in kind.model_fields.items():
                yield from ((f"{name}_{sub}", f"{name}.{sub}", c) for c in inner.metadata)
        else:
            yield from ((name, name, c) for c in field.metadata)


def _breaking_and_limit(constraint: Any) -> tuple[str, str | None]:
    """A value one past ``constraint`` and one just within it (None: no generic one)."""
    if isinstance(constraint, MaxLen):
        return "A" * (constraint.max_length + 1), "A" * constraint.max_length
    if isinstance(constraint, Ge):
        return str(constraint.ge - 1), str(constraint.ge)
    assert getattr(constraint, "pattern", None), constraint  # a new kind of limit: add it here
    return "not a match!", None


def test_the_facts_form_holds_every_facts_limit_and_no_other(server_world: World) -> None:
    """The form takes its limits from Facts: each fact one past its limit is refused by Facts'
    own message naming it, nothing stored; each fact at its limit is taken."""
    client, csrf = _officer(server_world)
    number = _opened(client.post("/incidents", data={"title": "限值"}, headers=csrf))
    checked = set()
    for form_field, fact, constraint in _facts_constraints():
        if form_field not in FactsForm.model_fields:
            continue
        breaking, limit = _breaking_and_limit(constraint)
        sent = {"threat": "minor", "ransom_demanded": "true"}
        before = incidents.show_incident(app=server_world.app, incident_id=number).facts
        refused = client.post(
            f"/incidents/{number}/facts", data={**sent, form_field: breaking}, headers=csrf
        )
        assert refused.status_code == 422, (fact, refused.text)
        assert 'class="error"' in refused.text and f"{fact}:" in refused.text, refused.text
        assert incidents.show_incident(app=server_world.app, incident_id=number).facts == before
        if limit is not None:
            taken = client.post(
                f"/incidents/{number}/facts", data={**sent, form_field: limit}, headers=csrf
            )
            assert taken.status_code == 204, (fact, taken.text)
        checked.add(fact)
    assert {"outage_hours", "personal_info", "cause", "contact", "ransom.wallet"} <= checked
    assert "ransom.currency" in checked


def test_notes_reports_and_closing_go_on_the_timeline(server_world: World) -> None:
    client, csrf = _officer(server_world)
    number = _opened(client.post("/incidents", data={"title": "异常远程登录"}, headers=csrf))
    assert (
        client.post(f"/incidents/{number}/note", data={"note": " "}, headers=csrf).status_code
        == 422
    )
    _opened(client.post(f"/incidents/{number}/note", data={"note": "已隔离主机"}, headers=csrf))
    _opened(client.post(f"/incidents/{number}/report", data={"form": "initial"}, headers=csrf))
    draft = client.get(f"/incidents/{number}/report?form=follow_up&lang=en")
    assert draft.status_code == 200 and "follow-up report" in draft.text
    _opened(
        client.post(
            f"/incidents/{number}/note", data={"note": "处置完毕", "close": "true"}, headers=csrf
        )
    )
    incident = incidents.show_incident(app=server_world.app, incident_id=number)
    actions = [e.action for e in incident.timeline]
    assert actions == ["opened", "note", "report:initial", "closed"]
    assert incident.status == "closed"
    timers = {
        t.kind: t.reported_at
        for t in incidents.incident_timers(
            app=server_world.app, incident=incident, now=incident.detected_at
        )
    }
    assert timers["initial"] is not None and timers["follow_up"] is None
    again = client.post(f"/incidents/{number}/note", data={"note": "再次"}, headers=csrf)
    assert again.status_code == 422 and "closed" in again.text
    summary = client.get("/incidents/annual?lang=en")
    assert summary.status_code == 200 and "异常远程登录" in summary.text


def test_escalating_without_a_supervision_instance_says_why(server_world: World) -> None:
    client, csrf = _officer(server_world)
    number = _opened(client.post("/incidents", data={"title": "数据泄露"}, headers=csrf))
    answer = client.post(f"/incidents/{number}/escalate", headers=csrf)
    assert answer.status_code == 200 and "INDSEC_SUPERVISION_URL" in answer.text
    entries = identity.audit_entries(app=server_world.app, action="incident.send")
    assert entries and entries[0].detail["outcome"].startswith("refused")


def test_a_viewer_sees_the_incident_without_its_write_controls(server_world: World) -> None:
    """The pages offer writes to whom may make them: the officer's facts form and note box
    are live, the viewer's facts form is disabled and it has no note box nor escalation."""
    client, csrf = _officer(server_world)
    number = _opened(client.post("/incidents", data={"title": "只读"}, headers=csrf))
    officer = client.get(f"/incidents/{number}").text
    viewer = signed_in(server_world.app.settings, "viewer_a").get(f"/incidents/{number}").text
    assert 'id="add-note"' in officer and 'id="escalate"' in officer
    assert 'id="add-note"' not in viewer and 'id="escalate"' not in viewer
    assert "<fieldset disabled>" in viewer.replace(" >", ">")
