"""The daily reminder run: what is due or overdue, told once per clock and day to whom it
concerns, in the app and (with an SMTP server) by e-mail.

A review is the regulators' duty: its reminders go to the provincial and city regulators
whose jurisdiction holds the enterprise. A re-filing is the enterprise's: its reminders go to
the enterprise's users and to those regulators. E-mails are in Chinese with an English
translation below; one that fails stays pending and is sent by the next run of the same day.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from email.message import EmailMessage

from sqlalchemy import select, update

from indsec.app import AppContext
from indsec.errors import DeliveryError
from indsec.identity import service as identity
from indsec.store.tables import NotificationRow, UserRow
from indsec.supervision.mail import compose, mail_configured, send_all
from indsec.supervision.notifications import raise_notification
from indsec.supervision.overdue import DueItem, due_lists

SUBJECTS = {
    ("filing.review", "overdue"): "【备案审核已逾期】{enterprise}（第{version}版）审核期限为{due}",
    (
        "filing.review",
        "due_soon",
    ): "【备案审核即将到期】{enterprise}（第{version}版）审核期限为{due}",
    ("filing.refiling", "overdue"): "【变更备案已逾期】{enterprise}应于{due}前重新备案",
    ("filing.refiling", "due_soon"): "【变更备案即将到期】{enterprise}应于{due}前重新备案",
    ("assessment.validity", "overdue"): "【风险评估报告已过期】{enterprise}的年度风险评估报告"
    "有效期至{due}",
    ("assessment.validity", "due_soon"): "【风险评估报告即将过期】{enterprise}的年度风险评估"
    "报告有效期至{due}",
}
ENGLISH = {
    ("filing.review", "overdue"): "Filing review overdue: {enterprise} (version {version}), "
    "due {due}",
    ("filing.review", "due_soon"): "Filing review due soon: {enterprise} (version {version}), "
    "due {due}",
    ("filing.refiling", "overdue"): "Re-filing overdue: {enterprise} was to file its major "
    "change by {due}",
    ("filing.refiling", "due_soon"): "Re-filing due soon: {enterprise} is to file its major "
    "change by {due}",
    ("assessment.validity", "overdue"): "Risk assessment report expired: {enterprise}'s annual "
    "report was valid until {due}",
    ("assessment.validity", "due_soon"): "Risk assessment report expiring: {enterprise}'s annual "
    "report is valid until {due}",
}
OWED_BY_ENTERPRISE = frozenset({"filing.refiling", "assessment.validity"})
"""Clocks the enterprise must act on: its people are reminded too, not only its regulators."""


@dataclass
class RemindReport:
    """What a run did: reminders raised in the app, e-mails sent, and what went wrong."""

    day: date
    raised: int = 0
    emailed: int = 0
    problems: list[str] = field(default_factory=list)


def _recipients(app: AppContext, item: DueItem) -> list[int]:
    users = identity.responsible_regulators(app=app, region_code=item.region_code)
    if item.rule in OWED_BY_ENTERPRISE:
        users = identity.enterprise_users(app=app, uscc=item.uscc) + users
    return [user.id for user in users]


def _detail(item: DueItem) -> dict[str, str | int]:
    return {
        "rule": item.rule,
        "enterprise": item.enterprise_name,
        "uscc": item.uscc,
        "version": item.version,
        "region": item.region_code,
        "due": item.due.isoformat(),
    }


def _raise(app: AppContext, item: DueItem, day: date) -> int:
    kind = "overdue" if item.overdue else "due_soon"
    raised = 0
    for user_id in _recipients(app, item):
        added = raise_notification(
            app=app,
            user_id=user_id,
            clock=item.clock,
            day=day,
            kind=kind,
            due=item.due,
            detail=_detail(item),
        )
        raised += added is not None
    return raised


def _message(app: AppContext, row: NotificationRow, to: str) -> EmailMessage:
    key = (str(row.detail["rule"]), row.kind)
    subject = SUBJECTS[key].format(**row.detail)
    english = ENGLISH[key].format(**row.detail)
    body = f"{subject}\n统一社会信用代码：{row.detail['uscc']}\n\n{english}\n"
    return compose(app.settings, to=to, subject=subject, body=body)


def _email(app: AppContext, day: date, report: RemindReport) -> None:
    """Send the day's reminders not e-mailed yet to the users who have an address."""
    pending = (
        select(NotificationRow, UserRow.email)
        .join(UserRow, UserRow.id == NotificationRow.user_id)
        .where(NotificationRow.day == day, NotificationRow.emailed_at.is_(None))
        .where(UserRow.email.is_not(None), UserRow.disabled.is_(False))
        .order_by(NotificationRow.id)
    )
    with app.store().session() as session:
        found = [(row, email) for row, email in session.execute(pending) if email]
        if not found:
            return
        try:
            send_all(app.settings, [_message(app, row, email) for row, email in found])
        except DeliveryError as exc:
            report.problems.append(str(exc))
            return
        ids = [row.id for row, _ in found]
        session.execute(
            update(NotificationRow)
            .where(NotificationRow.id.in_(ids))
            .values(emailed_at=datetime.now(UTC))
        )
    report.emailed += len(found)


def remind(*, app: AppContext, now: datetime, extra: Sequence[DueItem] = ()) -> RemindReport:
    """Raise today's reminders of every clock overdue or due soon (the filing clocks, and the
    ``extra`` clocks of features above this one: assessment reports' validity), then e-mail
    them."""
    lists = due_lists(app=app, prefix="", now=now, within_days=app.settings.clock_due_soon_days)
    report = RemindReport(lists.today, problems=list(lists.problems))
    for item in [*lists.reviews, *lists.refilings, *extra]:
        report.raised += _raise(app, item, lists.today)
    if mail_configured(app.settings):
        _email(app, lists.today, report)
    return report
