"""ORM tables. Scans are append-only versions; reviews are append-only decisions.

The platform's identity tables (tenants, users, API tokens, web sessions, the audit log) never
store a secret: passwords as argon2 hashes, tokens and session cookies as SHA-256 digests of
high-entropy random strings. The audit log is append-only: its migration adds triggers that
refuse any UPDATE or DELETE of its rows.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any, ClassVar

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    Numeric,
    String,
    Table,
    Text,
    UniqueConstraint,
    false,
)
from sqlalchemy.engine.default import DefaultExecutionContext
from sqlalchemy.orm import DeclarativeBase, Mapped, MappedColumn, mapped_column, relationship


class Base(DeclarativeBase):
    """Declarative base of every indsec table.

    Every moment is stored with its timezone, so a ``Mapped[datetime]`` column needs no type of
    its own; ``Mapped[datetime | None]`` is nullable."""

    type_annotation_map: ClassVar[dict[Any, Any]] = {datetime: DateTime(timezone=True)}


def belongs_to(table: str) -> MappedColumn[Any]:
    """The id of the ``table`` row this one is part of: indexed, and deleted with it (nullable
    where the column's annotation is optional)."""
    return mapped_column(ForeignKey(f"{table}.id", ondelete="CASCADE"), index=True)


class _EnterpriseColumns:
    """What every row an enterprise sends the supervision instance starts with: its id, the
    enterprise's USCC and name as sent, and the region whose regulators see it (first in the
    table, as the migrations made them: ``sort_order``)."""

    id: Mapped[int] = mapped_column(primary_key=True, sort_order=-1)
    uscc: Mapped[str] = mapped_column(String(18), index=True, sort_order=-1)
    enterprise_name: Mapped[str] = mapped_column(String(256), sort_order=-1)
    region_code: Mapped[str] = mapped_column(String(6), index=True, sort_order=-1)


def table(row: type[Base]) -> Table:
    """The Core table of a mapped class, for the hot paths that write with Core statements."""
    return Base.metadata.tables[row.__tablename__]


class _RunColumns:
    """What every stored run keeps: its status (running, complete, failed), report and error.

    ``host`` and ``pid`` name the process that runs it, so a run left ``running`` by a killed
    process can be told from one still being written.
    """

    finished_at: Mapped[datetime | None]
    status: Mapped[str] = mapped_column(String(16))
    report: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    error: Mapped[str] = mapped_column(Text, default="")
    host: Mapped[str | None] = mapped_column(String(255), nullable=True)
    pid: Mapped[int | None] = mapped_column(Integer, nullable=True)


class ScanRow(_RunColumns, Base):
    """One catalogue version: a scan and its status."""

    __tablename__ = "scans"

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[int] = mapped_column(Integer, unique=True)
    created_at: Mapped[datetime]
    trigger: Mapped[str] = mapped_column(String(16), default="scan")
    sources: Mapped[list[Any]] = mapped_column(JSON, default=list)
    rule_packs: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    profile: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)

    assets: Mapped[list[AssetRow]] = relationship(back_populates="scan", cascade="all")


