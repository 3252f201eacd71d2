"""ORM tables. Scans are append-only versions; reviews are append-only decisions."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, DateTime, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


class Base(DeclarativeBase):
    """Declarative base of every indsec table."""


class _RunColumns:
    """What every stored run keeps: its status (running, complete, failed), report and error.

    ``host`` and ``pid`` name the process that runs it, so a run left ``running`` by a killed
    process can be told from one still being written.
    """

    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    status: Mapped[str] = mapped_column(String(16))
    report: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    error: Mapped[str] = mapped_column(Text, default="")
    host: Mapped[str | None] = mapped_column(String(255), nullable=True)
    pid: Mapped[int | None] = mapped_column(Integer, nullable=True)


class ScanRow(_RunColumns, Base):
    """One catalogue version: a scan and its status."""

    __tablename__ = "scans"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    number: Mapped[int] = mapped_column(Integer, unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    trigger: Mapped[str] = mapped_column(String(16), default="scan")
    sources: Mapped[list[Any]] = mapped_column(JSON, default=list)
    rule_packs: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    profile: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)

    assets: Mapped[list[AssetRow]] = relationship(back_populates="scan", cascade="all")


class AssetRow(Base):
    """One classified asset inside a version; the full document is kept as JSON."""

    __tablename__ = "catalogue_assets"
    __table_args__ = (UniqueConstraint("scan_id", "asset_key"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    scan_id: Mapped[int] = mapped_column(ForeignKey("scans.id", ondelete="CASCADE"), index=True)
    asset_key: Mapped[str] = mapped_column(String(1024), index=True)
    category: Mapped[str] = mapped_column(String(128))
    grade: Mapped[str] = mapped_column(String(16), index=True)
    document: Mapped[dict[str, Any]] = mapped_column(JSON)

    scan: Mapped[ScanRow] = relationship(back_populates="assets")


class ReviewRow(Base):
    """A human override; the newest one per asset key applies, older ones stay as history."""

    __tablename__ = "reviews"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    asset_key: Mapped[str] = mapped_column(String(1024), index=True)
    grade: Mapped[str | None] = mapped_column(String(16), nullable=True)
    category: Mapped[str | None] = mapped_column(String(128), nullable=True)
    reason: Mapped[str] = mapped_column(Text)
    reviewer: Mapped[str] = mapped_column(String(256))
    reviewed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class DetectionRunRow(_RunColumns, Base):
    """One ``indsec detect run``: its inputs, counters and located problems."""

    __tablename__ = "detection_runs"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    started_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    sources: Mapped[list[Any]] = mapped_column(JSON, default=list)
    catalogue_version: Mapped[int | None] = mapped_column(Integer, nullable=True)

    alerts: Mapped[list[AlertRow]] = relationship(back_populates="run", cascade="all")


class AlertRow(Base):
    """A stored alert; the full alert document is kept as JSON beside indexed columns."""

    __tablename__ = "alerts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    run_id: Mapped[int] = mapped_column(
        ForeignKey("detection_runs.id", ondelete="CASCADE"), index=True
    )
    rule_id: Mapped[str] = mapped_column(String(64), index=True)
    severity: Mapped[str] = mapped_column(String(16), index=True)
    scenario: Mapped[str | None] = mapped_column(String(32), nullable=True, index=True)
    asset_grade: Mapped[str | None] = mapped_column(String(16), nullable=True)
    event_time: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    document: Mapped[dict[str, Any]] = mapped_column(JSON)

    run: Mapped[DetectionRunRow] = relationship(back_populates="alerts")
