"""Receiving a filing: validated, digested, versioned, stored once, audited.

Idempotent by content: the digest covers the canonical filed content (the enterprise, the
column ids and the records, not the file's format or layout), so a retried upload — JSON or
the same form as XLSX — answers the version already stored, and only changed content makes a
new version. The version after a returned one enters as ``resubmitted``; the returned one keeps
its state. The review is due 20 Chinese working days after the day of submission in Beijing
time (the filing pack's ``review_working_days``).
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from itertools import islice
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import insert, or_, select, update
from sqlalchemy.orm import Session

from indsec.app import AppContext
from indsec.catalogue.service import FilingPack
from indsec.clocks.workdays import add_working_days
from indsec.errors import ConfigError, PermissionDeniedError, StoreError
from indsec.identity import service as identity
from indsec.model.identity import Actor, Principal, Role, Tenant
from indsec.store.tables import Base, FilingEventRow, FilingRow, table
from indsec.supervision.filing_rows import SUMMARY_COLUMNS, summary
from indsec.supervision.filing_types import FiledDocument, FilingStatus, FilingSummary, Received
from indsec.supervision.intake_validate import grade_names, validated

REGULATOR_TZ = ZoneInfo("Asia/Shanghai")
_LEADING_NUMBER = re.compile(r"^\s*([0-9][0-9,]*)")


def digest(document: FiledDocument) -> str:
    """SHA-256 of the canonical content: sorted keys, no layout, the file format forgotten."""
    canonical = {
        "uscc": document.uscc,
        "name": document.enterprise_name,
        "columns": [cid for cid, _ in document.columns],
        "records": document.records,
    }
    text = json.dumps(canonical, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def stated_number(text: str) -> int | None:
    """The number a scale cell states first (``12,345 字节（12.1 KiB）`` → 12345)."""
    found = _LEADING_NUMBER.match(text)
    return int(found.group(1).replace(",", "")) if found else None


def scale(document: FiledDocument) -> dict[str, Any]:
    """Per filed category, the records and storage the filing states, summed over its records
    (``unstated``: records whose count or size is not given), for comparing versions."""
    out: dict[str, dict[str, int]] = {}
    for record in document.records:
        entry = out.setdefault(
            record["category"], {"assets": 0, "records": 0, "bytes": 0, "unstated": 0}
        )
        rows, size = stated_number(record["scale_records"]), stated_number(record["scale_bytes"])
        entry["assets"] += 1
        entry["records"] += rows or 0
        entry["bytes"] += size or 0
        entry["unstated"] += rows is None or size is None
    return dict(out)


def review_due(submitted_at: datetime, working_days: int) -> tuple[date, str | None]:
    """The review's due date, and a note when it is an estimate.

    A due date past the years the official calendar covers (a December filing) is counted on
    Monday to Friday rather than refusing the filing; the note, kept in the submission's
    history, says so, for the clocks to recount once the calendar covers that year.
    """
    day = submitted_at.astimezone(REGULATOR_TZ).date()
    try:
        return add_working_days(day, working_days), None
    except ConfigError as exc:
        estimate = next(islice(_weekdays_after(day), working_days - 1, None))
        return estimate, f"review due date estimated on Monday–Friday: {exc}"


def _weekdays_after(day: date) -> Iterator[date]:
    while True:
        day += timedelta(days=1)
        if day.weekday() < 5:
            yield day


def filer_tenant(session: Session, principal: Principal, uscc: str) -> Tenant:
    """The enterprise the caller files for: an officer's own, and only if it is the filer
    (read in the intake's transaction)."""
    if principal.role is not Role.ENTERPRISE_OFFICER or principal.tenant_id is None:
        raise PermissionDeniedError("only an enterprise officer files its enterprise's catalogue")
    identity.require_write(principal)
    tenant = identity.tenant_in(session, principal.tenant_id)
    if tenant.uscc != uscc:
        raise PermissionDeniedError(
            f"the filing is for USCC {uscc}; your account files only for {tenant.uscc}"
        )
    return tenant


def _existing(session: Session, uscc: str, content_digest: str) -> FilingSummary | None:
    query = select(*SUMMARY_COLUMNS).where(
        FilingRow.uscc == uscc, FilingRow.digest == content_digest
    )
    found = session.execute(query).first()
    return summary(found) if found is not None else None


def _same_or_current(
    session: Session, uscc: str, content_digest: str
) -> tuple[Any | None, Any | None]:
    """The version holding this content and the current version, in one round trip, as plain
    rows of the summary's columns (the hot path of intake never reads the stored documents,
    nor needs the ORM's identity map for two rows it only reads)."""
    query = select(*SUMMARY_COLUMNS, FilingRow.digest, FilingRow.is_current).where(
        FilingRow.uscc == uscc,
        or_(FilingRow.digest == content_digest, FilingRow.is_current),
    )
    found = session.execute(query).all()
    same = next((row for row in found if row.digest == content_digest), None)
    return same, next((row for row in found if row.is_current), None)


def supersede(session: Session, latest: Any | None) -> None:
    """The enterprise's newest version stops being current: the one being added takes over,
    in the same transaction, so readers always see exactly one current version."""
    if latest is not None:
        filings = table(FilingRow)
        session.execute(update(filings).where(filings.c.id == latest.id).values(is_current=False))


def _counts(document: FiledDocument, pack: FilingPack) -> tuple[int, int]:
    grades = [grade_names(pack)[r["grade"]] for r in document.records]
    return grades.count("important"), grades.count("core")


def _new_row(
    document: FiledDocument,
    tenant: Tenant,
    content_digest: str,
    pack: FilingPack,
    latest: Any | None,
) -> tuple[dict[str, Any], str | None]:
    """The new version's column values after ``latest`` (the current one), and a note on its
    review due date if it is an estimate."""
    returned = latest is not None and latest.status == FilingStatus.RETURNED
    now = datetime.now(UTC)
    important, core = _counts(document, pack)
    due, note = review_due(now, pack.review_working_days)
    row = dict(
        uscc=document.uscc,
        enterprise_name=document.enterprise_name,
        region_code=tenant.region_code,
        industry_code=document.industry_code,
        version=1 if latest is None else latest.version + 1,
        digest=content_digest,
        status=FilingStatus.RESUBMITTED if returned else FilingStatus.SUBMITTED,
        catalogue_version=document.catalogue_version,
        important_count=important,
        core_count=core,
        scale=scale(document),
        document={
            "lang": document.lang,
            "title": document.title,
            "columns": [{"id": cid, "name": name} for cid, name in document.columns],
            "records": document.records,
        },
        submitted_at=now,
        review_due=due,
        status_at=now,
        is_current=True,
    )
    return row, note


def _insert(session: Session, row: type[Base], values: dict[str, Any]) -> int:
    """One row by a Core INSERT (the ORM's unit of work costs more CPU than the filing's
    whole validation); its new key."""
    into = table(row)
    return int(session.execute(insert(into).values(values).returning(into.c.id)).scalar_one())


def _add_version(
    session: Session, actor: Actor, values: dict[str, Any], note: str | None
) -> FilingSummary:
    """The new version, its submission event and its audit entry, in the open transaction."""
    filing_id = _insert(session, FilingRow, values)
    event = dict(
        filing_id=filing_id,
        at=values["submitted_at"],
        actor=actor.name[:128],
        status=values["status"],
        comment=note,
    )
    _insert(session, FilingEventRow, event)
    identity.append_audit(
        session,
        actor=actor,
        action="filing.submit",
        target=f"filing:{filing_id}",
        detail={
            "uscc": values["uscc"],
            "version": str(values["version"]),
            "digest": values["digest"],
        },
    )
    return FilingSummary(id=filing_id, **{c.key: values[c.key] for c in SUMMARY_COLUMNS[1:]})


def _store(
    app: AppContext,
    actor: Actor,
    principal: Principal,
    document: FiledDocument,
    content_digest: str,
) -> Received:
    """One transaction: the filer checked, the version found or added with its event and
    audit entry, the previous version superseded."""
    pack = app.packs.one(FilingPack)
    with app.store().session() as session:
        tenant = filer_tenant(session, principal, document.uscc)
        found, latest = _same_or_current(session, document.uscc, content_digest)
        if found is not None:
            return Received(summary(found), created=False)
        values, note = _new_row(document, tenant, content_digest, pack, latest)
        supersede(session, latest)
        return Received(_add_version(session, actor, values, note), created=True)


def receive(
    *, app: AppContext, actor: Actor, principal: Principal, raw: dict[str, Any]
) -> Received:
    """Validate ``raw`` (the export's JSON shape) and keep it as a new version, or answer the
    version already holding the same content."""
    document = validated(raw, app.packs.one(FilingPack))
    content_digest = digest(document)
    try:
        return _store(app, actor, principal, document, content_digest)
    except StoreError:  # the same content stored concurrently: the unique digest refused ours
        with app.store().session() as session:
            found = _existing(session, document.uscc, content_digest)
            if found is None:
                raise
            return Received(found, created=False)
