"""Overdue lists per region: reviews overdue or due soon, and re-filings overdue or due soon.

A regulator sees its jurisdiction's subtree (the national regulator all of it), optionally
narrowed to one region inside it. "Today" is the regulator's day (``INDSEC_TIMEZONE``): a
clock is overdue once its due day has ended there, due soon when it ends within ``within_days``.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from itertools import groupby
from typing import Any, TypeVar, cast

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from indsec.app import AppContext
from indsec.catalogue.service import FilingPack
from indsec.errors import ConfigError
from indsec.store.moments import aware
from indsec.store.tables import FilingRow
from indsec.supervision.clocks import (
    ACCEPTED,
    REVIEW_STOPPED,
    VERSION_COLUMNS,
    FilingVersion,
    refiling_clock,
    refiling_trigger,
)


@dataclass(frozen=True, slots=True)
class DueItem:
    """One clock of the lists: whose, which filing version, since when, due which day."""

    rule: str
    clock: str
    uscc: str
    enterprise_name: str
    region_code: str
    version: int
    status: str
    start: datetime
    due: date
    overdue: bool
    categories: tuple[str, ...] = ()


@dataclass
class DueLists:
    """Reviews and re-filings due, plus the clocks that could not be computed (and why)."""

    today: date
    reviews: list[DueItem] = field(default_factory=list)
    refilings: list[DueItem] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


Q = TypeVar("Q", bound=Select[Any])


def _in_region(query: Q, prefix: str) -> Q:
    return query.where(FilingRow.region_code.startswith(prefix, autoescape=True))


def _reviews(session: Session, prefix: str, today: date, until: date) -> Iterator[DueItem]:
    query = _in_region(select(*VERSION_COLUMNS), prefix).where(
        FilingRow.status.not_in(REVIEW_STOPPED), FilingRow.review_due <= until
    )
    for row in _versions(session, query.order_by(FilingRow.review_due, FilingRow.id)):
        yield _item(
            row, f"filing.review:filing:{row.id}", aware(row.submitted_at), row.review_due, today
        )


def _versions(session: Session, query: Select[Any]) -> Iterator[FilingVersion]:
    return (cast(FilingVersion, row) for row in session.execute(query))


def _item(
    row: FilingVersion,
    clock: str,
    start: datetime,
    due: date,
    today: date,
    categories: tuple[str, ...] = (),
) -> DueItem:
    return DueItem(
        clock.split(":", 1)[0],
        clock,
        row.uscc,
        row.enterprise_name,
        row.region_code,
        row.version,
        row.status,
        start,
        due,
        due < today,
        categories,
    )


def _owing(session: Session, prefix: str) -> Iterator[list[FilingVersion]]:
    """Every version of the enterprises that have one newer than their last accepted filing."""
    pending = _in_region(select(FilingRow.uscc), prefix).where(FilingRow.status != ACCEPTED)
    query = select(*VERSION_COLUMNS).where(FilingRow.uscc.in_(pending.distinct()))
    rows = _versions(session, query.order_by(FilingRow.uscc, FilingRow.version))
    for _, versions in groupby(rows, key=lambda row: row.uscc):
        yield list(versions)


def _refilings(
    app: AppContext, session: Session, prefix: str, lists: DueLists, until: date
) -> None:
    threshold = app.packs.one(FilingPack).refiling_scale_change
    for versions in _owing(session, prefix):
        trigger = refiling_trigger(versions, threshold)
        if trigger is None:
            continue
        try:
            clock = refiling_clock(app=app, trigger=trigger)
        except ConfigError as exc:
            lists.problems.append(f"{trigger.changed.uscc} v{trigger.changed.version}: {exc}")
            continue
        due = clock.due_day(app.zone)
        if due <= until:
            row = trigger.changed
            lists.refilings.append(
                _item(
                    row,
                    f"{clock.rule.id}:{clock.subject}:v{row.version}",
                    clock.start,
                    due,
                    lists.today,
                    tuple(trigger.categories),
                )
            )
    lists.refilings.sort(key=lambda item: (item.due, item.uscc))


def due_lists(*, app: AppContext, prefix: str, now: datetime, within_days: int) -> DueLists:
    """The clocks of region codes starting with ``prefix`` overdue at ``now`` or due within
    ``within_days`` of the regulator's today."""
    today = now.astimezone(app.zone).date()
    until = today + timedelta(days=within_days)
    lists = DueLists(today)
    with app.store().session() as session:
        lists.reviews = list(_reviews(session, prefix, today, until))
        _refilings(app, session, prefix, lists, until)
    return lists
