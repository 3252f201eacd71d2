"""Incidents in the store (SQLite and PostgreSQL): open, update, timeline, masking, reports."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from indsec.app import AppContext
from indsec.detect.repository import AlertRepository
from indsec.errors import IncidentError, NotFoundError
from indsec.incident import service
from indsec.model import EnterpriseProfile, Grade
from indsec.model.alert import Alert, AssetContext
from indsec.model.identity import Actor
from indsec.profile_config import save_profile
from indsec.settings import Settings
from indsec.store.tables import IncidentRow

WALLET = "bc1qxy2kgdygjrsqtzq2n0yrf2493p83kkfjhx0wlh"
PHONE = "13800138000"
OFFICER_PHONE = "13912345678"
ACTOR = Actor(name="cli:wang", origin="cli@test")
SHANGHAI = ZoneInfo("Asia/Shanghai")


@pytest.fixture
def app(tmp_path: Path, store_url: str) -> Iterator[AppContext]:
    profile = EnterpriseProfile(
        name="苏州某厂",
        uscc="91320500MA1XXXXX1X",
        province="江苏省",
        city="苏州市",
        data_security_officer="王工",
        officer_contact=OFFICER_PHONE,
    )
    save_profile(tmp_path / "indsec.toml", profile)
    settings = Settings(
        home=tmp_path / ".indsec", database_url=store_url, config=tmp_path / "indsec.toml"
    )
    with AppContext(settings) as context:
        yield context


def _open(app: AppContext) -> service.Incident:
    return service.open_incident(
        app=app,
        actor=ACTOR,
        title="勒索软件加密 MES 数据库",
        facts=service.parse_facts(
            {"assets": [{"key": "db.mes", "name": "MES", "grade": "important"}]}
        ),
        scenario="ransomware",
        detected_at=datetime(2025, 9, 30, 23, 30),
    )


def test_open_update_and_the_timeline(app: AppContext) -> None:
    incident = _open(app)
    assert (incident.tier, incident.decided_by) == ("general", [])
    assert incident.detected_at == datetime(2025, 9, 30, 23, 30, tzinfo=SHANGHAI)
    updated = service.update_incident(
        app=app,
        actor=ACTOR,
        incident_id=incident.id,
        values={"outage_hours": "12", "ransom.demanded": "true", "ransom.amount": "2.5"},
        note="隔离受感染主机",
    )
    assert (updated.tier, updated.decided_by) == ("major", ["outage_12h"])
    assert [(e.action, e.actor) for e in updated.timeline] == [
        ("opened", "cli:wang"),
        ("facts", "cli:wang"),
        ("classified", "cli:wang"),
        ("note", "cli:wang"),
    ]
    assert updated.timeline[-1].detail == "隔离受感染主机"
    closed = service.update_incident(app=app, actor=ACTOR, incident_id=incident.id, close=True)
    assert closed.status == "closed"
    with pytest.raises(IncidentError, match="closed"):
        service.update_incident(app=app, actor=ACTOR, incident_id=incident.id, note="x")
    assert [i.id for i in service.list_incidents(app=app, tier="major")] == [incident.id]
    assert service.list_incidents(app=app, tier="large") == []


def test_wallet_and_contact_are_stored_masked(app: AppContext) -> None:
    incident = _open(app)
    values = {
        "ransom.demanded": "true",
        "ransom.wallet": WALLET,
        "ransom.currency": "BTC",
        "contact": PHONE,
    }
    service.update_incident(app=app, actor=ACTOR, incident_id=incident.id, values=values)
    with app.store().session() as session:
        stored = json.dumps(session.scalars(select(IncidentRow.facts)).one())
    assert WALLET not in stored and PHONE not in stored
    assert WALLET[:4] in stored and WALLET[-4:] in stored
    escalation = json.dumps(
        service.escalation_document(
            app=app, incident_id=incident.id, now=datetime(2025, 10, 1, tzinfo=SHANGHAI)
        ),
        ensure_ascii=False,
    )
    assert OFFICER_PHONE not in escalation and WALLET not in escalation


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"outage_hours": "-1"}, "outage_hours"),
        ({"personal_info": "many"}, "personal_info"),
        ({"ransom.amount": "5"}, "ransom.demanded is false"),
        ({"ransom.demanded": "true", "ransom.currency": "bitcoin"}, "ransom.currency"),
        ({"threat": "apocalyptic"}, "unknown threat 'apocalyptic'"),
        ({"colour": "red"}, "unknown incident fact 'colour'"),
        ({"ransom.amount.x": "1"}, "unknown incident fact"),
    ],
)
def test_invalid_facts_are_refused_and_nothing_changes(
    app: AppContext, values: dict[str, str], message: str
) -> None:
    incident = _open(app)
    with pytest.raises(IncidentError, match=message):
        service.update_incident(app=app, actor=ACTOR, incident_id=incident.id, values=values)
    assert service.show_incident(app=app, incident_id=incident.id) == incident


def test_unknown_incident_alert_and_scenario(app: AppContext) -> None:
    kept = _open(app)
    with pytest.raises(NotFoundError, match="no incident 42"):
        service.show_incident(app=app, incident_id=42)
    with pytest.raises(NotFoundError, match="no alert 7"):
        service.open_from_alert(app=app, actor=ACTOR, alert_id=7)
    with pytest.raises(IncidentError, match="unknown scenario 'meteor'"):
        service.open_incident(
            app=app, actor=ACTOR, title="x", facts=service.parse_facts({}), scenario="meteor"
        )
    assert service.list_incidents(app=app) == [kept]


def test_reports_stop_their_clock_and_reach_the_escalation(app: AppContext) -> None:
    incident = _open(app)
    late = datetime(2025, 10, 1, 2, 0, tzinfo=SHANGHAI)  # initial was due at 01:30
    first = service.incident_report(
        app=app, actor=ACTOR, incident_id=incident.id, form="initial", lang="zh", now=late
    )
    assert first["enterprise"]["uscc"] == "91320500MA1XXXXX1X"
    assert first["incident"]["tier"] == "一般"
    assert set(first["ransom"]) == {"demanded", "amount", "currency", "wallet"}
    assert "timeline" not in first
    assert first["timers"][0]["state"] == "late"  # recorded now, after the due time
    again = service.incident_report(
        app=app, actor=ACTOR, incident_id=incident.id, form="final", lang="en", record=False
    )
    assert [e["action"] for e in again["timeline"]] == ["opened", "report:initial"]
    now = datetime(2025, 10, 1, tzinfo=SHANGHAI)
    document = service.escalation_document(app=app, incident_id=incident.id, now=now)
    assert document["schema"] == "indsec.incident-escalation/1"
    assert document["tier"] == {"id": "general", "zh": "一般", "en": "general", "rank": 3}
    assert document["enterprise"]["province"] == "江苏省"
    assert [r["form"] for r in document["reports"]] == ["initial"]
    states = {t["kind"]: t["state"] for t in document["deadlines"]}
    assert states == {"initial": "late", "follow_up": "pending", "final": "pending"}
    # 3 working days after 30 Sep: 9, 10 and Saturday 11 Oct (a make-up working day), due at
    # the end of that day (the deadline engine's rule for day-counted periods)
    assert document["deadlines"][1]["due"] == "2025-10-11T23:59:59+08:00"


def test_annual_summary_counts_the_year_by_tier(app: AppContext) -> None:
    _open(app)
    hand = service.open_incident(
        app=app,
        actor=ACTOR,
        title="员工批量导出",
        facts=service.parse_facts({"personal_info": 1_000_000}),
        scenario="personnel",
        detected_at=datetime(2026, 1, 1, 0, 30),
    )
    assert hand.tier == "large"
    summary = service.annual_summary(app=app, year=2025, lang="zh")
    assert summary["due_date"] == "2026-01-31"
    assert summary["by_tier"] == {"特别重大": 0, "重大": 0, "较大": 0, "一般": 1}
    assert summary["by_scenario"] == {"ransomware": 1}
    for fmt, marker in (("md", "| 一般 | 1 |"), ("html", "<td>一般</td><td>1</td>")):
        assert marker in service.render_report(summary, fmt=fmt, lang="zh")


def test_html_escapes_what_the_enterprise_typed(app: AppContext) -> None:
    incident = _open(app)
    service.update_incident(
        app=app, actor=ACTOR, incident_id=incident.id, values={"cause": "<script>x</script>"}
    )
    form = service.incident_report(
        app=app, actor=ACTOR, incident_id=incident.id, form="follow_up", lang="en"
    )
    page = service.render_report(form, fmt="html", lang="en")
    assert "<script>" not in page and "&lt;script&gt;" in page
    assert "<td>Ransom demanded</td><td>no</td>" in page
    clocks = service.incident_timers(app=app, incident=incident, now=incident.detected_at)
    assert clocks[0].due == incident.detected_at + timedelta(hours=2)  # 一般: initial in 2 h


def test_from_an_alert_on_core_data(app: AppContext) -> None:
    alerts = AlertRepository(app.store())
    run_id = alerts.begin_run(sources=["edr.log"], catalogue_version=None)
    event_time = datetime(2026, 3, 13, 23, 10, tzinfo=SHANGHAI)
    asset = AssetContext(
        key="fs.rnd/drawings", name="研发图纸", grade=Grade.CORE, category="rnd", matched_on="path"
    )
    alert = Alert(
        rule_id="r1",
        rule_title="Shadow copies deleted",
        level="high",
        severity="critical",
        scenario="ransomware",
        event_time=event_time,
        asset=asset,
    )
    alerts.add_alerts(run_id, [alert])
    detected = datetime(2026, 3, 13, 23, 30)
    incident = service.open_from_alert(app=app, actor=ACTOR, alert_id=1, detected_at=detected)
    assert incident.facts.assets == [
        service.AffectedAsset(key="fs.rnd/drawings", name="研发图纸", grade=Grade.CORE)
    ]
    assert (incident.scenario, incident.alert_id, incident.occurred_at) == (
        "ransomware",
        1,
        event_time,
    )
    assert incident.tier == "general"  # core data, but no threat judged yet
    worse = service.update_incident(
        app=app, actor=ACTOR, incident_id=incident.id, values={"threat": "especially_serious"}
    )
    assert (worse.tier, worse.decided_by) == ("especially_major", ["core_data_especially_serious"])
    clocks = service.incident_timers(app=app, incident=worse, now=worse.detected_at)
    assert [(t.kind, t.due.astimezone(SHANGHAI).isoformat(), t.state) for t in clocks] == [
        ("initial", "2026-03-14T00:00:00+08:00", "pending"),
        ("follow_up", "2026-03-14T00:30:00+08:00", "pending"),
        ("final", "2026-03-20T23:59:59.999999+08:00", "pending"),  # end of the due day
    ]


def test_a_list_gives_each_incident_its_own_timeline(app: AppContext) -> None:
    first, second = _open(app), _open(app)
    service.update_incident(app=app, actor=ACTOR, incident_id=second.id, note="一")
    service.update_incident(
        app=app, actor=ACTOR, incident_id=first.id, values={"outage_hours": "8"}
    )
    listed = {i.id: [e.action for e in i.timeline] for i in service.list_incidents(app=app)}
    assert listed == {
        first.id: ["opened", "facts", "classified"],
        second.id: ["opened", "note"],
    }
    large = service.list_incidents(app=app, tier="large")
    assert [(i.id, len(i.timeline)) for i in large] == [(first.id, 3)]
    assert large == [service.show_incident(app=app, incident_id=first.id)]