class AssetRow(Base):
    """One classified asset inside a version; the full document is kept as JSON."""

    __tablename__ = "catalogue_assets"
    __table_args__ = (UniqueConstraint("scan_id", "asset_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    scan_id: Mapped[int] = belongs_to("scans")
    asset_key: Mapped[str] = mapped_column(String(1024), index=True)
    category: Mapped[str] = mapped_column(String(128))
    grade: Mapped[str] = mapped_column(String(16), index=True)
    document: Mapped[dict[str, Any]] = mapped_column(JSON)
    # Copied out of ``document`` when stored, so lists filter and count in SQL (migration 0013).
    source: Mapped[str] = mapped_column(String(512), default="")
    name_folded: Mapped[str] = mapped_column(String(1024), default="")
    comment_folded: Mapped[str] = mapped_column(Text, default="")
    suspected: Mapped[bool] = mapped_column(Boolean, default=False)

    scan: Mapped[ScanRow] = relationship(back_populates="assets")


class ReviewRow(Base):
    """A human override; the newest one per asset key applies, older ones stay as history."""

    __tablename__ = "reviews"

    id: Mapped[int] = mapped_column(primary_key=True)
    asset_key: Mapped[str] = mapped_column(String(1024), index=True)
    grade: Mapped[str | None] = mapped_column(String(16), nullable=True)
    category: Mapped[str | None] = mapped_column(String(128), nullable=True)
    reason: Mapped[str] = mapped_column(Text)
    reviewer: Mapped[str] = mapped_column(String(256))
    reviewed_at: Mapped[datetime]


class DetectionRunRow(_RunColumns, Base):
    """One ``indsec detect run``: its inputs, counters and located problems."""

    __tablename__ = "detection_runs"

    id: Mapped[int] = mapped_column(primary_key=True)
    started_at: Mapped[datetime]
    sources: Mapped[list[Any]] = mapped_column(JSON, default=list)
    catalogue_version: Mapped[int | None] = mapped_column(Integer, nullable=True)

    alerts: Mapped[list[AlertRow]] = relationship(back_populates="run", cascade="all")


class AlertRow(Base):
    """A stored alert; the full alert document is kept as JSON beside indexed columns."""

    __tablename__ = "alerts"

    id: Mapped[int] = mapped_column(primary_key=True)
    run_id: Mapped[int] = belongs_to("detection_runs")
    rule_id: Mapped[str] = mapped_column(String(64), index=True)
    severity: Mapped[str] = mapped_column(String(16), index=True)
    scenario: Mapped[str | None] = mapped_column(String(32), nullable=True, index=True)
    asset_grade: Mapped[str | None] = mapped_column(String(16), nullable=True)
    event_time: Mapped[datetime | None]
    document: Mapped[dict[str, Any]] = mapped_column(JSON)

    run: Mapped[DetectionRunRow] = relationship(back_populates="alerts")


class TenantRow(Base):
    """An enterprise: its unified social credit code, name and GB/T 2260 region."""

    __tablename__ = "tenants"

    id: Mapped[int] = mapped_column(primary_key=True)
    uscc: Mapped[str] = mapped_column(String(18), unique=True)
    name: Mapped[str] = mapped_column(String(256))
    region_code: Mapped[str] = mapped_column(String(6), index=True)
    created_at: Mapped[datetime]


class UserRow(Base):
    """A user with one role, bound to a tenant (enterprise roles) or a region (regulators)."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    password_hash: Mapped[str] = mapped_column(String(256))
    role: Mapped[str] = mapped_column(String(32))
    tenant_id: Mapped[int | None] = mapped_column(ForeignKey("tenants.id"), nullable=True)
    region_code: Mapped[str | None] = mapped_column(String(6), nullable=True)
    disabled: Mapped[bool] = mapped_column(Boolean, default=False)
    email: Mapped[str | None] = mapped_column(String(254), nullable=True)
    failed_logins: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None]
    created_at: Mapped[datetime]


class ApiTokenRow(Base):
    """An API token: only the digest of its secret is kept; scoped, expiring, revocable."""

    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    name: Mapped[str] = mapped_column(String(128))
    digest: Mapped[str] = mapped_column(String(64), unique=True)
    scopes: Mapped[list[str]] = mapped_column(JSON)
    created_at: Mapped[datetime]
    expires_at: Mapped[datetime]
    revoked_at: Mapped[datetime | None]


class SessionRow(Base):
    """A browser session: the digest of its cookie and the CSRF token of its forms."""

    __tablename__ = "web_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    digest: Mapped[str] = mapped_column(String(64), unique=True)
    csrf_token: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime]
    expires_at: Mapped[datetime]


class AuditRow(Base):
    """One write: who (actor), from where (origin), what (action), on what (target), when."""

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(index=True)
    actor: Mapped[str] = mapped_column(String(128))
    user_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    origin: Mapped[str] = mapped_column(String(128))
    action: Mapped[str] = mapped_column(String(64), index=True)
    target: Mapped[str] = mapped_column(Text)
    detail: Mapped[dict[str, Any]] = mapped_column(JSON)


class RegistryEnterpriseRow(Base):
    """One enterprise of the regulator's registry, keyed by its unified social credit code.

    ``province_code`` (the region code's first two digits) is stored so that per-province
    rankings and counts are one indexed GROUP BY, not a string operation per row.
    """

    __tablename__ = "registry_enterprises"

    id: Mapped[int] = mapped_column(primary_key=True)
    uscc: Mapped[str] = mapped_column(String(18), unique=True)
    name: Mapped[str] = mapped_column(String(256))
    industry_code: Mapped[str] = mapped_column(String(5), index=True)
    region_code: Mapped[str] = mapped_column(String(6), index=True)
    province_code: Mapped[str] = mapped_column(String(2), index=True)
    annual_revenue: Mapped[Decimal] = mapped_column(Numeric(20, 2))
    above_scale: Mapped[bool] = mapped_column(Boolean)
    source: Mapped[str] = mapped_column(String(256))
    imported_at: Mapped[datetime]
    updated_at: Mapped[datetime]
    mandatory_rank: Mapped[int | None] = mapped_column(Integer, index=True, default=None)
    """The enterprise's rank in its province's top 10 % (``supervision.mandatory``), None when
    it is not in the set; set by the registry import, read by every dashboard."""


def _province_of(context: DefaultExecutionContext) -> str:
    """The province of the row being inserted: its region code's first two digits."""
    parameters = context.get_current_parameters()  # type: ignore[no-untyped-call]
    return str(parameters["region_code"])[:2]


class FilingRow(_EnterpriseColumns, Base):
    """One version of an enterprise's important/core catalogue filing, as a regulator received it.

    Versions are never overwritten; the pair (USCC, digest) makes a retried upload idempotent.
    ``status`` is the workflow's current state, ``filing_events`` its history.
    """

    __tablename__ = "filings"
    __table_args__ = (
        UniqueConstraint("uscc", "version", name="uq_filings_uscc_version"),
        UniqueConstraint("uscc", "digest", name="uq_filings_uscc_digest"),
        Index("ix_filings_uscc_current", "uscc", "is_current"),
        Index(
            "ix_filings_province_status_submitted",
            "province_code",
            "status",
            "submitted_at",
            "id",
        ),
    )

    province_code: Mapped[str] = mapped_column(String(2), default=_province_of)
    """The region code's first two digits, set from it on insert: a province's lists by index."""
    industry_code: Mapped[str | None] = mapped_column(String(5), index=True)
    version: Mapped[int] = mapped_column(Integer)
    digest: Mapped[str] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(16), index=True)
    catalogue_version: Mapped[int] = mapped_column(Integer)
    important_count: Mapped[int] = mapped_column(Integer)
    core_count: Mapped[int] = mapped_column(Integer)
    scale: Mapped[dict[str, Any]] = mapped_column(JSON)
    document: Mapped[dict[str, Any]] = mapped_column(JSON)
    submitted_at: Mapped[datetime] = mapped_column(index=True)
    review_due: Mapped[date] = mapped_column(Date, index=True)
    status_at: Mapped[datetime]
    is_current: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    """Whether this is the enterprise's newest version (exactly one per USCC, kept by intake)."""

    events: Mapped[list[FilingEventRow]] = relationship(
        back_populates="filing", order_by="FilingEventRow.id"
    )


class FilingEventRow(Base):
    """One step of a filing's workflow: the state it entered, who moved it, and any comment."""

    __tablename__ = "filing_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    filing_id: Mapped[int] = mapped_column(ForeignKey("filings.id"), index=True)
    at: Mapped[datetime]
    actor: Mapped[str] = mapped_column(String(128))
    status: Mapped[str] = mapped_column(String(16))
    comment: Mapped[str | None] = mapped_column(Text)

    filing: Mapped[FilingRow] = relationship(back_populates="events")


class AlertStateRow(Base):
    """An alert's triage state (acknowledged or closed); an alert without a row is open.

    One row per alert, updated in place so lists filter by state with one join;
    ``alert_state_events`` keeps every step with its note.
    """

    __tablename__ = "alert_states"

    alert_id: Mapped[int] = mapped_column(
        ForeignKey("alerts.id", ondelete="CASCADE"), primary_key=True
    )
    state: Mapped[str] = mapped_column(String(16), index=True)
    changed_at: Mapped[datetime]
    changed_by: Mapped[str] = mapped_column(String(128))


class AlertStateEventRow(Base):
    """One step of an alert's triage: the state it entered, who moved it, when, and why."""

    __tablename__ = "alert_state_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    alert_id: Mapped[int] = belongs_to("alerts")
    at: Mapped[datetime]
    actor: Mapped[str] = mapped_column(String(128))
    state: Mapped[str] = mapped_column(String(16))
    note: Mapped[str] = mapped_column(Text)


class NotificationRow(Base):
    """A reminder to one user about one statutory clock, at most one per clock and day.

    ``clock`` names the clock (rule and subject, ``filing.review:filing:12``), ``day`` the
    regulator's day it was raised on; the unique triple keeps a reminder run that is repeated,
    or runs in two workers, from telling anyone twice. ``detail`` holds what the message says
    (enterprise, version, due day), rendered in the reader's language when shown.
    """

    __tablename__ = "notifications"
    __table_args__ = (
        UniqueConstraint("user_id", "clock", "day", name="uq_notifications_user_clock_day"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    clock: Mapped[str] = mapped_column(String(128))
    day: Mapped[date] = mapped_column(Date)
    kind: Mapped[str] = mapped_column(String(16))
    due: Mapped[date] = mapped_column(Date)
    detail: Mapped[dict[str, Any]] = mapped_column(JSON)
    created_at: Mapped[datetime]
    read_at: Mapped[datetime | None]
    emailed_at: Mapped[datetime | None]


class JobRow(_RunColumns, Base):
    """One piece of long work started from the web (a rescan), run outside the request.

    ``slot`` holds the job's kind while it runs and is cleared when it ends: a unique column
    that allows many NULLs, so the database itself refuses a second running job of a kind.
    ``progress`` is the worker's newest line and how many it has told.
    """

    __tablename__ = "jobs"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(32), index=True)
    slot: Mapped[str | None] = mapped_column(String(32), unique=True, nullable=True)
    started_at: Mapped[datetime]
    requested_by: Mapped[str] = mapped_column(String(128))
    progress: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    result: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


# The supervision dashboards' region-prefix indexes (migration 0009): a regulator's records are
# those whose region code starts with its region's prefix; PostgreSQL needs the pattern
# operator class to use a B-tree for ``LIKE '32%'``.
Index(
    "ix_filings_region_prefix",
    FilingRow.region_code,
    postgresql_ops={"region_code": "varchar_pattern_ops"},
)
Index(
    "ix_filings_current_region",
    FilingRow.is_current,
    FilingRow.region_code,
    postgresql_ops={"region_code": "varchar_pattern_ops"},
)
Index(
    "ix_registry_enterprises_region_prefix",
    RegistryEnterpriseRow.region_code,
    postgresql_ops={"region_code": "varchar_pattern_ops"},
)


class IncidentRow(Base):
    """A data security incident: its facts (masked), tier and the rules that decided it.

    ``facts`` is the validated facts document (wallet and contacts already masked); the tier is
    stored with its deciding threshold ids so lists filter by tier and a report says why.
    """

    __tablename__ = "incidents"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(256))
    scenario: Mapped[str | None] = mapped_column(String(32), index=True)
    alert_id: Mapped[int | None] = mapped_column(Integer, index=True)
    occurred_at: Mapped[datetime | None]
    detected_at: Mapped[datetime] = mapped_column(index=True)
    status: Mapped[str] = mapped_column(String(16), index=True)
    tier: Mapped[str] = mapped_column(String(32), index=True)
    decided_by: Mapped[list[str]] = mapped_column(JSON)
    facts: Mapped[dict[str, Any]] = mapped_column(JSON)


class IncidentEventRow(Base):
    """One action on an incident's timeline: who, when, what (opened, facts, report, note…)."""

    __tablename__ = "incident_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    incident_id: Mapped[int] = belongs_to("incidents")
    at: Mapped[datetime]
    actor: Mapped[str] = mapped_column(String(128))
    action: Mapped[str] = mapped_column(String(32))
    detail: Mapped[str] = mapped_column(Text)


class AssetLabelRow(Base):
    """A label some field of a stored asset carries, one row per (asset, label): the
    catalogue list's label filter and choices, answered by the database (migration 0013)."""

    __tablename__ = "catalogue_asset_labels"
    __table_args__ = (Index("ix_catalogue_asset_labels_scan_label", "scan_id", "label"),)

    asset_id: Mapped[int] = mapped_column(
        ForeignKey("catalogue_assets.id", ondelete="CASCADE"), primary_key=True
    )
    label: Mapped[str] = mapped_column(String(128), primary_key=True)
    scan_id: Mapped[int] = mapped_column(Integer)


# The catalogue list filters, counts and pages one version at a time, by key (migration 0013):
# each filter's index ends with the key, so a filtered page is read in order from the index.
Index("ix_catalogue_assets_scan_grade", AssetRow.scan_id, AssetRow.grade, AssetRow.asset_key)
Index("ix_catalogue_assets_scan_category", AssetRow.scan_id, AssetRow.category, AssetRow.asset_key)
Index("ix_catalogue_assets_scan_source", AssetRow.scan_id, AssetRow.source, AssetRow.asset_key)


# Self-examination and risk assessment (issue 16, migration 0014). An assessment and what it
# measured are append-only; evidence rows carry the SHA-256 of their facts (or file bytes) and
# are never updated; a remediation task is one row per control, its steps in its events.


class AssessmentRow(Base):
    """One self-examination or annual assessment run: who ran it, over which frameworks."""

    __tablename__ = "assessments"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(32))
    started_at: Mapped[datetime] = mapped_column(index=True)
    finished_at: Mapped[datetime]
    run_by: Mapped[str] = mapped_column(String(128))
    enterprise: Mapped[dict[str, Any]] = mapped_column(JSON)
    frameworks: Mapped[dict[str, Any]] = mapped_column(JSON)
    overall: Mapped[float | None] = mapped_column(Float, nullable=True)


class AssessmentDomainRow(Base):
    """A domain's counts per outcome in one assessment, with the names it had then."""

    __tablename__ = "assessment_domains"

    id: Mapped[int] = mapped_column(primary_key=True)
    assessment_id: Mapped[int] = belongs_to("assessments")
    framework_id: Mapped[str] = mapped_column(String(128))
    domain_id: Mapped[str] = mapped_column(String(128))
    names: Mapped[dict[str, Any]] = mapped_column(JSON)
    counts: Mapped[dict[str, Any]] = mapped_column(JSON)


class AssessmentResultRow(Base):
    """One control's outcome in one assessment and the evidence rows it rests on."""

    __tablename__ = "assessment_results"

    id: Mapped[int] = mapped_column(primary_key=True)
    assessment_id: Mapped[int] = belongs_to("assessments")
    framework_id: Mapped[str] = mapped_column(String(128))
    domain_id: Mapped[str] = mapped_column(String(128))
    control_id: Mapped[str] = mapped_column(String(128))
    control_key: Mapped[str] = mapped_column(String(256), index=True)
    outcome: Mapped[str] = mapped_column(String(16))
    note: Mapped[str] = mapped_column(Text, default="")
    evidence_ids: Mapped[list[Any]] = mapped_column(JSON, default=list)


class AssessmentEvidenceRow(Base):
    """Evidence for a control: a check's facts, an answer, or an attached file's metadata.

    ``digest`` is SHA-256 over the canonical JSON of ``facts`` (a file: over its bytes, kept in
    ``assessment_files`` by that digest); ``outcome`` is what it supports, if it says.
    """

    __tablename__ = "assessment_evidence"

    id: Mapped[int] = mapped_column(primary_key=True)
    control_key: Mapped[str] = mapped_column(String(256), index=True)
    assessment_id: Mapped[int | None] = belongs_to("assessments")
    origin: Mapped[str] = mapped_column(String(16))
    outcome: Mapped[str | None] = mapped_column(String(16), nullable=True)
    summary: Mapped[str] = mapped_column(Text)
    digest: Mapped[str] = mapped_column(String(64))
    facts: Mapped[dict[str, Any]] = mapped_column(JSON)
    collected_at: Mapped[datetime]
    collected_by: Mapped[str] = mapped_column(String(128))
    expires_at: Mapped[datetime | None]
    file_name: Mapped[str | None] = mapped_column(String(255), nullable=True)
    file_size: Mapped[int | None] = mapped_column(Integer, nullable=True)


class AssessmentFileRow(Base):
    """An evidence file's bytes, stored once per content (its SHA-256)."""

    __tablename__ = "assessment_files"

    digest: Mapped[str] = mapped_column(String(64), primary_key=True)
    size: Mapped[int] = mapped_column(Integer)
    content: Mapped[bytes] = mapped_column(LargeBinary)


class AssessmentAnswerRow(Base):
    """A person's answer to a manual control; the newest unexpired one counts."""

    __tablename__ = "assessment_answers"

    id: Mapped[int] = mapped_column(primary_key=True)
    control_key: Mapped[str] = mapped_column(String(256), index=True)
    outcome: Mapped[str] = mapped_column(String(16))
    note: Mapped[str] = mapped_column(Text, default="")
    answered_by: Mapped[str] = mapped_column(String(128))
    answered_at: Mapped[datetime]
    expires_at: Mapped[datetime | None]
    evidence_id: Mapped[int] = mapped_column(ForeignKey("assessment_evidence.id"))


class AssessmentRiskRow(Base):
    """A risk-register entry of one assessment: scenario, likelihood × impact, what it rests on;
    its title and treatment in zh-CN and English (``{"zh": …, "en": …}``)."""

    __tablename__ = "assessment_risks"

    id: Mapped[int] = mapped_column(primary_key=True)
    assessment_id: Mapped[int] = belongs_to("assessments")
    risk_id: Mapped[str] = mapped_column(String(64))
    scenario: Mapped[str] = mapped_column(String(32))
    title: Mapped[dict[str, Any]] = mapped_column(JSON)
    likelihood: Mapped[int] = mapped_column(Integer)
    impact: Mapped[int] = mapped_column(Integer)
    asset_ids: Mapped[list[Any]] = mapped_column(JSON)
    control_keys: Mapped[list[Any]] = mapped_column(JSON)
    treatment: Mapped[dict[str, Any]] = mapped_column(JSON)


class RemediationTaskRow(Base):
    """The correction of one failed control: one row per control, reopened if it fails again."""

    __tablename__ = "remediation_tasks"

    id: Mapped[int] = mapped_column(primary_key=True)
    control_key: Mapped[str] = mapped_column(String(256), unique=True)
    title: Mapped[str] = mapped_column(Text)
    owner: Mapped[str] = mapped_column(String(128), default="")
    due: Mapped[date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(16), index=True)
    created_at: Mapped[datetime]
    closed_at: Mapped[datetime | None]
    closed_by_evidence_id: Mapped[int | None] = mapped_column(Integer, nullable=True)


class RemediationTaskEventRow(Base):
    """One step of a task: created, assigned, a status set by hand, verified or reopened."""

    __tablename__ = "remediation_task_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    task_id: Mapped[int] = belongs_to("remediation_tasks")
    at: Mapped[datetime]
    actor: Mapped[str] = mapped_column(String(128))
    status: Mapped[str] = mapped_column(String(16))
    detail: Mapped[str] = mapped_column(Text)
    evidence_id: Mapped[int | None] = mapped_column(Integer, nullable=True)


# --- The supervision instance's received incidents and assessment reports (migration 0015) ---


PDF_COLUMN_BYTES = 2**26
"""The PDF column's declared size: MySQL then stores it as LONGBLOB (a BLOB holds 64 KiB)."""


class ReceivedIncidentRow(_EnterpriseColumns, Base):
    """An enterprise's incident as its supervision instance received it (the latest escalation).

    One row per (USCC, the enterprise's incident number): a re-escalation replaces the document
    and counts a version; the same content again changes nothing (``digest``). ``next_due`` is
    the earliest deadline of a report not yet made, for the overdue-first lists.
    """

    __tablename__ = "received_incidents"
    __table_args__ = (
        UniqueConstraint("uscc", "source_id", name="uq_received_incidents_uscc_source"),
    )

    source_id: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(String(256))
    scenario: Mapped[str | None] = mapped_column(String(32))
    tier: Mapped[str] = mapped_column(String(32), index=True)
    tier_rank: Mapped[int] = mapped_column(Integer)
    tier_zh: Mapped[str] = mapped_column(String(64))
    tier_en: Mapped[str] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(16))
    detected_at: Mapped[datetime]
    next_due: Mapped[datetime | None] = mapped_column(index=True)
    deadlines: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    document: Mapped[dict[str, Any]] = mapped_column(JSON)
    digest: Mapped[str] = mapped_column(String(64))
    version: Mapped[int] = mapped_column(Integer)
    first_received_at: Mapped[datetime]
    received_at: Mapped[datetime]


