"""Importing a registry file into ``registry_enterprises``, and reading the registry back.

An import checks every row first and writes afterwards, in one transaction with its audit
entry and the new ranking of the plan's top-10 % set of every province it touched: a file that
turns out unreadable halfway stores nothing, and a file with bad rows stores exactly its good
ones. Rows are matched by USCC, so importing the same file again changes nothing and an
amended file updates in place. A regulator imports only enterprises of its jurisdiction (where
the row says they are, and where the registry had them).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Select, func, insert, or_, select, update
from sqlalchemy.orm import Session

from indsec.app import AppContext
from indsec.identity import service as identity
from indsec.model.identity import Actor
from indsec.model.progress import Progress
from indsec.model.registry import (
    ImportResult,
    RegistryEnterprise,
    RegistryFilter,
    RowError,
)
from indsec.store.rows import from_row
from indsec.store.tables import RegistryEnterpriseRow as Row
from indsec.supervision import mandatory
from indsec.supervision.registry_read import read_registry
from indsec.supervision.registry_rows import check_row

CHUNK = 500
"""USCCs looked up, rows inserted or updated, per statement."""
PROGRESS_EVERY = 1000
FIELDS = ("name", "industry_code", "region_code", "annual_revenue", "above_scale")


@dataclass
class _Checked:
    """The good rows of a file by USCC (with their row numbers), and the refusals."""

    rows: dict[str, tuple[int, RegistryEnterprise]] = field(default_factory=dict)
    result: ImportResult = field(default_factory=ImportResult)

    def refuse(self, errors: list[RowError]) -> None:
        self.result.refused += 1
        self.result.errors.extend(errors)


def enterprise(row: Row) -> RegistryEnterprise:
    return from_row(RegistryEnterprise, row)


def _check_file(name: str, data: bytes, allowed: str, progress: Progress) -> _Checked:
    checked = _Checked()
    for number, cells, found in read_registry(name, data):
        good, errors = check_row(number, cells, found)
        if good is not None and not good.region_code.startswith(allowed):
            errors = [RowError(number, "region", good.region_code, "outside your jurisdiction")]
        elif good is not None and good.uscc in checked.rows:
            first = checked.rows[good.uscc][0]
            reason, where = "listed already in row %(row)s", {"row": str(first)}
            errors = [RowError(number, "uscc", good.uscc, reason, where)]
        if errors:
            checked.refuse(errors)
        elif good is not None:
            checked.rows[good.uscc] = (number, good)
        if number % PROGRESS_EVERY == 0:
            progress(f"row {number}")
    return checked


def _chunks(items: list[Any]) -> Iterator[list[Any]]:
    for start in range(0, len(items), CHUNK):
        yield items[start : start + CHUNK]


def _stored(session: Session, usccs: list[str]) -> dict[str, Row]:
    found: dict[str, Row] = {}
    for chunk in _chunks(usccs):
        found.update((r.uscc, r) for r in session.scalars(select(Row).where(Row.uscc.in_(chunk))))
    return found


def _values(good: RegistryEnterprise) -> dict[str, Any]:
    return {
        "name": good.name,
        "industry_code": good.industry_code,
        "region_code": good.region_code,
        "province_code": good.province_code,
        "annual_revenue": good.annual_revenue,
        "above_scale": good.above_scale,
    }


def _plan(
    checked: _Checked, stored: dict[str, Row], allowed: str, source: str
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The rows to insert and the updates (by id); moving an enterprise stored outside the
    caller's jurisdiction is refused like any bad row."""
    now, added, changed = datetime.now(UTC), [], []
    for uscc, (number, good) in checked.rows.items():
        old = stored.get(uscc)
        if old is None:
            added.append({"uscc": uscc, **_values(good), "source": source})
            added[-1].update(imported_at=now, updated_at=now)
        elif not old.region_code.startswith(allowed):
            reason = "registered in a region outside your jurisdiction"
            checked.refuse([RowError(number, "uscc", uscc, reason)])
        elif enterprise(old) == good:
            checked.result.unchanged += 1
        else:
            changed.append({"id": old.id, **_values(good), "source": source, "updated_at": now})
    return added, changed


def _touched(
    stored: dict[str, Row], added: list[dict[str, Any]], changed: list[dict[str, Any]]
) -> set[str]:
    """The provinces whose top-10 % set the import may change: where rows were added, and
    where changed rows are now and were before (an enterprise may move)."""
    before = {row.id: row.province_code for row in stored.values()}
    return {r["province_code"] for r in added + changed} | {before[r["id"]] for r in changed}


def import_registry(
    *,
    app: AppContext,
    actor: Actor,
    allowed: str,
    name: str,
    data: bytes,
    progress: Progress,
) -> ImportResult:
    """Import the file ``name`` (its bytes ``data``) for a caller whose jurisdiction is the
    region codes starting with ``allowed`` ("" for all)."""
    checked = _check_file(name, data, allowed, progress)
    source = name[-256:]
    with app.store().session() as session:
        stored = _stored(session, list(checked.rows))
        added, changed = _plan(checked, stored, allowed, source)
        touched = _touched(stored, added, changed)  # before the updates refresh ``stored``
        for chunk in _chunks(added):
            session.execute(insert(Row), chunk)
        for chunk in _chunks(changed):
            session.execute(update(Row), chunk)
        mandatory.refresh(session, touched)
        result = checked.result
        result.added, result.updated = len(added), len(changed)
        counts = {k: getattr(result, k) for k in ("added", "updated", "unchanged", "refused")}
        identity.append_audit(
            session, actor=actor, action="registry.import", target=f"file:{source}", detail=counts
        )
    result.errors.sort(key=lambda e: e.row)
    return result


def _filtered(query: Select[Any], allowed: str, where: RegistryFilter) -> Select[Any]:
    query = query.where(Row.region_code.startswith(allowed, autoescape=True))
    conditions: list[Any] = []
    if where.province:
        conditions.append(Row.province_code == where.province[:2])
    if where.city:
        conditions.append(Row.region_code.startswith(where.city[:4], autoescape=True))
    if where.industry:
        conditions.append(Row.industry_code.startswith(where.industry, autoescape=True))
    if where.above_scale is not None:
        conditions.append(Row.above_scale == where.above_scale)
    if where.search:
        text = where.search.strip()
        conditions.append(
            or_(
                Row.name.contains(text, autoescape=True),
                Row.uscc.startswith(text.upper(), autoescape=True),
            )
        )
    return query.where(*conditions)


def count(app: AppContext, allowed: str, where: RegistryFilter) -> int:
    with app.store().session() as session:
        query = _filtered(select(func.count()).select_from(Row), allowed, where)
        return int(session.scalar(query) or 0)


def listed(
    app: AppContext,
    allowed: str,
    where: RegistryFilter,
    *,
    offset: int = 0,
    limit: int | None = None,
) -> list[RegistryEnterprise]:
    """The enterprises the filter matches in the jurisdiction, by region then name."""
    query = _filtered(select(Row), allowed, where).order_by(Row.region_code, Row.name, Row.uscc)
    with app.store().session() as session:
        return [enterprise(r) for r in session.scalars(query.offset(offset).limit(limit))]


def provinces(app: AppContext, allowed: str) -> list[str]:
    """The province codes (two digits) the registry holds in the jurisdiction."""
    query = select(Row.province_code).distinct()
    with app.store().session() as session:
        found = session.scalars(query.where(Row.region_code.startswith(allowed, autoescape=True)))
        return sorted(found)
