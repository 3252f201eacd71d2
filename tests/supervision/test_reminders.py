"""The reminder run: the day's overdue and due-soon clocks told once per clock and day, in the
app to the regulators (and, for re-filings, the enterprise's people), and by e-mail through a
real SMTP server on loopback; a server that is down loses nothing."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from indsec.identity import service as identity
from indsec.model.identity import Actor
from indsec.settings import Settings
from indsec.supervision.service import mark_read, my_notifications, remind, unread_count
from tests.identity.world import CLI, USCC_A, World
from tests.supervision.filings import add_filing, principal, scale
from tests.supervision.smtp_sink import free_port, smtp_sink

SHANGHAI = ZoneInfo("Asia/Shanghai")
NOV_3 = datetime(2026, 11, 3, 8, tzinfo=SHANGHAI)  # the day after A's review was due


def seed(world: World) -> None:
    """A's filing submitted Tue 29 Sep (review due Mon 2 Nov); a 40 % change on 3 Aug after
    its accepted filing of 5 Jan (re-filing due Tue 3 Nov)."""
    app = world.app
    add_filing(app, 1, "accepted", datetime(2026, 1, 5, 10, tzinfo=SHANGHAI))
    add_filing(
        app, 2, "returned", datetime(2026, 8, 3, 10, tzinfo=SHANGHAI), scale_of=scale(140, 1000)
    )
    add_filing(
        app, 3, "submitted", datetime(2026, 9, 29, 10, tzinfo=SHANGHAI), scale_of=scale(140, 1000)
    )
    for username in ("prov_js", "officer_a"):
        identity.set_email(app=app, actor=CLI, username=username, email=f"{username}@example.cn")


def clocks_of(world: World, username: str) -> list[tuple[str, str]]:
    found = my_notifications(app=world.app, principal=principal(world.app, username))
    return sorted((n.clock.split(":", 1)[0], n.kind) for n in found)


def test_reminders_reach_whom_each_clock_concerns_once_a_day(world: World) -> None:
    seed(world)
    report = remind(app=world.app, now=NOV_3)
    review, refiling = ("filing.review", "overdue"), ("filing.refiling", "due_soon")
    assert clocks_of(world, "city_sz") == [refiling, review]
    assert clocks_of(world, "prov_js") == [refiling, review]
    assert clocks_of(world, "officer_a") == [refiling]
    assert clocks_of(world, "viewer_a") == [refiling]
    for outsider in ("national", "city_nj", "prov_zj", "officer_b", "admin"):
        assert clocks_of(world, outsider) == [], outsider
    assert report.raised == 6 and report.emailed == 0, "no SMTP server configured"

    assert remind(app=world.app, now=NOV_3.replace(hour=20)).raised == 0, "same day: nothing new"
    next_day = remind(app=world.app, now=NOV_3.replace(day=4))
    assert next_day.raised == 6, "both clocks are overdue now, and told again the next day"


def test_marking_read_counts_down_only_the_caller_s_own(world: World) -> None:
    seed(world)
    remind(app=world.app, now=NOV_3)
    officer, city = principal(world.app, "officer_a"), principal(world.app, "city_sz")
    others = [n.id for n in my_notifications(app=world.app, principal=city)]
    actor = Actor(name="officer_a", origin="test", user_id=officer.user_id)
    assert mark_read(app=world.app, actor=actor, principal=officer, ids=others) == 0
    assert unread_count(app=world.app, principal=city) == 2
    assert unread_count(app=world.app, principal=officer) == 1
    assert mark_read(app=world.app, actor=actor, principal=officer) == 1
    assert unread_count(app=world.app, principal=officer) == 0
    assert identity.audit_entries(app=world.app, action="notifications.read")


def with_smtp(world: World, port: int) -> World:
    values = world.app.settings.model_dump() | {
        "smtp_host": "127.0.0.1",
        "smtp_port": port,
        "smtp_from": "indsec@regulator.example.cn",
        "smtp_starttls": False,
        "smtp_timeout_s": 5,
    }
    world.app.settings = Settings.model_validate(values)
    return world


def test_reminders_are_e_mailed_in_chinese_once_through_a_real_smtp_server(world: World) -> None:
    seed(world)
    with smtp_sink() as sink:
        report = remind(app=with_smtp(world, sink.port).app, now=NOV_3)
        assert report.problems == [] and report.emailed == 3
        assert remind(app=world.app, now=NOV_3.replace(hour=21)).emailed == 0
    mails = sorted((r.recipients, str(r.message["Subject"])) for r in sink.received)
    assert mails == [
        (["officer_a@example.cn"], "【变更备案即将到期】企业A应于2026-11-03前重新备案"),
        (["prov_js@example.cn"], "【变更备案即将到期】企业A应于2026-11-03前重新备案"),
        (["prov_js@example.cn"], "【备案审核已逾期】企业A（第3版）审核期限为2026-11-02"),
    ]
    body = sink.received[0].message.get_content()
    assert USCC_A in body and "2026-11-0" in body and "due" in body
    assert sink.received[0].message["From"] == "indsec@regulator.example.cn"


def test_a_server_that_is_down_is_reported_and_the_mail_sent_on_the_next_run(world: World) -> None:
    seed(world)
    port = free_port()  # nothing listens there yet
    down = remind(app=with_smtp(world, port).app, now=NOV_3)
    assert down.emailed == 0 and down.raised == 6
    assert len(down.problems) == 1 and f"127.0.0.1:{port}" in down.problems[0]
    assert unread_count(app=world.app, principal=principal(world.app, "prov_js")) == 2
    with smtp_sink() as sink:
        again = remind(app=with_smtp(world, sink.port).app, now=NOV_3.replace(hour=12))
    assert again.raised == 0 and again.emailed == 3 and len(sink.received) == 3
