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

from sqlalchemy import or_, select
from sqlalchemy.orm import Session, defer

from indsec.app import AppContext
from indsec.catalogue.service import FilingPack
from indsec.clocks.workdays import add_working_days
from indsec.errors import ConfigError, PermissionDeniedError, StoreError
from indsec.identity import service as identity
from indsec.model.identity import Actor, Principal, Role, Tenant
from indsec.store.tables import FilingEventRow, FilingRow
from indsec.supervision.filing_rows import summary
from indsec.supervision.filing_types import FiledDocument, FilingStatus, Received
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


def _existing(session: Session, uscc: str, content_digest: str) -> FilingRow | None:
    query = select(FilingRow).where(FilingRow.uscc == uscc, FilingRow.digest == content_digest)
    return session.scalars(query.options(defer(FilingRow.document))).first()


def _same_or_current(
    session: Session, uscc: str, content_digest: str
) -> tuple[FilingRow | None, FilingRow | None]:
    """The version holding this content and the current version, in one round trip, without
    their stored documents (the hot path of intake never reads them)."""
    query = select(FilingRow).where(
        FilingRow.uscc == uscc,
        or_(FilingRow.digest == content_digest, FilingRow.is_current.is_(True)),
    )
    found = list(session.scalars(query.options(defer(FilingRow.document), defer(FilingRow.scale))))
    same = next((row for row in found if row.digest == content_digest), None)
    return same, next((row for row in found if row.is_current), None)


def supersede(latest: FilingRow | None) -> None:
    """The enterprise's newest version stops being current: the one being added takes over,
    in the same transaction, so readers always see exactly one current version."""
    if latest is not None:
        latest.is_current = False


def _counts(document: FiledDocument, pack: FilingPack) -> tuple[int, int]:
    grades = [grade_names(pack)[r["grade"]] for r in document.records]
    return grades.count("important"), grades.count("core")


def _new_row(
    document: FiledDocument,
    tenant: Tenant,
    content_digest: str,
    pack: FilingPack,
    latest: FilingRow | None,
) -> tuple[FilingRow, str | None]:
    """The new version's row after ``latest`` (the current one), and a note on its review due
    date if it is an estimate."""
    returned = latest is not None and latest.status == FilingStatus.RETURNED
    now = datetime.now(UTC)
    important, core = _counts(document, pack)
    due, note = review_due(now, pack.review_working_days)
    row = FilingRow(
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
        row, note = _new_row(document, tenant, content_digest, pack, latest)
        supersede(latest)
        session.add(row)
        session.flush()
        session.add(
            FilingEventRow(
                filing_id=row.id,
                at=row.submitted_at,
                actor=actor.name[:128],
                status=row.status,
                comment=note,
            )
        )
        identity.append_audit(
            session,
            actor=actor,
            action="filing.submit",
            target=f"filing:{row.id}",
            detail={"uscc": row.uscc, "version": str(row.version), "digest": content_digest},
        )
        return Received(summary(row), created=True)


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
            return Received(summary(found), created=False)