class ReceivedAssessmentRow(_EnterpriseColumns, Base):
    """An enterprise's annual assessment report as received: summary, scores and the PDF.

    One row per (USCC, report id); a re-submission replaces summary and file and counts a
    version but keeps ``first_issued_on``, from which the report is valid one year
    (``valid_until``, the last valid day).
    """

    __tablename__ = "received_assessments"
    __table_args__ = (
        UniqueConstraint("uscc", "report_id", name="uq_received_assessments_uscc_report"),
    )

    report_id: Mapped[str] = mapped_column(String(64))
    kind: Mapped[str] = mapped_column(String(32))
    issued_on: Mapped[date] = mapped_column(Date)
    first_issued_on: Mapped[date] = mapped_column(Date)
    valid_until: Mapped[date] = mapped_column(Date, index=True)
    overall: Mapped[float | None] = mapped_column(Numeric(6, 4, asdecimal=False))
    domains: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    digest: Mapped[str] = mapped_column(String(64))
    pdf: Mapped[bytes] = mapped_column(LargeBinary(length=PDF_COLUMN_BYTES))
    pdf_name: Mapped[str] = mapped_column(String(256))
    version: Mapped[int] = mapped_column(Integer)
    received_at: Mapped[datetime]


class DrillRow(Base):
    """A drill: a ransomware drill run in a sandbox or a tabletop drill (migration 0016).

    ``document`` is the drill's whole report (what fired and when, what stayed silent, times to
    detect and to incident, participants and findings, controls exercised); the columns beside it
    are what the list filters and sorts by.
    """

    __tablename__ = "drills"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(16), index=True)
    scenario: Mapped[str] = mapped_column(String(32), index=True)
    held_at: Mapped[datetime] = mapped_column(index=True)
    actor: Mapped[str] = mapped_column(String(128))
    sandbox: Mapped[str | None] = mapped_column(String(1024))
    incident_id: Mapped[int | None] = mapped_column(Integer)
    document: Mapped[dict[str, Any]] = mapped_column(JSON)
